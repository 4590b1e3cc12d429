#!/usr/bin/env bash
# Set up news-etl on a fresh machine: the pinned environment in .venv/ and the dbt manifest.
# Needs only Python 3.11 (python3.11, or python3 if that is 3.11). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "news-etl needs Python 3.11, found " + sys.version.split()[0])'

# uv (pinned) installs the locked set of packages (uv.lock) into .venv/; it lives in .tools/.
if [ ! -x .tools/uv/bin/uv ] || ! .tools/uv/bin/uv --version | grep -q " $UV_VERSION"; then
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --target .tools/uv "uv==$UV_VERSION" 2>&1 \
    | grep -v -e "is ignored: it is neither" -e "Running pip as the 'root' user" >&2 || true
fi
# Skipped when the lock and the project file are those of the last sync: with --compile-bytecode,
# uv recompiles every package's bytecode on each sync (minutes on a busy machine).
sync_stamp=$(cat uv.lock pyproject.toml | sha256sum)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.sync_stamp 2>/dev/null)" != "$sync_stamp" ]; then
  .tools/uv/bin/uv sync --frozen --compile-bytecode --python "$PYTHON" --quiet
  echo "$sync_stamp" > .venv/.sync_stamp
fi

# @dbt_assets needs the manifest at import time.
# Absolute paths: dbt keeps them in its partial-parse cache, and dagster-dbt runs dbt from dbt/.
# The parse sees the warehouse the run will use (dagster_project.config.warehouse_target): dbt
# re-parses the whole project in every invocation whose profile differs from the cache's.
# Skipped when neither the dbt files nor the warehouse changed since the last parse (the stamp).
NEWS_WAREHOUSE=$(.venv/bin/python -c 'from dagster_project.config import warehouse_target; print(warehouse_target())')
export NEWS_WAREHOUSE
stamp=$( { echo "$NEWS_WAREHOUSE"; find dbt -path dbt/target -prune -o -path dbt/logs -prune -o -type f -printf '%p %s %T@\n' | sort; } | sha256sum)
if [ ! -f dbt/target/manifest.json ] || [ "$(cat dbt/target/.parse_stamp 2>/dev/null)" != "$stamp" ]; then
  .venv/bin/dbt parse --project-dir "$PWD/dbt" --profiles-dir "$PWD/dbt" --quiet
  echo "$stamp" > dbt/target/.parse_stamp
fi
