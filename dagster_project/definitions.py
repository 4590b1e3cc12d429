"""The Dagster ``Definitions`` of news-etl: this module only gathers."""

from __future__ import annotations

import dagster as dg

from dagster_project.defs.assets.dbt import dbt_models, dbt_seeds
from dagster_project.defs.assets.publish import analytics_warehouse
from dagster_project.defs.assets.raw import lake_batches, raw_stages
from dagster_project.defs.checks import GX_CHECKS, INGEST_CHECKS
from dagster_project.defs.executor import warehouse_executor
from dagster_project.defs.jobs import batch_job, daily_schedule, main_job, new_files_sensor
from dagster_project.defs.resources import build_resources

#: Every asset, in pipeline order.
ALL_ASSETS = [dbt_seeds, lake_batches, raw_stages, dbt_models, analytics_warehouse]


def build_definitions(resources: dict | None = None, assets: list | None = None) -> dg.Definitions:
    """The project's Definitions.

    ``resources`` defaults to ``build_resources()`` (from the environment); ``assets`` to
    :data:`ALL_ASSETS` (tests swap in variants).
    """
    return dg.Definitions(
        assets=assets or ALL_ASSETS,
        asset_checks=[*GX_CHECKS, *INGEST_CHECKS],
        jobs=[main_job, batch_job],
        schedules=[daily_schedule],
        sensors=[new_files_sensor],
        resources=resources or build_resources(),
        # One process runs the steps one after another (DuckDB allows a single writer), after
        # freeing the pool slots of runs that died (defs/executor.py).
        executor=warehouse_executor,
    )


defs = build_definitions()
