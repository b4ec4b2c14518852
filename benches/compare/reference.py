#!/usr/bin/env python3
"""Exact reference scorer for benches/compare/scorecard.json (standard library only, slow).

Not a competitor in the bench: it is the referee.  It computes DESIGN.md §1 for this scorecard
with exact rational arithmetic (fractions.Fraction from the CSV text), compares values rounded to
20 decimal places half away from zero (as the engine does), and writes the same CSV as
`partnerscore score --format csv`.  When partnerscore and the float scripts disagree on a tie,
this decides who is right.  A straightforward loop, written for clarity: use it on the 20k file
(a few seconds) or to check samples of the 1M file (about a minute or two).

Usage: reference.py --input partners.csv --output scores.csv
"""

from __future__ import annotations

import argparse
import bisect
import csv
import sys
import time
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

METRICS = [
    "revenue", "deals_closed", "win_rate", "pipeline", "certified_reps", "mdf_denial_rate",
    "days_to_first_deal", "has_support_contract",
]
SALES = METRICS[:4]
ENABLEMENT = METRICS[4:]
TIERS = [("Platinum", Fraction(85)), ("Gold", Fraction(70)), ("Silver", Fraction(50))]
HEADER = [
    "id", "name", "category", "score", "max_score", "score_pct", "tier", "rank", "rank_in_cohort",
    "percentile", "next_tier", "points_to_next_tier",
] + [f"points:{m}" for m in METRICS]

ZERO, ONE = Fraction(0), Fraction(1)


def clamp01(x: Fraction) -> Fraction:
    return ZERO if x < 0 else ONE if x > 1 else x


def round_half_away(x: Fraction, places: int) -> Fraction:
    scale = 10 ** places
    n = abs(x) * scale
    q = int(n + Fraction(1, 2))  # floor(n + 1/2) for n >= 0: half away from zero
    return Fraction(q if x >= 0 else -q, scale)


def cmp20(x: Fraction) -> Fraction:
    """The value used in comparisons: rounded to 20 places (DESIGN §1 "Exact, then compared")."""
    return round_half_away(x, 20)


def fmt4(x: Fraction | None) -> str:
    if x is None:
        return ""
    q = round_half_away(x, 4)  # denominator divides 10**4
    s = format(Decimal(q.numerator * (10**4 // q.denominator)).scaleb(-4), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def num(cell: str) -> Fraction | None:
    return None if cell == "" else Fraction(cell)  # Fraction("512000.10") is exact


def boolean(cell: str) -> bool | None:
    if cell == "":
        return None
    c = cell.lower()
    if c in ("true", "yes", "1"):
        return True
    if c in ("false", "no", "0"):
        return False
    return Fraction(c) != 0


def percentrank(sorted_vals: list[Fraction], v: Fraction) -> Fraction:
    n = len(sorted_vals)
    if n == 1:
        return ONE
    return Fraction(bisect.bisect_left(sorted_vals, v), n - 1)


def score_rows(rows: list[dict[str, str]]) -> list[list[str]]:
    cohort_of = [r["category"] for r in rows]  # "" = no category: one cohort together
    vals = {m: [num(r[m]) for r in rows] for m in METRICS if m != "has_support_contract"}
    support = [boolean(r["has_support_contract"]) for r in rows]

    cohort_sorted: dict[str, dict[str, list[Fraction]]] = {}
    for m in ("win_rate", "pipeline"):
        groups: dict[str, list[Fraction]] = defaultdict(list)
        for c, v in zip(cohort_of, vals[m]):
            if v is not None:
                groups[c].append(v)
        cohort_sorted[m] = {c: sorted(g) for c, g in groups.items()}

    results = []
    for i, r in enumerate(rows):
        earned: dict[str, Fraction | None] = {}
        v = vals["revenue"][i]
        earned["revenue"] = ZERO if v is None else clamp01(v / 750000)
        v = vals["deals_closed"][i]
        earned["deals_closed"] = ZERO if v is None else clamp01((v - 0) / (12 - 0))
        for m in ("win_rate", "pipeline"):
            v = vals[m][i]
            earned[m] = ZERO if v is None else percentrank(cohort_sorted[m][cohort_of[i]], v)
        v = vals["certified_reps"][i]
        earned["certified_reps"] = (
            ZERO if v is None else ONE if v >= 3 else Fraction(1, 2) if v >= 1 else ZERO
        )
        v = vals["mdf_denial_rate"][i]
        earned["mdf_denial_rate"] = (
            ZERO if v is None else clamp01((v - Fraction(1, 2)) / (0 - Fraction(1, 2)))
        )
        v = vals["days_to_first_deal"][i]
        earned["days_to_first_deal"] = (
            ZERO if v is None else ONE if v <= 90 else Fraction(1, 2) if v <= 180 else ZERO
        )
        s = support[i]
        earned["has_support_contract"] = None if s is None else (ONE if s else ZERO)

        weights = {"revenue": 20, "deals_closed": 10, "win_rate": 10, "pipeline": 10,
                   "certified_reps": 15, "mdf_denial_rate": 10, "days_to_first_deal": 10,
                   "has_support_contract": 10}
        pts = {m: (None if earned[m] is None else weights[m] * earned[m]) for m in METRICS}
        sales = min(sum(pts[m] for m in SALES), Fraction(45))
        sales_max = min(Fraction(45), Fraction(sum(weights[m] for m in SALES)))
        enab = sum(pts[m] for m in ENABLEMENT if pts[m] is not None)
        enab_max = Fraction(sum(weights[m] for m in ENABLEMENT if pts[m] is not None))
        score = sales + enab
        max_score = sales_max + enab_max
        every = all(cmp20(pts[m]) > 0 for m in METRICS if pts[m] is not None)
        reps = vals["certified_reps"][i]
        tier = None
        for name, min_score in TIERS:
            if cmp20(score) < min_score:
                continue
            if name == "Platinum" and not (reps is not None and reps >= 3 and every):
                continue
            tier = name
            break
        results.append((score, max_score, tier, pts))

    # ranks and score percentile over the 20-place scores
    s20 = [cmp20(res[0]) for res in results]
    all_desc = sorted(s20)
    by_cohort: dict[str, list[Fraction]] = defaultdict(list)
    for c, s in zip(cohort_of, s20):
        by_cohort[c].append(s)
    for c in by_cohort:
        by_cohort[c].sort()

    out = []
    names = [t[0] for t in TIERS]
    for i, (score, max_score, tier, pts) in enumerate(results):
        s = s20[i]
        rank = 1 + len(all_desc) - bisect.bisect_right(all_desc, s)
        coh = by_cohort[cohort_of[i]]
        rank_c = 1 + len(coh) - bisect.bisect_right(coh, s)
        pct = percentrank(coh, s)
        if tier is None:
            nxt = names[-1]
        else:
            k = names.index(tier)
            nxt = names[k - 1] if k > 0 else None
        to_next = None
        if nxt is not None:
            to_next = max(ZERO, dict(TIERS)[nxt] - score)
        score_pct = 100 * score / max_score if max_score > 0 else ZERO
        r = rows[i]
        out.append(
            [r["id"], r["name"], r["category"], fmt4(score), fmt4(max_score), fmt4(score_pct),
             tier or "", str(rank), str(rank_c), fmt4(pct), nxt or "", fmt4(to_next)]
            + [fmt4(pts[m]) for m in METRICS]
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with open(args.input, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = score_rows(rows)
    with open(args.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(out)
    print(f"reference: {len(rows):,} partners in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
