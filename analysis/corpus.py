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

import csv
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

import pandas as pd

from .boilerplate import classify_line
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
    "source": ("source", "publisher", "outlet", "source_name", "media", "site_name"),
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
    if not kept:
        raise CorpusError(f"{path}: no article has {rule} (of {len(raws)} read)")
    problems.rows.append((str(path), None, "info",
                          f"where {rule}: {len(kept)} of {len(raws)} articles kept, "
                          f"{len(raws) - len(kept)} left out by the filter"))
    return kept


# --------------------------------------------------------------------------------------------- #
# Readers
# --------------------------------------------------------------------------------------------- #


def _decode(data: bytes, file: Path | str, problems: _Problems, line: int | None = None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add(
            file, line, "warning",
            f"not valid UTF-8 (byte {err.start}); read as Windows-1252 (cp1252) instead",
        )
        return data.decode("cp1252", errors="replace")


def _read_folder(folder: Path, problems: _Problems) -> list[_Raw]:
    files = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or p.is_dir():
            continue
        low = p.name.lower()
        if low in KNOWN_NON_ARTICLES or low.startswith("readme"):
            continue
        if p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
            files.append(p)
        else:
            problems.add(p, None, "warning", f"unknown file type {p.suffix or '(none)'!r}; not read "
                         "(articles are .txt or .html files)")
    raws = _read_files(files, folder, problems)
    meta_path = folder / "metadata.csv"
    if meta_path.exists():
        _apply_metadata(raws, folder, meta_path, problems)
    return raws


def _read_files(files: Iterable[Path], folder: Path, problems: _Problems) -> list[_Raw]:
    raws = []
    for p in files:
        text = _decode(p.read_bytes(), p, problems)
        meta: dict[str, Any] = {}
        header_date = None
        if p.suffix.lower() in HTML_SUFFIXES:
            text, meta = _extract_html(text, p, problems)
        else:
            m = _HEADER_RE.match(text)
            if m:
                header_date = m.group(1)
                text = text[m.end():]
        raws.append(_Raw(doc_id=p.stem, text=text, file=str(p), meta=meta, header_date=header_date))
    return raws


def _extract_html(html: str, file: Path, problems: _Problems) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, by trafilatura (imported only when needed)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        problems.add(file, None, "error", "no article text found in the HTML page")
        return "", {}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {k: d.get(k2) for k, k2 in (("title", "title"), ("url", "url"), ("date", "date"),
                                        ("source", "sitename")) if d.get(k2)}
    text = d.get("text") or ""
    title = (meta.get("title") or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:  # the headline, repeated as the first line
        text = rest
    return text, meta


def _apply_metadata(raws: list[_Raw], folder: Path, meta_path: Path, problems: _Problems) -> None:
    by_file = {Path(r.file).name: r for r in raws}
    seen: set[str] = set()
    text = _decode(meta_path.read_bytes(), meta_path, problems)
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or [])}
    if "file" not in fields:
        problems.add(meta_path, 1, "error", "metadata.csv has no 'file' column; metadata not used")
        return
    root = folder.resolve()
    for i, row in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        fname = row.pop("file", "")
        if not fname:
            problems.add(meta_path, i, "warning", "metadata row with an empty 'file' value; ignored")
            continue
        target = (folder / fname).resolve()
        if not target.is_relative_to(root) or target.parent != root:
            problems.add(meta_path, i, "error",
                         f"file {fname!r} lies outside the corpus folder; metadata row ignored")
            continue
        raw = by_file.get(target.name)
        if raw is None:
            problems.add(meta_path, i, "warning", f"metadata row for {fname!r}, but there is no such file")
            continue
        if target.name in seen:
            problems.add(meta_path, i, "warning", f"second metadata row for {fname!r}; the first is used")
            continue
        seen.add(target.name)
        raw.meta.update({k: v for k, v in row.items() if v != ""})
    for name, raw in by_file.items():
        if name not in seen:
            problems.add(raw.file, None, "warning", "no row in metadata.csv for this file")


