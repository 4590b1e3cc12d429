"""The dbt project, for dagster-dbt. Kept alone so it imports without Dagster definitions.

``@dbt_assets`` needs ``dbt/target/manifest.json`` at import time: the set-up script builds it
with ``dbt parse`` (``scripts/setup.sh``); under ``dagster dev`` ``prepare_if_dev`` rebuilds it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from dagster_project.config import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def dbt_executable() -> str:
    """Path of the ``dbt`` command: the one beside this interpreter (the project venv), else PATH's."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")
