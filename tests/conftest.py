"""Shared fixtures: paths, the shared corpus (skipped when absent), and a seed-run warehouse."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by the main job from ``seeds/`` (once per test session)."""
    tmp = tmp_path_factory.mktemp("seed_run")
    warehouse = tmp / "news.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWS_VALIDATION_DIR", str(tmp / "validation"))
    result = run_main_job(SEEDS, warehouse, tmp)
    mp.undo()
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return warehouse
