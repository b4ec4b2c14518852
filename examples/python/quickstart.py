"""Quickstart: score the sample channel, plan its revenue goal and review its health from Python.

    pip install './bindings/python[pandas]'
    python examples/python/quickstart.py
"""

from pathlib import Path

import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

import partnerscore as ps

EXAMPLES = Path(__file__).resolve().parents[1]

# A scorecard from a path (a JSON string or a dict work too); errors say where: ConfigError.location.
card = ps.Scorecard(EXAMPLES / "scorecard.json")

# Partners from a DataFrame (a list of dicts, a polars DataFrame or a .csv/.json path work too).
# keep_default_na=False: the region `NA` (North America) is a value, not a missing one, for the profile.
partners = pd.read_csv(EXAMPLES / "partners.csv", keep_default_na=False, na_values=[""])
report = card.score(partners)

# One row per partner, in input order: scores as floats to plot, points per metric.
frame = report.to_pandas()
print(frame[["id", "name", "score", "tier", "rank", "points_to_next_tier"]].sort_values("rank").head(10))

# The full, exact result of one partner: decimals as decimal.Decimal.
best = min(report, key=lambda p: p["rank"])
print(f"\n{best['name']} ({best['id']}): {best['score']} points, tier {best['tier']}")
for metric in best["metrics"]:
    print(f"  {metric['name']:>16}: {metric['points']} of {metric['max_points']}")

# Bad input names the partner and the field.
try:
    card.score([{"id": "P999", "revenue": float("nan")}])
except ps.InputError as e:
    print(f"\nInputError: {e}")

# The achievement plan: this year's goal, the gap, and where the manager's hours go.
plan = ps.Plan(EXAMPLES / "plan.json")
history = pd.read_csv(EXAMPLES / "history.csv")  # long form: partner_id, period, revenue …
solved = plan.solve(partners, history)
headline = solved.summary()  # exact decimal.Decimal amounts, ints for counts
print(f"\nPlan {plan.name!r}: target {headline['target']:,}, expected {headline['expected_total']:,}, "
      f"gap {headline['gap']:,}, recruits needed {headline['recruits_needed']}")
print(solved.by_strategy())
table = solved.to_pandas()  # one row per partner: baseline, strategy, hours, uplift, deals, pipeline, reps
top = table.sort_values("uplift", ascending=False).head(8)
print(top[["id", "strategy", "hours", "baseline", "uplift", "expected", "reps_short"]])

# Bad history names the row: a partner with the same period twice.
twice = [{"partner_id": "P001", "period": "2026-Q1", "revenue": 10}] * 2
try:
    plan.solve(partners, twice)
except ps.InputError as e:
    print(f"\nInputError at {e.location}: {e.reason}")

# Channel health: contribution rate, time to revenue (Kaplan–Meier), trajectories, non-productive partners.
# as_of defaults to the end of the latest period; options such as min_deals_per_year are keywords.
review = ps.health(partners, history, profile=EXAMPLES / "profile.json")
s = review.summary()  # as_of a datetime.date, within_90/180 exact Decimals, counts as ints
print(f"\nHealth as of {s['as_of']}: median time to revenue {s['median_days']} days, "
      f"{s['within_90']} producing within 90 days, {s['waiting']} still waiting; "
      f"{s['non_productive']} non-productive ({s['terminate']} to terminate)")
print(review.periods())  # period, active, contributing, rate
health = review.to_pandas()  # one row per partner: deals, recommendation, trajectory, derived fields
print(health.loc[health["non_productive"], ["id", "name", "deals_last_12_months", "verdict", "recommendation"]])
