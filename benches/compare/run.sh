#!/usr/bin/env bash
# partnerscore vs pandas vs polars. Prepares benches/compare/.venv, then runs run.py with it.
# Usage: benches/compare/run.sh [--rows N] [--repeat R] [--full-compare] [--skip-build] ...
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
exec "$VENV/bin/python" "$HERE/run.py" "$@"
