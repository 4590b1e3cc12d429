"""HTML pages (``.html``/``.htm``): the main text and metadata, boilerplate removed (trafilatura).

``title``, ``author``, ``published`` (the page's date), ``publisher`` (the site name) and ``url``
(the canonical link) come from trafilatura's metadata; ``published_at`` from an
``article:published_time`` meta tag when it carries a time zone. A page whose main text is shorter
than ``config.HTML_MIN_BODY_CHARS`` after boilerplate removal (a login wall, an index page, a
script-only shell) has no article body and is rejected with that reason. Broken markup is read as
far as lxml's lenient parser gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from dagster_project.config import HTML_MIN_BODY_CHARS
from dagster_project.readers.base import Article, Rejected, Unreadable, excerpt
from dagster_project.readers.dates import aware_instant
from dagster_project.readers.decode import decode

_PUBLISHED_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate)["'][^>]*>""", re.I)
_CONTENT = re.compile(r"""content=["']([^"']+)["']""", re.I)


def read(path: Path, data: bytes) -> Iterator[Article | Rejected]:
    content, _ = decode(data)
    if not content.strip():
        raise Unreadable("empty file: no HTML")
    import trafilatura

    doc = trafilatura.bare_extraction(content, with_metadata=True, favor_precision=True, include_comments=False)
    text = (doc.text or "").strip() if doc is not None else ""
    if len(text) < HTML_MIN_BODY_CHARS:
        found = f"only {len(text)} characters of main text" if text else "no main text"
        yield Rejected(f"no article body in the HTML page: {found} after boilerplate removal "
                       f"(at least {HTML_MIN_BODY_CHARS} needed)", None, excerpt(fragment_text(content) or content))
        return
    meta = _PUBLISHED_META.search(content)
    stamp = _CONTENT.search(meta.group(0)).group(1) if meta and _CONTENT.search(meta.group(0)) else None
    yield Article(
        text=text, external_id=path.stem, title=doc.title, publisher=doc.sitename, author=doc.author,
        published=doc.date or stamp, published_at=aware_instant(stamp), url=doc.url, source_format="html",
    )


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
              "ul", "ol", "table", "hr", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed item's description): tags dropped, entities decoded,
    one line per block element, scripts and styles skipped."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
