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

from .text import _data_lines, abbreviations

__all__ = [
    "PRONOUNS",
    "ArticleNames",
    "Person",
    "apply_canonical",
    "canonical_names",
    "forget_names",
    "is_pronoun",
    "looks_like_person",
    "name_key",
    "name_runs",
    "split_title",
    "titles",
]

#: Personal pronouns that can stand for a speaker.
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})

# Lower-case particles that can sit inside a name ("Ursula von der Leyen", "Secretary of State").
_PARTICLE = r"(?:von|van|der|den|de|da|di|du|del|della|la|le|bin|ibn|al|el|of|and)"
_PARTICLE_RE = re.compile(_PARTICLE)
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")
_POSSESSIVE_RE = re.compile(r"[\u2019']s?$")


_MEMOS: list = []


def _memo(maxsize: int = 262144):
    """``lru_cache`` for per-name work (names recur in every article), registered for
    :func:`forget_names`."""
    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _MEMOS.append(cached)
        return cached
    return wrap


def forget_names() -> None:
    """Empty the per-name memos. They speed up one pass over a corpus; kept afterwards, their
    million entries cost memory and half a second in every later full garbage collection."""
    for cached in _MEMOS:
        cached.cache_clear()


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Title and role words (lower case, no final period) that may precede a name."""
    return frozenset(_data_lines("name_titles_en.txt"))


@lru_cache(maxsize=None)
def organisation_words() -> frozenset[str]:
    """Head nouns that mark a capitalised run as an organisation or place, not a person."""
    return frozenset(_data_lines("organisation_words_en.txt"))


@_memo()
def _fold(word: str) -> str:
    """Lower case, accents dropped, curly apostrophes straightened."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFKD", word.replace("\u2019", "'"))
    return "".join(c for c in word if not unicodedata.combining(c)).lower()


@_memo()
def _is_title_token(tok: str) -> bool:
    t = _fold(tok).rstrip(".")
    return t in titles() or t.replace(".", "") in titles()


_NATIONALITY_RE = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]?|[A-Z]{2,3}|[A-Z][a-z]+(?:ian|an|ese|ish|ean|i|ic)")


@_memo()
def _is_nationality(tok: str) -> bool:
    """Nationality or place adjective in a title ("Russian", "Ukrainian", "US", "U.S.", "EU")."""
    return _NATIONALITY_RE.fullmatch(tok.rstrip(".")) is not None


def is_pronoun(mention: str) -> bool:
    """True for a bare personal pronoun ("he", "She", "they")."""
    return mention.strip().lower() in PRONOUNS


_SPACES_RE = re.compile(r"\s+")

# words that open a sentence (or a headline's question) but never a name ("And Trump said", "When
# Clinton noted", "Even Donald Trump has", "Some Trump supporters", "One said", "Did Trump")
_LEADING_FUNCTION_WORDS = frozenset(
    """the a an and but or so yet if when while as after before because since although though
    then now where why how what this that these those in on at of by with from to for it
    even also once besides both either neither some many several few most all each every
    another other others one two three four five six seven eight nine ten no not only just
    instead last speaking watch is are was were did does should would could has have had""".split()
)


