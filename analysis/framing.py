"""How each outlet tells the story: countable framing structure, per article and per source.

Two short reports are too little text for word statistics; what shows an outlet's framing is
structure a reader can check: whom it credits (:func:`citations`), which verbs introduce each
speaker (:func:`reporting_verbs`), whose words it carries and in what order (:func:`voice_share`,
:func:`voice_order`), what it calls people and places and how prominently (:func:`name_mentions`,
:func:`naming`, :func:`salience`), how sure it sounds (:func:`certainty`), its tone
(:func:`sentiment`, VADER), which generic frames its words cue (:func:`frame_cues`) and what it
links to (:func:`agenda`). :func:`summary` puts one number per source and feature side by side
(z-scores from three sources up) and :func:`framing_card` says it in a few lines per source.

Everything is computed on ``body`` (boilerplate removed) of the articles that are not exact
duplicates; mentions inside boilerplate belong to the agenda. Quotes come from
:func:`analysis.quotes.extract_quotes`, names from :mod:`analysis.names`. Each table's columns are
listed in its docstring and in ``corpus/README.md`` ("framing"). The word lists are CSV files in
``analysis/data`` (see :mod:`analysis.lexicons`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from .corpus import Corpus
from .lexicons import CERTAINTY_CATEGORIES, CITATION_TYPES, FRAMES, TermMatcher, lexicon
from .names import ArticleNames, canonical_names, looks_like_person, name_runs, split_title
from .names import name_key as _name_key
from .overview import related_links
from .text import sentence_spans, sentences, stopwords, tokenize

__all__ = [
    "FramingTables", "framing_tables", "TABLES",
    "citations", "reporting_verbs", "voice_share", "voice_order", "name_mentions", "naming",
    "salience", "certainty", "sentiment", "frame_cues", "agenda", "summary", "framing_card",
    "citations_by_source", "verbs_by_source", "rates_by_source", "frame_words", "sentiment_by_source",
    "spelling_variants", "verb_counts", "entity_rates", "salience_by_source", "wide", "summary_matrix",
    "SENTIMENT_CAVEAT",
]

UNATTRIBUTED = "(unattributed)"

#: :func:`analysis.names.name_key`, memoised (framing calls it for every capitalised word).
name_key = lru_cache(maxsize=200_000)(_name_key)
SENTIMENT_CAVEAT = (
    "VADER is a lexicon tuned on social-media text; on news it tracks editorial tone only loosely "
    "(war reporting scores negative whatever the outlet's stance), so compare outlets on the same "
    "story, never read a score on its own."
)


# --------------------------------------------------------------------------------------------- #
# Shared per-article context: body, quote spans, sentences, people
# --------------------------------------------------------------------------------------------- #


@dataclass
class _Doc:
    doc_id: str
    source: str
    title: str
    body: str
    para_starts: list[int]
    sent_spans: list[tuple[int, int]]
    quote_spans: list[tuple[int, int]] = field(default_factory=list)

    def para_no(self, pos: int) -> int:
        return max(bisect_right(self.para_starts, pos) - 1, 0)

    def __post_init__(self) -> None:
        self.sent_starts = [s for s, _ in self.sent_spans]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return (0, len(self.body))
        return self.sent_spans[i]

    def quoted_share(self, start: int, end: int) -> float:
        """Share of the characters of ``[start, end)`` that lie inside quotes."""
        inside = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in self.quote_spans)
        return min(inside / max(end - start, 1), 1.0)

    def in_quote(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return any(qs <= start and end <= qe for qs, qe in self.quote_spans)


def _docs(corpus: Corpus, quotes: pd.DataFrame) -> list[_Doc]:
    arts = corpus.unique_articles
    paras = corpus.paragraphs.groupby("doc_id")["start"].apply(list).to_dict()
    qspans = {}
    if len(quotes):
        for doc_id, g in quotes.groupby("doc_id"):
            qspans[doc_id] = sorted(zip(g["start"].astype(int), g["end"].astype(int)))
    docs = []
    for doc_id, source, title, body in arts[["doc_id", "source", "title", "body"]].itertuples(index=False, name=None):
        body = body if isinstance(body, str) else ""
        spans = []
        for pstart in paras.get(doc_id, [0]):
            pend = body.find("\n\n", pstart)
            pend = len(body) if pend < 0 else pend
            spans.extend((pstart + s, pstart + e) for s, e in sentence_spans(body[pstart:pend]))
        docs.append(_Doc(doc_id, source, title if isinstance(title, str) else "", body,
                         paras.get(doc_id, [0]), spans, qspans.get(doc_id, [])))
    return docs


def _reporter_words(docs: list[_Doc]) -> pd.DataFrame:
    """Per article: words in the body, words inside quotes, and the reporter's own words."""
    rows = []
    for d in docs:
        total = len(tokenize(d.body))
        quoted = sum(len(tokenize(d.body[s:e])) for s, e in _merge(d.quote_spans))
        rows.append((d.doc_id, d.source, total, quoted, total - quoted))
    return pd.DataFrame(rows, columns=["doc_id", "source", "n_words", "quoted_words", "reporter_words"])


_INT_COLS = re.compile(r"^(n|n_.*|quoted_words|start|end|first_start|first_para|para_no|position|order|rank|people)$")
_FLOAT_COLS = re.compile(r"^(share.*|per_.*|first_position|mean_.*|value|z|neg|neu|pos|compound)$")
_BOOL_COLS = re.compile(r"^(in_.*|self_credit)$")


def _empty(cols: list[str]) -> pd.DataFrame:
    """An empty table with the dtypes a filled one has (so plots and sums on it work)."""
    def dtype(c: str) -> str:
        if _INT_COLS.match(c):
            return "int64"
        if _FLOAT_COLS.match(c):
            return "float64"
        return "bool" if _BOOL_COLS.match(c) else "object"

    return pd.DataFrame({c: pd.Series(dtype=dtype(c)) for c in cols})


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _context(d: _Doc, start: int, end: int) -> str:
    s, e = d.sentence(start)
    return d.body[min(s, start):max(e, end)].strip()


# --------------------------------------------------------------------------------------------- #
# 4. Naming: people and other named things, resolved with analysis.names
# --------------------------------------------------------------------------------------------- #

_TITLE_NP_RE = re.compile(
    r"\b[Tt]he\s+((?:(?:[A-Z][\w.\u2019'-]*|former|then|new|top|outgoing)\s+){0,3}"
    r"(?:president|prime\s+minister|chancellor|premier|minister|secretary|envoy|leader|spokes(?:wo)?man|king|pope))\b"
)


#: Nationality adjectives and demonyms ("Russian", "Chinese", "Americans"): not named things by themselves.
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|ican|ani|eli|aqi|ari)s?")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def _runs(body: str):
    """Capitalised runs from :func:`analysis.names.name_runs` (which already cuts a run where a
    sentence ends inside it), split at " and " ("Veldora and Kessia" names two things) and before
    "of <Place>" after a full name ("President Vladimir Putin of Russia"); each piece is
    ``(start, end, run)``."""
    for start, run in name_runs(body):
        for m in re.finditer(r"(?:(?! and ).)+", run):
            ps, pe = start + m.start(), start + m.end()
            text = body[ps:pe]
            of = re.search(r" of (?=[A-Z])", text)
            head = split_title(text[:of.start()])[1] if of else ""
            if of and len(head.split()) >= 2 and looks_like_person(head):
                yield ps, ps + of.start(), text[:of.start()]
                ps = ps + of.end()
                text = body[ps:pe]
            if text.strip():
                yield ps, pe, text


def _shouted(words: list[str], stop: frozenset[str]) -> bool:
    """An all-capitals run with function words in it: a shouted sentence, not a name."""
    return len(words) > 1 and all(w.isupper() for w in words) and any(w.lower() in stop for w in words)


@lru_cache(maxsize=200_000)
def _word(tok: str) -> str:
    return _POSSESSIVE.sub("", tok.strip(".,;:")).lower()


def _sentence_initial(body: str, start: int) -> bool:
    before = body[:start].rstrip(" \t\u00a0")
    return not before or before[-1] in ".!?:\n\"\u201c\u201d'\u2018(" or before.endswith("\u2014")


