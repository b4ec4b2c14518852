"""Achievement plan from Python: golden parity with the CLI for every way in, the headline, hours by
strategy, DataFrames out, and errors that say where."""

from __future__ import annotations

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
    "baseline",
    "potential",
    "headroom",
    "strategy",
    "hours",
    "uplift",
    "expected",
    "deals_needed",
    "pipeline_needed",
    "reps_needed",
    "reps_short",
]
MONEY = ["baseline", "potential", "headroom", "uplift", "expected", "pipeline_needed"]
COUNTS = ["hours", "deals_needed", "reps_needed"]
SUMMARY = [
    "target",
    "baseline_total",
    "uplift_total",
    "expected_total",
    "gap",
    "coverage",
    "hours_used",
    "method",
    "upper_bound",
    "recruits_needed",
    "history_rows_ignored",
]

# The core's doc example: A has baseline 200 and potential 600 (given), B baseline 300 and no headroom.
SMALL = {
    "name": "FY27",
    "goal": {"target": "1000"},
    "periods_per_plan": 2,
    "baseline": {"method": "trailing"},
    "capacity_hours": 10,
    "strategies": [
        {"name": "invest", "hours": 10, "capture": "0.5"},
        {"name": "maintain", "hours": 0, "capture": "0"},
    ],
    "avg_deal_size": "50",
    "win_rate": "0.25",
    "deals_per_rep": 4,
}
SMALL_PARTNERS = [{"id": "A", "category": "MSP", "potential": 600, "sales_reps": 1}, {"id": "B", "category": "MSP"}]
SMALL_HISTORY = [
    {"partner_id": "A", "period": "2026-Q1", "revenue": 100},
    {"partner_id": "A", "period": "2026-Q2", "revenue": 100},
    {"partner_id": "B", "period": "2026-Q2", "revenue": 300},
]


@pytest.fixture(scope="module")
def plan():
    return ps.Plan(EXAMPLES / "plan.json")


