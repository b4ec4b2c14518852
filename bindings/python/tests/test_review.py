"""The review pack from Python (DESIGN §7): one page per partner written under `output`, the same figures as
the other entry points report, escaped text, optional inputs left out with a note, as_of and the next review,
inputs taken every way the other functions take them, and errors that name the input file they are about."""

from __future__ import annotations

import datetime
import html.parser
import json
import os
import re
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import partnerscore as ps
from conftest import EXAMPLES

AS_OF = "2026-09-30"
PARTNERS_CSV = EXAMPLES / "partners.csv"
SCORECARD = EXAMPLES / "scorecard.json"
HISTORY_CSV = EXAMPLES / "history.csv"
FULL = {
    "profile": EXAMPLES / "profile.json",
    "plan": EXAMPLES / "plan.json",
    "history": HISTORY_CSV,
    "registrations": EXAMPLES / "registrations.csv",
    "commitments": EXAMPLES / "commitments.csv",
    "milestones": EXAMPLES / "milestones.csv",
}


def read_frame(path: Path) -> pd.DataFrame:
    """A CSV as pandas reads it, except that only empty cells are missing (pandas' defaults turn the
    region "NA", North America, into NaN)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


class _Text(html.parser.HTMLParser):
    """The text of the element with a given id (and of everything inside it)."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(page: str, element_id: str) -> str:
    parser = _Text(element_id)
    parser.feed(page)
    assert parser.parts, f"no element with id {element_id!r}"
    return "".join(parser.parts).strip()


def partner_ids() -> list[str]:
    return list(read_frame(PARTNERS_CSV)["id"])


@pytest.fixture(scope="module")
def full_pack(tmp_path_factory) -> ps.ReviewPack:
    out = tmp_path_factory.mktemp("review") / "full"
    return ps.review_pack(PARTNERS_CSV, SCORECARD, **FULL, as_of=AS_OF, output=out)


def test_every_partner_gets_exactly_one_page(full_pack):
    ids = partner_ids()
    assert list(full_pack.pages) == ids  # input order
    assert len(full_pack) == len(ids)
    assert isinstance(full_pack.index, Path) and full_pack.index.name == "index.html"
    assert full_pack.index.is_file()
    paths = list(full_pack.pages.values())
    assert all(isinstance(p, Path) and p.is_file() for p in paths)
    assert len(set(paths)) == len(ids)
    # Nothing else in the folder of pages: one file per partner, no more.
    assert sorted(full_pack.index.parent.joinpath("partners").iterdir()) == sorted(paths)
    assert full_pack.pages["P012"].name == "P012.html"


def test_partner_page_shows_the_name_and_the_score_the_scorecard_reports(full_pack):
    report = ps.Scorecard(SCORECARD).score(PARTNERS_CSV)
    expected = next(p for p in json.loads(report.to_json())["partners"] if p["id"] == "P012")
    page = full_pack.partner_page("P012")
    assert page.id == "P012" and page.path == full_pack.pages["P012"]
    assert page.html == page.path.read_text(encoding="utf-8")
    assert text_of(page.html, "partner-name") == expected["name"] == "Northwind Systems"
    assert text_of(page.html, "score") == expected["score"]
    assert text_of(page.html, "tier") == expected["tier"]


def test_partner_page_shows_inline_in_jupyter(full_pack):
    page = full_pack.partner_page("P012")
    shown = page._repr_html_()
    # A whole document in a sandboxed iframe: its stylesheet does not restyle the notebook around it.
    assert shown.startswith("<iframe") and 'sandbox=""' in shown
    assert "<style" not in shown and "Northwind Systems" in shown
    assert html.unescape(shown.split('srcdoc="', 1)[1].split('"', 1)[0]) == page.html
    assert repr(page) == f"PartnerPage('P012', {str(page.path)!r})"


