#!/usr/bin/env python3
"""polars implementation of benches/compare/scorecard.json, for the side-by-side bench.

Same scorecard, same formulas (DESIGN.md §1) and same CSV as score_pandas.py; see that file's
docstring for the rules.  This one is written to be as fast as polars honestly gets: a lazy
`scan_csv` of the needed columns with explicit dtypes, every rule as a column expression, cohort
statistics as window expressions (`.over("category")`; polars puts null keys in one group, which is
exactly "partners without a category form one cohort together"), and the whole query optimised and
run by polars' multi-threaded engine.

Floats, not decimals: ranks, ties, tiers, "earns > 0" and the score percentile compare values
rounded to 11 decimals (SCORE_DECIMALS), which absorbs float-sum error (~1e-13) so that
mathematically equal scores tie, yet separates distinct scores (see score_pandas.py for the
measurement behind 11).  Output numbers are rounded to 4 places half away from zero (after the
11-place rounding) and written without trailing zeros, like the engine; null cells are empty.

Usage:  score_polars.py --input partners.csv --output scores.csv [--fused]
  default   three timed steps: read (lazy scan, collected), score (lazy query over the frame,
            collected), write (format + write_csv)
  --fused   one lazy query scan -> score -> format, collected once, then write_csv (reports
            read+score as one figure)
Library: read_partners(path) -> DataFrame; score_frame(df or lf) -> DataFrame (numbers as floats,
the timed scoring step); format_frame(result) -> DataFrame of strings; write(fmt, path).
"""

from __future__ import annotations

import argparse
import sys
import time

import polars as pl

SCORE_DECIMALS = 11
_HALF_FUZZ = 10.0 ** -(SCORE_DECIMALS - 3)  # below the 11-place grid, above float error of x * 1e4

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

SCHEMA = {
    "id": pl.String,
    "name": pl.String,
    "category": pl.String,
    "revenue": pl.Float64,
    "deals_closed": pl.Float64,
    "win_rate": pl.Float64,
    "pipeline": pl.Float64,
    "certified_reps": pl.Float64,
    "mdf_denial_rate": pl.Float64,
    "days_to_first_deal": pl.Float64,
    "has_support_contract": pl.Boolean,
}
COHORT = "category"


def scan_partners(path: str) -> pl.LazyFrame:
    """Lazy scan of the partners CSV, only the columns the scorecard and the output need."""
    return pl.scan_csv(path, schema_overrides=SCHEMA, infer_schema_length=0).select(list(SCHEMA))


def read_partners(path: str) -> pl.DataFrame:
    return scan_partners(path).collect()


def _clamp01(e: pl.Expr) -> pl.Expr:
    return e.clip(0.0, 1.0)


def _percentrank_inc(col: str) -> pl.Expr:
    """PERCENTRANK.INC of the value within its cohort: (# values < v) / (n - 1), 1 when n = 1.

    rank("min") ignores nulls (they stay null) and count() counts non-null values, so missing
    values are not in the cohort; a missing value gives null here.
    """
    v = pl.col(col)
    n = v.count().over(COHORT)
    below = v.rank("min").over(COHORT) - 1
    return pl.when(v.is_null()).then(None).when(n == 1).then(1.0).otherwise(below / (n - 1))