@pytest.fixture(scope="module")
def golden() -> str:
    return (GOLDEN / "plan_sample.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(plan):
    return plan.solve(EXAMPLES / "partners.csv", EXAMPLES / "history.csv")


def partners_inputs():
    records = json.loads((EXAMPLES / "partners.json").read_text(encoding="utf-8"))
    return {
        "csv path": EXAMPLES / "partners.csv",
        "json path": str(EXAMPLES / "partners.json"),
        "records": records,
        "pandas": pd.read_csv(EXAMPLES / "partners.csv"),
        "pandas objects": pd.read_csv(EXAMPLES / "partners.csv", dtype=object),
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


def test_every_partners_input_matches_the_cli_json(plan, golden):
    for name, partners in partners_inputs().items():
        assert pretty(plan.solve(partners, EXAMPLES / "history.csv").to_json()) == golden, name


def test_every_history_input_matches_the_cli_json(plan, golden):
    for name, history in history_inputs().items():
        assert pretty(plan.solve(EXAMPLES / "partners.csv", history).to_json()) == golden, name


def test_dataframes_for_both_inputs_match_the_cli_json(plan, golden):
    pandas_pair = (pd.read_csv(EXAMPLES / "partners.csv"), pd.read_csv(EXAMPLES / "history.csv"))
    polars_pair = (pl.read_csv(EXAMPLES / "partners.csv"), pl.read_csv(EXAMPLES / "history.csv"))
    for partners, history in (pandas_pair, polars_pair):
        assert pretty(plan.solve(partners, history).to_json()) == golden, type(partners)


def test_to_json_is_the_cli_text_and_to_csv_the_cli_csv(report, golden):
    # The CLI writes serde_json's compact form plus a newline; to_json() is that text without it.
    compact = json.dumps(json.loads(golden), separators=(",", ":"), ensure_ascii=False)
    assert report.to_json() == compact
    assert report.to_csv() == (GOLDEN / "plan_sample.csv").read_text(encoding="utf-8")


def test_summary_is_the_headline_with_decimals(report, golden):
    summary = report.summary()
    expected = json.loads(golden)
    assert list(summary) == SUMMARY
    assert summary == {
        "target": Decimal("14375000.00"),
        "baseline_total": Decimal("12748042.82"),
        "uplift_total": Decimal("1192902.42"),
        "expected_total": Decimal("13940945.24"),
        "gap": Decimal("434054.76"),
        "coverage": Decimal("0.9698"),
        "hours_used": 600,
        "method": "exact",
        "upper_bound": Decimal("1192902.42"),
        "recruits_needed": 6,
        "history_rows_ignored": 4,
    }
    for key, value in summary.items():
        # Amounts written as the JSON writes them (`"14375000.00"`), counts as ints.
        if isinstance(expected[key], str) and key != "method":
            assert type(value) is Decimal and str(value) == expected[key], key
        else:
            assert type(value) is type(expected[key]) and value == expected[key], key


def test_summary_none_when_recruiting_cannot_close_the_gap():
    report = ps.Plan(SMALL).solve(SMALL_PARTNERS, SMALL_HISTORY)
    summary = report.summary()
    assert summary["recruits_needed"] is None  # no new_partner in the config
    assert summary["gap"] == Decimal("300") and str(summary["gap"]) == "300.00"
    assert summary["coverage"] == Decimal("0.7") and summary["hours_used"] == 10


def test_by_strategy_one_row_per_strategy(report, golden):
    frame = report.by_strategy()
    expected = json.loads(golden)["by_strategy"]
    assert list(frame.columns) == ["name", "partners", "hours", "uplift"]
    assert list(frame["name"]) == ["invest", "maintain", "opportunistic"] == [s["name"] for s in expected]
    assert isinstance(frame["name"].dtype, pd.StringDtype)
    assert frame["partners"].dtype == np.int64 and frame["hours"].dtype == np.int64
    assert frame["uplift"].dtype == np.float64
    assert list(frame["partners"]) == [s["partners"] for s in expected] and frame["partners"].sum() == 40
    assert list(frame["hours"]) == [s["hours"] for s in expected]
    assert list(frame["uplift"]) == [float(s["uplift"]) for s in expected]
    exact = report.by_strategy(exact=True)
    assert [str(u) for u in exact["uplift"]] == [s["uplift"] for s in expected]  # "0.00" too
    assert all(type(u) is Decimal for u in exact["uplift"])


def test_to_pandas_columns_dtypes_and_values(report, golden):
    frame = report.to_pandas()
    expected = json.loads(golden)["partners"]
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == 40
    for column in MONEY:
        assert frame[column].dtype == np.float64, column
    for column in COUNTS:
        assert frame[column].dtype == np.int64, column
    assert isinstance(frame["id"].dtype, pd.StringDtype) and isinstance(frame["strategy"].dtype, pd.StringDtype)
    assert str(frame["reps_short"].dtype) == "Int64"
    for row, partner in zip(frame.to_dict("records"), expected):
        for column in CSV_COLUMNS:
            if column in MONEY:
                assert row[column] == float(partner[column]), (partner["id"], column)
            else:
                assert row[column] == partner[column], (partner["id"], column)


def test_to_pandas_exact_keeps_the_json_decimals(report, golden):
    exact = report.to_pandas(exact=True)
    expected = json.loads(golden)["partners"]
    for column in MONEY:
        assert all(type(v) is Decimal for v in exact[column]), column
        assert [str(v) for v in exact[column]] == [p[column] for p in expected], column
    assert exact["hours"].dtype == np.int64


def test_missing_values_in_the_partners_table():
    config = dict(SMALL, win_rate="0")  # no pipeline can be computed for a partner that expects revenue
    report = ps.Plan(config).solve(SMALL_PARTNERS, SMALL_HISTORY)
    frame = report.to_pandas()
    assert math.isnan(frame["pipeline_needed"][0])
    assert frame["reps_short"][0] == 1 and frame["reps_short"].isna().tolist() == [False, True]  # 2 needed, 1 there
    exact = report.to_pandas(exact=True)
    assert exact["pipeline_needed"][0] is None and exact["reps_short"].isna().tolist() == [False, True]
    assert report[1]["reps_short"] is None and report[0]["pipeline_needed"] is None


def test_small_plan_hand_computed():
    report = ps.Plan(SMALL).solve(SMALL_PARTNERS, SMALL_HISTORY)
    a, b = report
    assert (a["baseline"], a["potential"], a["headroom"], a["strategy"], a["uplift"]) == (
        Decimal("200.00"),
        Decimal("600.00"),
        Decimal("400.00"),
        "invest",
        Decimal("200.00"),
    )
    assert (b["baseline"], b["headroom"], b["strategy"]) == (Decimal("300"), Decimal("0"), "maintain")
    assert report.summary()["expected_total"] == Decimal("700")


def test_len_iteration_indexing_to_dicts_and_html(report, golden):
    expected = json.loads(golden)["partners"]
    assert len(report) == 40
    dicts = report.to_dicts()
    assert list(report) == dicts and report[0] == dicts[0] and report[-1] == dicts[-1]
    with pytest.raises(IndexError):
        report[40]
    first = dicts[0]
    assert first["id"] == "P001" and type(first["baseline"]) is Decimal and type(first["hours"]) is int
    assert {k: str(v) if isinstance(v, Decimal) else v for k, v in first.items()} == expected[0]
    html = report._repr_html_()
    assert "FY27 achievement plan" in html and "<table>" in html and "20 more partners" in html
    assert "gap 434,054.76" in html and "recruits needed 6" in html
    assert repr(report) == 'PlanReport("FY27 achievement plan", 40 partners)'


def test_plan_properties(plan):
    assert plan.name == "FY27 achievement plan"
    assert plan.strategies == ["invest", "maintain", "opportunistic"]
    assert plan.history_field == "revenue" and plan.capacity_hours == 600
    assert plan.target == Decimal("14375000") and type(plan.target) is Decimal
    assert set(plan.fields) == {"potential", "sales_reps"}
    assert repr(plan) == 'Plan("FY27 achievement plan", 3 strategies, 600 hours)'
    assert ps.Plan(json.dumps(SMALL)).name == "FY27"  # JSON text


def test_config_dict_decimals_are_exact():
    config = dict(SMALL, goal={"target": Decimal("1000.10")}, strategies=[
        {"name": "invest", "hours": 10, "capture": Decimal("0.1")},
        {"name": "maintain", "hours": 0, "capture": 0},
    ])
    report = ps.Plan(config).solve(SMALL_PARTNERS, SMALL_HISTORY)
    assert report.summary()["target"] == Decimal("1000.10")
    assert report[0]["uplift"] == Decimal("40.00")  # 400 × 0.1 exactly


def test_history_rows_outside_the_plan_are_counted():
    history = SMALL_HISTORY + [{"partner_id": "Z", "period": "2026-Q1", "revenue": 5}]
    assert ps.Plan(SMALL).solve(SMALL_PARTNERS, history).summary()["history_rows_ignored"] == 1


def test_history_from_frames_with_numbers_dates_and_missing_values():
    plan = ps.Plan(SMALL)
    frame = pd.DataFrame(SMALL_HISTORY)
    frame.loc[3] = ["B", "2026-Q1", np.nan]  # a NaN in a DataFrame is missing: 0 in that period
    expected = plan.solve(SMALL_PARTNERS, SMALL_HISTORY).to_json()
    assert plan.solve(SMALL_PARTNERS, frame).to_json() == expected
    with_null = pl.DataFrame(SMALL_HISTORY + [{"partner_id": "B", "period": "2026-Q1", "revenue": None}])
    assert plan.solve(SMALL_PARTNERS, with_null).to_json() == expected
    # Dates are day periods (`2026-01-01`): the same two-period axis.
    dates = pd.DataFrame(SMALL_HISTORY)
    dates["period"] = pd.to_datetime(["2026-01-01", "2026-02-01", "2026-02-01"])
    assert plan.solve(SMALL_PARTNERS, dates).to_json() == expected
    # Numeric ids and year periods are read as their text.
    years = pd.DataFrame({"partner_id": [1, 1, 2], "period": [2025, 2026, 2026], "revenue": [100.0, 100.0, 300.0]})
    report = plan.solve([{"id": "1", "potential": 600}, {"id": "2"}], years)
    assert [p["baseline"] for p in report] == [Decimal("200"), Decimal("300")]
    # Empty inputs are an empty history: baselines 0.
    for empty in ([], pd.DataFrame(), pl.DataFrame()):
        assert plan.solve(SMALL_PARTNERS, empty).summary()["baseline_total"] == 0


# --- errors -----------------------------------------------------------------------------------------------


def sample_config() -> dict:
    return json.loads((EXAMPLES / "plan.json").read_text(encoding="utf-8"))


def test_config_errors_name_the_config_path(tmp_path):
    config = sample_config()
    config["strategies"][0]["hours"] = 80.5
    with pytest.raises(ps.ConfigError) as info:
        ps.Plan(config)
    assert info.value.location == "strategies[0].hours" and "80.5" in str(info.value)
    assert str(info.value).startswith("strategies[0].hours: ")

    config = sample_config()
    config["strategies"][1]["capture"] = Decimal("1.5")
    with pytest.raises(ps.ConfigError) as info:
        ps.Plan(config)
    assert info.value.location == "strategies[1].capture" and "[0, 1]" in info.value.reason

    path = tmp_path / "plan.json"
    config = sample_config()
    config["strategies"][2]["capture"] = "1.5"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ps.ConfigError) as info:
        ps.Plan(path)
    assert info.value.location == "strategies[2].capture" and info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: strategies[2].capture: ")

    with pytest.raises(ps.ConfigError, match="cannot read"):
        ps.Plan(tmp_path / "missing.json")
    with pytest.raises(ps.ConfigError, match="cannot appear in a plan"):
        ps.Plan(dict(SMALL, name={1, 2}))
    with pytest.raises(TypeError, match="a plan is a path"):
        ps.Plan(42)


def test_duplicate_history_row_names_both_rows(tmp_path):
    plan = ps.Plan(SMALL)
    history = SMALL_HISTORY + [{"partner_id": "A", "period": "2026-Q1", "revenue": 7}]
    for given in (history, pd.DataFrame(history), pl.DataFrame(history)):
        with pytest.raises(ps.InputError) as info:
            plan.solve(SMALL_PARTNERS, given)
        assert info.value.location == "history[3] (partner A)", type(given)
        assert "already has period 2026-Q1 at history[0]" in str(info.value)

    path = tmp_path / "history.csv"
    path.write_text("partner_id,period,revenue\nA,2026-Q1,1\nB,2026-Q1,2\nA,2026-Q1,3\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        plan.solve(SMALL_PARTNERS, path)
    assert info.value.location == "history line 4 (partner A)" and info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: history line 4 (partner A): ")


def test_bad_period_names_the_row():
    history = SMALL_HISTORY + [{"partner_id": "B", "period": "2026-Q5", "revenue": 1}]
    with pytest.raises(ps.InputError) as info:
        ps.Plan(SMALL).solve(SMALL_PARTNERS, pd.DataFrame(history))
    assert info.value.location == "history[3] (partner B)" and '"2026-Q5"' in info.value.reason


def test_infeasible_capacity_names_the_hours_needed(tmp_path):
    config = sample_config()
    config["capacity_hours"] = 100
    with pytest.raises(ps.InputError) as info:
        ps.Plan(config).solve(EXAMPLES / "partners.csv", EXAMPLES / "history.csv")
    assert info.value.location == "capacity_hours"
    assert "need at least 160 hours" in info.value.reason and "capacity_hours is 100" in info.value.reason
    # The error is about the plan: a plan file names itself, as the CLI does.
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.Plan(path).solve(EXAMPLES / "partners.csv", EXAMPLES / "history.csv")
    assert info.value.source == str(path)


def test_bad_values_name_the_partner_or_history_row():
    plan = ps.Plan(SMALL)
    with pytest.raises(ps.InputError) as info:
        plan.solve([{"id": "A", "potential": "lots"}], SMALL_HISTORY)
    assert info.value.location == "partners[0] (partner A), field potential"
    with pytest.raises(ps.InputError) as info:
        plan.solve([{"id": "A", "sales_reps": 1.5}], SMALL_HISTORY)
    assert info.value.location == "partners[0] (partner A), field sales_reps"
    bad = pd.DataFrame({"partner_id": ["A", "B"], "period": ["2026-Q1", "2026-Q1"], "revenue": [1.0, np.inf]})
    with pytest.raises(ps.InputError) as info:
        plan.solve(SMALL_PARTNERS, bad)
    assert info.value.location == "history[1] (partner B), field revenue"
    with pytest.raises(ps.InputError) as info:
        plan.solve(SMALL_PARTNERS, [{"partner_id": "A", "period": "2026-Q1", "revenue": "ten"}])
    assert info.value.location == "history[0] (partner A), field revenue"
    with pytest.raises(ps.InputError, match=r"^history\[1\]: field partner_id: required"):
        plan.solve(SMALL_PARTNERS, [SMALL_HISTORY[0], {"period": "2026-Q1"}])
    with pytest.raises(ps.InputError, match="each history row must be a dict"):
        plan.solve(SMALL_PARTNERS, [3])
    with pytest.raises(ps.InputError) as info:
        plan.solve(SMALL_PARTNERS, pd.DataFrame({"id": ["A"], "revenue": [1]}))
    assert info.value.location == "history" and "partner_id" in info.value.reason
    with pytest.raises(TypeError, match="history must be a list of dicts"):
        plan.solve(SMALL_PARTNERS, SMALL_HISTORY[0])
    with pytest.raises(ps.InputError, match="cannot read"):
        plan.solve(SMALL_PARTNERS, "no/such/history.csv")
