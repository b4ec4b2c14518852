"""Execution-plan tracking from Python: golden parity with the CLI for every way in (paths, records, pandas
default-typed, text and date dtypes, polars), the commitments, milestones, partners and impediments tables,
the headline, as_of in every form, and bad input that names the record as the CLI does."""

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

AS_OF = "2026-09-30"
CSV_COLUMNS = ["partner_id", "kind", "field", "target", "actual", "expected_to_date", "status", "shortfall", "due"]
NUMBERS = ["target", "actual", "expected_to_date", "shortfall"]
MILESTONE_COLUMNS = ["partner_id", "area", "name", "due", "done_on", "status", "out_of_order"]
PARTNER_COLUMNS = ["id", "done", "on_track", "at_risk", "behind", "overdue", "impediments", "worst_impediment"]
IMPEDIMENT_COLUMNS = ["partner_id", "kind", "field", "status", "shortfall", "text"]
COMMITMENTS_CSV = EXAMPLES / "commitments.csv"
MILESTONES_CSV = EXAMPLES / "milestones.csv"


@pytest.fixture(scope="module")
def golden() -> str:
    return (GOLDEN / "track_sample.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def expected(golden) -> dict:
    return json.loads(golden)


@pytest.fixture(scope="module")
def golden_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((GOLDEN / "track_sample.csv").read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def report():
    return ps.track(COMMITMENTS_CSV, MILESTONES_CSV, as_of=AS_OF)


def _dated(records, keys):
    return [{k: datetime.date.fromisoformat(v) if k in keys and v else v for k, v in r.items()} for r in records]


def inputs():
    """(commitments, milestones) pairs, every way in; each must give the golden report."""
    commitments = json.loads((EXAMPLES / "commitments.json").read_text(encoding="utf-8"))
    milestones = json.loads((EXAMPLES / "milestones.json").read_text(encoding="utf-8"))
    default_c, default_m = pd.read_csv(COMMITMENTS_CSV), pd.read_csv(MILESTONES_CSV)
    dated_c = pd.read_csv(COMMITMENTS_CSV, parse_dates=["start", "due"])
    dated_m = pd.read_csv(MILESTONES_CSV, parse_dates=["due", "done_on"])
    return {
        "csv paths": (COMMITMENTS_CSV, MILESTONES_CSV),
        "csv paths as text": (str(COMMITMENTS_CSV), str(MILESTONES_CSV)),
        "json paths": (EXAMPLES / "commitments.json", str(EXAMPLES / "milestones.json")),
        "records": (commitments, milestones),
        "records with dates": (_dated(commitments, ("start", "due")), _dated(milestones, ("due", "done_on"))),
        "records with Decimals and text numbers": (
            [dict(c, target=Decimal(c["target"]), actual=str(c.get("actual", ""))) for c in commitments],
            milestones,
        ),
        # target int64, actual float64 with NaN (P031 has none: 0); done_on object with NaN (absent).
        "pandas default": (default_c, default_m),
        "pandas text": (pd.read_csv(COMMITMENTS_CSV, dtype=str), pd.read_csv(MILESTONES_CSV, dtype=str)),
        "pandas datetime64": (dated_c, dated_m),
        "pandas categorical": (
            pd.read_csv(COMMITMENTS_CSV, dtype={"kind": "category", "partner_id": "category"}),
            pd.read_csv(MILESTONES_CSV, dtype={"area": "category"}),
        ),
        "pandas indexed": (default_c.set_index("partner_id"), default_m.set_index("partner_id")),
        "pandas extra columns": (default_c.assign(owner="Kim", notes=[{"x": 1}] * 20), default_m.assign(flag=True)),
        "polars": (pl.read_csv(COMMITMENTS_CSV), pl.read_csv(MILESTONES_CSV)),
        "polars dates": (
            pl.read_csv(COMMITMENTS_CSV, try_parse_dates=True),
            pl.read_csv(MILESTONES_CSV, try_parse_dates=True),
        ),
        "mixed": (default_c, MILESTONES_CSV),
    }


# --- golden parity ----------------------------------------------------------------------------------------


def test_default_typed_frames_have_ints_floats_and_nan():
    c, m = inputs()["pandas default"]
    assert c["target"].dtype == np.int64 and c["actual"].dtype == np.float64 and c["actual"].isna().sum() == 1
    assert pd.api.types.is_string_dtype(m["done_on"]) and m["done_on"].isna().sum() == 5


@pytest.mark.parametrize("name", list(inputs()))
def test_every_input_matches_the_cli_json(name, golden):
    commitments, milestones = inputs()[name]
    assert pretty(ps.track(commitments, milestones, as_of=AS_OF).to_json()) == golden, name


def test_to_json_is_the_cli_text_and_to_csv_the_cli_csv(report, golden):
    # The CLI writes serde_json's compact form plus a newline; to_json() is that text without it.
    compact = json.dumps(json.loads(golden), separators=(",", ":"), ensure_ascii=False)
    assert report.to_json() == compact
    assert report.to_csv() == (GOLDEN / "track_sample.csv").read_text(encoding="utf-8")


def test_without_milestones(expected):
    for report in (ps.track(COMMITMENTS_CSV, as_of=AS_OF), ps.track(COMMITMENTS_CSV, None, AS_OF)):
        doc = json.loads(report.to_json())
        # The same commitments and counts; no milestones, so no milestone-only partner (P040).
        assert doc["commitments"] == expected["commitments"] and doc["milestones"] == []
        assert doc["partners"] == [p for p in expected["partners"] if p["id"] != "P040"]
        assert len(report.milestones()) == 0 and list(report.milestones().columns) == MILESTONE_COLUMNS
        summary = report.summary()
        assert summary["milestones"] == summary["milestones_overdue"] == summary["out_of_order"] == 0
        assert report.to_csv() == (GOLDEN / "track_sample.csv").read_text(encoding="utf-8")


# --- the report's tables ----------------------------------------------------------------------------------


def test_to_dicts_are_the_commitments_with_decimals(report, expected):
    dicts = report.to_dicts()
    assert len(dicts) == 20
    assert list(dicts[0]) == CSV_COLUMNS[:-1]  # the CSV's columns but due
    pipeline = dicts[2]
    assert pipeline == {
        "partner_id": "P012",
        "kind": "pipeline",
        "field": "pipeline",
        "target": Decimal("600000"),
        "actual": Decimal("420000"),
        "expected_to_date": Decimal("448351.6484"),
        "status": "at_risk",
        "shortfall": Decimal("28351.6484"),
    }
    for got, want in zip(dicts, expected["commitments"]):
        for key in NUMBERS:
            assert type(got[key]) is Decimal and got[key] == Decimal(want[key]) and str(got[key]) == want[key]
        assert {k: v for k, v in got.items() if k not in NUMBERS} == {
            k: v for k, v in want.items() if k not in NUMBERS
        }
    # P031 has no actual: 0.
    assert dicts[14]["partner_id"] == "P031" and dicts[14]["actual"] == 0


def test_len_iteration_indexing_repr_and_html(report):
    assert len(report) == 20
    dicts = report.to_dicts()
    assert list(report) == dicts and report[0] == dicts[0] and report[-1] == dicts[-1]
    with pytest.raises(IndexError):
        report[20]
    assert repr(report) == "TrackReport(as_of 2026-09-30, 20 commitments, 18 milestones, 11 partners)"
    assert report.as_of == datetime.date(2026, 9, 30)
    html = report._repr_html_()
    assert "Execution-plan tracking as of 2026-09-30</b>: 20 commitments" in html
    assert "<th>expected_to_date</th>" in html and "<td>448351.6484</td>" in html
    assert "3 done, 7 on track, 3 at risk, 4 behind, 3 overdue; 3 milestones overdue, 3 out of order" in html
    assert "more commitments" not in html


def test_summary(report, expected):
    summary = report.summary()
    assert summary == {
        "as_of": datetime.date(2026, 9, 30),
        "commitments": 20,
        "done": 3,
        "on_track": 7,
        "at_risk": 3,
        "behind": 4,
        "overdue": 3,
        "impediments": 10,
        "milestones": 18,
        "milestones_done": 12,
        "milestones_overdue": 3,
        "out_of_order": 3,
        "partners": 11,
    }
    for status in ("done", "on_track", "at_risk", "behind", "overdue"):
        assert summary[status] == sum(c["status"] == status for c in expected["commitments"])
        assert summary[status] == sum(p[status] for p in expected["partners"])
    assert summary["impediments"] == sum(len(p["impediments"]) for p in expected["partners"])
    assert all(type(v) is int for k, v in summary.items() if k != "as_of")


def test_to_pandas_columns_dtypes_and_values(report, golden_rows):
    frame = report.to_pandas()
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == 20
    for column in ("partner_id", "kind", "field", "status"):
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in NUMBERS:
        assert frame[column].dtype == np.float64, column
    assert pd.api.types.is_datetime64_any_dtype(frame["due"])
    for row, cells in zip(frame.to_dict("records"), golden_rows):
        for column in CSV_COLUMNS:
            value, cell = row[column], cells[column]
            if column == "due":
                assert value.date().isoformat() == cell
            elif column in NUMBERS:
                assert value == float(cell), (cells["partner_id"], column)
            else:
                assert value == cell, (cells["partner_id"], column)
    # Filters an analyst writes.
    behind = frame[frame["status"].isin(["behind", "overdue"])]
    assert behind["partner_id"].tolist() == ["P016", "P016", "P005", "P021", "P026", "P036", "P024"]
    assert (frame["due"] < "2026-09-30").sum() == 5
    assert frame.groupby("kind")["shortfall"].sum()["deals"] == pytest.approx(2.978 + 2.5)

    exact = report.to_pandas(exact=True)
    assert list(exact.columns) == CSV_COLUMNS
    for column in NUMBERS:
        assert all(type(v) is Decimal for v in exact[column]), column
        assert [str(v) for v in exact[column]] == [r[column] for r in golden_rows], column
    assert exact.drop(columns=NUMBERS).equals(frame.drop(columns=NUMBERS))


def test_milestones_table(report, expected):
    frame = report.milestones()
    assert list(frame.columns) == MILESTONE_COLUMNS and len(frame) == 18
    for column in ("partner_id", "area", "name", "status"):
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in ("due", "done_on"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert frame["out_of_order"].dtype == bool
    for row, want in zip(frame.to_dict("records"), expected["milestones"]):
        got = dict(row)
        for column in ("due", "done_on"):
            got[column] = None if pd.isna(got[column]) else got[column].date().isoformat()
        got["out_of_order"] = bool(got["out_of_order"])
        assert got == want
    assert frame["done_on"].isna().sum() == 5
    # P036's business plan was signed after as_of: shown as given, but overdue at as_of.
    p036 = frame.iloc[14]
    assert (p036["partner_id"], p036["status"], p036["done_on"]) == ("P036", "overdue", pd.Timestamp("2026-10-15"))
    assert frame.loc[frame["out_of_order"], "partner_id"].tolist() == ["P016", "P005", "P036"]


def test_partners_table(report, expected):
    frame = report.partners()
    assert list(frame.columns) == PARTNER_COLUMNS and len(frame) == 11
    for column in ("id", "worst_impediment"):
        assert isinstance(frame[column].dtype, pd.StringDtype), column
    for column in ("done", "on_track", "at_risk", "behind", "overdue", "impediments"):
        assert frame[column].dtype == np.int64, column
    for row, want in zip(frame.to_dict("records"), expected["partners"]):
        for column in ("id", "done", "on_track", "at_risk", "behind", "overdue"):
            assert row[column] == want[column], (want["id"], column)
        assert row["impediments"] == len(want["impediments"])
        worst = want["impediments"][0]["text"] if want["impediments"] else None
        assert (pd.isna(row["worst_impediment"]) and worst is None) or row["worst_impediment"] == worst
    assert frame["id"].tolist()[-1] == "P040"  # milestones only: all counts 0
    p016 = frame.iloc[1]
    assert p016["worst_impediment"] == "training: 2 certified_reps short of target, due 2026-07-31"
    assert p016["impediments"] == 2


def test_impediments_table(report, expected):
    frame = report.impediments()
    assert list(frame.columns) == IMPEDIMENT_COLUMNS
    want = [dict(i, partner_id=p["id"]) for p in expected["partners"] for i in p["impediments"]]
    assert len(frame) == len(want) == 10
    for column in ("partner_id", "kind", "field", "status", "text"):
        assert isinstance(frame[column].dtype, pd.StringDtype), column
        assert frame[column].tolist() == [w[column] for w in want], column
    assert frame["shortfall"].dtype == np.float64
    assert frame["shortfall"].tolist() == [float(w["shortfall"]) for w in want]
    exact = report.impediments(exact=True)
    assert [str(v) for v in exact["shortfall"]] == [w["shortfall"] for w in want]
    assert all(type(v) is Decimal for v in exact["shortfall"])
    # Worst first within a partner: P016's overdue training before its behind deals.
    assert frame.loc[frame["partner_id"] == "P016", "status"].tolist() == ["overdue", "behind"]


def test_empty_inputs_are_an_empty_report():
    for empty in ([], pd.DataFrame(columns=["partner_id", "kind", "field", "target", "start", "due"])):
        report = ps.track(empty, [], as_of=AS_OF)
        assert len(report) == 0 and report.summary()["commitments"] == 0
        assert json.loads(report.to_json()) == {"as_of": AS_OF, "commitments": [], "milestones": [], "partners": []}
        assert list(report.to_pandas().columns) == CSV_COLUMNS and len(report.to_pandas()) == 0
        assert list(report.partners().columns) == PARTNER_COLUMNS and len(report.impediments()) == 0


def test_numeric_partner_ids_are_read_as_their_text():
    records = [
        {"partner_id": 7, "kind": "Deals", "field": "d", "target": 0.1, "start": "2026-01-01", "due": "2026-12-31"}
    ]
    milestones = [{"partner_id": 7, "area": " Management ", "name": "n", "due": "2026-01-31"}]
    report = ps.track(records, milestones, as_of=AS_OF)
    assert report[0]["partner_id"] == "7" and report[0]["kind"] == "deals" and report[0]["target"] == Decimal("0.1")
    assert report.partners()["id"].tolist() == ["7"] and report.milestones()["area"].tolist() == ["management"]


# --- as_of ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "as_of",
    [
        "2026-09-30",
        datetime.date(2026, 9, 30),
        datetime.datetime(2026, 9, 30, 23, 59),
        pd.Timestamp("2026-09-30"),
        pd.Timestamp("2026-09-30 08:00", tz="Europe/Paris"),
        np.datetime64("2026-09-30"),
    ],
)
def test_as_of_forms(as_of, report):
    assert ps.track(COMMITMENTS_CSV, MILESTONES_CSV, as_of=as_of).to_json() == report.to_json()
    assert ps.track(COMMITMENTS_CSV, MILESTONES_CSV, as_of).as_of == datetime.date(2026, 9, 30)


def test_as_of_changes_the_standing():
    early = ps.track(COMMITMENTS_CSV, MILESTONES_CSV, as_of="2026-01-01")
    assert early.summary()["overdue"] == 0 and early.summary()["done"] == 3
    # Before every start nothing is expected yet: all open commitments are on track.
    assert set(early.to_pandas()["status"]) == {"on_track", "done"}


def test_as_of_is_required():
    with pytest.raises(TypeError, match="missing 1 required argument: 'as_of'"):
        ps.track(COMMITMENTS_CSV, MILESTONES_CSV)
    with pytest.raises(TypeError, match="'as_of'"):
        ps.track(COMMITMENTS_CSV)
    with pytest.raises(TypeError, match="'as_of'"):
        ps.track(COMMITMENTS_CSV, as_of=None)
    with pytest.raises(TypeError, match="'as_of'"):
        ps.track(COMMITMENTS_CSV, as_of=pd.NaT)
    with pytest.raises(TypeError):
        ps.track(COMMITMENTS_CSV, MILESTONES_CSV, AS_OF, "extra")
    with pytest.raises(TypeError):
        ps.track(COMMITMENTS_CSV, as_of=AS_OF, asof=AS_OF)


@pytest.mark.parametrize("bad", ["2026-13-01", "30/09/2026", "", "today", 20260930, 2026.9, True, [AS_OF]])
def test_bad_as_of_is_a_config_error_at_as_of(bad):
    with pytest.raises(ps.ConfigError) as info:
        ps.track(COMMITMENTS_CSV, MILESTONES_CSV, as_of=bad)
    assert info.value.location == "as_of" and "is not a date" in info.value.reason
    assert str(info.value).startswith("as_of: ") and info.value.source is None
    assert isinstance(info.value, ValueError)


# --- errors -----------------------------------------------------------------------------------------------

# The CLI's bad-input cases (tests/track.rs): one good commitment of K1, then one bad of K2.
K1 = {
    "partner_id": "K1",
    "kind": "deals",
    "field": "deals_closed",
    "target": 12,
    "start": "2026-01-01",
    "due": "2026-06-30",
    "actual": 4,
}


def k2(**fields):
    return [K1, dict(dict(K1, partner_id="K2", target=5, actual=0), **fields)]


COMMITMENT_CASES = [
    ({"kind": "revenue"}, "kind", 2, 'unknown kind "revenue": expected one of resources, training, deals'),
    ({"target": 0}, "target", 4, "target must be greater than 0, found 0"),
    ({"target": -3}, "target", 4, "target must be greater than 0, found -3"),
    ({"target": "five"}, "target", 4, '"five" is not a number'),
    ({"start": "2026-06-30"}, "due", 6, "due 2026-06-30 is not after start 2026-06-30"),
    ({"due": "2025-12-31"}, "due", 6, "due 2025-12-31 is not after start 2026-01-01"),
    ({"start": "2026-02-30"}, "start", 5, 'start "2026-02-30" is not a date (YYYY-MM-DD)'),
    ({"due": "2026/06/30"}, "due", 6, 'due "2026/06/30" is not a date (YYYY-MM-DD)'),
    ({"actual": -1}, "actual", 7, "actual must not be negative, found -1"),
    ({"kind": None}, "kind", 2, "kind is required"),
]


@pytest.mark.parametrize(("fields", "field", "column", "needle"), COMMITMENT_CASES)
def test_bad_commitments_name_the_record(fields, field, column, needle, tmp_path):
    records = k2(**fields)
    location = f"commitments[1] (partner K2), field {field}"
    for given in (records, pd.DataFrame(records), pd.DataFrame(records).astype(object)):
        with pytest.raises(ps.InputError) as info:
            ps.track(given, as_of=AS_OF)
        assert info.value.location == location, type(given)
        assert needle in info.value.reason and str(info.value).startswith(f"{location}: "), info.value
        assert info.value.source is None
    # A JSON file: the same location, the file as source.
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.track(path, as_of=AS_OF)
    assert info.value.location == location and info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: {location}: ") and needle in info.value.reason
    # A CSV file: the CLI's line and column.
    path = tmp_path / "bad.csv"
    header = list(K1)
    lines = [",".join(header)] + [",".join("" if r.get(k) is None else str(r[k]) for k in header) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.track(path, as_of=AS_OF)
    location = f"commitments line 3, column {column} (partner K2, field {field})"
    assert info.value.location == location and info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: {location}: ") and needle in info.value.reason


M1 = {"partner_id": "K1", "area": "management", "name": "Plan signed", "due": "2026-02-01", "done_on": "2026-01-20"}


@pytest.mark.parametrize(
    ("fields", "field", "column", "needle"),
    [
        ({"area": "finance"}, "area", 2, 'unknown area "finance": expected one of management, operational'),
        ({"due": "2026-02-31"}, "due", 4, 'due "2026-02-31" is not a date'),
        ({"done_on": "soon"}, "done_on", 5, 'done_on "soon" is not a date'),
        ({"name": ""}, "name", 3, "name is required"),
    ],
)
def test_bad_milestones_name_the_record(fields, field, column, needle, tmp_path):
    records = [M1, dict(M1, partner_id="K2", **fields)]
    location = f"milestones[1] (partner K2), field {field}"
    for given in (records, pd.DataFrame(records)):
        with pytest.raises(ps.InputError) as info:
            ps.track([K1], given, as_of=AS_OF)
        assert info.value.location == location and needle in info.value.reason, type(given)
    good = tmp_path / "ok.csv"
    good.write_text(",".join(K1) + "\n" + ",".join(str(v) for v in K1.values()) + "\n", encoding="utf-8")
    path = tmp_path / "ms.csv"
    lines = [",".join(M1)] + [",".join(str(r[k]) for k in M1) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.track(good, path, as_of=AS_OF)
    # The milestones file is named, not the commitments file.
    location = f"milestones line 3, column {column} (partner K2, field {field})"
    assert info.value.location == location and info.value.source == str(path), info.value
    assert str(info.value).startswith(f"{path}: {location}: ")


def test_a_frame_missing_a_column_names_the_first_record():
    frame = pd.read_csv(COMMITMENTS_CSV).drop(columns=["kind"])
    with pytest.raises(ps.InputError) as info:
        ps.track(frame, as_of=AS_OF)
    assert info.value.location == "commitments[0] (partner P012), field kind"
    assert "kind is required" in info.value.reason
    with pytest.raises(ps.InputError) as info:
        ps.track(pd.read_csv(COMMITMENTS_CSV).drop(columns=["partner_id"]), as_of=AS_OF)
    assert info.value.location == "commitments[0], field partner_id"
    with pytest.raises(ps.InputError) as info:
        ps.track(COMMITMENTS_CSV, pd.read_csv(MILESTONES_CSV).drop(columns=["due"]), as_of=AS_OF)
    assert info.value.location == "milestones[0] (partner P012), field due"


def test_not_a_number_in_a_frame_and_nan_in_records():
    frame = pd.read_csv(COMMITMENTS_CSV)
    frame["target"] = frame["target"].astype(float)
    frame.loc[3, "target"] = float("inf")
    with pytest.raises(ps.InputError) as info:
        ps.track(frame, as_of=AS_OF)
    assert info.value.location == "commitments[3] (partner P016), field target"
    with pytest.raises(ps.InputError) as info:
        ps.track(k2(actual=float("nan")), as_of=AS_OF)
    assert info.value.location == "commitments[1] (partner K2), field actual" and "NaN" in info.value.reason


def test_duplicate_column_and_unreadable_file(tmp_path):
    frame = pd.DataFrame([list(K1.values()) + ["x"]], columns=[*K1, "kind"])
    with pytest.raises(ps.InputError) as info:
        ps.track(frame, as_of=AS_OF)
    assert info.value.location == "commitments column kind"
    with pytest.raises(ps.InputError, match="cannot read"):
        ps.track(tmp_path / "missing.csv", as_of=AS_OF)
    path = tmp_path / "short.csv"
    path.write_text("partner_id,kind,field,target\nK1,deals,d,3\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.track(path, as_of=AS_OF)
    assert info.value.location == "commitments line 1" and "start, due" in info.value.reason


def test_not_a_table_is_a_type_error():
    with pytest.raises(TypeError, match="commitments must be a list of dicts"):
        ps.track(K1, as_of=AS_OF)
    with pytest.raises(TypeError, match="milestones must be a DataFrame"):
        ps.track([K1], 42, as_of=AS_OF)
