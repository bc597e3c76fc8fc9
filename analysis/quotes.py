"""Direct quotes: every quoted stretch of an article, who said it, through whom and where.

:func:`extract_quotes` reads each article's ``body`` (boilerplate already removed by the loader,
so a quote in an "Also read:" line never counts) and returns one row per quote. It works by rules,
in four steps, each general (nothing is keyed to particular articles or names):

1. **Marks.** Curly, straight and low-9 double marks are classed as opening or closing by what
   sits on either side; they are paired within a paragraph. A paragraph that ends inside a quote
   continues it when the next paragraph opens with a mark (the news convention for quotes over
   several paragraphs), otherwise the quote ends with its paragraph (a missing closing mark). A
   closing mark with no opening one starts its quote at the paragraph start (a missing opening
   mark). Single quotes nested inside double ones stay part of the quote; articles with no double
   marks at all are read for single-quoted quotes instead (British style).
2. **Sentences.** Around each quote, the reporter's sentence is found with the quotes' insides
   blanked, so a full stop inside a quote never ends the sentence around it (the boundary rule of
   :func:`analysis.text.sentence_spans`, applied by one regular expression for speed; see
   ``_sentences``). A line break that ends a sentence or opens a quote also ends a paragraph.
3. **Cue and speaker.** In the narrative part of the quote's sentence, a reporting verb from
   ``analysis/data/quote_cues_en.txt`` (or "according to", or a closing colon) is found after the
   quote (``"...," Putin said`` / ``"...," said Putin``) or before it (``He added, "..."``), and
   the noun phrase it governs is the speaker mention, skipping appositives ("Flynn, a top Trump
   surrogate, said"), adverbs and dates. A quote with no cue of its own continues the previous
   quote's speaker when it follows it in the paragraph (``"A," he said. "B."``) or opens the
   paragraph after one that ended on a quote or a colon.
4. **Names.** :mod:`analysis.names` resolves the mention ("he", "the US President", "Zelensky")
   to the person the article means, then to one canonical name across all articles.

``via`` is an outlet credited in the same sentence by another cue ("TASS reported", "according
to DailyMail.com"); ``venue`` is where the words were said ("in a televised address", "on Truth
Social"; "in the post" is resolved to the platform the article named for an earlier post; a show
named in quotes after the cue, 'he said on NBC's "Meet the Press."', is the venue and no quote).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import pandas as pd

from .names import (
    PRONOUNS, ArticleNames, _mention_info, canonical_names, forget_names, is_pronoun, looks_like_person,
    name_runs, split_title, titles,
)
from .text import _data_lines, abbreviations, sentence_spans, stopwords

__all__ = ["QUOTE_COLUMNS", "Quote", "extract_quotes", "article_quotes", "cue_words"]

#: Columns of the quotes table, in order (documented in ``corpus/README.md``).
QUOTE_COLUMNS = [
    "doc_id", "source", "quote_id", "start", "end", "text", "kind", "speaker", "speaker_mention",
    "speaker_start", "speaker_end", "cue", "via", "venue", "para_no", "context", "speaker_rule",
]

_DQ_OPEN = "\u201c\u201e\u00ab"   # “ „ «
_DQ_CLOSE = "\u201d\u00bb"        # ” »
_DQ = _DQ_OPEN + _DQ_CLOSE + '"'
_SQ = "\u2018\u2019'"
# Quotation marks, both kinds in one pattern (it opens with one character class, so the scan skips
# ahead to candidate marks). Double marks: “ ” „ « » and ", or two apostrophes or backticks standing
# for one (``''It's anti-reform.''``). Single marks: ‘ ’ ' not inside a word (no word character
# before the mark, or none after it). A double mark is tried first, so an apostrophe pair is a
# double mark; a paragraph reads its single marks only when it has no double mark at all.
_MARK_RE = re.compile(
    r"[\"\u201c\u201d\u201e\u00ab\u00bb'`\u2018\u2019]"
    r"(?:(?<=')'|(?<=`)`|(?<=[\"\u201c\u201d\u201e\u00ab\u00bb])"  # double
    r"|(?<=['\u2018\u2019])(?:(?<!\w['\u2018\u2019])|(?!\w)))"  # single
)
_SQ_CHARS = frozenset(_SQ)
# characters after which a straight mark opens a quote
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/")
_WORD_RE = re.compile(r"[\w\u2019'\-&]+(?:\.[\w\u2019'\-&]+)*\.?|[,;:()\u2014\u2013\u2015\n]")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")


@lru_cache(maxsize=None)
def cue_words() -> frozenset[str]:
    """Inflected reporting verbs that attribute a quote (``analysis/data/quote_cues_en.txt``)."""
    return frozenset(_data_lines("quote_cues_en.txt"))


# words that may sit between a speaker and the cue verb ("Putin later said", "Zelenskyy on
# Thursday warned", "he has repeatedly said")
_SKIP = frozenset(
    """also further later then again previously recently earlier once still even had has have is
    was were are will would could can may might must should did does do been being not never
    had've on last this that week weekend month year night morning afternoon evening today
    yesterday tonight monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december in at late early
    first already just only""".split()
)
_DETERMINERS = frozenset(
    "the a an his her their its our my your this that these those another one some many several "
    "two three four five other each every both".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december today yesterday tonight".split()
)
# report-type cues whose subject is a source the reporter credits (``via``)
_REPORT_CUES = frozenset({"reported", "reports", "reporting", "report"})
# words after which a noun phrase does not continue (clause boundaries)
_NP_STOP = frozenset(
    "who which whose that and or but as in on at to for with from of by during after before when "
    "while because if than said says".split()
)


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, factored as a trie (fast to scan with)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts, end = [], "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def _whole_words(words: list[str]) -> str:
    """A regular expression matching any of ``words`` where a word begins (like ``\\b(?:a|b)``),
    with each word's boundary checked just after it, so the scan can skip ahead to first letters."""
    return "(?:" + "|".join(f"{re.escape(w)}(?<=\\b{re.escape(w)})" for w in words) + ")"


_VENUE_HEADS = (
    "address|speech|statement|interview|post|tweet|video|message|conference|briefing|"
    "meeting|rally|hearing|op-ed|letter|podcast|broadcast|show|program|programme|platform|"
    "account|page|remarks|appearance|debate|event|email|e-mail|memo|session|summit|call|"
    "sermon|column|essay|article|blog|blogpost|thread|livestream|town hall|announcement|"
    "testimony|appeal|posting|note|release|report"
)
_VENUE_RE = re.compile(
    _whole_words("in on at during via through to over".split())
    + r"\s+(?P<det>(?:an|a|the|his|her|their|its|one of his|"
    r"one of her|one of their)\b)?\s*(?P<mods>(?:[\w\-]+\s+){0,4}?)"
    r"(?P<head>" + _trie_pattern(sorted(_VENUE_HEADS.split("|"))) + r")s?\b"
    r"(?:\s+(?:to|on|with|at|for|in|by)\s+(?:the\s+)?|\s+)?(?P<name>(?:[A-Z][\w.&'\-]*)(?:\s+[A-Z][\w.&'\-]*)*)?"
)
_PLATFORM_RE = re.compile(_whole_words(["on", "via"]) + r"\s+(?P<name>[A-Z][\w.&'\-]*(?:\s+[A-Z][\w.&'\-]*)*)")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+", re.I)


