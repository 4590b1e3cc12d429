"""One place for the project's settings: paths, environment variables, names.

Environment variables (all optional):

- ``NEWS_INPUT_DIR``: folder scanned for articles (default ``<repo>/seeds``).
- ``NEWS_WAREHOUSE``: DuckDB file written by the pipeline (default ``<repo>/warehouse/news.duckdb``).
- ``NEWS_VALIDATION_DIR``: where Great Expectations results and Data Docs go
  (default ``<repo>/warehouse/validation``).
- ``NEWS_MAX_FILE_MB``: input files larger than this are quarantined unread (default 50).
- ``NEWS_BATCH_FILES`` / ``NEWS_BATCH_MB``: bounds of one input batch (a Dagster partition):
  at most this many files (default 500) and this many megabytes (default 16); a larger file is a
  batch of its own.
- ``NEWS_WORKERS``: processes that extract input batches at once in a run (default: the CPUs).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DBT_SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"

#: DuckDB schema that the Python stages write and dbt reads as the ``raw`` source.
RAW_SCHEMA = "raw"
#: Dagster concurrency pool shared by every step that opens the warehouse (DuckDB has one writer).
WAREHOUSE_POOL = "duckdb_warehouse"
#: File suffixes of each input format (``dagster_project.readers``); files are also recognised by
#: their content (Parquet magic bytes, ``<REUTERS>`` elements, an ``<rss>``/``<feed>`` root, an HTML root).
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
SGML_SUFFIXES = (".sgm", ".sgml")

#: Default size limit of one input file; larger files are quarantined without being read.
DEFAULT_MAX_FILE_MB = 50
#: Articles with more characters than this are quarantined (a whole book or a dump in one field).
MAX_ARTICLE_CHARS = 1_000_000
#: An HTML page whose main text (after boilerplate removal) is shorter than this has no article body.
HTML_MIN_BODY_CHARS = 150
#: Query parameters dropped from URLs before comparing them (tracking, not content). Names ending
#: in ``*`` are prefixes.
TRACKING_PARAMS = ("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
                   "igshid", "_ga", "_gl", "ocid", "cmpid", "feedtype", "feedname", "smid")


def _path_from_env(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def input_dir() -> Path:
    """Folder of input articles: ``$NEWS_INPUT_DIR`` or ``<repo>/seeds``."""
    return _path_from_env("NEWS_INPUT_DIR", REPO_ROOT / "seeds")


def warehouse_path() -> Path:
    """DuckDB warehouse file: ``$NEWS_WAREHOUSE`` or ``<repo>/warehouse/news.duckdb``."""
    return _path_from_env("NEWS_WAREHOUSE", REPO_ROOT / "warehouse" / "news.duckdb")


def analytics_path_for(warehouse: Path) -> Path:
    """The analysts' read-only copy of ``warehouse``: ``<stem>_analytics.duckdb`` beside it."""
    return warehouse.with_name(f"{warehouse.stem}_analytics{warehouse.suffix}")


def lake_path_for(warehouse: Path) -> Path:
    """Folder of the per-batch Parquet output of the raw stages: ``<stem>_lake/`` beside ``warehouse``
    (``warehouse/news_lake/`` by default); see ``dagster_project.lake``."""
    return warehouse.with_name(f"{warehouse.stem}_lake")


#: Default bounds of one input batch (see ``batch_limits``).
DEFAULT_BATCH_FILES = 500
DEFAULT_BATCH_MB = 16


def batch_limits() -> tuple[int, int]:
    """(files, bytes) bounds of one input batch: ``$NEWS_BATCH_FILES`` (default 500) and
    ``$NEWS_BATCH_MB`` (default 16) megabytes. A file larger than the byte bound is a batch alone."""
    files = int(os.environ.get("NEWS_BATCH_FILES") or DEFAULT_BATCH_FILES)
    mb = float(os.environ.get("NEWS_BATCH_MB") or DEFAULT_BATCH_MB)
    return max(files, 1), max(int(mb * 1024 * 1024), 1)


def extract_workers() -> int:
    """Processes that extract input batches at once in a run: ``$NEWS_WORKERS`` (default: the CPUs)."""
    return max(int(os.environ.get("NEWS_WORKERS") or os.cpu_count() or 1), 1)


def max_file_bytes() -> int:
    """Size limit of one input file in bytes: ``$NEWS_MAX_FILE_MB`` (default 50) megabytes."""
    return int(float(os.environ.get("NEWS_MAX_FILE_MB") or DEFAULT_MAX_FILE_MB) * 1024 * 1024)


def validation_dir() -> Path:
    """Folder for GX validation results and Data Docs: ``$NEWS_VALIDATION_DIR`` or ``<repo>/warehouse/validation``."""
    return _path_from_env("NEWS_VALIDATION_DIR", REPO_ROOT / "warehouse" / "validation")
