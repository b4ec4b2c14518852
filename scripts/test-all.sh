#!/usr/bin/env bash
# Runs every test of partnerscore: format, lints, the Rust workspace (unit, integration, golden,
# proptest, doctests), the Python package (pytest in a venv), the CLI end to end and the C library
# (C tests under valgrind) and the review pack in a real browser. Installs what it needs first (a Python
# venv with maturin and pytest; chromium and valgrind with apt-get when missing).
# Usage: scripts/test-all.sh   (from anywhere; CI calls it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "chromium for the review pack's browser test (apt-get when missing)"
if ! command -v chromium > /dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium > /dev/null
    command -v chromium > /dev/null || { echo "could not install chromium" >&2; exit 1; }
fi
# A missing browser is now a failure of tests/review_browser.rs, not a skip.
export PARTNERSCORE_BROWSER_TESTS=1

step "cargo test --workspace"
cargo test --workspace

step "benchmarks compile"
cargo bench -p partnerscore-benches -p partnerscore-c --no-run

step "Python package: wheel (pip, maturin from the build requirements), pytest, quickstart"
# .venv: pytest, pandas, polars. The wheel is built once with pip (an isolated build that fetches
# maturin itself, as `pip install ./bindings/python` does for a user) and installed into .venv and
# into a bare venv that has nothing else, where `import partnerscore` must work without pandas.
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r bindings/python/requirements-test.txt
rm -rf target/wheels
.venv/bin/python -m pip wheel --quiet --disable-pip-version-check --no-deps ./bindings/python -w target/wheels
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/partnerscore-*.whl
.venv/bin/python -m pytest bindings/python/tests -q -p no:cacheprovider
.venv/bin/python examples/python/quickstart.py > /dev/null
rm -rf target/bare-venv
python3 -m venv target/bare-venv
target/bare-venv/bin/python -m pip install --quiet --disable-pip-version-check target/wheels/partnerscore-*.whl
(cd target && bare-venv/bin/python ../bindings/python/tests/bare_import.py)

step "demo (release build, as the README runs it)"
cargo run --quiet --release -p partnerscore-cli -- demo > /dev/null

step "C library: tests under valgrind (static and shared), sanitizers, pkg-config"
bash bindings/c/run-tests.sh

echo
echo "all tests passed"
