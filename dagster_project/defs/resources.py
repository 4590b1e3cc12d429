"""Resources, built from ``config`` (environment variables) in one place."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from dagster_project import config
from dagster_project.project import dbt_executable, dbt_project


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
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(config.DBT_PROJECT_DIR),
                              dbt_executable=dbt_executable()),
    }
