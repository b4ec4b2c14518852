"""Run in a venv that has only the partnerscore wheel: everything but DataFrames works without pandas."""

import sys
import tempfile
from pathlib import Path

import partnerscore as ps

assert "pandas" not in sys.modules and "numpy" not in sys.modules, "importing partnerscore imported pandas/numpy"
examples = Path(__file__).resolve().parents[3] / "examples"
card = ps.Scorecard(examples / "scorecard.json")
report = card.score(examples / "partners.csv")
assert len(report) == 40 and report.to_dicts()[0]["id"] == "P001" and report.to_json().startswith("{")
assert len(card.score([{"id": "A", "revenue": 0.1}])) == 1
plan = ps.Plan(examples / "plan.json").solve(examples / "partners.csv", examples / "history.json")
assert len(plan) == 40 and plan.summary()["recruits_needed"] == 6 and plan.to_dicts()[0]["strategy"] == "maintain"
review = ps.health(examples / "partners.csv", examples / "history.json", profile=examples / "profile.json")
assert len(review) == 40 and review.summary()["median_days"] == 123 and review[0]["recommendation"] == "terminate"
assert str(review.as_of) == "2026-12-31" and review.to_csv().startswith("id,name,deals_last_12_months")
deals = ps.dealreg(examples / "registrations.csv", window_days=90)
assert len(deals) == 30 and deals.summary()["lost"] == 6 and deals[1]["lost_to"] == "R-1001"
assert deals.to_csv().startswith("id,partner_id,customer,customer_key") and "<table>" in deals._repr_html_()
plans = ps.track(examples / "commitments.csv", examples / "milestones.json", as_of="2026-09-30")
assert len(plans) == 20 and plans.summary()["overdue"] == 3 and plans[2]["status"] == "at_risk"
assert str(plans[2]["expected_to_date"]) == "448351.6484" and plans.to_csv().startswith("partner_id,kind,field")
assert "<table>" in plans._repr_html_()
with tempfile.TemporaryDirectory() as out:
    pack = ps.review_pack(examples / "partners.csv", examples / "scorecard.json", history=examples / "history.json",
                          milestones=examples / "milestones.json", output=out)
    assert len(pack.pages) == 40 and str(pack.as_of) == "2026-12-31" and pack.index.is_file()
    assert "Northwind Systems" in pack.partner_page("P012").html and "<iframe" in pack._repr_html_()
assert "pandas" not in sys.modules and "numpy" not in sys.modules, "review_pack imported pandas/numpy"
try:
    plans.partners()
except ImportError as e:
    assert "partnerscore[pandas]" in str(e), e
else:
    raise AssertionError("partners() without pandas must raise ImportError")
try:
    deals.conflicts()
except ImportError as e:
    assert "partnerscore[pandas]" in str(e), e
else:
    raise AssertionError("conflicts() without pandas must raise ImportError")
try:
    review.periods()
except ImportError as e:
    assert "partnerscore[pandas]" in str(e), e
else:
    raise AssertionError("periods() without pandas must raise ImportError")
try:
    report.to_pandas()
except ImportError as e:
    assert "partnerscore[pandas]" in str(e), e
else:
    raise AssertionError("to_pandas() without pandas must raise ImportError")
print(f"bare import ok: partnerscore {ps.__version__} without pandas or numpy")
