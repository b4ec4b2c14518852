"""Ideal partner profile from Python: golden parity with the CLI, DataFrames out, errors."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pandas as pd
import polars as pl
import pytest

import partnerscore as ps
from conftest import EXAMPLES, GOLDEN, pretty


@pytest.fixture(scope="module")
def profile():
    return ps.Profile(EXAMPLES / "profile.json")


@pytest.fixture(scope="module")
def golden():
    return (GOLDEN / "profile_sample.json").read_text(encoding="utf-8")


def test_every_input_matches_the_cli_json(profile, golden):
    records = json.loads((EXAMPLES / "partners.json").read_text(encoding="utf-8"))
    inputs = [
        EXAMPLES / "partners.csv",
        str(EXAMPLES / "partners.json"),
        records,
        # region "NA" is North America: pandas must not read it as a missing value
        pd.read_csv(EXAMPLES / "partners.csv", keep_default_na=False, na_values=[""]),
        pd.read_csv(EXAMPLES / "partners.csv", dtype=object, keep_default_na=False, na_values=[""]),
        pl.read_csv(EXAMPLES / "partners.csv"),
    ]
    for partners in inputs:
        assert pretty(profile.evaluate(partners).to_json()) == golden, type(partners)


def test_csv_matches_the_cli_csv(profile):
    golden_csv = (GOLDEN / "profile_sample.csv").read_text(encoding="utf-8")
    assert profile.evaluate(EXAMPLES / "partners.csv").to_csv() == golden_csv


def test_to_dicts_decimals_and_to_pandas(profile, golden):
    report = profile.evaluate(EXAMPLES / "partners.csv")
    dicts = report.to_dicts()
    plain = json.loads(golden)["partners"]
    assert len(report) == len(dicts) == 40
    assert dicts[0]["fit"] == Decimal(plain[0]["fit"]) and isinstance(dicts[0]["fit"], Decimal)
    gaps = [g for d in dicts for g in d["gaps"]]
    numeric = [g for g in gaps if g["kind"] in ("at_least", "at_most", "between") and not g["missing"]]
    assert numeric and all(isinstance(g["actual"], Decimal) and isinstance(g["shortfall"], Decimal) for g in numeric)
    texts = [g for g in gaps if g["kind"] == "one_of" and not g["missing"]]
    assert all(isinstance(g["actual"], str) for g in texts)
    assert [list(r) for r in (report[0], report[-1])] == [list(dicts[0]), list(dicts[-1])]

    frame = report.to_pandas()
    assert list(frame.columns) == ["id", "name", "category", "fit", "verdict", "gaps", "first_gap"] + [
        f"fit:{c}" for c in profile.criteria
    ]
    assert frame["fit"].dtype == np.float64 and frame["gaps"].dtype == np.int64
    assert list(frame["verdict"]) == [d["verdict"] for d in dicts]
    assert list(frame["gaps"]) == [len(d["gaps"]) for d in dicts]
    assert list(frame["fit"]) == [float(d["fit"]) for d in dicts]
    exact = report.to_pandas(exact=True)
    assert list(exact["fit"]) == [d["fit"] for d in dicts]
    assert "Sample ideal partner profile" in report._repr_html_()


def test_profile_config_errors_name_the_path():
    config = json.loads((EXAMPLES / "profile.json").read_text(encoding="utf-8"))
    config["criteria"][1]["between"] = [250, 20]
    with pytest.raises(ps.ConfigError) as info:
        ps.Profile(config)
    assert info.value.location.startswith("criteria[1]")
    with pytest.raises(ps.ConfigError, match="thresholds"):
        ps.Profile({**config, "criteria": config["criteria"][:1], "thresholds": {"ideal": 50, "develop": 70}})


def test_profile_input_errors_name_partner_and_field():
    profile = ps.Profile(
        {"name": "p", "criteria": [{"field": "sales_reps", "at_least": 4, "area": "sales_marketing"}]}
    )
    with pytest.raises(ps.InputError, match=r"partners\[1\] \(partner B\), field sales_reps"):
        profile.evaluate([{"id": "A", "sales_reps": 5}, {"id": "B", "sales_reps": float("inf")}])
    result = profile.evaluate([{"id": "A", "sales_reps": 5}, {"id": "B"}]).to_dicts()
    assert [r["verdict"] for r in result] == ["ideal", "poor_fit"]
    assert result[1]["gaps"][0]["missing"] is True and result[1]["gaps"][0]["actual"] is None
