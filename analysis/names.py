"""Person names: the one place where names are split from titles, normalised and merged.

News text names one person many ways: "US President Donald Trump", "President Trump", "Trump",
"the US President", "he"; and across outlets "Volodymyr Zelenskyy", "Zelensky", "Zelenskiy".
This module turns such mentions into one *canonical name* per person, by general rules (no list of
particular people):

* :func:`split_title` separates the leading title words ("US President", "Sen.", "Mr.") from the
  name. Titles come from the shipped list ``analysis/data/name_titles_en.txt``.
* :func:`name_key` folds a name token for comparison: accents dropped, lower case, doubled letters
  collapsed and the transliteration endings -yy/-iy/-ii/-ij/-i/-y made one (so "Zelenskyy",
  "Zelensky" and "Zelenskiy" share the key ``zelensky``).
* :class:`ArticleNames` follows the people one article mentions, in order, and resolves a mention
  the way a reader would: a surname to the full name the article used for it, a title ("the US
  President") to the person the article gave that title, a pronoun to the person last named.
* :func:`canonical_names` merges the names resolved in many articles: two names are one person when
  their surname keys match and their first names (when both have one) agree; the canonical form is
  the fullest name used anywhere (most tokens, then most frequent, then alphabetical).

Framing and quotes both import this module, so a name means the same thing in every table.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

import pandas as pd

from .text import _data_lines

__all__ = [
    "PRONOUNS",
    "ArticleNames",
    "Person",
    "canonical_names",
    "is_pronoun",
    "looks_like_person",
    "name_key",
    "name_runs",
    "split_title",
]

#: Personal pronouns that can stand for a speaker.
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})

# A capitalised word: letters (with inner apostrophes, hyphens and periods: O'Brien, Al-Assad,
# U.S., J.), or an initial.
_CAP = r"(?:[A-Z\u00C0-\u00DE][\w\u2019'.\-]*)"
# Lower-case particles that can sit inside a name ("Ursula von der Leyen", "Secretary of State").
_PARTICLE = r"(?:von|van|der|den|de|da|di|du|del|della|la|le|bin|ibn|al|el|of|and)"
#: A run of capitalised words (the raw form of a name, optionally with titles in front).
NAME_RUN_RE = re.compile(rf"{_CAP}(?:[ \u00A0](?:{_PARTICLE}[ \u00A0])*{_CAP})*")
_POSSESSIVE_RE = re.compile(r"[\u2019']s?$")


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Title and role words (lower case, no final period) that may precede a name."""
    return frozenset(_data_lines("name_titles_en.txt"))


@lru_cache(maxsize=None)
def organisation_words() -> frozenset[str]:
    """Head nouns that mark a capitalised run as an organisation or place, not a person."""
    return frozenset(_data_lines("organisation_words_en.txt"))


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Lower case, accents dropped, curly apostrophes straightened."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFKD", word.replace("\u2019", "'"))
    return "".join(c for c in word if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def _is_title_token(tok: str) -> bool:
    t = _fold(tok).rstrip(".")
    return t in titles() or t.replace(".", "") in titles()


_NATIONALITY_RE = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]?|[A-Z]{2,3}|[A-Z][a-z]+(?:ian|an|ese|ish|ean|i|ic)")


@lru_cache(maxsize=65536)
def _is_nationality(tok: str) -> bool:
    """Nationality or place adjective in a title ("Russian", "Ukrainian", "US", "U.S.", "EU")."""
    return _NATIONALITY_RE.fullmatch(tok.rstrip(".")) is not None


def is_pronoun(mention: str) -> bool:
    """True for a bare personal pronoun ("he", "She", "they")."""
    return mention.strip().lower() in PRONOUNS


@lru_cache(maxsize=65536)
def split_title(mention: str) -> tuple[str, str]:
    """``(title, name)`` of a mention: "US President Donald Trump" -> ("US President", "Donald Trump").

    The title is every word up to and including the last title word (and the nationality or
    possessive words in front of it); the name is the rest, with a possessive "'s" and a leading
    "the" removed. A bare title gives an empty name: "the Russian president" -> ("Russian
    president", "").
    """
    text = re.sub(r"\s+", " ", mention).strip(" ,;:")
    toks = text.split(" ")
    if toks and toks[0].lower() in {"the", "a", "an"}:
        toks = toks[1:]
    if toks:
        toks[-1] = _POSSESSIVE_RE.sub("", toks[-1]) if len(toks[-1]) > 2 else toks[-1]
    last_title = -1
    for i, tok in enumerate(toks):
        if _is_title_token(tok) or tok.endswith(("'s", "\u2019s")):
            last_title = i
    # "Jr." and "Sr." end a name; they are not titles in front of it
    while last_title >= 0 and toks[last_title].rstrip(".").lower() in {"jr", "sr"}:
        last_title -= 1
    title = " ".join(toks[: last_title + 1])
    name = " ".join(toks[last_title + 1 :])
    if not title and name:
        # leading nationality words with no title word after them are not part of a name
        rest = toks
        while len(rest) > 1 and _is_nationality(rest[0]):
            rest = rest[1:]
        if len(rest) < len(toks):
            title, name = " ".join(toks[: len(toks) - len(rest)]), " ".join(rest)
    return title, name.strip()