@_memo()
def split_title(mention: str) -> tuple[str, str]:
    """``(title, name)`` of a mention: "US President Donald Trump" -> ("US President", "Donald Trump").

    The title is every word up to and including the last title word (and the nationality or
    possessive words in front of it); the name is the rest, with a possessive "'s" and a leading
    "the" removed. A bare title gives an empty name: "the Russian president" -> ("Russian
    president", "").
    """
    if not mention.isprintable() or "  " in mention:  # (printable: no whitespace but single spaces)
        mention = _SPACES_RE.sub(" ", mention)
    toks = mention.strip(" ,;:").split(" ")
    while toks and toks[0].lower() in _LEADING_FUNCTION_WORDS:
        toks = toks[1:]
    if toks and len(toks[-1]) > 2:
        last = toks[-1]
        if last[-1] in "'\u2019":  # a possessive mark (_POSSESSIVE_RE, without a regex call)
            toks[-1] = last[:-1]
        elif last[-1] == "s" and last[-2] in "'\u2019":
            toks[-1] = last[:-2]
    last_title = -1
    for i, tok in enumerate(toks):
        if _is_title_token(tok) or tok.endswith(("'s", "\u2019s")):
            last_title = i
    # "Jr." and "Sr." end a name; they are not titles in front of it
    while last_title >= 0 and toks[last_title].rstrip(".").lower() in {"jr", "sr"}:
        last_title -= 1
    title = " ".join(toks[: last_title + 1])
    rest = toks[last_title + 1 :]
    while rest and rest[0] == "of":  # "Republican of Holder": no name starts with "of"
        rest = rest[1:]
    # "Vladimir Putin of Russia", "John Cornyn of Texas": where the person is from, not their name
    for i in range(1, len(rest) - 1):
        if rest[i] == "of" and rest[i + 1][:1].isupper():
            rest = rest[:i]
            break
    name = " ".join(rest)
    if not title and name:
        # leading nationality words with no title word after them are not part of a name
        rest = toks
        while len(rest) > 1 and _is_nationality(rest[0]):
            rest = rest[1:]
        if len(rest) < len(toks):
            title, name = " ".join(toks[: len(toks) - len(rest)]), " ".join(rest)
    return title, name.strip()


@_memo()
def looks_like_person(name: str) -> bool:
    """A plausible person name: capitalised, not ending in an organisation word, not an acronym."""
    toks = name.split()
    if not toks or len(toks) > 5:
        return False
    org = organisation_words()
    if any(_fold(t).rstrip(".") in org for t in toks):
        return False
    last = toks[-1].rstrip(".")
    if last.lower() in {"jr", "sr"} and len(toks) > 1:
        last = toks[-2]
    if len(last) < 2 or last.isupper() or "." in last:
        return False
    if any(len(t) > 3 and t.isupper() for t in toks):
        return False  # a heading in capitals ("MUST WATCH"), not a name
    if _RUN_TOGETHER_RE.search(name) or len({t.lower() for t in toks}) < len(toks):
        # words run together or a name twice, as link text leaves them ("Bernie SandersSome
        # Sanders", "Joe Biden Joe Biden", "Ted Cruz Cruz"): not one person's name
        return False
    if len(toks) == 1 and _DEMONYM_RE.fullmatch(toks[0]):
        return False  # "Russian", "Chinese", "British", "American" alone
    return all(t[0].isupper() or _PARTICLE_RE.fullmatch(t) for t in toks)


# a capital after three lower-case letters: two words run together ("SandersSome"), where
# "McConnell", "MacArthur" and "DeSantis" have at most two before theirs
_RUN_TOGETHER_RE = re.compile(r"[a-z]{3}[A-Z]")

# demonym endings that are rare in surnames (not -an or -i: Ryan, Jordan, Rossi are surnames)
_DEMONYM_RE = re.compile(r"[A-Z][a-z]+(?:ian|ese|ish|ican)")


@_memo()
def name_key(token: str) -> str:
    """Comparison key of one name token, folding transliteration variants.

    Accents are dropped and letters lower-cased; doubled letters collapse ("Zelenskyy" ->
    "zelensky"); the endings -iy, -ij, -ii, -yi and -i become -y, "kh" becomes "h" and "x"
    becomes "ks" (so "Dmitry"/"Dmitri", "Zelenskiy"/"Zelensky", "Mikhail"/"Mihail",
    "Olexandr"/"Oleksandr" agree). Possessive "'s" and
    punctuation are removed.
    """
    t = _POSSESSIVE_RE.sub("", _fold(token))
    if not (t.isascii() and t.isalpha()):  # each substitution only where it can change something
        t = _NON_LETTER_RE.sub("", t)
    if _DOUBLE_RE.search(t):
        t = _DOUBLE_RE.sub(r"\1", t)
    if len(t) > 3 and t.endswith(("i", "iy", "ij")):  # not "I", "Li", "Yi"
        t = _ENDING_RE.sub("y", t)
    return t.replace("kh", "h").replace("x", "ks")


