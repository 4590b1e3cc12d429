"""``.jsonl`` (one JSON object per line) and ``.json`` (one object, a list of objects, or an object
holding such a list under ``articles``/``items``/``data``/``records``/``documents``).

Each object is a record: ``text`` (or ``body``/``content``/...), ``id``, ``title``, ``published``,
``publisher``, ``author``, ``url`` by their usual names (``base.FIELD_NAMES``). A line that is
not JSON, not an object, or has no text is rejected with the reason; the other lines load.
JSON Lines are split on "\\n" only: ``str.splitlines()`` would also split on U+2028/U+2029, which
``json.dumps(ensure_ascii=False)`` leaves unescaped inside strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dagster_project.readers.base import FIELD_NAMES, Article, Rejected, Unreadable, excerpt, first_of
from dagster_project.readers.decode import decode

_LIST_KEYS = ("articles", "items", "data", "records", "documents", "results", "entries")


def read_jsonl(path: Path, data: bytes) -> Iterator[Article | Rejected]:
    content, _ = decode(data)
    if not content.strip():
        raise Unreadable("empty file: no JSON lines")
    for line_no, line in enumerate(content.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        ref = f"line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(f"invalid JSON: {exc.msg} (column {exc.colno})", ref, excerpt(line))
            continue
        yield record(obj, path, ref, f"{path.stem}:{line_no}", "jsonl", line)


def read_json(path: Path, data: bytes) -> Iterator[Article | Rejected]:
    content, _ = decode(data)
    if not content.strip():
        raise Unreadable("empty file: no JSON")
    try:
        doc = json.loads(content)
    except json.JSONDecodeError as exc:
        if content.lstrip().startswith("{") and "\n{" in content:  # JSON Lines in a .json file
            yield from read_jsonl(path, data)
            return
        raise Unreadable(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(doc, dict) and first_of(doc, FIELD_NAMES["text"]) is None:
        inner = next((doc[k] for k in doc if str(k).lower() in _LIST_KEYS and isinstance(doc[k], list)), None)
        if inner is not None:
            doc = inner
    if isinstance(doc, dict):
        yield record(doc, path, None, path.stem, "json", content)
        return
    if not isinstance(doc, list):
        raise Unreadable(f"a JSON {type(doc).__name__}, not an article object or a list of them")
    if not doc:
        raise Unreadable("an empty JSON list: no articles")
    for n, obj in enumerate(doc, start=1):
        yield record(obj, path, f"item {n}", f"{path.stem}:{n}", "json", json.dumps(obj, ensure_ascii=False)[:2000])


def record(obj: object, path: Path, ref: str | None, default_id: str, fmt: str, raw: str) -> Article | Rejected:
    """A JSON value -> an :class:`Article`, or :class:`Rejected` with the reason."""
    if not isinstance(obj, dict):
        return Rejected(f"a JSON {type(obj).__name__}, not an object", ref, excerpt(raw))
    text = first_of(obj, FIELD_NAMES["text"])
    if not isinstance(text, str) or not text.strip():
        return Rejected(f"no article text (missing or empty {'/'.join(FIELD_NAMES['text'][:3])})", ref, excerpt(raw))
    ident = first_of(obj, ("id",))
    return Article(
        text=text, external_id=_str(ident) or default_id, record_ref=ref,
        title=_str(first_of(obj, FIELD_NAMES["title"])),
        publisher=_str(first_of(obj, FIELD_NAMES["publisher"])),
        author=_str(first_of(obj, FIELD_NAMES["author"])),
        published=_str(first_of(obj, FIELD_NAMES["published"])),
        url=_str(first_of(obj, FIELD_NAMES["url"])),
        places=_places(obj.get("places")),
        source_format=fmt,
    )


def _places(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v is not None) or None
    return str(value)
