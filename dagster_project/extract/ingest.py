"""Ingest stage: files under the input folder -> one row per article, plus a quarantine.

Readers (one per input format, chosen by suffix):

- ``.txt`` / ``.md``: one article per file; ``external_id`` = file stem; ``title`` = the first
  Markdown ``# heading`` of a ``.md`` file, else null.
- ``.jsonl``: one article per line with ``id``, ``title``, ``published``, ``publisher``,
  ``url``, ``text`` (the shape of ``shared/corpus/articles.jsonl``).

Nothing is dropped silently: a file or line that cannot be read becomes a quarantine row
(``schemas.QUARANTINE``) with its reason, and the run goes on. ``article_id`` is the SHA-256
hex digest of the whitespace-normalised text (runs of whitespace -> one space, stripped), so
the same text twice is one article (the first by path/line order is kept).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from dagster_project import schemas
from dagster_project.config import JSONL_SUFFIXES, TEXT_SUFFIXES

_EXCERPT_CHARS = 500


@dataclass(frozen=True)
class IngestResult:
    """What :func:`read_articles` found: ``articles`` (``schemas.ARTICLES``), ``quarantine``
    (``schemas.QUARANTINE``), and ``duplicates`` (Int: records whose text was already seen)."""

    articles: pl.DataFrame
    quarantine: pl.DataFrame
    duplicates: int


def article_id_for(text: str) -> str:
    """SHA-256 hex (64 lowercase chars) of ``text`` with whitespace runs collapsed and stripped."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def discover_files(input_dir: Path) -> list[Path]:
    """Every readable input file under ``input_dir`` (recursive), sorted by path.

    Hidden files and folders (name starting with ".") are skipped.

    Raises:
        FileNotFoundError: ``input_dir`` does not exist or is not a folder.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    return sorted(
        p
        for p in input_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in suffixes
        and not any(part.startswith(".") for part in p.relative_to(input_dir).parts)
    )


def read_articles(files: Iterable[Path], *, now: datetime | None = None) -> IngestResult:
    """Read ``files`` into articles and quarantine rows.

    Args:
        files: paths with a suffix in ``config.TEXT_SUFFIXES`` or ``config.JSONL_SUFFIXES``.
        now: the ``ingested_at``/``quarantined_at`` timestamp (UTC); default: now.

    Returns:
        :class:`IngestResult`. ``published_date`` comes from the JSONL ``published`` (see
        :func:`parse_published`); a value that gives no date is kept as a quarantine row with the
        reason, and the article is kept without a date.
    """
    now = now or datetime.now(UTC)
    good: list[dict] = []
    bad: list[dict] = []
    for path in files:
        for record in _records(path):
            (bad if "reason" in record else good).append(record)
    articles = _articles_frame(good, now)
    deduped = articles.unique("article_id", keep="first", maintain_order=True)
    bad.extend(_unusable_dates(good, articles))
    quarantine = schemas.conform(
        pl.DataFrame(bad, schema={"source_path": pl.String, "record_ref": pl.String, "reason": pl.String, "raw_excerpt": pl.String})
        .with_columns(
            pl.concat_str(
                [pl.col("source_path"), pl.col("record_ref").fill_null(""), pl.col("reason")], separator="|"
            )
            .map_batches(_sha256_series, return_dtype=pl.String)
            .alias("quarantine_id"),
            pl.lit(now).cast(schemas.UTC_TS).alias("quarantined_at"),
        ),
        schemas.QUARANTINE,
    )
    return IngestResult(deduped, quarantine, articles.height - deduped.height)


def _sha256_series(s: pl.Series) -> pl.Series:
    return pl.Series([hashlib.sha256(v.encode("utf-8")).hexdigest() for v in s], dtype=pl.String)


def _articles_frame(records: list[dict], now: datetime) -> pl.DataFrame:
    raw = pl.DataFrame(
        records,
        schema={
            "external_id": pl.String,
            "source_path": pl.String,
            "title": pl.String,
            "publisher": pl.String,
            "published": pl.String,
            "text": pl.String,
        },
    )
    return schemas.conform(
        raw.with_columns(
            pl.col("text").map_batches(_article_ids, return_dtype=pl.String).alias("article_id"),
            parse_published(pl.col("published")).alias("published_date"),
            pl.lit(now).cast(schemas.UTC_TS).alias("ingested_at"),
        ),
        schemas.ARTICLES,
    )


#: Publication dates outside this range are taken as errors (a mistyped year).
PUBLISHED_RANGE = (date(1900, 1, 1), date(2100, 12, 31))
_ISO_DATE = r"^\s*\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"


def parse_published(published: pl.Expr) -> pl.Expr:
    """A String expression of publication dates -> Date (null when unusable).

    ISO 8601 dates and timestamps ("2025-05-09", "1987-03-27T10:49:39", "...-05:00") are read
    by Polars (the date as written, no time-zone shift); other forms ("March 3, 2025",
    "Mon, 03 Mar 2025 10:00:00 GMT") by ``dateparser``, once per distinct value. Dates outside
    :data:`PUBLISHED_RANGE` are null.
    """
    iso = pl.when(published.str.contains(_ISO_DATE)).then(
        published.str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    )
    other = pl.when(iso.is_null() & published.is_not_null()).then(published).map_batches(
        _dateparser_dates, return_dtype=pl.Date
    )
    parsed = pl.coalesce(iso, other)
    low, high = PUBLISHED_RANGE
    return pl.when(parsed.is_between(pl.lit(low), pl.lit(high))).then(parsed)


def _dateparser_dates(values: pl.Series) -> pl.Series:
    """dateparser on the distinct non-null values only (it is slow per call), joined back."""
    distinct = values.drop_nulls().unique()
    if distinct.is_empty():
        return pl.Series(values.name, [None] * len(values), dtype=pl.Date)
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month", "day"]}
    parsed = {v: dateparser.parse(v, languages=["en"], settings=settings) for v in distinct}
    lookup = pl.DataFrame({"value": list(parsed), "date": [d.date() if d else None for d in parsed.values()]},
                          schema={"value": pl.String, "date": pl.Date})
    return values.to_frame("value").join(lookup, on="value", how="left", maintain_order="left")["date"]


def _unusable_dates(records: list[dict], articles: pl.DataFrame) -> list[dict]:
    """Quarantine rows (article kept) for each non-empty ``published`` that gave no date."""
    out = []
    for record, parsed in zip(records, articles["published_date"]):
        value = record.get("published")
        if value and value.strip() and parsed is None:
            path, _, ref = record["source_path"].partition("#")
            out.append({"source_path": path, "record_ref": ref or None, "raw_excerpt": value[:_EXCERPT_CHARS],
                        "reason": f"published {value!r} is not a date between 1900 and 2100: "
                                  "the article is kept without a published_date"})
    return out


def _article_ids(texts: pl.Series) -> pl.Series:
    return pl.Series([article_id_for(t) for t in texts], dtype=pl.String)


def _records(path: Path) -> Iterator[dict]:
    """Yield article records (dicts) or quarantine records (dicts with ``reason``) of one file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _bad(path, None, f"cannot read file: {exc.strerror or exc}", "")
        return
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield _bad(path, None, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
                   data[:_EXCERPT_CHARS].decode("utf-8", "replace"))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_records(path, content)
    else:
        yield _text_record(path, content)


