"""Shared fixtures: paths, the shared corpus (skipped when absent), and a seed-run warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
SEED_ID = "000_06dd471dcf66614c"


def _ensure_manifest() -> None:
    if not (REPO / "dbt" / "target" / "manifest.json").exists():
        dbt = Path(sys.executable).parent / "dbt"
        project = str(REPO / "dbt")
        subprocess.run([str(dbt), "parse", "--project-dir", project, "--profiles-dir", project, "--quiet"],
                       cwd=REPO, check=True)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repo; tests using it skip when it is not there."""
    if not (SHARED / "corpus" / "articles.jsonl").exists():
        pytest.skip(f"shared corpus not found at {SHARED} (only present on the team's machines and CI)")
    return SHARED


def run_main_job(input_dir: Path, warehouse: Path, tmp_path: Path, assets: list | None = None):
    """Run the main job in process on ``input_dir`` into ``warehouse`` (with ``assets`` instead of
    the project's, if given); returns the ExecuteInProcessResult."""
    _ensure_manifest()
    import dagster as dg

    from dagster_project.defs.resources import build_resources
    from dagster_project.definitions import build_definitions

    defs = build_definitions(build_resources(input_dir=input_dir, warehouse=warehouse), assets)
    job = defs.resolve_job_def("news_etl_main")
    home = tmp_path / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


@dataclass(frozen=True)
class SeedRun:
    """What ``python -m dagster_project.run`` (the README's run command) did on ``seeds/``."""

    warehouse: Path
    stdout: str
    stderr: str
    returncode: int
    log_dir: Path


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> SeedRun:
    """The main job run on ``seeds/`` by the runner of ``scripts/run.sh``, as CI runs it (once per session)."""
    _ensure_manifest()
    tmp = tmp_path_factory.mktemp("seed_run")
    home = tmp / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "CI": "true", "DAGSTER_HOME": str(home), "NEWS_INPUT_DIR": str(SEEDS),
           "NEWS_WAREHOUSE": str(tmp / "news.duckdb"), "NEWS_VALIDATION_DIR": str(tmp / "validation"),
           "NEWS_LOG_DIR": str(tmp / "logs")}
    env.pop("NEWS_VERBOSE", None)
    done = subprocess.run([sys.executable, "-m", "dagster_project.run"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    return SeedRun(tmp / "news.duckdb", done.stdout, done.stderr, done.returncode, tmp / "logs")


@pytest.fixture(scope="session")
def seed_warehouse(seed_run: SeedRun) -> Path:
    """A warehouse built by the main job from ``seeds/`` (once per test session)."""
    assert seed_run.returncode == 0, seed_run.stdout + seed_run.stderr
    return seed_run.warehouse
