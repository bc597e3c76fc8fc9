"""Word frequencies: what each outlet says, and which words set it apart.

The tables behind ``notebooks/01-word-frequencies.ipynb`` and ``python -m analysis terms``. Words
come from each article's ``body`` (boilerplate never counts) through :func:`analysis.text.tokenize`;
an exact duplicate article (``duplicate_of`` set) is counted once. Multi-word terms (2- and 3-grams)
never cross a sentence (sentences from :func:`analysis.text.sentence_spans`). Groups are the values
of any article column (``source`` by default).

Distinctive terms use the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008, "Fightin' Words", *Political Analysis* 16(4), eqs. 16-22): for a term w, group i and
the comparison j (the other group when there are two, all the others when there are more),

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w),        z_w = delta_w / sqrt(var_w)

with a_w = a_0 * p_w, p_w the prior's share of w among the compared terms and a_0 its strength.
Beside each score: raw counts, G2 (log-likelihood, Dunning 1993; no continuity correction) and Log
Ratio (Hardie 2014: log2 of the ratio of relative frequencies, a zero count taken as 0.5).

The chance band: the sentences of all groups are shuffled between the groups (each keeps its number
of sentences) ``shuffles`` times with a seeded generator, and z is recomputed. Terms are binned by
their pooled count (powers of two); in each bin the band runs from the ``1 - level`` quantile of the
shuffles' lowest z to the ``level`` quantile of their highest z. A term outside the band scores
further out than a random split of the sentences put any term of its frequency in ``level`` of the
shuffles. A term inside it may still be a real difference, but these data cannot show it.

Prior and strength were chosen by measurement (``benchmarks/prior_choice.py``; 5 seeded splits
each). Each comparison was run on two random halves of the data; "rho" is the Spearman correlation
of the halves' z (words used 5+ times in each), "top20" the share of the 40 most-leaning words
found in both halves, "null" the share of words with |z| > 1.96 when one side's articles are split
at random (0.05 if z were calibrated). a_0 = 10 ... 3,000,000:

- PAC, Left vs Right, halves by story (95k words a half): every prior stays at rho 0.06-0.10;
  null falls from 0.09 (a_0 <= 1,000, any prior) to 0.039 for wordfreq at 300,000; wordfreq's
  top20 peaks there (0.105). The pooled-corpus prior has the lowest top20 (0.03-0.08).
- AllSides, CNN vs Washington Times, 25 articles per outlet a half (43k words): wordfreq rho
  0.245 (a_0 = 10,000), 0.315 (100,000), 0.330 (300,000), 0.336 (1,000,000); null 0.122, 0.089,
  0.064, 0.037. Corpus prior: rho 0.222 at every strength. At 100 articles (200k words) the
  priors are close (rho 0.25-0.30); at 400 (845k words a half, 1.7M pooled) the corpus prior
  draws level with wordfreq (rho 0.412 vs 0.409 at 100,000; top20 0.60 vs 0.57).

So: strength matters more than which prior, and weak priors let article-level noise through
(null 0.09-0.12 instead of 0.05). The default is wordfreq's general English at a_0 = 300,000, the
smallest strength in the grid at which z is near calibration on both sets (null 0.039 and 0.064)
while reproducibility is within 0.01 rho of the best; ``prior="auto"`` switches to the pooled
corpus from 1.5M words, where it is as good and also knows the names wordfreq lacks. (A flat
prior of the same strength reproduces about as well; it is there as ``prior="uniform"``.)
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus
from .text import TOKEN_RE, sentence_spans, stopwords as shipped_stopwords, tokenize, tokenize_many

__all__ = [
    "term_counts",
    "distinctive_terms",
    "distinctive_summary",
    "plain_verdict",
    "log_odds_z",
    "g2",
    "log_ratio",
    "keywords_in_context",
    "collocations",
    "vocabulary_overlap",
    "group_sizes",
    "band_steps",
    "MISSING_GROUP",
    "REST",
]

#: Group label for articles whose grouping column is empty.
MISSING_GROUP = "(missing)"
#: The ``other`` label when a group is compared with all the others together.
REST = "(rest)"
#: Pooled size (words) from which ``prior="auto"`` takes the prior from the corpus itself.
AUTO_CORPUS_MIN_WORDS = 1_500_000
#: Default prior strength a_0 (pseudo-words), by measurement (see the module docstring).
DEFAULT_STRENGTH = 300_000
# Frequency given to a term wordfreq has never seen (just under wordfreq's smallest, 1e-8).
_WORDFREQ_FLOOR = 1e-9
# Sentinel between sentences in a token stream; can never be a token.
_BREAK = "\x00"


# --------------------------------------------------------------------------------------------- #
# Groups and tokens
# --------------------------------------------------------------------------------------------- #


def _groups(corpus: Corpus, by: str) -> tuple[pd.DataFrame, list[str]]:
    """Unique articles with a string ``group`` column, and the groups in display order.

    Order: most (unique) articles first, then alphabetical. An empty or missing value becomes
    :data:`MISSING_GROUP`, with a warning.
    """
    arts = corpus.unique_articles
    if by not in arts.columns:
        raise ValueError(f"{corpus.name or 'corpus'}: no column {by!r} to group by; "
                         f"columns are {', '.join(map(str, arts.columns))}")
    raw = arts[by]
    missing = raw.isna() | (raw.astype(str).str.strip() == "")
    group = raw.astype(str).str.strip().where(~missing, MISSING_GROUP)
    if missing.any():
        warnings.warn(f"{corpus.name or 'corpus'}: {int(missing.sum())} article(s) have no {by!r}; "
                      f"counted under {MISSING_GROUP!r}", stacklevel=3)
    out = pd.DataFrame({"doc_id": arts["doc_id"].to_numpy(), "group": group.to_numpy(),
                        "body": arts["body"].to_numpy()})
    counts = out["group"].value_counts()
    order = sorted(counts.index, key=lambda g: (-counts[g], g))
    return out, order


def _sentence_streams(bodies: Sequence[str]) -> Iterable[list[list[str]]]:
    """For each body, its sentences as token lists (sentences from ``sentence_spans``)."""
    spans = [sentence_spans(b) for b in bodies]
    flat = (b[s:e] for b, sp in zip(bodies, spans) for s, e in sp)
    toks = tokenize_many(flat)
    for sp in spans:
        yield [next(toks) for _ in sp]


def _ngrams(tokens: list[str], n: int) -> Iterable[str]:
    """Space-joined n-grams of one token list (C-level: no Python work per n-gram)."""
    if n == 1:
        return tokens
    return map(" ".join, zip(*(tokens[i:] for i in range(n))))


def _keep(term: str, stop: frozenset[str]) -> bool:
    """A multi-word term is kept unless it starts or ends with a stopword."""
    words = term.split(" ")
    return words[0] not in stop and words[-1] not in stop


@dataclass
class _Units:
    """Counting units (sentences or whole articles) as sparse (unit, term) counts per n-gram order."""

    groups: list[str]
    unit_group: np.ndarray           # group index of each unit
    unit_doc: np.ndarray             # article index of each unit
    words: np.ndarray                # word tokens per group (all tokens, stopwords included)
    docs_per_group: np.ndarray
    orders: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]] = field(default_factory=dict)
    # order -> (unit index, term id, count) arrays and the term list


def _units(corpus: Corpus, by: str, max_n: int, stop: frozenset[str] | None, sentences: bool) -> _Units:
    """Tokenize once and build sparse unit-by-term counts for orders 1..max_n."""
    if not 1 <= max_n <= 3:
        raise ValueError(f"max_n must be 1, 2 or 3, not {max_n!r}")
    arts, order = _groups(corpus, by)
    gidx = {g: i for i, g in enumerate(order)}
    art_group = arts["group"].map(gidx).to_numpy()
    bodies = arts["body"].tolist()
    unit_tokens: list[list[str]] = []
    unit_doc: list[int] = []
    if sentences:
        for d, sents in enumerate(_sentence_streams(bodies)):
            unit_tokens.extend(sents)
            unit_doc.extend([d] * len(sents))
    else:
        unit_tokens = list(tokenize_many(bodies))
        unit_doc = list(range(len(bodies)))
    unit_doc_a = np.asarray(unit_doc, dtype=np.int64)
    unit_group = art_group[unit_doc_a] if len(unit_doc_a) else np.zeros(0, dtype=np.int64)
    lens = np.fromiter(map(len, unit_tokens), dtype=np.int64, count=len(unit_tokens))
    words = np.bincount(unit_group, weights=lens, minlength=len(order)).astype(np.int64)
    docs = np.bincount(art_group, minlength=len(order)).astype(np.int64) if len(art_group) else \
        np.zeros(len(order), dtype=np.int64)
    units = _Units(order, unit_group, unit_doc_a, words, docs)
    for n in range(1, max_n + 1):
        units.orders[n] = _sparse(unit_tokens, n, stop)
    return units


def _sparse(unit_tokens: list[list[str]], n: int, stop: frozenset[str] | None):
    """(unit index, term id, count) arrays of the n-grams in each unit, and the term list."""
    keys: list[str] = []
    vals: list[int] = []
    lens: list[int] = []
    for toks in unit_tokens:
        c = Counter(_ngrams(toks, n)) if len(toks) >= n else Counter()
        if stop is not None and c:
            if n == 1:
                for w in stop.intersection(c):
                    del c[w]
            else:
                for t in [t for t in c if not _keep(t, stop)]:
                    del c[t]
        keys.extend(c)
        vals.extend(c.values())
        lens.append(len(c))
    rows = np.repeat(np.arange(len(unit_tokens), dtype=np.int64), np.asarray(lens, dtype=np.int64))
    if not keys:
        return rows, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
    return rows, codes.astype(np.int64), np.asarray(vals, dtype=np.int64), list(uniques)


def _group_matrix(units: _Units, n: int, labels: np.ndarray | None = None) -> np.ndarray:
    """Counts per group (rows) and term (columns) for order ``n``; ``labels`` relabel the units."""
    rows, cols, vals, terms = units.orders[n]
    k, v = len(units.groups), len(terms)
    lab = units.unit_group if labels is None else labels
    if not len(rows):
        return np.zeros((k, v), dtype=np.float64)
    flat = lab[rows] * v + cols
    return np.bincount(flat, weights=vals, minlength=k * v).reshape(k, v)


# --------------------------------------------------------------------------------------------- #
# Counts
# --------------------------------------------------------------------------------------------- #


def term_counts(corpus: Corpus, by: str = "source", max_n: int = 1, stopwords: bool = False,
                min_count: int = 1) -> pd.DataFrame:
    """How often each group uses each term (1- to ``max_n``-grams).

    Columns: ``group`` (value of ``by``), ``term``, ``n_gram`` (words in the term), ``n`` (times
    used), ``rate_per_10k`` (per 10,000 words of the group's bodies, all words counted),
    ``n_docs`` (the group's articles that use it). Exact duplicate articles count once. With
    ``stopwords=True`` the shipped stopwords are dropped, and multi-word terms that start or end
    with one. Rows with ``n < min_count`` are left out. Sorted by group (most articles first), then
    ``n`` descending; ties in order of first use.
    """
    stop = shipped_stopwords() if stopwords else None
    if max_n == 1:
        return _unigram_counts(corpus, by, stop, min_count)
    units = _units(corpus, by, max_n, stop, sentences=True)
    frames = []
    for n in range(1, max_n + 1):
        rows, cols, vals, terms = units.orders[n]
        if not len(rows):
            continue
        g = units.unit_group[rows]
        d = units.unit_doc[rows]
        df = pd.DataFrame({"g": g, "t": cols, "d": d, "c": vals})
        agg = df.groupby(["g", "t"], sort=False).agg(n=("c", "sum"), n_docs=("d", "nunique")).reset_index()
        agg["term"] = np.asarray(terms, dtype=object)[agg["t"].to_numpy()]
        agg["n_gram"] = n
        frames.append(agg)
    return _finish_counts(frames, units.groups, units.words, min_count)


def _unigram_counts(corpus: Corpus, by: str, stop: frozenset[str] | None, min_count: int) -> pd.DataFrame:
    """The fast path for single words: Python does no work per token.

    Each body is split at whitespace and every chunk ("said.", "Zelenskyy's") looked up in a memo
    that runs ``tokenize`` once per distinct chunk (as :func:`analysis.text.tokenize_many` does)
    and gives the chunk's type: an integer standing for its tuple of token ids. Counting is then
    numpy work on integer arrays: types expand to tokens, ``bincount`` gives the counts, and unique
    (article, token) pairs give ``n_docs``.
    """
    arts, order = _groups(corpus, by)
    gidx = {g: i for i, g in enumerate(order)}
    tok_id: dict[str, int] = {}
    type_of: dict[tuple[int, ...], int] = {}

    class Memo(dict):
        def __missing__(self, chunk: str) -> int:
            if chunk.isascii() and chunk.isalpha():  # a plain word: tokenize(chunk) is [chunk.lower()]
                toks = (chunk.lower(),)
            else:
                toks = tokenize(chunk)
            key = tuple(tok_id.setdefault(t, len(tok_id)) for t in toks)
            val = self[chunk] = type_of.setdefault(key, len(type_of))
            return val

    get = Memo().__getitem__
    per_doc = [np.fromiter(map(get, body.split()), dtype=np.int64) for body in arts["body"]]
    # type -> tokens as flat arrays (CSR): type t holds tok_flat[tok_ptr[t]:tok_ptr[t] + type_len[t]]
    type_len = np.fromiter(map(len, type_of), dtype=np.int64, count=len(type_of))
    tok_ptr = np.concatenate([[0], np.cumsum(type_len)[:-1]]).astype(np.int64) if len(type_len) else type_len
    tok_flat = np.fromiter(chain.from_iterable(type_of), dtype=np.int64, count=int(type_len.sum()))
    vocab = np.empty(len(tok_id), dtype=object)
    vocab[:] = list(tok_id)
    is_stop = np.fromiter((t in stop for t in tok_id), dtype=bool, count=len(tok_id)) if stop else None
    v = len(tok_id)
    codes = arts["group"].map(gidx).to_numpy()
    words = np.zeros(len(order), dtype=np.int64)
    frames = []
    for gi in range(len(order)):
        docs = np.flatnonzero(codes == gi)
        if not len(docs) or v == 0:
            continue
        types = np.concatenate([per_doc[d] for d in docs])
        doc_local = np.repeat(np.arange(len(docs), dtype=np.int64), [len(per_doc[d]) for d in docs])
        lens = type_len[types]
        starts = np.repeat(tok_ptr[types] - (np.cumsum(lens) - lens), lens)
        tokens = tok_flat[starts + np.arange(int(lens.sum()), dtype=np.int64)]
        doc_of_token = np.repeat(doc_local, lens)
        words[gi] = len(tokens)
        n = np.bincount(tokens, minlength=v)
        pairs = np.sort(doc_of_token * v + tokens)  # sorting beats np.unique's hashing here
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
        n_docs = np.bincount(pairs % v, minlength=v)
        keep = n > 0
        if is_stop is not None:
            keep &= ~is_stop
        ids = np.flatnonzero(keep)
        if not len(ids):
            continue
        frames.append(pd.DataFrame({"g": gi, "term": vocab[ids], "n_gram": 1, "n": n[ids], "n_docs": n_docs[ids]}))
    return _finish_counts(frames, order, words, min_count)


def _finish_counts(frames: list[pd.DataFrame], order: list[str], words: np.ndarray,
                   min_count: int) -> pd.DataFrame:
    cols = ["group", "term", "n_gram", "n", "rate_per_10k", "n_docs"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                             zip(cols, ["object", "object", "int64", "int64", "float64", "int64"])})
    df = pd.concat(frames, ignore_index=True)
    df = df[df["n"] >= min_count]
    g = df["g"].to_numpy()
    out = pd.DataFrame({
        "group": np.asarray(order, dtype=object)[g],
        "term": df["term"].to_numpy(),
        "n_gram": df["n_gram"].to_numpy().astype(np.int64),
        "n": df["n"].to_numpy().astype(np.int64),
        "rate_per_10k": df["n"].to_numpy() / np.maximum(words[g], 1) * 10_000,
        "n_docs": df["n_docs"].to_numpy().astype(np.int64),
        "_g": g,
    })
    # ties keep the order of first use (counting order is deterministic): no string sort needed
    out = out.sort_values(["_g", "n"], ascending=[True, False], kind="stable")
    return out.drop(columns="_g").reset_index(drop=True)


def vocabulary_overlap(counts: pd.DataFrame) -> pd.DataFrame:
    """Per group: how much of its vocabulary every other group also uses, and how much is its own.

    From a :func:`term_counts` table. Columns: ``group``, ``n_terms`` (distinct terms),
    ``n_shared_all`` (used by every group), ``n_shared_some`` (by it and some but not all others),
    ``n_own`` (by no other group), and the same three as shares of the group's word tokens:
    ``share_shared_all``, ``share_shared_some``, ``share_own``.
    """
    spread = counts.groupby("term")["group"].nunique()
    k = counts["group"].nunique()
    df = counts.assign(spread=counts["term"].map(spread))
    df["kind"] = np.where(df["spread"] == k, "shared_all", np.where(df["spread"] == 1, "own", "shared_some"))
    if k == 1:
        df["kind"] = "own"
    terms = df.pivot_table(index="group", columns="kind", values="term", aggfunc="count", fill_value=0)
    uses = df.pivot_table(index="group", columns="kind", values="n", aggfunc="sum", fill_value=0)
    kinds = ["shared_all", "shared_some", "own"]
    terms = terms.reindex(columns=kinds, fill_value=0)
    uses = uses.reindex(columns=kinds, fill_value=0)
    order = list(dict.fromkeys(counts["group"]))
    out = pd.DataFrame({"group": order})
    out["n_terms"] = out["group"].map(terms.sum(axis=1)).astype("int64")
    for kd in kinds:
        out[f"n_{kd}"] = out["group"].map(terms[kd]).astype("int64")
    tot = uses.sum(axis=1)
    for kd in kinds:
        out[f"share_{kd}"] = out["group"].map(uses[kd] / tot)
    return out


def group_sizes(corpus: Corpus, by: str = "source") -> pd.DataFrame:
    """How much text each group has: the numbers that limit what a comparison can show.

    Columns: ``group``, ``n_articles`` (not counting exact duplicates), ``n_words`` (word tokens
    of the bodies), ``words_median`` (per article). Most articles first, then alphabetical.
    """
    arts, order = _groups(corpus, by)
    words = arts["doc_id"].map(corpus.articles.set_index("doc_id")["n_words"])
    g = pd.DataFrame({"group": arts["group"], "w": words.to_numpy()}).groupby("group")["w"]
    out = pd.DataFrame({"group": order})
    out["n_articles"] = out["group"].map(g.size()).astype("int64")
    out["n_words"] = out["group"].map(g.sum()).astype("int64")
    out["words_median"] = out["group"].map(g.median()).astype("float64")
    return out


# --------------------------------------------------------------------------------------------- #
# Scores
# --------------------------------------------------------------------------------------------- #


def log_odds_z(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s log-odds ratio delta and its z-score for counts ``y_i`` vs ``y_j``.

    ``alpha`` holds the prior pseudo-counts a_w; n_i, n_j and a_0 are the sums of ``y_i``, ``y_j``
    and ``alpha``.
    """
    y_i = np.asarray(y_i, dtype=float)
    y_j = np.asarray(y_j, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    a0, n_i, n_j = alpha.sum(), y_i.sum(), y_j.sum()
    delta = (np.log(y_i + alpha) - np.log(n_i + a0 - y_i - alpha)
             - np.log(y_j + alpha) + np.log(n_j + a0 - y_j - alpha))
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, delta / np.sqrt(var)


def g2(a: np.ndarray, b: np.ndarray, n_i: float, n_j: float) -> np.ndarray:
    """Log-likelihood G2 of the 2x2 table [[a, b], [n_i - a, n_j - b]] (no continuity correction)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    obs = [a, b, n_i - a, n_j - b]
    tot = n_i + n_j
    row = [a + b, a + b, tot - a - b, tot - a - b]
    colt = [n_i, n_j, n_i, n_j]
    out = np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, r, c in zip(obs, row, colt):
            e = r * c / tot
            out += np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * out


def log_ratio(a: np.ndarray, b: np.ndarray, n_i: float, n_j: float) -> np.ndarray:
    """Hardie's Log Ratio: log2 of (a/n_i) / (b/n_j), a zero count taken as 0.5."""
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / n_i) / (b / n_j))


@lru_cache(maxsize=None)
def _wordfreq_table() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en")


def _wordfreq(term: str) -> float:
    f = _wordfreq_table().get(term)
    if f is None:
        import wordfreq

        f = wordfreq.word_frequency(term, "en")  # multi-word terms, numbers, "u.s." -> "u.s"
    return max(f, _WORDFREQ_FLOOR)


def _prior_shares(prior: str, terms: list[str], pooled: np.ndarray) -> np.ndarray:
    """p_w over the compared terms (sums to 1) for prior 'wordfreq', 'corpus' or 'uniform'."""
    if prior == "wordfreq":
        p = np.fromiter(map(_wordfreq, terms), dtype=float, count=len(terms))
    elif prior == "corpus":
        p = pooled.astype(float)
    elif prior == "uniform":
        p = np.ones(len(terms))
    else:
        raise ValueError(f"prior must be 'auto', 'wordfreq', 'corpus' or 'uniform', not {prior!r}")
    s = p.sum()
    return p / s if s > 0 else p


def _resolve_prior(prior: str, total_words: int) -> str:
    if prior == "auto":
        return "corpus" if total_words >= AUTO_CORPUS_MIN_WORDS else "wordfreq"
    return prior


def _comparisons(k: int) -> list[tuple[int, int | None]]:
    """(group, other) index pairs: one head-to-head for two groups, one-vs-rest for more."""
    if k < 2:
        return []
    if k == 2:
        return [(0, 1)]
    return [(g, None) for g in range(k)]


def _z_all(mat: np.ndarray, alpha: np.ndarray, comps) -> list[np.ndarray]:
    """z of every comparison from a group-by-term count matrix."""
    total = mat.sum(axis=0)
    out = []
    for g, o in comps:
        y_j = total - mat[g] if o is None else mat[o]
        out.append(log_odds_z(mat[g], y_j, alpha)[1])
    return out


def _chance_band(units: _Units, n: int, alpha: np.ndarray, shuffles: int, seed: int,
                level: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per comparison: (bin of each term, band low per bin, band high per bin) from shuffles.

    Shuffling moves whole sentences between groups; each group keeps its number of sentences.
    """
    rows, cols, vals, terms = units.orders[n]
    comps = _comparisons(len(units.groups))
    pooled = _group_matrix(units, n).sum(axis=0)
    bins = np.floor(np.log2(np.maximum(pooled, 1))).astype(np.int64)
    order = np.argsort(bins, kind="stable")
    sorted_bins = bins[order]
    starts = np.flatnonzero(np.r_[True, sorted_bins[1:] != sorted_bins[:-1]]) if len(order) else np.zeros(0, int)
    nb = int(bins.max()) + 1 if len(bins) else 0
    rng = np.random.default_rng(seed)
    lows = np.full((len(comps), shuffles, nb), np.nan)
    highs = np.full((len(comps), shuffles, nb), np.nan)
    present = sorted_bins[starts] if len(order) else np.zeros(0, int)
    for s in range(shuffles):
        labels = rng.permutation(units.unit_group)
        mat = _group_matrix(units, n, labels)
        for c, z in enumerate(_z_all(mat, alpha, comps)):
            zs = z[order]
            lows[c, s, present] = np.minimum.reduceat(zs, starts)
            highs[c, s, present] = np.maximum.reduceat(zs, starts)
    out = []
    for c in range(len(comps)):
        lo = np.full(nb, np.nan)
        hi = np.full(nb, np.nan)
        if shuffles and len(present):
            lo[present] = np.quantile(lows[c][:, present], 1 - level, axis=0)
            hi[present] = np.quantile(highs[c][:, present], level, axis=0)
        out.append((bins, lo, hi))
    return out


def _min_evidence(units: _Units, g: int, o: int | None, level: float) -> tuple[float, float]:
    """Fewest uses that can show a lean to each side at all.

    Below it, even every use on that side is a split that random sentence shuffles give more
    often than ``1 - level`` of the time (that side's share of the sentences to the power of the
    count). A word used once is never evidence; a word absent from a small outlet needs many uses
    elsewhere before its absence means anything.
    """
    n_g = int((units.unit_group == g).sum())
    n_o = int((units.unit_group != g).sum()) if o is None else int((units.unit_group == o).sum())
    out = []
    for n_side in (n_g, n_o):
        share = n_side / max(n_g + n_o, 1)
        out.append(math.inf if share in (0.0, 1.0) else max(1, math.ceil(math.log(1 - level) / math.log(share))))
    return out[0], out[1]


DISTINCTIVE_COLUMNS = [
    "group", "other", "term", "n_gram", "n_group", "n_other", "total_group", "total_other",
    "rate_group", "rate_other", "prior", "log_odds", "z", "g2", "log_ratio", "chance_low",
    "chance_high", "beyond_chance",
]


def distinctive_terms(corpus: Corpus, by: str = "source", max_n: int = 1, stopwords: bool = False,
                      prior: str = "auto", prior_strength: float | None = None, shuffles: int = 100,
                      seed: int = 0, level: float = 0.95, min_count: int = 1) -> pd.DataFrame:
    """Which terms set each group apart: Monroe et al.'s z beside counts, G2, Log Ratio and chance.

    Two groups are compared head to head (``other`` names the second group; z > 0 leans to
    ``group``); three or more each against all the others (``other`` is ``"(rest)"``). Each n-gram
    order is its own comparison. ``prior`` is ``"auto"`` (the pooled corpus when it has at least
    ``AUTO_CORPUS_MIN_WORDS`` words, else wordfreq's general English), ``"wordfreq"``, ``"corpus"``
    or ``"uniform"``; ``prior_strength`` is a_0 in pseudo-words (default ``DEFAULT_STRENGTH``).
    ``shuffles=0`` skips the chance band.

    Columns: ``group``, ``other``, ``term``, ``n_gram``, ``n_group`` and ``n_other`` (raw counts),
    ``total_group`` and ``total_other`` (all counted terms of that order on each side),
    ``rate_group`` and ``rate_other`` (per 10,000 words), ``prior`` (the pseudo-count a_w),
    ``log_odds`` (delta), ``z``, ``g2``, ``log_ratio`` (log2; > 0 leans to ``group``),
    ``chance_low`` and ``chance_high`` (the band of z a random split of sentences gives at this
    term's frequency), ``beyond_chance`` (z outside the band, and the term used often enough for a
    lean that far to be more than chance: see ``_min_evidence``). Terms whose pooled count is below
    ``min_count`` are left out (after scoring). Sorted by comparison, then z descending.
    """
    stop = shipped_stopwords() if stopwords else None
    units = _units(corpus, by, max_n, stop, sentences=True)
    comps = _comparisons(len(units.groups))
    if not comps:
        warnings.warn(f"{corpus.name or 'corpus'}: only {len(units.groups)} group(s) by {by!r}; "
                      "nothing to compare", stacklevel=2)
    kind = _resolve_prior(prior, int(units.words.sum()))
    strength = float(DEFAULT_STRENGTH if prior_strength is None else prior_strength)
    frames = []
    for n in range(1, max_n + 1):
        terms = units.orders[n][3]
        if not terms or not comps:
            continue
        mat = _group_matrix(units, n)
        pooled = mat.sum(axis=0)
        alpha = strength * _prior_shares(kind, terms, pooled)
        bands = _chance_band(units, n, alpha, shuffles, seed, level)
        for (g, o), (bins, lo, hi) in zip(comps, bands):
            y_i = mat[g]
            y_j = pooled - y_i if o is None else mat[o]
            n_i, n_j = float(y_i.sum()), float(y_j.sum())
            delta, z = log_odds_z(y_i, y_j, alpha)
            words_i = units.words[g]
            words_j = units.words.sum() - words_i if o is None else units.words[o]
            clo, chi = lo[bins], hi[bins]
            keep = (y_i + y_j) >= min_count
            m_g, m_o = _min_evidence(units, g, o, level)
            can_show = (y_i + y_j) >= np.where(z > 0, m_g, m_o)
            frames.append(pd.DataFrame({
                "group": units.groups[g], "other": REST if o is None else units.groups[o],
                "term": np.asarray(terms, dtype=object), "n_gram": n,
                "n_group": y_i.astype(np.int64), "n_other": y_j.astype(np.int64),
                "total_group": int(n_i), "total_other": int(n_j),
                "rate_group": y_i / max(words_i, 1) * 10_000, "rate_other": y_j / max(words_j, 1) * 10_000,
                "prior": alpha, "log_odds": delta, "z": z,
                "g2": g2(y_i, y_j, n_i, n_j), "log_ratio": log_ratio(y_i, y_j, n_i, n_j),
                "chance_low": clo, "chance_high": chi,
                "beyond_chance": ((z < clo) | (z > chi)) & can_show,
                "_c": len(frames),
            })[keep])
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DISTINCTIVE_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["_c", "z", "term"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="_c").reset_index(drop=True)[DISTINCTIVE_COLUMNS]


def band_steps(dist: pd.DataFrame) -> pd.DataFrame:
    """The chance band of a :func:`distinctive_terms` table as steps over pooled frequency, to plot.

    Columns: ``group``, ``other``, ``n_gram``, ``count_from`` and ``count_to`` (pooled count range
    of the bin, a power of two up to the next), ``chance_low``, ``chance_high``.
    """
    pooled = dist["n_group"] + dist["n_other"]
    b = np.floor(np.log2(np.maximum(pooled, 1))).astype("int64")
    d = dist.assign(_bin=b)
    out = d.groupby(["group", "other", "n_gram", "_bin"], sort=False).agg(
        chance_low=("chance_low", "first"), chance_high=("chance_high", "first")).reset_index()
    out["count_from"] = (2.0 ** out["_bin"]).astype("int64")
    out["count_to"] = (2.0 ** (out["_bin"] + 1)).astype("int64")
    out = out.sort_values(["group", "other", "n_gram", "_bin"], kind="stable")
    return out[["group", "other", "n_gram", "count_from", "count_to", "chance_low", "chance_high"]].reset_index(drop=True)


def distinctive_summary(dist: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """One row per comparison (and n-gram order) of a :func:`distinctive_terms` table.

    Columns: ``group``, ``other``, ``n_gram``, ``total_group``, ``total_other`` (terms counted on
    each side), ``n_terms``, ``n_beyond_chance`` (terms outside the chance band),
    ``n_beyond_for_group`` and ``n_beyond_for_other`` (of those, how many lean each way),
    ``n_expected_by_chance`` (about how many a random split puts outside the band: in each
    frequency bin and on each side, ``1 - level`` of the shuffles have a term beyond it). ``level``
    must be the one the table was made with.
    """
    keys = ["group", "other", "n_gram"]
    d = dist.assign(_bin=np.floor(np.log2(np.maximum(dist["n_group"] + dist["n_other"], 1))))
    g = d.groupby(keys, sort=False)
    out = g.agg(total_group=("total_group", "first"), total_other=("total_other", "first"),
                n_terms=("term", "size"), n_beyond_chance=("beyond_chance", "sum"),
                _bins=("_bin", "nunique")).reset_index()
    up = d[d["beyond_chance"] & (d["z"] > 0)].groupby(keys, sort=False).size()
    down = d[d["beyond_chance"] & (d["z"] < 0)].groupby(keys, sort=False).size()
    idx = pd.MultiIndex.from_frame(out[keys])
    out["n_beyond_for_group"] = up.reindex(idx, fill_value=0).to_numpy().astype("int64")
    out["n_beyond_for_other"] = down.reindex(idx, fill_value=0).to_numpy().astype("int64")
    out["n_expected_by_chance"] = 2 * (1 - level) * out.pop("_bins")
    return out.astype({"n_beyond_chance": "int64"})


def plain_verdict(summary: pd.DataFrame, n_gram: int = 1) -> str:
    """A plain sentence: can these texts show a difference in word use, or only rank words?

    "Too short" when no more words lie outside the chance band than random splits put there.
    """
    s = summary[summary["n_gram"] == n_gram]
    if s.empty:
        return "There is only one group here, so there is nothing to compare."
    smallest = int(s[["total_group", "total_other"]].min().min())
    beyond = int(s["n_beyond_chance"].sum())
    expected = float(s["n_expected_by_chance"].sum())
    if beyond <= expected:
        return (f"Too short to tell: the smallest side has {smallest:,} words, and {beyond} word "
                f"score(s) lie outside the band where random reshufflings of the sentences would "
                f"put about {expected:.1f} by chance. Read the distinctive words as a ranking, not "
                "as evidence of a difference.")
    most = s.sort_values("n_beyond_chance", ascending=False, kind="stable")
    parts = [f"{r.group} vs {r.other}: {r.n_beyond_chance}" for r in most.head(5).itertuples() if r.n_beyond_chance]
    if (most["n_beyond_chance"] > 0).sum() > 5:
        parts.append(f"{int((most['n_beyond_chance'] > 0).sum()) - 5} more comparisons")
    return (f"{beyond:,} word scores lie outside the band where random reshufflings of the sentences "
            f"would put about {expected:.1f} ({'; '.join(parts)}); the smallest side has "
            f"{smallest:,} words. Those words differ beyond chance; the rest are a ranking.")


# --------------------------------------------------------------------------------------------- #
# Keywords in context and collocations
# --------------------------------------------------------------------------------------------- #


def _norm(text: str) -> str:
    """Lower-cased text with straight apostrophes, the same length as ``text`` (for offsets)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. "İ") lower to two: lower one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'").replace("\u2018", "'")


def keywords_in_context(corpus: Corpus, terms: str | Iterable[str], by: str = "source",
                        width: int = 60) -> pd.DataFrame:
    """Every use of each term (one or more words, matched as tokens) with the text around it.

    Columns: ``group``, ``doc_id``, ``term`` (as asked, tokenized), ``left`` (up to ``width``
    characters before, line breaks as spaces), ``match`` (the text as written), ``right``,
    ``start`` and ``end`` (offsets of the match in the article's ``body``). Exact duplicate
    articles are skipped. In order of groups, then articles, then position.
    """
    if isinstance(terms, str):
        terms = [terms]
    wanted = []
    for t in terms:
        toks = tuple(tokenize(t))
        if not toks:
            raise ValueError(f"{t!r} has no word tokens to look for")
        wanted.append((" ".join(toks), toks))
    arts, order = _groups(corpus, by)
    rank = {g: i for i, g in enumerate(order)}
    arts = arts.assign(_r=arts["group"].map(rank)).sort_values("_r", kind="stable")
    rows = []
    for doc_id, group, body in arts[["doc_id", "group", "body"]].itertuples(index=False, name=None):
        low = _norm(body)
        todo = [(name, toks) for name, toks in wanted if toks[0] in low]
        if not todo:
            continue
        spans = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(low)]
        words = [w for _, _, w in spans]
        for name, toks in todo:
            k = len(toks)
            for i in range(len(words) - k + 1):
                if words[i] == toks[0] and tuple(words[i:i + k]) == toks:
                    s, e = spans[i][0], spans[i + k - 1][1]
                    rows.append((group, doc_id, name, _flat(body[max(0, s - width):s]), body[s:e],
                                 _flat(body[e:e + width]), s, e))
    cols = ["group", "doc_id", "term", "left", "match", "right", "start", "end"]
    return pd.DataFrame(rows, columns=cols).astype({"start": "int64", "end": "int64"})


def _flat(s: str) -> str:
    return " ".join(s.split()) if "\n" in s or "  " in s else s


def collocations(corpus: Corpus, by: str = "source", top: int = 15, min_count: int = 2,
                 stopwords: bool = True) -> pd.DataFrame:
    """Word pairs that go together in each group, by NLTK's bigram association measures.

    Pairs are counted within sentences (NLTK's ``BigramCollocationFinder.from_documents``);
    pairs seen fewer than ``min_count`` times are dropped, and with ``stopwords=True`` pairs with a
    stopword or without a letter. Columns: ``group``, ``bigram``, ``w1``, ``w2``, ``n`` (times
    together), ``likelihood_ratio`` (Dunning's log-likelihood, the ranking), ``pmi`` (pointwise
    mutual information, log2), ``rank`` (1 = strongest in the group). Top ``top`` per group.
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    arts, order = _groups(corpus, by)
    stop = shipped_stopwords()
    measures = BigramAssocMeasures()
    rows = []
    sents_by_doc = list(_sentence_streams(arts["body"].tolist()))
    for g in order:
        idx = np.flatnonzero(arts["group"].to_numpy() == g)
        docs = list(chain.from_iterable(sents_by_doc[i] for i in idx))
        finder = BigramCollocationFinder.from_documents(docs)
        finder.apply_freq_filter(min_count)
        if stopwords:
            finder.apply_word_filter(lambda w: w in stop or not any(ch.isalpha() for ch in w))
        scored = finder.score_ngrams(measures.likelihood_ratio)[:top]
        for r, ((w1, w2), llr) in enumerate(scored, start=1):
            rows.append((g, f"{w1} {w2}", w1, w2, int(finder.ngram_fd[(w1, w2)]), float(llr),
                         float(finder.score_ngram(measures.pmi, w1, w2)), r))
    cols = ["group", "bigram", "w1", "w2", "n", "likelihood_ratio", "pmi", "rank"]
    return pd.DataFrame(rows, columns=cols).astype({"n": "int64", "rank": "int64"})
