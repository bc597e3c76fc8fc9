"""Bad input (issue 14, item 5): every case of ``benchmarks/bad_inputs.py`` ends in a clear error
or a problems row with the article kept, never a crash or a silent loss. Inputs are generated in
``tmp_path`` from invented text."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys

import pandas as pd
import pytest

from analysis import CorpusError, load_corpus
from analysis.cli import main
from analysis.encoding import BinaryData, clean_controls, decode
from analysis.markup import fragment_to_text, markup_kind

from conftest import REPO  # noqa: E402 (tests/ is on sys.path)

_spec = importlib.util.spec_from_file_location("bad_inputs", REPO / "benchmarks" / "bad_inputs.py")
bad_inputs = importlib.util.module_from_spec(_spec)
sys.modules["bad_inputs"] = bad_inputs  # dataclasses look their module up there
_spec.loader.exec_module(bad_inputs)

#: What each case must end in (the suite's verdicts); a change of verdict is a change of behaviour.
EXPECTED = {
    "csv_field_over_131072": "problems row",  # read whole (the rows lack dates: those are the rows)
    "truncated_jsonl_gz": "problems row",
    "gz_not_gzip": "problems row",
    "gz_junk": "clear error",
    "empty_folder": "clear error",
    "folder_of_other_files": "clear error",
    "subfolders": "problems row",
    "link_to_file_outside": "problems row",
    "link_to_folder_outside": "problems row",
    "link_inside": "problems row",
    "link_broken": "problems row",
    "ragged_csv_rows": "problems row",
    "csv_unclosed_quote": "problems row",
    "html_in_txt": "problems row",
    "html_in_jsonl": "problems row",
    "navigation_only_html": "problems row",
    "link_list_html": "problems row",
    "mediacloud_columns": "clear error",
    "gdelt_columns": "clear error",
    "columns_option": "read as is",
    "columns_option_wrong": "clear error",
    "nul_bytes_txt": "problems row",
    "nul_bytes_jsonl": "problems row",
    "control_characters": "problems row",
    "ambiguous_date_settled_dayfirst": "read as is",
    "ambiguous_date_settled_monthfirst": "read as is",
    "ambiguous_date_alone": "problems row",
    "utf16_bom_txt": "problems row",
    "utf16_csv": "problems row",
    "utf16_jsonl": "problems row",
    "cp1251_txt": "problems row",
    "cp1252_txt": "problems row",
    "bad_utf8_line_in_jsonl": "problems row",
    "binary_junk_txt": "problems row",
    "pdf_named_txt": "problems row",
    "gzip_named_txt": "problems row",
    "empty_csv": "clear error",
    "header_only_csv": "clear error",
    "json_array_named_jsonl": "problems row",
    "text_not_a_string": "problems row",
    "semicolon_csv": "problems row",
    "ragged_metadata_csv": "problems row",
    "one_very_long_line": "problems row",
}


def test_every_case_has_an_expected_verdict():
    assert sorted(EXPECTED) == sorted(c.name for c in bad_inputs.CASES)


@pytest.mark.parametrize("case", bad_inputs.CASES, ids=lambda c: c.name)
def test_case(case, tmp_path):
    verdict, detail, _ = bad_inputs.run_case(case, tmp_path)
    assert verdict not in ("crash", "silent loss"), detail
    assert verdict == EXPECTED[case.name], detail


def _case(name):
    return next(c for c in bad_inputs.CASES if c.name == name)


def _load(name, tmp_path):
    case = _case(name)
    tmp_path.mkdir(parents=True, exist_ok=True)
    return load_corpus(case.build(tmp_path), columns=case.columns)


def _problem(c, text):
    hits = c.problems[c.problems["message"].str.contains(text, regex=False)]
    assert len(hits), f"no problem says {text!r}: {c.problems['message'].tolist()}"
    return hits.iloc[0]


# ----------------------------------------------------------------------------- specific outcomes


def test_truncated_gz_keeps_what_was_read(tmp_path):
    c = _load("truncated_jsonl_gz", tmp_path)
    assert len(c.articles) >= 95
    row = _problem(c, "cut off or corrupt")
    assert row["severity"] == "error" and row["file"].endswith("cut.jsonl.gz") and pd.notna(row["line"])


def test_subfolders_are_read_with_their_relative_path(tmp_path):
    c = _load("subfolders", tmp_path)
    assert c.articles["doc_id"].tolist() == ["a", "monday/b", "monday/late/c"]


def test_subfolder_metadata_by_relative_path(tmp_path):
    folder = tmp_path / "set"
    (folder / "day2").mkdir(parents=True)
    (folder / "a.txt").write_text("One.")
    (folder / "day2" / "b.txt").write_text("Two.")
    (folder / "metadata.csv").write_text("file,source\na.txt,Ledger\nday2/b.txt,Courier\n")
    c = load_corpus(folder)
    assert c.articles["source"].tolist() == ["Ledger", "Courier"]
    assert not c.problems["message"].str.contains("no row in metadata").any()


def test_links_leaving_the_folder_are_refused_and_named(tmp_path):
    c = _load("link_to_file_outside", tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"]
    row = _problem(c, "outside the corpus folder")
    assert row["file"].endswith("linked.txt") and row["severity"] == "error"


def test_ragged_rows_name_their_line(tmp_path):
    c = _load("ragged_csv_rows", tmp_path)
    ragged = c.problems[c.problems["message"].str.startswith("row has")]
    assert ragged["line"].tolist() == [3, 4]
    assert "said the clerk" in ragged["message"].iloc[0] and "text left empty" in ragged["message"].iloc[1]


def test_unclosed_quote_says_which_lines_it_swallowed(tmp_path):
    c = _load("csv_unclosed_quote", tmp_path)
    row = _problem(c, "never closed")
    assert row["line"] == 2 and "lines 2-4" in row["message"]


def test_html_fragment_becomes_paragraphs(tmp_path):
    c = _load("html_in_jsonl", tmp_path)
    body = c.articles.loc[0, "body"]
    assert c.articles.loc[0, "n_paragraphs"] == 2
    assert "the canal would be repaired" in body and "More text & detail." in body
    assert _problem(c, "HTML markup")["line"] == 1


def test_html_page_in_txt_gives_main_text_only(tmp_path):
    c = _load("html_in_txt", tmp_path)
    page = c.articles.set_index("doc_id").loc["page"]
    assert "Farmers in the valley" in page["body"] and "Home" not in page["body"]
    assert page["title"] == "Water plan"


def test_navigation_pages_are_empty_articles_with_an_error(tmp_path):
    for name, doc in (("navigation_only_html", "index"), ("link_list_html", "front")):
        c = _load(name, tmp_path / name)
        a = c.articles.set_index("doc_id")
        assert a.loc[doc, "body"] == "" and a.loc["story", "body"] != ""
        errors = c.problems[(c.problems["severity"] == "error") & c.problems["file"].str.contains(doc)]
        assert errors["message"].str.contains("no article text").iloc[0]
        assert errors["message"].tolist()[1:] == ["empty article: no text"]


def test_unmapped_columns_stop_with_the_columns_and_how_to_name_them(tmp_path):
    with pytest.raises(CorpusError) as err:
        _load("mediacloud_columns", tmp_path / "m")
    msg = str(err.value)
    assert "mediacloud.csv" in msg and "'stories_id'" in msg and "--columns text=story" in msg
    with pytest.raises(CorpusError, match=r"gdelt\.csv: no column for the outlet.*--columns source=V2SourceCommonName"):
        _load("gdelt_columns", tmp_path / "g")
    with pytest.raises(CorpusError, match="no column 'body'"):
        _load("columns_option_wrong", tmp_path / "w")
    # "source=" says the set has no outlet column: read, every source unknown
    (tmp_path / "n").mkdir()
    c = load_corpus(_case("gdelt_columns").build(tmp_path / "n"), columns={"source": ""})
    assert set(c.articles["source"]) == {"unknown"}


def test_columns_option_on_the_command_line(tmp_path, capsys):
    path = _case("mediacloud_columns").build(tmp_path)
    assert main(["corpus", str(path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--columns text=story" in err
    assert main(["corpus", str(path), "--quiet", "--columns", "text=story"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert table["source"].tolist() == ["Ledger", "Courier"]


@pytest.mark.parametrize("name", ["empty_folder", "folder_of_other_files", "empty_csv", "gz_junk"])
def test_nothing_loaded_is_one_line_and_exit_2(name, tmp_path, capsys):
    path = _case(name).build(tmp_path)
    assert main(["corpus", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and path.name in err


def test_nul_and_control_characters_removed_and_counted(tmp_path):
    c = _load("nul_bytes_txt", tmp_path)
    a = c.articles.set_index("doc_id")
    assert "\x00" not in a.loc["nul", "text"] and "The river council met" in a.loc["nul", "body"]
    assert _problem(c, "removed 3 NUL bytes")["file"].endswith("nul.txt")
    assert clean_controls("a\x1b[1mb\x1b[0m\x0cc\x92s") == ("ab\nc\u2019s", "removed 2 other control characters; "
                                                          "1 C1 control character read as Windows-1252 punctuation")
    assert clean_controls("plain\ttext\n") == ("plain\ttext\n", None)


def test_ambiguous_dates(tmp_path):
    c = _load("ambiguous_date_alone", tmp_path / "a")
    msgs = c.problems.set_index("line")["message"]
    assert "'12/03/2024' reads both day-first and month-first" in msgs[1]
    assert msgs[1].endswith("read day-first as 2024-03-12")
    c = _load("ambiguous_date_settled_monthfirst", tmp_path / "m")
    assert c.problems.empty
    rows = [{"text": f"T{i}.", "source": "S", "date": d} for i, d in enumerate(["13/01/2024", "01/13/2024", "02/03/2024"])]
    p = tmp_path / "conflict.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    c = load_corpus(p)
    assert [d.strftime("%Y-%m-%d") for d in c.articles["date"]] == ["2024-01-13", "2024-01-13", "2024-03-02"]
    assert "use both orders" in c.problems.set_index("line")["message"][3]


def test_encodings_detected():
    text = "Le conseil a dit «oui» à Genève, près du lac; l'été fut sec."
    for enc in ("cp1252", "utf-16", "utf-16-le", "utf-8-sig"):
        assert decode(text.encode(enc)).text.lstrip("\ufeff") == text, enc
    ru = "Городской совет обсудил план водоснабжения во вторник."
    assert decode(ru.encode("cp1251")).text == ru
    assert decode(text.encode("utf-8")).note is None
    for junk in (b"%PDF-1.4 x", gzip.compress(b"x" * 100), bytes(range(256)) * 4):
        with pytest.raises(BinaryData):
            decode(junk)


def test_markup_detection():
    assert markup_kind("<!DOCTYPE html><html><body><p>x</p></body></html>") == "page"
    assert markup_kind("One <p>two</p>") == "fragment"
    assert markup_kind("Rates rose 3 < 4 and x > y; <Reuters> said") is None
    assert fragment_to_text("<p>A&amp;B</p><script>var x;</script><p>C<br>D</p>") == "A&B\n\nC\nD"


def test_strict_raises_on_the_first_problem_with_file_and_line(tmp_path):
    path = _case("ragged_csv_rows").build(tmp_path)
    with pytest.raises(CorpusError, match=r"ragged\.csv:3: row has 5 fields"):
        load_corpus(path, strict=True)
