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
.tools/uv/bin/uv sync --frozen --compile-bytecode --python "$PYTHON" --quiet

# @dbt_assets needs the manifest at import time.
# Absolute paths: dbt keeps them in its partial-parse cache, and dagster-dbt runs dbt from dbt/.
.venv/bin/dbt parse --project-dir "$PWD/dbt" --profiles-dir "$PWD/dbt" --quiet
