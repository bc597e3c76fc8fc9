"""Quote overlap: which quotes outlets share, how each edits them, and the wire copy they reuse.

Outlets edit the same words in many small ways: an all-caps social-media post against its
sentence-case copy, curly against straight quotation marks, "U.S." against "US", an ellipsis for
omitted words, a fragment of a longer quote, a truncated quote, a word inserted or dropped, one quote
split in two by its attribution. Quotes are compared as sequences of *normalised words* (lower case,
no punctuation, no periods inside initialisms, hyphenated words split), so case, punctuation and
quotation marks never matter, and word-level alignment measures the rest.

Candidate pairs come from an index of hashed word n-grams (3-grams by default): two quotes are
compared only when they share an n-gram, and n-grams carried by very many distinct quotes ("i don't
think") are left out of the index, so the work grows about linearly with the corpus. Identical
normalised quotes are indexed once. ``rapidfuzz`` computes the word alignments.

Tables (every column is documented in ``corpus/README.md``, section "overlap"):

- :func:`quote_pairs`: matched pairs of quotes from articles of *different* sources;
- :func:`quote_clusters`: the same quote across all articles, one row per member;
- :func:`align_quotes`: a word-level alignment of any two quotes (what differs), and
  :func:`alignment_html` to show it;
- :func:`shared_passages`: runs of words two outlets share *outside* quotation marks (wire copy);
- :func:`source_overlap`, :func:`speaker_voice`, :func:`exclusive_quotes`,
  :func:`attribution_table`: the summaries the overlap notebook plots.

Exact duplicate articles (the loader's ``duplicate_of``) are left out, so a page published twice
does not count twice.
"""

from __future__ import annotations

import html
from bisect import bisect_left
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from .text import TOKEN_RE, sentence_spans

__all__ = [
    "quote_overlap",
    "quote_pairs",
    "quote_clusters",
    "align_quotes",
    "alignment_html",
    "shared_passages",
    "source_overlap",
    "speaker_voice",
    "exclusive_quotes",
    "quote_sharing",
    "cluster_html",
    "alignment_legend",
    "attribution_table",
    "normalised_words",
    "PAIR_COLUMNS",
    "CLUSTER_COLUMNS",
    "ALIGNMENT_COLUMNS",
    "PASSAGE_COLUMNS",
]

# Defaults (documented in every function that takes them).
MIN_WORDS = 3          # quotes shorter than this ("very difficult") match nothing; nor do scare quotes
MIN_COVERAGE = 0.8     # share of the shorter quote's words aligned to the other, for a fuzzy match
MIN_RUN = 8            # ... or a shared run this long holding a whole sentence of each ("A. B." / "B. C.")
MIN_BLOCK = 2          # aligned runs shorter than this do not count (stray "the", "of")
QUOTE_NGRAM = 3        # word n-gram length of the candidate index for quotes
MAX_NGRAM_QUOTES = 100  # n-grams in more distinct quotes than this are too common to index
MAX_GAP = 1            # aligned runs this few words apart (an edit of one word) form one stretch
MIN_STRETCH = 3        # stretches shorter than this are chance ("i think ... it's just")
PASSAGE_MIN_WORDS = 12  # a shared passage outside quotes has at least this many shared words
PASSAGE_NGRAM = 5      # word n-gram length of the passage index
PASSAGE_MAX_GAP = 4    # words inserted or dropped between two shared runs of one passage
MAX_NGRAM_DOCS = 50    # passage n-grams in more articles than this are boilerplate, not indexed

PAIR_COLUMNS = [
    "quote_id_a", "quote_id_b", "doc_id_a", "doc_id_b", "source_a", "source_b",
    "speaker_a", "speaker_b", "match_type", "similarity", "coverage_a", "coverage_b",
    "n_common_words", "text_a", "text_b",
]
CLUSTER_COLUMNS = [
    "cluster_id", "quote_id", "doc_id", "source", "date", "speaker", "speaker_mention", "kind",
    "cue", "via", "venue", "text", "n_words", "is_canonical", "canonical_text", "cluster_speaker",
    "n_quotes", "n_sources", "first_date", "first_source",
]
ALIGNMENT_COLUMNS = ["step", "op", "word_a", "word_b", "start_a", "end_a", "start_b", "end_b"]
PASSAGE_COLUMNS = [
    "passage_id", "doc_id_a", "doc_id_b", "source_a", "source_b", "start_a", "end_a", "start_b",
    "end_b", "match_type", "n_words_a", "n_words_b", "n_common_words", "similarity", "text_a", "text_b",
]

_ELLIPSIS_RE = re.compile(r"\.\s?\.\s?\.|\u2026")
_EDGE_CHARS = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a,.;:"


# --------------------------------------------------------------------------------------------- #
# Normalised words
# --------------------------------------------------------------------------------------------- #


def _clean(w: str) -> str:
    """One token part normalised: periods dropped ("u.s." -> "us"), thousands commas dropped."""
    if "." in w or "," in w:
        return w.replace(",", "") if w[0].isdigit() else w.replace(".", "")
    return w


