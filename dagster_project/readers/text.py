"""``.txt`` / ``.md``: one article per file, with optional YAML front matter.

Front matter is a block at the very top between ``---`` lines; its keys ``title``, ``published``
(or ``date``), ``publisher``, ``author``, ``url`` and ``id`` fill those columns and the block is
not part of the text. A front-matter block that is not valid YAML is kept out of the text too and
reported (a :class:`Notice`). ``external_id`` is ``id`` or the file stem; a Markdown file without
a front-matter title takes its first ``# heading``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dagster_project.readers.base import FIELD_NAMES, Article, Notice, Rejected, Unreadable, excerpt, first_of
from dagster_project.readers.decode import decode

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(content: str) -> tuple[dict | None, str, str | None]:
    """``(metadata, body, error)``: the parsed front matter (None when there is none or it is
    invalid), the text after it, and the YAML error when invalid."""
    match = _FRONT_MATTER.match(content)
    if not match:
        return None, content, None
    import yaml

    body = content[match.end():]
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        return None, body, " ".join(str(exc).split())
    if not isinstance(meta, dict):
        return None, body, f"a YAML {type(meta).__name__}, not a mapping of keys"
    return meta, body, None


def read(path: Path, data: bytes) -> Iterator[Article | Rejected | Notice]:
    content, _ = decode(data)
    if not content.strip():
        raise Unreadable("empty file: no article text")
    meta, body, error = split_front_matter(content)
    if error:
        yield Notice(f"front matter is not valid YAML ({error[:200]}): it is left out and the rest read as text",
                     None, excerpt(content))
    meta = meta or {}
    if not body.strip():
        yield Rejected("no article text after the front matter", None, excerpt(content))
        return
    title = first_of(meta, FIELD_NAMES["title"])
    if title is None and path.suffix.lower() in (".md", ".markdown"):
        title = next((ln.lstrip("#").strip() for ln in body.splitlines() if ln.startswith("# ")), None)
    published = first_of(meta, FIELD_NAMES["published"])
    yield Article(
        text=body,
        external_id=str(first_of(meta, ("id",)) or path.stem),
        title=None if title is None else str(title),
        publisher=_str(first_of(meta, FIELD_NAMES["publisher"])),
        author=_str(first_of(meta, FIELD_NAMES["author"])),
        published=None if published is None else (published.isoformat() if hasattr(published, "isoformat") else str(published)),
        url=_str(first_of(meta, FIELD_NAMES["url"])),
        source_format="markdown" if path.suffix.lower() in (".md", ".markdown") else "text",
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