@dataclass
class _Quote:
    start: int            # offset of the first character inside the marks
    end: int              # offset just after the last character inside the marks
    open_at: int          # offset of the opening mark (== start when missing)
    close_at: int         # offset just after the closing mark (== end when missing)
    para_no: int
    info: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# 1. quotation marks


def _classify(text: str, i: int, ch: str) -> str:
    """'open', 'close', 'either' or 'none' for the mark ``ch`` at ``text[i]``, from its neighbours."""
    if i == 0:
        return "open"  # a paragraph never starts with a closing mark
    prev = text[i - 1]
    j = i + len(ch)
    nxt = text[j] if j < len(text) else " "
    if ch == "``":
        return "open"
    if ch == "''":
        ch = '"'
    space_before = prev in _OPEN_BEFORE or prev.isspace() or prev in _DQ_OPEN or prev in "\u2018"
    space_after = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-" or nxt in _DQ_CLOSE + "\u2019"
    if ch in _DQ_OPEN or ch == "\u2018":
        if not space_before and space_after:
            return "close"
        return "open"
    if ch in _DQ_CLOSE or ch == "\u2019":
        if space_before and not space_after:
            return "open"
        return "close"
    # straight mark
    if prev.isspace() and nxt.isspace():
        return "none"  # a mark standing alone between spaces is no quotation mark
    if prev in ",:;" and not nxt.isspace():
        return "open"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _marks(para: str, found: list[tuple[int, str]], single: bool) -> list[tuple[int, int, str]]:
    """(offset, length, 'open'|'close'|'either'|'close?') of the quotation marks of one paragraph,
    from its ``_MARK_RE`` matches ``found`` (offset, mark): double marks, or single ones when ``single``."""
    out = []
    if not single:
        for i, ch in found:
            kind = _classify(para, i, ch)
            if kind != "none":
                out.append((i, len(ch), kind))
        return out
    for i, ch in found:
        kind = _classify(para, i, ch)
        prev = para[i - 1] if i else " "
        nxt = para[i + 1] if i + 1 < len(para) else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe inside a word: don't, O'Brien
        if kind == "close" and prev in "sS" and (i < 2 or para[i - 2].isalpha()):
            kind = "close?"  # plural possessive (the players' union) or a closing mark
        out.append((i, 1, kind))
    return out


_TAG_RE = re.compile(r"<[^<>\n]{0,500}>")


def _without_tags(text: str) -> str:
    """``text`` with markup tags (``<tweet pic="...">``) blanked: their quote marks are not quotes."""
    if "<" not in text:
        return text
    return _TAG_RE.sub(lambda m: " " * len(m.group()), text)


# a line break after the end of a sentence or quote, or before an opening mark or dash (written
# to open with the line break itself, so the scan skips ahead to line breaks)
_BLOCK_BREAK_RE = re.compile(r"\n(?:(?<=[.!?:\"\u201d\u2019)\u00a0 ]\n)|(?=[\"\u201c\u2018\u2015\u2014\u2013]))")


