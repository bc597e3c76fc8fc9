"""Load an article set into tidy pandas DataFrames.

``load_corpus(path)`` reads any of three forms and returns a :class:`Corpus`:

(a) a folder of ``.txt`` (and ``.html``) files, with an optional ``metadata.csv`` keyed by ``file``
    and an optional ``sources.csv`` alias table;
(b) one ``.jsonl``, ``.jsonl.gz`` or ``.csv`` file with an article per row;
(c) ``.html`` files (in a folder, or one alone), main text extracted with trafilatura.

Nothing is dropped silently: every oddity becomes a row of ``Corpus.problems`` (or an exception
with ``strict=True``), and the article is kept. The data dictionary is ``corpus/README.md``.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

import pandas as pd

from .boilerplate import classify_line
from .encoding import BinaryData, bom_encoding, clean_controls, decode, sniff_binary
from .markup import extract_page, fragment_to_text, markup_kind
from .text import tokenize_many

__all__ = ["Corpus", "CorpusError", "load_corpus", "ARTICLE_COLUMNS", "BUNDLED_CORPUS"]

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The article set the repository ships: Newsmax and WION on 14 March 2025.
BUNDLED_CORPUS = REPO_ROOT / "corpus" / "kursk-2025-03-14"

ARTICLE_COLUMNS = [
    "doc_id", "source", "country", "url", "domain", "title", "date", "text", "body",
    "n_words", "n_paragraphs", "n_boilerplate", "file", "duplicate_of",
]
PARAGRAPH_COLUMNS = ["doc_id", "para_no", "start", "end", "text"]
BOILERPLATE_COLUMNS = ["doc_id", "kind", "text", "target", "position"]
PROBLEM_COLUMNS = ["file", "line", "severity", "message"]

# Column names recognised in table inputs, in order of preference (matched case-insensitively).
COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "content_original", "body", "article", "full_text", "maintext"),
    "source": ("source", "publisher", "outlet", "source_name", "media", "site_name", "media_name",
               "publication", "sitename"),
    "date": ("date", "published", "publish_date", "pub_date", "date_publish", "published_at"),
    "title": ("title", "headline"),
    "url": ("url", "link", "article_url"),
    "doc_id": ("doc_id", "id", "article_id", "uuid"),
    "country": ("country",),
}
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".csv")
# Files a corpus folder may hold that are not articles.
KNOWN_NON_ARTICLES = {"metadata.csv", "sources.csv"}
# Longest CSV field read (the csv module stops at 131,072 characters unless told).
CSV_FIELD_LIMIT = 2**31 - 1
# Bytes of a JSON Lines file looked at to refuse one that is not text.
SAMPLE_BYTES = 1 << 16

_HEADER_RE = re.compile(r"\A[ \t]*date[ \t]+(\S+)[ \t]*")
EARLIEST_DATE = pd.Timestamp("1900-01-01")


class CorpusError(ValueError):
    """A problem with the input, raised by ``load_corpus(..., strict=True)``."""


@dataclass
class Corpus:
    """An article set as four tidy tables (see ``corpus/README.md`` for every column)."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    boilerplate: pd.DataFrame
    problems: pd.DataFrame
    name: str = ""
    path: Path | None = None

    @property
    def unique_articles(self) -> pd.DataFrame:
        """Articles that are not exact duplicates of an earlier one (for counts)."""
        return self.articles[self.articles["duplicate_of"] == ""]

    @property
    def sources(self) -> list[str]:
        """Outlet names, most articles first, then alphabetically."""
        counts = self.articles["source"].value_counts()
        return sorted(counts.index, key=lambda s: (-counts[s], s))

    def __repr__(self) -> str:
        return (
            f"<Corpus {self.name!r}: {len(self.articles)} articles from "
            f"{self.articles['source'].nunique()} sources, {len(self.problems)} problems>"
        )


@dataclass
class _Problems:
    strict: bool
    rows: list[tuple[str, int | None, str, str]] = field(default_factory=list)

    def add(self, file: str | Path, line: int | None, severity: str, message: str) -> None:
        if self.strict:
            where = f"{file}:{line}" if line else str(file)
            raise CorpusError(f"{where}: {message}")
        self.rows.append((str(file), line, severity, message))


