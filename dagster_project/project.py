"""The dbt project, for dagster-dbt. Kept alone so it imports without Dagster definitions.

``@dbt_assets`` needs ``dbt/target/manifest.json`` at import time: the set-up script builds it
with ``dbt parse`` (``scripts/setup.sh``); under ``dagster dev`` ``prepare_if_dev`` rebuilds it
so that edits to the dbt models show up on reload.
"""

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from dagster_project.config import DBT_PROJECT_DIR

#: Folder of the running interpreter's scripts (the project venv's ``bin/``), where ``dbt`` lives.
_VENV_BIN = Path(sys.executable).parent


def dbt_executable() -> str:
    """Path of the ``dbt`` command: the one beside this interpreter (the project venv), else PATH's."""
    beside = _VENV_BIN / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


if shutil.which("dbt") is None and (_VENV_BIN / "dbt").exists():
    # dagster-dbt's dev-time manifest preparation calls plain `dbt`: find it as an activated venv would.
    os.environ["PATH"] = f"{_VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
