"""Faults, with the project's own instance settings (a temp copy of ``dagster_home/dagster.yaml``)
and the real CLI (``dagster job execute``): a run killed with ``kill -9`` mid-way, the next run,
a re-run, and two runs started at once. About a minute per run: marked slow."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEEDS, _ensure_manifest

pytestmark = pytest.mark.slow

DAGSTER = Path(sys.executable).parent / "dagster"
EXTRA = ("Canada imposed a 25 percent tariff on steel imports from China on Friday, the finance "
         "ministry said, and Beijing said it would respond.")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    _ensure_manifest()
    tmp = tmp_path_factory.mktemp("faults")
    home = tmp / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    inputs = tmp / "in"
    shutil.copytree(SEEDS, inputs)
    return {**os.environ, "DAGSTER_HOME": str(home), "NEWS_INPUT_DIR": str(inputs),
            "NEWS_WAREHOUSE": str(tmp / "news.duckdb"), "NEWS_VALIDATION_DIR": str(tmp / "validation"),
            "__tmp": str(tmp)}


def _start(env: dict, log: Path) -> subprocess.Popen:
    clean = {k: v for k, v in env.items() if not k.startswith("__")}
    return subprocess.Popen([str(DAGSTER), "job", "execute", "-m", "dagster_project", "-j", "news_etl_main"],
                            cwd=REPO, env=clean, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _run(env: dict, name: str, timeout: float = 600) -> str:
    log = Path(env["__tmp"]) / f"{name}.log"
    proc = _start(env, log)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail(f"run {name} did not finish in {timeout} s (blocked?): {log.read_text()[-2000:]}")
    text = log.read_text()
    assert proc.returncode == 0 and "RUN_SUCCESS" in text, text[-3000:]
    return text


def _tables(database: str) -> dict[str, list[tuple]]:
    """Every table of the raw and marts schemas, rows in a fixed order."""
    with duckdb.connect(database, read_only=True) as con:
        names = [f"{s}.{t}" for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in ('raw', 'marts') "
            "order by all").fetchall()]
        return {n: con.execute(f"select * from {n} order by all").fetchall() for n in names}


def _analytics(env: dict) -> str:
    warehouse = Path(env["NEWS_WAREHOUSE"])
    return str(warehouse.with_name(f"{warehouse.stem}_analytics{warehouse.suffix}"))


@pytest.fixture(scope="module")
def after_kill(env) -> dict:
    """A clean run; then a new input file and a run killed with kill -9 mid-way; then the next run."""
    _run(env, "baseline")
    before = _tables(env["NEWS_WAREHOUSE"])
    analytics_before = _tables(_analytics(env))
    (Path(env["NEWS_INPUT_DIR"]) / "extra.txt").write_text(EXTRA)

    log = Path(env["__tmp"]) / "killed.log"
    proc = _start(env, log)
    deadline = time.monotonic() + 600
    while 'Started execution of step "dbt_models"' not in log.read_text():  # lake and raw views written, dbt on
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    from dagster import DagsterInstance

    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        held = instance.event_log_storage.get_concurrency_info("duckdb_warehouse").claimed_slots
        killed_run_ids = {slot.run_id for slot in held}
    killed = _tables(env["NEWS_WAREHOUSE"])
    analytics_killed = _tables(_analytics(env))
    started = time.monotonic()
    next_log = _run(env, "after_kill", timeout=600)
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        statuses = {rid: instance.get_run_by_id(rid).status.value for rid in killed_run_ids}
    return {"before": before, "killed": killed, "analytics_before": analytics_before,
            "analytics_killed": analytics_killed, "held": killed_run_ids, "statuses": statuses,
            "next_log": next_log, "next_seconds": time.monotonic() - started, "after": _tables(env["NEWS_WAREHOUSE"])}


def test_killed_run_leaves_every_table_as_before_or_complete(after_kill):
    before, killed = after_kill["before"], after_kill["killed"]
    assert after_kill["held"], "the killed run should have held the pool slot (the fault being tested)"
    assert set(killed) == set(before)  # every table still there and readable
    new_articles = len(before["raw.articles"]) + 1
    assert len(killed["raw.articles"]) in (len(before["raw.articles"]), new_articles)
    assert len(killed["raw.articles"]) == new_articles  # the kill came after the raw step: its relations are complete
    assert len(killed["raw.sentences"]) > len(before["raw.sentences"])
    # tables of steps that had not finished are as before the run, never half-written
    for table in (t for t in before if t.startswith("marts.")):
        assert killed[table] == before[table], table
    assert after_kill["analytics_killed"] == after_kill["analytics_before"]  # what analysts query is untouched


def test_next_run_is_not_blocked_and_completes(after_kill):
    assert "Freed pool slots of dead runs" in after_kill["next_log"]
    assert set(after_kill["statuses"].values()) == {"FAILURE"}  # the dead run no longer shows as running
    after = after_kill["after"]
    assert len(after["raw.articles"]) == len(after_kill["before"]["raw.articles"]) + 1
    assert any(EXTRA in row for row in after["raw.articles"])


def test_rerun_gives_identical_tables(env, after_kill):
    _run(env, "rerun")
    assert _tables(env["NEWS_WAREHOUSE"]) == after_kill["after"]


def test_two_runs_at_once_both_succeed_with_the_same_tables(env, after_kill):
    logs = [Path(env["__tmp"]) / f"together{i}.log" for i in (1, 2)]
    procs = [_start(env, log) for log in logs]
    for proc, log in zip(procs, logs):
        try:
            proc.wait(timeout=900)
        except subprocess.TimeoutExpired:
            for p in procs:
                os.killpg(p.pid, signal.SIGKILL)
            pytest.fail(f"two runs at once did not finish: {log.read_text()[-2000:]}")
        text = log.read_text()
        assert proc.returncode == 0 and "RUN_SUCCESS" in text, text[-3000:]
        assert "Could not set lock" not in text
    assert _tables(env["NEWS_WAREHOUSE"]) == after_kill["after"]


def test_a_run_waiting_for_the_pool_goes_on_when_the_holder_is_killed(env, after_kill):
    """Run A holds the warehouse pool (in its dbt step); run B starts and waits for the slot; A is
    killed with kill -9. B frees A's slot while waiting (it saw A alive at its own start) and
    finishes, with the same tables."""
    from dagster import DagsterInstance

    tmp = Path(env["__tmp"])
    holder_log, waiter_log = tmp / "holder.log", tmp / "waiter.log"
    holder = _start(env, holder_log)
    deadline = time.monotonic() + 600
    while 'Started execution of step "dbt_models"' not in holder_log.read_text():
        assert holder.poll() is None and time.monotonic() < deadline, holder_log.read_text()[-3000:]
        time.sleep(0.05)
    waiter = _start(env, waiter_log)
    try:
        while "Step blocked by limit for pool duckdb_warehouse" not in waiter_log.read_text():
            assert waiter.poll() is None and time.monotonic() < deadline, waiter_log.read_text()[-3000:]
            assert holder.poll() is None, "the holder finished before the waiter queued: the test proves nothing"
            time.sleep(0.05)
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
        waiter.wait(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(waiter.pid, signal.SIGKILL)
        pytest.fail(f"the waiting run stayed blocked after the holder was killed: {waiter_log.read_text()[-2000:]}")
    text = waiter_log.read_text()
    assert waiter.returncode == 0 and "RUN_SUCCESS" in text, text[-3000:]
    assert "Freed pool slots of dead runs while step" in text
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        holders = instance.event_log_storage.get_concurrency_info("duckdb_warehouse").claimed_slots
        assert not holders  # nothing left holding the pool
    assert _tables(env["NEWS_WAREHOUSE"]) == after_kill["after"]