def _blocks(body: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``body`` for reading quotes: blank-line paragraphs, further split
    at a line break that ends a sentence or a quote, or that a quotation mark or dash opens (text
    with one paragraph a line inside a blank-line paragraph)."""
    spans = []
    pos = 0
    for part in body.split("\n\n"):
        start = pos
        if "\n" in part:
            for m in _BLOCK_BREAK_RE.finditer(part):
                spans.append((start, pos + m.start()))
                start = pos + m.end()
        spans.append((start, pos + len(part)))
        pos += len(part) + 2
    return spans


def _marks_by_paragraph(text: str, paras: list[tuple[int, int]]) -> dict[int, tuple[list, list]]:
    """The double and single mark matches, (offset in the paragraph, mark), of each paragraph of
    ``text`` that has any, found with one scan of ``_MARK_RE`` (no match crosses a line break, so
    this equals scanning each paragraph on its own)."""
    starts = [ps for ps, _ in paras]
    out: dict[int, tuple[list, list]] = {}
    for m in _MARK_RE.finditer(text):
        i, ch = m.start(), m[0]
        pno = bisect.bisect_right(starts, i) - 1
        ps, pe = paras[pno]
        if i < pe:
            double, single = out.setdefault(pno, ([], []))
            (single if ch in _SQ_CHARS else double).append((i - ps, ch))
    return out


def _find_quotes(body: str, paras: list[tuple[int, int]]) -> list[_Quote]:
    """Pair quotation marks into quotes, paragraph by paragraph (see the module docstring).

    A paragraph with no double mark is read for single-quoted quotes (headlines, British style).
    Marks inside markup tags are not quotes, but a paragraph whose only double mark is in a tag is
    still read as one with double marks.
    """
    clean = _without_tags(body)
    found = _marks_by_paragraph(clean, paras)
    raw = found if clean is body else _marks_by_paragraph(body, paras)
    quotes: list[_Quote] = []
    carry: _Quote | None = None  # a quote still open at the end of the previous paragraph
    for pno, (ps, pe) in enumerate(paras):
        single = pno not in raw or not raw[pno][0]
        double_marks, single_marks = found.get(pno, ((), ()))
        matches = single_marks if single else double_marks
        marks = _marks(clean[ps:pe], matches, single) if matches else []
        open_q: _Quote | None = None
        if carry is not None:
            if marks and marks[0][0] == 0 and marks[0][2] in ("open", "either"):
                open_q = carry  # continues: an opening mark starts the next paragraph
                marks = marks[1:]
            else:
                quotes.append(carry)  # ended with its paragraph (missing closing mark)
            carry = None
        first = True
        for off, ln, kind in marks:
            pos = ps + off
            if open_q is None:
                if kind in ("open", "either"):
                    open_q = _Quote(pos + ln, pos + ln, pos, pos + ln, pno)
                elif kind == "close" and first and not single:
                    # a closing mark with nothing open: the quote began at the paragraph start
                    quotes.append(_Quote(ps, pos, ps, pos + ln, pno))
            else:
                if kind in ("close", "either", "close?"):
                    open_q.end, open_q.close_at = pos, pos + ln
                    quotes.append(open_q)
                    open_q = None
                elif kind == "open":
                    # two openings in a row: the first quote lacked its closing mark
                    if not single:
                        open_q.end = open_q.close_at = pos
                        quotes.append(open_q)
                    open_q = _Quote(pos + ln, pos + ln, pos, pos + ln, pno)
            first = False
        if open_q is not None:
            open_q.end = open_q.close_at = pe
            if single:
                open_q = None  # single marks never run on: an unpaired one is an apostrophe
            else:
                carry = open_q
    if carry is not None:
        quotes.append(carry)
    out = []
    for q in quotes:
        # trim whitespace inside the marks
        s, e = q.start, q.end
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s + 1 and body[e - 1] == "," and e == q.end:
            e -= 1  # '"A," he said': the comma is the reporter's
            while e > s and body[e - 1].isspace():
                e -= 1
        if e > s and any(c.isalnum() for c in body[s:e]):
            q.start, q.end = s, e
            out.append(q)
    return out


# --------------------------------------------------------------------------------------------
# 2. noun phrases around cues


def _tokens(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens with offsets; a final period stays only on abbreviations."""
    if base:
        out = [(m[0], base + m.start(), base + m.end()) for m in _WORD_RE.finditer(text)]
    else:
        out = [(m[0], *m.span()) for m in _WORD_RE.finditer(text)]
    if "." not in text:
        return out
    abbr = abbreviations()
    fixed = []
    for w, s, e in out:
        if len(w) > 1 and w[-1] == "." and w[:-1].lower() not in abbr and not _INITIALS_RE.fullmatch(w):
            fixed.append((w[:-1], s, e - 1))
            fixed.append((".", e - 1, e))  # a full stop ends a noun phrase
        else:
            fixed.append((w, s, e))
    return fixed


def _bare(tok: str) -> str:
    return tok.lower().strip(".'\u2019")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _skip_back(toks: list[tuple[str, int, int]], j: int, limit: int = 6) -> int:
    """Index of the last token at or before ``j`` that is not an adverb, auxiliary or date word."""
    skipped = 0
    while j >= 0 and skipped < limit:
        w = _bare(toks[j][0])
        if (w in _SKIP or (w.endswith("ly") and not _is_cap(toks[j][0]))) and w not in PRONOUNS:
            j -= 1
            skipped += 1
            continue
        break
    return j


def _np_before(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase that is the subject of the cue at ``toks[i]``."""
    j = _skip_back(toks, i - 1)
    if j < 0:
        return None
    # a parenthesis between name and verb: "Rep. Gwen Moore (D-Wis.) said"
    if toks[j][0] == ")":
        k = j
        while k >= 0 and toks[k][0] != "(" and j - k < 8:
            k -= 1
        if k <= 0 or toks[k][0] != "(":
            return None
        j = k - 1
    # an appositive or relative clause between commas: "Flynn, a top Trump surrogate, said"
    if toks[j][0] == "," or (_bare(toks[j][0]) == "who" and j and toks[j - 1][0] == ","):
        if toks[j][0] == ",":
            k = j - 1
            while k >= 0 and toks[k][0] != "," and j - k < 25:
                k -= 1
            if k <= 0 or toks[k][0] != ",":
                return None
        else:
            k = j - 1
        j = k - 1
        if j < 0:
            return None
    w = toks[j][0]
    bw = _bare(w)
    if bw in PRONOUNS or bw == "it":
        return j, j + 1
    if _is_cap(w) and w[:1].isalpha() and bw not in _TIME_WORDS:
        a = j
        while a - 1 >= 0:
            pw = toks[a - 1][0]
            if _is_cap(pw) and pw[:1].isalpha() and _bare(pw) not in _TIME_WORDS:
                a -= 1
            elif pw in _PARTICLES and a - 2 >= 0 and _is_cap(toks[a - 2][0]):
                a -= 2
            elif _bare(pw) in titles() and not _is_cap(pw):
                a -= 1  # "Tulsa police Chief Chuck Jordan", "press secretary Josh Earnest"
            else:
                break
        if a - 1 >= 0 and _bare(toks[a - 1][0]) in ("the", "a", "an"):
            a -= 1
        while a <= j and toks[a][0].lower() in stopwords() and toks[a][0][:1].isupper():
            a += 1  # a capitalised function word opening the sentence: "When Clinton", "And Trump"
        return (a, j + 1) if a <= j else None
    if not w[:1].isalpha() or bw in _NP_STOP or bw in _DETERMINERS or bw in _NOT_NOUN:
        return None
    # a common-noun phrase, back to its determiner ("the Russian president", "the ad's narrator")
    a = j
    while a - 1 >= 0 and j - a < 8:
        pw = toks[a - 1][0]
        bpw = _bare(pw)
        if bpw in _DETERMINERS:
            return a - 1, j + 1
        if not pw[:1].isalnum() or (bpw in _NP_STOP and bpw != "of") or bpw in _NOT_NOUN or bpw in cue_words():
            break
        a -= 1
    # no determiner: a bare noun phrase opening its clause ("Officials said", "Protesters chanted")
    if a == 0 or not toks[a - 1][0][:1].isalnum() or _bare(toks[a - 1][0]) in {"and", "but"}:
        if bw.endswith("s") or _is_cap(toks[a][0]):
            return a, j + 1
    return None


_NOT_NOUN = frozenset(
    """is was are were be been being am has have had do does did will would can could should may
    might must shall what which that if when because to not no so than then there here it's its
    very more most also too just""".split()
)


def _np_after(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Token range of the noun phrase after the cue at ``toks[i]`` ("said Putin", "said the aide")."""
    j = i + 1
    n = len(toks)
    while j < n and (_bare(toks[j][0]) in _TIME_WORDS or _bare(toks[j][0]) in {"on", "last", "late", "early"}):
        j += 1
    if j >= n:
        return None
    w = toks[j][0]
    bw = _bare(w)
    if bw in PRONOUNS and bw not in {"him", "her", "them"}:
        return j, j + 1
    if (_is_cap(w) or bw in titles()) and w[:1].isalpha() and bw not in _TIME_WORDS:
        b = j + 1
        while b < n and ((_is_cap(toks[b][0]) and toks[b][0][:1].isalpha()) or (
                toks[b][0] in _PARTICLES and b + 1 < n and _is_cap(toks[b + 1][0]))):
            b += 1
        return j, b
    if bw in _DETERMINERS and bw not in {"that", "this", "these", "those"}:
        b = j + 1
        while b < n and b - j < 7 and toks[b][0][:1].isalnum() and _bare(toks[b][0]) not in _NP_STOP:
            b += 1
        return (j, b) if b > j + 1 else None
    # a description ending in a name: "said 9/11 widow Terry Strada", "said former aide Jo Fox"
    b = j
    while b < n and b - j < 8 and toks[b][0][:1].isalnum() and _bare(toks[b][0]) not in _NP_STOP:
        b += 1
    if b > j + 1 and _is_cap(toks[b - 1][0]) and (b == n or not toks[b][0][:1].isalnum()):
        return j, b
    return None


@dataclass
class _Attribution:
    mention: str
    m_start: int
    m_end: int
    cue: str
    cue_start: int
    cue_end: int
    rule: str


def _cue_positions(toks: list[tuple[str, int, int]]) -> list[int]:
    cues = cue_words()
    out = []
    for k in [k for k, t in enumerate(toks) if t[0].lower() in cues]:
        # "a report", "the claims": a noun after a determiner is not a verb
        if k and _bare(toks[k - 1][0]) in _CUE_NOUN_DETERMINERS:
            continue
        out.append(k)
    return out


_CUE_NOUN_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "this", "that"})


