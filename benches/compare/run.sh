#!/usr/bin/env bash
# partnerscore vs pandas vs polars. Prepares benches/compare/.venv, then runs run.py with it.
# Usage: benches/compare/run.sh [--rows N] [--repeat R] [--full-compare] [--skip-build] ...
#        benches/compare/run.sh python-api [--rows N] [--repeat R]
#          (in memory: the Python API on a DataFrame vs the pandas and polars scoring steps; installs
#           ./bindings/python into the venv first)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "creating $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import pandas, polars, numpy" 2>/dev/null; then
    echo "installing pandas, polars, numpy into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements.txt"
fi
if [ "${1:-}" = "python-api" ]; then
    shift
    echo "installing partnerscore (bindings/python, release build) into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet "$HERE/../../bindings/python"
    exec "$VENV/bin/python" "$HERE/python_api.py" "$@"
fi
exec "$VENV/bin/python" "$HERE/run.py" "$@"