@lru_cache(maxsize=65536)
def looks_like_person(name: str) -> bool:
    """A plausible person name: capitalised, not ending in an organisation word, not an acronym."""
    toks = name.split()
    if not toks or len(toks) > 5:
        return False
    if any(_fold(t).rstrip(".") in organisation_words() for t in toks):
        return False
    last = toks[-1].rstrip(".")
    if last.lower() in {"jr", "sr"} and len(toks) > 1:
        last = toks[-2]
    if len(last) < 2 or last.isupper() or "." in last:
        return False
    if len(toks) == 1 and _is_nationality(toks[0]):
        return False
    return all(t[0].isupper() or re.fullmatch(_PARTICLE, t) for t in toks)


@lru_cache(maxsize=65536)
def name_key(token: str) -> str:
    """Comparison key of one name token, folding transliteration variants.

    Accents are dropped and letters lower-cased; doubled letters collapse ("Zelenskyy" ->
    "zelensky"); the endings -iy, -ij, -ii, -yi and -i become -y, "kh" becomes "h" and "x"
    becomes "ks" (so "Dmitry"/"Dmitri", "Zelenskiy"/"Zelensky", "Mikhail"/"Mihail",
    "Olexandr"/"Oleksandr" agree). Possessive "'s" and
    punctuation are removed.
    """
    t = _POSSESSIVE_RE.sub("", _fold(token))
    t = _NON_LETTER_RE.sub("", t)
    t = _DOUBLE_RE.sub(r"\1", t)
    t = _ENDING_RE.sub("y", t)
    return t.replace("kh", "h").replace("x", "ks")


_NON_LETTER_RE = re.compile(r"[^a-z]")
_DOUBLE_RE = re.compile(r"(.)\1+")
_ENDING_RE = re.compile(r"(?:iy|ij|ii|yi|i)$")


@lru_cache(maxsize=65536)
def _first_last(name: str) -> tuple[str, str]:
    toks = [t for t in name.split() if t.rstrip(".").lower() not in {"jr", "sr", "ii", "iii"}]
    if not toks:
        return "", ""
    return (name_key(toks[0]) if len(toks) > 1 else ""), name_key(toks[-1])


def _compatible(a: str, b: str) -> bool:
    """Two names can be one person: same surname key; first names agree when both are given."""
    fa, la = _first_last(a)
    fb, lb = _first_last(b)
    if not la or la != lb:
        return False
    if fa and fb and fa != fb and not (fa.startswith(fb) or fb.startswith(fa)):
        return False
    return True


def _fullness(name: str) -> int:
    return len(name.split())


@dataclass
class Person:
    """One person an article mentions: the fullest name it uses and the titles it gives them."""

    name: str
    titles: set[str] = field(default_factory=set)
    last_pos: int = -1


def _title_words(title: str) -> frozenset[str]:
    words = {re.sub(r"[^a-z]", "", _fold(w)) for w in title.split()}
    words = {w for w in words if w and w not in {"the", "a", "an", "former", "then", "s"}}
    return frozenset(words)