def _score_exprs() -> list[pl.Expr]:
    """Column expressions of the scorecard, in stages (each stage only uses earlier columns)."""
    reps = pl.col("certified_reps")
    days = pl.col("days_to_first_deal")
    support = pl.col("has_support_contract")
    points = [
        (20.0 * _clamp01(pl.col("revenue") / 750000.0).fill_null(0.0)).alias("points:revenue"),
        (10.0 * _clamp01((pl.col("deals_closed") - 0.0) / (12.0 - 0.0)).fill_null(0.0)).alias(
            "points:deals_closed"
        ),
        (10.0 * _percentrank_inc("win_rate").fill_null(0.0)).alias("points:win_rate"),
        (10.0 * _percentrank_inc("pipeline").fill_null(0.0)).alias("points:pipeline"),
        # bands at_least: earn of the last band with x <= v (null compares false -> 0)
        (15.0 * pl.when(reps >= 3).then(1.0).when(reps >= 1).then(0.5).otherwise(0.0)).alias(
            "points:certified_reps"
        ),
        # linear 0.5 -> 0 (lower is better); + 0.0 turns -0.0 into 0.0
        (10.0 * _clamp01((pl.col("mdf_denial_rate") - 0.5) / (0.0 - 0.5)).fill_null(0.0) + 0.0).alias(
            "points:mdf_denial_rate"
        ),
        # bands at_most: earn of the last band with v <= x
        (10.0 * pl.when(days <= 90).then(1.0).when(days <= 180).then(0.5).otherwise(0.0)).alias(
            "points:days_to_first_deal"
        ),
        # boolean, missing: exclude -> null (leaves score and max_score)
        pl.when(support).then(10.0).when(support.not_()).then(0.0).otherwise(None).alias(
            "points:has_support_contract"
        ),
    ]
    p = {m: pl.col(f"points:{m}") for m in METRICS}
    sections = [
        pl.min_horizontal(p["revenue"] + p["deals_closed"] + p["win_rate"] + p["pipeline"], pl.lit(45.0))
        .alias("_sales"),
        (p["certified_reps"] + p["mdf_denial_rate"] + p["days_to_first_deal"]
         + p["has_support_contract"].fill_null(0.0)).alias("_enab"),
        # Sales maximum: min(45, 20+10+10+10); Enablement: 35 + 10 when has_support_contract counts
        (45.0 + 35.0 + pl.when(support.is_null()).then(0.0).otherwise(10.0)).alias("max_score"),
        pl.all_horizontal(
            [(p[m].round(SCORE_DECIMALS) > 0) | p[m].is_null() for m in METRICS]
        ).alias("_every_metric_scores"),
    ]
    score = pl.col("score")
    s = pl.col("_s")
    tier_stage = [
        pl.when((s >= 85.0) & (reps >= 3).fill_null(False) & pl.col("_every_metric_scores"))
        .then(pl.lit("Platinum"))
        .when(s >= 70.0).then(pl.lit("Gold"))
        .when(s >= 50.0).then(pl.lit("Silver"))
        .otherwise(None)
        .alias("tier"),
        s.rank("min", descending=True).alias("rank"),
        s.rank("min", descending=True).over(COHORT).alias("rank_in_cohort"),
        pl.when(pl.len().over(COHORT) == 1)
        .then(1.0)
        .otherwise((s.rank("min").over(COHORT) - 1) / (pl.len().over(COHORT) - 1))
        .alias("percentile"),
        pl.when(pl.col("max_score") > 0).then(100.0 * score / pl.col("max_score")).otherwise(0.0)
        .alias("score_pct"),
    ]
    tier = pl.col("tier")
    next_stage = [
        pl.when(tier.is_null()).then(pl.lit("Silver"))
        .when(tier == "Silver").then(pl.lit("Gold"))
        .when(tier == "Gold").then(pl.lit("Platinum"))
        .otherwise(None)
        .alias("next_tier"),
        pl.when(tier.is_null()).then(50.0)
        .when(tier == "Silver").then(70.0)
        .when(tier == "Gold").then(85.0)
        .otherwise(None)
        .alias("_next_min"),
    ]
    return [points, sections, [(pl.col("_sales") + pl.col("_enab")).alias("score")],
            [score.round(SCORE_DECIMALS).alias("_s")], tier_stage, next_stage,
            [(pl.col("_next_min") - score).clip(lower_bound=0.0).alias("points_to_next_tier")]]


def score_lazy(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The scoring query over a lazy frame of partners; columns as OUTPUT_COLUMNS, floats."""
    for stage in _score_exprs():
        lf = lf.with_columns(stage)
    return lf.select(OUTPUT_COLUMNS)


def score_frame(df: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Score partners (an in-memory DataFrame, or a LazyFrame); one row per partner, input order."""
    return score_lazy(df.lazy()).collect()


# ".0001" ... ".9999" without trailing zeros ("" for 0): the fractional part of a 4-place value,
# looked up by its digits (a gather is ~2x faster than zfill + strip + concat on every cell)
_FRACTIONS = pl.Series("frac", [""] + [("." + f"{i:04d}").rstrip("0") for i in range(1, 10000)])


def _fmt4(col: str) -> pl.Expr:
    """Round to 4 places half away from zero, no trailing zeros; null stays null (empty cell).

    Every number this scorecard reports is >= 0 (points, scores, percentages, percentiles,
    points to the next tier), so no sign handling.  Not via float -> string casting: polars prints
    some doubles with 17 significant digits (123456.7891 -> "123456.78910000001").
    """
    y = pl.col(col).round(SCORE_DECIMALS)
    k = (y * 1e4 + (0.5 + _HALF_FUZZ)).floor().cast(pl.Int64)
    return pl.concat_str(
        [(k // 10000).cast(pl.String), pl.lit(_FRACTIONS).gather((k % 10000).cast(pl.UInt32))]
    ).alias(col)


def format_exprs() -> list[pl.Expr]:
    out = []
    for col in OUTPUT_COLUMNS:
        if col in ("id", "name", "category", "tier", "next_tier", "rank", "rank_in_cohort"):
            out.append(pl.col(col))
        else:
            out.append(_fmt4(col))
    return out


def format_frame(result: pl.DataFrame) -> pl.DataFrame:
    return result.select(format_exprs())


def write(formatted: pl.DataFrame, path: str) -> None:
    formatted.write_csv(path, null_value="", line_terminator="\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score partners with polars (benches/compare/scorecard.json).")
    ap.add_argument("--input", required=True, help="partners CSV")
    ap.add_argument("--output", required=True, help="output CSV (the `--format csv` headline table)")
    ap.add_argument("--fused", action="store_true", help="one lazy query scan -> score -> format")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    if args.fused:
        formatted = score_lazy(scan_partners(args.input)).select(format_exprs()).collect()
        t2 = time.perf_counter()
        write(formatted, args.output)
        t3 = time.perf_counter()
        print(
            f"polars {pl.__version__} (fused): {formatted.height:,} partners  read+score+format "
            f"{t2 - t0:.3f}s  write {t3 - t2:.3f}s  total {t3 - t0:.3f}s",
            file=sys.stderr,
        )
        return 0
    df = read_partners(args.input)
    t1 = time.perf_counter()
    result = score_frame(df)
    t2 = time.perf_counter()
    write(format_frame(result), args.output)
    t3 = time.perf_counter()
    print(
        f"polars {pl.__version__}: {df.height:,} partners  read {t1 - t0:.3f}s  score {t2 - t1:.3f}s  "
        f"write {t3 - t2:.3f}s  total {t3 - t0:.3f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
