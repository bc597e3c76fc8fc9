"""HTML wherever it appears in an article set: whole pages and markup inside text fields.

- ``markup_kind(text)``: ``"page"`` (a whole HTML document: a doctype, ``<html>`` or ``<body>``),
  ``"fragment"`` (two or more HTML tags in running text, as in a scraped ``text`` column), or
  ``None`` for plain text.
- ``extract_page(html)``: the main text and metadata of a page, by trafilatura, or a reason why
  there is no article in it (no main text; or only navigation: the text trafilatura keeps is
  mostly the page's link labels, a home page or a section front).
- ``fragment_to_text(html)``: the text of a fragment, block elements as paragraphs (blank lines),
  ``<br>`` as a line break, scripts and styles dropped, entities decoded.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["markup_kind", "extract_page", "fragment_to_text", "Page"]

_PAGE_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_TAGS = ("p|div|br|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|tr|td|th|article|section|nav|header|"
         "footer|main|aside|script|style|img|figure|figcaption|blockquote|iframe|font|center|hr|small|sup|sub")
_TAG_RE = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>]*)?/?>", re.I)
_BLOCK_RE = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|table|tr|article|section|header|footer|main|aside|"
                       r"blockquote|figure|figcaption|nav|hr|center)(?:\s[^<>]*)?/?>", re.I)
_BR_RE = re.compile(r"<br(?:\s[^<>]*)?/?>", re.I)
_DROP_RE = re.compile(r"<(script|style|noscript|iframe|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_ANY_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
MIN_TAGS = 2  # a fragment: at least this many HTML tags
NAV_SHARE = 0.8  # text that is at least this share link labels is navigation, not an article


def markup_kind(text: str) -> str | None:
    """``"page"``, ``"fragment"`` or ``None`` (see the module docstring)."""
    if text.lstrip()[:1] == "<" and _PAGE_RE.search(text[:4096]):
        return "page"
    n = 0
    for _ in _TAG_RE.finditer(text):
        n += 1
        if n >= MIN_TAGS:
            return "fragment"
    return None


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (see the module docstring)."""
    s = _DROP_RE.sub(" ", fragment)
    s = _BR_RE.sub("\n", s)
    s = _BLOCK_RE.sub("\n\n", s)
    s = _ANY_TAG_RE.sub("", s)
    s = htmllib.unescape(s).replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in s.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class Page:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # why there is no article text, when there is none


def _link_labels(page: str) -> list[str]:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(page)
    except Exception:  # noqa: BLE001 - lxml raises several types on odd markup; no labels then
        return []
    labels = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    return sorted((lb for lb in labels if len(lb) > 1), key=len, reverse=True)


def _alnum(s: str) -> int:
    return sum(ch.isalnum() for ch in s)


def extract_page(page: str) -> Page:
    """Main text and metadata (title, url, date, source) of an HTML page (see the module docstring)."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return Page("", {}, "no article text found in the HTML page")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {k: d.get(k2) for k, k2 in (("title", "title"), ("url", "url"), ("date", "date"),
                                        ("source", "sitename")) if d.get(k2)}
    text = d.get("text") or ""
    title = (meta.get("title") or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:  # the headline, repeated as the first line
        text = rest
    left = text
    for label in _link_labels(page):
        left = left.replace(label, "")
    total = _alnum(text)
    if total == 0:
        return Page("", meta, "no article text found in the HTML page")
    link_share = 1 - _alnum(left) / total
    if link_share >= NAV_SHARE:
        return Page("", meta, f"no article text in the HTML page: {link_share:.0%} of its text is "
                              "link labels (a navigation or index page)")
    return Page(text, meta)
