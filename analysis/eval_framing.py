"""Measured accuracy of the framing tables (issue 21): hand-judged rows and credit recall.

``python -m analysis.eval_framing COMMAND`` (``make eval-framing`` runs ``score``):

* ``articles --seed N`` draws the article sample: PAC stories and AllSides same-day topic groups,
  each whole story or group given to ``dev`` or ``heldout``, and in each split a few articles to be
  read end to end (credit recall). Writes ``tests/gold/framing_articles.jsonl`` (ids only).
* ``draw --seed N [--per-table 50]`` runs the framing tables on the sampled articles and draws, per
  table and split, a seed-fixed random sample of the rows not judged yet: a file of rows to judge
  (doc_id, offsets, the row's claim as codes, offsets and a hash; never article text).
* ``show FILE`` prints those rows with their sentence for a human to judge (terminal only).
* ``append FILE JUDGEMENTS`` merges a judge's verdicts (the small format below) into the rows and
  appends them to ``tests/gold/framing_rows.jsonl``, refusing rows already judged.
* ``score`` runs the framing tables on the sampled articles again and reports, per table and split,
  precision over the judged rows, how many produced rows are unjudged, how many judged rows the code
  no longer produces, credit recall on the articles read end to end, and recall of reporting verbs
  and certainty markers in the articles marked exhaustively (``framing_exhaustive.jsonl``).

The tables are run per *unit*, as a reader would load a set: one PAC story
(``load_corpus(pac, where={"story_id": ...})``) or one AllSides topic on one day (the lines of
``where={"topic": ..., "date": ...}``, copied to a temporary file so the 90 MB file is read once).
Offsets the tables give into ``body`` are mapped to ``text`` through the paragraphs table and
stored with ``check`` (the first 8 hex digits of the sha1 of the span), as ``tests/gold/README.md``
describes; text is read from ``../shared`` at run time and never written into the repository.

Judgement lines (``append``): ``ROW_ID VERDICT [ERROR] [field=value ...]`` where VERDICT is
``ok`` or ``no``, ERROR one of :data:`ERRORS` for the row's table, and a field gives the true
value: codes (``type=outlet``, ``category=none``, ``frame=legality``, ``etype=place``,
``credit=no``, ``reporting=no``) or spans (``speaker=...``, ``name=...``, ``entity=...``) written
as ``@START:END`` (offsets into ``text``), ``"words"``, ``"words"#N`` (the N-th occurrence in
the article, from 1) or ``"words"^P`` (the first at or after offset P) (the words are resolved to
offsets and never stored), or ``none``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import re
import shlex
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from .corpus import REPO_ROOT, Corpus, load_corpus
from .eval_quotes import offset_map as _offset_map, shared_dir, to_text as _to_text

__all__ = [
    "SETS", "TABLES", "ERRORS", "GOLD_DIR", "Unit", "Row", "check_of", "same_name", "read_gold", "load_units",
    "load_texts", "all_produced", "produced_rows", "draw_articles", "draw_rows", "show_rows", "parse_judgements",
    "judge_rows", "score", "score_rows", "report", "main",
]

GOLD_DIR = REPO_ROOT / "tests" / "gold"
ARTICLES_FILE = GOLD_DIR / "framing_articles.jsonl"
ROWS_FILE = GOLD_DIR / "framing_rows.jsonl"
CREDITS_FILE = GOLD_DIR / "framing_credits.jsonl"
EXHAUSTIVE_FILE = GOLD_DIR / "framing_exhaustive.jsonl"

#: set name -> file under the shared folder
SETS = {
    "pac": Path("data") / "pac_partisan_events" / "pac_articles.jsonl",
    "allsides": Path("data") / "allsides" / "articles.jsonl.gz",
}

#: gold table -> the framing table (``FramingTables.table`` name) its rows come from
TABLES = {
    "citations": "citations",
    "verbs": "verbs",
    "certainty": "certainty",
    "frames": "frames",
    "naming": "mentions",
}

#: error classes per table (issue 21's table, as codes); README "Framing gold" defines each
ERRORS = {
    "citations": ("not_credit_topic", "not_credit_other", "schedule_or_caption", "wrong_type", "wrong_name"),
    "verbs": ("not_verb", "not_speech", "wrong_speaker", "no_speaker"),
    "certainty": ("date_or_name", "other_sense", "booster_misread", "wrong_category"),
    "frames": ("other_sense", "wrong_frame"),
    "naming": ("junk_run", "partial_name", "not_entity", "split_identity", "wrong_entity", "wrong_type"),
}

CITATION_TYPES = ("news_agency", "outlet", "platform", "official_body", "anonymous", "generic")
CERTAINTY = ("hedge", "booster", "evidential")
FRAMES = ("conflict", "humanitarian", "diplomacy", "military", "legality", "responsibility")
ENTITY_TYPES = ("person", "organisation", "place", "other")

#: The AllSides topics sampled: policy at home, a foreign conflict, crime, the economy.
ALLSIDES_TOPICS = ("immigration", "middle_east", "violence_in_america", "economy_and_jobs")
_DAY = re.compile(r"^(19[89]\d|20[0-2]\d)-\d\d-\d\d$")


# --------------------------------------------------------------------------------------------- #
# Small helpers
# --------------------------------------------------------------------------------------------- #


def check_of(text: str, start: int, end: int) -> str:
    """The first 8 hex digits of sha1 of ``text[start:end]`` (UTF-8): detects drifted offsets."""
    return hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()[:8]


def _sha(*values: object) -> str:
    """A short hash of a row's claimed values (so a record names the claim without its words)."""
    return hashlib.sha1(json.dumps([str(v) for v in values], ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{i}: not valid JSON ({err.msg})") from None
    return out


def _write_jsonl(path: Path, records: Iterable[dict], mode: str = "w") -> int:
    n = 0
    with open(path, mode, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n


def _norm(name: str) -> str:
    """A name folded for comparison: accents, case, "the", possessive and punctuation dropped."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("\u2019", "'")
    s = re.sub(r"'s?\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    return " ".join(s.split())


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in {"of", "and", "for", "the", "de"})


def same_name(claim: str, gold: str, person: bool = False, loose: bool = False) -> bool:
    """Whether a table's name (``claim``) names what the judge's span (``gold``) names.

    Equal after :func:`_norm`, or close spellings (difflib ratio >= 0.9: "Zelensky",
    "Zelenskyy"), or one the acronym of the other ("AP", "Associated Press"). For people the
    claim may be fuller or shorter than the article's fullest name as long as it keeps the surname
    and, when the article gives a first name, a first name too ("Jeff Sessions" for "Attorney
    General Jeff Sessions", not "Sessions"). ``loose`` (a speaker, judged by referent) accepts any
    part of the name ("Sessions", "Michele" for "Michele Kelemen")."""
    a, b = _norm(claim), _norm(gold)
    if not a or not b:
        return False
    if a == b or SequenceMatcher(None, a, b).ratio() >= 0.9:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) >= 2 and _acronym(ta) == b.replace(" ", "") or len(tb) >= 2 and _acronym(tb) == a.replace(" ", ""):
        return True
    if loose and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return True
    if person and ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return len(ta) >= min(2, len(tb))
    if person and ta[-1] == tb[-1] and len(ta) >= 2 and len(tb) >= 2 and (
            ta[0].startswith(tb[0]) or tb[0].startswith(ta[0])):  # "Greg Mullen", "Gregory Mullen"
        return True
    if not person:  # "ABC" and "ABC News", "Fox News" and "Fox News Digital"
        ca, cb = [w for w in ta if w not in _MEDIA_WORDS], [w for w in tb if w not in _MEDIA_WORDS]
        return bool(ca) and ca == cb
    return False


#: words that only say what kind of outlet a name is
_MEDIA_WORDS = frozenset("news online digital tv web network agency newspaper magazine com".split())


# --------------------------------------------------------------------------------------------- #
# Article sample: units, splits, loading
# --------------------------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Unit:
    """One set the tables are run on: a PAC story or an AllSides topic on one day."""

    set: str
    unit: str  # "STORY_12" or "immigration/2018-06-20"
    split: str
    doc_ids: tuple[str, ...] = ()

    @property
    def where(self) -> dict[str, str]:
        if self.set == "pac":
            return {"story_id": self.unit}
        topic, day = self.unit.split("/")
        return {"topic": topic, "date": day}


def _units(articles: list[dict]) -> list[Unit]:
    groups: dict[tuple[str, str, str], list[str]] = {}
    for a in articles:
        groups.setdefault((a["set"], a["unit"], a["split"]), []).append(a["doc_id"])
    return [Unit(s, u, sp, tuple(ids)) for (s, u, sp), ids in groups.items()]


def _allsides_lines(shared: Path, keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """The raw lines of the AllSides file for each (topic, day), read in one pass."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    with gzip.open(shared / SETS["allsides"], "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            k = (r.get("topic", ""), r.get("date", ""))
            if k in keys:
                out[k].append(line)
    return out


def load_units(units: list[Unit], shared: Path) -> Iterator[tuple[Unit, Corpus]]:
    """Each unit's corpus, as :func:`analysis.load_corpus` gives it for the unit's ``where``."""
    need = {tuple(u.unit.split("/")) for u in units if u.set == "allsides"}
    lines = _allsides_lines(shared, need) if need else {}
    with tempfile.TemporaryDirectory(prefix="samestory-evalfr-") as tmp:
        for u in units:
            if u.set == "pac":
                yield u, load_corpus(shared / SETS["pac"], where=u.where)
                continue
            got = lines.get(tuple(u.unit.split("/")))
            if not got:
                raise ValueError(f"{shared / SETS['allsides']}: no article has topic/date {u.unit}")
            path = Path(tmp) / "unit.jsonl"
            path.write_text("".join(got), encoding="utf-8")
            yield u, load_corpus(path)


def draw_articles(seed: int, shared: Path, n_stories: int = 24, groups_per_topic: int = 4,
                  e2e_per_split: int = 10, max_group: int = 8, max_e2e_chars: int = 12000) -> list[dict]:
    """The article sample: ``n_stories`` PAC stories and ``groups_per_topic`` same-day groups of
    each of :data:`ALLSIDES_TOPICS` (3 to ``max_group`` articles from 3+ outlets), half of each
    kind ``dev`` and half ``heldout`` (a whole story or group goes to one split); then per split
    ``e2e_per_split`` articles to read end to end, half PAC and half AllSides, among those of at
    most ``max_e2e_chars`` characters."""
    rng = random.Random(f"framing-articles:{seed}")
    pac: dict[str, list[tuple[str, int]]] = defaultdict(list)
    with open(shared / SETS["pac"], encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            pac[r["story_id"]].append((r["doc_id"], len(r.get("text") or "")))
    stories = rng.sample(sorted(pac, key=lambda s: int(re.sub(r"\D", "", s) or 0)), n_stories)
    groups: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
    with gzip.open(shared / SETS["allsides"], "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("topic") in ALLSIDES_TOPICS and _DAY.match(r.get("date") or ""):
                groups[(r["topic"], r["date"])].append((r["ID"], r["source"], len(r.get("content_original") or "")))
    out: list[dict] = []

    def add(set_: str, unit: str, split: str, docs: list[tuple[str, int]]) -> None:
        for doc_id, n in docs:
            out.append({"set": set_, "unit": unit, "doc_id": doc_id, "split": split, "e2e": False,
                        "exhaustive": [], "_chars": n})

    for i, s in enumerate(stories):
        add("pac", s, "dev" if i < n_stories // 2 else "heldout", pac[s])
    for topic in ALLSIDES_TOPICS:
        cands = sorted(k for k, v in groups.items() if k[0] == topic
                       and 3 <= len(v) <= max_group and len({src for _, src, _ in v}) >= 3)
        for i, k in enumerate(rng.sample(cands, groups_per_topic)):
            add("allsides", f"{k[0]}/{k[1]}", "dev" if i < groups_per_topic // 2 else "heldout",
                [(d, n) for d, _, n in groups[k]])
    for split in ("dev", "heldout"):
        for set_ in ("pac", "allsides"):
            pool = [a for a in out if a["split"] == split and a["set"] == set_ and a["_chars"] <= max_e2e_chars]
            k = e2e_per_split // 2
            for a in rng.sample(pool, min(k, len(pool))):
                a["e2e"] = True
    for a in out:
        del a["_chars"]
    return out


# --------------------------------------------------------------------------------------------- #
# Produced rows, in text offsets
# --------------------------------------------------------------------------------------------- #


@dataclass
class Row:
    """One row a framing table produced, located in ``text``."""

    table: str
    set: str
    doc_id: str
    split: str
    start: int
    end: int
    claim: dict  # codes and offsets (stored)
    values: dict = field(default_factory=dict)  # the claimed strings (never stored)

    @property
    def key(self) -> tuple[str, str, str, int, int]:
        return (self.table, self.set, self.doc_id, self.start, self.end)


def _locate(text: str, name: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the article names ``name`` most fully: the name itself as written, else the
    longest of ``spans`` (the table's own mentions of it)."""
    if name:
        m = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)
        if m:
            return (m.start(), m.end())
    if spans:
        return max(spans, key=lambda s: (s[1] - s[0], -s[0]))
    return None


def produced_rows(corpus: Corpus, set_: str, split_of: dict[str, str],
                  problems: list[str] | None = None) -> list[Row]:
    """Every row of the five judged tables for the articles of ``split_of``, in ``text`` offsets."""
    from .framing import framing_tables

    ft = framing_tables(corpus)
    texts = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
    paras = {d: g for d, g in corpus.paragraphs.groupby("doc_id", sort=False)}
    omaps = {d: _offset_map(texts[d], paras[d]) if d in paras else [] for d in texts}
    problems = problems if problems is not None else []
    rows: list[Row] = []

    def to_text(doc_id: str, s: int, e: int) -> tuple[int, int] | None:
        ts, te = _to_text(int(s), omaps[doc_id]), _to_text(int(e), omaps[doc_id], is_end=True)
        return (ts, te) if ts is not None and te is not None and te > ts else None

    mentions = ft.table("mentions")
    cites = ft.table("citations")
    ment_spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for r in mentions.itertuples(index=False):
        if r.doc_id in split_of:
            sp = to_text(r.doc_id, r.start, r.end)
            if sp and r.rule != "title":  # a bare title ("the president") names nobody fully
                t = texts[r.doc_id][sp[0]:sp[1]]
                title = r.title if isinstance(r.title, str) else ""
                if title and t.startswith(title):  # the name without its title
                    rest = t[len(title):]
                    sp = (sp[0] + len(title) + len(rest) - len(rest.lstrip()), sp[1])
                if sp[1] > sp[0]:
                    ment_spans[(r.doc_id, r.entity)].append(sp)
    cite_spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)

    def add(table: str, doc_id: str, span, claim: dict, values: dict) -> None:
        if span is None:
            problems.append(f"{table} row of {doc_id} at body {values.get('_body')} not found in text")
            return
        values.pop("_body", None)
        rows.append(Row(table, set_, doc_id, split_of[doc_id], span[0], span[1], claim, values))

    for r in cites.itertuples(index=False):
        if r.doc_id not in split_of:
            continue
        if r.where == "boilerplate":
            line = r.context.strip()
            i = texts[r.doc_id].find(line)
            span = (i, i + len(line)) if i >= 0 and line else None
        else:
            span = to_text(r.doc_id, r.start, r.end)
            if span:
                cite_spans[(r.doc_id, r.name)].append(span)
        add("citations", r.doc_id, span, {"type": r.type, "where": r.where, "sha": _sha(r.name, r.type)},
            {"name": r.name, "mention": r.mention, "cue": r.cue, "_body": (r.start, r.end)})
    for r in ft.table("verbs").itertuples(index=False):
        if r.doc_id not in split_of:
            continue
        text = texts[r.doc_id]
        hints = ment_spans.get((r.doc_id, r.speaker), []) if r.speaker_type == "person" else \
            cite_spans.get((r.doc_id, r.speaker), [])
        sp = _locate(text, r.speaker, hints)
        add("verbs", r.doc_id, to_text(r.doc_id, r.start, r.end),
            {"stance_class": r.stance_class, "speaker_type": r.speaker_type, "speaker": list(sp) if sp else None,
             "sha": _sha(r.lemma, r.stance_class, r.speaker, r.speaker_type)},
            {"verb": r.verb, "lemma": r.lemma, "speaker": r.speaker, "speaker_mention": r.speaker_mention,
             "_body": (r.start, r.end)})
    for table, col in (("certainty", "category"), ("frames", "frame")):
        for r in ft.table(TABLES[table]).itertuples(index=False):
            if r.doc_id in split_of:
                value = getattr(r, col)
                add(table, r.doc_id, to_text(r.doc_id, r.start, r.end), {col: value, "sha": _sha(r.term, value)},
                    {"term": r.term, "_body": (r.start, r.end)})
    for r in mentions.itertuples(index=False):
        if r.doc_id not in split_of:
            continue
        sp = _locate(texts[r.doc_id], r.entity, ment_spans.get((r.doc_id, r.entity), []))
        add("naming", r.doc_id, to_text(r.doc_id, r.start, r.end),
            {"entity_type": r.entity_type, "entity": list(sp) if sp else None, "sha": _sha(r.entity, r.entity_type)},
            {"entity": r.entity, "mention": r.mention, "rule": r.rule, "_body": (r.start, r.end)})
    return rows


def load_texts(articles: list[dict], shared: Path) -> dict[tuple[str, str], str]:
    """``corpus.articles.text`` of every sampled article, by (set, doc_id) (no tables computed)."""
    texts: dict[tuple[str, str], str] = {}
    for unit, corpus in load_units(_units(articles), shared):
        for d, t in zip(corpus.articles["doc_id"], corpus.articles["text"]):
            if d in unit.doc_ids:
                texts[(unit.set, d)] = t
    return texts


def all_produced(articles: list[dict], shared: Path) -> tuple[list[Row], dict[tuple[str, str], str], list[str]]:
    """Rows of every unit of the article sample, the sample's texts, and mapping problems."""
    rows: list[Row] = []
    texts: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for unit, corpus in load_units(_units(articles), shared):
        split_of = {d: unit.split for d in unit.doc_ids}
        missing = set(split_of) - set(corpus.articles["doc_id"])
        if missing:
            raise ValueError(f"unit {unit.set}:{unit.unit}: sampled articles {sorted(missing)} not in the set")
        for d, t in zip(corpus.articles["doc_id"], corpus.articles["text"]):
            if d in split_of:
                texts[(unit.set, d)] = t
        rows.extend(produced_rows(corpus, unit.set, split_of, problems))
    return rows, texts, problems


# --------------------------------------------------------------------------------------------- #
# Drawing rows to judge
# --------------------------------------------------------------------------------------------- #

_ABBR = {"citations": "cit", "verbs": "vrb", "certainty": "cer", "frames": "frm", "naming": "nam"}


def draw_rows(rows: list[Row], texts: dict[tuple[str, str], str], seed: int, per_table: int = 50,
              judged: list[dict] | None = None, tables: Iterable[str] = TABLES) -> list[dict]:
    """Per table and split, ``per_table`` rows drawn at random (seed-fixed) among the produced rows
    that no judged record covers (same span and same claim); a record per row, without text."""
    done = {(r["table"], r["set"], r["doc_id"], r["start"], r["end"], r["claim"]["sha"]) for r in (judged or [])}
    out = []
    for table in tables:
        for split in ("dev", "heldout"):
            cands = sorted((r for r in rows if r.table == table and r.split == split
                            and (*r.key, r.claim["sha"]) not in done),
                           key=lambda r: (r.set, r.doc_id, r.start, r.end, r.claim["sha"]))
            rng = random.Random(f"framing-rows:{seed}:{table}:{split}")
            pick = rng.sample(cands, min(per_table, len(cands)))
            pick.sort(key=lambda r: (r.set, r.doc_id, r.start))
            for i, r in enumerate(pick, start=1):
                out.append({"id": f"{_ABBR[table]}-{split[0]}{i:02d}", "table": table, "set": r.set,
                            "doc_id": r.doc_id, "split": split, "round": seed, "start": r.start, "end": r.end,
                            "check": check_of(texts[(r.set, r.doc_id)], r.start, r.end), "claim": r.claim})
    return out


def _sentence_around(text: str, start: int, end: int, before: int = 1) -> tuple[int, int]:
    """The lines (paragraphs) holding ``[start, end)``, with ``before`` lines before them."""
    s = start
    for _ in range(before + 1):
        s = text.rfind("\n", 0, max(s - 1, 0)) + 1 if s > 0 else 0
    e = text.find("\n", end)
    return s, len(text) if e < 0 else e


def show_rows(todo: list[dict], rows: list[Row], texts: dict[tuple[str, str], str], before: int = 1,
              chars: int = 0) -> str:
    """The rows to judge, each with its claim spelled out and its paragraph, the span in [[ ]]
    (with ``chars``, at most that many characters either side)."""
    by_key: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        by_key[r.key].append(r)
    out = []
    for t in todo:
        text = texts[(t["set"], t["doc_id"])]
        got = [r for r in by_key.get((t["table"], t["set"], t["doc_id"], t["start"], t["end"]), [])
               if r.claim["sha"] == t["claim"]["sha"]]
        vals = got[0].values if got else {}
        claim = {k: v for k, v in t["claim"].items() if k != "sha"}
        for k in ("speaker", "entity"):
            if isinstance(claim.get(k), list):
                claim[k] = f"@{claim[k][0]}:{claim[k][1]}"
        s, e = _sentence_around(text, t["start"], t["end"], before)
        if chars:
            s, e = max(s, t["start"] - chars), min(e, t["end"] + chars)
        ctx = text[s:t["start"]] + "[[" + text[t["start"]:t["end"]] + "]]" + text[t["end"]:e]
        out.append(f"== {t['id']}  {t['table']}  {t['set']}:{t['doc_id']} @{t['start']}:{t['end']}  "
                   f"{json.dumps(claim)}  {json.dumps(vals, ensure_ascii=False)}"
                   + ("" if got else "  (NOT PRODUCED NOW)") + "\n" + ctx.strip() + "\n")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- #
# Judgements
# --------------------------------------------------------------------------------------------- #

_SPAN_FIELDS = {"citations": ("name",), "verbs": ("speaker",), "naming": ("entity",)}
_CODE_FIELDS = {
    "citations": {"credit": ("yes", "no"), "type": CITATION_TYPES + ("organisation",)},
    "verbs": {"reporting": ("yes", "no")},
    "certainty": {"category": CERTAINTY + ("none",)},
    "frames": {"frame": FRAMES + ("none",)},
    "naming": {"etype": ENTITY_TYPES + ("none",)},
}


def _resolve_span(value: str, text: str) -> list[int] | None:
    """``@S:E``, ``none``, or words with an optional ``#N`` (N-th occurrence) or ``^P`` (first
    occurrence at or after offset P) -> [start, end]."""
    if value == "none":
        return None
    m = re.fullmatch(r"@(\d+):(\d+)", value)
    if m:
        s, e = int(m.group(1)), int(m.group(2))
        if not 0 <= s < e <= len(text):
            raise ValueError(f"span {value} outside the article ({len(text)} characters)")
        return [s, e]
    m = re.fullmatch(r"(.+?)([#^])(\d+)", value)
    words = m.group(1) if m else value
    nth, after = (int(m.group(3)), 0) if m and m.group(2) == "#" else (1, int(m.group(3)) if m else 0)
    hits = [h.start() for h in re.finditer(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text) if h.start() >= after]
    if len(hits) < nth:
        raise ValueError(f"{words!r} occurs {len(hits)} time(s) in the article (from {after}), not {nth}")
    return [hits[nth - 1], hits[nth - 1] + len(words)]


def parse_judgements(lines: Iterable[str]) -> dict[str, dict]:
    """``ROW_ID ok|no [ERROR] [field=value ...]`` lines -> {row id: {"verdict", "error", fields}}.
    Blank lines and ``#`` comments are skipped."""
    out: dict[str, dict] = {}
    for no, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        toks = shlex.split(line)
        if len(toks) < 2 or toks[1] not in ("ok", "no"):
            raise ValueError(f"judgement line {no}: want 'ROW_ID ok|no [ERROR] [field=value ...]': {line!r}")
        j = {"verdict": "correct" if toks[1] == "ok" else "incorrect", "error": "", "fields": {}}
        for t in toks[2:]:
            if "=" in t:
                k, v = t.split("=", 1)
                j["fields"][k] = v
            elif not j["error"]:
                j["error"] = t
            else:
                raise ValueError(f"judgement line {no}: two error classes")
        if toks[0] in out:
            raise ValueError(f"judgement line {no}: {toks[0]} judged twice")
        out[toks[0]] = j
    return out


def _gold_of(t: dict, j: dict, text: str) -> dict:
    """The true values of one judged row (defaults: the claim, where the verdict is correct)."""
    table, f, ok = t["table"], dict(j["fields"]), j["verdict"] == "correct"
    for k, v in f.items():
        if k in _SPAN_FIELDS.get(table, ()):
            continue
        allowed = _CODE_FIELDS[table].get(k)
        if allowed is None:
            raise ValueError(f"{t['id']}: no field {k!r} for {table}")
        for part in v.split("|"):
            if part not in allowed:
                raise ValueError(f"{t['id']}: {k}={part!r}; want one of {', '.join(allowed)}")
    c = t["claim"]
    if table == "citations":
        credit = f.get("credit", "yes") == "yes"
        name = _resolve_span(f["name"], text) if "name" in f else ([t["start"], t["end"]] if credit else None)
        return {"credit": credit, "type": f.get("type", c["type"]) if credit else None, "name": name}
    if table == "verbs":
        reporting = f.get("reporting", "yes") == "yes"
        if not reporting:
            speaker = None
        elif "speaker" in f:
            speaker = _resolve_span(f["speaker"], text)
        elif ok or j["error"] != "wrong_speaker":
            speaker = c.get("speaker")
            if speaker is None and reporting:
                raise ValueError(f"{t['id']}: the claimed speaker is not found in the text; give speaker=")
        else:
            raise ValueError(f"{t['id']}: a wrong speaker needs speaker=")
        return {"reporting": reporting, "speaker": speaker if reporting else None}
    if table == "certainty":
        return {"category": f.get("category", c["category"] if ok else None) or _need(t, "category")}
    if table == "frames":
        return {"frame": f.get("frame", c["frame"] if ok else None) or _need(t, "frame")}
    etypes = f.get("etype") or _need(t, "etype")
    if "entity" in f:
        entity = _resolve_span(f["entity"], text)
    elif ok or j["error"] == "wrong_type":
        entity = c.get("entity") or _need(t, "entity")
    else:
        entity = _need(t, "entity")
    return {"entity": entity, "type": [] if etypes == "none" else etypes.split("|")}


def _need(t: dict, name: str):
    raise ValueError(f"{t['id']}: give {name}= for this {t['table']} row")


def judge_rows(todo: list[dict], judgements: dict[str, dict], texts: dict[tuple[str, str], str],
               produced: list[Row] | None = None) -> tuple[list[dict], list[str]]:
    """Judged records for the rows of ``todo`` that ``judgements`` covers, and warnings where the
    automatic comparison of the claim with the given true values disagrees with the verdict."""
    by_id = {t["id"]: t for t in todo}
    unknown = set(judgements) - set(by_id)
    if unknown:
        raise ValueError(f"judgements for rows not in the file: {', '.join(sorted(unknown))}")
    values = {(*r.key, r.claim["sha"]): r.values for r in (produced or [])}
    out, warnings = [], []
    for rid, j in judgements.items():
        t = by_id[rid]
        text = texts[(t["set"], t["doc_id"])]
        if check_of(text, t["start"], t["end"]) != t["check"]:
            raise ValueError(f"{rid}: check does not match the text at {t['start']}:{t['end']}")
        if j["error"] and j["error"] not in ERRORS[t["table"]]:
            raise ValueError(f"{rid}: unknown error class {j['error']!r} for {t['table']}")
        if j["verdict"] == "incorrect" and not j["error"]:
            raise ValueError(f"{rid}: an incorrect row needs an error class")
        gold = _gold_of(t, j, text)
        for k in ("name", "speaker", "entity"):
            if isinstance(gold.get(k), list):
                gold[k + "_check"] = check_of(text, *gold[k])
        rec = {k: t[k] for k in ("table", "set", "doc_id", "split", "round", "start", "end", "check", "claim")}
        rec.update(verdict=j["verdict"], error=j["error"], gold=gold)
        key = (t["table"], t["set"], t["doc_id"], t["start"], t["end"], t["claim"]["sha"])
        if key in values:
            auto = _auto_verdict(t["table"], values[key], t["claim"], gold, text, types_with_place=False)
            if auto["correct"] != (j["verdict"] == "correct"):
                warnings.append(f"{rid}: verdict {j['verdict']} but comparing the claim with the true values "
                                f"gives {'correct' if auto['correct'] else 'incorrect'}")
        out.append(rec)
    return out, warnings


# --------------------------------------------------------------------------------------------- #
# Scoring
# --------------------------------------------------------------------------------------------- #


def _span_text(text: str, span) -> str:
    return text[span[0]:span[1]] if isinstance(span, list) else ""


def _auto_verdict(table: str, values: dict, claim: dict, gold: dict, text: str,
                  types_with_place: bool) -> dict:
    """Judge a produced row against a judged record's true values: {"correct", and per part}."""
    if table == "citations":
        name_ok = bool(gold["credit"]) and (
            gold["type"] in ("anonymous", "generic")  # "anonymous source", "agencies": the type is the name
            or same_name(values["name"], _span_text(text, gold["name"]))
            or claim.get("where") == "boilerplate"
            and f" {_norm(values['name'])} " in f" {_norm(_span_text(text, gold['name']))} ")
        return {"correct": bool(gold["credit"]) and claim["type"] == gold["type"] and name_ok}
    if table == "verbs":
        verb_ok = bool(gold["reporting"])
        speaker_ok = verb_ok and gold["speaker"] is not None and same_name(
            values["speaker"], _span_text(text, gold["speaker"]), person=claim.get("speaker_type") == "person",
            loose=True)
        return {"correct": verb_ok and speaker_ok, "verb": verb_ok}
    if table == "certainty":
        return {"correct": claim["category"] == gold["category"]}
    if table == "frames":
        return {"correct": claim["frame"] == gold["frame"]}
    entity_ok = gold["entity"] is not None and same_name(
        values["entity"], _span_text(text, gold["entity"]), person="person" in gold["type"])
    t = claim["entity_type"]
    type_ok = t in gold["type"] or (t == "other" and "place" in gold["type"] and not types_with_place)
    return {"correct": entity_ok and type_ok, "entity": entity_ok}


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def read_gold(path: Path, texts: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """The records of one gold file; with ``texts``, every ``check`` (and ``*_check``) verified."""
    recs = _read_jsonl(path)
    if texts is not None:
        for i, r in enumerate(recs, start=1):
            text = texts.get((r["set"], r["doc_id"]))
            if text is None:
                raise ValueError(f"{path.name}:{i}: article {r['set']}:{r['doc_id']} is not in the sample")
            if check_of(text, r["start"], r["end"]) != r["check"]:
                raise ValueError(f"{path.name}:{i}: check fails for {r['doc_id']} {r['start']}:{r['end']}")
            for k, v in r.get("gold", {}).items():
                if k.endswith("_check") and check_of(text, *r["gold"][k[:-6]]) != v:
                    raise ValueError(f"{path.name}:{i}: {k} fails for {r['doc_id']}")
    return recs


def score(shared: Path | None = None, articles_file: Path = ARTICLES_FILE, rows_file: Path = ROWS_FILE,
          credits_file: Path = CREDITS_FILE, exhaustive_file: Path = EXHAUSTIVE_FILE) -> pd.DataFrame:
    """Precision per table and split over the judged rows, and credit recall (see :func:`report`).

    Columns: ``table``, ``split``, ``measure`` (precision; for verbs also verb_precision, for naming
    also entity_precision; for citations also recall and typed_recall on the articles read end to
    end, and e2e_precision: the citation rows in those articles that credit a source marked there),
    ``k``, ``n``, ``value`` (k / n), ``low``, ``high`` (Wilson 95% interval), ``n_same`` (judged
    rows produced with the judged claim), ``n_changed`` (produced with another claim: judged from
    the true values), ``n_gone`` (judged rows no longer produced), ``n_gone_correct``,
    ``n_unjudged`` (produced rows no record covers), ``n_produced``.
    """
    shared = shared or shared_dir()
    articles = _read_jsonl(articles_file)
    produced, texts, problems = all_produced(articles, shared)
    if problems:
        raise ValueError("rows not mapped to text: " + "; ".join(problems[:5]))
    gold = read_gold(rows_file, texts)
    credits = read_gold(credits_file, texts)
    exhaustive = read_gold(exhaustive_file, texts)
    return score_rows(articles, produced, texts, gold, credits, exhaustive)


def score_rows(articles: list[dict], produced: list[Row], texts: dict, gold: list[dict], credits: list[dict],
               exhaustive: list[dict] | None = None) -> pd.DataFrame:
    """:func:`score` on rows already computed (:func:`all_produced`) and gold already read."""
    by_key: dict[tuple, list[Row]] = defaultdict(list)
    for r in produced:
        by_key[r.key].append(r)
    with_place = any(r.claim.get("entity_type") in ("place", "location") for r in produced if r.table == "naming")
    out = []
    for table in TABLES:
        for split in ("dev", "heldout"):
            recs = [g for g in gold if g["table"] == table and g["split"] == split]
            covered = {(g["table"], g["set"], g["doc_id"], g["start"], g["end"]) for g in recs}
            prod = [r for r in produced if r.table == table and r.split == split]
            tally: Counter = Counter()
            parts: Counter = Counter()
            for g in recs:
                text = texts[(g["set"], g["doc_id"])]
                now = by_key.get((g["table"], g["set"], g["doc_id"], g["start"], g["end"]), [])
                same = [r for r in now if r.claim["sha"] == g["claim"]["sha"]]
                if same:
                    tally["same"] += 1
                    ok = g["verdict"] == "correct"
                    # the judge's own verdict on the parts: the verb right unless it was no verb
                    # or no speech; the entity right when only its type was wrong
                    auto = {"verb": g["error"] in ("wrong_speaker", "no_speaker"), "entity": g["error"] == "wrong_type"}
                elif now:
                    tally["changed"] += 1
                    auto = _auto_verdict(table, now[0].values, now[0].claim, g["gold"], text, with_place)
                    ok = auto["correct"]
                else:
                    tally["gone"] += 1
                    tally["gone_correct"] += g["verdict"] == "correct"
                    continue
                tally["n"] += 1
                tally["k"] += ok
                for part in {"verbs": ("verb",), "naming": ("entity",)}.get(table, ()):
                    if part in auto:
                        # a part is right whenever the whole row is; otherwise as compared
                        parts[part] += ok or auto[part]
            extra = {"n_same": tally["same"], "n_changed": tally["changed"], "n_gone": tally["gone"],
                     "n_gone_correct": tally["gone_correct"],
                     "n_unjudged": sum(1 for r in prod if r.key not in covered), "n_produced": len(prod)}
            measures = [("precision", tally["k"])]
            if table == "verbs":
                measures.append(("verb_precision", parts["verb"]))
            if table == "naming":
                measures.append(("entity_precision", parts["entity"]))
            for m, k in measures:
                out.append({"table": table, "split": split, "measure": m, "k": int(k), "n": int(tally["n"]),
                            **extra})
            if table == "citations":
                out.extend(_credit_measures(split, articles, produced, texts, credits))
            if table in ("verbs", "certainty"):
                out.extend(_exhaustive_measures(table, split, articles, produced, texts, exhaustive or []))
    df = pd.DataFrame(out)
    df["value"] = df["k"] / df["n"].where(df["n"] > 0)
    ci = [_wilson(k, n) for k, n in zip(df["k"], df["n"])]
    df["low"], df["high"] = [c[0] for c in ci], [c[1] for c in ci]
    cols = ["table", "split", "measure", "k", "n", "value", "low", "high", "n_same", "n_changed", "n_gone",
            "n_gone_correct", "n_unjudged", "n_produced"]
    return df.reindex(columns=cols)


def _credit_measures(split: str, articles: list[dict], produced: list[Row], texts: dict,
                     credits: list[dict]) -> list[dict]:
    e2e = {(a["set"], a["doc_id"]) for a in articles if a["e2e"] and a["split"] == split}
    gold = [c for c in credits if (c["set"], c["doc_id"]) in e2e]
    rows = [r for r in produced if r.table == "citations" and (r.set, r.doc_id) in e2e]

    def hits(c: dict, r: Row) -> bool:
        return c["doc_id"] == r.doc_id and c["set"] == r.set and r.start < c["end"] and c["start"] < r.end

    found = [c for c in gold if any(hits(c, r) for r in rows)]
    typed = [c for c in gold if any(hits(c, r) and r.claim["type"] == c["type"] for r in rows)]
    core = [c for c in gold if c["type"] in CITATION_TYPES]
    true_rows = [r for r in rows if any(hits(c, r) for c in gold)]
    base = {"table": "citations", "split": split}
    return [
        {**base, "measure": "recall", "k": len(found), "n": len(gold)},
        {**base, "measure": "recall_six_types", "k": sum(c in found for c in core), "n": len(core)},
        {**base, "measure": "typed_recall", "k": len(typed), "n": len(gold)},
        {**base, "measure": "e2e_precision", "k": len(true_rows), "n": len(rows)},
    ]


def _exhaustive_measures(table: str, split: str, articles: list[dict], produced: list[Row], texts: dict,
                         marked: list[dict]) -> list[dict]:
    """Recall (and precision) of ``table`` in the articles marked exhaustively for it."""
    docs = {(a["set"], a["doc_id"]) for a in articles if a["split"] == split and table in a.get("exhaustive", [])}
    if not docs:
        return []
    gold = [m for m in marked if m["table"] == table and (m["set"], m["doc_id"]) in docs]
    rows = [r for r in produced if r.table == table and (r.set, r.doc_id) in docs]

    def hits(m: dict, r: Row) -> bool:
        return m["doc_id"] == r.doc_id and m["set"] == r.set and r.start < m["end"] and m["start"] < r.end

    def right(m: dict, r: Row) -> bool:
        if table == "certainty":
            return r.claim["category"] == m["category"]
        text = texts[(m["set"], m["doc_id"])]
        return same_name(r.values.get("speaker", ""), _span_text(text, m["speaker"]),
                         person=r.claim.get("speaker_type") == "person", loose=True)

    found = [m for m in gold if any(hits(m, r) for r in rows)]
    found_right = [m for m in gold if any(hits(m, r) and right(m, r) for r in rows)]
    true_rows = [r for r in rows if any(hits(m, r) for m in gold)]
    base = {"table": table, "split": split}
    named = "recall_speaker" if table == "verbs" else "recall_category"
    return [
        {**base, "measure": "recall", "k": len(found), "n": len(gold)},
        {**base, "measure": named, "k": len(found_right), "n": len(gold)},
        {**base, "measure": "exh_precision", "k": len(true_rows), "n": len(rows)},
    ]


def report(df: pd.DataFrame) -> str:
    """The score table as text: one line per table, split and measure."""
    lines = [f"{'table':<10} {'split':<8} {'measure':<17} {'value':>6}  {'k/n':>7}  {'95% CI':>13}  "
             f"{'changed':>7} {'gone(ok)':>8} {'unjudged':>8}/{'rows':<5}"]
    for r in df.itertuples(index=False):
        val = "   n/a" if pd.isna(r.value) else f"{r.value:6.2f}"
        ci = "" if pd.isna(r.low) else f"[{r.low:.2f}, {r.high:.2f}]"
        judged = r.measure in ("precision", "verb_precision", "entity_precision")
        tail = (f"{int(r.n_changed):>7} {int(r.n_gone):>4}({int(r.n_gone_correct)})"
                f"   {int(r.n_unjudged):>8}/{int(r.n_produced):<5}") if judged else ""
        lines.append(f"{r.table:<10} {r.split:<8} {r.measure:<17} {val}  {f'{r.k}/{r.n}':>7}  {ci:>13}  {tail}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------------------------- #


def _todo_texts(todo: list[dict], shared: Path) -> tuple[list[Row], dict]:
    articles = _read_jsonl(ARTICLES_FILE)
    need = {(t["set"], t["doc_id"]) for t in todo}
    units = {(a["set"], a["unit"]) for a in articles if (a["set"], a["doc_id"]) in need}
    rows, texts, _ = all_produced([a for a in articles if (a["set"], a["unit"]) in units], shared)
    return rows, texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.eval_framing", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=None, help="the shared data folder (default ../shared)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("articles", help="draw the article sample into tests/gold/framing_articles.jsonl")
    a.add_argument("--seed", type=int, required=True)
    a.add_argument("--out", type=Path, required=True,
                   help=f"where to write the sample (the committed one is {ARTICLES_FILE.relative_to(REPO_ROOT)})")
    d = sub.add_parser("draw", help="draw rows to judge (a file of ids and offsets, no text)")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--per-table", type=int, default=50)
    d.add_argument("--table", action="append", choices=list(TABLES), help="only these tables (repeatable)")
    d.add_argument("--out", type=Path, required=True, help="where to write the rows (outside the repository)")
    s = sub.add_parser("show", help="print rows to judge with their paragraph (terminal only)")
    s.add_argument("file", type=Path)
    s.add_argument("--id", action="append", help="only these row ids (repeatable; a prefix selects several)")
    s.add_argument("--before", type=int, default=1, help="paragraphs shown before the row's own")
    s.add_argument("--chars", type=int, default=0, help="at most this many characters either side")
    p = sub.add_parser("append", help="append judged rows to tests/gold/framing_rows.jsonl")
    p.add_argument("file", type=Path, help="the rows file that draw wrote")
    p.add_argument("judgements", type=Path, help="lines 'ROW_ID ok|no [ERROR] [field=value ...]'")
    p.add_argument("--dry-run", action="store_true", help="check and print warnings; append nothing")
    sub.add_parser("score", help="score the current tables against the gold")
    args = ap.parse_args(argv)
    shared = args.shared or shared_dir()
    if not (shared / "data").is_dir():
        print(f"error: {shared}/data is absent", file=sys.stderr)
        return 2
    if args.cmd == "articles":
        n = _write_jsonl(args.out, draw_articles(args.seed, shared))
        print(f"{n} articles written to {args.out}")
        return 0
    if args.cmd == "score":
        print(report(score(shared)))
        return 0
    if args.cmd == "draw":
        produced, texts, problems = all_produced(_read_jsonl(ARTICLES_FILE), shared)
        for pr in problems:
            print("warning:", pr, file=sys.stderr)
        todo = draw_rows(produced, texts, args.seed, args.per_table, _read_jsonl(ROWS_FILE), args.table or TABLES)
        _write_jsonl(args.out, todo)
        print(f"{len(todo)} rows to judge written to {args.out}: " + ", ".join(
            f"{k} {v}" for k, v in Counter(f"{t['table']}/{t['split']}" for t in todo).items()))
        return 0
    todo = _read_jsonl(args.file)
    if args.cmd == "show":
        if args.id:
            todo = [t for t in todo if any(t["id"].startswith(i) for i in args.id)]
        rows, texts = _todo_texts(todo, shared)
        print(show_rows(todo, rows, texts, args.before, args.chars))
        return 0
    rows, texts = _todo_texts(todo, shared)
    judged, warnings = judge_rows(todo, parse_judgements(args.judgements.read_text(encoding="utf-8").splitlines()),
                                  texts, rows)
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    def key(r: dict) -> tuple:
        return (r["table"], r["set"], r["doc_id"], r["start"], r["end"], r["claim"]["sha"])

    have = {key(r) for r in _read_jsonl(ROWS_FILE)}
    new = [r for r in judged if key(r) not in have]
    if not args.dry_run:
        _write_jsonl(ROWS_FILE, new, mode="a")
    print(f"{len(new)} judged rows {'checked' if args.dry_run else 'appended'} "
          f"({len(judged) - len(new)} already there); {len(warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