def test_pack_repr_and_inline_view(full_pack):
    assert repr(full_pack) == f"ReviewPack(as_of {AS_OF}, 40 partner pages, index {str(full_pack.index)!r})"
    shown = full_pack._repr_html_()
    assert "Review pack</b> as of 2026-09-30: 40 partner pages, next review 2026-12-29" in shown
    channel = html.unescape(shown.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert channel == full_pack.index.read_text(encoding="utf-8")


def test_unknown_partner_is_a_key_error_naming_the_id(full_pack):
    with pytest.raises(KeyError, match="P999"):
        full_pack.partner_page("P999")
    with pytest.raises(KeyError, match="12"):
        full_pack.partner_page(12)


def test_names_are_escaped_text(tmp_path):
    frame = read_frame(PARTNERS_CSV)
    name = '<script>&"é'
    frame.loc[frame["id"] == "P003", "name"] = name
    pack = ps.review_pack(frame, SCORECARD, as_of=AS_OF, output=tmp_path / "out")
    page = pack.partner_page("P003").html
    channel = pack.index.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "&lt;script&gt;" in channel
    assert "<script" not in page.lower() and "<script" not in channel.lower()
    assert text_of(page, "partner-name") == name  # the same text, once unescaped
    assert "<script" not in pack.partner_page("P003")._repr_html_().lower()


def test_partners_and_scorecard_alone_make_a_pack(tmp_path):
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, output=str(tmp_path / "min"))
    channel = pack.index.read_text(encoding="utf-8")
    assert "No history given" in channel
    assert "No deal registrations given" in channel
    assert len(pack.pages) == len(partner_ids())
    assert "No history given" in pack.partner_page("P012").html


def test_output_is_required(tmp_path):
    with pytest.raises(TypeError, match="output"):
        ps.review_pack(PARTNERS_CSV, SCORECARD)
    with pytest.raises(TypeError, match="output"):
        ps.review_pack(PARTNERS_CSV, SCORECARD, output=None)
    with pytest.raises(TypeError):
        ps.review_pack(PARTNERS_CSV, SCORECARD, output=42)


def test_output_folder_is_created_and_may_be_path_like(tmp_path):
    out = tmp_path / "a" / "b" / "review"
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, output=out)
    assert pack.index == out / "index.html" and pack.index.is_file()
    assert pack.pages["P001"] == out / "partners" / "P001.html"


def test_output_that_cannot_be_a_folder_is_an_os_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError) as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, output=blocker)
    assert info.value.filename == str(blocker / "partners")
    assert isinstance(info.value, (NotADirectoryError, FileExistsError))


def test_bad_history_value_names_the_history_file(tmp_path):
    lines = HISTORY_CSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("revenue")] = "lots"
    lines[3] = ",".join(row)
    history = tmp_path / "history.csv"
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, history=history, as_of=AS_OF, output=tmp_path / "out")
    assert info.value.source == str(history)
    assert str(info.value).startswith(f"{history}: history line 4, column 3 (partner {row[0]}, field revenue)")
    assert "lots" in str(info.value)


def test_errors_found_while_reviewing_name_their_input(tmp_path):
    """Errors the capabilities find after loading name the input they are about, as the CLI's."""
    out = tmp_path / "out"
    # The plan: more partners than the manager has hours for.
    plan = json.loads(FULL["plan"].read_text(encoding="utf-8"))
    plan["capacity_hours"] = 0
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    for given in (plan_path, ps.Plan(plan_path)):
        with pytest.raises(ps.InputError) as info:
            ps.review_pack(PARTNERS_CSV, SCORECARD, plan=given, history=HISTORY_CSV, as_of=AS_OF, output=out)
        assert info.value.location == "capacity_hours" and info.value.source == str(plan_path)
    # The partners (health): first revenue before signing.
    frame = read_frame(PARTNERS_CSV)
    frame.loc[frame["id"] == "P002", "first_revenue_on"] = "2001-01-01"
    partners = tmp_path / "partners.csv"
    frame.to_csv(partners, index=False)
    with pytest.raises(ps.InputError) as info:
        ps.review_pack(partners, SCORECARD, history=HISTORY_CSV, as_of=AS_OF, output=out)
    assert info.value.source == str(partners) and "P002" in info.value.location
    assert "first_revenue_on" in info.value.location
    # Milestones and commitments each name their own file.
    milestones = tmp_path / "milestones.csv"
    text = FULL["milestones"].read_text(encoding="utf-8")
    milestones.write_text(text.replace(",management,", ",managment,", 1), encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        ps.review_pack(
            PARTNERS_CSV, SCORECARD, commitments=FULL["commitments"], milestones=milestones, output=out, as_of=AS_OF
        )
    assert info.value.source == str(milestones) and "area" in info.value.location
    # Records have no file: no source.
    records = [{"partner_id": "P001", "period": "2026-Q1", "revenue": "x"}]
    with pytest.raises(ps.InputError) as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, history=records, as_of=AS_OF, output=out)
    assert info.value.source is None and info.value.location == "history[0] (partner P001), field revenue"