_NON_LETTER_RE = re.compile(r"[^a-z]")
_DOUBLE_RE = re.compile(r"(.)\1+")
_ENDING_RE = re.compile(r"(?:iy|ij|ii|yi|i)$")


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})  # generational suffixes that end a name


@_memo()
def _first_last(name: str) -> tuple[str, str]:
    toks = [t for t in name.split() if t.rstrip(".,").lower() not in _SUFFIXES]
    if not toks:
        return "", ""
    return (name_key(toks[0]) if len(toks) > 1 else ""), name_key(toks[-1])


@_memo()
def _suffix(name: str) -> str:
    """A generational suffix ending the name ("jr" for "Donald Trump Jr."), or ""."""
    last = name.rsplit(None, 1)[-1].rstrip(".,").lower() if name.strip() else ""
    return last if last in _SUFFIXES else ""


def _compatible(a: str, b: str) -> bool:
    """Two names can be one person: same surname key; first names agree when both are given, and
    so do generational suffixes ("Donald Trump Jr." is not "Donald J. Trump")."""
    fa, la = _first_last(a)
    fb, lb = _first_last(b)
    if not la or la != lb:
        return False
    if fa and fb and _suffix(a) != _suffix(b):
        return False
    if fa and fb and fa != fb and not (fa.startswith(fb) or fb.startswith(fa)):
        return False
    return True


def _fullness(name: str) -> int:
    return len(name.split())


_MISSING = object()


@dataclass
class Person:
    """One person an article mentions: the fullest name it uses and the titles it gives them."""

    name: str
    titles: set[str] = field(default_factory=set)
    last_pos: int = -1
    gender: str = ""  # "m" or "f" when a title or an earlier pronoun told; "" otherwise


# title words that tell a person's gender (used to keep "she" from resolving to "Mr. Park")
_GENDER_WORDS = {
    "mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "congressman": "m",
    "spokesman": "m", "chairman": "m", "assemblyman": "m", "councilman": "m", "father": "m",
    "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f", "princess": "f",
    "congresswoman": "f", "spokeswoman": "f", "chairwoman": "f", "assemblywoman": "f",
    "councilwoman": "f", "sister": "f",
}


@_memo()
def _mention_info(mention: str) -> tuple[str, str, str, str, str] | None:
    """``(title, name, first-name key, surname key, gender told by the title)`` of a mention naming
    a person, or None (the per-mention work of :meth:`ArticleNames.add`, done once per distinct
    mention)."""
    title, name = split_title(mention)
    if not name or not looks_like_person(name):
        return None
    gender = ""
    for w in title.lower().replace(".", " ").split():
        if w in _GENDER_WORDS:
            gender = _GENDER_WORDS[w]
            break
    return title, name, *_first_last(name), gender


_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


