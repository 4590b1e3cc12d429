"""RSS and Atom feeds (``.xml``/``.rss``/``.atom``) with feedparser: each item is an article.

``text`` is the item's content (else its description/summary) as plain text; ``title``, ``url``
(the original link when the feed goes through a redirector such as FeedBurner), ``author``,
``publisher`` (the feed's title) and ``published`` as written; ``published_at`` is the item's
time in UTC (feedparser converts the zone). ``external_id`` is the item's guid/id, else its link.
A file that is not a feed (HTML, plain text, broken XML with no feed in it) is rejected with the
reason, never read as an empty feed; so is a feed without items. A feed whose XML breaks after
some items keeps those items and gets a notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.readers.base import Article, Notice, Rejected, Unreadable, excerpt
from dagster_project.readers.html import fragment_text


def read(path: Path, data: bytes) -> Iterator[Article | Rejected | Notice]:
    if not data.strip():
        raise Unreadable("empty file: not an RSS or Atom feed")
    import feedparser

    parsed = feedparser.parse(data)
    error = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        head = data[:2048].decode("utf-8", "ignore").lstrip().lower()
        looks = "an HTML page" if "<html" in head or "<!doctype html" in head else (
            "XML of another kind" if head.startswith("<") else "plain text")
        detail = f"; parser: {' '.join(str(error).split())}" if error else ""
        raise Unreadable(f"not an RSS or Atom feed: it is {looks}{detail}")
    if not parsed.entries:
        raise Unreadable(f"an {parsed.get('version') or 'RSS/Atom'} feed with no items")
    if error:
        yield Notice(f"the feed is not well-formed XML ({' '.join(str(error).split())}); "
                     f"the {len(parsed.entries)} item(s) before the error were read")
    publisher = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, start=1):
        ref = f"item {n}"
        content = entry.get("content")
        markup = (content[0].get("value") if content else None) or entry.get("summary") or entry.get("description") or ""
        text = fragment_text(markup) if "<" in markup or "&" in markup else markup
        link = entry.get("feedburner_origlink") or entry.get("link")
        if not text.strip():
            yield Rejected("feed item without text (no content or description)", ref,
                           excerpt(entry.get("title") or link or ""))
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield Article(
            text=text, external_id=entry.get("id") or link or f"{path.stem}:{n}", record_ref=ref,
            title=entry.get("title"), publisher=publisher, author=entry.get("author"),
            published=entry.get("published") or entry.get("updated"),
            published_at=datetime(*stamp[:6], tzinfo=UTC) if stamp else None,
            url=link, source_format="feed",
        )