@dataclass
class _Raw:
    """One article as read, before cleaning."""

    doc_id: str
    text: str
    file: str
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    header_date: str | None = None


# --------------------------------------------------------------------------------------------- #
# Public entry point
# --------------------------------------------------------------------------------------------- #


def load_corpus(
    path: str | Path,
    *,
    strict: bool = False,
    columns: Mapping[str, str] | None = None,
    aliases: str | Path | Mapping[str, str] | pd.DataFrame | None = None,
    where: Mapping[str, str] | None = None,
) -> Corpus:
    """Read an article set (folder, ``.jsonl``, ``.jsonl.gz``, ``.csv`` or ``.html``) into a Corpus.

    ``columns`` maps our names (text, source, date, title, url, doc_id, country) to the input's
    column names where automatic detection is wrong. ``aliases`` merges outlet names: a
    ``name,canonical`` CSV path, a DataFrame with those columns, or a dict; a folder's own
    ``sources.csv`` is used when ``aliases`` is not given. ``where`` keeps only the articles whose
    columns hold the given values (``{"topic": "trade"}``, ``{"story_id": "STORY_99"}``; several
    keys must all hold; a ``date`` value matches the ISO day or its start, ``"2019-05"``): the rows
    left out are counted in one ``info`` row of ``problems``, and a key no article has, or a filter
    no article passes, is an error. With ``strict=True`` the first problem raises
    :class:`CorpusError` instead of being recorded.
    """
    path = Path(path)
    problems = _Problems(strict)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    if path.is_dir():
        raws = _read_folder(path, problems)
        if aliases is None and (path / "sources.csv").exists():
            aliases = path / "sources.csv"
        name = path.name
    elif path.name.lower().endswith(TABLE_SUFFIXES):
        raws = _read_table(path, problems, columns or {})
        name = re.sub(r"(\.jsonl\.gz|\.jsonl|\.csv)$", "", path.name, flags=re.I)
    elif path.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES:
        raws = _read_files([path], path.parent, problems)
        name = path.stem
    else:
        raise CorpusError(
            f"{path}: unknown input type; give a folder, a .jsonl, .jsonl.gz or .csv file, "
            "or a .txt or .html file"
        )
    if not raws:
        said = [f"{Path(r[0]).name}: {r[3]}" for r in problems.rows if r[2] == "error"]
        raise CorpusError(f"{path}: no articles loaded" + (f" ({len(said)} errors; first: {said[0]})" if said else ""))
    if where:
        raws = _filter(raws, where, path, problems)
    alias_map = _alias_map(aliases)
    return _build(raws, problems, alias_map, name=name, path=path)


def _filter(raws: list[_Raw], where: Mapping[str, str], path: Path, problems: _Problems) -> list[_Raw]:
    """The articles whose metadata holds every ``where`` value (see :func:`load_corpus`)."""
    seen: set[str] = set()
    for r in raws:
        seen.update(r.meta)
    missing = [k for k in where if k not in seen and not (k == "date" and any(r.header_date for r in raws))]
    if missing:
        raise CorpusError(f"{path}: cannot filter on {', '.join(map(repr, missing))}: no article has "
                          f"that column; columns are {', '.join(sorted(seen)) or '(none)'}")

    def holds(r: _Raw, key: str, want: str) -> bool:
        value = r.meta.get(key, r.header_date if key == "date" else None)
        if key == "date":
            day = _parse_date(value)
            return day is not None and day.strftime("%Y-%m-%d").startswith(want.strip())
        return _str(value) == want.strip()

    kept = [r for r in raws if all(holds(r, k, str(v)) for k, v in where.items())]
    rule = " and ".join(f"{k}={v}" for k, v in where.items())
    # problems of the rows left out while reading (bad markup, encodings) are not this set's
    left_out = {(r.file, r.line) for r in raws if r.line is not None} - {(r.file, r.line) for r in kept}
    problems.rows = [row for row in problems.rows if (row[0], row[1]) not in left_out]
    if not kept:
        raise CorpusError(f"{path}: no article has {rule} (of {len(raws)} read)")
    problems.rows.append((str(path), None, "info",
                          f"where {rule}: {len(kept)} of {len(raws)} articles kept, "
                          f"{len(raws) - len(kept)} left out by the filter"))
    return kept


