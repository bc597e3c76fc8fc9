"""The bad-input suite: generate broken article sets in a temporary folder, load each, classify.

``python benchmarks/bad_inputs.py [-v]`` writes every case of ``CASES`` (invented text) into a fresh
temporary folder, loads it with :func:`analysis.load_corpus` and sorts the outcome into one of

- ``clear error``: a user error (``CorpusError``, ``FileNotFoundError``) whose one-line message names
  the file;
- ``problems row``: the set loads, the content is right (the case's check passes), and
  ``corpus.problems`` says what was odd;
- ``read as is``: the set loads, the content is right, nothing to report;
- ``crash``: any other exception (a traceback on the command line), or an error that names no file;
- ``silent loss``: the set loads but the case's check finds text lost, kept with its junk, or
  mangled (a warning that does not say what went wrong does not make it right).

It prints one row per case and the counts, and exits 1 when any case crashed or lost text silently.
``tests/test_bad_input.py`` imports this file and asserts every case. The folder is removed after.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

VERDICTS = ("clear error", "problems row", "read as is", "crash", "silent loss")


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path], Path]  # writes the input under the given folder, returns what to load
    check: Callable[[object], str | None]  # on a loaded Corpus: None when nothing is lost or mangled
    culprit: str = ""  # the file name a clear error must name (default: the loaded path's name)
    columns: dict | None = None  # load_corpus(columns=...)


# --------------------------------------------------------------------------------------------- #
# Invented text
# --------------------------------------------------------------------------------------------- #

PARA = ("The river council met on Tuesday to discuss the water plan. \"We cannot wait another "
        "season,\" said Maria Lopez, who chairs the council. Farmers in the valley asked for more time.")
PARA2 = ("Engineers said the canal would be repaired before the harvest. The ministry did not comment "
         "on the budget, and the vote was put off until next month.")


def _rows(n: int, **extra) -> list[dict]:
    return [{"id": f"r{i}", "source": ["Ledger", "Courier", "Herald"][i % 3],
             "url": f"https://news{i % 3}.example/story-{i}", "date": "2024-03-05",
             "title": f"Water plan {i}", "text": f"Story {i}. {PARA}\n\n{PARA2}", **extra} for i in range(n)]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _folder(root: Path, files: dict[str, str | bytes]) -> Path:
    folder = root / "set"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _file(root: Path, name: str, content: str | bytes) -> Path:
    p = root / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def _csv(rows: list[list[str]]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- #
# Checks: helpers that say what is wrong, or None
# --------------------------------------------------------------------------------------------- #


def _problems_say(c, *words: str) -> bool:
    msgs = " ".join(c.problems["message"].str.lower())
    return all(w.lower() in msgs for w in words)


def _all(*checks: Callable[[object], str | None]) -> Callable[[object], str | None]:
    def check(c):
        for f in checks:
            why = f(c)
            if why:
                return why
        return None
    return check


def n_articles(n: int) -> Callable[[object], str | None]:
    return lambda c: None if len(c.articles) == n else f"{len(c.articles)} articles, not {n}"


def no_text_has(*needles: str) -> Callable[[object], str | None]:
    def check(c):
        for needle in needles:
            hit = c.articles["body"].str.contains(needle, regex=False)
            if hit.any():
                return f"{needle!r} kept in {int(hit.sum())} article bodies"
        return None
    return check


def some_text_has(*needles: str) -> Callable[[object], str | None]:
    def check(c):
        for needle in needles:
            if not c.articles["body"].str.contains(needle, regex=False).any():
                return f"{needle!r} is in no article body (text lost or mangled)"
        return None
    return check


def problems_say(*words: str) -> Callable[[object], str | None]:
    return lambda c: None if _problems_say(c, *words) else f"no problems row says {' / '.join(words)}"


def column_is(col: str, values: list) -> Callable[[object], str | None]:
    def check(c):
        got = c.articles[col].tolist() if col in c.articles else None
        if col == "date" and got is not None:
            got = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in got]
        return None if got == values else f"{col} is {got}, not {values}"
    return check


# --------------------------------------------------------------------------------------------- #
# The cases
# --------------------------------------------------------------------------------------------- #


def _big_field(root):
    big = ("The council said the plan would be ready. " * 5000)[:200_000]
    return _file(root, "big.csv", _csv([["id", "source", "text"], ["a", "Ledger", big],
                                         ["b", "Courier", PARA]]))


def _truncated_gz(root):
    data = gzip.compress(_jsonl(_rows(100)).encode("utf-8"))
    return _file(root, "cut.jsonl.gz", data[: int(len(data) * 0.99)])


def _gz_not_gzip(root):
    return _file(root, "plain.jsonl.gz", _jsonl(_rows(3)))


def _gz_junk(root):
    rnd = random.Random(2)
    return _file(root, "junk.jsonl.gz", bytes(rnd.randrange(256) for _ in range(4000)))


def _empty_folder(root):
    (root / "empty").mkdir()
    return root / "empty"


def _only_other_files(root):
    return _folder(root, {"scan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "notes.docx": b"PK\x03\x04junk"})


def _subfolders(root):
    return _folder(root, {"a.txt": f"Top. {PARA}", "monday/b.txt": f"Monday. {PARA2}",
                          "monday/late/c.txt": "Late edition. The council voted."})


def _link_outside(root):
    (root / "private").mkdir()
    (root / "private" / "secret.txt").write_text("Private diary: nothing to do with the news.")
    folder = _folder(root, {"a.txt": PARA})
    os.symlink(root / "private" / "secret.txt", folder / "linked.txt")
    return folder


def _link_folder_outside(root):
    (root / "private").mkdir()
    (root / "private" / "secret.txt").write_text("Private diary: nothing to do with the news.")
    folder = _folder(root, {"a.txt": PARA})
    os.symlink(root / "private", folder / "more")
    return folder


def _link_inside(root):
    folder = _folder(root, {"a.txt": PARA, "b.txt": PARA2})
    os.symlink(folder / "b.txt", folder / "alias.txt")
    return folder


def _link_broken(root):
    folder = _folder(root, {"a.txt": PARA})
    os.symlink(root / "gone.txt", folder / "gone.txt")
    return folder


def _ragged_csv(root):
    return _file(root, "ragged.csv", "id,source,text\n"
                 "a,Ledger,The council met on Tuesday.\n"
                 "b,Courier,The vote was close, said the clerk, and the plan passed.\n"
                 "c,Herald\n"
                 "d,Ledger,Engineers repaired the canal.\n")


def _unclosed_quote(root):
    return _file(root, "quote.csv", 'id,source,text\na,Ledger,"The council met on Tuesday.\n'
                 "b,Courier,The vote was close.\nc,Herald,Engineers repaired the canal.\n")


def _html_txt(root):
    page = ("<!DOCTYPE html><html><head><title>Water plan</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Water plan</h1>"
            f"<p>{PARA}</p><p>{PARA2}</p></article><footer>Copyright 2024</footer></body></html>")
    return _folder(root, {"page.txt": page, "plain.txt": PARA2})


def _html_jsonl(root):
    rows = _rows(2)
    rows[0]["text"] = f"<p>{PARA}</p>\n<p>{PARA2.replace('canal', '<b>canal</b>')}<br/>More&nbsp;text &amp; detail.</p>"
    return _file(root, "html.jsonl", _jsonl(rows))


def _nav_only(root):
    links = "".join(f"<li><a href='/{w}'>{w.title()}</a></li>" for w in
                    ("home", "world", "politics", "business", "sport", "weather", "contact", "about us"))
    page = (f"<html><head><title>Home</title></head><body><nav><ul>{links}</ul></nav>"
            f"<footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms of use</a></footer></body></html>")
    return _folder(root, {"index.html": page, "story.txt": PARA})


def _link_list(root):
    items = "".join(f"<p><a href='/story/{i}'>Latest headline number {i} about the council and the canal plan</a></p>"
                    for i in range(12))
    page = f"<html><head><title>Home</title></head><body>{items}</body></html>"
    return _folder(root, {"front.html": page, "story.txt": PARA})


def _mediacloud(root):
    return _file(root, "mediacloud.csv", _csv([
        ["stories_id", "media_name", "publish_date", "title", "story"],
        ["1", "Ledger", "2024-03-05", "Water plan", PARA], ["2", "Courier", "2024-03-05", "Canal", PARA2]]))


def _gdelt(root):
    return _file(root, "gdelt.csv", _csv([
        ["GKGRECORDID", "V2SourceCommonName", "V2DocumentIdentifier", "body"],
        ["20240305-1", "ledger.example", "https://ledger.example/a", PARA],
        ["20240305-2", "courier.example", "https://courier.example/b", PARA2]]))


def _columns_named(root):
    return _mediacloud(root)


def _columns_wrong(root):
    return _mediacloud(root)


def _nul_txt(root):
    return _folder(root, {"nul.txt": PARA.replace("council", "coun\x00cil", 1) + "\x00\x00", "ok.txt": PARA2})


def _nul_jsonl(root):
    rows = _rows(2)
    rows[0]["text"] = "The river\u0000 council met." + "\u0000"
    return _file(root, "nul.jsonl", _jsonl(rows))


def _dates(values):
    def build(root):
        rows = _rows(len(values))
        for r, v in zip(rows, values):
            r["date"] = v
        return _file(root, "dates.jsonl", _jsonl(rows))
    return build


def _utf16_txt(root):
    return _folder(root, {"u16.txt": ("\ufeff" + PARA + " Café, naïve, €5.").encode("utf-16-le"), "ok.txt": PARA2})


def _utf16_csv(root):
    text = _csv([["id", "source", "text"], ["a", "Ledger", PARA + " Café."], ["b", "Courier", PARA2]])
    return _file(root, "u16.csv", text.encode("utf-16"))


def _utf16_jsonl(root):
    return _file(root, "u16.jsonl", _jsonl(_rows(3)).replace("Story 1.", "Story 1 café.").encode("utf-16"))


def _cp1251(root):
    text = ("Городской совет обсудил план водоснабжения во вторник. Фермеры долины попросили больше "
            "времени, а инженеры обещали отремонтировать канал до урожая.")
    return _folder(root, {"ru.txt": text.encode("cp1251"), "ok.txt": PARA2})


def _latin1(root):
    return _folder(root, {"fr.txt": ("Le conseil a discuté du plan à Genève; «nous ne pouvons pas "
                                     "attendre», a dit la présidente. Été très sec.").encode("cp1252"),
                          "ok.txt": PARA2})


def _binary_junk(root):
    rnd = random.Random(1)
    return _folder(root, {"junk.txt": bytes(rnd.randrange(256) for _ in range(20_000)), "ok.txt": PARA})


def _pdf_as_txt(root):
    return _folder(root, {"report.txt": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x89\xd3\x00\x01"
                          + bytes(range(256)) * 10, "ok.txt": PARA})


def _gzip_as_txt(root):
    return _folder(root, {"packed.txt": gzip.compress(PARA.encode() * 20), "ok.txt": PARA2})


def _empty_csv(root):
    return _file(root, "empty.csv", b"")


def _header_only(root):
    return _file(root, "header.csv", "id,source,text\n")


def _json_array(root):
    return _file(root, "array.jsonl", json.dumps(_rows(3), indent=2))


def _text_not_string(root):
    rows = _rows(3)
    rows[0]["text"] = ["First paragraph of a list.", "Second paragraph."]
    rows[1]["text"] = None
    rows[2]["text"] = 12345
    return _file(root, "types.jsonl", _jsonl(rows))


def _semicolon_csv(root):
    return _file(root, "semi.csv", "id;source;date;text\na;Ledger;05.03.2024;" + PARA.replace('"', "") +
                 "\nb;Courier;06.03.2024;" + PARA2 + "\n")


def _control_chars(root):
    return _folder(root, {"ctl.txt": PARA.replace(" met", "\x1b[1m met\x1b[0m", 1) + "\x0c\x07", "ok.txt": PARA2})


def _bad_utf8_jsonl(root):
    good = _jsonl(_rows(2)).encode("utf-8")
    bad = json.dumps({"id": "x", "source": "Ledger", "url": "https://l.example/x",
                      "text": "Le conseil a dit «oui» à Genève."}, ensure_ascii=False).encode("cp1252")
    return _file(root, "mixed.jsonl", good + bad + b"\n")


def _bad_metadata(root):
    return _folder(root, {"a.txt": PARA, "b.txt": PARA2, "metadata.csv":
                          "file,source,date\na.txt,Ledger,2024-03-05,extra,fields\nb.txt\n"})


def _very_long_line(root):
    return _folder(root, {"long.txt": (PARA + " ") * 3000})


CASES: list[Case] = [
    Case("csv_field_over_131072", "a CSV field of 200,000 characters (the csv module's default limit)",
         _big_field, _all(n_articles(2), lambda c: None if c.articles["text"].str.len().max() == 200_000
                          else "the long text was cut")),
    Case("truncated_jsonl_gz", "a .jsonl.gz cut off at 99% of its bytes",
         _truncated_gz, _all(lambda c: None if len(c.articles) >= 90 else f"only {len(c.articles)} of ~98 "
                             "readable rows kept", problems_say("cut"))),
    Case("gz_not_gzip", "a .jsonl.gz that is plain JSONL", _gz_not_gzip,
         _all(n_articles(3), problems_say("not gzip"))),
    Case("gz_junk", "a .jsonl.gz holding random bytes", _gz_junk, lambda c: "junk loaded" if len(c.articles) else None),
    Case("empty_folder", "a folder with no files", _empty_folder, lambda c: "no article and no error"),
    Case("folder_of_other_files", "a folder of .pdf and .docx only", _only_other_files,
         lambda c: "no article and no error"),
    Case("subfolders", "articles in sub-folders two levels deep", _subfolders,
         _all(n_articles(3), some_text_has("Monday.", "Late edition."),
              lambda c: None if c.articles["doc_id"].str.contains("late").any() or
              c.articles["file"].str.contains("monday/late").any() else "relative path not recorded")),
    Case("link_to_file_outside", "a symbolic link to a file outside the folder", _link_outside,
         _all(no_text_has("Private diary"), problems_say("outside"))),
    Case("link_to_folder_outside", "a symbolic link to a folder outside the folder", _link_folder_outside,
         _all(no_text_has("Private diary"), problems_say("outside"))),
    Case("link_inside", "a symbolic link to another file of the folder", _link_inside,
         lambda c: None if len(c.unique_articles) == 2 else "the linked file counted twice"),
    Case("link_broken", "a symbolic link to nothing", _link_broken, _all(n_articles(1), problems_say("link"))),
    Case("ragged_csv_rows", "CSV rows with more and fewer fields than the header", _ragged_csv,
         _all(n_articles(4), problems_say("fields"), some_text_has("The vote was close"))),
    Case("csv_unclosed_quote", "a CSV quote never closed (swallows the rows after it)", _unclosed_quote,
         lambda c: None if len(c.articles) == 3 or _problems_say(c, "quotation mark", "never closed") else
         f"{len(c.articles)} articles, the rows after the quote swallowed silently"),
    Case("html_in_txt", "a whole HTML page saved as .txt", _html_txt,
         _all(no_text_has("<p>", "<html", "Copyright 2024"), some_text_has("Farmers in the valley"))),
    Case("html_in_jsonl", "HTML markup in a JSONL text field", _html_jsonl,
         _all(no_text_has("<p>", "<b>", "&amp;", "<br"), some_text_has("Farmers in the valley",
                                                                        "canal would", "More text & detail"))),
    Case("navigation_only_html", "an HTML page with navigation links and no article", _nav_only,
         _all(lambda c: None if not c.articles["body"].str.contains("Politics").any() else
              "navigation kept as an article", problems_say("no article text"))),
    Case("link_list_html", "a front page: a list of headline links and nothing else", _link_list,
         _all(no_text_has("Latest headline"), problems_say("link labels"))),
    Case("mediacloud_columns", "a Media Cloud export: text in 'story', outlet in 'media_name'", _mediacloud,
         lambda c: None if "unknown" not in set(c.articles["source"]) and
         c.articles["body"].str.contains("Farmers").any() else "source unknown or text lost"),
    Case("gdelt_columns", "a GDELT-like export: outlet and URL under names the loader does not know",
         _gdelt, lambda c: None if "unknown" not in set(c.articles["source"]) else "source 'unknown'"),
    Case("columns_option", "the Media Cloud export with columns text=story, source=media_name",
         _columns_named, _all(column_is("source", ["Ledger", "Courier"]), some_text_has("Farmers")),
         columns={"text": "story", "source": "media_name"}),
    Case("columns_option_wrong", "columns naming a column the file does not have",
         _columns_wrong, lambda c: None if c.articles["body"].str.contains("Farmers").any() else "text lost",
         columns={"text": "body", "source": "media_name"}),
    Case("nul_bytes_txt", "NUL bytes inside a .txt article", _nul_txt,
         _all(no_text_has("\x00"), some_text_has("council"), problems_say("nul"))),
    Case("nul_bytes_jsonl", "NUL characters in a JSONL text field", _nul_jsonl,
         _all(no_text_has("\x00"), some_text_has("river council"), problems_say("nul"))),
    Case("control_characters", "terminal escapes, bell and form feed in a .txt", _control_chars,
         _all(no_text_has("\x1b", "\x07"), some_text_has("council met"))),
    Case("ambiguous_date_settled_dayfirst", "12/03/2024 beside 25/03/2024 in one file",
         _dates(["12/03/2024", "25/03/2024", "01/04/2024"]),
         column_is("date", ["2024-03-12", "2024-03-25", "2024-04-01"])),
    Case("ambiguous_date_settled_monthfirst", "12/03/2024 beside 03/25/2024 in one file",
         _dates(["12/03/2024", "03/25/2024", "04/01/2024"]),
         column_is("date", ["2024-12-03", "2024-03-25", "2024-04-01"])),
    Case("ambiguous_date_alone", "only 12/03/2024-like dates: cannot be settled", _dates(["12/03/2024", "05/04/2024"]),
         _all(column_is("date", ["2024-03-12", "2024-04-05"]), problems_say("day-first"))),
    Case("utf16_bom_txt", "a UTF-16 .txt with a byte-order mark", _utf16_txt,
         _all(some_text_has("Café, naïve, €5.", "Farmers in the valley"), no_text_has("\x00", "ÿþ"))),
    Case("utf16_csv", "a UTF-16 CSV (Excel's 'Unicode text')", _utf16_csv,
         _all(n_articles(2), some_text_has("Café."), column_is("source", ["Ledger", "Courier"]))),
    Case("utf16_jsonl", "a UTF-16 JSONL file", _utf16_jsonl, _all(n_articles(3), some_text_has("Story 1 café."))),
    Case("cp1251_txt", "a Cyrillic .txt in Windows-1251", _cp1251, some_text_has("Городской совет")),
    Case("cp1252_txt", "a French .txt in Windows-1252", _latin1, some_text_has("«nous ne pouvons pas attendre»")),
    Case("bad_utf8_line_in_jsonl", "one JSONL line in Windows-1252 among UTF-8 lines", _bad_utf8_jsonl,
         _all(n_articles(3), some_text_has("«oui» à Genève"))),
    Case("binary_junk_txt", "20,000 random bytes named .txt", _binary_junk,
         _all(lambda c: None if c.articles["n_words"].max() < 200 else "junk read as words",
              problems_say("binary"))),
    Case("pdf_named_txt", "a PDF named .txt", _pdf_as_txt,
         _all(no_text_has("/Catalog", "obj"), problems_say("binary"))),
    Case("gzip_named_txt", "a gzip file named .txt", _gzip_as_txt,
         lambda c: None if c.articles["n_words"].max() < 200 and _problems_say(c, "binary")
         else "compressed bytes read as text"),
    Case("empty_csv", "a CSV of zero bytes", _empty_csv, lambda c: "no article and no error"),
    Case("header_only_csv", "a CSV with a header and no rows", _header_only, lambda c: "no article and no error"),
    Case("json_array_named_jsonl", "a pretty-printed JSON array named .jsonl", _json_array,
         lambda c: None if len(c.articles) == 3 else f"{len(c.articles)} articles, not 3"),
    Case("text_not_a_string", "JSONL text as a list, null and a number", _text_not_string,
         _all(n_articles(3), some_text_has("Second paragraph."), no_text_has("['"), problems_say("empty article"))),
    Case("semicolon_csv", "a CSV separated by semicolons (European spreadsheet export)", _semicolon_csv,
         _all(n_articles(2), column_is("source", ["Ledger", "Courier"]))),
    Case("ragged_metadata_csv", "metadata.csv rows with extra and missing fields", _bad_metadata,
         _all(n_articles(2), problems_say("fields"))),
    Case("one_very_long_line", "a 600 KB article on one line", _very_long_line,
         _all(n_articles(1), lambda c: None if c.articles["n_words"].iloc[0] > 90_000 else "text cut")),
]


# --------------------------------------------------------------------------------------------- #
# Running and classifying
# --------------------------------------------------------------------------------------------- #

#: Exceptions that are the input's fault and reach the user as one line (``analysis.cli.USER_ERRORS``).
def _user_errors() -> tuple[type[BaseException], ...]:
    from analysis.corpus import CorpusError

    return (CorpusError, FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def run_case(case: Case, root: Path) -> tuple[str, str, object]:
    """Build and load one case under ``root``: ``(verdict, detail, corpus or None)``."""
    from analysis import load_corpus

    root.mkdir(parents=True, exist_ok=True)
    path = case.build(root)
    culprit = case.culprit or path.name
    try:
        corpus = load_corpus(path, columns=case.columns)
    except _user_errors() as err:
        msg = str(err)
        if "\n" in msg.strip() or culprit not in msg:
            return "crash", f"unclear error (names no file or spans lines): {msg[:200]}", None
        return "clear error", msg, None
    except Exception as err:  # noqa: BLE001 - the point is to catch what escapes
        last = traceback.extract_tb(err.__traceback__)[-1]
        return "crash", f"{type(err).__name__}: {str(err)[:150]} ({Path(last.filename).name}:{last.lineno})", None
    why = case.check(corpus)
    if why:
        return "silent loss", why, corpus
    if len(corpus.problems):
        first = corpus.problems.iloc[0]
        return "problems row", f"{len(corpus.problems)} rows, first: {first['severity']}: {first['message'][:120]}", corpus
    return "read as is", f"{len(corpus.articles)} articles", corpus


def run_all(cases: list[Case] = CASES) -> pd.DataFrame:
    """Every case in a fresh temporary folder: one row per case (case, what, verdict, detail)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="samestory-bad-") as tmp:
        for case in cases:
            verdict, detail, _ = run_case(case, Path(tmp) / case.name)
            rows.append({"case": case.name, "what": case.what, "verdict": verdict, "detail": detail})
    return pd.DataFrame(rows)


def counts(table: pd.DataFrame) -> dict[str, int]:
    out = {"tried": len(table)}
    out.update({v: int((table["verdict"] == v).sum()) for v in VERDICTS})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each case's detail")
    parser.add_argument("--case", action="append", help="run only these cases")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.case or c.name in args.case]
    table = run_all(cases)
    width = max(map(len, table["case"]))
    for row in table.itertuples():
        line = f"{row.case:<{width}}  {row.verdict:<12}"
        if args.verbose or row.verdict in ("crash", "silent loss"):
            line += f"  {row.detail[:160]!r}"
        print(line)
    c = counts(table)
    print(" / ".join(f"{k} {v}" for k, v in c.items()))
    return 1 if c["crash"] or c["silent loss"] else 0


if __name__ == "__main__":
    sys.exit(main())
