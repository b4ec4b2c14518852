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
compares float values rounded to 11 decimals (SCORE_DECIMALS): ranks, ties, tiers, the "earns > 0"
requirement and the score percentile all use round(x, 11).  That absorbs the ~1e-13 error of float
sums (mathematically equal scores reached along different paths tie) and still separates scores
that really differ: on the 1M bench file, distinct exact scores are > 1e-10 apart.  Measured
against partnerscore's ranks on that file: 8 decimals -> 71 rows ranked differently, 9 -> 5
(distinct scores merged), 10..13 -> 0, 14 -> 929 (float noise splits true ties).  Reported numbers
are rounded to 4 places half away from zero (after the 11-place rounding, so that an exact ...5 at
the 5th place is not lost to a binary representation just below it) and written without trailing
zeros, like the engine.

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

SCORE_DECIMALS = 11  # comparison precision for floats (the engine uses exact decimals at 20 places)
# fuzz added before the 4-place floor: below the 11-place grid (1e-7 in units of 1e-4), above the
# float error of x * 1e4 (~1e-10 for x <= 100)
_HALF_FUZZ = 10.0 ** -(SCORE_DECIMALS - 3)

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

# tiers listed from the highest down; index 3 = no tier
TIER_NAMES = np.array(["Platinum", "Gold", "Silver", None], dtype=object)
# the tier listed just above (the lowest-listed tier for a partner with none; none at the top)
NEXT_TIER_NAMES = np.array([None, "Platinum", "Gold", "Silver"], dtype=object)
NEXT_TIER_MIN = np.array([np.nan, 85.0, 70.0, 50.0])

READ_DTYPES = {
    "id": "str",
    "name": "str",
    "category": "category",  # few distinct values: cheap to read and to group by
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
    # cohort codes: partners without a category form one cohort together (their own code)
    if isinstance(df["category"].dtype, pd.CategoricalDtype):
        cohort = df["category"].cat.codes.to_numpy()  # -1 for a missing category
    else:
        cohort = pd.factorize(df["category"], use_na_sentinel=False)[0]
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
    tier_ix = np.select([platinum, s >= 70.0, s >= 50.0], [0, 1, 2], default=3)
    tier = pd.Series(TIER_NAMES[tier_ix], index=df.index, dtype=object)

    # ---- Ranks and percentile ------------------------------------------------------------------
    rank = s.rank(method="min", ascending=False).astype("int64")
    g = s.groupby(cohort, sort=False)
    rank_in_cohort = g.rank(method="min", ascending=False).astype("int64")
    below = g.rank(method="min") - 1.0
    n = g.transform("size")
    percentile = (below / (n - 1.0)).mask(n == 1, 1.0)

    # ---- Next tier -----------------------------------------------------------------------------
    next_tier = pd.Series(NEXT_TIER_NAMES[tier_ix], index=df.index, dtype=object)
    points_to_next = (NEXT_TIER_MIN[tier_ix] - score).clip(lower=0.0)

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


# ".0001" ... ".9999" without trailing zeros ("" for 0): the fractional part of a 4-place value,
# looked up by its digits.  pandas' own float -> str (astype(str), to_csv) costs ~1 s per column
# per million rows; the lookup is a numpy gather plus an object-array concatenation.
_FRACTIONS = np.array([""] + [("." + f"{i:04d}").rstrip("0") for i in range(1, 10000)], dtype=object)


def fmt4(x: pd.Series) -> pd.Series:
    """Round to 4 places half away from zero, write without trailing zeros; NaN -> empty cell."""
    v = np.asarray(x, dtype="float64")
    y = np.round(v, SCORE_DECIMALS)
    k = np.floor(np.abs(y) * 1e4 + (0.5 + _HALF_FUZZ))
    missing = np.isnan(k)
    k = np.where(missing, 0.0, k).astype(np.int64)
    whole = k // 10000
    if len(whole) and whole.max() < 1_000_000:  # small whole parts: a lookup table too
        whole_txt = np.array([str(i) for i in range(int(whole.max()) + 1)], dtype=object)[whole]
    else:
        whole_txt = whole.astype(str).astype(object)
    txt = whole_txt + _FRACTIONS[k % 10000]
    negative = (y < 0) & (k > 0)
    if negative.any():
        txt[negative] = "-" + txt[negative]
    txt[missing] = ""
    return pd.Series(txt, index=x.index, dtype="str")


def format_frame(result: pd.DataFrame) -> pd.DataFrame:
    """The CSV cells as strings/ints, exactly like `partnerscore score --format csv`."""
    out = pd.DataFrame(index=result.index)
    for col in OUTPUT_COLUMNS:
        c = result[col]
        if col in ("id", "name", "category", "tier", "next_tier"):
            txt = np.asarray(c, dtype=object)
            out[col] = pd.Series(np.where(pd.isna(txt), "", txt), index=result.index, dtype="str")
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