# --------------------------------------------------------------------------------------------- #
# Readers
# --------------------------------------------------------------------------------------------- #


def _decode(data: bytes, file: Path | str, problems: _Problems, line: int | None = None,
            what: str = "file") -> str | None:
    """``data`` as text (:func:`analysis.encoding.decode`); ``None``, with an error row, when binary."""
    try:
        d = decode(data)
    except BinaryData as err:
        problems.add(file, line, "error", f"{err}; {what} not read")
        return None
    if d.note:
        problems.add(file, line, "warning", d.note)
    return d.text


def _decode_table(path: Path, data: bytes, problems: _Problems) -> str:
    """A whole table file as text; a table that is not text stops the load."""
    try:
        d = decode(data)
    except BinaryData as err:
        raise CorpusError(f"{path}: {err}; not an article table") from None
    if d.note:
        problems.add(path, None, "warning", d.note)
    return d.text


def _is_article_file(p: Path) -> bool:
    return p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def _walk(folder: Path, problems: _Problems) -> list[Path]:
    """Article files under ``folder``, sub-folders included, in path order; links that leave the
    folder, broken links and unknown file types are reported and not read."""
    root = folder.resolve()
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        top = here == folder
        for d in sorted(dirnames):
            p = here / d
            if d.startswith(".") or d == "__pycache__":
                dirnames.remove(d)
            elif p.is_symlink():
                dirnames.remove(d)
                target = p.resolve()
                if not target.is_relative_to(root):
                    problems.add(p, None, "error", f"symbolic link to a folder outside the corpus folder "
                                 f"({target}); not read")
                else:
                    problems.add(p, None, "warning", "symbolic link to a folder of this set; not read "
                                 "(its files are read where they are)")
        dirnames.sort()
        for f in sorted(filenames):
            p = here / f
            low = f.lower()
            if f.startswith("."):
                continue
            if top and (low in KNOWN_NON_ARTICLES or low.startswith("readme")):
                continue
            if not top and low in KNOWN_NON_ARTICLES:
                problems.add(p, None, "warning", f"{f} in a sub-folder is not used (only the top folder's)")
                continue
            if not top and low.startswith("readme"):
                continue
            if p.is_symlink():
                target = p.resolve()
                if not target.exists():
                    problems.add(p, None, "error", f"broken symbolic link (to {target}); not read")
                    continue
                if not target.is_relative_to(root):
                    problems.add(p, None, "error", f"symbolic link to a file outside the corpus folder "
                                 f"({target}); not read")
                    continue
            if _is_article_file(p):
                files.append(p)
            else:
                problems.add(p, None, "warning", f"unknown file type {p.suffix or '(none)'!r}; not read "
                             "(articles are .txt or .html files)")
    return files


def _read_folder(folder: Path, problems: _Problems) -> list[_Raw]:
    files = _walk(folder, problems)
    if not files:
        found = [r[3] for r in problems.rows]
        raise CorpusError(f"{folder}: no article files (.txt or .html) in the folder or its sub-folders"
                          + (f"; {len(found)} other entries: {found[0]}" if found else ""))
    raws = _read_files(files, folder, problems)
    meta_path = folder / "metadata.csv"
    if meta_path.exists():
        _apply_metadata(raws, folder, meta_path, problems)
    return raws


def _read_files(files: Iterable[Path], folder: Path, problems: _Problems) -> list[_Raw]:
    raws = []
    for p in files:
        text = _decode(p.read_bytes(), p, problems)
        if text is None:
            continue
        meta: dict[str, Any] = {}
        header_date = None
        rel = p.relative_to(folder).with_suffix("").as_posix() if p.is_relative_to(folder) else p.stem
        if p.suffix.lower() in HTML_SUFFIXES:
            text, meta = _html_page(text, p, None, problems)
        else:
            m = _HEADER_RE.match(text)
            if m:
                header_date = m.group(1)
                text = text[m.end():]
            text, meta = _unmarked(text, p, None, problems)
        raws.append(_Raw(doc_id=rel, text=text, file=str(p), meta=meta, header_date=header_date))
    return raws


