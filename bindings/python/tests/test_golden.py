"""Golden parity: every way in gives exactly the CLI's output on the sample channel."""

from __future__ import annotations

import json

import pandas as pd
import polars as pl

from conftest import EXAMPLES, GOLDEN, pretty


def test_csv_path_matches_cli_json(card, golden_json):
    assert pretty(card.score(EXAMPLES / "partners.csv").to_json()) == golden_json


def test_json_path_matches_cli_json(card, golden_json):
    assert pretty(card.score(str(EXAMPLES / "partners.json")).to_json()) == golden_json


def test_records_match_cli_json(card, golden_json):
    records = json.loads((EXAMPLES / "partners.json").read_text(encoding="utf-8"))
    assert pretty(card.score(records).to_json()) == golden_json


def test_pandas_frame_matches_cli_json(card, golden_json):
    frame = pd.read_csv(EXAMPLES / "partners.csv")
    assert pretty(card.score(frame).to_json()) == golden_json


def test_pandas_frame_with_object_columns_matches(card, golden_json):
    frame = pd.read_csv(EXAMPLES / "partners.csv", dtype=object)
    assert pretty(card.score(frame).to_json()) == golden_json


def test_polars_frame_through_arrow_matches_cli_json(card, golden_json):
    frame = pl.read_csv(EXAMPLES / "partners.csv")
    assert pretty(card.score(frame).to_json()) == golden_json


def test_csv_output_matches_cli_csv(card):
    golden = (GOLDEN / "scorecard_sample.csv").read_text(encoding="utf-8")
    assert card.score(EXAMPLES / "partners.csv").to_csv() == golden


def test_to_dicts_are_the_json_objects_with_decimals(card, golden_json):
    from decimal import Decimal

    dicts = card.score(EXAMPLES / "partners.csv").to_dicts()
    golden = json.loads(golden_json)["partners"]
    assert len(dicts) == len(golden) == 40
    first = dicts[0]
    assert first["score"] == Decimal(golden[0]["score"]) and isinstance(first["score"], Decimal)
    assert isinstance(first["rank"], int) and first["rank"] == golden[0]["rank"]
    assert first["metrics"][0]["benchmark"]["mean"] == Decimal(golden[0]["metrics"][0]["benchmark"]["mean"])
    assert first["name"] == golden[0]["name"]

    def plain(obj):
        if isinstance(obj, dict):
            return {k: plain(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [plain(v) for v in obj]
        return str(obj) if isinstance(obj, Decimal) else obj

    assert plain(dicts) == golden