def test_bad_config_is_a_config_error_naming_it(tmp_path):
    with pytest.raises(ps.ConfigError, match="unknown field `bogus`"):
        ps.review_pack(PARTNERS_CSV, {"name": "x", "sections": [], "bogus": 1}, output=tmp_path)
    with pytest.raises(TypeError, match="scorecard"):
        ps.review_pack(PARTNERS_CSV, 42, output=tmp_path)
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    "as_of", [datetime.date(2026, 9, 30), "2026-09-30", datetime.datetime(2026, 9, 30, 17, 5), pd.Timestamp(AS_OF)]
)
def test_as_of_as_a_date_or_text(tmp_path, as_of):
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=as_of, output=tmp_path)
    assert pack.as_of == datetime.date(2026, 9, 30)
    assert text_of(pack.index.read_text(encoding="utf-8"), "as-of") == AS_OF


def test_as_of_that_is_not_a_date_is_a_config_error(tmp_path):
    with pytest.raises(ps.ConfigError) as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of="2026-13-01", output=tmp_path)
    assert info.value.location == "as_of"


def test_as_of_defaults_to_the_end_of_the_history_else_today(tmp_path):
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, history=HISTORY_CSV, output=tmp_path / "h")
    assert pack.as_of == ps.health(PARTNERS_CSV, HISTORY_CSV).as_of
    before = datetime.datetime.now(datetime.timezone.utc).date()
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, output=tmp_path / "t")
    after = datetime.datetime.now(datetime.timezone.utc).date()
    assert before <= pack.as_of <= after


@pytest.mark.parametrize("every", [90, 30, 1])
def test_next_review_is_on_the_partner_page(tmp_path, every):
    kwargs = {} if every == 90 else {"review_every_days": every}
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, output=tmp_path, **kwargs)
    next_review = datetime.date(2026, 9, 30) + datetime.timedelta(days=every)
    assert pack.next_review == next_review
    assert text_of(pack.partner_page("P012").html, "next-review") == next_review.isoformat()


@pytest.mark.parametrize("every", [0, -7])
def test_review_every_days_below_one_is_a_config_error(tmp_path, every):
    with pytest.raises(ValueError, match=f"review_every_days: must be at least 1, found {every}") as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, review_every_days=every, output=tmp_path)
    assert isinstance(info.value, ps.ConfigError) and info.value.location == "review_every_days"
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize("every", [30.0, "30", True])
def test_review_every_days_must_be_an_int(tmp_path, every):
    with pytest.raises(ps.ConfigError, match="review_every_days: must be a whole number of days") as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, review_every_days=every, output=tmp_path)
    assert info.value.location == "review_every_days"


def test_next_review_beyond_the_calendar_is_a_config_error(tmp_path):
    with pytest.raises(ps.ConfigError, match="after 9999-12-31"):
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, review_every_days=10**8, output=tmp_path)


def test_inputs_every_way_make_the_same_pack(tmp_path, full_pack):
    """Paths, pandas and polars DataFrames, records, config dicts, JSON text and config objects: the same
    pages, byte for byte."""
    pandas_pack = ps.review_pack(
        read_frame(PARTNERS_CSV),
        json.loads(SCORECARD.read_text(encoding="utf-8")),
        profile=ps.Profile(FULL["profile"]),
        plan=FULL["plan"].read_text(encoding="utf-8"),
        history=read_frame(HISTORY_CSV),
        registrations=read_frame(FULL["registrations"]),
        commitments=json.loads((EXAMPLES / "commitments.json").read_text(encoding="utf-8")),
        milestones=str(EXAMPLES / "milestones.json"),
        as_of=datetime.date(2026, 9, 30),
        output=tmp_path / "pandas",
    )
    polars_pack = ps.review_pack(
        pl.read_csv(PARTNERS_CSV),
        ps.Scorecard(SCORECARD),
        **{key: pl.read_csv(path) if path.suffix == ".csv" else path for key, path in FULL.items()},
        as_of=AS_OF,
        output=tmp_path / "polars",
    )
    expected = {id: path.read_bytes() for id, path in full_pack.pages.items()}
    for pack in (pandas_pack, polars_pack):
        assert pack.index.read_bytes() == full_pack.index.read_bytes()
        assert {id: path.read_bytes() for id, path in pack.pages.items()} == expected