def _resolve_columns(names: Iterable[str], override: Mapping[str, str], file: Path) -> dict[str, str]:
    """Map our column names to the input's, by ``override`` first, then by common names."""
    names = list(names)
    lower = {n.lower(): n for n in names}
    out: dict[str, str] = {}
    for ours, theirs in override.items():
        if ours not in COLUMN_CANDIDATES:
            raise CorpusError(f"{file}: columns= names unknown field {ours!r}; "
                              f"known: {', '.join(COLUMN_CANDIDATES)}")
        out[ours] = theirs
    for ours, cands in COLUMN_CANDIDATES.items():
        if ours in out:
            continue
        for c in cands:
            if c in lower:
                out[ours] = lower[c]
                break
    if "text" not in out:
        raise CorpusError(f"{file}: no text column found among {names}; name one with "
                          "columns={'text': ...}")
    return out


def _iter_table(path: Path, problems: _Problems) -> Iterable[tuple[int, dict[str, Any]]]:
    name = path.name.lower()
    if name.endswith(".csv"):
        text = _decode(path.read_bytes(), path, problems)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        # line numbers: the header is line 1; a quoted newline makes rows span lines
        for row in reader:
            yield reader.line_num, row
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for i, data in enumerate(fh, start=1):
            if not data.strip():
                continue
            line = _decode(data, path, problems, i)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                problems.add(path, i, "error", f"not valid JSON ({err.msg}); line skipped, no article read")
                continue
            if not isinstance(obj, dict):
                problems.add(path, i, "error", "JSON line is not an object; line skipped, no article read")
                continue
            yield i, obj


def _read_table(path: Path, problems: _Problems, override: Mapping[str, str]) -> list[_Raw]:
    raws: list[_Raw] = []
    cols: dict[str, str] | None = None
    dropped_lists: set[str] = set()
    stem = re.sub(r"(\.jsonl\.gz|\.jsonl|\.csv)$", "", path.name, flags=re.I)
    for line, row in _iter_table(path, problems):
        if cols is None:
            cols = _resolve_columns(row.keys(), override, path)
            ours_by_theirs = {v: k for k, v in cols.items()}
        text = row.get(cols["text"])
        if text is None or (isinstance(text, float) and pd.isna(text)):
            text = ""
        if not isinstance(text, str):
            problems.add(path, line, "warning", f"text is a {type(text).__name__}, not a string; converted")
            text = str(text)
        meta: dict[str, Any] = {}
        for k, v in row.items():
            if k == cols["text"] or k is None:
                continue
            if isinstance(v, (list, dict)):
                dropped_lists.add(k)
                continue
            meta[ours_by_theirs.get(k, k)] = v
        doc_id = meta.pop("doc_id", None)
        doc_id = str(doc_id).strip() if doc_id not in (None, "") else f"{stem}-{line}"
        raws.append(_Raw(doc_id=doc_id, text=text.replace("\r\n", "\n"), file=str(path), line=line,
                         meta=meta))
    for k in sorted(dropped_lists):
        problems.add(path, None, "warning", f"column {k!r} holds lists or objects; not kept")
    if cols is None:
        problems.add(path, None, "error", "no articles in the file")
    return raws


# --------------------------------------------------------------------------------------------- #
# Cleaning: dates, sources, boilerplate, paragraphs
# --------------------------------------------------------------------------------------------- #


def _parse_date(value: Any) -> pd.Timestamp | None:
    """A day, or ``None`` when ``value`` is not a possible publication date."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return _parse_date_str(str(value).strip())


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
        text = raw.text.replace("\r\n", "\n").replace("\r", "\n")
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
        date = _parse_date(date_value)
        if raw.header_date is not None:
            hdate = _parse_date(raw.header_date)
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