@_memo(65536)
def _title_words(title: str) -> frozenset[str]:
    """The words of a title that identify it (lower case, letters only; "the", "former" dropped)."""
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
        person = self._seen.get(mention, _MISSING)
        if person is _MISSING:
            info = _mention_info(mention)
            if info is None:
                person = self._seen[mention] = None
            else:
                person = self._add(info, pos)
                if " " in info[1]:
                    self._seen[mention] = person  # a full name always means the same person
        elif person is not None and pos > person.last_pos:
            person.last_pos = pos
        if person is not None and antecedent:
            self.add_antecedent(person, pos)
        return person

    def _add(self, info: tuple[str, str, str, str, str], pos: int) -> Person:
        """Record a mention naming a person (its ``_mention_info``) at ``pos``; returns the person."""
        title, name, first, surname, gender = info
        person = None
        same_surname = self._by_surname.get(surname)
        if same_surname and surname and not first:
            # a surname alone fits anyone with that surname key (what _compatible says): the latest
            person = same_surname[-1]
        elif same_surname:
            for p in reversed(same_surname):
                if _compatible(p.name, name):
                    person = p
                    break
        if person is None:
            person = Person(name)
            self.people.append(person)
            self._by_surname[surname].append(person)
        elif _fullness(name) > _fullness(person.name):
            person.name = name
        if title:
            person.titles.add(title)
            if not person.gender:
                person.gender = gender
        if pos > person.last_pos:
            person.last_pos = pos
        return person

    def add_antecedent(self, person: Person, pos: int) -> None:
        """Mark ``person`` as mentioned at ``pos`` in a place a pronoun may later point back to."""
        ante = self._antecedents
        if not ante or pos >= ante[-1][0]:
            ante.append((pos, len(ante), person))  # text read in order: the usual case
        else:
            bisect.insort(ante, (pos, len(ante), person))  # (pos, order) is unique: never compares people
        if pos > person.last_pos:
            person.last_pos = pos

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

    def last_antecedent(self, pos: int, gender: str = "") -> Person | None:
        """The person last marked as an antecedent before ``pos`` (of ``gender`` when one is known:
        "she" skips a "Mr.", a few antecedents back at most)."""
        k = bisect.bisect_left(self._antecedents, pos, key=lambda a: a[0])
        if not k:
            return None
        for back in range(k - 1, max(-1, k - 6), -1):
            person = self._antecedents[back][2]
            if not gender or not person.gender or person.gender == gender:
                return person
        return self._antecedents[k - 1][2]

    def resolve(self, mention: str, pos: int) -> tuple[str, str]:
        """``(name, rule)`` for a speaker mention at ``pos``; ``("", rule)`` when it names nobody known.

        Rules: ``pronoun`` (the person last marked as an antecedent), ``title`` (a bare title
        resolved through the article's own titled names), ``name`` (a name, expanded to the
        fullest form the article used for that person).
        """
        mention = mention.strip()
        if is_pronoun(mention):
            gender = _PRONOUN_GENDER.get(mention.lower(), "")
            person = self.last_antecedent(pos, gender)
            if person is None:
                return "", "pronoun-unresolved"
            if gender and not person.gender:
                person.gender = gender  # "he said" after "Lee Park said": Park is a he from now on
            return person.name, "pronoun"
        title, name = split_title(mention)
        if name and looks_like_person(name):
            person = self._find(name)
            return (person.name if person else name), "name"
        if title:
            person = self.by_title(title, pos)
            if person is not None:
                return person.name, "title"
        return "", "nominal"


_RUN_RE = re.compile(
    # the lookbehind comes after the capital so the scan can skip ahead to capitals
    r"[A-Z](?<![\w.][A-Z])[\w\u2019'.\-&]*(?:[ \u00a0](?:(?:von|van|der|den|de|da|di|du|del|della|la|le|bin|ibn|al|el|of)"
    r"[ \u00a0])*[A-Z][\w\u2019'.\-&]*)*"
)


def name_runs(text: str) -> list[tuple[int, str]]:
    """(start, run) of each run of capitalised words in ``text``: the candidate names.

    "US President Donald Trump", "Mr. Holtz-Eakin", "Ursula von der Leyen" are one run each.

    A run is cut after a word whose period ends a sentence (not an abbreviation or an initial),
    and loses a possessive "'s" and a final period (``_run_cuts``).
    """
    out = []
    for m in _RUN_RE.finditer(text):
        run = m[0]
        if "." not in run and run[-1] != "s":
            out.append((m.start(), run))  # the common case: nothing to cut
        else:
            s = m.start()
            out.extend([(s + off, piece) for off, piece in _run_cuts(run)])
    return out