def _html_page(html: str, file: Path | str, line: int | None, problems: _Problems) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page; an error row when it holds no article text."""
    page = extract_page(html)
    if page.problem:
        problems.add(file, line, "error", page.problem + "; kept as an empty article")
    return page.text, page.meta


def _unmarked(text: str, file: Path | str, line: int | None, problems: _Problems) -> tuple[str, dict[str, Any]]:
    """``text`` without HTML: a whole page is extracted, markup in running text removed."""
    kind = markup_kind(text)
    if kind == "page":
        problems.add(file, line, "warning", "holds a whole HTML page; its main text is extracted")
        return _html_page(text, file, line, problems)
    if kind == "fragment":
        problems.add(file, line, "warning", "holds HTML markup; tags removed, entities decoded")
        return fragment_to_text(text), {}
    return text, {}


def _csv_rows(path: Path, text: str, problems: _Problems) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header and the rows (with their first line number) of a CSV text; ragged rows and broken
    quoting are reported. The delimiter is a comma, or a semicolon or tab when the header has no comma
    but one of those."""
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        for d in (";", "\t", "|"):
            if d in first:
                delimiter = d
                problems.add(path, 1, "info", f"fields separated by {d!r}, not commas")
                break
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        strict_error = str(err)
    else:
        strict_error = None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = reader.line_num + 1
        last = None
        for row in reader:
            end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                start = end + 1
                continue
            if len(row) != len(header):
                extra = row[len(header):]
                what = (f"the extra values {', '.join(repr(v[:40]) for v in extra)} are not kept" if extra
                        else f"{', '.join(header[len(row):])} left empty")
                problems.add(path, start, "warning", f"row has {len(row)} fields, the header {len(header)}: {what}")
            last = (start, end)
            yield start, row
            start = end + 1
        if strict_error and last:
            s, e = last
            if "end of data" in strict_error and e > s:
                problems.add(path, s, "warning", f"a quotation mark opened on line {s} is never closed: lines "
                             f"{s}-{e} were read as one row")
            elif "end of data" not in strict_error:
                problems.add(path, None, "warning", f"malformed CSV quoting ({strict_error}); read leniently")

    return header, rows()


def _apply_metadata(raws: list[_Raw], folder: Path, meta_path: Path, problems: _Problems) -> None:
    by_file = {Path(r.file).relative_to(folder).as_posix(): r for r in raws}
    seen: set[str] = set()
    text = _decode(meta_path.read_bytes(), meta_path, problems, what="metadata")
    if text is None:
        return
    header, rows = _csv_rows(meta_path, text, problems)
    fields = [h.lower() for h in header]
    if "file" not in fields:
        problems.add(meta_path, 1, "error", "metadata.csv has no 'file' column; metadata not used")
        return
    for i, values in rows:
        row = {k: (v or "").strip() for k, v in zip(fields, values)}
        fname = row.pop("file", "")
        if not fname:
            problems.add(meta_path, i, "warning", "metadata row with an empty 'file' value; ignored")
            continue
        rel = os.path.normpath(fname.replace("\\", "/")).replace(os.sep, "/")
        if os.path.isabs(rel) or rel == ".." or rel.startswith("../"):
            problems.add(meta_path, i, "error",
                         f"file {fname!r} lies outside the corpus folder; metadata row ignored")
            continue
        raw = by_file.get(rel)
        if raw is None:
            problems.add(meta_path, i, "warning", f"metadata row for {fname!r}, but there is no such file")
            continue
        if rel in seen:
            problems.add(meta_path, i, "warning", f"second metadata row for {fname!r}; the first is used")
            continue
        seen.add(rel)
        raw.meta.update({k: v for k, v in row.items() if v != ""})
    for name, raw in by_file.items():
        if name not in seen:
            problems.add(raw.file, None, "warning", "no row in metadata.csv for this file")


