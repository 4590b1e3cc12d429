"""Ingest: files under the input folder -> articles, duplicates and quarantine rows, all counted.

For each file (sorted by path): a file over the size limit (``config.max_file_bytes()``) is
rejected unread; otherwise :func:`detect.detect` picks the reader (``READERS``) and the reader
yields its records (see ``base``). Every string is cleaned (``base.clean_text``: mojibake,
CRLF, zero-width and non-breaking spaces, control characters); text that looks like SQL or markup
is kept verbatim (it is only ever bound as data). A reader that fails part-way keeps the records
it gave and adds one rejected record with the error: the run goes on, nothing crashes it.

Then, in path order, the first article of each text is kept and later ones are *duplicates*: the
same whitespace-normalised text (``article_id``) or the same canonical URL (``urls.url_key``:
tracking parameters, scheme and "www." ignored). Each duplicate is a quarantine row of kind
``duplicate`` that names the article it repeats, so nothing is lost without a count.

The invariant, kept in :class:`IngestResult`: ``records_seen = articles + duplicates + rejected``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from dagster_project import config, schemas
from dagster_project.readers import feed, html, jsonl, sgml, tabular, text
from dagster_project.readers.base import (
    Article, Notice, Rejected, Unreadable, clean_line, clean_text, excerpt,
)
from dagster_project.readers.dates import aware_instant, parse_published
from dagster_project.readers.detect import detect
from dagster_project.readers.urls import canonical_url, url_key

Reader = Callable[[Path, bytes], Iterator[Article | Rejected | Notice]]

#: format name -> reader (``detect`` names the format).
READERS: dict[str, Reader] = {
    "text": text.read,
    "jsonl": jsonl.read_jsonl,
    "json": jsonl.read_json,
    "html": html.read,
    "feed": feed.read,
    "csv": tabular.read_csv,
    "parquet": tabular.read_parquet,
    "sgml": sgml.read,
}

#: ``quarantined_files.kind`` values.
REJECTED, DUPLICATE, NOTICE = "rejected", "duplicate", "notice"


@dataclass(frozen=True)
class IngestResult:
    """What :func:`read_articles` found.

    ``articles`` (``schemas.ARTICLES``); ``quarantine`` (``schemas.QUARANTINE``: rejected records,
    duplicates and notices, told apart by ``kind``); ``records_seen`` (files, lines, rows, items
    and elements read); ``duplicates`` and ``rejected`` (records of those kinds); ``files`` (files
    read) and ``formats`` (files per detected format, "unsupported" included).
    ``records_seen == articles.height + duplicates + rejected`` always.
    """

    articles: pl.DataFrame
    quarantine: pl.DataFrame
    records_seen: int
    duplicates: int
    rejected: int
    files: int = 0
    formats: dict[str, int] = field(default_factory=dict)

    @property
    def accounted(self) -> bool:
        """The invariant: every record seen is an article, a duplicate or rejected."""
        return self.records_seen == self.articles.height + self.duplicates + self.rejected


def article_id_for(text: str) -> str:
    """SHA-256 hex (64 lowercase chars) of ``text`` with whitespace runs collapsed and stripped."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def discover_files(input_dir: Path) -> list[Path]:
    """Every file under ``input_dir`` (recursive), sorted by path; only hidden files and folders
    (name starting with ".") are skipped. Files without a reader are listed too: they are
    quarantined as "unsupported format", never skipped silently.

    Raises:
        FileNotFoundError: ``input_dir`` does not exist or is not a folder.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    return sorted(
        p for p in input_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(input_dir).parts)
    )


def read_file(path: Path) -> tuple[str, list[Article | Rejected | Notice]]:
    """``(format, records)`` of one file: the one interface over every reader (path -> articles,
    rejected records and notices). Never raises for bad input."""
    try:
        size = path.stat().st_size
        limit = config.max_file_bytes()
        if size > limit:
            return "too large", [Rejected(f"file too large: {size / 1048576:.1f} MB, over the limit of "
                                          f"{limit / 1048576:.0f} MB (NEWS_MAX_FILE_MB)")]
        data = path.read_bytes()
    except OSError as exc:
        return "unreadable", [Rejected(f"cannot read file: {exc.strerror or exc}")]
    if not data.strip():
        return "empty", [Rejected("empty file: no article text" if data == b"" else "empty file: only whitespace",
                                  None, "")]
    fmt, what = detect(path, data)
    if fmt is None:
        suffix = path.suffix.lower() or "no extension"
        return "unsupported", [Rejected(f"unsupported format: {suffix} ({what}); readable formats: "
                                        ".txt .md .json .jsonl .html .htm .xml .rss .atom .csv .tsv .parquet .sgm",
                                        None, excerpt(data))]
    records: list[Article | Rejected | Notice] = []
    try:
        for record in READERS[fmt](path, data):
            records.append(record)
    except Unreadable as exc:
        gave = sum(isinstance(r, (Article, Rejected)) for r in records)
        reason = str(exc) if not gave else f"{exc} (the {gave} record(s) before it were read)"
        records.append(Rejected(reason, None, excerpt(data)))
    except Exception as exc:  # a reader's bug or a library's failure on strange input: never crash the run
        records.append(Rejected(f"{fmt} reader failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
                                None, excerpt(data)))
    return fmt, records


def read_articles(files: Iterable[Path], *, now: datetime | None = None) -> IngestResult:
    """Read ``files`` into articles, duplicates and quarantine rows (see the module docstring).

    Args:
        files: paths (any format; see :func:`read_file`).
        now: the ``ingested_at``/``quarantined_at`` timestamp (UTC); default: now.
    """
    now = now or datetime.now(UTC)
    articles: list[dict] = []
    quarantine: list[dict] = []
    formats: Counter[str] = Counter()
    seen = rejected = duplicates = n_files = 0
    by_text: dict[str, dict] = {}
    by_url: dict[str, dict] = {}
    for path in files:
        n_files += 1
        fmt, records = read_file(path)
        formats[fmt] += 1
        for record in records:
            if isinstance(record, Notice):
                quarantine.append(_row(path, record.record_ref, NOTICE, record.reason, record.excerpt))
                continue
            seen += 1
            if isinstance(record, Rejected):
                rejected += 1
                quarantine.append(_row(path, record.record_ref, REJECTED, record.reason, record.excerpt))
                continue
            row, problem = _article_row(path, record)
            if problem:
                rejected += 1
                quarantine.append(_row(path, record.record_ref, REJECTED, problem, excerpt(record.text)))
                continue
            key = url_key(row["url"])
            first = by_text.get(row["article_id"]) or (by_url.get(key) if key else None)
            if first is not None:
                duplicates += 1
                same = "same text" if first["article_id"] == row["article_id"] else "same canonical URL"
                quarantine.append(_row(path, record.record_ref, DUPLICATE,
                                       f"duplicate ({same}) of article {first['external_id']} "
                                       f"from {first['source_path']}", excerpt(record.text)))
                continue
            by_text[row["article_id"]] = row
            if key:
                by_url[key] = row
            articles.append(row)
    frame = _articles_frame(articles, now)
    quarantine.extend(_unusable_dates(frame, [r["published"] for r in articles]))
    return IngestResult(frame, _quarantine_frame(quarantine, now), seen, duplicates, rejected, n_files, dict(formats))


def _article_row(path: Path, a: Article) -> tuple[dict, str | None]:
    body = clean_text(a.text)
    if not body.strip():
        return {}, "no article text (only whitespace or invisible characters)"
    if len(body) > config.MAX_ARTICLE_CHARS:
        return {}, f"article too long: {len(body):,} characters, over the limit of {config.MAX_ARTICLE_CHARS:,}"
    published = clean_line(a.published)
    return {
        "article_id": article_id_for(body),
        "external_id": clean_line(a.external_id) or path.stem,
        "source_path": str(path) if a.record_ref is None else f"{path}#{a.record_ref}",
        "title": clean_line(a.title),
        "publisher": clean_line(a.publisher),
        "published": published,
        "text": body,
        "author": clean_line(a.author),
        "url": canonical_url(clean_line(a.url)),
        "published_at": a.published_at or aware_instant(published),
        "places": [p for p in (clean_line(x) for x in a.places) if p] if a.places else None,
        "source_format": a.source_format,
    }, None


def _row(path: Path, ref: str | None, kind: str, reason: str, raw: str) -> dict:
    return {"source_path": str(path), "record_ref": ref, "kind": kind, "reason": reason, "raw_excerpt": excerpt(raw)}


def _sha256_series(s: pl.Series) -> pl.Series:
    return pl.Series([hashlib.sha256(v.encode("utf-8")).hexdigest() for v in s], dtype=pl.String)


def _articles_frame(rows: list[dict], now: datetime) -> pl.DataFrame:
    raw = pl.DataFrame(rows, schema={
        "article_id": pl.String, "external_id": pl.String, "source_path": pl.String, "title": pl.String,
        "publisher": pl.String, "published": pl.String, "text": pl.String, "author": pl.String, "url": pl.String,
        "published_at": schemas.UTC_TS, "places": pl.List(pl.String), "source_format": pl.String,
    })
    return schemas.conform(
        raw.with_columns(
            parse_published(pl.col("published")).alias("published_date"),
            pl.lit(now).cast(schemas.UTC_TS).alias("ingested_at"),
        ),
        schemas.ARTICLES,
    )


def _unusable_dates(articles: pl.DataFrame, published: list[str | None]) -> list[dict]:
    """Notices (article kept) for each non-empty ``published`` that gave no date."""
    out = []
    for source_path, value, parsed in zip(articles["source_path"], published, articles["published_date"]):
        if value is None or parsed is not None:
            continue
        path, _, ref = source_path.partition("#")
        out.append({"source_path": path, "record_ref": ref or None, "kind": NOTICE, "raw_excerpt": value[:500],
                    "reason": f"published {value!r} is not a date between 1900 and 2100: "
                              "the article is kept without a published_date"})
    return out


def _quarantine_frame(rows: list[dict], now: datetime) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"source_path": pl.String, "record_ref": pl.String, "kind": pl.String,
                                       "reason": pl.String, "raw_excerpt": pl.String})
    key = pl.concat_str([pl.col("source_path"), pl.col("record_ref").fill_null(""), pl.col("reason")], separator="|")
    # the same problem twice in one place (rare) gets its occurrence number, so the id stays unique
    nth = pl.int_range(pl.len()).over(key)
    return schemas.conform(
        frame.with_columns(
            pl.when(nth == 0).then(key).otherwise(pl.concat_str([key, nth.cast(pl.String)], separator="|"))
            .map_batches(_sha256_series, return_dtype=pl.String).alias("quarantine_id"),
            pl.lit(now).cast(schemas.UTC_TS).alias("quarantined_at"),
        ),
        schemas.QUARANTINE,
    )


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
