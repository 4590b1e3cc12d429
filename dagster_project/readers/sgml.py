"""Reuters-21578 SGML (``.sgm``, or any file that opens with ``<REUTERS``): one article per
``<REUTERS>`` element.

The SGML is not XML (bare ``&``, control-character references such as ``&#5;``), so elements are
found with patterns. ``text`` = the DATELINE ("London, March 27 -") and the BODY, entities decoded
and control characters dropped, the end-of-text mark removed, as in the team's corpus; ``title`` =
TITLE; ``published`` = DATE as ISO ("27-MAR-1987 10:49:39.83" -> "1987-03-27T10:49:39"; the wire
gives no time zone, so ``published_at`` stays null); ``places`` = the PLACES codes ("usa",
"west-germany"); ``external_id`` = ``reut-<NEWID>``; ``publisher`` = "Reuters". An element
without a BODY (TYPE="BRIEF" headlines, TYPE="UNPROC") uses its unprocessed TEXT, or is rejected
when it has no text at all. A file with no ``<REUTERS>`` element is rejected whole.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from dagster_project.readers.base import Article, Rejected, Unreadable, excerpt
from dagster_project.readers.decode import decode

_ELEMENT = re.compile(r"<REUTERS\b([^>]*)>(.*?)(?:</REUTERS>|(?=<REUTERS\b)|\Z)", re.S | re.I)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CONTROL_REF = re.compile(r"&#(?:[0-8]|1[1-9]|2\d|3[01]|127);")


def _tag(body: str, name: str) -> str | None:
    match = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", body, re.S | re.I)
    return match.group(1) if match else None


def _unescape(value: str) -> str:
    return html.unescape(_CONTROL_REF.sub("", value))


def _date(raw: str | None) -> str | None:
    if not raw:
        return None
    match = re.search(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2}):(\d{2}))?", raw)
    if not match:
        return _unescape(raw).strip() or None
    day, month, year, hh, mm, ss = match.groups()
    try:
        stamp = datetime.strptime(f"{day}-{month.title()}-{year} {hh or 0}:{mm or 0}:{ss or 0}", "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return _unescape(raw).strip() or None
    return stamp.isoformat() if hh else stamp.date().isoformat()


def read(path: Path, data: bytes) -> Iterator[Article | Rejected]:
    content, _ = decode(data)
    elements = list(_ELEMENT.finditer(content))
    if not elements:
        raise Unreadable("no <REUTERS> element: not Reuters-21578 SGML" if content.strip() else "empty file")
    for n, element in enumerate(elements, start=1):
        attrs = dict(_ATTR.findall(element.group(1)))
        newid = attrs.get("NEWID")
        ref = f"NEWID {newid}" if newid else f"element {n}"
        inner = element.group(2)
        body = _tag(inner, "BODY")
        if body is None:
            text_el = _tag(inner, "TEXT") or ""
            body = re.sub(r"<(TITLE|DATELINE|AUTHOR)\b.*?</\1>", "", text_el, flags=re.S | re.I)
        body = _unescape(body).rstrip()
        if not re.search(r"\w", body):  # empty, or only the "******" of a brief
            yield Rejected("Reuters element without text (no BODY: a headline-only brief)", ref,
                           excerpt(_unescape(_tag(inner, "TITLE") or inner)))
            continue
        dateline = _unescape(_tag(inner, "DATELINE") or "").strip()
        places_el = _tag(inner, "PLACES") or ""
        places = [p.strip() for p in re.findall(r"<D>(.*?)</D>", places_el, re.S) if p.strip()]
        title = _tag(inner, "TITLE")
        yield Article(
            text=f"{dateline} {body}" if dateline else body,
            external_id=f"reut-{newid}" if newid else f"{path.stem}:{n}", record_ref=ref,
            title=_unescape(title) if title else None, publisher="Reuters",
            author=" ".join(_unescape(_tag(inner, "AUTHOR") or "").split()).removeprefix("By ").strip() or None,
            published=_date(_tag(inner, "DATE")), places=places or None, source_format="sgml",
        )