def _according(text: str, base: int) -> tuple[str, int, int] | None:
    m = _ACCORDING_RE.search(text)
    if not m:
        return None
    toks = _tokens(text[m.end():], base + m.end())
    rng = _np_after([("", 0, 0)] + toks, 0)
    if rng is None:
        return None
    a, b = rng
    a, b = a - 1, b - 1
    s, e = toks[a][1], toks[b - 1][2]
    mention = text[s - base:e - base].rstrip(".,")
    return mention, s, s + len(mention)


def _make(text: str, base: int, toks, rng, cue_tok, rule: str) -> _Attribution:
    a, b = rng
    s, e = toks[a][1], toks[b - 1][2]
    return _Attribution(text[s - base:e - base], s, e, cue_tok[0], cue_tok[1], cue_tok[2], rule)


_DASHES = ("\u2015", "\u2014", "\u2013", "--", "-")
_CONJ = frozenset({"and", "but", "so", "yet", "or", "as"})


def _subject_stretch(toks: list[tuple[str, int, int]], k: int) -> tuple[int, int] | None:
    """The speaker mention in ``toks[:k]``, the words between a quote and its cue.

    ``"...," Tulsa police Chief Chuck Jordan said``: all of it; an appositive after a comma and a
    parenthesis are left out ("Scott Pruitt, the attorney general of Oklahoma, said" -> "Scott
    Pruitt"); a leading conjunction is dropped.
    """
    a = 0
    while a < k and _bare(toks[a][0]) in _CONJ:
        a += 1
    if a >= k or k - a > 30:
        return None
    b = a
    while b < k and toks[b][0] not in {",", "(", "\u2014", "\u2013", "--", ";", ":", "."}:
        b += 1
    if b == a or b - a > 10:
        return None
    words = [_bare(t[0]) for t in toks[a:b]]
    if any(w in _NOT_NOUN for w in words) or any(w in cue_words() for w in words):
        return None
    if not toks[a][0][:1].isalnum():
        return None
    return a, b


def _attr_after(text: str, base: int) -> _Attribution | None:
    """Attribution right after a quote: ``," Putin said`` / ``," said Putin`` / ``" ― Ana Cruz``."""
    if not text:
        return None  # the quote ends its sentence (two quotes in five)
    head = text.lstrip(" ,.;:!?\"'\u201d\u2019)\u00a0")
    if not (head.startswith(_DASHES) or head[:9].lower() == "according" or _cue_re().search(text.lower())):
        return None  # no cue, no dash: nothing to read (checked at C speed before tokenising)
    toks = _tokens(text, base)
    k0 = 0
    dash = False
    while k0 < len(toks) and not toks[k0][0][:1].isalnum():
        dash = dash or toks[k0][0] in _DASHES
        k0 += 1
    if k0 == 0 and text[:toks[0][1] - base if toks else 0].strip().startswith(_DASHES):
        dash = True
    toks = toks[k0:]
    if not toks:
        return None
    if dash and _is_cap(toks[0][0]):
        rng = _np_after([("", 0, 0)] + toks, 0)
        if rng:
            a, b = rng[0] - 1, rng[1] - 1
            s, e = toks[a][1], toks[b - 1][2]
            return _Attribution(text[s - base:e - base], s, e, "\u2015", s, s, "after:dash")
    if toks[0][0].lower() == "according" and len(toks) > 1 and toks[1][0].lower() == "to":
        acc = _according(text[toks[0][1] - base:], toks[0][1])
        if acc:
            return _Attribution(acc[0], acc[1], acc[2], "according to", toks[0][1], toks[1][2], "after:according-to")
    cues = _cue_positions(toks[:32])
    if not cues:
        return None
    ci = cues[0]
    cue_tok = toks[ci]
    if ci == 0:
        if cue_tok[0].lower().endswith("ing"):
            return None  # '"...," adding that ...': the speaker is named elsewhere
        rng = _np_after(toks, 0)
        return _make(text, base, toks, rng, cue_tok, "after:cue-speaker") if rng else None
    k = _skip_back(toks, ci - 1, limit=8) + 1
    if k == 0:  # '"...," later said Putin'
        rng = _np_after(toks, ci)
        return _make(text, base, toks, rng, cue_tok, "after:cue-speaker") if rng else None
    rng = _subject_stretch(toks, k)
    if rng is None:
        return None
    return _make(text, base, toks, rng, cue_tok, "after:speaker-cue")


_INTRO = frozenset(
    """during in on at after before when while as since although though but and yet so still however
    meanwhile later earlier speaking asked responding writing""".split()
)


def _sentence_subject(toks: list[tuple[str, int, int]], end: int) -> tuple[int, int] | None:
    """The subject of the sentence ``toks[:end]``: its first noun phrase after an opening phrase."""
    a = 0
    if a < end and _bare(toks[a][0]) in _INTRO:
        comma = next((k for k in range(a, min(end, 20)) if toks[k][0] == ","), None)
        if comma is None:
            return None
        a = comma + 1
    if a >= end:
        return None
    # the noun phrase starting at a: find the verb after it and take the subject before that verb
    for k in range(a + 1, min(end, a + 12)):
        w = toks[k][0]
        if w[:1].islower() and _bare(w) not in titles() and _bare(w) not in _PARTICLES and \
                _bare(w) not in _DETERMINERS:
            rng = _np_before(toks[:k] + [("said", 0, 0)], k)
            if rng and rng[0] >= a:
                return rng
            return None
        if w == ",":
            rng = _np_before(toks[:k] + [("said", 0, 0)], k)
            return rng if rng and rng[0] >= a else None
    return None


_PREPS = frozenset("in on at to during after before from with via through".split())


def _introduces(between: list[tuple[str, int, int]]) -> bool:
    """True when the words between a cue and a quote only introduce it: ", ", ":", "that", or a
    short phrase such as "in a statement:" or "reporters that"."""
    words = [t for t in between if t[0][:1].isalnum()]
    if not words:
        return True
    if _bare(words[-1][0]) == "that":
        words = words[:-1]
    if not words:
        return True
    if len(words) <= 4 and (_bare(words[0][0]) in _PREPS or len(words) == 1):
        return True
    return False


