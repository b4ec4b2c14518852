"""Deal registration from Python: golden parity with the CLI for every way in (paths, records, pandas with
text, default and date dtypes, polars), the registrations and conflicts tables, the headline, the window,
and bad input that names the registration as the CLI does."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import polars as pl
import pytest

import partnerscore as ps
from conftest import EXAMPLES, GOLDEN, pretty

CSV_COLUMNS = [
    "id",
    "partner_id",
    "customer",
    "customer_key",
    "product",
    "registered_on",
    "expires_on",
    "status",
    "lost_to",
    "lost_to_partner_id",
]
DATES = ["registered_on", "expires_on"]
TEXT = [c for c in CSV_COLUMNS if c not in DATES]
CONFLICT_COLUMNS = [
    "customer_key",
    "product",
    "winner",
    "winner_partner_id",
    "winner_registered_on",
    "winner_expires_on",
    "loser",
    "loser_partner_id",
    "loser_registered_on",
]

# The CLI's bad-input cases (tests/dealreg.rs): R1 then one bad registration R2.
R1 = {"id": "R1", "partner_id": "P1", "customer": "Acme", "registered_on": "2026-01-01"}


def r2(**fields):
    return [R1, dict({"id": "R2", "partner_id": "P2", "customer": "Acme", "registered_on": "2026-03-01"}, **fields)]


@pytest.fixture(scope="module")
def golden() -> str:
    return (GOLDEN / "dealreg_sample.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def golden_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((GOLDEN / "dealreg_sample.csv").read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def report():
    return ps.dealreg(EXAMPLES / "registrations.csv")


def registrations_inputs():
    records = json.loads((EXAMPLES / "registrations.json").read_text(encoding="utf-8"))
    path = EXAMPLES / "registrations.csv"
    as_text = pd.read_csv(path, dtype=str)
    dated = pd.read_csv(path, parse_dates=["registered_on", "expires_on"])
    as_dates = as_text.copy()
    for column in DATES:
        as_dates[column] = [None if pd.isna(v) else datetime.date.fromisoformat(v) for v in as_text[column]]
    timestamps = dated.astype({"registered_on": object, "expires_on": object})
    return {
        "csv path": path,
        "csv path text": str(path),
        "json path": str(EXAMPLES / "registrations.json"),
        "records": records,
        "records with dates": [
            {k: datetime.date.fromisoformat(v) if k in DATES else v for k, v in r.items()} for r in records
        ],
        "pandas text": as_text,
        # amount float64, the empty product NaN (absent), expires_on mostly NaN.
        "pandas default": pd.read_csv(path),
        "pandas datetime64": dated,
        "pandas tz-aware": dated.assign(registered_on=dated["registered_on"].dt.tz_localize("Europe/Paris")),
        "pandas datetime.date": as_dates,
        "pandas Timestamp objects": timestamps,
        "pandas categorical": pd.read_csv(path, dtype={"customer": "category", "partner_id": "category"}),
        "pandas indexed": pd.read_csv(path).set_index("id"),
        "pandas extra columns": pd.read_csv(path).assign(notes=[{"x": 1}] * 30, region="EMEA"),
        "polars": pl.read_csv(path),
        "polars dates": pl.read_csv(path, try_parse_dates=True),
    }


# --- golden parity ----------------------------------------------------------------------------------------


def test_default_typed_frame_has_floats_and_nan():
    frame = pd.read_csv(EXAMPLES / "registrations.csv")
    assert frame["amount"].dtype == np.float64 and frame["product"].isna().sum() == 1
    assert pd.api.types.is_datetime64_any_dtype(registrations_inputs()["pandas datetime64"]["registered_on"])
    assert isinstance(registrations_inputs()["pandas Timestamp objects"]["registered_on"][0], pd.Timestamp)


@pytest.mark.parametrize("name", list(registrations_inputs()))
def test_every_input_matches_the_cli_json(name, golden):
    given = registrations_inputs()[name]
    assert pretty(ps.dealreg(given).to_json()) == golden, name


def test_to_json_is_the_cli_text_and_to_csv_the_cli_csv(report, golden):
    # The CLI writes serde_json's compact form plus a newline; to_json() is that text without it.
    compact = json.dumps(json.loads(golden), separators=(",", ":"), ensure_ascii=False)
    assert report.to_json() == compact
    assert report.to_csv() == (GOLDEN / "dealreg_sample.csv").read_text(encoding="utf-8")


# --- the report's tables ----------------------------------------------------------------------------------


def test_summary_counts(report, golden):
    summary = report.summary()
    assert summary == {"window_days": 90, "registrations": 30, "clear": 19, "won": 5, "lost": 6, "conflicts": 5}
    assert list(summary) == ["window_days", "registrations", "clear", "won", "lost", "conflicts"]
    assert all(type(v) is int for v in summary.values())
    expected = json.loads(golden)
    for status in ("clear", "won", "lost"):
        assert summary[status] == sum(r["status"] == status for r in expected["registrations"])
    assert report.window_days == 90


def test_to_dicts_numbers_and_nulls(report, golden):
    dicts = report.to_dicts()
    expected = json.loads(golden)
    assert dicts == expected["registrations"] and len(dicts) == 30
    assert list(dicts[0]) == ["id", "partner_id", "customer_key", "status", "lost_to"]
    assert dicts[0] == {
        "id": "R-1001",
        "partner_id": "P012",
        "customer_key": "contoso retail group",
        "status": "won",
        "lost_to": None,
    }
    assert dicts[1]["status"] == "lost" and dicts[1]["lost_to"] == "R-1001"
    assert all(type(v) is str for d in dicts for k, v in d.items() if k != "lost_to")
    # No decimal in this result: window_days is an int, nothing is turned into Decimal.
    assert not any(isinstance(v, Decimal) for d in dicts for v in d.values())


def test_len_iteration_indexing_repr_and_html(report):
    assert len(report) == 30
    dicts = report.to_dicts()
    assert list(report) == dicts and report[0] == dicts[0] and report[-1] == dicts[-1]
    with pytest.raises(IndexError):
        report[30]
    assert repr(report) == "DealRegReport(window 90 days, 30 registrations, 5 conflicts)"
    html = report._repr_html_()
    assert "Deal registrations (window 90 days)</b>: 30 registrations" in html and "10 more registrations" in html
    assert "<th>customer_key</th>" in html and "<td>societe generale</td>" in html
    assert "19 clear, 5 won, 6 lost; 5 conflicts" in html


def test_to_pandas_columns_dtypes_and_values(report, golden_rows):
    frame = report.to_pandas()
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == len(report) == 30
    for column in TEXT:
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in DATES:
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    for row, cells in zip(frame.to_dict("records"), golden_rows):
        for column in CSV_COLUMNS:
            value, cell = row[column], cells[column]
            if column in DATES:
                assert value.date().isoformat() == cell, (cells["id"], column)
            else:
                assert (pd.isna(value) and cell == "") or value == cell, (cells["id"], column)
    # Filters an analyst writes.
    lost = ["R-1002", "R-1006", "R-1009", "R-1010", "R-1013", "R-1022"]
    assert frame.loc[frame["status"] == "lost", "id"].tolist() == lost
    assert frame["expires_on"][0] == pd.Timestamp("2026-04-12")  # registered_on + 90 days
    assert frame["expires_on"][10] == pd.Timestamp("2026-02-28")  # given
    assert (frame["expires_on"] > "2026-08-01").sum() > 0
    assert frame["product"].isna().sum() == 1 and frame["lost_to"].isna().sum() == 24
    exact = report.to_pandas(exact=True)
    assert exact.equals(frame)  # nothing to keep exact: the table has no decimals


def test_conflicts_one_row_per_conflict_and_loser(report, golden):
    expected = json.loads(golden)["conflicts"]
    frame = report.conflicts()
    assert list(frame.columns) == CONFLICT_COLUMNS
    assert len(frame) == sum(len(c["losers"]) for c in expected) == report.summary()["lost"] == 6
    for column in ("customer_key", "product", "winner", "winner_partner_id", "loser", "loser_partner_id"):
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in ("winner_registered_on", "winner_expires_on", "loser_registered_on"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    # Grouped by winner (in order), the rows are the JSON's conflicts.
    regrouped = [
        {
            "customer_key": rows["customer_key"].iloc[0],
            "product": None if pd.isna(rows["product"].iloc[0]) else rows["product"].iloc[0],
            "winner": winner,
            "winner_partner_id": rows["winner_partner_id"].iloc[0],
            "winner_expires_on": rows["winner_expires_on"].iloc[0].date().isoformat(),
            "losers": rows["loser"].tolist(),
        }
        for winner, rows in frame.groupby("winner", sort=False)
    ]
    assert regrouped == expected
    first = frame.iloc[0]
    assert (first["winner"], first["loser"], first["loser_partner_id"]) == ("R-1005", "R-1006", "P010")
    assert first["winner_registered_on"] == pd.Timestamp("2026-01-05")
    assert first["loser_registered_on"] == pd.Timestamp("2026-02-14")
    # Whom did each partner lose to?
    lost = report.to_pandas().query("status == 'lost'")
    assert sorted(frame["loser_partner_id"]) == sorted(lost["partner_id"])
    assert frame.loc[frame["loser_partner_id"] == "P016", "winner_partner_id"].tolist() == ["P012"]


def test_window_days_changes_the_judgement():
    report = ps.dealreg(EXAMPLES / "registrations.csv", window_days=30)
    status = {r["id"]: r["status"] for r in report}
    # R-1006 (02-14) is 40 days after R-1005 (01-05): both clear with 30-day windows; R-1002 (02-03) still
    # falls inside R-1001's [01-12, 02-11).
    assert (status["R-1006"], status["R-1005"], status["R-1002"]) == ("clear", "clear", "lost")
    assert report.window_days == report.summary()["window_days"] == json.loads(report.to_json())["window_days"] == 30
    assert report.to_pandas()["expires_on"][0] == pd.Timestamp("2026-02-11")
    same = [ps.dealreg(EXAMPLES / "registrations.csv", window_days=w).to_json() for w in (np.int64(30), np.int32(30))]
    assert same == [report.to_json()] * 2
    assert ps.dealreg(EXAMPLES / "registrations.csv", window_days=None).window_days == 90


def test_empty_input_is_an_empty_report():
    for empty in ([], pd.DataFrame(columns=["id", "partner_id", "customer", "registered_on"])):
        report = ps.dealreg(empty)
        assert len(report) == 0 and report.summary()["registrations"] == 0
        assert json.loads(report.to_json()) == {"window_days": 90, "registrations": [], "conflicts": []}
        assert list(report.to_pandas().columns) == CSV_COLUMNS and len(report.conflicts()) == 0


def test_numeric_ids_are_read_as_their_text():
    report = ps.dealreg(
        [
            {"id": 1, "partner_id": 10, "customer": "Acme Inc.", "registered_on": "2026-01-01"},
            {"id": 2, "partner_id": 20, "customer": "ACME", "registered_on": datetime.date(2026, 1, 2)},
        ]
    )
    second = {"id": "2", "partner_id": "20", "customer_key": "acme", "status": "lost", "lost_to": "1"}
    assert report.to_dicts()[1] == second
    assert report.conflicts()["winner"].tolist() == ["1"]
    frame = pd.DataFrame({"id": [1, 2], "partner_id": [10, 20], "customer": ["Acme Inc.", "ACME"]})
    frame["registered_on"] = pd.to_datetime(["2026-01-01", "2026-01-02"])
    assert ps.dealreg(frame).to_json() == report.to_json()


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "location", "needle"),
    [
        (
            {"registered_on": "2026-02-30"},
            "registrations[1] (registration R2), field registered_on",
            '"2026-02-30" is not a date',
        ),
        (
            {"expires_on": "2026-03-01"},
            "registrations[1] (registration R2), field expires_on",
            "expires_on 2026-03-01 is not after registered_on 2026-03-01",
        ),
        ({"amount": "12k"}, "registrations[1] (registration R2), field amount", "12k"),
        (
            {"id": "R1"},
            "registrations[1] (registration R1)",
            "registration id R1 is already used at registrations[0] (registration R1)",
        ),
        ({"customer": "..."}, "registrations[1] (registration R2), field customer", "normalizes to nothing"),
        ({"customer": None}, "registrations[1] (registration R2), field customer", "needs a customer"),
        (
            {"customer": {"name": "Acme"}},
            "registrations[1] (registration R2), field customer",
            "type dict is not supported",
        ),
    ],
)
def test_bad_registrations_name_the_registration(fields, location, needle):
    records = r2(**fields)
    for given in (records, pd.DataFrame(records), pd.DataFrame(records).astype(object)):
        with pytest.raises(ps.InputError) as info:
            ps.dealreg(given)
        assert info.value.location == location, type(given)
        assert needle in info.value.reason and str(info.value).startswith(f"{location}: "), info.value
        assert info.value.source is None


def test_bad_date_in_a_file_names_the_line_and_file(tmp_path):
    path = tmp_path / "bad.csv"
    header = "id,partner_id,customer,product,amount,registered_on,expires_on\n"
    path.write_text(header + "R1,P1,Acme,,,2026-01-01,\nR2,P2,Acme,,,2026-02-30,\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(path)
    # The CLI's message: `bad.csv: registrations line 3, column 6 (registration R2, field registered_on): …`.
    location = "registrations line 3, column 6 (registration R2, field registered_on)"
    assert info.value.location == location and info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: {location}: ")
    json_path = tmp_path / "bad.json"
    json_path.write_text(json.dumps(r2(registered_on="2026-02-30")), encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(json_path)
    assert info.value.location == "registrations[1] (registration R2), field registered_on"
    assert info.value.source == str(json_path)
    with pytest.raises(ps.InputError, match="cannot read"):
        ps.dealreg(tmp_path / "missing.csv")


def test_a_frame_missing_a_column_names_the_first_registration():
    frame = pd.read_csv(EXAMPLES / "registrations.csv", dtype=str).drop(columns=["customer"])
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(frame)
    assert info.value.location == "registrations[0] (registration R-1001), field customer"
    assert "a registration needs a customer" in info.value.reason
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(pd.read_csv(EXAMPLES / "registrations.csv").drop(columns=["registered_on"]))
    assert info.value.location == "registrations[0] (registration R-1001), field registered_on"
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(pd.read_csv(EXAMPLES / "registrations.csv").drop(columns=["id"]))
    assert info.value.location == "registrations[0], field id"


def test_duplicate_ids_in_a_frame():
    frame = pd.read_csv(EXAMPLES / "registrations.csv", dtype=str)
    frame.loc[5, "id"] = "R-1001"
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(frame)
    assert info.value.location == "registrations[5] (registration R-1001)"
    assert "already used at registrations[0] (registration R-1001)" in info.value.reason


def test_duplicate_column_names_the_column():
    columns = ["id", "partner_id", "customer", "customer", "registered_on"]
    frame = pd.DataFrame([["R1", "P1", "Acme", "Acme", "2026-01-01"]], columns=columns)
    with pytest.raises(ps.InputError) as info:
        ps.dealreg(frame)
    assert info.value.location == "registrations column customer"


def test_window_days_below_one_is_the_cores_input_error():
    for bad in (0, -5):
        with pytest.raises(ps.InputError) as info:
            ps.dealreg(EXAMPLES / "registrations.csv", window_days=bad)
        assert info.value.location == "window_days" and info.value.source is None
        assert f"found {bad}" in info.value.reason and str(info.value).startswith("window_days: ")


@pytest.mark.parametrize("bad", [True, False, 30.0, 30.5, "30", Decimal(30), np.float64(30), np.bool_(True), [30]])
def test_window_days_of_the_wrong_type_is_refused(bad):
    with pytest.raises(ps.InputError) as info:
        ps.dealreg([R1], window_days=bad)
    assert info.value.location == "window_days" and "must be a whole number of days (an int)" in info.value.reason
    assert isinstance(info.value, ValueError)  # PartnerScoreError is a ValueError


def test_window_days_out_of_range():
    with pytest.raises(ps.InputError) as info:
        ps.dealreg([R1], window_days=10**30)
    assert info.value.location == "window_days" and "out of range" in info.value.reason
    with pytest.raises(ps.InputError) as info:
        ps.dealreg([R1], window_days=10**12)
    assert info.value.location == "registrations[0] (registration R1)" and "past the year 9999" in info.value.reason


def test_not_a_table_is_a_type_error():
    with pytest.raises(TypeError, match="registrations must be a list of dicts"):
        ps.dealreg(R1)
    with pytest.raises(TypeError, match="registrations must be a DataFrame"):
        ps.dealreg(42)
    with pytest.raises(TypeError, match="window"):
        ps.dealreg([R1], window=30)