def test_sections_follow_the_inputs(full_pack, tmp_path):
    channel = full_pack.index.read_text(encoding="utf-8")
    assert "No history given" not in channel and "No deal registrations given" not in channel
    # A plan without a history says so instead of failing.
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, plan=FULL["plan"], as_of=AS_OF, output=tmp_path)
    assert "histor" in text_of(pack.index.read_text(encoding="utf-8"), "plan-note")


def test_a_second_pack_replaces_the_pages(tmp_path):
    first = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of="2026-01-01", output=tmp_path)
    second = ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, output=tmp_path)
    assert first.pages == second.pages
    assert text_of(second.partner_page("P001").html, "next-review") == "2026-12-29"
    assert sorted(os.listdir(tmp_path)) == ["index.html", "partners"]


@pytest.mark.parametrize("window", [0, -1])
def test_window_days_below_one_is_a_config_error(tmp_path, window):
    with pytest.raises(ps.ConfigError, match=f"window_days: must be at least 1, found {window}") as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, as_of=AS_OF, window_days=window, output=tmp_path)
    assert info.value.location == "window_days"


def open_conflict_rows(index_html: str) -> int:
    """The rows of the channel page's table of conflicts open at as_of (0 when there is no table)."""
    parts = index_html.split('id="conflict-table"', 1)
    return 0 if len(parts) == 1 else parts[1].split("</table>", 1)[0].count("<tr>") - 1  # minus the header


def test_window_days_decides_which_conflicts_are_open(tmp_path):
    """The sample's conflicts have all closed by 2026-09-30 with 90-day windows; with 400-day windows
    (registrations of 2026 then run into 2027) they are open and listed."""
    registrations = EXAMPLES / "registrations.csv"
    rows = {}
    for window in (90, 400):
        pack = ps.review_pack(
            PARTNERS_CSV, SCORECARD, registrations=registrations, as_of="2026-09-30", window_days=window,
            output=tmp_path / str(window),
        )
        rows[window] = open_conflict_rows(pack.index.read_text(encoding="utf-8"))
    assert rows[90] == 0
    assert rows[400] >= 5


def test_health_options_reach_the_pack(tmp_path):
    """The sample history with its revenue column renamed: named through the health options, the channel
    page shows the contribution rates of ps.health with the same options."""
    text = HISTORY_CSV.read_text(encoding="utf-8")
    header, rows = text.split("\n", 1)
    renamed = tmp_path / "history.csv"
    renamed.write_text(header.replace("revenue", "bookings") + "\n" + rows, encoding="utf-8")
    options = {"revenue_field": "bookings", "trajectory_field": "bookings", "min_deals_per_year": 1}
    pack = ps.review_pack(PARTNERS_CSV, SCORECARD, history=renamed, output=tmp_path / "pack", **options)
    page = pack.index.read_text(encoding="utf-8")
    table = page.split('id="contribution-table"', 1)[1].split("</table>", 1)[0]
    shown = re.findall(r'<td class="num">([^<]*)</td></tr>', table)
    report = ps.health(PARTNERS_CSV, renamed, **options)
    expected = [p["rate"] if p["rate"] is not None else "—" for p in json.loads(report.to_json())["contribution_rate"]]
    assert shown == expected and any(rate != "0" for rate in shown)
    with pytest.raises(ps.ConfigError, match="flat_band") as info:
        ps.review_pack(PARTNERS_CSV, SCORECARD, history=renamed, flat_band=-1, output=tmp_path / "bad")
    assert info.value.location == "flat_band"