def _guess(first: Mapping[str, Any], hints: tuple[str, ...], longest: bool = False) -> str | None:
    """A likely input column for the error message: a name holding a hint, or the longest text."""
    for name in first:
        if any(h in str(name).lower() for h in hints):
            return str(name)
    if longest:
        texts = [(len(v), str(k)) for k, v in first.items() if isinstance(v, str)]
        return max(texts)[1] if texts else None
    return None


def _resolve_columns(first: Mapping[str, Any], override: Mapping[str, str], file: Path) -> dict[str, str]:
    """Map our column names to the input's, by ``override`` first, then by common names. A table
    with no text column, or with neither a source nor a URL column, stops with an error that lists
    the columns and how to name them."""
    names = [str(n) for n in first]
    lower = {n.lower(): n for n in names}
    out: dict[str, str] = {}
    listed = ", ".join(map(repr, names)) or "(none)"
    for ours, theirs in override.items():
        if ours not in COLUMN_CANDIDATES:
            raise CorpusError(f"{file}: columns names unknown field {ours!r}; "
                              f"known: {', '.join(COLUMN_CANDIDATES)}")
        if theirs != "" and theirs not in names:
            raise CorpusError(f"{file}: columns {ours}={theirs}: the file has no column {theirs!r}; "
                              f"its columns are {listed}")
        out[ours] = theirs
    for ours, cands in COLUMN_CANDIDATES.items():
        if ours in out:
            continue
        for c in cands:
            if c in lower:
                out[ours] = lower[c]
                break
    missing = []
    if not out.get("text"):
        missing.append(("the article text", f"text={_guess(first, ('text', 'story', 'body', 'content'), True) or 'COLUMN'}"))
    if not out.get("source") and not out.get("url") and "source" not in out:
        missing.append(("the outlet (source) or the URL",
                        f"source={_guess(first, ('source', 'media', 'outlet', 'site', 'publi', 'domain')) or 'COLUMN'}"))
    if missing:
        how = ",".join(m[1] for m in missing)
        raise CorpusError(f"{file}: no column for {' nor for '.join(m[0] for m in missing)} among the columns "
                          f"found: {listed}; name them, for example --columns {how} (Python: "
                          f"load_corpus(..., columns={{...}}); source= when the set has no outlet column)")
    return {k: v for k, v in out.items() if v}


def _iter_table(path: Path, problems: _Problems) -> Iterable[tuple[int, dict[str, Any]]]:
    name = path.name.lower()
    if name.endswith(".csv"):
        text = _decode_table(path, path.read_bytes(), problems)
        header, rows = _csv_rows(path, text, problems)
        if len(set(header)) < len(header):
            problems.add(path, 1, "warning", "repeated column names in the header; the last of each is used")
        for line, values in rows:
            yield line, dict(zip(header, values))
        return
    with path.open("rb") as fh:
        head = fh.read(4)
    gz = name.endswith(".gz")
    if gz and not head.startswith(b"\x1f\x8b"):
        gz = False
        problems.add(path, None, "warning", "not gzip-compressed, though named .gz; read as plain text")
    if not gz:
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
        try:
            decode(sample)
        except BinaryData as err:
            raise CorpusError(f"{path}: {err}; not JSON Lines") from None
    opener = gzip.open if gz else open
    i = 0
    try:
        with opener(path, "rb") as fh:
            first = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
            enc = bom_encoding(first)
            if enc and enc != "utf-8-sig":
                problems.add(path, None, "warning", f"read as {enc.upper()} (byte-order mark)")
                lines = ((n, s.encode("utf-8")) for n, s in enumerate(io.TextIOWrapper(fh, encoding=enc), 1))
            elif first.lstrip(codecs.BOM_UTF8).lstrip()[:1] == b"[":
                yield from _json_array(path, fh.read(), problems)
                return
            else:
                lines = enumerate(fh, start=1)
            for i, data in lines:
                if not data.strip():
                    continue
                line = _decode(data, path, problems, i, what="line")
                if line is None:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as err:
                    problems.add(path, i, "error", f"not valid JSON ({err.msg}); line skipped, no article read")
                    continue
                if not isinstance(obj, dict):
                    problems.add(path, i, "error", "JSON line is not an object; line skipped, no article read")
                    continue
                yield i, obj
    except (EOFError, OSError, zlib.error, UnicodeError) as err:
        problems.add(path, i + 1, "error", f"the file is cut off or corrupt after line {i} "
                     f"({type(err).__name__}: {err}); the lines before are kept")