def _attr_before(text: str, base: int) -> _Attribution | None:
    """Attribution before a quote in its sentence: ``He added, "`` / ``Trump said in a post that "``."""
    if not text:
        return None  # the quote opens its sentence
    if not (_cue_re().search(text.lower()) or "ccording" in text or text.rstrip().endswith(":")):
        return None
    toks = _tokens(text, base)
    if not toks:
        return None
    cues = _cue_positions(toks)
    order = []
    if cues and _introduces(toks[cues[-1] + 1:]):
        order.append(cues[-1])  # the cue right before the quote: "..., Trump boasted, "
    order += [c for c in cues if c not in order]
    for ci in order:
        cue_tok = toks[ci]
        if cue_tok[0].lower().endswith("ing") and ci and toks[ci - 1][0] == ",":
            rng = _sentence_subject(toks, ci - 1)  # "Trump attacked Clinton, saying, "
            if rng:
                return _make(text, base, toks, rng, cue_tok, "before:subject-cue")
            continue
        rng = _np_before(toks, ci)
        if rng is not None:
            return _make(text, base, toks, rng, cue_tok, "before:speaker-cue")
        rng = _np_after(toks, ci)
        if rng is not None and all(not t[0][:1].isalnum() for t in toks[rng[1]:]):
            return _make(text, base, toks, rng, cue_tok, "before:cue-speaker")
    acc = _according(text, base)
    if acc:
        m = _ACCORDING_RE.search(text)
        return _Attribution(acc[0], acc[1], acc[2], "according to", base + m.start(), base + m.end(),
                            "before:according-to")
    stripped = text.rstrip()
    if stripped.endswith(":"):
        # "Trump on Twitter:" - the sentence's subject introduces the quote
        rng = _sentence_subject(toks, len(toks) - 1)
        if rng:
            a, b = rng
            s, e = toks[a][1], toks[b - 1][2]
            return _Attribution(text[s - base:e - base], s, e, ":", base + len(stripped) - 1,
                                base + len(stripped), "before:colon")
    return None


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for part in body.split("\n\n"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def _masked(body: str, quotes: list[_Quote]) -> tuple[str, str]:
    """``body`` with every quote's inside blanked (its last punctuation and its marks kept), and
    the same text with each quote's first word kept (its capital shows a sentence may start)."""
    parts, split_parts, pos = [], [], 0
    for q in quotes:
        if q.start < pos:
            continue
        first = _FIRST_WORD_RE.match(body, q.start, q.end).end() - q.start
        head = body[pos:q.start]
        inner = body[q.start:q.end]
        last = inner[-1:]
        blank = _NOT_NEWLINE_RE.sub(" ", inner) if "\n" in inner else " " * len(inner)
        if last in (".", "!", "?", ","):
            blank = blank[:-1] + last
        parts.append(head)
        parts.append(blank)
        split_parts.append(head)
        split_parts.append(inner[:first])
        split_parts.append(blank[first:])
        pos = q.end
    parts.append(body[pos:])
    split_parts.append(body[pos:])
    return "".join(parts), "".join(split_parts)


_FIRST_WORD_RE = re.compile(r"\S*")
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
# a full stop, question or exclamation mark (and closing marks) before a capital or a digit
# (it opens with one character class, ``[.!?]`` and not ``[.!?]+``, so the scan skips ahead to
# candidate marks: about twice as fast)
_BOUNDARY_RE = re.compile(r"[.!?][.!?]*[\"'\u201d\u2019)\]]*(?=\s+[\"'`\u201c\u2018(\[]{0,2}[A-Z0-9])")


def _sentences(masked: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph of the second text of ``_masked`` (first words kept).

    Quotes are blanked, so only the reporter's sentences are found. A boundary is a full stop,
    question or exclamation mark before a capital, unless the period ends an abbreviation from the
    shared list (``analysis.text.abbreviations``) or an initial; "Stop!" he said stays one
    sentence. This is the rule :func:`analysis.text.sentence_spans` applies with untrained Punkt,
    done with one regular expression because it runs around every quote of every article.
    """
    spans: list[tuple[int, int]] = []
    start = ps
    abbr = abbreviations()
    for m in _BOUNDARY_RE.finditer(masked, ps, pe):
        if masked[m.start()] == "." and m.end() - m.start() == 1:
            # the word the period ends (its last 40 characters at most)
            seg = masked[max(ps, m.start() - 40):m.start()]
            if seg and not seg[-1].isspace():
                word = seg.rsplit(None, 1)[-1].lstrip("(\"'\u201c\u2018").lower()
                if word in abbr or (len(word) == 1 and word.isalpha()) or _INITIALS_RE.fullmatch(word + "."):
                    continue
        spans.append((start, m.end()))
        start = m.end()
        while start < pe and masked[start].isspace():
            start += 1
    if start < pe or not spans:
        spans.append((start, pe))
    return spans


@lru_cache(maxsize=None)
def _venue_head_re() -> re.Pattern:
    """Any venue head word of ``_VENUE_HEADS`` anywhere (a quick test before ``_VENUE_RE``)."""
    return re.compile(_trie_pattern(sorted(_VENUE_HEADS.split("|"))))


def _venue(narr: str, base: int, known: dict[str, str]) -> str:
    """Where the words were said, from the narrative text around the cue (see module docstring)."""
    best = ""
    if _venue_head_re().search(narr) is None:
        venues = ()  # no venue word at all: the full pattern cannot match (checked at C speed)
    else:
        venues = _VENUE_RE.finditer(narr)
    for m in venues:
        head = m.group("head").lower()
        name = (m.group("name") or "").strip().rstrip(".")
        name_first = name.split(" ")[0].lower() if name else ""
        if name and name_first not in _TIME_WORDS:
            known[head] = name
            return name
        det = (m.group("det") or "").lower()
        mods = m.group("mods").strip()
        if det in {"the", "his", "her", "their", "its"} and head in known:
            return known[head]
        if head in {"report", "release", "note", "call", "appeal", "show", "event"} and not mods:
            continue
        phrase = f"{mods} {m.group('head')}".strip()
        known.setdefault(head, phrase)
        return phrase
    m = _PLATFORM_RE.search(narr)
    if m:
        name = m.group("name").strip().rstrip(".")
        if name.split(" ")[0].lower() not in _TIME_WORDS and len(name) > 1:
            best = name
    return best


def _via(narr: str, base: int, speaker_span: tuple[int, int] | None) -> str:
    """An outlet or agency the sentence credits ("TASS reported", "according to DailyMail.com")."""
    if "report" not in narr and "ccording" not in narr:
        return ""
    toks = _tokens(narr, base)
    for k, (w, s, e) in enumerate(toks):
        if w.lower() in _REPORT_CUES and k:
            rng = _np_before(toks, k)
            if rng:
                a, b = rng
                ms, me = toks[a][1], toks[b - 1][2]
                if speaker_span and ms < speaker_span[1] and me > speaker_span[0]:
                    continue
                mention = narr[ms - base:me - base]
                if is_pronoun(mention):
                    continue
                title, name = split_title(mention)
                return name or mention
    acc = _according(narr, base)
    if acc and not (speaker_span and acc[1] < speaker_span[1] and acc[2] > speaker_span[0]):
        title, name = split_title(acc[0])
        return name or acc[0]
    return ""


def _kind(body: str, masked: str, q: _Quote, sent_start: int, has_speaker: bool, own_cue: bool = True) -> str:
    """full, partial or scare (see ``extract_quotes``); ``own_cue``: the quote has its own cue."""
    before = masked[sent_start:q.open_at].strip()
    text = body[q.start:q.end]
    n_words = text.count(" ") + 1 if len(text) < 60 else 11
    last_word = before.rsplit(None, 1)[-1].lower() if before else ""
    starts_clause = (not before) or before.endswith((",", ":", "\u2014", "\u2013", "--", "\u2015")) or (
        last_word in cue_words() and text[:1].isupper())  # 'Trump declared "I think ...'
    if n_words <= 10 and text[:1].isupper() and _is_title(text) and not (starts_clause and own_cue):
        return "scare"  # a name or title in quotes: "Face the Nation", "Contract with America"
    if starts_clause and (n_words > 2 or text[:1].isupper()):
        return "full"
    if n_words == 1 or (n_words <= 2 and not has_speaker):
        return "scare"
    return "partial"


_TITLE_SMALL = frozenset("a an the of and or in on to for with at by from is are it's".split())
# words after which a title in quotes names a show, book or outlet ('said on "Fox News Sunday."',
# 'told "Face the Nation"', 'wrote in "The Art of the Deal"', 'on the NBC program "Meet the
# Press"'): "told" takes its listener
_NAMING_WORDS = frozenset("on in at to with via from told tells tell telling program programme show "
                          "series podcast book newspaper magazine".split())
_POSSESSIVE_ENDS = ("'s", "\u2019s", "s'", "s\u2019")


def _named_title(body: str, q: _Quote, ps: int) -> str:
    """The name a quote gives when it is a title named in the reporter's sentence, else "".

    A title-case quote (no sentence punctuation but a final period or comma, which US style puts
    inside the marks) right after "on", "in", "told" and the like, or after a possessive, names a
    show, book or outlet: 'Mulvaney said on "Fox News Sunday."' and 'he said on NBC's "Meet the
    Press."' quote no one, and say where the words were said ("Fox News Sunday", "NBC's Meet the
    Press"). Returned as the venue, with the possessive owner when there is one.
    """
    if q.end - q.start > 80 or not body[q.start:q.start + 1].isupper():
        return ""
    before = body[max(ps, q.open_at - 40):q.open_at].split()
    if not before:
        return ""
    word = before[-1]
    if word.lower() in _NAMING_WORDS:
        owner = ""
    elif word.lower().endswith(_POSSESSIVE_ENDS) and word[:1].isupper():  # NBC's, CBS'
        k = len(before) - 1  # the owner's whole name: 'CBS News' "Face the Nation"'
        while k > max(1, len(before) - 3) and before[k - 1][:1].isupper():
            k -= 1
        owner = " ".join(before[k:]) + " "
    else:
        return ""
    text = body[q.start:q.end].rstrip(".,")
    return owner + text if _is_title(text) else ""


def _is_title(text: str) -> bool:
    """Words in title case with no sentence punctuation: the name of a show, book, law or event."""
    words = re.findall(r"[^\W\d_][\w'\u2019\-]*", text)
    if not words or len(words) > 10 or text.rstrip()[-1:] in ".!?,;":
        return False
    caps = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(caps) and all(w[0].isupper() for w in caps) and words[0][0].isupper() and not text.isupper()


_PARTICLES = frozenset({"von", "van", "der", "de", "da", "bin", "al", "of", "ibn", "del", "la", "le"})


@lru_cache(maxsize=None)
def _cue_re() -> re.Pattern:
    """Any reporting verb of :func:`cue_words`, as a whole word."""
    return re.compile(r"\b" + _trie_pattern(sorted(cue_words())) + r"\b")


@lru_cache(maxsize=None)
def _subject_cue_re() -> re.Pattern:
    """What follows a name that is the subject of a reporting verb: an optional parenthesis or
    appositive, adverbs or a date, then the verb ("Zelensky on Friday stressed")."""
    return re.compile(
        r"(?:[ \u00a0]*\([^()\n]{0,40}\))?(?:,[^,\n]{1,120},)?"
        r"(?:[ \u00a0]+(?:" + _trie_pattern(sorted(_SKIP)) + r"|\w+ly))*"
        r"[ \u00a0]+(?:" + _trie_pattern(sorted(cue_words())) + r")\b",
        re.IGNORECASE,
    )


def _starts_sentence(text: str, s: int) -> bool:
    """True when a capital at ``text[s]`` opens a sentence: at the start, after a line break, or
    after a full stop, question or exclamation mark (and a closing mark) and spaces. Looked up
    backwards from ``s`` for each name run, instead of scanning the whole text for sentence starts."""
    if s == 0:
        return True
    c = text[s - 1]
    if c == "\n":
        return True
    if not c.isspace():
        return False
    j = s - 2
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return False
    c = text[j]
    if c in ".!?":
        return True
    return c in "\"\u201d\u2019" and j > 0 and text[j - 1] in ".!?"


_RUN_ROLES: dict[str, int] = {}  # run -> _run_role(run), kept across articles (names repeat)


def _run_role(run: str) -> int:
    """What a capitalised run can be to the name pass: 1 a person's name, 2 a bare title ("US
    President"), 0 neither (or a lone stopword or pronoun), so reading it changes nothing. A
    function of the run alone, remembered in ``_RUN_ROLES`` (bounded: emptied when full)."""
    if " " not in run and (run.lower() in stopwords() or run.lower() in PRONOUNS):
        role = 0
    elif _mention_info(run) is not None:
        role = 1
    else:
        title, name = split_title(run)
        role = 2 if title and not name else 0
    if len(_RUN_ROLES) >= 1 << 20:
        _RUN_ROLES.clear()
    _RUN_ROLES[run] = role
    return role


def _person_antecedents(names: ArticleNames, masked: str, limit: int) -> None:
    """Register the names of the narrative, in order, with ``names``.

    Every run of capitalised words of two words or more (or of one already known word) is offered
    to ``names`` ("US President Donald Trump" teaches it Trump's title). A run that opens a sentence
    or is the subject of a reporting verb is marked as an antecedent a pronoun may point back to.
    Text after ``limit`` (the end of the last quote's paragraph) is not read. A run known to name
    no one (``_run_role``) is skipped at once; a new one-word run is classed only after it passes
    the cheaper position test.
    """
    subject_match = _subject_cue_re().match
    text = masked[:limit]
    roles = _RUN_ROLES
    for s, run in name_runs(text):
        role = roles.get(run, -1)  # -1: not classed yet
        if not role:
            continue
        single = " " not in run
        if single and not (_starts_sentence(text, s) or subject_match(masked, s + len(run)) is not None):
            continue  # one capitalised word counts only as a subject (a name already met, or new)
        if role < 0:
            role = _run_role(run)
            if not role:
                continue
        person = names.add(run, s) if role == 1 else names.by_title(split_title(run)[0], s)
        # whether the run is an antecedent is asked only when it names someone
        if person is not None and (single or _starts_sentence(text, s)
                                   or subject_match(masked, s + len(run)) is not None):
            names.add_antecedent(person, s)


class Quote(NamedTuple):
    """One row of the quotes table as :func:`article_quotes` builds it: the ``QUOTE_COLUMNS``
    values in order, then ``resolved``, the article's own name for the speaker (before the
    set-wide canonical name replaces it in ``speaker``). A named tuple builds the table as fast
    as a plain tuple and is read by field name."""

    doc_id: str
    source: str
    quote_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str
    speaker_mention: str
    speaker_start: int
    speaker_end: int
    cue: str
    via: str
    venue: str
    para_no: int
    context: str
    speaker_rule: str
    resolved: str


@dataclass
class _Speech:
    """Who said a quote, as read from the reporter's words: the mention, its cue, the outlet that
    relays it (``via``), where it was said (``venue``), and the name the article gives the mention
    (``resolved``, "" when it names nobody the article knows)."""

    speaker_mention: str
    speaker_start: int
    speaker_end: int
    cue: str
    via: str
    venue: str
    resolved: str


@dataclass
class _Sentence:
    """The reporter's sentence around a quote: from ``start`` (where the quote opens) to ``end``
    (where it closes, a later paragraph for a quote over several); ``close_para`` is that
    paragraph's number in the article's blocks."""

    start: int
    end: int
    close_para: int


class _ArticleReader:
    """Reads the speakers of one article's quotes, in order, as the steps of :meth:`row`.

    State carried from one quote to the next: ``prev`` / ``prev_q`` (the attribution and span of
    the last quote that had a speaker or could pass one on), ``scare_end`` (where the last scare
    quote closed: a scare quote after ``prev_q`` may end its paragraph), ``venues`` (venues named
    so far, for "in the post") and whether the name pass has run (it runs once, only when a
    mention needs it).
    """

    def __init__(self, doc_id: str, source: str, body: str, paras: list[tuple[int, int]],
                 quotes: list[_Quote], names: ArticleNames) -> None:
        self.doc_id, self.source, self.body = doc_id, source, body
        self.paras, self.quotes, self.names = paras, quotes, names
        self.para_starts = [s for s, _ in _paragraph_spans(body)]
        self.block_starts = [s for s, _ in paras]
        self.masked, self.split_text = _masked(body, quotes)
        self.names_limit = paras[close_para_of(quotes[-1], paras)][1]
        # shows the reporter names ('said on "Fox News Sunday."'): no one's words, but a venue
        self.shows = {n: t for n, q in enumerate(quotes) if (t := _named_title(body, q, paras[q.para_no][0]))}
        self.names_read = False
        self.venues: dict[str, str] = {}
        self.sent_cache: dict[int, list[tuple[int, int]]] = {}
        self.prev: _Speech | None = None  # the attribution of the previous quote's row
        self.prev_q: _Quote | None = None
        self.scare_end = 0

    # -- the steps, in the order :meth:`row` takes them

    def sentences(self, pno: int) -> list[tuple[int, int]]:
        """The reporter's sentence spans of block ``pno`` (computed once per block)."""
        if pno not in self.sent_cache:
            ps, pe = self.paras[pno]
            self.sent_cache[pno] = _sentences(self.split_text, ps, pe)
        return self.sent_cache[pno]

    def sentence(self, q: _Quote) -> _Sentence:
        """Step 1: the sentence the quote opens in, extended to the one it closes in."""
        ps, pe = self.paras[q.para_no]
        sents = self.sentences(q.para_no)
        sent_start, sent_end = ps, pe
        for s, e in sents:
            if s <= q.open_at < e or (s <= q.open_at and q.open_at == e):
                sent_start, sent_end = s, e
                break
        # the sentence the quote closes in (for a multi-paragraph quote, a later paragraph)
        close_para = max(q.para_no, bisect.bisect_right(self.block_starts, q.close_at - 1) - 1)
        if close_para != q.para_no:
            cpe = self.paras[close_para][1]
            sent_end = next((e for s, e in self.sentences(close_para) if s <= q.close_at - 1 < e), cpe)
        elif q.close_at > sent_end:
            sent_end = next((e for s, e in sents if s < q.close_at <= e), pe)
        return _Sentence(sent_start, sent_end, close_para)

    def is_scare_by_place(self, n: int, q: _Quote, sent: _Sentence) -> bool:
        """Step 2: a named show or book, or one word inside the reporter's sentence: a scare
        quote, whoever is around, which leaves the previous quote's speaker to the next quote
        ('"A," he said on "Meet the Press." "B."')."""
        return n in self.shows or (" " not in self.body[q.start:q.end].strip()
                                   and self.masked[sent.start:q.open_at].strip()[-1:] not in ("", ",", ":"))

    def own_attribution(self, n: int, q: _Quote, sent: _Sentence) -> _Attribution | None:
        """Step 3: the quote's own cue and speaker in its sentence, after it or before it, or in a
        short sentence right after it that is only an attribution (which then extends ``sent``)."""
        masked = self.masked
        after_text = masked[q.close_at:min(sent.end, q.close_at + 200)]
        before_text = masked[max(sent.start, q.open_at - 400):q.open_at]
        attr = _attr_after(after_text, q.close_at)
        if attr is not None and attr.cue == "according to":
            # "X said the dam was "sound," according to the Courier": the cue before wins
            attr = _attr_before(before_text, sent.start) or attr
        if attr is None and not after_text.strip() and self.body[q.end - 1:q.end] in ".!?":
            # '"... all!!!" Trump added.': a short sentence that is only an attribution
            sents = self.sent_cache.get(sent.close_para, self.sent_cache[q.para_no])
            nxt = next(((s, e) for s, e in sents if s >= q.close_at), None)
            next_open = self.quotes[n + 1].open_at if n + 1 < len(self.quotes) else len(self.body)
            if nxt and not masked[q.close_at:nxt[0]].strip() and next_open >= nxt[1]:
                short = masked[q.close_at:nxt[1]]
                if len(_tokens(short)) <= 8:
                    attr = _attr_after(short, q.close_at)
                    if attr is not None:
                        sent.end = nxt[1]
        if attr is None:
            attr = _attr_before(before_text, sent.start)
        return attr

    def continuation(self, q: _Quote, sent: _Sentence) -> _Speech | None:
        """Step 4 (no cue of its own): the previous quote's speaker, when the quote follows it in
        its paragraph ('"A," he said. "B."') or opens the next paragraph after a paragraph that
        ended on that quote (or on a scare quote after it: '"A," he said on "Meet the Press."')."""
        prev, prev_q = self.prev, self.prev_q
        if prev is None or not prev.speaker_mention or prev_q is None:
            return None
        masked = self.masked
        ps = self.paras[q.para_no][0]
        prev_close = close_para_of(prev_q, self.paras)
        same_para = prev_q.para_no == q.para_no or prev_close == q.para_no
        next_para = q.para_no == prev_close + 1 and not masked[ps:q.open_at].strip()
        if (same_para and not masked[sent.start:q.open_at].strip()) or (
            next_para and not masked[max(prev_q.close_at, self.scare_end):self.paras[q.para_no - 1][1]].strip(" .")
        ):
            return prev
        return None

    def colon_paragraph(self, q: _Quote) -> _Attribution | None:
        """Step 5 (no cue, no continuation): a quote paragraph after a paragraph ending with a
        colon cue ("X reports:") takes that paragraph's last sentence's attribution."""
        if q.para_no == 0 or self.masked[self.paras[q.para_no][0]:q.open_at].strip():
            return None
        pps, ppe = self.paras[q.para_no - 1]
        if not self.masked[pps:ppe].rstrip().endswith(":"):
            return None
        psent = _sentences(self.split_text, pps, ppe)
        ls = psent[-1][0] if psent else pps
        return _attr_before(self.masked[ls:ppe], ls)

    def speech(self, attr: _Attribution, sent: _Sentence) -> tuple[_Speech, str]:
        """Step 6: the attribution resolved to a name (running the name pass first when the
        mention needs it), with its ``via`` and ``venue``; returns it and the name rule. The
        resolved person becomes an antecedent for later pronouns."""
        names, masked = self.names, self.masked
        mention = attr.mention
        if not self.names_read and not _self_explaining(mention):
            _person_antecedents(names, masked, self.names_limit)
            self.names_read = True
        resolved, how = names.resolve(mention, attr.m_start)
        narr = masked[sent.start:sent.end]
        venue = _venue(masked[attr.cue_end:sent.end] + " " + masked[sent.start:attr.m_start]
                       if attr.cue_end <= sent.end else narr, sent.start, self.venues)
        # a show named just after the cue is the venue: '"...," he said Sunday on "Fox News Sunday."'
        named = next((t for m, t in self.shows.items()
                      if 0 <= self.quotes[m].open_at - attr.cue_end <= 40 and self.quotes[m].open_at < sent.end), "")
        speech = _Speech(
            speaker_mention=mention, speaker_start=attr.m_start, speaker_end=attr.m_end,
            cue=attr.cue.lower() if attr.cue != ":" else ":",
            via=_via(narr, sent.start, (attr.m_start, attr.m_end)),
            venue=named or venue, resolved=resolved,
        )
        if resolved:
            person = names.add(resolved, attr.m_start, antecedent=False)
            if person is not None:
                names.add_antecedent(person, attr.m_start)
        return speech, how

    def row(self, n: int, q: _Quote) -> Quote:
        """The row of quote ``n``: its sentence, whether it is a scare quote by its place, its
        own attribution, else a continuation of the previous speaker, else a colon paragraph's
        speaker; then its kind. Updates the state carried to the next quote."""
        sent = self.sentence(q)
        if self.is_scare_by_place(n, q, sent):
            self.scare_end = q.close_at
            return self.make_row(n, q, "scare", None, "scare", sent)
        attr = self.own_attribution(n, q, sent)
        rule = attr.rule if attr else ""
        speech = None
        if attr is None:
            speech = self.continuation(q, sent)
            if speech is not None:
                rule = "continuation"
            else:
                attr = self.colon_paragraph(q)
                if attr is not None:
                    rule = "previous-paragraph:" + attr.rule
        if attr is not None:
            speech, how = self.speech(attr, sent)
            rule = f"{rule};{how}"
        has_speaker = speech is not None and bool(speech.resolved or speech.speaker_mention)
        kind = _kind(self.body, self.masked, q, sent.start, has_speaker, own_cue=attr is not None)
        if kind == "scare":
            # no one's words: it neither has a speaker nor passes one on to the next quote
            self.scare_end = q.close_at
            return self.make_row(n, q, kind, None, "scare", sent)
        self.prev, self.prev_q = speech, q
        return self.make_row(n, q, kind, speech, rule or "none", sent)

    def make_row(self, n: int, q: _Quote, kind: str, speech: _Speech | None, rule: str,
                 sent: _Sentence) -> Quote:
        """The :class:`Quote` record of quote ``n`` (no speaker when ``speech`` is None)."""
        body, doc_id = self.body, self.doc_id
        para_no = bisect.bisect_right(self.para_starts, q.start) - 1
        context = body[sent.start:sent.end].strip()
        if speech is None:
            return Quote(doc_id, self.source, f"{doc_id}:{n}", q.start, q.end, body[q.start:q.end], kind,
                         "", "", -1, -1, "", "", "", para_no, context, rule, "")
        return Quote(doc_id, self.source, f"{doc_id}:{n}", q.start, q.end, body[q.start:q.end], kind,
                     speech.resolved, speech.speaker_mention, speech.speaker_start, speech.speaker_end,
                     speech.cue, speech.via, speech.venue, para_no, context, rule, speech.resolved)


def article_quotes(doc_id: str, source: str, body: str) -> tuple[list[Quote], ArticleNames]:
    """The quotes of one article body: rows of :func:`extract_quotes` before canonical names, as
    :class:`Quote` records (``speaker`` and ``resolved`` hold the article's own name for the
    speaker), and the people the article names."""
    names = ArticleNames()
    if not _MARK_RE.search(body):
        return [], names
    paras = _blocks(body)
    quotes = _find_quotes(body, paras)
    if not quotes:
        return [], names
    reader = _ArticleReader(doc_id, source, body, paras, quotes, names)
    return [reader.row(n, q) for n, q in enumerate(quotes)], names


def _self_explaining(mention: str) -> bool:
    """A mention that needs nothing else from the article: a first and last name, no title."""
    title, name = split_title(mention)
    return not title and name.count(" ") >= 1 and looks_like_person(name)


def close_para_of(q: _Quote, paras: list[tuple[int, int]]) -> int:
    """Paragraph number in which quote ``q`` closes."""
    for k in range(q.para_no, len(paras)):
        if paras[k][0] <= q.close_at <= paras[k][1]:
            return k
    return q.para_no


def extract_quotes(articles: Any) -> pd.DataFrame:
    """One row per direct quote in ``articles`` (a ``Corpus`` or its ``articles`` DataFrame).

    Columns (see ``corpus/README.md``): ``doc_id``, ``source``, ``quote_id`` (``<doc_id>:<n>``),
    ``start``/``end`` (offsets into ``body``; ``body[start:end] == text``, marks excluded), ``text``,
    ``kind`` (full: quoted sentences standing on their own; partial: a fragment inside the
    reporter's sentence; scare: one word, two with no speaker, or a title in quotes), ``speaker`` (canonical name shared across articles; "" when
    unknown), ``speaker_mention`` (as written), ``speaker_start``/``speaker_end`` (offsets of the
    mention in ``body``; -1 when none), ``cue``, ``via``, ``venue``, ``para_no``, ``context`` (the
    sentence around the quote) and ``speaker_rule`` (which rule chose the speaker).
    """
    df = getattr(articles, "articles", articles)
    missing = {"doc_id", "body"} - set(df.columns)
    if missing:
        raise ValueError(f"extract_quotes needs an articles table with columns doc_id and body; missing {sorted(missing)}")
    rows: list[Quote] = []
    all_names: list[str] = []
    sources = df["source"] if "source" in df.columns else pd.Series([""] * len(df), index=df.index)
    try:
        for doc_id, source, body in zip(df["doc_id"], sources, df["body"]):
            body = body if isinstance(body, str) else ""
            if type(source) is not str:  # (a plain str skips pd.isna, which is slow on a scalar)
                source = "" if pd.isna(source) else str(source)
            arows, names = article_quotes(str(doc_id), source, body)
            rows.extend(arows)
            all_names.extend(p.name for p in names.people)
            all_names.extend(r.resolved for r in arows if r.resolved)
        mapping = canonical_names(all_names)
    finally:
        forget_names()  # the memos served this pass; kept, they slow every later garbage collection
        _RUN_ROLES.clear()
    out = pd.DataFrame(rows, columns=list(Quote._fields))
    if len(out):
        out["speaker"] = out["resolved"].map(lambda n: mapping.get(n, n) if n else "")
    out = out[QUOTE_COLUMNS]
    for col in ("start", "end", "speaker_start", "speaker_end", "para_no"):
        out[col] = out[col].astype("int64")
    return out.reset_index(drop=True)
