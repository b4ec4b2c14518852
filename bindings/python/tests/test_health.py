"""Channel health review from Python: golden parity with the CLI for every way in, the headline, the
contribution rate per period, the Kaplan–Meier curve, DataFrames out, options, and errors that say where."""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import polars as pl
import pytest

import partnerscore as ps
from conftest import EXAMPLES, GOLDEN, pretty

CSV_COLUMNS = [
    "id",
    "name",
    "deals_last_12_months",
    "non_productive",
    "recommendation",
    "verdict",
    "trajectory_periods",
    "slope",
    "mean",
    "relative_change",
    "direction",
    "romi",
    "mdf_approval_rate",
    "mdf_denial_rate",
    "mdf_amount_per_claim",
    "mdf_utilization",
    "mql_to_sql",
    "win_rate",
]
TEXT = ["id", "name", "recommendation", "verdict", "direction"]
MEASURES = [c for c in CSV_COLUMNS if c not in TEXT and c not in ("non_productive", "trajectory_periods")]
DERIVED = CSV_COLUMNS[11:]
SUMMARY = [
    "as_of",
    "partners",
    "history_rows_ignored",
    "median_days",
    "within_90",
    "within_180",
    "producers",
    "waiting",
    "censored",
    "non_productive",
    "terminate",
    "keep_without_investment",
    "improving",
    "declining",
    "flat",
]

# The core's doc example: A signed 2024-01-01 and produced 2024-03-01 (an event at 60 days), B signed
# 2025-06-01 and still waiting at the end of 2025-Q4 (censored at 213 days).
SMALL_PARTNERS = [
    {"id": "A", "signed_on": "2024-01-01", "first_revenue_on": "2024-03-01"},
    {"id": "B", "signed_on": "2025-06-01"},
]
SMALL_HISTORY = [
    {"partner_id": "A", "period": "2025-Q3", "revenue": 100, "deals_closed": 1},
    {"partner_id": "A", "period": "2025-Q4", "revenue": 150, "deals_closed": 1},
    {"partner_id": "B", "period": "2025-Q4", "revenue": 0, "deals_closed": 0},
]


def read_partners_frame():
    # `NA` (North America) is a region the profile reads, not a missing value.
    return pd.read_csv(EXAMPLES / "partners.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def profile():
    return ps.Profile(EXAMPLES / "profile.json")


@pytest.fixture(scope="module")
def golden() -> str:
    return (GOLDEN / "health_sample.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(profile):
    return ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv", profile)


@pytest.fixture(scope="module")
def golden_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((GOLDEN / "health_sample.csv").read_text(encoding="utf-8"))))


def partners_inputs():
    records = json.loads((EXAMPLES / "partners.json").read_text(encoding="utf-8"))
    return {
        "csv path": EXAMPLES / "partners.csv",
        "json path": str(EXAMPLES / "partners.json"),
        "records": records,
        "pandas": read_partners_frame(),
        "pandas objects": pd.read_csv(EXAMPLES / "partners.csv", dtype=object, keep_default_na=False, na_values=[""]),
        "pandas dates": pd.read_csv(
            EXAMPLES / "partners.csv",
            keep_default_na=False,
            na_values=[""],
            parse_dates=["signed_on", "first_revenue_on", "terminated_on"],
        ),
        "polars": pl.read_csv(EXAMPLES / "partners.csv"),
    }


def history_inputs():
    records = json.loads((EXAMPLES / "history.json").read_text(encoding="utf-8"))
    return {
        "csv path": EXAMPLES / "history.csv",
        "json path": str(EXAMPLES / "history.json"),
        "records": records,
        "pandas": pd.read_csv(EXAMPLES / "history.csv"),
        "pandas objects": pd.read_csv(EXAMPLES / "history.csv", dtype=object),
        "pandas indexed": pd.read_csv(EXAMPLES / "history.csv").set_index("partner_id"),
        "polars": pl.read_csv(EXAMPLES / "history.csv"),
    }


# --- golden parity ----------------------------------------------------------------------------------------


