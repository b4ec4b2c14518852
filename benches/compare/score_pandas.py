#!/usr/bin/env python3
"""pandas implementation of benches/compare/scorecard.json, for the side-by-side bench.

It computes what `partnerscore score --scorecard scorecard.json --partners FILE --format csv`
computes (DESIGN.md §1 "Capability scorecard", "Data contract", "Output"), with idiomatic,
vectorised pandas: no Python loop over rows.  The scorecard's rules are hard-coded below (this is
the competition, not a general engine), but every formula is DESIGN §1's:

  Sales (max_points 45)
    revenue             20  target 750000          clamp(v / 750000, 0, 1)
    deals_closed        10  linear 0 -> 12         clamp((v - 0) / (12 - 0), 0, 1)
    win_rate            10  percentile             PERCENTRANK.INC in the category cohort
    pipeline            10  percentile             PERCENTRANK.INC in the category cohort
  Enablement (no cap)
    certified_reps      15  bands at_least 1 -> 0.5, 3 -> 1
    mdf_denial_rate     10  linear 0.5 -> 0 (lower is better)
    days_to_first_deal  10  bands at_most 180 -> 0.5, 90 -> 1
    has_support_contract 10 boolean, missing: exclude
  missing: zero (every other metric: a missing value earns 0 and still counts in max_score)
  tiers: Platinum 85 (certified_reps >= 3 and every counted metric earns > 0), Gold 70, Silver 50

Floats, not decimals.  Where the engine compares exact values rounded to 20 places, this script
compares float values rounded to 9 decimals (SCORE_DECIMALS): ranks, ties, tiers, the "earns > 0"
requirement and the score percentile all use round(x, 9), which absorbs the ~1e-14 error of float
sums so that mathematically equal scores tie.  Reported numbers are rounded to 4 places half away
from zero (after the 9-place rounding, so that an exact ...5 at the 5th place is not lost to a
binary representation just below it) and written without trailing zeros, like the engine.

Usage:  score_pandas.py --input partners.csv --output scores.csv
Library: read_partners(path) -> DataFrame; score_frame(df) -> DataFrame (numbers as floats, the
timed scoring step); format_frame(result) -> DataFrame of strings; write(fmt, path).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

SCORE_DECIMALS = 9  # comparison precision for floats (the engine uses exact decimals at 20 places)

METRICS = [
    "revenue",
    "deals_closed",
    "win_rate",
    "pipeline",
    "certified_reps",
    "mdf_denial_rate",
    "days_to_first_deal",
    "has_support_contract",
]
OUTPUT_COLUMNS = [
    "id", "name", "category", "score", "max_score", "score_pct", "tier", "rank", "rank_in_cohort",
    "percentile", "next_tier", "points_to_next_tier",
] + [f"points:{m}" for m in METRICS]

# tiers listed from the highest down: (name, min_score)
TIERS = [("Platinum", 85.0), ("Gold", 70.0), ("Silver", 50.0)]
NEXT_TIER = {"Platinum": None, "Gold": "Platinum", "Silver": "Gold", None: "Silver"}
TIER_MIN = {name: m for name, m in TIERS}

READ_DTYPES = {
    "id": "str",
    "name": "str",
    "category": "str",
    "revenue": "float64",
    "deals_closed": "float64",
    "win_rate": "float64",
    "pipeline": "float64",
    "certified_reps": "float64",
    "mdf_denial_rate": "float64",
    "days_to_first_deal": "float64",
    "has_support_contract": "boolean",
}


def read_partners(path: str) -> pd.DataFrame:
    """Read the partners CSV; an empty cell is a missing value (NaN / <NA>)."""
    return pd.read_csv(
        path,
        usecols=list(READ_DTYPES),
        dtype=READ_DTYPES,
        keep_default_na=False,  # only an empty cell is missing (no "NA"/"null" magic)
        na_values=[""],
    )


def _clamp01(x: pd.Series) -> pd.Series:
    return x.clip(lower=0.0, upper=1.0)


def _percentrank_inc(values: pd.Series, cohort: pd.Series) -> pd.Series:
    """PERCENTRANK.INC of each value within its cohort: (# cohort values < v) / (n - 1), 1 when n = 1.

    Missing values are not in the cohort and get NaN here (the caller applies the missing policy).
    """
    g = values.groupby(cohort, sort=False)
    below = g.rank(method="min") - 1.0  # number of cohort values strictly below v
    n = g.transform("count")  # non-missing values in the cohort
    pct = below / (n - 1.0)
    return pct.mask(n == 1, 1.0).where(values.notna())


def score_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Score partners (the scorecard above). Returns one row per partner, in input order.

    Numbers are floats (NaN = null: an excluded metric, no next tier); tier / next_tier are
    strings or None.
    """
    cohort = df["category"].fillna("")  # partners without a category form one cohort together
    pts = {}

    # ---- Sales -------------------------------------------------------------------------------
    pts["revenue"] = 20.0 * _clamp01(df["revenue"] / 750000.0).fillna(0.0)
    pts["deals_closed"] = 10.0 * _clamp01((df["deals_closed"] - 0.0) / (12.0 - 0.0)).fillna(0.0)
    pts["win_rate"] = 10.0 * _percentrank_inc(df["win_rate"], cohort).fillna(0.0)
    pts["pipeline"] = 10.0 * _percentrank_inc(df["pipeline"], cohort).fillna(0.0)

    # ---- Enablement --------------------------------------------------------------------------
    reps = df["certified_reps"]
    earn_reps = np.select([reps >= 3, reps >= 1], [1.0, 0.5], default=0.0)  # last band with x <= v
    pts["certified_reps"] = pd.Series(15.0 * earn_reps, index=df.index)  # NaN compares False -> 0
    pts["mdf_denial_rate"] = 10.0 * _clamp01((df["mdf_denial_rate"] - 0.5) / (0.0 - 0.5)).fillna(0.0)
    days = df["days_to_first_deal"]
    earn_days = np.select([days <= 90, days <= 180], [1.0, 0.5], default=0.0)  # last band with v <= x
    pts["days_to_first_deal"] = pd.Series(10.0 * earn_days, index=df.index)
    support = df["has_support_contract"]  # boolean with <NA>; missing: exclude
    support_counts = support.notna().to_numpy()
    pts["has_support_contract"] = pd.Series(
        np.where(support_counts, np.where(support.fillna(False).to_numpy(dtype=bool), 10.0, 0.0), np.nan),
        index=df.index,
    )
    for m in METRICS:  # x + 0.0 turns a -0.0 (e.g. linear at its 'from' end) into 0.0
        pts[m] = pts[m] + 0.0

    sales_sum = pts["revenue"] + pts["deals_closed"] + pts["win_rate"] + pts["pipeline"]
    sales = sales_sum.clip(upper=45.0)
    sales_max = min(45.0, 20.0 + 10.0 + 10.0 + 10.0)  # every Sales metric counts (missing: zero)
    enab = (
        pts["certified_reps"] + pts["mdf_denial_rate"] + pts["days_to_first_deal"]
        + pts["has_support_contract"].fillna(0.0)
    )
    enab_max = 15.0 + 10.0 + 10.0 + np.where(support_counts, 10.0, 0.0)  # no cap on Enablement

    score = sales + enab
    max_score = sales_max + enab_max
    score_pct = np.where(max_score > 0, 100.0 * score / max_score, 0.0)

    # ---- Tier ----------------------------------------------------------------------------------
    s = score.round(SCORE_DECIMALS)
    every_metric_scores = np.ones(len(df), dtype=bool)
    for m in METRICS:
        p = pts[m].round(SCORE_DECIMALS)
        every_metric_scores &= (p > 0).to_numpy() | p.isna().to_numpy()  # excluded metrics don't count
    platinum = (s >= 85.0) & (reps >= 3) & every_metric_scores  # missing reps meets no requirement
    tier = pd.Series(
        np.select([platinum, s >= 70.0, s >= 50.0], ["Platinum", "Gold", "Silver"], default=None),
        index=df.index, dtype=object,
    )
    tier = tier.where(tier.notna(), None)

    # ---- Ranks and percentile ------------------------------------------------------------------
    rank = s.rank(method="min", ascending=False).astype("int64")
    g = s.groupby(cohort, sort=False)
    rank_in_cohort = g.rank(method="min", ascending=False).astype("int64")
    below = g.rank(method="min") - 1.0
    n = g.transform("size")
    percentile = (below / (n - 1.0)).mask(n == 1, 1.0)

    # ---- Next tier -----------------------------------------------------------------------------
    next_tier = tier.map(lambda t: NEXT_TIER[t], na_action=None)  # 4 distinct keys, not per-row math
    next_min = next_tier.map(TIER_MIN).astype("float64")
    points_to_next = (next_min - score).clip(lower=0.0)

    out = pd.DataFrame(
        {
            "id": df["id"],
            "name": df["name"],
            "category": df["category"],
            "score": score,
            "max_score": max_score,
            "score_pct": score_pct,
            "tier": tier,
            "rank": rank,
            "rank_in_cohort": rank_in_cohort,
            "percentile": percentile,
            "next_tier": next_tier,
            "points_to_next_tier": points_to_next,
        },
        index=df.index,
    )
    for m in METRICS:
        out[f"points:{m}"] = pts[m]
    return out


def fmt4(x: pd.Series) -> pd.Series:
    """Round to 4 places half away from zero, write without trailing zeros; NaN -> empty cell."""
    v = np.asarray(x, dtype="float64")
    y = np.round(v, SCORE_DECIMALS)
    k = np.sign(y) * np.floor(np.abs(y) * 1e4 + 0.5 + 1e-6) + 0.0  # 1e-6 units of 1e-4: fuzz only
    # k / 1e4 is the double nearest to the 4-place decimal, whose shortest repr is that decimal
    txt = pd.Series(k / 1e4, index=x.index).astype(str).str.removesuffix(".0")
    return txt.where(~np.isnan(v), "")


def format_frame(result: pd.DataFrame) -> pd.DataFrame:
    """The CSV cells as strings/ints, exactly like `partnerscore score --format csv`."""
    out = pd.DataFrame(index=result.index)
    for col in OUTPUT_COLUMNS:
        c = result[col]
        if col in ("id", "name", "category", "tier", "next_tier"):
            out[col] = c.fillna("")
        elif col in ("rank", "rank_in_cohort"):
            out[col] = c
        else:
            out[col] = fmt4(c)
    return out


def write(formatted: pd.DataFrame, path: str) -> None:
    formatted.to_csv(path, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score partners with pandas (benches/compare/scorecard.json).")
    ap.add_argument("--input", required=True, help="partners CSV")
    ap.add_argument("--output", required=True, help="output CSV (the `--format csv` headline table)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    df = read_partners(args.input)
    t1 = time.perf_counter()
    result = score_frame(df)
    t2 = time.perf_counter()
    write(format_frame(result), args.output)
    t3 = time.perf_counter()
    print(
        f"pandas {pd.__version__}: {len(df):,} partners  read {t1 - t0:.3f}s  score {t2 - t1:.3f}s  "
        f"write {t3 - t2:.3f}s  total {t3 - t0:.3f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
