"""Speaker accuracy on hand-labelled quotes from real same-story sets (issue 16; ``make eval-speakers``).

The gold, ``tests/gold/speakers.jsonl`` (described in ``tests/gold/README.md``), holds about 200
quotes drawn from PAC stories and AllSides (date, topic) groups of three or more outlets, each with
the speaker a reader of the article would name, as character offsets into ``corpus.articles.text``
(no article text is stored). This module

* draws the sample (:func:`draw_sample`, seed-fixed; ``--draw FILE`` writes the candidates),
* reads the gold back (:func:`load_gold`: loads each set, resolves the offsets and verifies every
  record's ``check``),
* and scores the current extractor on it (:func:`score`): each gold quote is matched to the
  extracted quote overlapping it most (character Jaccard >= 0.5) and the predicted canonical
  ``speaker`` is judged right or wrong by :func:`speaker_right`.

``python -m analysis.eval_speakers [--errors N] [--split dev|heldout] [--csv FILE] [--gold FILE]
[--shared DIR]`` prints, for each split, quotes matched and speaker right %, by speaker type, by error class and by
stratum. The extractor runs on each record's group (a PAC story, an AllSides (date, topic) group)
loaded as its own article set, as a user would load a same-story set, so canonical names are those
of that set.

Judging a speaker right (:func:`speaker_right`):

* ``person``: the predicted speaker is a person name (title words dropped by
  :func:`analysis.names.split_title`) with the gold mention's surname key
  (:func:`analysis.names.name_key`), and first names, when both have one, one a prefix of the
  other's key; generational suffixes ("Jr.") must agree when both have a first name.
* ``organisation``, ``group``, ``anonymous``: every content word of the prediction is in the gold
  phrase (plurals and accents folded; "Russian" / "Russia" and other extensions by up to three
  letters of a word of four or more count as one word), and for an organisation the prediction
  holds more than half of the gold phrase's content words (all of them when there are two or
  one), or is its acronym ("USCIS" for "United States Citizenship and Immigration Services"): so
  "Defence Ministry" is right for "France's Defence Ministry" and "France" or "Ministry" are not;
  for a group or an anonymous source it holds the phrase's head, its last content word before a
  preposition ("official" for "a senior official", "lawmakers"), so a person's name given to
  "Biden officials" is wrong.
* ``unknown``: right when the prediction is empty.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import REPO_ROOT, load_corpus
from .eval_quotes import offset_map, shared_dir, to_text
from .names import name_key, split_title
from .quotes import cue_words, extract_quotes

__all__ = [
    "GOLD_FILE", "SETS", "SPEAKER_TYPES", "ERROR_CLASSES", "GoldQuote", "span_check", "allsides_groups",
    "group_key", "load_sets", "group_quotes", "draw_sample", "assign_splits", "read_records", "load_gold",
    "speaker_right", "score", "report",
]

#: The committed gold file.
GOLD_FILE = REPO_ROOT / "tests" / "gold" / "speakers.jsonl"
#: The article sets a record's ``set`` names, relative to the shared folder.
SETS = {
    "pac": Path("data/pac_partisan_events/pac_articles.jsonl"),
    "allsides": Path("data/allsides/articles.jsonl.gz"),
}
SPEAKER_TYPES = ("person", "organisation", "group", "anonymous", "unknown")
#: Error classes of issue 16 (what the extractor got wrong when the gold was made).
ERROR_CLASSES = {
    "1": "a capitalised word that is no name (sentence opener, title, caption word) taken as a name",
    "2": "institution left empty or cut",
    "3": "pronoun resolved to a place or an organisation",
    "4": "a headline, related-link line or caption as antecedent",
    "5": "colon-introduced quote paragraph without a speaker",
    "6": "a relative, a namesake, or the last-named person instead of the speaker",
    "other": "another error (``error_note`` says which; tests/gold/README.md lists them)",
}

SEED = 16  # issue 16
MIN_OUTLETS = 3  # an AllSides (date, topic) group needs this many distinct outlets
N_ALLSIDES_GROUPS = 60  # AllSides groups the sample is drawn from
ARTICLE_CAP = 2  # at most this many drawn quotes per article
SPARE = 1.5  # candidates drawn per wanted quote (the annotator rejects non-quotes)
PER_SET = 100  # quotes wanted from each set
#: Quotes wanted per set from each targeted stratum (a stratum may have fewer to give); the
#: ``random`` stratum, a random draw from the whole pool, fills each set up to ``PER_SET``.
QUOTAS = {
    "colon_para": 8, "no_speaker": 12, "institution": 12, "anonymous": 10, "group": 8, "pronoun": 10,
}
RANDOM_FIRST = 60  # random candidates drawn before the targeted strata (so they are a plain random draw)
RANDOM_LATER = 30  # more drawn after them, for when targeted strata fall short

# Strata are drawing aids only (to see enough of each kind of attribution), never rules of the
# extractor: each is a rough test on the reporter's words around the quote.
_ORG_RE = re.compile(
    r"\b(?:ministry|ministries|department|government|office|agency|kremlin|white house|pentagon|"
    r"company|corporation|commission|committee|council|campaign|police|embassy|administration|"
    r"party|court|military|army|bureau|service|foundation|institute|university|association|"
    r"organization|organisation|group|union|spokes(?:man|woman|person)|statement|press release)\b",
    re.I,
)
_ANON_RE = re.compile(
    r"\b(?:(?:an?|one|two|three|several|some|other|many)\s+(?:[\w-]+\s+){0,3}"
    r"(?:officials?|sources?|aides?|persons?|people|diplomats?|advisers?|advisors?|staffers?|"
    r"insiders?|members?)|sources?|officials)\b",
    re.I,
)
_GROUP_RE = re.compile(
    r"\b(?:protesters|demonstrators|democrats|republicans|critics|residents|supporters|lawmakers|"
    r"activists|voters|students|parents|workers|experts|analysts|opponents|advocates|leaders|"
    r"families|fans|members|conservatives|liberals|progressives)\b",
    re.I,
)
_PRONOUN_RE = re.compile(r"\b(?:he|she|they|we|i)\b", re.I)


@dataclass
class GoldQuote:
    """One gold record with its spans resolved against the article text (see :func:`load_gold`)."""

    record: dict
    text: str  # the article text
    quote: str  # text[start:end]
    speaker: str  # text[speaker_start:speaker_end], "" when the speaker is unknown


def span_check(text: str, start: int, end: int) -> str:
    """First 8 hex digits of sha1 of ``text[start:end]`` (UTF-8): detects drifted offsets."""
    return hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------------------------
# the article sets and their same-story groups


def allsides_groups(path: Path, min_outlets: int = MIN_OUTLETS) -> dict[tuple[str, str], list[str]]:
    """``{(date, topic): [ID, ...]}`` for AllSides groups with ``min_outlets`` distinct sources.

    The date is the article's own ISO day (``YYYY-MM-DD``); rows with no date or another format
    (4,407 empty, 37 ``m/d/yy``, which the loader cannot read as a day either) belong to no group.
    """
    ids: dict[tuple[str, str], list[str]] = defaultdict(list)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            date = str(r.get("date") or "")
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                continue
            key = (date, str(r.get("topic") or ""))
            ids[key].append(str(r["ID"]))
            sources[key].add(str(r.get("source") or ""))
    return {k: v for k, v in sorted(ids.items()) if len(sources[k]) >= min_outlets}


def _allsides_subset(path: Path, wanted: set[str]):
    """A Corpus of the AllSides rows whose ID is in ``wanted``, loaded by
    :func:`analysis.load_corpus` from a temporary copy of just those lines (the loader reads each
    article on its own, so ``text`` and ``doc_id`` are what loading the whole file gives)."""
    with tempfile.TemporaryDirectory(prefix="samestory-speakers-") as tmp:
        sub = Path(tmp) / "allsides_subset.jsonl"
        with gzip.open(path, "rt", encoding="utf-8") as fh, open(sub, "w", encoding="utf-8") as out:
            for line in fh:
                if str(json.loads(line)["ID"]) in wanted:
                    out.write(line if line.endswith("\n") else line + "\n")
        return load_corpus(sub)


def group_key(set_name: str, row) -> str:
    """The same-story group of an article row: its PAC ``story_id``, or ``"<date>|<topic>"``."""
    if set_name == "pac":
        return str(row.story_id)
    return f"{pd.Timestamp(row.date):%Y-%m-%d}|{row.topic}"


def load_sets(shared: Path, needs: dict[str, set[str]]) -> dict[str, object]:
    """``{set name: Corpus}`` holding the articles of ``needs`` (``{set: doc_ids}``) with their
    whole same-story groups: PAC is read whole (304 articles); of AllSides only the (date, topic)
    groups of the articles named."""
    out = {}
    for name, wanted in needs.items():
        if name not in SETS:
            raise ValueError(f"unknown set {name!r}; sets are {sorted(SETS)}")
        path = shared / SETS[name]
        if name == "pac":
            out[name] = load_corpus(path)
            continue
        groups = allsides_groups(path)
        by_id = {i: k for k, ids in groups.items() for i in ids}
        missing = sorted(d for d in wanted if d not in by_id)
        if missing:
            raise ValueError(f"{path}: articles {missing[:5]} are in no (date, topic) group of "
                             f"{MIN_OUTLETS}+ outlets")
        keys = {by_id[d] for d in wanted}
        out[name] = _allsides_subset(path, {i for k in keys for i in groups[k]})
    return out


def group_quotes(corpus, set_name: str, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """:func:`extract_quotes` run on each same-story group of ``corpus`` (only ``groups`` when
    given) on its own, with ``group``, ``text_start``/``text_end`` (the quote in ``text``) and
    ``speaker_text_start``/``speaker_text_end`` (the speaker mention in ``text``; -1 when none
    or not mappable) added."""
    arts = corpus.articles
    paras = {d: g for d, g in corpus.paragraphs.groupby("doc_id", sort=False)}
    keys = pd.Series([group_key(set_name, r) for r in arts.itertuples()], index=arts.index)
    keep = None if groups is None else set(groups)
    frames = []
    for key, idx in keys.groupby(keys, sort=True).groups.items():
        if keep is not None and key not in keep:
            continue
        q = extract_quotes(arts.loc[idx])
        q.insert(2, "group", key)
        frames.append(q)
    quotes = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", "group"])
    texts = dict(zip(arts.doc_id, arts.text))
    maps: dict[str, list] = {}
    cols: dict[str, list[int]] = {"text_start": [], "text_end": [], "speaker_text_start": [], "speaker_text_end": []}
    for r in quotes.itertuples():
        if r.doc_id not in maps:
            maps[r.doc_id] = offset_map(texts[r.doc_id], paras[r.doc_id]) if r.doc_id in paras else []
        om = maps[r.doc_id]
        s, e = to_text(r.start, om), to_text(r.end, om, is_end=True)
        ok = s is not None and e is not None
        cols["text_start"].append(s if ok else -1)
        cols["text_end"].append(e if ok else -1)
        ss = se = None
        if r.speaker_start >= 0:
            ss, se = to_text(r.speaker_start, om), to_text(r.speaker_end, om, is_end=True)
        ok = ss is not None and se is not None
        cols["speaker_text_start"].append(ss if ok else -1)
        cols["speaker_text_end"].append(se if ok else -1)
    for k, v in cols.items():
        quotes[k] = pd.Series(v, index=quotes.index, dtype="int64")
    return quotes


# --------------------------------------------------------------------------------------------
# drawing the sample


def _stratum(q, body: str, para_bounds: list[tuple[int, int]]) -> str:
    """The targeted stratum of one extracted quote (first that fits, ``named`` for the rest)."""
    ps, _ = para_bounds[q.para_no] if q.para_no < len(para_bounds) else (q.start, q.end)
    if q.para_no > 0 and not body[ps:q.start].strip(" \"'\u201c\u201e\u00ab\u2018") and \
            body[slice(*para_bounds[q.para_no - 1])].rstrip().endswith(":"):
        return "colon_para"
    if not q.speaker and not q.speaker_mention:
        return "no_speaker"
    narrative = q.context.replace(q.text, " ")
    if _ORG_RE.search(narrative):
        return "institution"
    if _ANON_RE.search(narrative):
        return "anonymous"
    if _GROUP_RE.search(narrative):
        return "group"
    cues = cue_words()
    words = re.findall(r"[\w']+", narrative.lower())
    for i, w in enumerate(words):
        if w in cues and any(_PRONOUN_RE.fullmatch(x) for x in words[max(0, i - 3):i + 2]):
            return "pronoun"
    return "named"


def draw_sample(shared: Path | None = None, seed: int = SEED) -> list[dict]:
    """Candidate quotes for the gold, per set in stratum and rank order (no text; offsets only).

    Pools: every ``full`` or ``partial`` quote :func:`group_quotes` finds in the PAC stories and in
    ``N_ALLSIDES_GROUPS`` AllSides (date, topic) groups of ``MIN_OUTLETS``+ outlets drawn at random.
    From each set's pool (shuffled with ``seed``) ``RANDOM_FIRST`` candidates of the ``random``
    stratum are drawn first, then each targeted stratum of ``QUOTAS`` (``_stratum``), ``SPARE``
    times the quota each, then ``RANDOM_LATER`` more random ones; never more than ``ARTICLE_CAP``
    quotes from one article. The annotator judges each targeted stratum's candidates in rank order,
    keeping the first quota of real quotes (fewer when the stratum runs out), then the random ones
    in rank order until the set has ``PER_SET``.
    """
    shared = shared or shared_dir()
    groups = allsides_groups(shared / SETS["allsides"])
    drawn = random.Random(seed).sample(sorted(groups), N_ALLSIDES_GROUPS)
    corpora = {
        "pac": load_corpus(shared / SETS["pac"]),
        "allsides": _allsides_subset(shared / SETS["allsides"], {i for k in drawn for i in groups[k]}),
    }
    out: list[dict] = []
    for set_name, corpus in corpora.items():
        quotes = group_quotes(corpus, set_name)
        quotes = quotes[quotes.kind.isin(["full", "partial"]) & (quotes.text_start >= 0)]
        bodies = dict(zip(corpus.articles.doc_id, corpus.articles.body))
        texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
        bounds = {d: list(zip(g.start, g.end)) for d, g in corpus.paragraphs.groupby("doc_id", sort=False)}
        strata = [_stratum(q, bodies[q.doc_id], bounds.get(q.doc_id, [])) for q in quotes.itertuples()]
        order = list(range(len(quotes)))
        random.Random(f"{seed}:{set_name}").shuffle(order)
        per_article: Counter = Counter()
        taken: set[int] = set()
        rows = list(quotes.itertuples())
        ranks: Counter = Counter()
        plan = [("random", RANDOM_FIRST)] + [(k, round(v * SPARE)) for k, v in QUOTAS.items()]
        for stratum, n in plan + [("random", RANDOM_LATER)]:
            stop = ranks[stratum] + n
            for i in order:
                rank = ranks[stratum]
                if rank >= stop:
                    break
                q = rows[i]
                if i in taken or per_article[q.doc_id] >= ARTICLE_CAP:
                    continue
                if stratum != "random" and strata[i] != stratum:
                    continue
                taken.add(i)
                per_article[q.doc_id] += 1
                text = texts[q.doc_id]
                out.append({
                    "set": set_name, "group": q.group, "doc_id": q.doc_id, "stratum": stratum,
                    "rank": rank, "start": int(q.text_start), "end": int(q.text_end),
                    "check": span_check(text, q.text_start, q.text_end),
                })
                ranks[stratum] += 1
    return out


def assign_splits(records: list[dict], seed: int = SEED) -> list[dict]:
    """``records`` with ``split`` (``dev`` | ``heldout``) set by article: within each set, articles
    in an order fixed by ``seed`` each go whole to the split holding fewer quotes so far (ties to
    ``dev``), so the two splits get about half the quotes each and never share an article."""
    out = [dict(r) for r in records]
    for set_name in sorted({r["set"] for r in out}):
        counts: Counter = Counter()
        for r in out:
            if r["set"] == set_name and r.get("quote", True):
                counts[r["doc_id"]] += 1
        docs = sorted({r["doc_id"] for r in out if r["set"] == set_name},
                      key=lambda d: hashlib.sha1(f"{seed}:{d}".encode()).hexdigest())
        sizes = {"dev": 0, "heldout": 0}
        where = {}
        for d in docs:
            split = "dev" if sizes["dev"] <= sizes["heldout"] else "heldout"
            where[d] = split
            sizes[split] += counts[d]
        for r in out:
            if r["set"] == set_name:
                r["split"] = where[r["doc_id"]]
    return out


# --------------------------------------------------------------------------------------------
# reading the gold back


def read_records(path: Path = GOLD_FILE) -> list[dict]:
    """The gold records of ``path`` (JSON Lines), checked for the fields every record needs."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON ({err})") from None
            need = {"set", "group", "doc_id", "start", "end", "check", "quote", "split"}
            if r.get("quote"):
                need |= {"speaker_type", "speaker_start", "speaker_end"}
            missing = need - set(r)
            if missing:
                raise ValueError(f"{path}:{n}: record lacks {sorted(missing)}")
            if r.get("quote") and r["speaker_type"] not in SPEAKER_TYPES:
                raise ValueError(f"{path}:{n}: speaker_type {r['speaker_type']!r} is not one of {SPEAKER_TYPES}")
            out.append(r)
    return out


