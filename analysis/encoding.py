"""Bytes to text for the loader: encoding detection, binary refusal, control characters.

``decode(data)`` returns a :class:`Decoded` (the text, the encoding used, and a note for the
problems table when the bytes were not plain UTF-8) or raises :class:`BinaryData` when the bytes are
not text at all (a PDF, an image, an archive, random junk). Detection order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. valid UTF-8 is UTF-8 (the common case, and the only fast path);
3. UTF-16 without a mark is recognised by its zero bytes in every other position;
4. otherwise charset-normalizer ranks the candidate encodings; among the cleanest candidates
   Windows-1252 is preferred when it decodes to the same text or as cleanly (English and Western
   European news, where charset-normalizer alone may pick a rarer Latin code page and turn
   "«" into "ḋ").

``clean_controls(text)`` removes the characters no article holds (NUL, terminal escapes, other C0
and C1 control characters) and says how many it removed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["BinaryData", "Decoded", "decode", "clean_controls", "sniff_binary"]


class BinaryData(ValueError):
    """The bytes are not text (the message says what they look like)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # for a problems row: what was not plain UTF-8


# File signatures of common non-text formats (the first bytes of the file).
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"BZh", "bzip2-compressed data"), (b"\xfd7zXZ", "xz-compressed data"),
    (b"7z\xbc\xaf", "a 7-zip archive"), (b"Rar!", "a RAR archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\x7fELF", "a program"), (b"{\\rtf", "an RTF document"),
)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters no article holds: C0 but tab, newline, carriage return, form feed, vertical tab;
# DEL; C1. Terminal escape sequences go whole.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
SAMPLE = 1 << 16  # bytes looked at for the binary test
MAX_CONTROL_SHARE = 0.05  # more control characters than this in the sample: binary


def sniff_binary(data: bytes) -> str | None:
    """What ``data`` looks like when its first bytes are a known non-text format, else ``None``."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    return None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` declares, or ``None``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:SAMPLE]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def decode(data: bytes) -> Decoded:
    """``data`` as text (see the module docstring), or :class:`BinaryData`."""
    what = sniff_binary(data)
    if what:
        raise BinaryData(f"binary data ({what}), not text")
    enc = bom_encoding(data)
    if enc:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as err:
            raise BinaryData(f"starts with a {enc} byte-order mark but is not {enc} (byte {err.start})") from None
        note = None if enc == "utf-8-sig" else f"read as {enc.upper()} (byte-order mark)"
        return _checked(Decoded(text, enc, note))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as err:
        bad_byte = err.start
    enc = _utf16_without_bom(data[:SAMPLE])
    if enc:
        try:
            return _checked(Decoded(data.decode(enc), enc, f"read as {enc.upper()} (no byte-order mark)"))
        except UnicodeDecodeError:
            pass
    enc = _detect(data)
    if enc is None:
        raise BinaryData(f"binary data: not UTF-8 (byte {bad_byte}) and no text encoding fits")
    return _checked(Decoded(data.decode(enc, errors="replace"), enc,
                            f"not valid UTF-8 (byte {bad_byte}); read as {enc} (detected)"))


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 1 << 20]))
    if not matches:
        return None
    cleanest = min(m.chaos for m in matches)
    for m in matches:
        if m.chaos <= cleanest and "cp1252" in m.could_be_from_charset:
            return "cp1252"
    return matches[0].encoding


def _checked(d: Decoded) -> Decoded:
    sample = d.text[:SAMPLE]
    share = _control_share(sample)
    if share > MAX_CONTROL_SHARE:
        raise BinaryData(f"binary data: {share:.0%} control characters, not text")
    return d


def _c1(m: re.Match) -> str:
    try:
        return m.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def clean_controls(text: str) -> tuple[str, str | None]:
    """``text`` without NUL and other control characters, and a note of what changed (or ``None``).

    C1 characters (U+0080-U+009F) are Windows-1252 punctuation that was read as Latin-1 (U+0092 for
    "’"): they become that punctuation again.
    """
    if not _CONTROL.search(text) and "\x0b" not in text and "\x0c" not in text:
        return text, None
    n_nul = text.count("\x00")
    n_other = len(_C0.findall(text)) - n_nul  # an escape sequence counts once, by its ESC
    text = _ANSI.sub("", text)
    n_c1 = len(_C1.findall(text))
    text = _C1.sub(_c1, _C0.sub("", text)).translate(_BREAKS)
    parts = [f"{n_nul} NUL byte{'s' * (n_nul != 1)}"] if n_nul else []
    if n_other > 0:
        parts.append(f"{n_other} other control character{'s' * (n_other != 1)}")
    notes = ["removed " + " and ".join(parts)] if parts else []
    if n_c1:
        notes.append(f"{n_c1} C1 control character{'s' * (n_c1 != 1)} read as Windows-1252 punctuation")
    return text, "; ".join(notes) or None
