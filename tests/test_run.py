"""The README's run command is quiet: one line per step with counts and time, the marts, a log file."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

STEP_LINE = re.compile(r"^ *(\d+)/(\d+) (ok|WARN|FAILED|skipped) +(\S.*?) +(\d+\.\d)s$")


@pytest.mark.slow
def test_run_prints_one_line_per_step_then_the_marts(seed_run):
    assert seed_run.returncode == 0, seed_run.stdout + seed_run.stderr
    lines = seed_run.stdout.splitlines()
    assert lines[0].startswith("news-etl: news_etl_main on ")
    log_path = lines[1].removeprefix("full log: ")
    steps = [m for m in map(STEP_LINE.match, lines) if m]
    total = int(steps[0].group(2))
    assert [int(m.group(1)) for m in steps] == list(range(1, total + 1))
    assert all(m.group(3) == "ok" for m in steps)
    text = "\n".join(lines)
    assert re.search(r"raw stages \(batches -> lake\) +1/1 batch extracted, 1 article \(1 new\), \d+ sentences "
                     r"\(\d+ new\), gx 7/7 passed", text)
    assert re.search(r"dbt models \(staging\.\.marts\) +\d+ models, (\d+)/\1 tests passed", text)
    assert re.search(r"check gx_marts_\* \(one per mart\) +5 tables, \d+ rows?, \d+ expectations passed", text)
    assert re.search(r"^done in \d+s: (\d+)/\1 steps$", text, re.M)
    assert re.search(r"^  marts\.fct_tariffs +\d+ rows?$", text, re.M)
    assert re.search(r"^  marts\.fct_ingest_audit +1 row$", text, re.M)
    # quiet: no Dagster or dbt log line on the terminal, and nothing on stderr
    assert "DEBUG" not in text and "START sql" not in text and "STEP_" not in text
    assert seed_run.stderr == ""
    assert len(lines) < 60
    # ... all of it is in the log file
    log = open(log_path, encoding="utf-8").read()
    assert "DEBUG" in log and "STEP_SUCCESS" in log
    assert re.search(r"OK created sql (table|incremental) model marts\.fct_tariffs", log)


def _tee_script(verbose: bool) -> str:
    return textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from dagster_project.run import _output_to_log
        with _output_to_log(Path(sys.argv[1]), verbose={verbose}) as terminal:
            terminal.write("progress line\\n")
            os.write(1, b"dagster says\\n")
            os.write(2, b"dbt says\\n")
        print("after")
    """)


@pytest.mark.parametrize("verbose", [False, True])
def test_logs_go_to_the_file_and_to_the_terminal_only_when_verbose(tmp_path, verbose):
    log = tmp_path / "run.log"
    done = subprocess.run([sys.executable, "-c", _tee_script(verbose), str(log)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == "dagster says\ndbt says\n"
    terminal = done.stdout + done.stderr
    assert "progress line" in done.stdout and "after" in done.stdout
    assert ("dagster says" in terminal and "dbt says" in terminal) is verbose


def test_the_noop_check_takes_the_warehouse_target_string_and_trusts_the_publishing_warehouse_only(
        tmp_path, monkeypatch):
    """``main`` hands ``_unchanged`` the string of ``config.warehouse_target()``; a ``Path`` method
    on it raised inside the check's ``try``, so every run counted as "something new" and the
    runner never skipped a run. A MotherDuck target always runs (no local lake to compare). A
    warehouse that did not publish the lake's state (deleted, then re-created empty by a run killed
    in its first step) runs too, though the lake and the analytics copy say "published"."""
    import json
    from pathlib import Path

    import duckdb

    from dagster_project import build_state, config, lake, run

    warehouse = tmp_path / "w.duckdb"
    record = {"state": "s1", "pipeline": "p1"}
    lake_dir = config.lake_path_for(warehouse)
    lake_dir.mkdir()
    (lake_dir / "_published.json").write_text(json.dumps(record))
    with duckdb.connect(str(warehouse)) as con:
        build_state.store_fingerprint(con, build_state.PUBLISHED_STEP, json.dumps(record))
    config.analytics_path_for(warehouse).touch()
    plan = lake.Plan(batches={"b1": []}, todo=[], retired=[], fingerprint="f", files=3)
    monkeypatch.setattr(lake, "plan_batches", lambda input_dir, lake_dir: plan)
    monkeypatch.setattr(lake, "nothing_to_do", lambda lake_dir, p: p is plan)
    assert run._unchanged(str(warehouse)).startswith("3 input files in 1 batches")
    assert run._unchanged(Path(warehouse)) is not None
    assert run._unchanged("md:news_prod") is None
    warehouse.unlink()  # a killed run re-created the warehouse: empty
    duckdb.connect(str(warehouse)).close()
    assert run._unchanged(str(warehouse)) is None
    with duckdb.connect(str(warehouse)) as con:
        build_state.store_fingerprint(con, build_state.PUBLISHED_STEP, json.dumps(record))
    config.analytics_path_for(warehouse).unlink()  # no analytics copy: run
    assert run._unchanged(str(warehouse)) is None


def test_a_warehouse_in_a_folder_that_does_not_exist_yet_gets_its_folder(tmp_path):
    """``NEWS_WAREHOUSE=/new/dir/w.duckdb``: the first step of the run (dbt seeds) connects before the
    raw step; DuckDB does not create folders, and dagster-duckdb retried ~100 s before failing."""
    import duckdb

    from dagster_project import config

    target = tmp_path / "new" / "sub" / "w.duckdb"
    config.make_warehouse_folder(str(target))
    assert (tmp_path / "new" / "sub").is_dir() and not target.exists()
    duckdb.connect(str(target)).close()  # the connect that failed with "No such file or directory"
    config.make_warehouse_folder(str(target))  # again: nothing to do
    config.make_warehouse_folder("md:news")  # MotherDuck: no folder
    assert not (REPO / "md:news").exists() and not list(tmp_path.glob("md*"))


def test_a_seeds_step_that_rebuilt_nothing_says_so():
    """Seeds unchanged since their last build: the step reports the tables with ``rebuilt: False``
    and runs no dbt test; the line said "4 seeds, 0/0 tests passed"."""
    from dagster_project import run

    step = run._Step("dbt_seeds", materialized=[(f"reference/s{i}", {"rebuilt": False, "dagster/row_count": 10})
                                                for i in range(4)])
    assert run._detail(step) == "4 seeds unchanged since their last build: not rebuilt"
    built = run._Step("dbt_seeds", materialized=[("reference/s0", {"dagster/row_count": 10})],
                      checks=[("not_null_s0_a", True, "ERROR", {})])
    assert run._detail(built) == "1 seed, 1/1 tests passed"


def test_the_marts_checks_step_adds_up_its_checks_and_names_a_failed_one():
    from dagster_project import run

    def md(rows: int, evaluated: int, failed: int = 0) -> dict:
        return {"rows": rows, "expectations_evaluated": evaluated, "expectations_failed": failed}

    step = run._Step("gx_marts_checks", checks=[("gx_marts_dim_articles", True, "ERROR", md(1, 5)),
                                                ("gx_marts_fct_talks", True, "ERROR", md(16, 5))])
    assert run._label(step.key) == "check gx_marts_* (one per mart)"  # "check ...": the benchmark's GX column
    assert run._detail(step) == "2 tables, 17 rows, 10 expectations passed"
    step.checks.append(("gx_marts_fct_tariffs", False, "WARN", md(5, 9, 1)))
    assert run._detail(step) == "3 tables, 22 rows, 19 expectations gx_marts_fct_tariffs 1 failed (WARN)"
