"""CSV (``.csv``/``.tsv``) and Parquet (``.parquet``) dumps: one article per row.

Columns are found by their usual names, case-insensitively (``base.FIELD_NAMES``): the text in
``text``/``body``/``content``/..., the title in ``title``/``headline``, the date in
``date``/``published``, the link in ``url``/``link``, plus publisher, author and id. A file without
a text column is rejected whole; a row without text, or (CSV) with more or fewer fields than the
header, is rejected with its row number. CSV fields may hold whole articles over many lines
(quoted, as the ``csv`` module writes them); the delimiter is sniffed (``,`` ``;`` tab ``|``).
Web scrapes often glue the page's inline JavaScript to the article's end
(``... var addthis_config = {...};``): a trailing ``var|let|const name = {...};`` statement is cut
from the text and reported as a notice.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from dagster_project.config import MAX_ARTICLE_CHARS
from dagster_project.readers.base import FIELD_NAMES, Article, Notice, Rejected, Unreadable, excerpt, first_of
from dagster_project.readers.decode import decode

_TRAILING_JS = re.compile(r"\s*(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=\s*[\[{][^\n]*[\]}]\s*;\s*\Z")


def _text_column(columns: list[str]) -> str | None:
    lowered = {c.strip().lower(): c for c in columns if c is not None}
    return next((lowered[n] for n in FIELD_NAMES["text"] if n in lowered), None)


def _no_text_column(columns: list[str]) -> Unreadable:
    return Unreadable(f"no text column: none of {', '.join(FIELD_NAMES['text'][:4])}, ... among the columns "
                      f"{[c for c in columns][:20]}")


def _row_records(rows: Iterator[tuple[int | None, dict]], path: Path, fmt: str) -> Iterator[Article | Rejected | Notice]:
    cuts: list[str] = []
    for n, row in rows:
        if n is None:  # a row that is already a rejection
            yield row["__rejected__"]
            continue
        ref = f"row {n}"
        text = first_of(row, FIELD_NAMES["text"])
        if text is None or not str(text).strip():
            yield Rejected("row without article text (empty text column)", ref, excerpt(repr(row)))
            continue
        text = str(text)
        cut = _TRAILING_JS.search(text)
        if cut and cut.start() > 0:
            cuts.append(text[cut.start():].strip())
            text = text[: cut.start()]
        ident = first_of(row, FIELD_NAMES["id"])
        yield Article(
            text=text, external_id=str(ident) if ident is not None else f"{path.stem}:{n}", record_ref=ref,
            title=_str(first_of(row, FIELD_NAMES["title"])),
            publisher=_str(first_of(row, FIELD_NAMES["publisher"])),
            author=_str(first_of(row, FIELD_NAMES["author"])),
            published=_str(first_of(row, FIELD_NAMES["published"])),
            url=_str(first_of(row, FIELD_NAMES["url"])),
            source_format=fmt,
        )
    if cuts:
        yield Notice(f"trailing inline JavaScript cut from the text of {len(cuts)} row(s), e.g. {cuts[0][:120]!r}")


def read_csv(path: Path, data: bytes) -> Iterator[Article | Rejected | Notice]:
    content, _ = decode(data)
    if not content.strip():
        raise Unreadable("empty file: no CSV rows")
    sample = content[:65536]
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_CHARS * 4))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise Unreadable(f"invalid CSV header: {exc}") from exc
    if _text_column(header) is None:
        raise _no_text_column(header)
    width = len(header)

    def rows() -> Iterator[tuple[int, dict]]:
        n = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise Unreadable(f"invalid CSV after row {n} (line {reader.line_num}): {exc}") from exc
            if not any(v.strip() for v in values):
                continue
            n += 1
            if len(values) != width:
                yield None, {"__rejected__": Rejected(f"row has {len(values)} fields, the header has {width}",
                                                      f"row {n}", excerpt(delimiter.join(values)))}
                continue
            yield n, dict(zip(header, values))

    yield from _row_records(rows(), path, "csv")
    if reader.line_num <= 1:
        raise Unreadable("a CSV header without rows")


def read_parquet(path: Path, data: bytes) -> Iterator[Article | Rejected | Notice]:
    import polars as pl

    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:  # polars raises several error types for broken files
        raise Unreadable(f"not a readable Parquet file: {' '.join(str(exc).split())[:300]}") from exc
    if _text_column(frame.columns) is None:
        raise _no_text_column(frame.columns)
    if frame.is_empty():
        raise Unreadable("a Parquet file without rows")
    strings = frame.select(pl.all().cast(pl.String, strict=False))
    yield from _row_records(enumerate(strings.iter_rows(named=True), start=1), path, "parquet")


def _str(value: object) -> str | None:
    return None if value is None else str(value)