def _json_array(path: Path, data: bytes, problems: _Problems) -> Iterable[tuple[int, dict[str, Any]]]:
    """A JSON array of objects in a file named .jsonl: read, with a warning."""
    text = _decode_table(path, data, problems)
    try:
        items = json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{path}:{err.lineno}: starts like a JSON array but is not valid JSON ({err.msg})") from None
    if not isinstance(items, list):
        raise CorpusError(f"{path}: not JSON Lines (one object a line) nor a JSON array of objects")
    problems.add(path, None, "warning", "a JSON array, not JSON Lines; its objects are read as rows "
                 "(line = position in the array)")
    for n, obj in enumerate(items, start=1):
        if isinstance(obj, dict):
            yield n, obj
        else:
            problems.add(path, n, "error", "array item is not an object; skipped, no article read")


def _as_text(value: Any, path: Path, line: int, problems: _Problems) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        problems.add(path, line, "warning", "text is a list of strings; joined as paragraphs")
        return "\n\n".join(value)
    problems.add(path, line, "warning", f"text is a {type(value).__name__}, not a string; converted")
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def _read_table(path: Path, problems: _Problems, override: Mapping[str, str]) -> list[_Raw]:
    raws: list[_Raw] = []
    cols: dict[str, str] | None = None
    dropped_lists: set[str] = set()
    stem = re.sub(r"(\.jsonl\.gz|\.jsonl|\.csv)$", "", path.name, flags=re.I)
    for line, row in _iter_table(path, problems):
        if cols is None:
            cols = _resolve_columns(row, override, path)
            ours_by_theirs = {v: k for k, v in cols.items()}
        text = _as_text(row.get(cols["text"]), path, line, problems)
        text, page_meta = _unmarked(text, path, line, problems)
        meta: dict[str, Any] = {}
        for k, v in row.items():
            if k == cols["text"] or k is None:
                continue
            if isinstance(v, (list, dict)):
                dropped_lists.add(k)
                continue
            meta[ours_by_theirs.get(k, k)] = v
        for k, v in page_meta.items():
            if meta.get(k) in (None, ""):
                meta[k] = v
        doc_id = meta.pop("doc_id", None)
        doc_id = str(doc_id).strip() if doc_id not in (None, "") else f"{stem}-{line}"
        raws.append(_Raw(doc_id=doc_id, text=text.replace("\r\n", "\n"), file=str(path), line=line,
                         meta=meta))
    for k in sorted(dropped_lists):
        problems.add(path, None, "warning", f"column {k!r} holds lists or objects; not kept")
    if cols is None:
        said = [r[3] for r in problems.rows if r[2] == "error"]
        raise CorpusError(f"{path}: no articles in the file" + (f" ({said[0]})" if said else ""))
    return raws


# --------------------------------------------------------------------------------------------- #
# Cleaning: dates, sources, boilerplate, paragraphs
# --------------------------------------------------------------------------------------------- #


# A numeric day/month date: 12/03/2024, 12.03.24, 12-3-2024 (a time may follow).
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,].*)?")


def _date_order(values: Iterable[Any]) -> str | None:
    """``"day"`` or ``"month"`` first, as the set's numeric dates that cannot be read both ways show;
    ``None`` when none shows it or they disagree."""
    day_first = month_first = False
    for v in values:
        m = _NUMERIC_DATE_RE.fullmatch(str(v).strip()) if isinstance(v, str) else None
        if m:
            a, b = int(m.group(1)), int(m.group(3))
            day_first |= a > 12 >= b
            month_first |= b > 12 >= a
    if day_first != month_first:
        return "day" if day_first else "month"
    return "conflict" if day_first else None