def name_mentions(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every mention of a named person, place or organisation in the articles' bodies.

    People are found and resolved with :class:`analysis.names.ArticleNames` (a surname to the
    fullest name the article used, a bare title such as "the Russian president" to the person the
    article gave that title) and merged across articles with :func:`analysis.names.canonical_names`
    (so "Zelenskyy" and "Zelensky" are one ``entity``). Other capitalised runs ("Kursk", "Kyiv",
    "the Kremlin" -> "Kremlin") are grouped by :func:`analysis.names.name_key` of their words; a
    sentence-initial single word counts only if the corpus also capitalises it mid-sentence.

    Columns: ``doc_id``, ``source``, ``entity`` (canonical name), ``entity_type`` (person,
    organisation, other), ``mention`` (as written, with any title: "Russian President Vladimir
    Putin"), ``title`` (the title part, may be empty), ``rule`` (name, title, surname),
    ``start``, ``end`` (offsets into ``body``), ``para_no``, ``in_quote`` (inside a quotation: the
    speaker's naming, not the outlet's).
    """
    return _tables(corpus, quotes).mentions


def _trim(body: str, start: int, run: str, midsentence: set[str], stop: frozenset[str]):
    """A capitalised run without what only looks like part of a name: ``(start, end, run, words)``
    or None. Drops shouted all-capitals text, a sentence-initial word the corpus never capitalises
    mid-sentence ("Earlier Friday"), leading function words ("The Kremlin", "While Biden") and the
    attributive ending of a hyphenated word in ``words`` ("Russia-owned" -> "Russia")."""
    toks = [(start + t.start(), t.group()) for t in re.finditer(r"\S+", run)]
    if _shouted([w for _, w in toks], stop):
        return None
    if len(toks) > 1 and _sentence_initial(body, start) and _word(toks[0][1]) not in midsentence \
            and not split_title(toks[0][1] + " X")[0]:
        toks = toks[1:]
    while toks and toks[0][1].lower() in stop:
        toks = toks[1:]
    if not toks:
        return None
    start, end = toks[0][0], toks[-1][0] + len(toks[-1][1])
    return start, end, body[start:end], [re.sub(r"-[a-z][\w-]*$", "", w) for _, w in toks]


def _find_mentions(docs: list[_Doc], quotes: pd.DataFrame) -> pd.DataFrame:
    from .names import organisation_words

    org_words, stop = organisation_words(), stopwords()
    # corpus-wide evidence: words capitalised mid-sentence, surnames of titled or full names, speakers
    midsentence: set[str] = set()
    for d in docs:
        for start, _end, run in _runs(d.body):
            if not _sentence_initial(d.body, start) and not _shouted(run.split(), stop):
                midsentence.update(_word(t) for t in run.split())
    known: set[str] = set()
    for d in docs:
        for start, _end, run in _runs(d.body):
            t = _trim(d.body, start, run, midsentence, stop)
            if t is None:
                continue
            title, name = split_title(t[2])
            if name and looks_like_person(name) and title:
                known.add(name_key(name.split()[-1]))
    if len(quotes) and "speaker" in quotes:
        for sp in quotes["speaker"].dropna():
            if isinstance(sp, str) and sp.strip():
                known.add(name_key(sp.split()[-1]))
    rows = []
    for d in docs:
        an = ArticleNames()
        found: list[tuple[int, int, str, str, str, str, str]] = []
        for start, _end, run in _runs(d.body):
            t = _trim(d.body, start, run, midsentence, stop)
            if t is None:
                continue
            start, end, run, words = t
            title, name = split_title(run)
            if name and looks_like_person(name) and (title or name_key(name.split()[-1]) in known):
                person = an.add(run, start, antecedent=True)
                if person is not None:
                    rule = "name" if (title or len(name.split()) >= 2) else "surname"
                    found.append((start, end, run, title, person.name, "person", rule))
                    continue
            if title and not name:
                person = an.by_title(title, start)
                if person is not None:
                    found.append((start, end, run, title, person.name, "person", "title"))
                    continue
            if len(words) == 1:
                low = words[0].lower().rstrip(".")
                if low in org_words or low in stop or _NATIONALITY.fullmatch(words[0]):
                    continue  # a weekday, month or nationality adjective, not a named thing
                if _sentence_initial(d.body, start) and _word(words[0]) not in midsentence:
                    continue  # "However", "Hours": capitalised only because a sentence starts
            etype = "organisation" if any(name_key(w) in org_words or w.lower() in org_words for w in words) else "other"
            found.append((start, end, run, "", " ".join(words), etype, "name"))
        for m in _TITLE_NP_RE.finditer(d.body):
            person = an.by_title(m.group(1), m.start())
            if person is not None and not any(s <= m.start() < e for s, e, *_ in found):
                found.append((m.start(), m.end(), m.group(), m.group(1), person.name, "person", "title"))
        for start, end, mention, title, entity, etype, rule in sorted(found):
            mention = _POSSESSIVE.sub("", mention)
            rows.append((d.doc_id, d.source, entity, etype, mention, title, rule, start, end,
                         d.para_no(start), d.in_quote(start, end)))
    cols = ["doc_id", "source", "entity", "entity_type", "mention", "title", "rule", "start", "end",
            "para_no", "in_quote"]
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        people = df["entity_type"] == "person"
        speakers = [sp for sp in quotes["speaker"] if isinstance(sp, str) and sp] if len(quotes) else []
        mapping = canonical_names(list(df.loc[people, "entity"]) + speakers)
        df.loc[people, "entity"] = df.loc[people, "entity"].map(lambda n: mapping.get(n, n))
        # other entities: one display form per key (the most frequent spelling)
        other = ~people
        keys = df.loc[other, "entity"].map(lambda e: " ".join(name_key(t) for t in e.split()))
        display = (df.loc[other].assign(key=keys).groupby(["key", "entity"]).size().reset_index(name="n")
                   .sort_values(["key", "n", "entity"], ascending=[True, False, True])
                   .drop_duplicates("key").set_index("key")["entity"])
        df.loc[other, "entity"] = keys.map(display)
    return df.astype({"start": "int64", "end": "int64", "para_no": "int64", "in_quote": bool})


def naming(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """How each outlet names each person and place: one row per source, entity and form.

    Columns: ``source``, ``entity``, ``entity_type``, ``mention`` (the form as written),
    ``n_mentions`` (in the outlet's own words, outside quotes), ``n_in_quotes``, ``n_articles``,
    ``share`` (of the outlet's own mentions of this entity that use this form). Sorted by source,
    entity, then most used form. Spelling variants of one person ("Zelenskyy", "Zelensky") are
    rows of one ``entity``.
    """
    return _tables(corpus, quotes).naming


def _naming(mentions: pd.DataFrame) -> pd.DataFrame:
    cols = ["source", "entity", "entity_type", "mention", "n_mentions", "n_in_quotes", "n_articles", "share"]
    if not len(mentions):
        return _empty(cols)
    m = mentions.assign(own=~mentions["in_quote"], quoted=mentions["in_quote"])
    g = m.groupby(["source", "entity", "entity_type", "mention"])
    out = pd.DataFrame({"n_mentions": g["own"].sum(), "n_in_quotes": g["quoted"].sum(),
                        "n_articles": g["doc_id"].nunique()}).reset_index()
    tot = out.groupby(["source", "entity"])["n_mentions"].transform("sum")
    out["share"] = np.where(tot > 0, out["n_mentions"] / tot.where(tot > 0, 1), 0.0)
    out = out.astype({"n_mentions": "int64", "n_in_quotes": "int64", "n_articles": "int64"})
    return out.sort_values(["source", "entity", "n_mentions", "mention"], ascending=[True, True, False, True],
                           ignore_index=True)[cols]


def salience(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """How prominent each entity is in each article: where first named, in title or lead, how often.

    Columns: ``doc_id``, ``source``, ``entity``, ``entity_type``, ``n_mentions`` (in ``body``,
    quotes included), ``n_forms`` (distinct forms used), ``main_form`` (the most used form),
    ``first_start`` (offset of the first mention), ``first_position`` (that offset / body length:
    0 = the first word), ``first_para``, ``in_title`` (the entity's name appears in the title; for
    titles read off a URL slug, as WION's in the bundled set, this matches lower-case words too),
    ``in_lead`` (mentioned in the first paragraph), ``rank`` (1 = mentioned first in the article).
    """
    return _tables(corpus, quotes).salience


def _salience(mentions: pd.DataFrame, docs: list[_Doc]) -> pd.DataFrame:
    cols = ["doc_id", "source", "entity", "entity_type", "n_mentions", "n_forms", "main_form", "first_start",
            "first_position", "first_para", "in_title", "in_lead", "rank"]
    if not len(mentions):
        return _empty(cols)
    lengths = {d.doc_id: max(len(d.body), 1) for d in docs}
    title_keys = {d.doc_id: {name_key(t) for t in re.findall(r"[\w\u2019'.-]+", d.title)} for d in docs}
    groups: dict[tuple[str, str, str, str], list[tuple[int, int, str]]] = {}
    for doc_id, source, entity, etype, mention, start, para in mentions[
        ["doc_id", "source", "entity", "entity_type", "mention", "start", "para_no"]
    ].itertuples(index=False, name=None):
        groups.setdefault((doc_id, source, entity, etype), []).append((start, para, mention))
    rows = []
    for (doc_id, source, entity, etype), ms in groups.items():
        forms = Counter(m for _, _, m in ms)
        main = sorted(forms, key=lambda f: (-forms[f], f))[0]
        first_start, first_para, _ = min(ms)
        if etype == "person":
            in_title = name_key(entity.split()[-1]) in title_keys[doc_id]
        else:
            keys = {name_key(t) for t in entity.split()} - {""}
            in_title = bool(keys) and keys <= title_keys[doc_id]
        rows.append((doc_id, source, entity, etype, len(ms), len(forms), main, int(first_start),
                     first_start / lengths[doc_id], int(first_para), bool(in_title), any(p == 0 for _, p, _ in ms)))
    out = pd.DataFrame(rows, columns=cols[:-1])
    out["rank"] = out.groupby("doc_id")["first_start"].rank(method="first").astype("int64")
    return out.sort_values(["doc_id", "rank"], ignore_index=True)[cols]


# --------------------------------------------------------------------------------------------- #
# 1. Citations
# --------------------------------------------------------------------------------------------- #

_CUE_BEFORE = re.compile(
    r"(?:according\s+to|citing|cited\s+by|quoting|quoted\s+by|reported\s+by|told|via|by|"
    r"in\s+an?\s+(?:interview|statement|post|message|report|video|briefing)\s+(?:to|with|on|in|from)|"
    r"(?:report|statement|post|interview|briefing)\s+(?:from|by|on|in))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"^(?:['\u2019]s?\s+(?:report|statement|post|account|website|channel|correspondent)|"
    r",?\s+(?:\w+\s+){0,2}?(?:reported|said|says|reports|told|stated|announced|confirmed|claimed|quoted|"
    r"cited|posted|wrote|added|noted|reporting|learned|has\s+learned|quoting|citing))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=None)
def _gazetteer() -> tuple[re.Pattern[str], list[tuple[str, str, bool]]]:
    """The gazetteer as one regex (group ``g<i>`` = row ``i``) and its rows' (name, type, needs_cue)."""
    gz = lexicon("citation_gazetteer")
    rows, parts = [], []
    for i, (name, typ, pat, cue) in enumerate(gz[["name", "type", "pattern", "needs_cue"]].itertuples(index=False, name=None)):
        rows.append((name, typ, cue.strip() == "1"))
        parts.append(f"(?P<g{i}>{pat})")
    return re.compile(r"(?<![\w.-])(?:" + "|".join(parts) + r")(?![\w-]|\.\w)"), rows


def _cite_matches(text: str, require_cue: bool = True) -> list[tuple[int, int, str, str, str, str]]:
    """(start, end, name, type, mention, cue) of credits in ``text``, left to right, not overlapping.

    ``require_cue=False`` (for credit lines, which are credits by themselves) accepts every
    gazetteer name, cue or not."""
    rx, rows = _gazetteer()
    cands = []
    for m in rx.finditer(text):
        name, typ, needs_cue = rows[int(m.lastgroup[1:])]
        mention = m.group().strip()
        if not mention:
            continue
        before = _CUE_BEFORE.search(text[max(0, m.start() - 60):m.start()])
        after = _CUE_AFTER.search(text[m.end():m.end() + 40])
        cue = (before.group().strip() if before else "") or (after.group().strip(" ,") if after else "")
        if needs_cue and require_cue and not cue:
            continue
        if typ == "platform" and not cue:
            cue = "on"
        canon = re.sub(r"^[Tt]he\s+", "the ", mention) if name == "{match}" else name
        cands.append((m.start(), m.end(), canon, typ, mention, cue))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[tuple[int, int, str, str, str, str]] = []
    for c in cands:
        if out and c[0] < out[-1][1]:
            continue
        out.append(c)
    return out


def citations(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Whom each article credits, one row per credit, typed.

    A credit is a name from the gazetteer (``analysis/data/citation_gazetteer.csv``) used as a
    source: a news agency (TASS, AFP, Reuters, AP), another outlet (DailyMail.com), a platform a
    statement was made on (Truth Social, Telegram, X), an official body ("the Russian Defense
    Ministry said"), an anonymous source ("sources said") or a generic credit ("with inputs from
    agencies"). Agencies, outlets and official bodies count only with an attribution cue next to
    them (reported, said, according to, citing ...), so "an attack on a Reuters crew" is not a
    credit. Credit lines in the boilerplate ("(With inputs from agencies)") are kept with
    ``where`` = "boilerplate".

    Columns: ``doc_id``, ``source``, ``name`` (canonical: "TASS", "Truth Social", "agencies", or
    the body's own words for an official body), ``type`` (news_agency, outlet, platform,
    official_body, anonymous, generic), ``mention`` (as written), ``cue`` (the attribution words
    next to it), ``where`` (body or boilerplate), ``start``, ``end`` (offsets into ``body``; -1
    for boilerplate), ``para_no`` (-1 for boilerplate), ``in_quote``, ``self_credit`` (the outlet
    naming itself, "told CNN" in a CNN article: left out of the summary's credit rates),
    ``context`` (the sentence, or the boilerplate line).
    """
    return _tables(corpus, quotes).citations


def _citations(corpus: Corpus, docs: list[_Doc]) -> pd.DataFrame:
    rows = []
    for d in docs:
        for start, end, name, typ, mention, cue in _cite_matches(d.body):
            rows.append((d.doc_id, d.source, name, typ, mention, cue, "body", start, end, d.para_no(start),
                         d.in_quote(start, end), _is_self(name, d.source), _context(d, start, end)))
    src = dict(zip(corpus.articles["doc_id"], corpus.articles["source"]))
    bp = corpus.boilerplate
    keep = set(d.doc_id for d in docs)
    for doc_id, kind, text in bp[["doc_id", "kind", "text"]].itertuples(index=False, name=None):
        if kind != "credit" or doc_id not in keep:
            continue
        found = _cite_matches(text, require_cue=False)
        if not found:
            found = [(0, len(text), _credit_name(text), "generic", text.strip(), "credit line")]
        for _s, _e, name, typ, mention, cue in found:
            rows.append((doc_id, src.get(doc_id, ""), name, typ, mention, cue or "credit line", "boilerplate",
                         -1, -1, -1, False, _is_self(name, src.get(doc_id, "")), text.strip()))
    cols = ["doc_id", "source", "name", "type", "mention", "cue", "where", "start", "end", "para_no",
            "in_quote", "self_credit", "context"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64", "para_no": "int64",
                                                    "in_quote": bool, "self_credit": bool})


def _credit_name(line: str) -> str:
    """Who a boilerplate credit line credits: "Newsroom staff contributed to this report" ->
    "Newsroom staff"; "(Reporting by A; editing by B)" -> "A; editing by B"; "(With inputs from
    ANI)" -> "ANI"; otherwise the line without brackets."""
    s = line.strip().strip("()").strip().rstrip(".")
    for pat in (r"^(.*?)\s+contributed to this\b", r"^(?:additional\s+)?(?:reporting|writing|editing|compiled)(?:\s+by|:)\s*(.*)$",
                r"^with\s+(?:inputs?\s+from|agency\s+inputs?)\s*(.*)$"):
        m = re.match(pat, s, flags=re.I)
        if m and m.group(1).strip():
            return m.group(1).strip()
    return s


def _is_self(name: str, source: str) -> bool:
    """The outlet naming itself ("told CNN" in a CNN article): not a credit to someone else."""
    a, b = re.sub(r"[^a-z0-9]", "", name.lower()), re.sub(r"[^a-z0-9]", "", source.lower())
    return bool(a) and len(a) >= 2 and (b.startswith(a) or a.startswith(b) and bool(b))


def citations_by_source(cites: pd.DataFrame, n_articles: pd.Series) -> pd.DataFrame:
    """Credits per source, name and type: ``source``, ``name``, ``type``, ``n``, ``n_articles``, ``per_article``."""
    cols = ["source", "name", "type", "n", "n_articles", "per_article"]
    if not len(cites):
        return _empty(cols)
    g = cites.groupby(["source", "name", "type"])
    out = pd.DataFrame({"n": g.size(), "n_articles": g["doc_id"].nunique()}).reset_index()
    out["per_article"] = out["n"] / out["source"].map(n_articles)
    return out.sort_values(["source", "n", "name"], ascending=[True, False, True], ignore_index=True)[cols]


# --------------------------------------------------------------------------------------------- #
# 2. Reporting verbs
# --------------------------------------------------------------------------------------------- #


@lru_cache(maxsize=None)
def _verb_table() -> tuple[TermMatcher, list[str], dict[str, tuple[str, str]]]:
    rv = lexicon("reporting_verbs")
    form_of: dict[str, tuple[str, str]] = {}
    for lemma, cls, *forms in rv[["lemma", "stance_class", "third_person", "past", "present_participle"]].itertuples(
        index=False, name=None
    ):
        for f in forms:
            form_of[re.sub(r"\s+", " ", f.lower())] = (lemma, cls)
    return TermMatcher(list(form_of)), list(form_of), form_of


def reporting_verbs(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each reporting verb the outlet uses, with its stance class and whom it introduces.

    Verbs come from ``analysis/data/reporting_verbs.csv`` (inflected forms only: "said", "says",
    "saying", not the bare "say", which is mostly a noun or infinitive), matched in the reporter's
    own words (never inside a quote), and not in the passive ("was criticized"). The speaker is,
    in order: the quote whose ``cue`` this verb
    is (speaker from the quotes table); a person or credited source named right after the verb
    ("said Putin", "according to TASS"); else the nearest person, pronoun (resolved to the person
    last named) or credited source before it in the same sentence. A verb with no speaker in its
    sentence is not counted ("an estimated 100").

    Columns: ``doc_id``, ``source``, ``speaker`` (canonical person name, or the credited source's
    name), ``speaker_type`` (person, credit), ``speaker_mention`` (as written), ``verb`` (as
    written), ``lemma``, ``stance_class``, ``start``, ``end``, ``para_no``, ``quote_id`` (when it
    introduces a quote, else empty), ``context`` (the sentence).
    """
    return _tables(corpus, quotes).verbs


def _reporting_verbs(docs: list[_Doc], mentions: pd.DataFrame, cites: pd.DataFrame,
                     quotes: pd.DataFrame) -> pd.DataFrame:
    matcher, forms, form_of = _verb_table()
    by_doc_m = {k: g for k, g in mentions[~mentions["in_quote"]].groupby("doc_id")} if len(mentions) else {}
    by_doc_c = {k: g for k, g in cites[cites["where"] == "body"].groupby("doc_id")} if len(cites) else {}
    by_doc_q: dict[str, list[tuple]] = {}
    if len(quotes):
        cols = ["doc_id", "start", "end", "speaker_start", "speaker_end", "cue", "para_no", "quote_id", "speaker",
                "speaker_mention"]
        for r in quotes[cols].itertuples(index=False, name=None):
            cue = r[5].lower() if isinstance(r[5], str) else ""
            by_doc_q.setdefault(r[0], []).append((*r[1:5], cue, *r[6:]))
    rows = []
    pron_rx = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
    for d in docs:
        actors: list[tuple[int, int, str, str, str]] = []  # start, end, name, type, as written
        m = by_doc_m.get(d.doc_id)
        if m is not None:
            for s, e, ent, etype, men in m[["start", "end", "entity", "entity_type", "mention"]].itertuples(
                index=False, name=None
            ):
                if etype == "person":
                    actors.append((s, e, ent, "person", men))
        c = by_doc_c.get(d.doc_id)
        if c is not None:  # a platform is where something was said, never who said it
            for s, e, name, men, typ in c[["start", "end", "name", "mention", "type"]].itertuples(index=False, name=None):
                if typ != "platform":
                    actors.append((s, e, name, "credit", men))
        people = sorted(a for a in actors if a[3] == "person")
        p_ends = [a[1] for a in people]
        for pm in pron_rx.finditer(d.body):
            if d.in_quote(pm.start()):
                continue
            k = bisect_right(p_ends, pm.start())
            if k:
                last = people[k - 1]
                actors.append((pm.start(), pm.end(), last[2], "person", pm.group()))
        actors.sort()
        a_starts = [a[0] for a in actors]
        q = by_doc_q.get(d.doc_id)
        for vs, ve, i in matcher.find(d.body):
            if d.in_quote(vs, ve):
                continue
            verb = d.body[vs:ve]
            lemma, cls = form_of[forms[i]]
            if _PASSIVE_RE.search(d.body[max(0, vs - 40):vs]) and not verb.lower().endswith("ing"):
                continue  # "may be rightly criticized", "was denied": the subject is not the speaker
            ss, se = d.sentence(vs)
            speaker = stype = smention = quote_id = ""
            if q:
                # the verb is this quote's cue when it sits right before or after the quote, or
                # right next to the quote's speaker mention
                para, low, best = d.para_no(vs), verb.lower(), None
                for qs, qe, sp_s, sp_e, cue, qpara, qid, qspk, qmen in q:
                    if qpara != para or low not in cue:
                        continue
                    if not (0 <= vs - qe <= 40 or 0 <= qs - ve <= 40
                            or (sp_s >= 0 and (0 <= vs - sp_e <= 25 or 0 <= sp_s - ve <= 25))):
                        continue
                    dist = min(abs(qs - ve), abs(qe - vs))
                    if best is None or dist < best[0]:
                        best = (dist, qid, qspk, qmen)
                if best is not None:
                    quote_id = best[1]
                    if isinstance(best[2], str) and best[2]:
                        speaker, stype = best[2], "person"
                        smention = best[3] if isinstance(best[3], str) else ""
            if not speaker:
                after = actors[bisect_left(a_starts, ve):bisect_right(a_starts, min(ve + 5, se - 1))]
                prior = [a for a in actors[bisect_left(a_starts, ss):bisect_left(a_starts, vs)] if a[1] <= vs]
                inverted = bool(after) and d.body[ve:after[0][0]].strip() == "" and \
                    re.search(r"[\"\u201d\u2019],?\s*$", d.body[max(0, vs - 4):vs]) is not None  # '," said Putin'
                inside = [a for a in actors[:bisect_right(a_starts, vs)] if a[3] == "credit" and ve <= a[1]]
                if inside:  # the verb belongs to a credit phrase ("sources said")
                    pick = inside[-1]
                elif lemma == "according to":
                    pick = after[0] if after else None
                elif inverted or (after and not prior):
                    pick = after[0]
                else:
                    pick = prior[-1] if prior else None
                if pick is None:
                    continue
                if pick[1] <= vs and _other_subject(d.body[pick[1]:vs]):
                    continue  # "lawmakers said", "it urges", "her daughter, who worries": not the named actor
                speaker, stype, smention = pick[2], pick[3], pick[4]
            rows.append((d.doc_id, d.source, speaker, stype, smention, verb, lemma, cls, vs, ve, d.para_no(vs),
                         quote_id, d.body[ss:se].strip()))
    cols = ["doc_id", "source", "speaker", "speaker_type", "speaker_mention", "verb", "lemma", "stance_class",
            "start", "end", "para_no", "quote_id", "context"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64", "para_no": "int64"})


_PASSIVE_RE = re.compile(r"\b(?:be|been|being|is|are|was|were|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_AUX = frozenset("has have had was were is are be been being also repeatedly later then further again previously "
                 "reportedly publicly privately not never would will could may might had n't once still "
                 "quickly immediately".split())
_NOT_ACTOR = frozenset({"it", "who", "which", "that", "this", "these", "those"})


def _other_subject(gap: str) -> bool:
    """True when the words between a named actor and a verb end in another subject: a pronoun
    that is not a person ("it"), a relative pronoun ("who"), or a plural common noun
    ("lawmakers", "supporters")."""
    words = re.findall(r"[\w'\u2019]+", gap)
    while words and words[-1].lower() in _AUX:
        words.pop()
    if not words:
        return False
    last = words[-1]
    if last.lower() in _NOT_ACTOR:
        return True
    return last.islower() and len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "'s"))


def verbs_by_source(verbs: pd.DataFrame, by_speaker: bool = False) -> pd.DataFrame:
    """Stance classes per source (and speaker): ``source``, [``speaker``], ``stance_class``, ``n``, ``share``.

    Every class of ``analysis/data/stance_classes.csv`` is listed (zero where unused) so outlets
    line up; ``share`` is of the source's (or speaker's) reporting verbs.
    """
    classes = list(lexicon("stance_classes").sort_values("order", key=lambda s: s.astype(int))["stance_class"])
    keys = ["source", "speaker"] if by_speaker else ["source"]
    cols = keys + ["stance_class", "n", "share"]
    if not len(verbs):
        return _empty(cols)
    counts = verbs.groupby(keys + ["stance_class"]).size()
    groups = verbs[keys].drop_duplicates().itertuples(index=False, name=None)
    grid = pd.MultiIndex.from_tuples([(*g, c) for g in groups for c in classes], names=keys + ["stance_class"])
    out = counts.reindex(grid, fill_value=0).rename("n").reset_index()
    tot = out.groupby(keys)["n"].transform("sum")
    out["share"] = out["n"] / tot
    out["stance_class"] = pd.Categorical(out["stance_class"], classes, ordered=True)
    out = out.sort_values(keys + ["stance_class"], ignore_index=True)
    out["stance_class"] = out["stance_class"].astype(str)
    return out.astype({"n": "int64"})[cols]


# --------------------------------------------------------------------------------------------- #
# 3. Voices
# --------------------------------------------------------------------------------------------- #


def _speaker(s: object) -> str:
    return s if isinstance(s, str) and s.strip() else UNATTRIBUTED


def voice_share(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Whose words each outlet carries: quoted words per speaker per source.

    Columns: ``source``, ``speaker`` (canonical; "(unattributed)" for quotes with no speaker, such
    as scare quotes), ``n_quotes``, ``n_full``, ``n_partial``, ``n_scare``, ``quoted_words``
    (word tokens inside the speaker's quotes), ``share`` (of the source's quoted words),
    ``share_of_body`` (of all the source's body words), ``n_articles`` (articles quoting the
    speaker). Sorted by source, then most words.
    """
    return _tables(corpus, quotes).voices


def _voice_share(quotes: pd.DataFrame, words: pd.DataFrame) -> pd.DataFrame:
    cols = ["source", "speaker", "n_quotes", "n_full", "n_partial", "n_scare", "quoted_words", "share",
            "share_of_body", "n_articles"]
    if not len(quotes):
        return _empty(cols)
    q = quotes.assign(speaker=quotes["speaker"].map(_speaker), words=quotes["text"].map(lambda t: len(tokenize(t))))
    for k in ("full", "partial", "scare"):
        q[f"n_{k}"] = (q["kind"] == k).astype(int)
    g = q.groupby(["source", "speaker"])
    out = pd.DataFrame({"n_quotes": g.size(), "n_full": g["n_full"].sum(), "n_partial": g["n_partial"].sum(),
                        "n_scare": g["n_scare"].sum(), "quoted_words": g["words"].sum(),
                        "n_articles": g["doc_id"].nunique()}).reset_index()
    tot = out.groupby("source")["quoted_words"].transform("sum")
    out["share"] = out["quoted_words"] / tot.where(tot > 0, 1)
    body = words.groupby("source")["n_words"].sum()
    out["share_of_body"] = out["quoted_words"] / out["source"].map(body).where(lambda s: s > 0, 1)
    out = out.astype({c: "int64" for c in ["n_quotes", "n_full", "n_partial", "n_scare", "quoted_words", "n_articles"]})
    return out.sort_values(["source", "quoted_words", "speaker"], ascending=[True, False, True], ignore_index=True)[cols]


def voice_order(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The order in which voices are heard in each article (first quote of each speaker).

    Columns: ``doc_id``, ``source``, ``order`` (1 = the first voice quoted), ``speaker``,
    ``first_quote_id``, ``first_start`` (offset of that quote in ``body``), ``first_position``
    (offset / body length), ``n_quotes``, ``quoted_words``. Unattributed quotes are left out.
    """
    return _tables(corpus, quotes).voice_order


def _voice_order(quotes: pd.DataFrame, docs: list[_Doc]) -> pd.DataFrame:
    cols = ["doc_id", "source", "order", "speaker", "first_quote_id", "first_start", "first_position",
            "n_quotes", "quoted_words"]
    if not len(quotes):
        return _empty(cols)
    lengths = {d.doc_id: max(len(d.body), 1) for d in docs}
    q = quotes[quotes["speaker"].map(lambda s: isinstance(s, str) and bool(s.strip()))]
    q = q.assign(words=q["text"].map(lambda t: len(tokenize(t)))).sort_values(["doc_id", "start"])
    g = q.groupby(["doc_id", "source", "speaker"], sort=False)
    out = pd.DataFrame({"first_quote_id": g["quote_id"].first(), "first_start": g["start"].min(),
                        "n_quotes": g.size(), "quoted_words": g["words"].sum()}).reset_index()
    out["first_position"] = out["first_start"] / out["doc_id"].map(lengths)
    out = out.sort_values(["doc_id", "first_start"], ignore_index=True)
    out["order"] = out.groupby("doc_id").cumcount() + 1
    return out.astype({"first_start": "int64", "n_quotes": "int64", "quoted_words": "int64"})[cols]


# --------------------------------------------------------------------------------------------- #
# 5. Certainty and 7. frame cues: transparent lexicon matches
# --------------------------------------------------------------------------------------------- #


@lru_cache(maxsize=None)
def _matcher(name: str, term_col: str) -> TermMatcher:
    return TermMatcher(list(lexicon(name)[term_col]))


def _lexicon_matches(docs: list[_Doc], name: str, term_col: str, class_col: str) -> pd.DataFrame:
    lex = lexicon(name)
    terms = list(lex[term_col])
    matcher = _matcher(name, term_col)
    cls = list(lex[class_col])
    rows = []
    for d in docs:
        for start, end, i in matcher.find(d.body):
            rows.append((d.doc_id, d.source, cls[i], terms[i], d.body[start:end], start, end, d.para_no(start),
                         d.in_quote(start, end), _context(d, start, end)))
    cols = ["doc_id", "source", class_col, "term", "matched", "start", "end", "para_no", "in_quote", "context"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64", "para_no": "int64",
                                                    "in_quote": bool})


def certainty(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hedges, boosters and evidential markers, one row per match (``certainty_markers.csv``).

    Columns: ``doc_id``, ``source``, ``category`` (hedge, booster, evidential), ``term`` (the
    lexicon entry), ``matched`` (as written), ``start``, ``end``, ``para_no``, ``in_quote``
    (inside a quotation: the speaker's certainty, not the outlet's), ``context`` (the sentence).
    """
    return _tables(corpus, quotes).certainty


def frame_cues(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Words cueing six generic news frames, one row per match (``frame_cues.csv``).

    Frames: conflict, humanitarian (human interest and morality), diplomacy (negotiation),
    military (and security), legality, responsibility. Columns: ``doc_id``, ``source``, ``frame``,
    ``term`` (the lexicon entry, ``*`` = any ending), ``matched`` (the word as written),
    ``start``, ``end``, ``para_no``, ``in_quote``, ``context``.
    """
    return _tables(corpus, quotes).frames


def rates_by_source(matches: pd.DataFrame, class_col: str, classes: tuple[str, ...],
                    words: pd.DataFrame) -> pd.DataFrame:
    """Matches per 1,000 words per source and class, in the reporter's words and overall.

    Columns: ``source``, ``<class_col>``, ``n`` (all matches), ``n_reporter`` (outside quotes),
    ``per_1k_words`` (``n`` per 1,000 body words), ``per_1k_reporter_words`` (``n_reporter`` per
    1,000 words outside quotes).
    """
    sources = sorted(words["source"].unique())
    grid = pd.MultiIndex.from_product([sources, list(classes)], names=["source", class_col])
    if len(matches):
        g = matches.groupby(["source", class_col])
        out = pd.DataFrame({"n": g.size(), "n_reporter": g["in_quote"].apply(lambda s: int((~s).sum()))})
    else:
        out = pd.DataFrame({"n": [], "n_reporter": []}, index=grid[:0])
    out = out.reindex(grid, fill_value=0).reset_index().astype({"n": "int64", "n_reporter": "int64"})
    w = words.groupby("source")[["n_words", "reporter_words"]].sum()
    out["per_1k_words"] = 1000 * out["n"] / out["source"].map(w["n_words"]).clip(lower=1)
    out["per_1k_reporter_words"] = 1000 * out["n_reporter"] / out["source"].map(w["reporter_words"]).clip(lower=1)
    return out


def frame_words(frames: pd.DataFrame) -> pd.DataFrame:
    """The words behind each frame score: ``source``, ``frame``, ``word`` (lower case), ``n``, ``n_reporter``."""
    cols = ["source", "frame", "word", "n", "n_reporter"]
    if not len(frames):
        return _empty(cols)
    f = frames.assign(word=frames["matched"].str.lower().str.replace("\u2019", "'"), rep=~frames["in_quote"])
    g = f.groupby(["source", "frame", "word"])
    out = pd.DataFrame({"n": g.size(), "n_reporter": g["rep"].sum()}).reset_index()
    return out.astype({"n_reporter": "int64"}).sort_values(["source", "frame", "n", "word"],
                                                           ascending=[True, True, False, True], ignore_index=True)


# --------------------------------------------------------------------------------------------- #
# 6. Sentiment (VADER)
# --------------------------------------------------------------------------------------------- #


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """VADER scores per sentence of ``body`` and per quote (the lexicon shipped in ``vaderSentiment``).

    Caveat: see ``SENTIMENT_CAVEAT`` — VADER follows news tone only loosely. Columns: ``doc_id``,
    ``source``, ``unit`` (sentence or quote), ``unit_id`` ("<doc_id>:s<n>" or the quote_id),
    ``speaker`` (quotes only), ``para_no``, ``start``, ``end``, ``in_quote`` (for a sentence: at
    least half its characters are inside quotes, so it is mostly someone else's words), ``neg``, ``neu``, ``pos``, ``compound`` (-1 to 1), ``text``.
    """
    return _tables(corpus, quotes).sentiment


def _sentiment(corpus: Corpus, docs: list[_Doc], quotes: pd.DataFrame) -> pd.DataFrame:
    an = _vader()
    keep = {d.doc_id: d for d in docs}
    rows = []
    sents = sentences(corpus.paragraphs[corpus.paragraphs["doc_id"].isin(keep)])
    for doc_id, para_no, sent_no, start, end, text in sents.itertuples(index=False, name=None):
        d = keep[doc_id]
        sc = an.polarity_scores(text)
        rows.append((doc_id, d.source, "sentence", f"{doc_id}:s{sent_no}", "", para_no, start, end,
                     d.quoted_share(start, end) >= 0.5, sc["neg"], sc["neu"], sc["pos"], sc["compound"], text))
    for r in quotes.itertuples(index=False):
        sc = an.polarity_scores(r.text)
        rows.append((r.doc_id, r.source, "quote", r.quote_id, _speaker(r.speaker), r.para_no, r.start, r.end, True,
                     sc["neg"], sc["neu"], sc["pos"], sc["compound"], r.text))
    cols = ["doc_id", "source", "unit", "unit_id", "speaker", "para_no", "start", "end", "in_quote",
            "neg", "neu", "pos", "compound", "text"]
    return pd.DataFrame(rows, columns=cols).astype({"para_no": "int64", "start": "int64", "end": "int64",
                                                    "in_quote": bool})


def sentiment_by_source(sent: pd.DataFrame) -> pd.DataFrame:
    """Mean VADER compound per source and unit, with the share of clearly negative and positive units.

    Columns: ``source``, ``unit`` (sentence; reporter_sentence, the sentences less than half
    inside quotes; quote), ``n``, ``mean_compound``, ``share_negative`` (compound <= -0.05),
    ``share_positive`` (compound >= 0.05). VADER's conventional +-0.05 thresholds.
    """
    cols = ["source", "unit", "n", "mean_compound", "share_negative", "share_positive"]
    if not len(sent):
        return _empty(cols)
    rep = sent[(sent["unit"] == "sentence") & ~sent["in_quote"]].assign(unit="reporter_sentence")
    s = pd.concat([sent, rep], ignore_index=True)
    g = s.groupby(["source", "unit"])["compound"]
    out = pd.DataFrame({"n": g.size(), "mean_compound": g.mean(),
                        "share_negative": g.apply(lambda c: float((c <= -0.05).mean())),
                        "share_positive": g.apply(lambda c: float((c >= 0.05).mean()))}).reset_index()
    return out.astype({"n": "int64"})[cols]


# --------------------------------------------------------------------------------------------- #
# 8. Agenda
# --------------------------------------------------------------------------------------------- #


def agenda(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The related links each outlet adds ("Also read: ..."), from the boilerplate table.

    Columns: ``source``, ``doc_id``, ``kind`` (related_link, read_more), ``target`` (the linked
    title), ``position`` (line in ``text``), ``frame`` (the frame most of the target's words cue,
    empty when none), ``people`` (how many people the corpus names appear in the target).
    """
    return _tables(corpus, quotes).agenda


def _agenda(corpus: Corpus, mentions: pd.DataFrame, docs: list[_Doc]) -> pd.DataFrame:
    keep = {d.doc_id for d in docs}
    links = related_links(corpus)
    links = links[links["doc_id"].isin(keep)].reset_index(drop=True)
    matcher, frames = _matcher("frame_cues", "term"), list(lexicon("frame_cues")["frame"])
    surnames = set()
    if len(mentions):
        surnames = {name_key(e.split()[-1]) for e in mentions.loc[mentions["entity_type"] == "person", "entity"]}
    top, people = [], []
    for t in links["target"].fillna(""):
        counts = pd.Series([frames[i] for _s, _e, i in matcher.find(t)], dtype=str).value_counts()
        top.append(sorted(counts.index, key=lambda f: (-counts[f], f))[0] if len(counts) else "")
        people.append(len({name_key(w) for w in re.findall(r"[A-Z][\w\u2019'-]+", t)} & surnames))
    links["frame"] = top
    links["people"] = pd.Series(people, dtype="int64")
    return links[["source", "doc_id", "kind", "target", "position", "frame", "people"]]


# --------------------------------------------------------------------------------------------- #
# All tables at once, summary and card
# --------------------------------------------------------------------------------------------- #


@dataclass
class FramingTables:
    """Every framing table of one corpus, computed once (see each function for the columns)."""

    quotes: pd.DataFrame
    words: pd.DataFrame
    mentions: pd.DataFrame
    naming: pd.DataFrame
    salience: pd.DataFrame
    citations: pd.DataFrame
    verbs: pd.DataFrame
    voices: pd.DataFrame
    voice_order: pd.DataFrame
    certainty: pd.DataFrame
    frames: pd.DataFrame
    sentiment: pd.DataFrame
    agenda: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        """One table by its CLI name (see ``TABLES``)."""
        if name not in TABLES:
            raise KeyError(f"unknown framing table {name!r}; choose from {', '.join(TABLES)}")
        return TABLES[name][1](self)


_CACHE: dict[int, tuple[Corpus, pd.DataFrame | None, FramingTables]] = {}


def _tables(corpus: Corpus, quotes: pd.DataFrame | None) -> FramingTables:
    hit = _CACHE.get(id(corpus))
    if hit is not None and hit[0] is corpus and hit[1] is quotes:
        return hit[2]
    return framing_tables(corpus, quotes)


def framing_tables(corpus: Corpus, quotes: pd.DataFrame | None = None) -> FramingTables:
    """Compute every framing table for ``corpus`` (quotes extracted unless given).

    The last corpus's tables are kept, so calling :func:`summary`, :func:`framing_card` or another
    table function on the same corpus afterwards does not compute them again.
    """
    given = quotes
    if quotes is None:
        from .quotes import extract_quotes

        quotes = extract_quotes(corpus.unique_articles)
    keep = set(corpus.unique_articles["doc_id"])
    quotes = quotes[quotes["doc_id"].isin(keep)].reset_index(drop=True)
    docs = _docs(corpus, quotes)
    words = _reporter_words(docs)
    mentions = _find_mentions(docs, quotes)
    if len(quotes):  # one canonical name per person across quotes and mentions
        people = mentions.loc[mentions["entity_type"] == "person", "entity"] if len(mentions) else []
        mapping = canonical_names(list(people) + [s for s in quotes["speaker"] if isinstance(s, str) and s])
        quotes = quotes.assign(speaker=quotes["speaker"].map(lambda s: mapping.get(s, s) if isinstance(s, str) else ""))
    cites = _citations(corpus, docs)
    tables = FramingTables(
        quotes=quotes, words=words, mentions=mentions, naming=_naming(mentions),
        salience=_salience(mentions, docs), citations=cites,
        verbs=_reporting_verbs(docs, mentions, cites, quotes), voices=_voice_share(quotes, words),
        voice_order=_voice_order(quotes, docs),
        certainty=_lexicon_matches(docs, "certainty_markers", "term", "category"),
        frames=_lexicon_matches(docs, "frame_cues", "term", "frame"),
        sentiment=_sentiment(corpus, docs, quotes), agenda=_agenda(corpus, mentions, docs),
    )
    _CACHE.clear()
    _CACHE[id(corpus)] = (corpus, given, tables)
    return tables


def _n_articles(t: FramingTables) -> pd.Series:
    return t.words.groupby("source").size()


#: Features of the summary: (group, feature) -> how it is computed per source. Rates are per
#: article, per 1,000 words or shares, so outlets of different lengths compare.
def _features(t: FramingTables) -> pd.DataFrame:
    n_art = _n_articles(t)
    sources = sorted(n_art.index)
    feats: dict[tuple[str, str], pd.Series] = {}
    c = t.citations[~t.citations["self_credit"]] if len(t.citations) else t.citations
    feats[("citations", "credits per article")] = c.groupby("source").size().reindex(sources, fill_value=0) / n_art
    for typ in CITATION_TYPES:
        n = c[c["type"] == typ].groupby("source").size().reindex(sources, fill_value=0)
        feats[("citations", f"{typ.replace('_', ' ')} credits per article")] = n / n_art
    v = verbs_by_source(t.verbs)
    for cls in lexicon("stance_classes").sort_values("order", key=lambda o: o.astype(int))["stance_class"]:
        g = v[v["stance_class"] == cls] if len(v) else v
        feats[("reporting verbs", f"{cls} share")] = (g.set_index("source")["share"].reindex(sources, fill_value=0.0)
                                                      if len(g) else pd.Series(0.0, index=sources))
    vs = t.voices
    named = vs[vs["speaker"] != UNATTRIBUTED] if len(vs) else vs
    w = t.words.groupby("source")[["n_words", "quoted_words"]].sum()
    feats[("voices", "quoted share of words")] = (w["quoted_words"] / w["n_words"].clip(lower=1)).reindex(sources)
    feats[("voices", "voices per article")] = (t.voice_order.groupby("source").size().reindex(sources, fill_value=0) / n_art
                                               if len(t.voice_order) else pd.Series(0.0, index=sources))
    feats[("voices", "top voice share")] = (named.groupby("source")["share"].max().reindex(sources, fill_value=0.0)
                                            if len(named) else pd.Series(0.0, index=sources))
    own = t.mentions[~t.mentions["in_quote"]] if len(t.mentions) else t.mentions
    per_1k = 1000 / t.words.groupby("source")["reporter_words"].sum().clip(lower=1)
    for etype in ("person", "organisation", "other"):
        n = own[own["entity_type"] == etype].groupby("source").size().reindex(sources, fill_value=0) if len(own) else 0
        feats[("naming", f"{etype} mentions per 1k words")] = n * per_1k
    sal = t.salience
    feats[("naming", "entities named in lead per article")] = (
        sal[sal["in_lead"]].groupby("source").size().reindex(sources, fill_value=0) / n_art if len(sal) else 0.0)
    cr = rates_by_source(t.certainty, "category", CERTAINTY_CATEGORIES, t.words)
    for cat, g in cr.groupby("category", sort=False):
        feats[("certainty", f"{cat}s per 1k reporter words")] = g.set_index("source")["per_1k_reporter_words"]
    sb = sentiment_by_source(t.sentiment)
    for unit, label in (("reporter_sentence", "reporter sentences"), ("quote", "quotes")):
        g = sb[sb["unit"] == unit].set_index("source") if len(sb) else pd.DataFrame(columns=["mean_compound"])
        feats[("sentiment", f"mean compound, {label}")] = g["mean_compound"].reindex(sources)
    fr = rates_by_source(t.frames, "frame", FRAMES, t.words)
    for frame, g in fr.groupby("frame", sort=False):
        feats[("frames", f"{frame} cues per 1k reporter words")] = g.set_index("source")["per_1k_reporter_words"]
    a = t.agenda
    feats[("agenda", "related links per article")] = (a.groupby("source").size().reindex(sources, fill_value=0) / n_art
                                                      if len(a) else pd.Series(0.0, index=sources))
    rows = []
    for (group, feature), s in feats.items():
        s = pd.Series(s, index=sources) if not isinstance(s, pd.Series) else s.reindex(sources)
        for src, val in s.items():
            rows.append((src, group, feature, float(val) if pd.notna(val) else np.nan))
    return pd.DataFrame(rows, columns=["source", "group", "feature", "value"])


def summary(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One value per source and feature, standardised across sources when there are three or more.

    Columns: ``source``, ``group`` (citations, reporting verbs, voices, naming, certainty,
    sentiment, frames, agenda), ``feature``, ``value`` (the raw rate or share), ``z`` (the value
    standardised across sources: (value - mean) / sample standard deviation; empty with fewer than
    three sources, where two values always standardise to +-0.71, and where every source has the
    same value), ``n_articles``.
    """
    return _summary(_tables(corpus, quotes))


def _summary(t: FramingTables) -> pd.DataFrame:
    f = _features(t)
    n_src = f["source"].nunique()
    if n_src >= 3:
        g = f.groupby("feature")["value"]
        sd = g.transform("std")
        f["z"] = ((f["value"] - g.transform("mean")) / sd).where(sd > 0)
    else:
        f["z"] = np.nan
    f["n_articles"] = f["source"].map(_n_articles(t)).astype("int64")
    return f


def framing_card(corpus: Corpus, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A few plain lines per source saying how it framed the story.

    Columns: ``source``, ``aspect`` (articles, credits, verbs, voices, naming, certainty, tone,
    frames, agenda), ``finding`` (a short computed sentence, e.g. "TASS 3, DailyMail.com 2").
    """
    return _card(_tables(corpus, quotes))


def _top(pairs: pd.Series, n: int = 3, fmt: str = "{k} {v}") -> str:
    pairs = pairs[pairs > 0]
    items = sorted(pairs.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]
    return ", ".join(fmt.format(k=k, v=v) for k, v in items) or "none"


def _card(t: FramingTables) -> pd.DataFrame:
    n_art = _n_articles(t)
    words = t.words.groupby("source")[["n_words", "quoted_words", "reporter_words"]].sum()
    verbs = verbs_by_source(t.verbs)
    cr = rates_by_source(t.certainty, "category", CERTAINTY_CATEGORIES, t.words)
    fr = rates_by_source(t.frames, "frame", FRAMES, t.words)
    sb = sentiment_by_source(t.sentiment)
    rows = []
    for src in sorted(n_art.index):
        rows.append((src, "articles", f"{n_art[src]} article(s), {words.loc[src, 'n_words']} words, "
                     f"{words.loc[src, 'quoted_words'] / max(words.loc[src, 'n_words'], 1):.0%} inside quotes"))
        c = t.citations[t.citations["source"] == src]
        rows.append((src, "credits", _top(c.groupby("name").size(), 5)))
        v = verbs[verbs["source"] == src] if len(verbs) else verbs
        rows.append((src, "verbs", _top(v.set_index("stance_class")["share"] if len(v) else pd.Series(dtype=float), 3,
                                        "{k} {v:.0%}")))
        vo = t.voices[t.voices["source"] == src] if len(t.voices) else t.voices
        rows.append((src, "voices", _top(vo.set_index("speaker")["quoted_words"] if len(vo) else pd.Series(dtype=int),
                                         3, "{k} {v} words")))
        m = t.mentions[(t.mentions["source"] == src) & ~t.mentions["in_quote"]] if len(t.mentions) else t.mentions
        rows.append((src, "naming", _top(m.groupby("entity").size() if len(m) else pd.Series(dtype=int), 4)))
        cc = cr[cr["source"] == src].set_index("category")["per_1k_reporter_words"]
        rows.append((src, "certainty", ", ".join(f"{k}s {v:.1f}/1k words" for k, v in cc.items())))
        s = sb[(sb["source"] == src) & (sb["unit"] == "reporter_sentence")] if len(sb) else sb
        rows.append((src, "tone", f"mean VADER compound {s['mean_compound'].iloc[0]:+.2f} over {s['n'].iloc[0]} "
                                  "reporter sentences" if len(s) else "no sentences"))
        ff = fr[fr["source"] == src].set_index("frame")["per_1k_reporter_words"]
        rows.append((src, "frames", _top(ff, 3, "{k} {v:.1f}/1k")))
        a = t.agenda[t.agenda["source"] == src] if len(t.agenda) else t.agenda
        cued = a["frame"][a["frame"] != ""].value_counts() if len(a) else pd.Series(dtype=int)
        rows.append((src, "agenda", f"{len(a)} related link(s)" + (
            "; frames cued: " + _top(cued, 3) if len(cued) else "")))
    return pd.DataFrame(rows, columns=["source", "aspect", "finding"])


def spelling_variants(mentions: pd.DataFrame) -> pd.DataFrame:
    """People whose surname the corpus spells more than one way ("Zelenskyy", "Zelensky").

    Columns: ``entity`` (canonical name), ``source``, ``spelling`` (the surname as written),
    ``n`` (mentions with that spelling). Only people with two or more spellings are listed.
    """
    cols = ["entity", "source", "spelling", "n"]
    p = mentions[(mentions["entity_type"] == "person") & (mentions["rule"] != "title")] if len(mentions) else mentions
    if not len(p):
        return _empty(cols)
    sp = p["mention"].map(lambda m: _POSSESSIVE.sub("", split_title(m)[1].split()[-1]) if split_title(m)[1] else "")
    p = p.assign(spelling=sp)
    p = p[p["spelling"] != ""]
    out = p.groupby(["entity", "source", "spelling"]).size().rename("n").reset_index()
    multi = out.groupby("entity")["spelling"].transform("nunique") > 1
    return out[multi].sort_values(["entity", "source", "n"], ascending=[True, True, False], ignore_index=True)[cols]


def verb_counts(verbs: pd.DataFrame) -> pd.DataFrame:
    """How often each outlet introduces each speaker with each verb.

    Columns: ``source``, ``speaker``, ``speaker_type``, ``verb`` (lower case), ``stance_class``,
    ``n``. Sorted by source, speaker, then most used verb.
    """
    cols = ["source", "speaker", "speaker_type", "verb", "stance_class", "n"]
    if not len(verbs):
        return _empty(cols)
    v = verbs.assign(verb=verbs["verb"].str.lower())
    out = v.groupby(["source", "speaker", "speaker_type", "verb", "stance_class"]).size().rename("n").reset_index()
    return out.sort_values(["source", "speaker", "n", "verb"], ascending=[True, True, False, True],
                           ignore_index=True)[cols]


def entity_rates(mentions: pd.DataFrame, words: pd.DataFrame) -> pd.DataFrame:
    """How often each outlet names each entity in its own words (quotes left out).

    Columns: ``source``, ``entity``, ``entity_type``, ``n_mentions``, ``per_article`` (over all
    the source's articles), ``per_1k_words`` (per 1,000 reporter words). Sorted by source, then
    most mentioned.
    """
    cols = ["source", "entity", "entity_type", "n_mentions", "per_article", "per_1k_words"]
    own = mentions[~mentions["in_quote"]] if len(mentions) else mentions
    if not len(own):
        return _empty(cols)
    out = own.groupby(["source", "entity", "entity_type"]).size().rename("n_mentions").reset_index()
    w = words.groupby("source").agg(n_articles=("doc_id", "size"), reporter_words=("reporter_words", "sum"))
    out["per_article"] = out["n_mentions"] / out["source"].map(w["n_articles"])
    out["per_1k_words"] = 1000 * out["n_mentions"] / out["source"].map(w["reporter_words"]).clip(lower=1)
    return out.sort_values(["source", "n_mentions", "entity"], ascending=[True, False, True], ignore_index=True)[cols]


def salience_by_source(sal: pd.DataFrame) -> pd.DataFrame:
    """Salience per outlet and entity, over the outlet's articles that name it.

    Columns: ``source``, ``entity``, ``entity_type``, ``n_articles`` (articles naming it),
    ``first_position`` (mean position of the first mention, 0 = start), ``share_in_title``,
    ``share_in_lead`` (of those articles), ``mean_rank`` (1 = named first).
    """
    cols = ["source", "entity", "entity_type", "n_articles", "first_position", "share_in_title", "share_in_lead",
            "mean_rank"]
    if not len(sal):
        return _empty(cols)
    g = sal.groupby(["source", "entity", "entity_type"])
    out = pd.DataFrame({"n_articles": g.size(), "first_position": g["first_position"].mean(),
                        "share_in_title": g["in_title"].mean(), "share_in_lead": g["in_lead"].mean(),
                        "mean_rank": g["rank"].mean()}).reset_index()
    return out.sort_values(["source", "mean_rank", "entity"], ignore_index=True)[cols]


def wide(df: pd.DataFrame, index: str, columns: str, values: str, top: int | None = None,
         fill: float = 0.0) -> pd.DataFrame:
    """A tidy table as a grid for a heatmap: ``index`` down, ``columns`` across, ``values`` in the cells.

    With ``top``, only the ``top`` columns with the largest total are kept (largest first); rows
    are in alphabetical order, so twenty sources stay findable.
    """
    grid = df.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=fill,
                          observed=True)
    order = grid.sum().sort_values(ascending=False).index
    grid = grid[order[:top] if top else order]
    return grid.sort_index()


def summary_matrix(summ: pd.DataFrame, kind: str = "colour") -> pd.DataFrame:
    """The summary as a feature x source grid: ``kind`` "colour" or "value".

    "value" holds the raw rates (for the cell labels). "colour" holds the z-scores when the
    summary has them (three or more sources); with fewer sources, each raw rate divided by the
    largest absolute rate of its feature, so every row uses the colour scale the same way and no
    z-score pretends two outlets make a distribution.
    """
    s = summ.assign(row=summ["group"] + ": " + summ["feature"])
    order = list(dict.fromkeys(s["row"]))
    if kind == "value":
        col = "value"
    elif kind == "colour":
        if s["z"].notna().any():
            col = "z"
        else:
            scale = s.groupby("row")["value"].transform(lambda v: v.abs().max())
            s = s.assign(scaled=(s["value"] / scale.where(scale > 0)).fillna(0.0))
            col = "scaled"
    else:
        raise ValueError(f"kind must be 'colour' or 'value', not {kind!r}")
    return s.pivot(index="row", columns="source", values=col).reindex(order)


#: CLI table name -> (help, getter)
TABLES = {
    "summary": ("one value per source and feature, with z-scores from 3 sources up", _summary),
    "card": ("a few computed lines per source", _card),
    "citations": ("every credit, typed", lambda t: t.citations),
    "citations_by_source": ("credits per source and name (an outlet naming itself left out)",
                            lambda t: citations_by_source(t.citations[~t.citations["self_credit"]]
                                                          if len(t.citations) else t.citations, _n_articles(t))),
    "verbs": ("every reporting verb with its stance class and speaker", lambda t: t.verbs),
    "verbs_by_source": ("stance classes per source", lambda t: verbs_by_source(t.verbs)),
    "verbs_by_speaker": ("stance classes per source and speaker", lambda t: verbs_by_source(t.verbs, by_speaker=True)),
    "voices": ("quoted words per speaker per source", lambda t: t.voices),
    "voice_order": ("the order voices are heard in each article", lambda t: t.voice_order),
    "mentions": ("every named person, place or organisation mention", lambda t: t.mentions),
    "naming": ("how each outlet names each entity", lambda t: t.naming),
    "salience": ("first mention, title, lead and count per article and entity", lambda t: t.salience),
    "certainty": ("every hedge, booster and evidential marker", lambda t: t.certainty),
    "certainty_by_source": ("certainty markers per 1k words per source",
                            lambda t: rates_by_source(t.certainty, "category", CERTAINTY_CATEGORIES, t.words)),
    "sentiment": ("VADER scores per sentence and per quote", lambda t: t.sentiment),
    "sentiment_by_source": ("mean VADER scores per source", lambda t: sentiment_by_source(t.sentiment)),
    "frames": ("every frame cue word", lambda t: t.frames),
    "frames_by_source": ("frame cues per 1k words per source", lambda t: rates_by_source(t.frames, "frame", FRAMES, t.words)),
    "frame_words": ("the words behind each frame, per source", lambda t: frame_words(t.frames)),
    "agenda": ("related links each outlet adds", lambda t: t.agenda),
    "spellings": ("people whose name the corpus spells several ways", lambda t: spelling_variants(t.mentions)),
    "verb_counts": ("each verb per source and speaker", lambda t: verb_counts(t.verbs)),
    "entity_rates": ("mentions per article and per 1k words per source and entity",
                     lambda t: entity_rates(t.mentions, t.words)),
    "salience_by_source": ("first mention, title and lead per source and entity", lambda t: salience_by_source(t.salience)),
}
