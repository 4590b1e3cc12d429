"""Jobs, schedules and sensors."""


import dagster as dg

from dagster_project.defs.resources import NewsInputResource
from dagster_project.extract.ingest import discover_files

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
    """Request a run of the main job when a file under the input folder is new or changed.

    The cursor is the newest modification time (ns) already seen; the run key is that time,
    so one change triggers one run.
    """
    files = discover_files(news_input.path)
    newest = max((p.stat().st_mtime_ns for p in files), default=0)
    seen = int(context.cursor or 0)
    if newest <= seen:
        return dg.SkipReason(f"no new files in {news_input.path} since the last run")
    context.update_cursor(str(newest))
    return dg.RunRequest(run_key=str(newest))
