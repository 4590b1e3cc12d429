"""Bytes -> text for every text-based format: byte-order marks, UTF-8, other and mixed encodings.

1. A byte-order mark (UTF-8, UTF-16, UTF-32) decides the encoding and is dropped.
2. Valid UTF-8 is read as UTF-8.
3. Otherwise charset-normalizer guesses the encoding. A Latin guess (cp1252, ISO 8859-x, ...) on
   a file that is mostly UTF-8 is a *mixed* file: it is read as UTF-8 with each invalid byte read
   as cp1252 (the usual mix: a Latin-1 "ü" pasted into UTF-8 text). Any other guess (UTF-16
   without a mark, Shift JIS, KOI8-R, ...) is used as it is.
4. No guess, or NUL bytes in what is not UTF-16/32, is a binary file: :class:`Unreadable`.

Mojibake left inside the text (UTF-8 that was once read as Latin-1) is repaired later, field by
field, by ``base.clean_text`` (ftfy).
"""

from __future__ import annotations

import codecs
import re

from dagster_project.readers.base import Unreadable

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LATIN = re.compile(r"^(cp125\d|latin_?1|iso8859_\d+|windows_125\d|mac_roman|cp850|ascii)$")

#: Magic numbers of common binary formats, for a clearer reason than "binary".
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"BZh", "a bzip2 archive"), (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"), (b"RIFF", "a RIFF media file"), (b"\x00\x00\x00\x1cftyp", "an MP4 video"),
)


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    byte = exc.object[exc.start:exc.start + 1]
    try:
        return byte.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), exc.start + 1


codecs.register_error("news_etl_cp1252", _cp1252_fallback)


def binary_kind(data: bytes) -> str | None:
    """What a known binary file is ("a PDF document"), from its first bytes; None if unknown."""
    return next((what for magic, what in MAGIC if data.startswith(magic)), None)


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding used)``; the text keeps its line endings (see ``base.clean_text``).

    Raises:
        Unreadable: the bytes are not text (a binary file), with what it looks like.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise Unreadable(f"starts with a {encoding} byte-order mark but is not {encoding} "
                                 f"(byte {exc.start})") from exc
    kind = binary_kind(data)
    if kind:
        raise Unreadable(f"binary file ({kind}), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    guess = best.encoding if best is not None else None
    nul = b"\x00" in data[:8192]
    if guess and guess.startswith(("utf_16", "utf_32")):
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    if nul or guess is None:
        raise Unreadable(f"binary file (not text in any known encoding; first byte that is not UTF-8 at offset "
                         f"{first_bad}: {data[first_bad:first_bad + 1]!r})")
    if _LATIN.match(guess) or _mostly_utf8(data):
        return data.decode("utf-8", "news_etl_cp1252"), "utf-8 with cp1252 bytes"
    try:
        return data.decode(guess), guess
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not valid UTF-8 and not {guess} either (byte {exc.start})") from exc


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences (a mixed file)."""
    valid = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data))
    invalid = len(data.decode("utf-8", "replace").split("\ufffd")) - 1
    return valid > invalid
