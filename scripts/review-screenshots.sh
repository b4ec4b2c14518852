#!/usr/bin/env bash
# Regenerates the README's screenshots of the sample channel's review pack (docs/review-*.png):
# writes the pack with the release CLI, then takes 1280×900 headless chromium screenshots of the
# channel page and of partner P002's page.
# Usage: scripts/review-screenshots.sh   (needs chromium; scripts/test-all.sh installs it)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release -p partnerscore-cli -- review \
    --partners examples/partners.csv --scorecard examples/scorecard.json --profile examples/profile.json \
    --plan examples/plan.json --history examples/history.csv --registrations examples/registrations.csv \
    --commitments examples/commitments.csv --milestones examples/milestones.csv \
    --as-of 2026-09-30 --output "$work/review"
mkdir -p docs
shot() { # shot PAGE PNG
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --hide-scrollbars --window-size=1280,900 --user-data-dir="$work/profile" \
        --screenshot="$2" "file://$work/review/$1" 2> /dev/null
}
shot index.html docs/review-channel.png
shot partners/P002.html docs/review-partner.png
echo "wrote docs/review-channel.png and docs/review-partner.png"
