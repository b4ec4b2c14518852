#!/usr/bin/env bash
# Runs every test of partnerscore: format, lints, the Rust workspace (unit, integration, golden,
# proptest, doctests) and the CLI end to end. Installs what it needs first.
# Usage: scripts/test-all.sh   (from anywhere; CI calls it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "benchmarks compile"
cargo bench -p partnerscore-benches --no-run

step "demo (release build, as the README runs it)"
cargo run --quiet --release -p partnerscore-cli -- demo > /dev/null

echo
echo "all tests passed"