def test_every_partners_input_matches_the_cli_json(profile, golden):
    for name, partners in partners_inputs().items():
        assert pretty(ps.health(partners, EXAMPLES / "history.csv", profile).to_json()) == golden, name


def test_every_history_input_matches_the_cli_json(profile, golden):
    for name, history in history_inputs().items():
        assert pretty(ps.health(EXAMPLES / "partners.csv", history, profile).to_json()) == golden, name


def test_dataframes_for_both_inputs_match_the_cli_json(profile, golden):
    pandas_pair = (read_partners_frame(), pd.read_csv(EXAMPLES / "history.csv"))
    polars_pair = (pl.read_csv(EXAMPLES / "partners.csv"), pl.read_csv(EXAMPLES / "history.csv"))
    for partners, history in (pandas_pair, polars_pair):
        assert pretty(ps.health(partners, history, profile=profile).to_json()) == golden, type(partners)


def test_every_profile_form_matches_the_cli_json(golden):
    path = EXAMPLES / "profile.json"
    text = path.read_text(encoding="utf-8")
    for given in (path, str(path), text, json.loads(text), ps.Profile(path)):
        report = ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv", profile=given)
        assert pretty(report.to_json()) == golden, type(given)


def test_to_json_is_the_cli_text_and_to_csv_the_cli_csv(report, golden):
    # The CLI writes serde_json's compact form plus a newline; to_json() is that text without it.
    compact = json.dumps(json.loads(golden), separators=(",", ":"), ensure_ascii=False)
    assert report.to_json() == compact
    assert report.to_csv() == (GOLDEN / "health_sample.csv").read_text(encoding="utf-8")


# --- the report's tables ----------------------------------------------------------------------------------


def test_summary_is_the_headline(report, golden):
    summary = report.summary()
    expected = json.loads(golden)
    assert list(summary) == SUMMARY
    assert summary == {
        "as_of": datetime.date(2026, 12, 31),
        "partners": 40,
        "history_rows_ignored": 4,
        "median_days": 123,
        "within_90": Decimal("0.375"),
        "within_180": Decimal("0.775"),
        "producers": 36,
        "waiting": 3,
        "censored": 4,
        "non_productive": 6,
        "terminate": 5,
        "keep_without_investment": 1,
        "improving": 19,
        "declining": 6,
        "flat": 15,
    }
    assert type(summary["as_of"]) is datetime.date and summary["as_of"].isoformat() == expected["as_of"]
    assert summary["history_rows_ignored"] == expected["history_rows_ignored"]
    for key in ("median_days", "within_90", "within_180", "producers", "waiting", "censored"):
        value, written = summary[key], expected["time_to_revenue"][key]
        if isinstance(written, str):
            assert type(value) is Decimal and str(value) == written, key
        else:
            assert type(value) is int and value == written, key
    partners = expected["partners"]
    assert summary["non_productive"] == sum(p["non_productive"] for p in partners)
    assert summary["terminate"] == sum(p["recommendation"] == "terminate" for p in partners)
    for direction in ("improving", "declining", "flat"):
        assert summary[direction] == sum(p["trajectory"]["direction"] == direction for p in partners)


def test_periods_is_the_contribution_rate(report, golden):
    expected = json.loads(golden)["contribution_rate"]
    frame = report.periods()
    assert list(frame.columns) == ["period", "active", "contributing", "rate"] and len(frame) == 8
    assert isinstance(frame["period"].dtype, pd.StringDtype)
    assert frame["active"].dtype == np.int64 and frame["contributing"].dtype == np.int64
    assert frame["rate"].dtype == np.float64
    assert frame.to_dict("records") == [dict(p, rate=float(p["rate"])) for p in expected]
    assert frame["period"].tolist()[:2] == ["2025-Q1", "2025-Q2"] and frame["rate"].tolist()[1] == 0.9444
    exact = report.periods(exact=True)
    assert [str(r) for r in exact["rate"]] == [p["rate"] for p in expected]
    assert all(type(r) is Decimal for r in exact["rate"])


