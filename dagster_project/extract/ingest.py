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
from datetime import UTC, datetime
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
        :class:`IngestResult`. ``published_date`` is the date part of the JSONL ``published``
        (ISO 8601), null when absent or unparseable.
    """
    now = now or datetime.now(UTC)
    good: list[dict] = []
    bad: list[dict] = []
    for path in files:
        for record in _records(path):
            (bad if "reason" in record else good).append(record)
    articles = _articles_frame(good, now)
    deduped = articles.unique("article_id", keep="first", maintain_order=True)
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
            pl.col("published").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).alias("published_date"),
            pl.lit(now).cast(schemas.UTC_TS).alias("ingested_at"),
        ),
        schemas.ARTICLES,
    )


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
    for line_no, line in enumerate(content.splitlines(), start=1):
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
