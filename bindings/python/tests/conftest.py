"""Shared fixtures: the repository's examples and golden files (the same corpus the CLI and C tests read)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
GOLDEN = REPO / "tests" / "golden"


def pretty(text: str) -> str:
    """The golden files' layout: serde_json's pretty printer, which json.dumps(indent=2) matches."""
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(scope="session")
def card():
    import partnerscore as ps

    return ps.Scorecard(EXAMPLES / "scorecard.json")


@pytest.fixture(scope="session")
def golden_json() -> str:
    return (GOLDEN / "scorecard_sample.json").read_text(encoding="utf-8")


def small_card(**extra):
    """A two-metric scorecard for input-type tests: `revenue` target 1000 (10 points), `support` boolean
    (5 points); extra keys (e.g. tiers) are merged in."""
    import partnerscore as ps

    config = {
        "name": "small",
        "sections": [
            {
                "name": "All",
                "metrics": [
                    {"field": "revenue", "points": 10, "rule": {"target": 1000}},
                    {"field": "support", "points": 5, "rule": "boolean"},
                ],
            }
        ],
    }
    config.update(extra)
    return ps.Scorecard(config)