def test_curve_is_the_kaplan_meier_curve(report, golden):
    expected = json.loads(golden)["time_to_revenue"]["curve"]
    frame = report.curve()
    assert list(frame.columns) == ["days", "survival"] and len(frame) == len(expected) == 33
    assert frame["days"].dtype == np.int64 and frame["survival"].dtype == np.float64
    assert frame.to_dict("records") == [{"days": p["days"], "survival": float(p["survival"])} for p in expected]
    # The median is the first event time where S reaches 1/2.
    assert frame.loc[frame["survival"] <= 0.5, "days"].iloc[0] == report.summary()["median_days"] == 123
    exact = report.curve(exact=True)
    assert [str(s) for s in exact["survival"]] == [p["survival"] for p in expected]


def test_to_pandas_columns_dtypes_and_values(report, golden_rows):
    frame = report.to_pandas()
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == 40
    for column in TEXT:
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in MEASURES:
        assert frame[column].dtype == np.float64, column
    assert frame["non_productive"].dtype == bool and frame["trajectory_periods"].dtype == np.int64
    for row, cells in zip(frame.to_dict("records"), golden_rows):
        for column in CSV_COLUMNS:
            value, cell = row[column], cells[column]
            if column in MEASURES:
                assert (math.isnan(value) and cell == "") or value == float(cell), (cells["id"], column)
            elif column == "non_productive":
                assert value == (cell == "true"), cells["id"]
            elif column == "trajectory_periods":
                assert value == int(cell), cells["id"]
            else:
                assert (pd.isna(value) and cell == "") or value == cell, (cells["id"], column)
    assert frame["recommendation"].isna().sum() == 34 and frame["non_productive"].sum() == 6


def test_to_pandas_exact_keeps_the_csv_decimals(report, golden_rows):
    exact = report.to_pandas(exact=True)
    for column in MEASURES:
        assert all(v is None or type(v) is Decimal for v in exact[column]), column
        assert ["" if v is None else str(v) for v in exact[column]] == [r[column] for r in golden_rows], column
    assert exact["trajectory_periods"].dtype == np.int64
    assert str(exact["mdf_amount_per_claim"][0]) == "1532.92"  # money: 2 places


