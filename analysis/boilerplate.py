"""Recognise the lines a news page adds around the article: adverts, related links, credits.

A line is boilerplate only when the *whole* line (stripped, at most ``MAX_LEN`` characters) matches
one of the patterns below, so a sentence that merely mentions an advert is never touched. Each
match has a ``kind`` and, for links, a ``target`` (the title or site the line points to).
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_LEN = 300  # longer lines are article prose, whatever they start with

KINDS = ("advert", "related_link", "read_more", "credit", "call_to_action")

_SEP = r"\s*[:|\-\u2013\u2014>]+\s*"
_PATTERNS: dict[str, list[str]] = {
    "advert": [
        r"[-\u2013\u2014\s]*advert[a-z]*ments?[-\u2013\u2014\s]*",  # Advertisement, Advertisment
        r"(?:sponsored(?: content| links?)?|paid content|promoted(?: content)?)",
        r"(?:story|article) continues (?:below|after)(?: (?:this|the))? (?:advertisement|ad)\.?",
    ],
    "read_more": [
        r"(?:read more|continue reading|read the (?:full|whole|original) (?:story|article|report))"
        r"(?:\s+(?:at|on|in)\s+|\s*[:|\-\u2013\u2014]\s*|\s*$)(?P<target>.*?)[.\s]*",
    ],
    "related_link": [
        r"(?:also read|read also|related(?: (?:stories|articles|coverage|news|content))?|see also|also see"
        r"|must read|recommended(?: reading)?|more on this(?: story)?|more from \w+|also watch|watch)"
        + _SEP + r"(?P<target>.+)",
    ],
    "credit": [
        r"\(?\s*with (?:inputs? from|agency inputs?|agencies)\b[^)]*\)?\.?",
        r"\(\s*(?:additional )?(?:reporting|writing|editing|compiled)(?: by|:)[^)]*\)\.?",
        r"[\w .,'&-]{2,80} contributed to this (?:report|story|article)\.?",
        r"(?:\u00a9|\(c\)|copyright\b).{0,200}",
        r"all rights reserved\.?",
    ],
    "call_to_action": [
        r"(?:click|tap) here\b.*",
        r"(?:subscribe|sign up|signup|register)(?: now| today| here)?(?: (?:to|for)\b.*|[.!]?)",
        r"(?:follow|like) (?:us|\w+) on (?:twitter|facebook|x|instagram|telegram|whatsapp|google news|youtube)\b.*",
        r"(?:download|get) (?:the|our) (?:\w+ )?app\b.*",
        r"(?:share this (?:article|story)|don't miss\b.*|join (?:our|the) (?:\w+ )?(?:channel|newsletter)\b.*)",
    ],
}

# One alternation, one group per pattern: a single regex call per line (about 1 µs on prose).
_GROUPS: list[tuple[str, str]] = []
_parts = []
for _kind, _pats in _PATTERNS.items():
    for _i, _p in enumerate(_pats):
        _name = f"{_kind}__{_i}"
        _GROUPS.append((_name, _kind))
        _parts.append(f"(?P<{_name}>{_p.replace('(?P<target>', f'(?P<{_name}_t>')})")
_RX = re.compile(r"\A(?:" + "|".join(_parts) + r")\Z", re.IGNORECASE | re.DOTALL)
_KIND_OF = dict(_GROUPS)


class Match(NamedTuple):
    kind: str
    target: str


def classify_line(line: str) -> Match | None:
    """The boilerplate kind of a whole line, or ``None`` when the line is article text."""
    s = line.strip()
    if not s or len(s) > MAX_LEN:
        return None
    m = _RX.match(s)
    if m is None:
        return None
    name = m.lastgroup
    target = m.group(f"{name}_t") if f"{name}_t" in _RX.groupindex else ""
    return Match(_KIND_OF[name], (target or "").strip())
