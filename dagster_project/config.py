"""One place for the project's settings: paths, environment variables, names.

Environment variables (all optional):

- ``NEWS_INPUT_DIR``: folder scanned for articles (default ``<repo>/seeds``).
- ``NEWS_WAREHOUSE``: DuckDB file written by the pipeline (default ``<repo>/warehouse/news.duckdb``).
- ``NEWS_VALIDATION_DIR``: where Great Expectations results and Data Docs go
  (default ``<repo>/warehouse/validation``).
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
#: File suffixes read by the ingest stage.
TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)


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


def validation_dir() -> Path:
    """Folder for GX validation results and Data Docs: ``$NEWS_VALIDATION_DIR`` or ``<repo>/warehouse/validation``."""
    return _path_from_env("NEWS_VALIDATION_DIR", REPO_ROOT / "warehouse" / "validation")