def test_len_iteration_indexing_to_dicts_and_html(report, golden):
    expected = json.loads(golden)["partners"]
    assert len(report) == 40
    dicts = report.to_dicts()
    assert list(report) == dicts and report[0] == dicts[0] and report[-1] == dicts[-1]
    with pytest.raises(IndexError):
        report[40]
    first = dicts[0]
    assert first["id"] == "P001" and first["deals_last_12_months"] == Decimal(3)
    assert type(first["deals_last_12_months"]) is Decimal and type(first["trajectory"]["periods"]) is int
    assert type(first["trajectory"]["slope"]) is Decimal and type(first["derived"]["romi"]) is Decimal
    assert type(first["trajectory"]["points"][0]["value"]) is Decimal
    assert first["trajectory"]["points"][0]["period"] == "2025-Q1"

    def as_written(obj):
        # Back to the JSON's form: decimals as text, deals_last_12_months as the number it is.
        if isinstance(obj, dict):
            return {k: int(v) if k == "deals_last_12_months" else as_written(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [as_written(v) for v in obj]
        return str(obj) if isinstance(obj, Decimal) else obj

    assert as_written(dicts) == expected
    html = report._repr_html_()
    assert "Channel health as of 2026-12-31" in html and "<table>" in html and "20 more partners" in html
    assert "<th>direction</th>" in html and "<td>declining</td>" in html
    assert "time to revenue (median) 123 days" in html and "6 non-productive (5 to terminate)" in html
    assert repr(report) == "HealthReport(as_of 2026-12-31, 40 partners)"
    assert report.as_of == datetime.date(2026, 12, 31) and report.trajectory_field == "revenue"


# --- options, as_of, profile ------------------------------------------------------------------------------


def test_without_a_profile_no_verdicts_and_no_termination():
    report = ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv")
    frame = report.to_pandas()
    assert frame["verdict"].isna().all()
    assert set(frame["recommendation"].dropna()) == {"keep_without_investment"}
    summary = report.summary()
    assert summary["terminate"] == 0 and summary["keep_without_investment"] == summary["non_productive"] == 6


def test_min_deals_per_year_changes_who_is_non_productive():
    def non_productive(value):
        return ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv", min_deals_per_year=value).summary()[
            "non_productive"
        ]

    strict, default, loose = non_productive(100), non_productive(None), non_productive(0)
    assert strict > default == 6 > loose
    # Numbers in every form are read exactly.
    assert non_productive(3) == non_productive("3") == non_productive(3.0) == non_productive(Decimal("3")) == 6
    assert non_productive(np.int64(100)) == strict


def test_other_options_change_the_review():
    base = ps.health(SMALL_PARTNERS, SMALL_HISTORY)
    assert base.periods()["contributing"].tolist() == [1, 1]
    higher = ps.health(SMALL_PARTNERS, SMALL_HISTORY, min_revenue=120)
    assert higher.periods()["contributing"].tolist() == [0, 1]
    # A's 100 → 150 has slope 50 against mean 125: flat only with a band of at least 0.4.
    assert base[0]["trajectory"]["direction"] == "improving"
    assert ps.health(SMALL_PARTNERS, SMALL_HISTORY, flat_band=0.4)[0]["trajectory"]["direction"] == "flat"
    assert ps.health(SMALL_PARTNERS, SMALL_HISTORY, flat_band="0.39")[0]["trajectory"]["direction"] == "improving"
    deals = ps.health(SMALL_PARTNERS, SMALL_HISTORY, trajectory_field="deals_closed")
    assert deals.trajectory_field == "deals_closed" and deals[0]["trajectory"]["field"] == "deals_closed"
    assert deals[0]["trajectory"]["mean"] == Decimal(1) and deals[0]["trajectory"]["direction"] == "flat"
    # revenue_field and deals_field read other history columns.
    history = [dict(row, sales=row["revenue"], won=2 * row["deals_closed"]) for row in SMALL_HISTORY]
    renamed = ps.health(SMALL_PARTNERS, history, revenue_field="sales", deals_field="won", trajectory_field="sales")
    assert renamed.periods().equals(base.periods())
    assert renamed[0]["deals_last_12_months"] == 2 * base[0]["deals_last_12_months"] == 4


def test_small_review_hand_computed():
    report = ps.health(SMALL_PARTNERS, SMALL_HISTORY)
    assert report.as_of == datetime.date(2025, 12, 31)  # the end of the latest period
    assert report.periods(exact=True).to_dict("records") == [
        {"period": "2025-Q3", "active": 2, "contributing": 1, "rate": Decimal("0.5")},  # B signed in Q3
        {"period": "2025-Q4", "active": 2, "contributing": 1, "rate": Decimal("0.5")},
    ]
    summary = report.summary()
    # One event at 60 days, one partner censored at 213: S drops to 1/2 at day 60.
    assert (summary["median_days"], summary["within_90"], summary["producers"], summary["waiting"]) == (
        60,
        Decimal("0.5"),
        1,
        1,
    )
    assert report.curve().to_dict("records") == [{"days": 60, "survival": 0.5}]
    a, b = report
    assert a["trajectory"]["slope"] == Decimal(50) and a["trajectory"]["relative_change"] == Decimal("0.5")
    assert b["trajectory"]["periods"] == 1 and b["trajectory"]["slope"] is None
    # A signed 2024-01-01 with 2 deals in 12 months: non-productive (at most 3); B is too new to judge.
    assert (a["non_productive"], a["recommendation"]) == (True, "keep_without_investment")
    assert (b["non_productive"], b["recommendation"]) == (False, None)


def test_as_of_as_date_datetime_or_text():
    reports = [
        ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv", as_of=given)
        for given in (
            "2026-06-30",
            datetime.date(2026, 6, 30),
            datetime.datetime(2026, 6, 30, 17, 5),
            pd.Timestamp("2026-06-30"),
            np.datetime64("2026-06-30"),
        )
    ]
    texts = {r.to_json() for r in reports}
    assert len(texts) == 1
    report = reports[0]
    assert report.as_of == datetime.date(2026, 6, 30) and report.summary()["as_of"] == datetime.date(2026, 6, 30)
    # History is cut at as_of: the last period is 2026-Q2.
    assert report.periods()["period"].tolist()[-1] == "2026-Q2" and len(report.periods()) == 6
    assert report.to_json() != ps.health(EXAMPLES / "partners.csv", EXAMPLES / "history.csv").to_json()
    # With as_of given, an empty history is a review with no periods.
    empty = ps.health(SMALL_PARTNERS, [], as_of="2025-12-31")
    assert len(empty.periods()) == 0 and empty.summary()["median_days"] == 60 and empty[0]["trajectory"]["periods"] == 0


def test_missing_derived_values_are_nan_or_none():
    report = ps.health([{"id": "A", "mql": 400, "sql": 80}, {"id": "B", "mql": 0, "sql": 0}], [], as_of="2026-01-01")
    frame = report.to_pandas()
    assert frame["mql_to_sql"].tolist()[0] == 0.2 and math.isnan(frame["mql_to_sql"][1])
    assert math.isnan(frame["romi"][0]) and math.isnan(frame["slope"][0])
    exact = report.to_pandas(exact=True)
    assert exact["mql_to_sql"].tolist() == [Decimal("0.2"), None] and exact["mean"].tolist() == [None, None]
    assert report[1]["derived"]["mql_to_sql"] is None
    assert report.summary()["within_90"] is None and report.summary()["median_days"] is None  # no observation


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "needle"),
    [
        ("min_revenue", -5, "≥ 0"),
        ("min_revenue", "lots", '"lots" is not a number'),
        ("min_deals_per_year", True, "must be a number"),
        ("min_deals_per_year", [3], "must be a number, not list"),
        ("min_deals_per_year", {"n": 3}, "must be a number, not dict"),
        ("min_revenue", 10**40, "10000000000000000000000000000000000000000"),
        ("flat_band", float("nan"), "NaN"),
        ("flat_band", Decimal("Infinity"), "infinity"),
        ("revenue_field", "", "must name a history field"),
        ("deals_field", 5, "history field name (text)"),
        ("as_of", "2026-13-01", "not a date"),
        ("as_of", 20261231, "not a date"),
    ],
)
def test_bad_options_are_config_errors_at_the_option(option, value, needle):
    with pytest.raises(ps.ConfigError) as info:
        ps.health(SMALL_PARTNERS, SMALL_HISTORY, **{option: value})
    assert info.value.location == option and info.value.source is None
    assert needle in info.value.reason and str(info.value).startswith(f"{option}: ")


