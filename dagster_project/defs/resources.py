"""Resources, built from ``config`` (environment variables) in one place."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from packaging import version

from dagster_project import config
from dagster_project.project import dbt_executable, dbt_project


class NewsDbtCliResource(DbtCliResource):
    """dagster-dbt's :class:`DbtCliResource` without two start-up costs of every ``cli()`` call.

    - The dbt version comes from the installed dbt-core package (``dbt.version``, already imported
      by dagster-dbt) instead of a ``dbt --version`` subprocess (about 2 s each).
    - No dbt adapter handle is opened in this process (dbt's project, profile and adapter loaded
      again: about 2 s each): dagster-dbt needs it only for ``fetch_row_counts()`` and
      ``fetch_column_metadata()``, which the project does not call (``defs/assets/dbt.py`` reads
      row counts and previews itself, once dbt has closed the warehouse).

    Both are private hooks of dagster-dbt 0.29.x (``uv.lock``); on another version this class
    must be checked again (``tests/test_incremental.py`` runs the dbt steps through it).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        from dbt.version import __version__

        return version.parse(__version__)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


class NewsInputResource(dg.ConfigurableResource):
    """The folder the ingest stage scans for articles (every format of ``dagster_project.readers``)."""

    input_dir: str

    @property
    def path(self) -> Path:
        return Path(self.input_dir).expanduser().resolve()


def build_resources(
    *, input_dir: Path | None = None, warehouse: Path | str | None = None
) -> dict[str, dg.ConfigurableResource]:
    """The resource set: ``news_input``, ``duckdb`` (the warehouse) and ``dbt``.

    Defaults come from ``$NEWS_INPUT_DIR`` and ``$NEWS_WAREHOUSE`` (see ``config``). The warehouse
    is a DuckDB file or a MotherDuck database (``md:<name>``, :func:`config.warehouse_target`):
    dagster-duckdb connects to that string, and the dbt step hands the same string to dbt's profile
    (``NEWS_WAREHOUSE``), so both write the same database. A file's folder is created when
    missing (DuckDB creates the file, not its folder).
    """
    target = str(warehouse or config.warehouse_target())
    config.make_warehouse_folder(target)
    return {
        "news_input": NewsInputResource(input_dir=str(input_dir or config.input_dir())),
        "duckdb": DuckDBResource(database=target),
        "dbt": NewsDbtCliResource(project_dir=dbt_project, profiles_dir=str(config.DBT_PROJECT_DIR),
                              dbt_executable=dbt_executable()),
    }
