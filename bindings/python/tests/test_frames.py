"""DataFrames in and out: dtypes, missing values, exact mode, len/iteration/HTML, a 100k-row frame."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import polars as pl
import pytest

import partnerscore as ps
from conftest import EXAMPLES, small_card

HEADLINE = [
    "id",
    "name",
    "category",
    "score",
    "max_score",
    "score_pct",
    "tier",
    "rank",
    "rank_in_cohort",
    "percentile",
    "next_tier",
    "points_to_next_tier",
]


def test_to_pandas_columns_and_dtypes(card):
    report = card.score(EXAMPLES / "partners.csv")
    frame = report.to_pandas()
    assert list(frame.columns) == HEADLINE + [f"points:{m}" for m in card.metrics]
    assert len(frame) == 40
    for column in ["score", "max_score", "score_pct", "percentile", "points_to_next_tier", "points:revenue"]:
        assert frame[column].dtype == np.float64, column
    assert frame["rank"].dtype == np.int64 and frame["rank_in_cohort"].dtype == np.int64
    assert isinstance(frame["id"].dtype, pd.StringDtype)
    golden = json.loads(report.to_json())["partners"]
    for row, partner in zip(frame.itertuples(index=False), golden):
        assert row.id == partner["id"]
        assert row.score == float(partner["score"])
        assert row.rank == partner["rank"]
        tier = None if pd.isna(row.tier) else row.tier
        assert tier == partner["tier"]
        if partner["next_tier"] is None:
            assert math.isnan(row.points_to_next_tier)
        else:
            assert row.points_to_next_tier == float(partner["next_tier"]["points_needed"])


def test_to_pandas_exact_keeps_decimals(card):
    report = card.score(EXAMPLES / "partners.csv")
    exact = report.to_pandas(exact=True)
    dicts = report.to_dicts()
    assert [type(x) for x in exact["score"]] == [Decimal] * 40
    assert list(exact["score"]) == [d["score"] for d in dicts]
    revenue_points = [next(m["points"] for m in d["metrics"] if m["name"] == "revenue") for d in dicts]
    assert list(exact["points:revenue"]) == revenue_points
    top = [d for d in dicts if d["next_tier"] is None]
    assert all(exact["points_to_next_tier"][i] is None for i, d in enumerate(dicts) if d["next_tier"] is None)
    assert top, "the sample has partners at the top tier"


def test_len_iteration_indexing_and_html(card):
    report = card.score(EXAMPLES / "partners.csv")
    assert len(report) == 40
    items = list(report)
    assert items == report.to_dicts()
    assert report[0] == items[0] and report[-1] == items[-1]
    with pytest.raises(IndexError):
        report[40]
    html = report._repr_html_()
    assert "<table>" in html and "Bluefin IT Services" in html and "20 more partners" in html


def test_html_escapes_text():
    report = small_card().score([{"id": "<script>alert(1)</script>", "name": "A & B", "revenue": 1}])
    html = report._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def test_missing_values_in_a_frame_are_missing():
    card = small_card()
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "revenue": pd.array([500, None, 250, None, 1000], dtype="Int64"),
            "support": pd.array([True, None, False, True, pd.NA], dtype="boolean"),
        }
    )
    expected = card.score(
        [
            {"id": "A", "revenue": 500, "support": True},
            {"id": "B"},
            {"id": "C", "revenue": 250, "support": False},
            {"id": "D", "support": True},
            {"id": "E", "revenue": 1000},
        ]
    ).to_json()
    assert card.score(frame).to_json() == expected
    objects = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "revenue": [500, np.nan, Decimal("250"), None, 1000.0],
            "support": [True, pd.NA, False, True, None],
        }
    )
    assert card.score(objects).to_json() == expected
    floats = pd.DataFrame({"id": list("ABCDE"), "revenue": [500.0, np.nan, 250.0, np.nan, 1000.0]})
    floats["support"] = pd.array([True, None, False, True, None], dtype="boolean")
    assert card.score(floats).to_json() == expected


def test_frame_dates_categories_index_and_lists():
    card = small_card(
        tiers=[{"name": "Cloud", "min_score": 0, "requires": [{"field": "sells", "equals": "cloud;security"}]}]
    )
    frame = pd.DataFrame(
        {
            "revenue": [1000.0, 10.0],
            "category": pd.Categorical(["MSP", "VAR"]),
            "signed_on": pd.to_datetime(["2024-02-29", None]),
            "sells": [["cloud", "security"], ["cloud"]],
        },
        index=pd.Index(["P1", "P2"], name="id"),
    )
    result = card.score(frame).to_dicts()
    assert [p["id"] for p in result] == ["P1", "P2"]
    assert [p["category"] for p in result] == ["MSP", "VAR"]
    assert [p["tier"] for p in result] == ["Cloud", None]


def test_datetime_column_must_be_a_real_date():
    card = small_card()
    frame = pd.DataFrame({"id": ["A"], "signed_on": [dt.date(2024, 1, 2)], "revenue": [1]})
    assert len(card.score(frame)) == 1
    bad = pd.DataFrame({"id": ["A"], "signed_on": ["2024-02-30"]})
    with pytest.raises(ps.InputError, match=r"partners\[0\] \(partner A\), field signed_on"):
        card.score(bad)


def test_duplicate_frame_columns_are_an_input_error():
    frame = pd.DataFrame([[1, 2]], columns=["revenue", "revenue"])
    frame.insert(0, "id", ["A"])
    with pytest.raises(ps.InputError, match="column revenue: duplicate column"):
        small_card().score(frame)


def test_polars_frame_with_nulls_and_types():
    card = small_card()
    frame = pl.DataFrame(
        {
            "id": ["A", "B", "C"],
            "revenue": pl.Series([500, None, 250], dtype=pl.Int32),
            "support": [True, None, False],
        }
    )
    expected = card.score([{"id": "A", "revenue": 500, "support": True}, {"id": "B"}, {"id": "C", "revenue": 250,
                                                                                       "support": False}])
    assert card.score(frame).to_json() == expected.to_json()
    decimals = pl.DataFrame({"id": ["A"], "revenue": pl.Series([Decimal("0.10")], dtype=pl.Decimal(10, 2))})
    assert card.score(decimals).to_dicts()[0]["metrics"][0]["value"] == Decimal("0.1")


def test_a_100k_row_frame_scores_in_input_order():
    rng = np.random.default_rng(11)
    n = 100_000
    frame = pd.DataFrame(
        {
            "id": [f"P{i:06d}" for i in range(n)][::-1],
            "revenue": rng.integers(0, 2000, n).astype(float),
            "support": rng.integers(0, 2, n).astype(bool),
        }
    )
    frame.loc[::7, "revenue"] = np.nan
    out = small_card().score(frame).to_pandas()
    assert len(out) == n
    assert (out["id"].to_numpy() == frame["id"].to_numpy()).all()
    revenue = frame["revenue"].fillna(0).clip(upper=1000) / 1000 * 10
    expected = (revenue + frame["support"] * 5).round(4)
    assert np.allclose(out["score"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    sample = frame.iloc[[0, 7, 12345, n - 1]]
    records = [{k: v for k, v in row.items() if not (isinstance(v, float) and math.isnan(v))} for row in
               sample.to_dict("records")]
    exact = small_card().score(records).to_dicts()
    rows = [0, 7, 12345, n - 1]
    assert [p["id"] for p in exact] == list(out["id"].iloc[rows])
    assert [float(p["score"]) for p in exact] == list(out["score"].iloc[rows])


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinity_in_a_frame_is_an_input_error(bad):
    card = small_card()
    with pytest.raises(ps.InputError, match=r"partners\[1\] \(partner B\), field revenue: -?inf is not a number"):
        card.score(pd.DataFrame({"id": ["A", "B"], "revenue": [1.0, bad]}))
    with pytest.raises(ps.InputError, match=r"partners\[1\] \(partner B\), field revenue"):
        card.score(pl.DataFrame({"id": ["A", "B"], "revenue": [1.0, bad]}))
    with pytest.raises(ps.InputError, match=r"partners\[1\] \(partner B\), field revenue"):
        card.score(pd.DataFrame({"id": ["A", "B"], "revenue": [Decimal(1), Decimal(bad)]}))


def test_empty_frames_and_numeric_ids():
    card = small_card()
    assert len(card.score(pd.DataFrame({"id": pd.Series([], dtype=str)}))) == 0
    assert card.score(pd.DataFrame({"id": []})).to_pandas().shape == (0, 14)
    assert len(card.score(pl.DataFrame({"id": []}, schema={"id": pl.Utf8}))) == 0
    assert [p["id"] for p in card.score(pd.DataFrame({"id": [1, 25]})).to_dicts()] == ["1", "25"]
    with pytest.raises(ps.InputError, match=r"partners\[0\]: field id: required"):
        card.score(pd.DataFrame({"revenue": [1]}))
