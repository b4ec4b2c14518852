#!/usr/bin/env python3
"""Generate a deterministic synthetic partners CSV for the partnerscore comparison bench.

Standard library only.  The same --seed and --rows always give byte-identical output.

Columns (header row first):

    id, name, category, revenue, deals_closed, win_rate, pipeline, certified_reps,
    mdf_denial_rate, days_to_first_deal, has_support_contract

* id: P0000001, P0000002, ... (7 digits, more when --rows needs them)
* name: company-like names, never containing a comma or a quote (plain split on "," works)
* category: 4 categories of uneven size; about 1 % of rows have an empty (missing) category
* revenue: 2 decimals, log-normal, 0 .. 3,000,000 (a few zeros)
* deals_closed: int 0 .. 30, loosely tied to revenue
* win_rate: 0 .. 1, 3 decimals
* pipeline: 2 decimals, loosely tied to revenue
* certified_reps: int 0 .. 8
* mdf_denial_rate: 0 .. 0.6, 3 decimals
* days_to_first_deal: int 5 .. 400
* has_support_contract: true / false

About 2 % of the metric cells (every column after category) are empty, i.e. missing.
1,000,000 rows is about 110 MB.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time

HEADER = (
    "id,name,category,revenue,deals_closed,win_rate,pipeline,certified_reps,"
    "mdf_denial_rate,days_to_first_deal,has_support_contract"
)

# Uneven category sizes; the remaining ~1 % is the empty (missing) category.
CATEGORIES = [
    ("Managed Service Provider", 0.455),
    ("Value Added Reseller", 0.305),
    ("System Integrator", 0.160),
    ("Distributor", 0.070),
]
MISSING_CATEGORY = 0.010
MISSING_METRIC = 0.02

NAME_FIRST = (
    "Northwind Contoso Fabrikam Tailspin Adventure Blue Harbor Silver Maple Red Oak Granite Summit "
    "Cedar Pioneer Atlas Vertex Horizon Evergreen Lakeside Ironbridge Bright Falcon Polar Crescent "
    "Highland Riverbend Sterling Keystone Cobalt Meridian Orchard Beacon Copper Quantum Nimbus "
    "Alpine Coastal Prairie Harbor Redwood Aurora Pinnacle Trident Lighthouse Bluewater Stonegate "
    "Westfield Eastwood Oakridge Clearview Brightpath Nordic Celtic Pacific Atlantic Sierra Cascade"
).split()
NAME_SECOND = (
    "Data Cloud Network Digital Info Tech Cyber Secure Logic Soft Byte Micro Grid Signal Core Stack "
    "Vision Wave Link Point Bridge Path Stream Pixel Quantum Fusion Matrix Sphere Nexus Vector"
).split()
NAME_THIRD = (
    "Systems Solutions Technologies Consulting Partners Networks Services Integrators Computing "
    "Infrastructure Communications Analytics Security Software Group Labs Works Associates"
).split()
NAME_REGION = ("Europe", "Americas", "Asia Pacific", "Nordics", "Benelux", "Iberia", "North America",
               "UK", "DACH", "International", "Global", "Midwest")
NAME_LEGAL = ("Ltd", "Inc", "LLC", "GmbH", "BV", "SA", "AG", "Pty Ltd", "Limited", "Corp", "plc", "")


def build_category_table() -> list[tuple[float, str]]:
    """Cumulative thresholds for drawing a category with one random() call."""
    table = []
    acc = MISSING_CATEGORY
    table.append((acc, ""))
    scale = (1.0 - MISSING_CATEGORY) / sum(w for _, w in CATEGORIES)
    for name, weight in CATEGORIES:
        acc += weight * scale
        table.append((acc, name))
    table[-1] = (1.0 + 1e-9, table[-1][1])
    return table


def generate(rows: int, seed: int, out) -> None:
    rng = random.Random(seed)
    rnd = rng.random
    gauss = rng.gauss
    beta = rng.betavariate
    choice = rng.choice
    cats = build_category_table()
    width = max(7, len(str(rows)))
    id_fmt = "P%0" + str(width) + "d"
    miss = MISSING_METRIC
    ln_mu = math.log(240_000.0)
    exp = math.exp

    out.write(HEADER + "\n")
    chunk: list[str] = []
    append = chunk.append
    for i in range(1, rows + 1):
        # name: "<First> <Second> <Third> [<Region>] [<Legal>]", e.g. "Cobalt Data Systems Europe Ltd"
        name = choice(NAME_FIRST) + " " + choice(NAME_SECOND) + " " + choice(NAME_THIRD)
        if rnd() < 0.45:
            name = name + " " + choice(NAME_REGION)
        legal = choice(NAME_LEGAL)
        if legal:
            name = name + " " + legal

        r = rnd()
        for threshold, cat in cats:
            if r < threshold:
                break

        # revenue: log-normal, clipped to 3,000,000, ~3 % exactly zero
        if rnd() < 0.03:
            rev_v = 0.0
        else:
            rev_v = exp(ln_mu + 1.05 * gauss(0.0, 1.0))
            if rev_v > 3_000_000.0:
                rev_v = 3_000_000.0
        revenue = "" if rnd() < miss else "%.2f" % rev_v

        d = int(rev_v / 55_000.0 + gauss(0.0, 2.5) + 0.5)
        d = 0 if d < 0 else (30 if d > 30 else d)
        deals = "" if rnd() < miss else str(d)

        win = "" if rnd() < miss else "%.3f" % beta(2.2, 3.0)

        pipe_v = rev_v * (0.2 + 2.3 * rnd()) + 5_000.0 * rnd()
        pipeline = "" if rnd() < miss else "%.2f" % pipe_v

        c = int(beta(1.3, 2.6) * 9.0)
        certified = "" if rnd() < miss else str(8 if c > 8 else c)

        mdf = "" if rnd() < miss else "%.3f" % (0.6 * beta(1.4, 3.2))

        days = "" if rnd() < miss else str(5 + int(beta(1.5, 3.0) * 396.0))

        support = "" if rnd() < miss else ("true" if rnd() < 0.55 else "false")

        append(
            f"{id_fmt % i},{name},{cat},{revenue},{deals},{win},{pipeline},{certified},"
            f"{mdf},{days},{support}\n"
        )
        if len(chunk) >= 50_000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="number of partners (default 1,000,000)")
    ap.add_argument("--output", default="-", help="output CSV path (default: stdout)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed (default 20240601)")
    args = ap.parse_args(argv)
    if args.rows < 0:
        ap.error("--rows must be >= 0")

    t0 = time.perf_counter()
    if args.output == "-":
        generate(args.rows, args.seed, sys.stdout)
        sys.stdout.flush()
    else:
        directory = os.path.dirname(os.path.abspath(args.output))
        os.makedirs(directory, exist_ok=True)
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            generate(args.rows, args.seed, f)
        os.replace(tmp, args.output)  # never leave a half-written file under the final name
        size = os.path.getsize(args.output)
        print(
            f"wrote {args.rows:,} partners to {args.output} ({size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - t0:.1f}s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