def load_gold(path: Path = GOLD_FILE, shared: Path | None = None, records: list[dict] | None = None):
    """``(gold, corpora)``: each record of ``path`` (or ``records``) as a :class:`GoldQuote`,
    its offsets resolved against ``corpus.articles.text`` of its set, and the loaded corpora.

    Raises ``ValueError`` naming the record when an article is missing or an offset's ``check``
    (or ``speaker_check``) does not match: the set changed or the offsets drifted.
    """
    shared = shared or shared_dir()
    recs = records if records is not None else read_records(path)
    needs: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        needs[r["set"]].add(r["doc_id"])
    corpora = load_sets(shared, needs)
    texts = {name: dict(zip(c.articles.doc_id, c.articles.text)) for name, c in corpora.items()}
    gold = []
    for r in recs:
        where = f"{path.name} record {r['set']}/{r['doc_id']} {r['start']}-{r['end']}"
        text = texts[r["set"]].get(r["doc_id"])
        if text is None:
            raise ValueError(f"{where}: no such article in {SETS[r['set']]}")
        if span_check(text, r["start"], r["end"]) != r["check"]:
            raise ValueError(f"{where}: check {r['check']} does not match the text at these offsets")
        speaker = ""
        if r.get("quote") and r["speaker_start"] >= 0:
            if span_check(text, r["speaker_start"], r["speaker_end"]) != r.get("speaker_check"):
                raise ValueError(f"{where}: speaker_check does not match the speaker offsets")
            speaker = text[r["speaker_start"]:r["speaker_end"]]
        gold.append(GoldQuote(r, text, text[r["start"]:r["end"]], speaker))
    return gold, corpora