@_memo(65536)
def _run_cuts(run: str) -> tuple[tuple[int, str], ...]:
    """The runs one ``_RUN_RE`` match with a period or a final "s" gives, as (offset in the match,
    run): cut after a word whose period ends a sentence, without a possessive "'s" or a final
    period. A function of the match alone, so remembered (the same names recur in every article)."""
    abbr = abbreviations()
    if run[-1] == "." and run.count(".") == 1:
        # the common case, one period ending the run ("... said Trump."): cut it unless the
        # last word is an abbreviation or an initial
        w = run[run.rfind(" ") + 1:]
        if w[:-1].lower() not in abbr and not _INITIALS_RE.fullmatch(w):
            return ((0, run[:-1]),) if len(run) > 1 else ()
        return ((0, run),)
    out = []
    s = 0
    if "." in run:
        pos, idx = 0, 0
        for w in run.split(" "):
            end_w = idx + len(w)
            if w[-1:] == "." and w[:-1].lower() not in abbr and not _INITIALS_RE.fullmatch(w):
                if end_w - 1 > pos:
                    out.append((pos, run[pos:end_w - 1]))
                pos = end_w + 1
            idx = end_w + 1
        if pos >= len(run):
            return tuple(out)
        run, s = run[pos:], pos
    if run[-2:] in ("'s", "\u2019s"):
        run = run[:-2]
    if run:
        out.append((s, run))
    return tuple(out)


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
    counts = Counter(map(str.strip, filter(None, names)))
    counts.pop("", None)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in counts:
        by_surname[_first_last(n)[1]].append(n)

    def rank(n: str) -> tuple[int, int, str]:
        return -_fullness(n), -counts[n], n

    mapping: dict[str, str] = {}
    for surname, group in by_surname.items():
        full: list[str] = []
        bare: list[str] = []
        for n in group:
            (full if _first_last(n)[0] else bare).append(n)
        clusters = _first_name_clusters(sorted(full, key=rank), surname)
        if len(clusters) == 1:
            clusters[0].extend(bare)
        elif not clusters:
            clusters = [bare]
        else:  # several people share the surname: a bare surname stays itself
            clusters.extend([b] for b in bare)
        for c in clusters:
            canon = c[0] if len(c) == 1 else min(c, key=rank)
            for n in c:
                mapping[n] = canon
    return mapping


def _first_name_clusters(names: list[str], surname: str) -> list[list[str]]:
    """``names`` (full names sharing the surname key ``surname``, in rank order) in clusters: each
    name joins the first cluster whose first name is :func:`_compatible` with it, else starts one.

    For two full names with one surname key, compatible means the same generational suffix and
    one first-name key a prefix of the other, so the first fitting cluster is found by looking up
    the prefixes of the first-name key instead of comparing with every cluster (a common surname
    has hundreds of clusters).
    """
    if not surname:
        return [[n] for n in names]  # no surname key: nothing is compatible
    clusters: list[list[str]] = []
    is_first: dict[tuple[str, str], int] = {}  # (first-name key, suffix) of a cluster -> earliest cluster
    extends: dict[tuple[str, str], int] = {}  # (a prefix of that key, suffix) -> earliest cluster
    for n in names:
        first, suffix = _first_last(n)[0], _suffix(n)
        k = extends.get((first, suffix), len(clusters))  # a cluster whose first name extends this one
        for i in range(1, len(first)):  # a cluster whose first name is a prefix of this one
            j = is_first.get((first[:i], suffix))
            if j is not None and j < k:
                k = j
        if k < len(clusters):
            clusters[k].append(n)
            continue
        is_first.setdefault((first, suffix), k)
        for i in range(1, len(first) + 1):
            extends.setdefault((first[:i], suffix), k)
        clusters.append([n])
    return clusters


def apply_canonical(names: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """``names`` with every name replaced by its canonical form (empty stays empty)."""
    return names.map(lambda n: mapping.get(n, n) if isinstance(n, str) else "")
