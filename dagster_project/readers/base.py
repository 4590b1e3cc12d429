"""The one interface of every reader, and the text clean-up they share.

A reader is a function ``read(path, data) -> Iterator[Article | Rejected | Notice]``: ``data`` is
the file's bytes (already checked against the size limit). It yields one :class:`Article` or one
:class:`Rejected` per *record* of the file (a file, a JSONL line, a CSV row, a feed item, a
``<REUTERS>`` element), and :class:`Notice` rows for values that were dropped or repaired while
the record itself was kept. A reader that cannot read the file at all raises :class:`Unreadable`
with the reason; the caller turns it into one rejected record. Readers return strings as found;
:func:`clean_text` / :func:`clean_line` are applied by the caller (``readers.ingest``) to every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

EXCERPT_CHARS = 500


@dataclass
class Article:
    """One article as read. ``published`` is the date as written; ``published_at`` a time-zone
    aware instant when the input gives one (stored in UTC); ``record_ref`` locates the record in
    its file ("line 3", "row 12", "item 4", "NEWID 10455"), None when the file is one article."""

    text: str
    external_id: str
    record_ref: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    places: list[str] | None = None
    source_format: str = ""


@dataclass
class Rejected:
    """A record that is not loaded: ``reason`` says why, for a person."""

    reason: str
    record_ref: str | None = None
    excerpt: str = ""


@dataclass
class Notice:
    """A record that is loaded, with a value dropped or a problem worth knowing (not a record)."""

    reason: str
    record_ref: str | None = None
    excerpt: str = ""


class Unreadable(Exception):
    """The whole file cannot be read; ``str(exc)`` is the reason."""


# --- text clean-up ------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"), " ")
# C0 and C1 control characters except tab and newline (CR is handled before).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A cheap pre-filter: UTF-8 read as Latin-1/cp1252 starts with one of these and goes on with a
# continuation-byte look-alike. ftfy itself decides what is mojibake.
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00c5\u00ce-\u00d1\u00e2-\u00e3\u00ef][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]")
_FTFY_CONFIG = None


def _ftfy(text: str) -> str:
    """Repair mojibake ("RÃ¼gemer" -> "Rügemer", "â\\x80\\x9c" -> a quote) and nothing else: no
    HTML unescaping, no quote straightening, no Unicode normalisation (text is kept verbatim)."""
    global _FTFY_CONFIG
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False, remove_terminal_escapes=False, uncurl_quotes=False, fix_line_breaks=False,
            fix_character_width=False, fix_latin_ligatures=False, remove_control_chars=False, normalization=None,
            explain=False)
    return ftfy.fix_text(text, _FTFY_CONFIG)


def clean_text(text: str) -> str:
    """Article text as stored: mojibake repaired (ftfy), CRLF and CR -> LF, zero-width characters
    and soft hyphens removed, non-breaking and other fixed-width spaces -> " ", control characters
    removed. Everything else (markup, SQL, quotes, line breaks) is kept verbatim."""
    text = _ftfy(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text.translate(_ZERO_WIDTH).translate(_SPACES))


def clean_line(value: object) -> str | None:
    """A metadata value (title, publisher, ...): :func:`clean_text`, whitespace runs -> one space,
    stripped; None when empty."""
    if value is None:
        return None
    cleaned = " ".join(clean_text(str(value)).split())
    return cleaned or None


def excerpt(text: str | bytes) -> str:
    """The first :data:`EXCERPT_CHARS` characters, bytes decoded leniently."""
    if isinstance(text, bytes):
        head = text[: EXCERPT_CHARS * 4]
        decoded = head.decode("utf-8", "replace")
        if b"\x00" in head or decoded.count("\ufffd") > len(decoded) // 10:
            return "bytes: " + head[:64].hex(" ")
        text = decoded
    return _CONTROLS.sub("", text[:EXCERPT_CHARS].replace("\x00", ""))


def first_of(mapping: dict, names: tuple[str, ...]) -> object | None:
    """The first non-empty value of ``mapping`` under any of ``names`` (keys compared case-insensitively)."""
    lowered = {str(k).strip().lower(): v for k, v in mapping.items()}
    for name in names:
        value = lowered.get(name)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    return None


#: Usual column / key names of each field in CSV, Parquet and JSON records (lower case).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "article_text", "full_text", "fulltext", "story", "maintext"),
    "title": ("title", "headline", "head", "heading"),
    "published": ("published", "date", "published_at", "publishedat", "pubdate", "publish_date", "published_date",
                  "datetime", "date_published", "time", "timestamp", "created_at"),
    "url": ("url", "link", "href", "permalink", "canonical_url", "source_url", "url_or_origin"),
    "publisher": ("publisher", "source", "site", "sitename", "site_name", "outlet", "publication", "domain"),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "id": ("id", "article_id", "guid", "uid", "uuid", "doc_id", "docid", "newid"),
}
