"""Which reader a file gets: by its content where the content says so, else by its extension.

Content wins over the extension for the signatures that cannot be mistaken: Parquet's magic bytes
(``PAR1``), a file that opens with a ``<REUTERS>`` element (Reuters-21578 SGML), and, in files
whose extension is not a text one, an ``<rss>``/``<feed>``/``<rdf:RDF>`` root (a feed) or an HTML
root. A ``.txt``/``.md`` file that holds markup stays text (stored verbatim). A file with a feed
extension stays with the feed reader, which quarantines it when it is not a feed. A file with an
unknown or no extension is read when its content is one of those signatures or JSON, and is
otherwise unsupported.
"""

from __future__ import annotations

import re
from pathlib import Path

from dagster_project import config
from dagster_project.readers.decode import binary_kind

_BY_SUFFIX: dict[str, str] = {
    **dict.fromkeys(config.TEXT_SUFFIXES, "text"),
    **dict.fromkeys(config.JSONL_SUFFIXES, "jsonl"),
    **dict.fromkeys(config.JSON_SUFFIXES, "json"),
    **dict.fromkeys(config.HTML_SUFFIXES, "html"),
    **dict.fromkeys(config.FEED_SUFFIXES, "feed"),
    **dict.fromkeys(config.CSV_SUFFIXES, "csv"),
    **dict.fromkeys(config.PARQUET_SUFFIXES, "parquet"),
    **dict.fromkeys(config.SGML_SUFFIXES, "sgml"),
}
#: Every suffix with a reader.
SUPPORTED_SUFFIXES = tuple(sorted(_BY_SUFFIX))

# Leading XML declaration, processing instructions, comments and whitespace.
_PROLOGUE = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)


def _head(data: bytes) -> str:
    head = data[:8192]
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, "ignore")
    return head.decode("utf-8", "ignore").replace("\x00", "")


def sniff(data: bytes) -> str | None:
    """The format the content itself shows, or None: parquet, sgml, feed, html or json."""
    if data[:4] == b"PAR1":
        return "parquet"
    head = _PROLOGUE.sub("", _head(data), count=1)
    lower = head[:512].lower()
    if lower.startswith(("<reuters", "<!doctype lewis")):
        return "sgml"
    if re.match(r"<(rss|feed|rdf:rdf)\b", lower):
        return "feed"
    if lower.startswith(("<!doctype html", "<html")):
        return "html"
    if lower[:1] in ("{", "["):
        return "json"
    return None


def detect(path: Path, data: bytes) -> tuple[str | None, str]:
    """``(format, what)``: the reader's format name, or None with ``what`` the file looks like
    (for the "unsupported format" reason)."""
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    by_content = sniff(data)
    if by_content in ("parquet", "sgml"):
        return by_content, by_content
    if by_suffix in ("text", "feed", "json", "jsonl", "csv", "parquet", "sgml"):
        return by_suffix, by_suffix
    if by_suffix == "html":
        return (by_content if by_content == "feed" else "html"), "html"
    if by_content:  # unknown or no extension
        return by_content, by_content
    kind = binary_kind(data) or ("binary data" if b"\x00" in data[:8192] else "text")
    return None, kind
