"""Quickstart: score the sample channel from Python.

    pip install './bindings/python[pandas]'
    python examples/python/quickstart.py
"""

from pathlib import Path

import pandas as pd

pd.set_option("display.width", 120)

import partnerscore as ps

EXAMPLES = Path(__file__).resolve().parents[1]

# A scorecard from a path (a JSON string or a dict work too); errors say where: ConfigError.location.
card = ps.Scorecard(EXAMPLES / "scorecard.json")

# Partners from a DataFrame (a list of dicts, a polars DataFrame or a .csv/.json path work too).
partners = pd.read_csv(EXAMPLES / "partners.csv")
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