def test_unknown_option_is_a_type_error():
    with pytest.raises(TypeError, match="min_deals"):
        ps.health(SMALL_PARTNERS, SMALL_HISTORY, min_deals=3)


def test_bad_profile_is_a_config_error(tmp_path):
    config = json.loads((EXAMPLES / "profile.json").read_text(encoding="utf-8"))
    config["criteria"][1]["between"] = [250, 20]
    with pytest.raises(ps.ConfigError) as info:
        ps.health(SMALL_PARTNERS, SMALL_HISTORY, profile=config)
    assert info.value.location == "criteria[1].between"
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ps.ConfigError) as info:
        ps.health(SMALL_PARTNERS, SMALL_HISTORY, profile=path)
    assert info.value.source == str(path)
    with pytest.raises(TypeError, match="a profile is a path"):
        ps.health(SMALL_PARTNERS, SMALL_HISTORY, profile=42)


def test_no_as_of_and_no_history_period_names_as_of(tmp_path):
    for empty in ([], pd.DataFrame(), pl.DataFrame()):
        with pytest.raises(ps.InputError) as info:
            ps.health(SMALL_PARTNERS, empty)
        assert info.value.location == "as_of" and "is needed" in info.value.reason, type(empty)
    path = tmp_path / "history.csv"
    path.write_text("partner_id,period,revenue\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.health(SMALL_PARTNERS, path)
    assert info.value.location == "as_of" and info.value.source == str(path)  # as the CLI says it


def test_first_revenue_before_signing_names_the_partner_and_field(tmp_path):
    partners = [
        {"id": "A", "signed_on": "2024-01-01"},
        {"id": "X", "signed_on": "2025-02-01", "first_revenue_on": "2025-01-01"},
    ]
    for given in (partners, pd.DataFrame(partners), pl.DataFrame(partners)):
        with pytest.raises(ps.InputError) as info:
            ps.health(given, SMALL_HISTORY)
        assert info.value.location == "partners[1] (partner X), field first_revenue_on", type(given)
        assert "2025-01-01 is before signed_on 2025-02-01" in info.value.reason
    path = tmp_path / "partners.csv"
    path.write_text("id,signed_on,first_revenue_on\nA,2025-02-01,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.health(path, SMALL_HISTORY)
    assert info.value.location == "line 2, column 3 (partner A, field first_revenue_on)"
    assert info.value.source == str(path) and str(info.value).startswith(f"{path}: line 2, column 3")


def test_bad_history_names_the_row(tmp_path):
    history = SMALL_HISTORY + [{"partner_id": "B", "period": "2026-Q5", "revenue": 1}]
    for given in (history, pd.DataFrame(history), pl.DataFrame(history)):
        with pytest.raises(ps.InputError) as info:
            ps.health(SMALL_PARTNERS, given)
        assert info.value.location == "history[3] (partner B)" and '"2026-Q5"' in info.value.reason, type(given)
    twice = SMALL_HISTORY + [{"partner_id": "A", "period": "2025-Q3", "revenue": 7}]
    with pytest.raises(ps.InputError) as info:
        ps.health(SMALL_PARTNERS, twice)
    assert info.value.location == "history[3] (partner A)" and "history[0]" in info.value.reason
    with pytest.raises(ps.InputError) as info:
        ps.health(SMALL_PARTNERS, [{"partner_id": "A", "period": "2025-Q3", "revenue": "ten"}])
    assert info.value.location == "history[0] (partner A), field revenue"
    path = tmp_path / "history.csv"
    path.write_text("partner_id,period,revenue\nA,2025-Q3,1\nA,2026-Q5,1\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.health(SMALL_PARTNERS, path)
    assert info.value.location == "history line 3 (partner A)" and info.value.source == str(path)


def test_bad_partner_values_name_the_partner_and_field():
    with pytest.raises(ps.InputError) as info:
        ps.health([{"id": "A", "signed_on": "2024-02-30"}], SMALL_HISTORY)
    assert info.value.location == "partners[0] (partner A), field signed_on"
    with pytest.raises(ps.InputError) as info:
        ps.health([{"id": "A", "mql": "many", "sql": 3}], SMALL_HISTORY)
    assert info.value.location == "partners[0] (partner A), field mql"
    with pytest.raises(ps.InputError) as info:
        ps.health([{"id": "A", "marketing_spend": float("nan"), "attributed_revenue": 1}], SMALL_HISTORY)
    assert info.value.location == "partners[0] (partner A), field marketing_spend"
    with pytest.raises(TypeError, match="history must be a list of dicts"):
        ps.health(SMALL_PARTNERS, SMALL_HISTORY[0])
    with pytest.raises(ps.InputError, match="cannot read"):
        ps.health("no/such/partners.csv", SMALL_HISTORY)


def test_threads_review_with_one_shared_profile(profile, golden):
    from concurrent.futures import ThreadPoolExecutor

    partners, history = read_partners_frame(), pd.read_csv(EXAMPLES / "history.csv")

    def work(_: int) -> bool:
        return all(pretty(ps.health(partners, history, profile).to_json()) == golden for _ in range(3))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(8)))