def _text_record(path: Path, content: str) -> dict:
    if not content.strip():
        return _bad(path, None, "empty file: no article text", content)
    title = None
    if path.suffix.lower() == ".md":
        title = next((ln.lstrip("#").strip() for ln in content.splitlines() if ln.startswith("# ")), None)
    return {"external_id": path.stem, "source_path": str(path), "title": title, "publisher": None,
            "published": None, "text": content}


def _jsonl_records(path: Path, content: str) -> Iterator[dict]:
    # JSON Lines are separated by "\n" only: str.splitlines() would also split on U+2028/U+2029,
    # which json.dumps(ensure_ascii=False) leaves unescaped inside strings.
    for line_no, line in enumerate(content.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        ref = f"line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _bad(path, ref, f"invalid JSON: {exc.msg} (column {exc.colno})", line)
            continue
        if not isinstance(obj, dict):
            yield _bad(path, ref, f"a JSON {type(obj).__name__}, not an object", line)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield _bad(path, ref, "no article text (missing or empty 'text')", line)
            continue
        yield {
            "external_id": _str_or_none(obj.get("id")) or f"{path.stem}:{line_no}",
            "source_path": f"{path}#{ref}",
            "title": _str_or_none(obj.get("title")),
            "publisher": _str_or_none(obj.get("publisher")),
            "published": _str_or_none(obj.get("published")),
            "text": text,
        }


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _bad(path: Path, ref: str | None, reason: str, excerpt: str) -> dict:
    return {"source_path": str(path), "record_ref": ref, "reason": reason, "raw_excerpt": excerpt[:_EXCERPT_CHARS]}


def keep_first_seen(current: pl.DataFrame, previous: pl.DataFrame | None, *, key: str, column: str) -> pl.DataFrame:
    """``current`` with ``column`` (a timestamp) taken from ``previous`` for keys seen before.

    Lets a re-run over the same input keep each article's first ``ingested_at`` (and each
    quarantine row's first ``quarantined_at``), so nothing changes when nothing is new.
    ``previous`` has at least ``key`` and ``column``; None means no earlier run.
    """
    if previous is None or previous.is_empty():
        return current
    earlier = previous.select(key, pl.col(column).cast(current.schema[column]).alias("__earlier"))
    return (
        current.join(earlier, on=key, how="left", maintain_order="left")
        .with_columns(pl.coalesce("__earlier", column).alias(column))
        .drop("__earlier")
    )