# --------------------------------------------------------------------------------------------
# judging a predicted speaker

# words that say nothing about which entity a phrase names
_FUNCTION = frozenset(
    "the a an of for and in on at to with by from s mr mrs ms dr its his her their this that these those "
    "one two three some several other another".split()
)
_HEAD_STOP = frozenset("of for at in on with from to by who that which".split())


def _words(phrase: str) -> list[str]:
    """Lower-case, accent-free word tokens, possessive "'s" dropped, plurals folded (ministries ->
    ministry, officials -> official)."""
    out = []
    for w in re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", phrase):
        w = name_key(w) if w[:1].isalpha() else w.lower()  # name_key folds accents, drops "'s"
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w:
            out.append(w)
    return out


def _content(phrase: str) -> list[str]:
    return [w for w in _words(phrase) if w not in _FUNCTION]


def _same_word(a: str, b: str) -> bool:
    """Equal, or one a short extension of the other ("russia" / "russian", "america" / "american")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def _head(phrase: str) -> str:
    """The phrase's head word: its last content word before a preposition or relative word
    ("Department" of "Department of Homeland Security", "official" of "a senior official")."""
    words = re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", phrase)
    before = []
    for w in words:
        if w.lower() in _HEAD_STOP and before:
            break
        before.append(w)
    content = _content(" ".join(before)) or _content(phrase)
    return content[-1] if content else ""


def _acronym(phrase: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w'\u2019-]*", phrase) if w.lower() not in _FUNCTION)


def _person_parts(name: str) -> tuple[str, str, str]:
    """(first-name key, surname key, generational suffix) of a person mention, titles dropped."""
    bare = split_title(name)[1] or name
    toks = [t for t in bare.replace(",", " ").split() if t.rstrip(".").lower() not in {"jr", "sr", "ii", "iii"}]
    suffix = next((t.rstrip(".").lower() for t in bare.split() if t.rstrip(".").lower() in {"jr", "sr", "ii", "iii"}), "")
    if not toks:
        return "", "", suffix
    return (name_key(toks[0]) if len(toks) > 1 else ""), name_key(toks[-1]), suffix


def _same_person(pred: str, gold: str) -> bool:
    """Same surname key; first names, when both have one, one a prefix of the other's key; the
    same generational suffix when both have a first name. (The rule of
    :func:`analysis.names.canonical_names`, written out here on :func:`analysis.names.name_key`
    so that tuning the merging code cannot move the yardstick it is measured with.)"""
    pf, pl, ps = _person_parts(pred)
    gf, gl, gs = _person_parts(gold)
    if not pl or pl != gl:
        return False
    if pf and gf:
        if ps != gs:
            return False
        return pf.startswith(gf) or gf.startswith(pf)
    return True


def _names_entity(pred: str, phrase: str, speaker_type: str) -> bool:
    """The rule for organisations, groups and anonymous sources (see the module docstring)."""
    pw, gw = _content(pred), _content(phrase)
    if not pw or not gw:
        return False
    acro = _acronym(phrase)
    if len(acro) >= 2 and re.sub(r"[^A-Za-z]", "", pred).upper() == acro.upper():
        return True
    if not all(any(_same_word(p, g) for g in gw) for p in pw):
        return False
    if speaker_type != "organisation":  # a description: its head word says what kind of source
        head = _head(phrase)
        return any(_same_word(p, head) for p in pw)
    covered = sum(any(_same_word(p, g) for p in pw) for g in gw)
    return covered * 2 > len(gw) or covered == len(gw)


def speaker_right(gold: GoldQuote, predicted: str) -> bool:
    """Whether ``predicted`` (a canonical speaker name, "" for none) names the gold speaker.

    ``person``: :func:`_same_person` against the gold mention or one of ``speaker_alt``, and not
    a person the article also names whom ``speaker_not`` lists (a namesake or relative);
    ``organisation``/``group``/``anonymous``: :func:`_names_entity`; ``unknown``: empty.
    """
    r = gold.record
    pred = (predicted or "").strip()
    kind = r["speaker_type"]
    if kind == "unknown":
        return not pred
    if not pred:
        return False
    spans = [gold.speaker] + [gold.text[s:e] for s, e in r.get("speaker_alt", [])]
    if kind == "person":
        for s, e in r.get("speaker_not", []):
            other = gold.text[s:e]
            if _person_parts(pred)[0] and _same_person(pred, other):
                return False
        return any(_same_person(pred, sp) for sp in spans)
    return any(_names_entity(pred, sp, kind) for sp in spans)


# --------------------------------------------------------------------------------------------
# scoring the extractor


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union else 0.0


def score(gold: list[GoldQuote], corpora: dict[str, object], min_jaccard: float = 0.5) -> pd.DataFrame:
    """One row per gold record: the extracted quote overlapping it most (character Jaccard on
    ``text`` offsets, at least ``min_jaccard``) and whether its speaker is right.

    Columns: ``set``, ``doc_id``, ``split``, ``stratum``, ``quote`` (the record is a real quote),
    ``speaker_type``, ``error_class``, ``error_note``, ``hard``, ``start``, ``end``, ``matched``, ``jaccard``,
    ``pred_speaker`` (canonical), ``pred_mention``, ``pred_rule``, ``pred_kind``,
    ``pred_speaker_type`` (when the extractor has that column, else ""), ``right`` (the canonical
    speaker names the gold speaker) and ``right_mention`` (the same judged on ``speaker`` or, when
    empty, the mention as written). The extractor runs once per same-story group.
    """
    groups: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        groups[g.record["set"]].add(g.record["group"])
    by_doc: dict[tuple[str, str], pd.DataFrame] = {}
    for name, keys in groups.items():
        q = group_quotes(corpora[name], name, keys)
        for doc_id, rows in q.groupby("doc_id", sort=False):
            by_doc[(name, doc_id)] = rows
    out = []
    for g in gold:
        r = g.record
        rows = by_doc.get((r["set"], r["doc_id"]))
        best, best_j = None, 0.0
        if rows is not None:
            for q in rows.itertuples():
                if q.text_start < 0:
                    continue
                j = _jaccard((r["start"], r["end"]), (q.text_start, q.text_end))
                if j > best_j:
                    best, best_j = q, j
        matched = best is not None and best_j >= min_jaccard
        row = {
            "set": r["set"], "doc_id": r["doc_id"], "split": r["split"], "stratum": r.get("stratum", ""),
            "quote": bool(r.get("quote")), "speaker_type": r.get("speaker_type") or "",
            "error_class": r.get("error_class") or "", "error_note": r.get("error_note") or "",
            "hard": bool(r.get("hard")),
            "start": r["start"], "end": r["end"], "matched": matched, "jaccard": round(best_j, 3),
            "pred_speaker": best.speaker if matched else "", "pred_mention": best.speaker_mention if matched else "",
            "pred_rule": best.speaker_rule if matched else "", "pred_kind": best.kind if matched else "",
            "pred_speaker_type": str(getattr(best, "speaker_type", "")) if matched else "",
            "right": False, "right_mention": False,
        }
        if matched and r.get("quote"):
            row["right"] = speaker_right(g, best.speaker)
            row["right_mention"] = speaker_right(g, best.speaker or best.speaker_mention)
        out.append(row)
    return pd.DataFrame(out)


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "    - (0/0)"


def report(scores: pd.DataFrame, gold: list[GoldQuote] | None = None, errors: int = 0) -> str:
    """The printed report: per split (and for both together), quotes matched and speaker right %,
    by speaker type, error class and stratum, a confusion of speaker types when the extractor gives
    one, and ``errors`` sample errors per split."""
    lines = []
    texts = {(g.record["doc_id"], g.record["start"]): g for g in gold or []}
    present = [sp for sp in ("dev", "heldout") if (scores.split == sp).any()]
    for split in present + (["all"] if len(present) > 1 else []):
        s = scores if split == "all" else scores[scores.split == split]
        q = s[s.quote]
        m = q[q.matched]
        lines.append(f"== {split}: {len(q)} gold quotes, {len(m)} matched by an extracted quote (J>=0.5)")
        lines.append(f"  speaker right (canonical name), of matched: {_pct(int(m.right.sum()), len(m))}; "
                     f"of all gold quotes: {_pct(int(q.right.sum()), len(q))}")
        lines.append(f"  speaker right (name, else mention as written), of matched: "
                     f"{_pct(int(m.right_mention.sum()), len(m))}")
        easy = m[~m.hard]
        lines.append(f"  of matched, leaving out {int(m.hard.sum())} hard calls: {_pct(int(easy.right.sum()), len(easy))}")
        rnd = m[m.stratum == "random"]
        lines.append(f"  random stratum only (a plain sample): {_pct(int(rnd.right.sum()), len(rnd))}")
        classes = m.error_class.where(m.error_class != "", "(none: right then)")
        notes = classes + m.error_note.where(m.error_note == "", "/" + m.error_note)
        for keys, label in ((m.speaker_type, "by speaker type"),
                            (notes, "by error class of issue 16 (the extractor's error when the gold was made; "
                                    "other/<note>)"),
                            (m.stratum, "by stratum")):
            lines.append(f"  {label}:")
            for key, grp in m.groupby(keys, sort=True):
                lines.append(f"    {key:<34} {_pct(int(grp.right.sum()), len(grp))}")
        if m.pred_speaker_type.astype(bool).any():
            lines.append("  speaker type confusion (rows gold, columns predicted):")
            conf = pd.crosstab(m.speaker_type, m.pred_speaker_type.replace("", "(none)"))
            lines.extend("    " + ln for ln in conf.to_string().splitlines())
        rej = s[~s.quote]
        if len(rej):
            lines.append(f"  not quotes (rejected when judged): {len(rej)}; extracted as full/partial now: "
                         f"{int(rej.pred_kind.isin(['full', 'partial']).sum())}")
        if errors and split != "all":
            wrong = q[~q.right]
            lines.append(f"  -- {min(errors, len(wrong))} of {len(wrong)} errors --")
            for row in wrong.head(errors).itertuples():
                g = texts.get((row.doc_id, row.start))
                quote = g.quote.replace("\n", " ")[:70] if g else ""
                gold_sp = (g.speaker if g and g.speaker else "(unknown)") if g else ""
                what = "unmatched" if not row.matched else f"pred {row.pred_speaker!r} (mention {row.pred_mention!r}, {row.pred_rule})"
                cls = f" class {row.error_class}" + (f"/{row.error_note}" if row.error_note else "") if row.error_class else ""
                lines.append(f"    {row.set}/{row.doc_id} [{row.speaker_type}{cls}] "
                             f"gold {gold_sp!r}; {what}; \"{quote}\"")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.eval_speakers", description=__doc__.split("\n")[0])
    ap.add_argument("--errors", type=int, default=0, help="print N sample errors per split")
    ap.add_argument("--split", choices=["dev", "heldout"], help="score one split only")
    ap.add_argument("--gold", type=Path, default=GOLD_FILE, help="the gold file (default tests/gold/speakers.jsonl)")
    ap.add_argument("--shared", type=Path, default=None, help="the shared data folder (default ../shared)")
    ap.add_argument("--draw", type=Path, metavar="FILE",
                    help="write the seed-fixed candidate sample (no text: offsets and checks) to FILE and stop")
    ap.add_argument("--csv", type=Path, metavar="FILE", help="also write the per-quote scores to FILE")
    args = ap.parse_args(argv)
    folder = args.shared or shared_dir()
    if not (folder / "data").is_dir():
        print(f"error: {folder}/data is absent", file=sys.stderr)
        return 2
    if args.draw:
        with open(args.draw, "w", encoding="utf-8") as fh:
            for r in draw_sample(folder):
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        return 0
    recs = read_records(args.gold)
    if args.split:
        recs = [r for r in recs if r["split"] == args.split]
    gold, corpora = load_gold(args.gold, folder, recs)
    scores = score(gold, corpora)
    if args.csv:
        scores.to_csv(args.csv, index=False)
    print(report(scores, gold, args.errors), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
