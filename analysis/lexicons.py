"""The word lists framing is measured with: CSV files shipped in ``analysis/data/``, checked on load.

Each lexicon is small and readable on purpose, so a reader can see why a word counted. The files,
their columns and their sources are described in ``analysis/data/LEXICONS.md`` and in the
"framing" section of ``corpus/README.md``:

* ``reporting_verbs.csv`` — reporting verbs with a stance class and their inflected forms;
* ``stance_classes.csv`` — the eleven stance classes, glossed, with the changes from the draft;
* ``certainty_markers.csv`` — hedges, boosters and evidential markers;
* ``frame_cues.csv`` — cue words for six generic news frames (``*`` ends a prefix);
* ``citation_gazetteer.csv`` — whom a report can credit: agencies, outlets, platforms, official
  bodies, anonymous sources, generic agency credits (Python regular expressions).

A malformed lexicon raises :class:`LexiconError` naming the file and the problem, so a bad edit
fails loudly instead of silently changing a measure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["LEXICONS", "LexiconError", "TermMatcher", "lexicon", "read_lexicon"]

#: name -> (file, required columns, columns that together must be unique)
LEXICONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "reporting_verbs": ("reporting_verbs.csv",
                        ("lemma", "stance_class", "third_person", "past", "present_participle"), ("lemma",)),
    "stance_classes": ("stance_classes.csv", ("stance_class", "order", "gloss", "examples"), ("stance_class",)),
    "certainty_markers": ("certainty_markers.csv", ("term", "category", "from_list"), ("term",)),
    "frame_cues": ("frame_cues.csv", ("term", "frame"), ("term",)),
    "citation_gazetteer": ("citation_gazetteer.csv", ("name", "type", "pattern", "needs_cue"), ("pattern",)),
}

CERTAINTY_CATEGORIES = ("hedge", "booster", "evidential")
FRAMES = ("conflict", "humanitarian", "diplomacy", "military", "legality", "responsibility")
CITATION_TYPES = ("news_agency", "outlet", "platform", "official_body", "anonymous", "generic")


class LexiconError(ValueError):
    """A shipped lexicon file is malformed (missing column, duplicate entry, unknown class)."""


@lru_cache(maxsize=None)
def lexicon(name: str) -> pd.DataFrame:
    """One shipped lexicon as a DataFrame (a fresh copy is cheap: callers must not modify it)."""
    if name not in LEXICONS:
        raise KeyError(f"unknown lexicon {name!r}; known: {', '.join(LEXICONS)}")
    return read_lexicon(resources.files("analysis.data").joinpath(LEXICONS[name][0]), name)


def read_lexicon(path, name: str) -> pd.DataFrame:
    """Read and check one lexicon file (``path``: a file path or resource) as lexicon ``name``."""
    _, required, unique = LEXICONS[name]
    file = str(path)
    try:
        with path.open(encoding="utf-8") as fh:
            df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as err:
        raise LexiconError(f"{file}: cannot be read as CSV ({err})") from err
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise LexiconError(f"{file}: missing column(s) {', '.join(missing)}")
    for col in required:
        blank = df[col].str.strip() == ""
        if blank.any() and col not in {"needs_cue"}:
            raise LexiconError(f"{file}: empty {col!r} on line {int(blank.idxmax()) + 2}")
    key = df[list(unique)].apply(lambda s: s.str.lower().str.strip())
    dup = key.duplicated()
    if dup.any():
        raise LexiconError(f"{file}: duplicate entry {df.loc[dup.idxmax(), unique[0]]!r} "
                           f"on line {int(dup.idxmax()) + 2}")
    _check(name, file, df)
    return df


def _check(name: str, file: str, df: pd.DataFrame) -> None:
    allowed = {
        "certainty_markers": ("category", CERTAINTY_CATEGORIES),
        "frame_cues": ("frame", FRAMES),
        "citation_gazetteer": ("type", CITATION_TYPES),
    }
    if name == "reporting_verbs":
        allowed["reporting_verbs"] = ("stance_class", tuple(lexicon("stance_classes")["stance_class"]))
        forms = pd.concat([df["third_person"], df["past"], df["present_participle"]]).str.lower()
        owner = pd.concat([df["lemma"]] * 3)
        clash = pd.DataFrame({"form": forms.values, "lemma": owner.values}).drop_duplicates()
        dup = clash["form"].duplicated()
        if dup.any():
            raise LexiconError(f"{file}: form {clash['form'][dup].iloc[0]!r} belongs to two lemmas")
    if name in allowed:
        col, values = allowed[name]
        bad = ~df[col].isin(values)
        if bad.any():
            raise LexiconError(f"{file}: unknown {col} {df.loc[bad, col].iloc[0]!r} "
                               f"(allowed: {', '.join(values)})")
    if name == "citation_gazetteer":
        for pat in df["pattern"]:
            try:
                re.compile(pat)
            except re.error as err:
                raise LexiconError(f"{file}: bad pattern {pat!r}: {err}") from err
    if name == "frame_cues":
        _check_prefix_overlap(file, df)


def _check_prefix_overlap(file: str, df: pd.DataFrame) -> None:
    """Every word must count for one frame at most: no two entries of different frames may overlap."""
    terms = list(zip(df["term"].str.lower(), df["frame"]))
    stars = [(t[:-1], f) for t, f in terms if t.endswith("*")]
    for t, f in terms:
        bare = t.rstrip("*")
        for p, g in stars:
            if g != f and (bare.startswith(p) or (t.endswith("*") and p.startswith(bare))):
                raise LexiconError(f"{file}: {t!r} ({f}) overlaps {p + '*'!r} ({g})")


_WORD_RE = re.compile(r"\w(?:[\w'\u2019-]*\w)?")


def _norm_word(w: str) -> str:
    return w.lower().replace("\u2019", "'")


class TermMatcher:
    """Find lexicon terms in text word by word (the fast equivalent of :func:`term_regex`).

    Terms are one or more words; a final ``*`` makes the last word a prefix. At each word the
    longest matching term wins and matches never overlap. ``find(text)`` yields ``(start, end,
    i)`` with ``i`` the index of the term in the list given.
    """

    def __init__(self, terms: list[str]):
        self.by_first: dict[str, list[tuple[int, list[str], bool, int]]] = {}
        self.star_first: dict[str, list[tuple[int, list[str], bool, int]]] = {}
        for i, term in enumerate(terms):
            star = term.strip().endswith("*")
            words = [_norm_word(w) for w in re.findall(r"[\w'\u2019-]+", term.strip().rstrip("*"))]
            if not words:
                continue
            entry = (len(" ".join(words)), words, star, i)
            table = self.star_first if star and len(words) == 1 else self.by_first
            table.setdefault(words[0], []).append(entry)
        for table in (self.by_first, self.star_first):
            for k in table:
                table[k].sort(key=lambda e: -e[0])
        self.max_prefix = max((len(k) for k in self.star_first), default=0)

    def find(self, text: str):
        toks = [(m.start(), m.end(), _norm_word(m.group())) for m in _WORD_RE.finditer(text)]
        n, j = len(toks), 0
        while j < n:
            start, end, w = toks[j]
            best = None  # (length in chars, end, n words, index)
            for length, words, star, i in self.by_first.get(w, ()):
                k = len(words)
                if j + k > n:
                    continue
                ok = all(toks[j + x][2] == words[x] for x in range(1, k - 1)) if k > 2 else True
                if k > 1:
                    last = toks[j + k - 1][2]
                    ok = ok and (last.startswith(words[-1]) if star else last == words[-1])
                    ok = ok and all(text[toks[j + x][1]:toks[j + x + 1][0]].isspace() for x in range(k - 1))
                if ok and (best is None or toks[j + k - 1][1] - start > best[0]):
                    best = (toks[j + k - 1][1] - start, toks[j + k - 1][1], k, i)
            if best is None:
                for p in range(min(len(w), self.max_prefix), 0, -1):
                    hits = self.star_first.get(w[:p])
                    if hits:
                        best = (end - start, end, 1, hits[0][3])
                        break
            if best is None:
                j += 1
                continue
            yield start, best[1], best[3]
            j += best[2]
