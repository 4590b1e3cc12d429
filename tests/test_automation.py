"""The new-file sensor across a daemon restart: no batch runs twice, none is skipped.

``dagster-daemon`` evaluates the sensor each minute, keeps its cursor in the instance
(``$DAGSTER_HOME``) and launches a run per ``RunRequest`` unless a run with the same ``run_key``
already exists for the sensor. A restart is a new daemon process on the same instance: it starts
from the stored cursor and the stored runs. ``daemon_tick`` below does what one daemon tick does
with those two, on a real (on-disk) instance, so the test can stop and start it in between.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.defs.jobs import new_files_sensor
from dagster_project.defs.resources import NewsInputResource

RUN_KEY_TAG = "dagster/run_key"
SENSOR_NAME_TAG = "dagster/sensor_name"


def daemon_tick(home: Path, input_dir: Path, cursor: str | None) -> tuple[list[str], str | None]:
    """One sensor tick as the daemon runs it, in a fresh process' worth of state (a new instance
    object on ``home``): evaluate with the stored ``cursor``, launch the requests whose run key has
    no run yet, return (run keys launched, cursor to store)."""
    resources = {"news_input": NewsInputResource(input_dir=str(input_dir)),
                 "duckdb": DuckDBResource(database=str(home.parent / "w.duckdb"))}
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            data = new_files_sensor(context)
        if isinstance(data, dg.SkipReason):
            return [], cursor
        for add in data.dynamic_partitions_requests or []:  # the daemon adds partitions first
            instance.add_dynamic_partitions(add.partitions_def_name, list(add.partition_keys))
        launched = []
        for request in data.run_requests or []:
            existing = instance.get_runs(filters=dg.RunsFilter(tags={RUN_KEY_TAG: request.run_key,
                                                                    SENSOR_NAME_TAG: new_files_sensor.name}))
            if existing:
                continue  # the daemon skips a run key it already launched
            instance.add_run(dg.DagsterRun(job_name=request.job_name, run_id=str(uuid.uuid4()),
                                           tags={RUN_KEY_TAG: request.run_key, SENSOR_NAME_TAG: new_files_sensor.name}))
            launched.append(request.run_key)
        return launched, data.cursor if data.cursor is not None else cursor


def _batch_done(home: Path, run_key: str) -> None:
    """What the batch run of ``run_key`` leaves: the batch's done marker in the lake."""
    key = run_key.split(":")[1]
    done = home.parent / "w_lake" / "_done"
    done.mkdir(parents=True, exist_ok=True)
    (done / f"{key}.json").write_text("{}")


def test_daemon_restart_neither_reruns_nor_skips_a_batch(tmp_path):
    home, inbox = tmp_path / "dagster_home", tmp_path / "inbox"
    home.mkdir()
    inbox.mkdir()

    # first batch: one batch run
    (inbox / "a.txt").write_text("Japan cut tariffs on rice.")
    launched, cursor = daemon_tick(home, inbox, None)
    assert len(launched) == 1 and launched[0].startswith("batch:")

    # restart with the stored cursor while the batch runs: its run key has a run, nothing more
    assert daemon_tick(home, inbox, cursor)[0] == []
    _batch_done(home, launched[0])
    # the batch is in the lake: one main run refreshes the views and marts
    launched, cursor = daemon_tick(home, inbox, cursor)
    assert len(launched) == 1 and launched[0].startswith("refresh:")

    # restart with the stored cursor: nothing new, no run
    assert daemon_tick(home, inbox, cursor)[0] == []

    # restart where the daemon died after launching but before storing the cursor: the same
    # requests come again, and their run keys already have runs, so nothing runs twice
    assert daemon_tick(home, inbox, None)[0] == []

    # files that arrive while the daemon is down are picked up by the first tick after the
    # restart, including a file copied in with an old modification time: one new batch
    (inbox / "b.txt").write_text("Seoul lowered tariffs on cars.")
    old = inbox / "c.txt"
    old.write_text("Brazil paused steel duties.")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    launched, cursor = daemon_tick(home, inbox, cursor)
    assert len(launched) == 1 and launched[0].startswith("batch:")
    _batch_done(home, launched[0])
    launched, cursor = daemon_tick(home, inbox, cursor)
    assert len(launched) == 1 and launched[0].startswith("refresh:")

    # and again after another restart: nothing more
    assert daemon_tick(home, inbox, cursor)[0] == []
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        assert len(instance.get_runs()) == 4