def _parse_date(value: Any, order: str | None = None, problems: _Problems | None = None,
                where: tuple = ("", None)) -> pd.Timestamp | None:
    """A day, or ``None`` when ``value`` is not a possible publication date.

    A numeric date that reads both ways (12/03/2024) follows ``order``, the set's other dates
    (:func:`_date_order`); when they do not settle it, it is read day-first and a problem recorded.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    s = str(value).strip()
    m = _NUMERIC_DATE_RE.fullmatch(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y) if len(y) == 4 else int(y) + (2000 if int(y) < 69 else 1900)
        if a > 12 or b > 12 or a == b or order in ("day", "month"):
            day, month = (b, a) if (b > 12 or (a <= 12 and order == "month")) else (a, b)
        else:
            day, month = a, b
            if problems is not None:
                why = ("the set's other dates use both orders" if order == "conflict"
                       else "no other date in the set settles it")
                problems.add(*where, "warning", f"date {s!r} reads both day-first and month-first and {why}; "
                             f"read day-first as {year:04d}-{month:02d}-{day:02d}")
        try:
            ts = pd.Timestamp(year=year, month=month, day=day)
        except ValueError:
            return None
        return ts if EARLIEST_DATE <= ts <= pd.Timestamp.now().normalize() + pd.Timedelta(days=1) else None
    return _parse_date_str(s)


@lru_cache(maxsize=65536)
def _parse_date_str(s: str) -> pd.Timestamp | None:
    if not s:
        return None
    if not re.search(r"\d{4}", s) or re.fullmatch(r"\d{1,4}", s):
        return None  # "0001", "2050", "yesterday": no day to read
    try:
        ts = pd.to_datetime(s, format="ISO8601", utc=True)
    except (ValueError, OverflowError):
        try:
            ts = pd.to_datetime(s, utc=True, dayfirst=False)
        except (ValueError, OverflowError):
            return None
    if pd.isna(ts):
        return None
    ts = ts.tz_convert(None).normalize()
    if ts < EARLIEST_DATE or ts > pd.Timestamp.now().normalize() + pd.Timedelta(days=1):
        return None
    return ts


def _alias_map(aliases: Any) -> dict[str, str]:
    if aliases is None:
        return {}
    if isinstance(aliases, Mapping):
        pairs = aliases.items()
    else:
        df = aliases if isinstance(aliases, pd.DataFrame) else pd.read_csv(aliases, dtype=str)
        missing = {"name", "canonical"} - set(df.columns)
        if missing:
            raise CorpusError(f"{aliases if not isinstance(aliases, pd.DataFrame) else 'aliases'}: "
                              f"alias table needs columns name, canonical (missing {sorted(missing)})")
        pairs = zip(df["name"], df["canonical"])
    return {str(k).strip().casefold(): str(v).strip() for k, v in pairs}


def _domain(url: str) -> str:
    if not url:
        return ""
    netloc = urlparse(url if "//" in url else "//" + url).netloc.lower()
    netloc = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    return netloc[4:] if netloc.startswith("www.") else netloc


def _split_body(doc_id: str, text: str) -> tuple[str, list[tuple], list[tuple]]:
    """Body (boilerplate lines removed), paragraph rows and boilerplate rows of one article.

    Paragraphs are separated by blank lines; a text with no blank line has one paragraph a line.
    """
    lines = text.split("\n")
    blank_separated = any(not ln.strip() for ln in lines[1:-1]) if len(lines) > 2 else False
    paras: list[str] = []
    bp_rows: list[tuple] = []
    current: list[str] = []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                paras.append("\n".join(current).strip())
                current = []
            continue
        hit = classify_line(line)
        if hit is not None:
            bp_rows.append((doc_id, hit.kind, line.strip(), hit.target, no))
            continue
        if blank_separated:
            current.append(line.strip())
        else:
            paras.append(line.strip())
    if current:
        paras.append("\n".join(current).strip())
    body_parts, para_rows, pos = [], [], 0
    for i, p in enumerate(paras):
        if i:
            pos += 2
        para_rows.append((doc_id, i, pos, pos + len(p), p))
        body_parts.append(p)
        pos += len(p)
    return "\n\n".join(body_parts), para_rows, bp_rows


def _build(raws: list[_Raw], problems: _Problems, alias_map: dict[str, str], *, name: str,
           path: Path) -> Corpus:
    articles, para_rows, bp_rows = [], [], []
    seen_ids: dict[str, int] = {}
    seen_text: dict[str, str] = {}
    extra_cols: list[str] = []
    order = _date_order([r.meta.get("date") for r in raws] + [r.header_date for r in raws])
    for raw in raws:
        meta = dict(raw.meta)
        where = (raw.file, raw.line)
        # identity
        doc_id = raw.doc_id
        if doc_id in seen_ids:
            seen_ids[doc_id] += 1
            new_id = f"{doc_id}~{seen_ids[doc_id]}"
            problems.add(*where, "warning", f"duplicate id {doc_id!r}; this article is kept as {new_id!r}")
            doc_id = new_id
        seen_ids.setdefault(doc_id, 1)
        # text
        text, note = clean_controls(raw.text)
        if note:
            problems.add(*where, "warning", note)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            problems.add(*where, "error", "empty article: no text")
        body, prows, brows = _split_body(doc_id, text)
        para_rows.extend(prows)
        bp_rows.extend(brows)
        digest = hashlib.blake2b(text.strip().encode("utf-8", "surrogatepass"), digest_size=16).digest()
        duplicate_of = ""
        if text.strip():
            if digest in seen_text:
                duplicate_of = seen_text[digest]
                problems.add(*where, "warning",
                             f"exact duplicate of article {duplicate_of!r}; flagged in duplicate_of")
            else:
                seen_text[digest] = doc_id
        # date: metadata wins over the file header
        date_value = meta.pop("date", None)
        date = _parse_date(date_value, order, problems, where)
        if raw.header_date is not None:
            hdate = _parse_date(raw.header_date, order, problems, where)
            if hdate is None:
                problems.add(*where, "warning", f"header date {raw.header_date!r} is not a possible date")
            if date_value in (None, ""):
                date, date_value = hdate, raw.header_date
            elif hdate is not None and date is not None and hdate != date:
                problems.add(*where, "warning", f"header date {raw.header_date} differs from metadata date "
                             f"{date_value}; the metadata date is used")
        if date is None:
            if date_value in (None, "") or (isinstance(date_value, float) and pd.isna(date_value)):
                if raw.header_date is None:
                    problems.add(*where, "warning", "no date; date is NaT")
            else:
                problems.add(*where, "warning", f"date {date_value!r} is not a possible date; date is NaT")
        # source
        url = _str(meta.pop("url", ""))
        source = _str(meta.pop("source", "")) or _domain(url) or "unknown"
        source = alias_map.get(source.casefold(), source)
        row = {
            "doc_id": doc_id,
            "source": source,
            "country": _str(meta.pop("country", "")),
            "url": url,
            "domain": _domain(url),
            "title": _str(meta.pop("title", "")),
            "date": date if date is not None else pd.NaT,
            "text": text,
            "body": body,
            "n_words": 0,  # counted below for all bodies at once
            "n_paragraphs": len(prows),
            "n_boilerplate": len(brows),
            "file": raw.file if raw.line is None else f"{raw.file}:{raw.line}",
            "duplicate_of": duplicate_of,
        }
        for k, v in meta.items():
            if k not in row:
                if k not in extra_cols:
                    extra_cols.append(k)
                row[k] = v
        articles.append(row)
    art = pd.DataFrame(articles, columns=ARTICLE_COLUMNS + extra_cols)
    art["n_words"] = [len(toks) for toks in tokenize_many(art["body"])]
    art["date"] = pd.to_datetime(art["date"])
    for c in ("n_words", "n_paragraphs", "n_boilerplate"):
        art[c] = art[c].astype("int64")
    paragraphs = pd.DataFrame(para_rows, columns=PARAGRAPH_COLUMNS)
    boiler = pd.DataFrame(bp_rows, columns=BOILERPLATE_COLUMNS)
    probs = pd.DataFrame(problems.rows, columns=PROBLEM_COLUMNS)
    probs["line"] = probs["line"].astype("Int64")
    return Corpus(art, paragraphs, boiler, probs, name=name, path=path)


def _str(v: Any) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v).strip()