def _lower(text: str) -> str:
    """Lower case, curly apostrophes straightened, hyphens as spaces (same length as ``text``)."""
    low = text.lower()
    if "\u2019" in low or "\u2018" in low:
        low = low.replace("\u2019", "'").replace("\u2018", "'")
    return low.replace("-", " ") if "-" in low else low


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for every word of ``text``; offsets index ``text``.

    Words are :data:`analysis.text.TOKEN_RE` tokens of the lower-cased text (the tokenizer
    ``tokenize`` uses) with hyphenated words split ("ex-president" -> "ex", "president"), periods
    dropped ("u.s." -> "us") and thousands commas dropped ("1,000" -> "1000").
    """
    return [(_clean(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(_lower(text))]


def _words(text: str) -> list[str]:
    """The words of :func:`_word_spans` without offsets (the fast path)."""
    low = _lower(text)
    toks = TOKEN_RE.findall(low)
    if "." in low or "," in low:
        return [_clean(t) if "." in t or "," in t else t for t in toks]
    return toks


def normalised_words(text: str) -> list[str]:
    """The words quotes are compared on: case, punctuation and "U.S."/"US" differences removed."""
    return _words(text)


def _edge_key(text: str) -> str:
    """Text for the ``exact`` test: whitespace collapsed, quotation marks and end punctuation trimmed."""
    return " ".join(text.split()).strip(_EDGE_CHARS)


@dataclass(slots=True)
class _Quote:
    # Tuples, not lists, and slots: quote_pairs keeps one _Quote per compared unit alive, and
    # tuples of ints drop out of the garbage collector's sweeps, lists never do.
    row: int                 # position in the (filtered) quotes table
    words: str               # one character per normalised word (its id), so that str.find,
                             # == and rapidfuzz compare words, not letters
    segs: tuple[tuple[int, int], ...]  # word ranges between ellipses
    text: str = ""
    _starts: tuple[int, ...] | None = None
    _sentences: tuple[tuple[int, int], ...] | None = None

    @property
    def edge(self) -> str:
        return _edge_key(self.text)

    @property
    def starts(self) -> tuple[int, ...]:
        """Character offset of each word (the words of :func:`_word_spans`)."""
        if self._starts is None:
            self._starts = tuple([m.start() for m in TOKEN_RE.finditer(_lower(self.text))])
        return self._starts


# where sentence_spans may end a sentence that has words after it: a sentence end, or a blank line
_MAYBE_BREAK_RE = re.compile(r"(?:[.!?]|\n\s*\n)(?=.*?[^\W_])", re.S)


def _holds_sentence(q: _Quote, start: int, end: int) -> bool:
    """Does the word range [start, end) of a quote hold one of its sentences whole?"""
    if q._sentences is None:
        if _MAYBE_BREAK_RE.search(q.text) is None:
            q._sentences = ((0, len(q.words)),)   # one sentence holds every word
        else:
            starts = q.starts
            q._sentences = tuple([(bisect_left(starts, s), bisect_left(starts, e)) for s, e in sentence_spans(q.text)])
    return any(w1 > w0 and start <= w0 and w1 <= end for w0, w1 in q._sentences)


def _segments(text: str, starts: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """Word index ranges of ``text`` separated by ellipses ("...", "…")."""
    cuts = [m.start() for m in _ELLIPSIS_RE.finditer(text)]
    if not cuts:
        return ((0, len(starts)),)
    bounds, k = [0], 0
    for c in cuts:
        while k < len(starts) and starts[k] < c:
            k += 1
        bounds.append(k)
    bounds.append(len(starts))
    return tuple([(a, b) for a, b in zip(bounds, bounds[1:]) if b > a])


# --------------------------------------------------------------------------------------------- #
# Comparing two quotes
# --------------------------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Params:
    """Matching thresholds (see :func:`quote_pairs`)."""

    min_words: int = MIN_WORDS
    min_coverage: float = MIN_COVERAGE
    min_run: int = MIN_RUN
    min_block: int = MIN_BLOCK


def _cuts(q: _Quote) -> list[int]:
    """Word positions where an ellipsis cuts a quote (words before and after are not adjacent)."""
    return [a for a, _ in q.segs[1:]] if len(q.segs) > 1 else []


def _contains(longer: _Quote, shorter: _Quote) -> bool:
    """Does every ellipsis segment of ``shorter`` occur, unbroken and in order, in ``longer``
    (and not across one of ``longer``'s ellipses)? Fragments alone ("very ... difficult") are
    not enough: one segment at least must have MIN_STRETCH words."""
    if len(shorter.segs) > 1 and max(b - a for a, b in shorter.segs) < MIN_STRETCH:
        return False
    pos = 0
    cuts = _cuts(longer)
    for a, b in shorter.segs:
        pos = longer.words.find(shorter.words[a:b], pos)
        while pos >= 0 and any(pos < c < pos + b - a for c in cuts):
            pos = longer.words.find(shorter.words[a:b], pos + 1)
        if pos < 0:
            return False
        pos += b - a
    return True


def _runs(qa: _Quote, qb: _Quote, cuts_a: list[int], cuts_b: list[int]) -> list[tuple[int, int, int, int]]:
    """Word-aligned runs (a0, a1, b0, b1) of an LCS alignment, cut where either quote has an
    ellipsis (at the word positions ``cuts_a``, ``cuts_b`` of :func:`_cuts`)."""
    ops = [op for op in LCSseq.opcodes(qa.words, qb.words) if op.tag == "equal"]
    if not cuts_a and not cuts_b:
        return [(op.src_start, op.src_end, op.dest_start, op.dest_end) for op in ops]
    out = []
    for op in ops:
        a0, a1, b0 = op.src_start, op.src_end, op.dest_start
        inner = sorted({c - a0 for c in cuts_a if a0 < c < a1} | {c - b0 for c in cuts_b if b0 < c < b0 + a1 - a0})
        for x, y in zip([0, *inner], [*inner, a1 - a0]):
            out.append((a0 + x, a0 + y, b0 + x, b0 + y))
    return out


def _screen(prep: _Prepared, pairs: np.ndarray, p: Params) -> np.ndarray:
    """Which unit pairs might match: a mask over ``pairs``.

    Every match shares many words in order with its shorter quote of ns words: a contained quote
    all of them, a coverage match ``min_coverage`` of them (in C++: one LCS per pair). Below that,
    only the sentence rule can match, and it needs ``min_run`` words in a row in both.
    """
    words = prep.unit_words
    wa, wb = [words[u] for u in pairs[:, 0].tolist()], [words[v] for v in pairs[:, 1].tolist()]
    lcs = process.cpdist(wa, wb, scorer=LCSseq.similarity, dtype=np.int32, workers=1)
    ns = np.minimum(prep.lens[prep.rep[pairs[:, 0]]], prep.lens[prep.rep[pairs[:, 1]]])
    ok = lcs >= np.maximum(p.min_words, np.ceil(p.min_coverage * ns))
    k = p.min_run
    for i in np.flatnonzero(~ok & (lcs >= max(p.min_words, k))).tolist():
        a, b = (wa[i], wb[i]) if len(wa[i]) <= len(wb[i]) else (wb[i], wa[i])
        ok[i] = any(a[j:j + k] in b for j in range(len(a) - k + 1))
    return ok


def _compare(qa: _Quote, qb: _Quote, p: Params) -> tuple[int, int] | None:
    """(match type as an index of _KINDS, n_common_words), or None for no match.

    Only for pairs that passed :func:`_screen`, which every match passes."""
    na, nb = len(qa.words), len(qb.words)
    if qa.words == qb.words:
        return (0 if qa.edge == qb.edge else 1), na
    short, long_ = (qa, qb) if na <= nb else (qb, qa)
    ns = len(short.words)
    if ns < len(long_.words) and _contains(long_, short):
        return 2, ns
    cuts_a, cuts_b = _cuts(qa), _cuts(qb)
    runs = _runs(qa, qb, cuts_a, cuts_b)
    # Aligned runs at most MAX_GAP words apart in both quotes (a word inserted, dropped or changed
    # between them; never an ellipsis, which stands for any number of words) form one stretch,
    # and stretches of MIN_STRETCH words or more are what the quotes share: two stock words far
    # from the rest ("i think ... it's just") are chance. Runs shorter than min_block count only
    # as the first or last words of both quotes ("we asked them politely" / "we asked them very
    # politely").
    # The shorter quote's first and last words must be in counted stretches (or the stretches
    # hold min_run words): an edit inside the same words, not a stock phrase that the two start
    # or end with ("I think she is wrong" / "I think she is one of the best").
    s0, s1 = (0, 1) if na <= nb else (2, 3)   # the shorter quote's side of a run (start, end)
    spans: list[tuple[int, int, int]] = []     # each stretch: (start, end) in the shorter, words
    stretch = 0
    first = last = None
    for run in runs:
        a0, a1, b0, b1 = run
        if a1 - a0 < p.min_block and not ((a0 == 0 and b0 == 0) or (a1 == na and b1 == nb)):
            continue
        if last is not None and (a0 - last[1] > MAX_GAP or b0 - last[3] > MAX_GAP
                                 or any(last[1] <= c <= a0 for c in cuts_a)
                                 or any(last[3] <= c <= b0 for c in cuts_b)):
            spans.append((first[s0], last[s1], stretch))
            stretch = 0
        if stretch == 0:
            first = run
        stretch += a1 - a0
        last = run
    if last is not None:
        spans.append((first[s0], last[s1], stretch))
    counted = [(start, end, w) for start, end, w in spans if w >= MIN_STRETCH]
    common = sum(w for _, _, w in counted)
    edges = any(start == 0 for start, _, _ in counted) and any(end == ns for _, end, _ in counted)
    if common < p.min_words:
        return None
    if common / ns >= p.min_coverage and (common >= p.min_run or edges):
        return 3, common
    if any(a1 - a0 >= p.min_run and _holds_sentence(qa, a0, a1) and _holds_sentence(qb, b0, b1)
           for a0, a1, b0, b1 in runs):
        return 3, common
    return None


def _unit_matches(prep: _Prepared, pairs: np.ndarray, p: Params) -> np.ndarray:
    """The unit pairs that match, as rows (u, v, match type, n_common_words) (see _compare).

    Pairs are read and matches kept as plain ints, not one small tuple or list each: hundreds of
    thousands of live containers would make Python's garbage collector sweep the whole heap again
    and again (a third of the time, in a process that holds a corpus)."""
    words, dotted = prep.unit_words, prep.unit_dotted
    out: list[int] = []
    for u, v in zip(pairs[:, 0].tolist(), pairs[:, 1].tolist()):
        wa, wb = words[u], words[v]
        if not (dotted[u] or dotted[v]) and (wa in wb or wb in wa):
            # without ellipses, containment is a substring (units differ, so one is shorter)
            out += (u, v, 2, min(len(wa), len(wb)))
            continue
        res = _compare(prep.quote(u), prep.quote(v), p)
        if res is not None:
            out += (u, v, *res)
    return np.array(out, dtype=np.int64).reshape(-1, 4)


# --------------------------------------------------------------------------------------------- #
# Candidate pairs from hashed word n-grams
# --------------------------------------------------------------------------------------------- #

_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                  0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
                 dtype=np.uint64)


def _hash_columns(cols: list[np.ndarray]) -> np.ndarray:
    """64-bit hashes of rows of word ids given column by column (position-sensitive)."""
    h = np.zeros(len(cols[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k, col in enumerate(cols):
            h = (h ^ (col.astype(np.uint64) * _MULT[k % len(_MULT)])) * np.uint64(0x100000001B3)
    return h


def _pairs_within_groups(keys: np.ndarray, items: np.ndarray, max_df: int | None,
                         presorted: bool = False) -> np.ndarray:
    """All (i, j) item pairs, i < j, whose rows share a key carried by 2..``max_df`` rows.

    Returns an (n, 2) int64 array, unsorted, with repeats when two items share several keys.
    """
    if len(keys) == 0:
        return np.empty((0, 2), dtype=np.int64)
    if not presorted:
        order = np.argsort(keys, kind="stable")
        keys, items = keys[order], items[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    sel = (sizes >= 2) if max_df is None else ((sizes >= 2) & (sizes <= max_df))
    starts, sizes = starts[sel], sizes[sel]
    out = []
    for k in np.unique(sizes):
        st = starts[sizes == k]
        members = items[st[:, None] + np.arange(k)]
        ii, jj = np.triu_indices(k, 1)
        x, y = members[:, ii].ravel(), members[:, jj].ravel()
        out.append(np.stack([np.minimum(x, y), np.maximum(x, y)], axis=1))
    return np.concatenate(out).astype(np.int64) if out else np.empty((0, 2), dtype=np.int64)


def _shared_key_pairs(keys: np.ndarray, owners: np.ndarray, max_df: int, n_owners: int, keep,
                      batch: int = 4_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of different owners that share keys, filtered as they are counted.

    ``owners[k]`` (0..``n_owners`` - 1) carries the 64-bit hash ``keys[k]``; a key carried by
    2..``max_df`` occurrences links every two of its owners, once per pair of occurrences.
    ``keep(i, j, shared)`` gets candidate pairs with how many keys they share and says which to
    keep. Pairs are counted a few million at a time, all of one owner's pairs in one batch, so that
    memory stays bounded by the batch and the pairs kept, never by every pair that shares a single
    key. Returns the kept pairs as (i, j) arrays in (i, j) order.

    Keys and owners are sorted together as one integer (a fast plain sort), the key's high bits
    above the owner's, so a key keeps ``64 - bits(n_owners)`` of its bits: m different keys then
    collide about m**2 / 2**(65 - bits) times (4 times among AllSides' 16 million keys), which
    only adds a candidate for the word alignment to check.
    """
    empty = np.empty(0, np.int64)
    if len(keys) == 0:
        return empty, empty
    if n_owners >= 1 << 32:
        raise ValueError(f"{n_owners:,} distinct quotes to index; overlap handles fewer than 2**32")
    bits = max(1, int(n_owners - 1).bit_length())
    mask = np.uint64((1 << bits) - 1)
    both = np.sort((keys & ~mask) | owners.astype(np.uint64))   # by key, then owner
    owner = (both & mask).astype(np.int64)
    both >>= np.uint64(bits)
    starts = np.flatnonzero(np.r_[True, both[1:] != both[:-1]])
    del both
    sizes = np.diff(np.r_[starts, len(owner)])
    ok = (sizes >= 2) & (sizes <= max_df)
    group_end = np.repeat(starts + sizes, sizes)
    pos = np.flatnonzero(np.repeat(ok, sizes) & (np.arange(len(owner)) < group_end - 1))
    del starts, sizes, ok
    if len(pos) == 0:
        return empty, empty
    # occurrences that link to later ones in their group, grouped by owner (then position)
    pbits = int(len(owner)).bit_length()
    by_owner = np.sort((owner[pos] << pbits) | pos)
    pos = by_owner & ((1 << pbits) - 1)
    first = by_owner >> pbits
    del by_owner
    n_later = group_end[pos] - pos - 1                          # members after this occurrence
    del group_end
    emitted = np.cumsum(n_later)
    owner_end = np.flatnonzero(np.r_[first[1:] != first[:-1], True]) + 1
    targets = np.arange(batch, emitted[-1] + batch, batch)
    cuts = owner_end[np.searchsorted(emitted[owner_end - 1], targets).clip(0, len(owner_end) - 1)]
    # a batch's pairs are coded (i - its first i) * n_owners + j in 32 bits (half the sorting
    # work of 64), so a batch also spans fewer than 2**32 / n_owners first owners
    span = (1 << 32) // n_owners
    blocks = np.searchsorted(first, np.arange(span, first[-1] + 1, span))
    cuts = np.unique(np.r_[0, cuts, blocks, len(first)])
    owner32, n32 = owner.astype(np.uint32), np.uint32(n_owners)
    del owner
    out_i, out_j = [], []
    for b0, b1 in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        n = n_later[b0:b1]
        base = int(first[b0])
        # occurrence k links to the occurrences after it in its key's group: owner[pos[k] + 1:]
        j = owner32[np.arange(int(n.sum())) + np.repeat(pos[b0:b1] + 1 - (np.cumsum(n) - n), n)]
        i = np.repeat((first[b0:b1] - base).astype(np.uint32), n)
        code = (i * n32 + j)[j != i + np.uint32(base)]           # a key repeated inside one quote
        del i, j
        if len(code) == 0:
            continue
        code.sort()
        starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
        shared = np.diff(np.r_[starts, len(code)])
        code = code[starts]
        i = code // n32
        j = code - i * n32
        i += np.uint32(base)
        k = keep(i, j, shared)
        out_i.append(i[k].astype(np.int64))
        out_j.append(j[k].astype(np.int64))
    return (np.concatenate(out_i), np.concatenate(out_j)) if out_i else (empty, empty)


# --------------------------------------------------------------------------------------------- #
# Matched pairs
# --------------------------------------------------------------------------------------------- #


def _usable_quotes(quotes: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """Quotes that can be shared, in a fresh 0..n-1 index: not scare quotes (``kind`` "scare": a
    word or two with no speaker, or a named show or book such as "Fox News Sunday", which are no
    one's words), and not in an exact duplicate article."""
    q = quotes
    if "kind" in q and len(q):
        q = q[q["kind"] != "scare"]
    if articles is not None and "duplicate_of" in articles and len(q):
        dup = set(articles.loc[articles["duplicate_of"].fillna("") != "", "doc_id"])
        q = q[~q["doc_id"].isin(dup)]
    return q.reset_index(drop=True)


_MAX_WORDS = 0x110000 - 0x800  # distinct words _Quote.words can spell: code points minus surrogates


class _Prepared:
    """Every quote's normalised words as ids (one flat array), its unit and, on demand, a _Quote."""

    def __init__(self, texts: list[str], min_words: int):
        self.texts = texts
        self.lens = np.zeros(len(texts), dtype=np.int64)
        vocab: dict[str, int] = {}
        parts = []
        step = 20000
        for c0 in range(0, len(texts), step):  # in chunks: a few words at a time as Python strings
            words: list[str] = []
            for i in range(c0, min(c0 + step, len(texts))):
                ws = _words(texts[i])
                self.lens[i] = len(ws)
                words.extend(ws)
            if words:
                codes, uniques = pd.factorize(np.array(words, dtype=object))
                glob = np.array([vocab.setdefault(w, len(vocab)) for w in uniques], dtype=np.int32)
                parts.append(glob[codes])
            del words
        codes = np.concatenate(parts) if parts else np.empty(0, np.int32)
        if len(vocab) > _MAX_WORDS:
            raise ValueError(f"quotes use {len(vocab):,} distinct words; overlap handles at most {_MAX_WORDS:,}")
        # ids by frequency, the most frequent first: rapidfuzz looks characters below 256 up in a
        # flat table (a third faster on AllSides), and only equality of ids matters anyway
        by_freq = np.argsort(-np.bincount(codes, minlength=len(vocab)), kind="stable")
        rank = np.empty(len(vocab), dtype=np.int32)
        rank[by_freq] = np.arange(len(vocab), dtype=np.int32)
        self.codes = rank[codes]
        del codes, rank, by_freq
        # word ids as code points (skipping the surrogates), for _Quote.words
        chars = np.where(self.codes >= 0xD800, self.codes + 0x800, self.codes).astype("<u4")
        self.all_words = chars.tobytes().decode("utf-32-le")
        del chars
        self.off = np.r_[0, np.cumsum(self.lens)]
        self.rows = np.flatnonzero(self.lens >= min_words)           # quotes that can match
        self._cache: dict[int, _Quote] = {}
        # identical normalised quotes are one unit: indexed and aligned once
        blobs = [self.codes[self.off[r]:self.off[r + 1]].tobytes() for r in self.rows]
        self.unit = pd.factorize(pd.Series(blobs, dtype=object))[0].astype(np.int64) if len(blobs) else \
            np.empty(0, np.int64)
        self.n_units = int(self.unit.max()) + 1 if len(self.unit) else 0
        first = np.full(self.n_units, -1, dtype=np.int64)
        first[self.unit[::-1]] = self.rows[::-1]
        self.rep = first                                              # a unit's first quote
        # each unit's words as a string, one character per word (see _Quote.words), and whether
        # its first quote's text has an ellipsis
        off, reps = self.off.tolist(), first.tolist()
        self.unit_words = [self.all_words[off[r]:off[r + 1]] for r in reps]
        rep_texts = pd.Series([texts[r] for r in reps], dtype=object)
        self.unit_dotted = rep_texts.str.contains(_ELLIPSIS_RE, regex=True).to_numpy(dtype=bool)

    def quote(self, u: int) -> _Quote:
        """Unit u as a _Quote (its first quote's text), made once."""
        qt = self._cache.get(u)
        if qt is None:
            r = int(self.rep[u])
            words = self.unit_words[u]
            qt = _Quote(r, words, ((0, len(words)),), self.texts[r])
            if self.unit_dotted[u]:
                qt.segs = _segments(qt.text, qt.starts)
            self._cache[u] = qt
        return qt


def quote_pairs(
    quotes: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    min_words: int = MIN_WORDS,
    min_coverage: float = MIN_COVERAGE,
    min_run: int = MIN_RUN,
    min_block: int = MIN_BLOCK,
    ngram: int = QUOTE_NGRAM,
    max_ngram_quotes: int = MAX_NGRAM_QUOTES,
    candidates: str = "index",
) -> pd.DataFrame:
    """Pairs of matching quotes from articles of different sources.

    ``quotes`` is an :func:`analysis.quotes.extract_quotes` table (doc_id, source, quote_id, text,
    speaker are used); ``articles`` (optional) drops quotes of exact duplicate articles.

    Two quotes match when, compared as normalised words (:func:`normalised_words`), they are

    - ``exact``: the same text apart from whitespace, surrounding quotation marks and end punctuation;
    - ``normalised``: the same words once case, punctuation, quotation marks and "U.S."/"US" are
      ignored;
    - ``contained``: every ellipsis-separated piece of the shorter occurs unbroken, in order, in the
      longer (a partial quote, a truncated quote, "... " for omitted words), one piece at least
      having ``MIN_STRETCH`` (3) words;
    - ``fuzzy``: otherwise, when at least ``min_coverage`` (default 0.8) of the shorter quote's
      words align with the longer one in *stretches*: aligned runs of ``min_block`` (default 2)
      or more words (or single words first or last in both quotes), at most ``MAX_GAP`` (1) word
      apart in both quotes (a word inserted, dropped or changed; an ellipsis always breaks a
      stretch), with ``MIN_STRETCH`` (3) words or more, and those stretches reach the shorter
      quote's first and last words or hold ``min_run`` words (a quote that only starts or ends
      like the other, "I think she is wrong" / "I think she is one of the best", shares a stock
      phrase, not a quote); or when an unbroken shared run of at
      least ``min_run`` words (default 8) holds a whole sentence of each quote (the same words
      quoted with different sentences around them: "A. B." against "B. C."). Two stock phrases
      far apart ("I think ... it's just") are chance, not a shared quote.

    Scare quotes (``kind`` "scare", when the table has that column: a word or two with no speaker,
    or a named show or book such as "Fox News Sunday") and quotes of fewer than ``min_words``
    (default 3) words match nothing.
    Candidates are quote pairs sharing index keys that no more than ``max_ngram_quotes`` (default
    100) distinct quotes carry: hashed word ``ngram``-grams (default 3) within ellipsis pieces,
    and the same of (n+1)-word windows with one inner word skipped (so a word inserted, dropped or
    changed leaves keys in common). A pair must share ``KEY_SHARE`` (8%) of the shorter quote's
    keys, at least two (or its only one) and at most the keys of a ``min_run`` run: every match
    the rules above allow shares that many (stretches of three words, one key each, are the worst
    case), so when no key is too common the index finds exactly what comparing every pair finds
    (``candidates="all"``, the benchmark's and the tests' baseline).

    Columns: ``quote_id_a``, ``quote_id_b``, ``doc_id_a``, ``doc_id_b``, ``source_a``,
    ``source_b``, ``speaker_a``, ``speaker_b``, ``match_type`` (exact|normalised|contained|fuzzy),
    ``similarity`` (2 x shared words / (words of a + words of b)), ``coverage_a`` and
    ``coverage_b`` (share of each quote's words that the other carries), ``n_common_words``,
    ``text_a``, ``text_b``. Side a is the quote listed first in ``quotes``. Sorted by
    ``quote_id_a`` order, then ``quote_id_b`` order.
    """
    p = Params(min_words, min_coverage, min_run, min_block)
    q = _usable_quotes(quotes, articles)
    if len(q) == 0:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    texts = [t if isinstance(t, str) else "" for t in q["text"]]
    prep = _Prepared(texts, min_words)
    src_code = pd.factorize(q["source"].astype(str))[0]

    # 1. identical words in different outlets: exact or normalised
    same = _pairs_within_groups(prep.unit, prep.rows, None)
    same = same[src_code[same[:, 0]] != src_code[same[:, 1]]]
    in_same = np.unique(same.ravel())
    edge = np.zeros(len(texts), dtype=np.int64)
    edge[in_same] = pd.factorize(pd.Series([_edge_key(texts[r]) for r in in_same], dtype=object))[0]
    same_kind = np.where(edge[same[:, 0]] == edge[same[:, 1]], 0, 1)
    parts = [(same[:, 0], same[:, 1], same_kind, prep.lens[same[:, 0]])]

    # 2. different words: candidates from the index (or every pair), aligned once per unit pair
    if candidates == "all":
        uu, vv = np.triu_indices(prep.n_units, 1)
        cand = np.stack([uu, vv], axis=1).astype(np.int64)
    elif candidates == "index":
        cand = _unit_candidates(prep, src_code, p, ngram, max_ngram_quotes)
    else:
        raise ValueError(f"candidates must be 'index' or 'all', not {candidates!r}")
    found = np.empty((0, 4), dtype=np.int64)
    if len(cand):
        cand = cand[_screen(prep, cand, p)]
        found = _unit_matches(prep, cand, p)
    if len(found):
        fu, fv, fk, fc = found.T
        # expand unit pairs to all member pairs
        order = np.argsort(prep.unit, kind="stable")
        members = prep.rows[order]
        counts = np.bincount(prep.unit, minlength=prep.n_units)
        starts = np.r_[0, np.cumsum(counts)][:-1]
        n = counts[fu] * counts[fv]
        pi = np.repeat(np.arange(len(fu)), n)
        k = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        ra = members[starts[fu][pi] + k // counts[fv][pi]]
        rb = members[starts[fv][pi] + k % counts[fv][pi]]
        keep = src_code[ra] != src_code[rb]
        ra, rb, pi = ra[keep], rb[keep], pi[keep]
        parts.append((np.minimum(ra, rb), np.maximum(ra, rb), fk[pi], fc[pi]))

    a, b, kind, common = (np.concatenate(x) for x in zip(*parts))
    order = np.lexsort((b, a))
    a, b, kind, common = a[order], b[order], kind[order].astype(np.int64), common[order].astype(np.int64)
    na, nb = prep.lens[a], prep.lens[b]       # the same for every quote of a unit
    out = {}
    spk = q["speaker"].fillna("").astype(str).to_numpy() if "speaker" in q else np.full(len(q), "", dtype=object)
    for side, idx in (("a", a), ("b", b)):
        out[f"quote_id_{side}"] = q["quote_id"].to_numpy()[idx]
        out[f"doc_id_{side}"] = q["doc_id"].to_numpy()[idx]
        out[f"source_{side}"] = q["source"].to_numpy()[idx]
        out[f"speaker_{side}"] = spk[idx]
        out[f"text_{side}"] = q["text"].to_numpy()[idx]
    out["match_type"] = np.asarray(_KINDS, dtype=object)[kind]
    out["similarity"] = np.round(2 * common / (na + nb), 4)
    out["coverage_a"] = np.round(common / na, 4)
    out["coverage_b"] = np.round(common / nb, 4)
    out["n_common_words"] = common
    return pd.DataFrame(out)[PAIR_COLUMNS]


_KINDS = ("exact", "normalised", "contained", "fuzzy")


#: A candidate pair must share at least this share of the shorter quote's index keys (or as many
#: keys as a shared run of ``min_run`` words gives). Any match shares more: at worst its shorter
#: quote aligns 80% of its words in stretches of three, one key per stretch, about 9% of its keys.
KEY_SHARE = 0.08


def _unit_candidates(prep: _Prepared, src_code: np.ndarray, p: Params, n: int, max_df: int) -> np.ndarray:
    """Unit pairs (u < v) worth aligning: they share enough index keys and not only one source.

    Keys are hashed word n-grams within ellipsis segments plus the n-grams of (n+1)-word windows
    with one inner word skipped (so a word inserted or dropped in a short quote still meets its
    copy); keys carried by more than ``max_df`` units are too common to index.
    """
    n = max(1, min(n, p.min_words))
    reps = prep.rep
    lens = prep.lens[reps]
    total = int(lens.sum())
    if total == 0:
        return np.empty((0, 2), dtype=np.int64)
    base = np.repeat(prep.off[reps] - (np.cumsum(lens) - lens), lens)
    ids = prep.codes[base + np.arange(total)].astype(np.int64)
    unit_of_word = np.repeat(np.arange(len(reps), dtype=np.int32), lens)
    seg = unit_of_word.astype(np.int64) << 12                       # segment label: unit, then ellipsis piece
    word0 = np.cumsum(lens) - lens
    for u in np.flatnonzero(prep.unit_dotted).tolist():
        segs = prep.quote(u).segs
        if len(segs) > 1:
            for i, (a, b) in enumerate(segs):
                seg[word0[u] + a:word0[u] + b] += i + 1
    keys, owners = [], []
    m = total - n + 1
    if m > 0:
        ok = seg[:m] == seg[n - 1:n - 1 + m]
        keys.append(_hash_columns([ids[k:k + m] for k in range(n)])[ok])
        owners.append(unit_of_word[:m][ok])
    m = total - n
    if m > 0 and n >= 2:
        ok = seg[:m] == seg[n:n + m]
        for skip in range(1, n):
            keys.append(_hash_columns([ids[k:k + m] for k in range(n + 1) if k != skip])[ok])
            owners.append(unit_of_word[:m][ok])
    if not keys:
        return np.empty((0, 2), dtype=np.int64)
    keys, owners = np.concatenate(keys), np.concatenate(owners)
    n_keys = np.bincount(owners, minlength=len(reps))
    # units whose quotes all come from one source
    uq = pd.DataFrame({"u": prep.unit, "s": src_code[prep.rows]}).groupby("u")["s"].agg(["min", "max"])
    one_src = np.where(uq["min"].to_numpy() == uq["max"].to_numpy(), uq["min"].to_numpy(), -1)
    run_keys = (p.min_run - n + 1) + (n - 1) * (p.min_run - n)  # keys a shared run of min_run words gives

    one_key = n_keys == 1
    floor = 2 if run_keys >= 2 else 1

    def keep(u: np.ndarray, v: np.ndarray, shared: np.ndarray) -> np.ndarray:
        # a quote of four words or more has two keys or more and (with the default min_run)
        # shares at least two with any quote it matches: test that cheaply first, then the full
        # condition on the few pairs left
        out = (shared >= floor) | one_key[u] | one_key[v]
        rows = np.flatnonzero(out)
        u, v, shared = u[rows], v[rows], shared[rows]
        k_short = np.minimum(n_keys[u], n_keys[v])
        need = np.minimum(np.minimum(np.maximum(np.ceil(KEY_SHARE * k_short), 2), k_short), max(run_keys, 1))
        out[rows] = (shared >= need) & ~((one_src[u] == one_src[v]) & (one_src[u] >= 0))
        return out

    u, v = _shared_key_pairs(keys, owners, max_df, len(reps), keep)
    return np.stack([u, v], axis=1)


# --------------------------------------------------------------------------------------------- #
# Clusters
# --------------------------------------------------------------------------------------------- #


def _components(n: int, edges: np.ndarray) -> np.ndarray:
    """Connected-component label (smallest member index) of nodes 0..n-1 (union-find)."""
    parent = np.arange(n)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in edges.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(i) for i in range(n)], dtype=np.int64)


def _cluster_labels(n: int, edges: np.ndarray, copies: np.ndarray, n_words: np.ndarray,
                    min_link_words: int) -> np.ndarray:
    """Cluster label of quotes 0..n-1 from matched pairs ``edges`` (see :func:`quote_clusters`).

    ``copies`` marks exact and normalised matches. Those, and matches whose shorter quote has
    ``min_link_words`` words, join clusters; a shorter quote's cluster then joins the cluster of
    the longer quotes it matches when that is the only one it reaches."""
    a, b = edges[:, 0], edges[:, 1]
    strong = copies | (np.minimum(n_words[a], n_words[b]) >= min_link_words)
    label = _components(n, edges[strong])
    a, b = a[~strong], b[~strong]
    short = np.where(n_words[a] <= n_words[b], a, b)
    reach = pd.DataFrame({"s": label[short], "l": label[a + b - short]}).drop_duplicates()
    reach = reach[reach["s"] != reach["l"]]
    only = reach[reach.groupby("s")["l"].transform("size") == 1]
    return _components(n, only.to_numpy(dtype=np.int64))[label]


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def quote_clusters(
    quotes: pd.DataFrame,
    pairs: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    singletons: bool = False,
    min_words: int = MIN_WORDS,
    min_link_words: int = MIN_RUN,
) -> pd.DataFrame:
    """The same quote across all articles: one row per member quote of each cluster.

    Clusters are the connected groups of :func:`quote_pairs` matches that say two quotes are one:
    exact and normalised copies, and matches whose shorter quote has at least ``min_link_words``
    words (default 8). A shorter fragment ("cannot wait another season", "law and order") joins
    the cluster of the longer quotes it matches only when they are all in one cluster: a phrase
    that many different quotes contain does not make them the same quote (on the AllSides set,
    chaining through such phrases made one cluster of 97,556 quotes). With ``singletons=True``
    every other quote of at least ``min_words`` words (default 3) is a cluster of its own, so that
    "only one outlet carried it" and "how much of a speaker's voice an outlet carries" can be
    counted. Quotes of exact duplicate articles are left out when ``articles`` is given;
    ``articles`` also supplies the dates.

    Columns: ``cluster_id`` (1 = carried by most sources, then most quotes, longest, earliest),
    ``quote_id``, ``doc_id``, ``source``, ``date``, ``speaker``, ``speaker_mention``, ``kind``,
    ``cue``, ``via``, ``venue``, ``text``, ``n_words`` (normalised words) — the member quote — and,
    the same on every row of a cluster: ``is_canonical`` (this member supplies the canonical
    text), ``canonical_text`` (the longest member, preferring one not written in capitals),
    ``cluster_speaker`` (the speaker most members name; empty when none does), ``n_quotes``,
    ``n_sources``, ``first_date`` (the earliest member's date), ``first_source`` (its source).
    Sorted by ``cluster_id``, then date, source and quote order.
    """
    q = _usable_quotes(quotes, articles)
    q = q.assign(n_words=[len(_words(t if isinstance(t, str) else "")) for t in q["text"]])
    pos = {qid: i for i, qid in enumerate(q["quote_id"])}
    known = pairs[pairs["quote_id_a"].isin(pos) & pairs["quote_id_b"].isin(pos)]
    edges = np.array([(pos[a], pos[b]) for a, b in zip(known["quote_id_a"], known["quote_id_b"])],
                     dtype=np.int64).reshape(-1, 2)
    copies = known["match_type"].isin(["exact", "normalised"]).to_numpy()
    label = _cluster_labels(len(q), edges, copies, q["n_words"].to_numpy(), min_link_words)
    shared = np.bincount(label, minlength=len(q))[label] >= 2  # in a cluster of two quotes or more
    keep = shared | ((q["n_words"].to_numpy() >= min_words) if singletons else False)
    m = q[keep].copy()
    m["_label"] = label[keep]
    m["_order"] = np.flatnonzero(keep)
    for col in ("speaker", "speaker_mention", "kind", "cue", "via", "venue"):
        m[col] = m[col].fillna("").astype(str) if col in m else ""
    if articles is not None and len(m):
        m["date"] = m["doc_id"].map(articles.drop_duplicates("doc_id").set_index("doc_id")["date"])
    else:
        m["date"] = pd.NaT
    m["date"] = pd.to_datetime(m["date"])
    if len(m) == 0:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)

    m["_shout"] = [_is_shouting(t) for t in m["text"]]
    m = m.sort_values(["_label", "date", "source", "_order"], na_position="last", kind="stable")
    g = m.groupby("_label", sort=False)
    canon = (m.sort_values(["_label", "_shout", "n_words", "_order"], ascending=[True, True, False, True])
              .groupby("_label").head(1).set_index("_label"))
    first = g.head(1).set_index("_label")

    # the speaker most members name, the earliest named first among equals (counted in one
    # groupby: a Python function per cluster took minutes on a hundred thousand clusters)
    named = m.loc[m["speaker"] != "", ["_label", "speaker"]].assign(_pos=lambda d: np.arange(len(d)))
    votes = (named.groupby(["_label", "speaker"], sort=False)["_pos"].agg(["size", "min"]).reset_index()
             .sort_values(["_label", "size", "min"], ascending=[True, False, True]).drop_duplicates("_label"))
    info = pd.DataFrame({
        "n_quotes": g.size(),
        "n_sources": g["source"].nunique(),
    })
    info["cluster_speaker"] = votes.set_index("_label")["speaker"].reindex(info.index).fillna("")
    info["canonical_text"] = canon["text"]
    info["_canon"] = canon["_order"]
    info["first_date"] = first["date"]
    info["first_source"] = first["source"]
    info["_canon_words"] = canon["n_words"]
    info["_first_order"] = g["_order"].min()
    info = info.sort_values(["n_sources", "n_quotes", "_canon_words", "first_date", "_first_order"],
                            ascending=[False, False, False, True, True], na_position="last")
    info["cluster_id"] = np.arange(1, len(info) + 1)
    m = m.join(info, on="_label")
    m["is_canonical"] = m["_order"] == m["_canon"]
    m = m.sort_values(["cluster_id", "date", "source", "_order"], na_position="last", kind="stable")
    for c in ("cluster_id", "n_quotes", "n_sources", "n_words"):
        m[c] = m[c].astype("int64")
    return m[CLUSTER_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- #
# Word-level alignment
# --------------------------------------------------------------------------------------------- #


def align_quotes(text_a: str, text_b: str) -> pd.DataFrame:
    """Word-level alignment of two quotes: one row per aligned word slot, in reading order.

    Columns: ``step`` (0, 1, ...), ``op`` — ``same`` (the word as written in both), ``restyled``
    (the same normalised word written differently: case, "U.S."/"US", apostrophes), ``changed``
    (a different word in that place), ``only_a`` (a word b leaves out), ``only_b`` (a word a leaves
    out) —, ``word_a`` and ``word_b`` (as written; empty when absent), ``start_a``, ``end_a``,
    ``start_b``, ``end_b`` (character offsets of the word in each text; -1 when absent).
    """
    sa, sb = _word_spans(text_a or ""), _word_spans(text_b or "")
    rows: list[tuple] = []

    def add(op, i, j):
        wa = text_a[sa[i][1]:sa[i][2]] if i is not None else ""
        wb = text_b[sb[j][1]:sb[j][2]] if j is not None else ""
        if op == "same" and wa != wb:
            op = "restyled"
        rows.append((len(rows), op, wa, wb,
                     sa[i][1] if i is not None else -1, sa[i][2] if i is not None else -1,
                     sb[j][1] if j is not None else -1, sb[j][2] if j is not None else -1))

    for op in LCSseq.opcodes([w for w, _, _ in sa], [w for w, _, _ in sb]):
        la, lb = op.src_end - op.src_start, op.dest_end - op.dest_start
        if op.tag == "equal":
            for k in range(la):
                add("same", op.src_start + k, op.dest_start + k)
        else:
            for k in range(la):
                add("only_a", op.src_start + k, None)
            for k in range(lb):
                add("only_b", None, op.dest_start + k)
    # An LCS alignment reports a substitution as a deletion next to an insertion: pair them up.
    out: list[tuple] = []
    i = 0
    while i < len(rows):
        if rows[i][1] in ("same", "restyled"):
            out.append(rows[i])
            i += 1
            continue
        j = i
        while j < len(rows) and rows[j][1] not in ("same", "restyled"):
            j += 1
        dels = [r for r in rows[i:j] if r[1] == "only_a"]
        ins = [r for r in rows[i:j] if r[1] == "only_b"]
        out.extend((0, "changed", d[2], n[3], d[4], d[5], n[6], n[7]) for d, n in zip(dels, ins))
        out.extend(dels[len(ins):])
        out.extend(ins[len(dels):])
        i = j
    df = pd.DataFrame(out, columns=ALIGNMENT_COLUMNS)
    df["step"] = np.arange(len(df), dtype="int64")
    return df


_CSS = {"restyled": "background:#fff3bf", "changed": "background:#ffc9c9",
        "only_a": "background:#b2f2bb", "only_b": "color:#868e96;text-decoration:line-through"}


def _marked(text: str, alignment: pd.DataFrame) -> str:
    """``text`` (side a of ``alignment``) as HTML, every word that differs from side b marked:
    restyled and changed words highlighted, added words green, side b's missing words struck out
    (a long run of them shortened to its first and last words)."""
    parts, last, gone = [], 0, []

    def flush_gone() -> None:
        if gone:
            shown = " ".join(gone) if len(gone) <= 8 else " ".join(gone[:3]) + " \u2026 " + " ".join(gone[-3:])
            span = (f'<span class="ov-only_b" style="{_CSS["only_b"]}" title="{html.escape(" ".join(gone))}">'
                    f"{html.escape(shown)}</span>")
            parts.append(span + " " if last == 0 else " " + span)
            gone.clear()

    for op, s, e, wb in zip(alignment["op"], alignment["start_a"], alignment["end_a"], alignment["word_b"]):
        if s < 0:  # only in the reference
            gone.append(wb)
            continue
        flush_gone()
        parts.append(html.escape(text[last:s]))
        word = html.escape(text[s:e])
        style = _CSS.get(op)
        title = f' title="{html.escape(wb)}"' if op == "changed" else ""
        parts.append(f'<span class="ov-{op}" style="{style}"{title}>{word}</span>' if style else word)
        last = e
    tail = html.escape(text[last:])
    if gone and last:
        parts.append(tail)
        tail = ""
    flush_gone()
    parts.append(tail)
    return "".join(parts)


def alignment_legend() -> str:
    """A one-line HTML legend for :func:`alignment_html`'s highlighting."""
    return ("<p>" + " ".join(f'<span style="{_CSS[op]}">{label}</span>' for op, label in (
        ("restyled", "written differently (case, U.S./US, apostrophes)"),
        ("changed", "a different word"), ("only_a", "added"),
        ("only_b", "left out"))) + " (against the canonical wording)</p>")


def cluster_html(clusters: pd.DataFrame, cluster_id: int) -> str:
    """One cluster as HTML: its canonical text, then every member aligned to it, differences marked."""
    c = clusters[clusters["cluster_id"] == cluster_id]
    if c.empty:
        raise ValueError(f"no cluster {cluster_id!r}")
    first = c.iloc[0]
    speaker = first["cluster_speaker"] or "unknown speaker"
    rows = [(f"{r.source}" + (f" ({r.date:%Y-%m-%d})" if pd.notna(r.date) else ""), r.text)
            for r in c.itertuples()]
    head = (f"<p><b>#{cluster_id}</b> {html.escape(speaker)}, {int(first['n_sources'])} outlets: "
            f"<i>{html.escape(first['canonical_text'])}</i></p>")
    return head + alignment_html(rows, first["canonical_text"])


def alignment_html(rows: list[tuple[str, str]], reference: str) -> str:
    """An HTML table showing quotes side by side against ``reference``, differences highlighted.

    ``rows`` are (label, text) pairs, e.g. (source, quote). Each text is aligned with
    :func:`align_quotes` to ``reference``: yellow marks a word written differently (case, "U.S."),
    red a different word (the reference's word on hover), green a word the reference lacks, and
    the reference's words the text leaves out are shown struck through in grey.
    """
    body = []
    for label, text in rows:
        al = align_quotes(text, reference)
        body.append(f"<tr><th style='text-align:left;vertical-align:top'>{html.escape(str(label))}</th>"
                    f"<td style='text-align:left'>{_marked(text, al)}</td></tr>")
    return "<table class='ov-alignment'>" + "".join(body) + "</table>"


# --------------------------------------------------------------------------------------------- #
# Shared passages outside quotation marks
# --------------------------------------------------------------------------------------------- #


def shared_passages(
    articles: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    *,
    min_words: int = PASSAGE_MIN_WORDS,
    ngram: int = PASSAGE_NGRAM,
    max_gap: int = PASSAGE_MAX_GAP,
    max_ngram_docs: int = MAX_NGRAM_DOCS,
    min_block: int = MIN_BLOCK,
) -> pd.DataFrame:
    """Passages two articles of different sources share outside quotation marks (wire copy).

    The words of each article's ``body`` outside the quotes in ``quotes`` (its ``start``/``end``
    offsets) are indexed as hashed word ``ngram``-grams (default 5; n-grams found in more than
    ``max_ngram_docs`` articles, default 50, are boilerplate and not indexed). Shared n-grams on one
    diagonal are chained into runs, and runs at most ``max_gap`` words apart (default 4: a word or a
    clause inserted or dropped, a sentence split differently) into one passage. A passage is kept
    when it grew from at least ``(min_words - ngram + 1) // 2`` shared n-grams (4 by default: about
    half a minimum-length run verbatim) and its two sides share at least ``min_words`` words
    (default 12) in aligned runs of ``min_block`` (default 2) or more. Quotes never join a
    passage, and exact duplicate articles are left out.

    Columns: ``passage_id`` (1, 2, ... longest first), ``doc_id_a``, ``doc_id_b``, ``source_a``,
    ``source_b``, ``start_a``, ``end_a``, ``start_b``, ``end_b`` (offsets into each ``body``),
    ``match_type`` (exact: same characters; normalised: same words; edited), ``n_words_a``,
    ``n_words_b``, ``n_common_words``, ``similarity`` (2 x common / (words a + words b)),
    ``text_a``, ``text_b``.
    """
    arts = articles
    if "duplicate_of" in arts:
        arts = arts[arts["duplicate_of"].fillna("") == ""]
    arts = arts.reset_index(drop=True)
    qspans: dict[str, list[tuple[int, int]]] = {}
    if quotes is not None and len(quotes):
        for d, s, e in zip(quotes["doc_id"], quotes["start"], quotes["end"]):
            qspans.setdefault(d, []).append((int(s), int(e)))
    bodies = [b if isinstance(b, str) else "" for b in arts["body"]]
    doc_ids = arts["doc_id"].tolist()
    src = arts["source"].astype(str).to_numpy()
    empty = pd.DataFrame(columns=PASSAGE_COLUMNS)

    # every article's words outside quotes as ids in one flat array; -1 marks a quote
    vocab: dict[str, int] = {}
    parts, lens = [], np.zeros(len(arts), dtype=np.int64)
    pieces: list[list[tuple[int, int, int]]] = []  # per article: (first word, start, end) outside quotes
    step = 2000
    for c0 in range(0, len(arts), step):
        words: list[str] = []
        for di in range(c0, min(c0 + step, len(arts))):
            body, n0 = bodies[di], len(words)
            mine = []
            for k, (s, e) in enumerate(_outside(body, qspans.get(doc_ids[di], ()))):
                if k:
                    words.append("\x00")  # a quote: never part of an n-gram, never aligned
                mine.append((len(words) - n0, s, e))
                words.extend(_words(body[s:e]))
            pieces.append(mine)
            lens[di] = len(words) - n0
        codes, uniques = pd.factorize(np.array(words, dtype=object)) if words else (np.empty(0, np.int64), [])
        glob = np.array([-1 if w == "\x00" else vocab.setdefault(w, len(vocab)) for w in uniques], dtype=np.int32)
        parts.append(glob[codes] if len(codes) else np.empty(0, np.int32))
    ids = np.concatenate(parts) if parts else np.empty(0, np.int32)
    del parts
    start = np.r_[0, np.cumsum(lens)]
    doc_of = np.repeat(np.arange(len(arts), dtype=np.int32), lens)

    # index: (n-gram hash, article) -> first position; no n-gram crosses a quote or an article end
    m = len(ids) - ngram + 1
    if m <= 0:
        return empty
    h = _hash_columns([ids[k:k + m] for k in range(ngram)])
    quote_at = np.r_[0, np.cumsum(ids < 0)]
    ok = (doc_of[:m] == doc_of[ngram - 1:ngram - 1 + m]) & (quote_at[ngram:ngram + m] == quote_at[:m])
    pos = np.flatnonzero(ok)
    # sorted by n-gram, then article, as one integer (the hash's high bits above the article's;
    # chance collisions only add a seed that the word alignment below checks); each n-gram's
    # first position in each article
    bits = max(1, int(len(arts) - 1).bit_length())
    mask = np.uint64((1 << bits) - 1)
    both = (h[pos] & ~mask) | doc_of[pos].astype(np.uint64)
    del h, ok
    order = np.argsort(both)
    both, pos = both[order], pos[order]
    first = np.flatnonzero(np.r_[True, both[1:] != both[:-1]])
    pos, both = np.minimum.reduceat(pos, first), both[first]
    keys, docs = both >> np.uint64(bits), (both & mask).astype(np.int64)
    del both, order, first
    # item = row in the sorted arrays, so that positions survive the pairing
    pairs = _pairs_within_groups(keys, np.arange(len(keys)), max_ngram_docs, presorted=True)
    if len(pairs) == 0:
        return empty
    da, db = docs[pairs[:, 0]].astype(np.int64), docs[pairs[:, 1]].astype(np.int64)
    keep = src[da] != src[db]
    pa, pb = pos[pairs[keep, 0]] - start[da[keep]], pos[pairs[keep, 1]] - start[db[keep]]
    da, db = da[keep], db[keep]
    del pairs, keys, docs, pos
    # by article pair, then position in a (da < db, since a group lists its articles in order;
    # one seed per n-gram and article, so (da, db, pa) is unique): one integer when it fits
    pos_bits = max(1, int(lens.max()).bit_length())
    if 2 * bits + pos_bits <= 63:
        order = np.argsort((((da << bits) | db) << pos_bits) | pa)
    else:
        order = np.lexsort((pa, db, da))
    da, db, pa, pb = da[order], db[order], pa[order], pb[order]

    # a passage needs about half a minimum-length run verbatim: drop article pairs with fewer seeds
    min_seeds = max(1, (min_words - ngram + 1) // 2)
    rows = []
    bounds = np.flatnonzero(np.r_[True, (da[1:] != da[:-1]) | (db[1:] != db[:-1]), True])
    sizes = np.diff(bounds)
    for i, j in zip(bounds[:-1][sizes >= min_seeds].tolist(), bounds[1:][sizes >= min_seeds].tolist()):
        rows.extend(r for r in _chain(da[i], db[i], pa[i:j], pb[i:j], ngram, max_gap) if r[6] >= min_seeds)

    piece_spans: dict[tuple[int, int], list[tuple[str, int, int]]] = {}

    def char_span(d: int, w: int) -> tuple[int, int]:
        """Character offsets in article d's body of its word w (counting quote markers), from the
        one piece of text outside quotes that holds it, tokenised again with offsets."""
        k = bisect_left([p[0] for p in pieces[d]], w + 1) - 1
        first, s, e = pieces[d][k]
        if (d, k) not in piece_spans:
            piece_spans[d, k] = _word_spans(bodies[d][s:e])
        _, ws, we = piece_spans[d, k][w - first]
        return s + ws, s + we

    out = []
    for d1, d2, a0, a1, b0, b1, _ in rows:
        ia = ids[start[d1] + a0:start[d1] + a1].astype(np.int64)
        ib = ids[start[d2] + b0:start[d2] + b1].astype(np.int64)
        ia = np.where(ia < 0, -1 - np.arange(len(ia)), ia)            # quotes never align
        ib = np.where(ib < 0, -(1 << 40) - np.arange(len(ib)), ib)
        ops = [op for op in LCSseq.opcodes(ia.tolist(), ib.tolist()) if op.tag == "equal"
               and op.src_end - op.src_start >= min_block]
        common = sum(op.src_end - op.src_start for op in ops)
        if common < min_words:
            continue
        # trim to the first and last shared word
        a0, a1 = a0 + ops[0].src_start, a0 + ops[-1].src_end
        b0, b1 = b0 + ops[0].dest_start, b0 + ops[-1].dest_end
        ca0, ca1 = char_span(d1, a0)[0], char_span(d1, a1 - 1)[1]
        cb0, cb1 = char_span(d2, b0)[0], char_span(d2, b1 - 1)[1]
        body_a, body_b = bodies[d1], bodies[d2]
        ca1, cb1 = _past_stop(body_a, ca1), _past_stop(body_b, cb1)
        ta, tb = body_a[ca0:ca1], body_b[cb0:cb1]
        if _edge_key(ta) == _edge_key(tb):
            kind = "exact"
        elif np.array_equal(ids[start[d1] + a0:start[d1] + a1], ids[start[d2] + b0:start[d2] + b1]):
            kind = "normalised"
        else:
            kind = "edited"
        na, nb = a1 - a0, b1 - b0
        out.append((doc_ids[d1], doc_ids[d2], src[d1], src[d2], ca0, ca1, cb0, cb1,
                    kind, na, nb, common, round(2 * common / (na + nb), 4), ta, tb))
    if not out:
        return empty
    df = pd.DataFrame(out, columns=PASSAGE_COLUMNS[1:])
    df = df.sort_values(["n_common_words", "doc_id_a", "start_a"], ascending=[False, True, True],
                        ignore_index=True)
    df.insert(0, "passage_id", np.arange(1, len(df) + 1, dtype="int64"))
    return df


def _outside(body: str, quote_spans) -> list[tuple[int, int]]:
    """Character ranges of ``body`` outside the given quote spans (at least one range)."""
    out, last = [], 0
    for s, e in sorted(quote_spans):
        if s > last:
            out.append((last, s))
        last = max(last, e)
    out.append((last, len(body)))
    return out


def _past_stop(text: str, end: int) -> int:
    """``end`` moved past a full stop, question or exclamation mark right after the last word."""
    while end < len(text) and text[end] in ".!?":
        end += 1
    return end


def _chain(d1: int, d2: int, pa: np.ndarray, pb: np.ndarray, n: int, max_gap: int) -> list[tuple]:
    """Chain the shared n-grams of one article pair into passages: (d1, d2, a0, a1, b0, b1, seeds)."""
    out = []
    pa, pb = pa.tolist(), pb.tolist()
    used = [False] * len(pa)
    for i in range(len(pa)):  # seeds sorted by position in a
        if used[i]:
            continue
        a0, b0 = pa[i], pb[i]
        a1, b1 = a0 + n, b0 + n
        used[i] = True
        seeds = 1
        for j in range(i + 1, len(pa)):
            if pa[j] > a1 + max_gap:
                break
            if used[j]:
                continue
            if b0 <= pb[j] <= b1 + max_gap and -max_gap <= (pa[j] - a1) - (pb[j] - b1) <= max_gap:
                a1, b1 = max(a1, pa[j] + n), max(b1, pb[j] + n)
                used[j] = True
                seeds += 1
        out.append((int(d1), int(d2), a0, a1, b0, b1, seeds))
    return out


# --------------------------------------------------------------------------------------------- #
# Summaries for the notebook
# --------------------------------------------------------------------------------------------- #


def source_overlap(clusters: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """How many quotes each pair of sources both carry (a source x source heatmap, tidy).

    One row per ordered pair of different sources: ``source_a``, ``source_b``, ``n_shared``
    (clusters both carry), ``n_quotes_a`` (clusters ``source_a`` carries), ``share_of_a``
    (``n_shared / n_quotes_a``). With ``top``, only the ``top`` sources sharing most quotes with
    others are kept. Sorted by ``n_shared`` descending, then names.
    """
    cols = ["source_a", "source_b", "n_shared", "n_quotes_a", "share_of_a"]
    cs = clusters[["cluster_id", "source"]].drop_duplicates()
    if cs.empty:
        return pd.DataFrame(columns=cols)
    n_q = cs.groupby("source").size()
    j = cs.merge(cs, on="cluster_id", suffixes=("_a", "_b"))
    j = j[j["source_a"] != j["source_b"]]
    shared = j.groupby(["source_a", "source_b"]).size()
    sources = sorted(n_q.index)
    if top is not None:
        tot = shared.groupby(level=0).sum().reindex(sources, fill_value=0)
        sources = sorted(sources, key=lambda s: (-tot[s], -n_q[s], s))[:top]
    idx = pd.MultiIndex.from_tuples([(a, b) for a in sources for b in sources if a != b],
                                    names=["source_a", "source_b"])
    out = shared.reindex(idx, fill_value=0).rename("n_shared").reset_index()
    out["n_quotes_a"] = out["source_a"].map(n_q).astype("int64")
    out["share_of_a"] = (out["n_shared"] / out["n_quotes_a"]).round(4)
    out["n_shared"] = out["n_shared"].astype("int64")
    return out.sort_values(["n_shared", "source_a", "source_b"], ascending=[False, True, True],
                           ignore_index=True)[cols]


def speaker_voice(clusters: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """For each speaker, how many of their distinct quotes each source carries.

    Use clusters made with ``singletons=True``. A quote counts for its ``cluster_speaker``.
    One row per (speaker, source), zero included: ``speaker``, ``source``, ``n_quotes`` (the
    speaker's clusters the source carries), ``n_speaker_quotes`` (the speaker's clusters in all),
    ``share`` (``n_quotes / n_speaker_quotes``). Quotes without a speaker are left out. With
    ``top``, the ``top`` speakers with most quotes. Sorted by speaker size, then speaker, source.
    """
    cols = ["speaker", "source", "n_quotes", "n_speaker_quotes", "share"]
    c = clusters[clusters["cluster_speaker"] != ""][["cluster_id", "cluster_speaker", "source"]]
    c = c.drop_duplicates().rename(columns={"cluster_speaker": "speaker"})
    if c.empty:
        return pd.DataFrame(columns=cols)
    total = c.groupby("speaker")["cluster_id"].nunique()
    speakers = sorted(total.index, key=lambda s: (-total[s], s))
    if top is not None:
        speakers = speakers[:top]
    sources = sorted(clusters["source"].unique())
    idx = pd.MultiIndex.from_product([speakers, sources], names=["speaker", "source"])
    out = c.groupby(["speaker", "source"]).size().reindex(idx, fill_value=0).rename("n_quotes").reset_index()
    out["n_speaker_quotes"] = out["speaker"].map(total).astype("int64")
    out["share"] = (out["n_quotes"] / out["n_speaker_quotes"]).round(4)
    out["n_quotes"] = out["n_quotes"].astype("int64")
    rank = {s: i for i, s in enumerate(speakers)}
    out = out.sort_values(["speaker", "source"], key=lambda s: s.map(rank) if s.name == "speaker" else s,
                          ignore_index=True)
    return out[cols]


def quote_sharing(clusters: pd.DataFrame) -> pd.DataFrame:
    """Per source, how many of its quotes other outlets also carry (clusters with ``singletons=True``).

    Columns: ``source``, ``n_quotes`` (clusters the source carries), ``n_shared`` (of them, carried
    by another source too), ``n_exclusive`` (only this source), ``share_exclusive``. Sorted by
    ``n_quotes`` descending, then source.
    """
    cols = ["source", "n_quotes", "n_shared", "n_exclusive", "share_exclusive"]
    c = clusters[["cluster_id", "source", "n_sources"]].drop_duplicates(["cluster_id", "source"])
    if c.empty:
        return pd.DataFrame(columns=cols)
    g = c.groupby("source")
    out = pd.DataFrame({"n_quotes": g.size(), "n_shared": g["n_sources"].apply(lambda s: int((s > 1).sum()))})
    out["n_exclusive"] = out["n_quotes"] - out["n_shared"]
    out["share_exclusive"] = (out["n_exclusive"] / out["n_quotes"]).round(4)
    out = out.reset_index().astype({"n_quotes": "int64", "n_shared": "int64", "n_exclusive": "int64"})
    return out.sort_values(["n_quotes", "source"], ascending=[False, True], ignore_index=True)[cols]


def exclusive_quotes(clusters: pd.DataFrame) -> pd.DataFrame:
    """Quotes only one source carries (clusters made with ``singletons=True``).

    Columns: ``source``, ``cluster_id``, ``quote_id``, ``speaker``, ``n_words``, ``text``: one row
    per cluster carried by a single source (its canonical member), longest first within a source.
    """
    c = clusters[(clusters["n_sources"] == 1) & clusters["is_canonical"]]
    c = c.assign(speaker=c["cluster_speaker"])
    return c.sort_values(["source", "n_words", "cluster_id"], ascending=[True, False, True],
                         ignore_index=True)[["source", "cluster_id", "quote_id", "speaker", "n_words", "text"]]


def attribution_table(clusters: pd.DataFrame) -> pd.DataFrame:
    """How each source attributes a quote it shares with others, side by side.

    One row per (shared cluster, source): ``cluster_id``, ``canonical_text``, ``source``,
    ``speaker_mention``, ``cue``, ``via``, ``venue`` (of the source's first member; a source's
    other members of the cluster add nothing new for attribution) and ``differs`` (True when the
    sources of the cluster do not all give the same cue, via and venue).
    """
    cols = ["cluster_id", "canonical_text", "source", "speaker_mention", "cue", "via", "venue", "differs"]
    c = clusters[clusters["n_sources"] > 1].drop_duplicates(["cluster_id", "source"])
    if c.empty:
        return pd.DataFrame(columns=cols)
    sig = c["cue"].str.lower() + "|" + c["via"].str.lower() + "|" + c["venue"].str.lower()
    differs = sig.groupby(c["cluster_id"]).nunique() > 1
    c = c.assign(differs=c["cluster_id"].map(differs).astype(bool))
    return c[cols].reset_index(drop=True)


def quote_overlap(corpus, quotes: pd.DataFrame | None = None, *, singletons: bool = False,
                  **params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs, clusters) for a :class:`~analysis.corpus.Corpus`, extracting its quotes if not given.

    ``params`` go to :func:`quote_pairs`; ``singletons`` to :func:`quote_clusters`.
    """
    if quotes is None:
        from .quotes import extract_quotes

        quotes = extract_quotes(corpus.unique_articles)
    pairs = quote_pairs(quotes, corpus.articles, **params)
    clusters = quote_clusters(quotes, pairs, corpus.articles, singletons=singletons,
                              min_words=params.get("min_words", MIN_WORDS))
    return pairs, clusters
