"""Jobs, schedules and sensors."""


import hashlib
from pathlib import Path

import dagster as dg

from dagster_project.defs.resources import NewsInputResource
from dagster_project.readers import discover_files

#: The main job: every asset and check, from the input files to the validated marts.
main_job = dg.define_asset_job(
    "news_etl_main", selection=dg.AssetSelection.all(),
    description="Ingest the input folder, extract facts, load DuckDB, build the dbt marts and validate each stage.",
)

daily_schedule = dg.ScheduleDefinition(
    name="news_etl_daily", job=main_job, cron_schedule="0 6 * * *", execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


@dg.sensor(job=main_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def new_files_sensor(context: dg.SensorEvaluationContext, news_input: NewsInputResource):
    """Request a run of the main job when the input folder's files change.

    The cursor is a fingerprint of every input file's path, size and modification time, so a
    new file (even one copied with an old mtime), an edited file and a deleted file each
    trigger one run (the fingerprint is the run key).
    """
    files = discover_files(news_input.path)
    if not files and context.cursor is None:
        return dg.SkipReason(f"no input files in {news_input.path} yet")
    fingerprint = input_fingerprint(files)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no change in {news_input.path} since the last run")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)


def input_fingerprint(files: list[Path]) -> str:
    """SHA-256 hex of the sorted (path, size, mtime in ns) of ``files``."""
    lines = sorted(f"{p}|{(st := p.stat()).st_size}|{st.st_mtime_ns}" for p in files)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