class ArticleNames:
    """The people one article names, in order, for resolving later mentions of them.

    Call :meth:`add` for every name mention (a capitalised run such as "US President Donald
    Trump" or "Zelensky", with its offset) as the text is read, then :meth:`resolve` for a speaker
    mention; ``resolve`` only looks at people added at or before the mention's position.
    """

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._by_surname: dict[str, list[Person]] = defaultdict(list)
        self._seen: dict[str, Person | None] = {}  # mention -> its person, for repeated mentions
        self._antecedents: list[tuple[int, int, Person]] = []  # (pos, order, person), sorted

    def _find(self, name: str) -> Person | None:
        for p in reversed(self._by_surname.get(_first_last(name)[1], ())):
            if _compatible(p.name, name):
                return p
        return None

    def add(self, mention: str, pos: int, antecedent: bool = False) -> Person | None:
        """Record a name mention at ``pos``; returns its person (None when it names nobody).

        ``antecedent=True`` marks a mention a later pronoun may refer to (a speaker or subject).
        """
        if mention in self._seen:
            person = self._seen[mention]
            if person is not None:
                person.last_pos = max(person.last_pos, pos)
                if antecedent:
                    self.add_antecedent(person, pos)
            return person
        person = self._add(mention, pos)
        self._seen[mention] = person
        if person is not None and antecedent:
            self.add_antecedent(person, pos)
        return person

    def _add(self, mention: str, pos: int) -> Person | None:
        title, name = split_title(mention)
        if not name or not looks_like_person(name):
            return None
        person = self._find(name)
        if person is None:
            person = Person(name)
            self.people.append(person)
            self._by_surname[_first_last(name)[1]].append(person)
            # a one-word mention seen before may now mean this newer person
            self._seen = {m: p for m, p in self._seen.items() if " " in m}
        elif _fullness(name) > _fullness(person.name):
            person.name = name
        if title:
            person.titles.add(title)
        person.last_pos = max(person.last_pos, pos)
        return person

    def add_antecedent(self, person: Person, pos: int) -> None:
        """Mark ``person`` as mentioned at ``pos`` in a place a pronoun may later point back to."""
        bisect.insort(self._antecedents, (pos, len(self._antecedents), person), key=lambda a: a[:2])
        person.last_pos = max(person.last_pos, pos)

    def by_title(self, title: str, pos: int) -> Person | None:
        """The person most recently given all the words of ``title`` ("US President") before ``pos``."""
        want = _title_words(title)
        if not want:
            return None
        best = None
        for p in self.people:
            if any(want <= _title_words(t) for t in p.titles):
                if best is None or p.last_pos > best.last_pos:
                    best = p
        return best

    def last_antecedent(self, pos: int) -> Person | None:
        """The person last marked as an antecedent before ``pos``."""
        k = bisect.bisect_left(self._antecedents, pos, key=lambda a: a[0])
        return self._antecedents[k - 1][2] if k else None

    def resolve(self, mention: str, pos: int) -> tuple[str, str]:
        """``(name, rule)`` for a speaker mention at ``pos``; ``("", rule)`` when it names nobody known.

        Rules: ``pronoun`` (the person last marked as an antecedent), ``title`` (a bare title
        resolved through the article's own titled names), ``name`` (a name, expanded to the
        fullest form the article used for that person).
        """
        mention = mention.strip()
        if is_pronoun(mention):
            person = self.last_antecedent(pos)
            return (person.name, "pronoun") if person else ("", "pronoun-unresolved")
        title, name = split_title(mention)
        if name and looks_like_person(name):
            person = self._find(name)
            return (person.name if person else name), "name"
        if title:
            person = self.by_title(title, pos)
            if person is not None:
                return person.name, "title"
        return "", "nominal"


def name_runs(text: str) -> Iterable[tuple[int, int, str]]:
    """``(start, end, run)`` for each run of capitalised words in ``text`` (candidate names)."""
    for m in NAME_RUN_RE.finditer(text):
        run = m.group().rstrip(".")
        # a sentence-initial function word is not part of a name
        yield m.start(), m.start() + len(run), run


def canonical_names(mentions: pd.DataFrame | Iterable[str]) -> dict[str, str]:
    """Map every person name in ``mentions`` to one canonical name shared across articles.

    ``mentions`` is a DataFrame with a ``name`` column (one row per mention; other columns are
    ignored) or any iterable of names. Names are grouped when :func:`name_key` of their surnames
    match and their first names, when both have one, agree ("Volodymyr Zelenskyy", "Zelensky",
    "Zelenskyy" are one group). A surname alone joins a group only when exactly one group fits it.
    The canonical name of a group is its fullest form (most words, then most frequent, then first
    alphabetically). Names that fit no rule map to themselves; empty names are skipped.
    """
    if isinstance(mentions, pd.DataFrame):
        names = [n for n in mentions["name"].tolist() if isinstance(n, str)]
    else:
        names = [n for n in mentions if isinstance(n, str)]
    counts = Counter(n.strip() for n in names if n and n.strip())
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in counts:
        by_surname[_first_last(n)[1]].append(n)
    mapping: dict[str, str] = {}
    for _, group in by_surname.items():
        full = [n for n in group if _first_last(n)[0]]
        bare = [n for n in group if not _first_last(n)[0]]
        # cluster full names by first-name compatibility
        clusters: list[list[str]] = []
        for n in sorted(full, key=lambda n: (-_fullness(n), -counts[n], n)):
            for c in clusters:
                if _compatible(c[0], n):
                    c.append(n)
                    break
            else:
                clusters.append([n])
        if len(clusters) == 1:
            clusters[0].extend(bare)
        elif not clusters:
            clusters = [bare]
        else:  # several people share the surname: a bare surname stays itself
            clusters.extend([b] for b in bare)
        for c in clusters:
            canon = min(c, key=lambda n: (-_fullness(n), -counts[n], n))
            for n in c:
                mapping[n] = canon
    return mapping


def apply_canonical(names: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """``names`` with every name replaced by its canonical form (empty stays empty)."""
    return names.map(lambda n: mapping.get(n, n) if isinstance(n, str) else "")
