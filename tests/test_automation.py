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

from dagster_project.defs.jobs import new_files_sensor
from dagster_project.defs.resources import NewsInputResource

RUN_KEY_TAG = "dagster/run_key"
SENSOR_NAME_TAG = "dagster/sensor_name"


def daemon_tick(home: Path, input_dir: Path, cursor: str | None) -> tuple[list[str], str | None]:
    """One sensor tick as the daemon runs it, in a fresh process' worth of state (a new instance
    object on ``home``): evaluate with the stored ``cursor``, launch the requests whose run key has
    no run yet, return (run keys launched, cursor to store)."""
    resources = {"news_input": NewsInputResource(input_dir=str(input_dir))}
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            data = new_files_sensor.evaluate_tick(context)
        launched = []
        for request in data.run_requests or []:
            existing = instance.get_runs(filters=dg.RunsFilter(tags={RUN_KEY_TAG: request.run_key,
                                                                    SENSOR_NAME_TAG: new_files_sensor.name}))
            if existing:
                continue  # the daemon skips a run key it already launched
            instance.add_run(dg.DagsterRun(job_name="news_etl_main", run_id=str(uuid.uuid4()),
                                           tags={RUN_KEY_TAG: request.run_key, SENSOR_NAME_TAG: new_files_sensor.name}))
            launched.append(request.run_key)
        return launched, data.cursor if data.cursor is not None else cursor


def test_daemon_restart_neither_reruns_nor_skips_a_batch(tmp_path):
    home, inbox = tmp_path / "dagster_home", tmp_path / "inbox"
    home.mkdir()
    inbox.mkdir()

    # first batch: one run
    (inbox / "a.txt").write_text("Japan cut tariffs on rice.")
    launched, cursor = daemon_tick(home, inbox, None)
    assert len(launched) == 1

    # restart with the stored cursor: nothing new, no run
    assert daemon_tick(home, inbox, cursor) == ([], cursor)

    # restart where the daemon died after launching but before storing the cursor: the same
    # request comes again, and its run key already has a run, so the batch does not run twice
    assert daemon_tick(home, inbox, None)[0] == []

    # files that arrive while the daemon is down are picked up by the first tick after the
    # restart (one run covers the whole folder, so no batch is skipped), including a file copied
    # in with an old modification time
    (inbox / "b.txt").write_text("Seoul lowered tariffs on cars.")
    old = inbox / "c.txt"
    old.write_text("Brazil paused steel duties.")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    launched, cursor = daemon_tick(home, inbox, cursor)
    assert len(launched) == 1

    # and again after another restart: nothing more
    assert daemon_tick(home, inbox, cursor)[0] == []
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        assert len(instance.get_runs()) == 2
