"""Jobs, schedules and sensors.

- ``news_etl_main`` (the main job, what ``scripts/run.sh`` runs): every asset but the per-batch
  ``lake/batches``; its ``raw_stages`` step extracts every batch that has no output yet, so one
  run does all the missing work and nothing else.
- ``news_etl_batch``: ``lake/batches`` for one partition (input batch); no DuckDB lock, so batch
  runs go in parallel.
- ``news_etl_daily``: the main job every day at 06:00 UTC: it materialises every batch still
  missing (a failed batch run, files that came while the sensor was off) and refreshes the marts.
- ``new_files_sensor``: plans the input folder's batches (``lake.plan_batches``); one batch run per
  new batch (run key ``batch:<key>:<generation>``), then, once every batch has output, one main
  run to refresh the views and marts (run key ``refresh:<state>:<generation>``).
"""


import json
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project import lake
from dagster_project.config import lake_path_for
from dagster_project.defs.assets.raw import LAKE_KEY, input_batches
from dagster_project.defs.resources import NewsInputResource
from dagster_project.readers import discover_files

#: The main job: every asset and check but the per-batch one, from the input files to the validated marts.
main_job = dg.define_asset_job(
    "news_etl_main", selection=dg.AssetSelection.all() - dg.AssetSelection.assets(LAKE_KEY),
    description="Extract the new input batches, point the raw views at the lake, build the dbt marts and "
                "validate each stage.",
)

#: One input batch: ingest and extraction into the lake (Parquet), validated; no DuckDB.
batch_job = dg.define_asset_job(
    "news_etl_batch", selection=dg.AssetSelection.assets(LAKE_KEY),
    description="One input batch (a partition) through ingest and extraction into the lake.",
)

daily_schedule = dg.ScheduleDefinition(
    name="news_etl_daily", job=main_job, cron_schedule="0 6 * * *", execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


@dg.sensor(jobs=[batch_job, main_job], minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def new_files_sensor(context: dg.SensorEvaluationContext, news_input: NewsInputResource, duckdb: DuckDBResource):
    """Plan the input folder's batches; request a run per new batch, then one main run.

    The plan is the lake's ledger (``lake.plan_batches``; the sensor writes the plan files of new
    batches, which the batch runs read). The cursor keeps the state (the set of current batches)
    last seen, the state last refreshed by a main run and a generation that grows with every new
    state. Run keys carry the generation: the daemon never starts the same run key twice, so a
    restart (the cursor and the runs live in ``$DAGSTER_HOME``) neither repeats a batch nor misses
    one, and a batch that comes back (a file deleted, then restored) runs again.
    """
    if not discover_files(news_input.path) and context.cursor is None:
        return dg.SkipReason(f"no input files in {news_input.path} yet")
    cursor = json.loads(context.cursor) if context.cursor else {"state": None, "generation": 0, "refreshed": None}
    lake_dir = lake_path_for(Path(duckdb.database))
    plan = lake.plan_batches(news_input.path, lake_dir)
    lake.save_plans(lake_dir, plan)
    if plan.state != cursor["state"]:
        cursor = {**cursor, "state": plan.state, "generation": cursor["generation"] + 1}
    generation = cursor["generation"]
    requests = [dg.RunRequest(job_name=batch_job.name, partition_key=key, run_key=f"batch:{key}:{generation}")
                for key in plan.todo]
    if not plan.todo and (plan.retired or cursor["refreshed"] != plan.state):
        requests.append(dg.RunRequest(job_name=main_job.name, run_key=f"refresh:{plan.state}:{generation}"))
        cursor["refreshed"] = plan.state
    if not requests:
        return dg.SensorResult(skip_reason=f"no change in {news_input.path} since the last run",
                               cursor=json.dumps(cursor))
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(cursor),
                           dynamic_partitions_requests=[input_batches.build_add_request(plan.todo)] if plan.todo else [])
