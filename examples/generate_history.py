#!/usr/bin/env python3
"""Generate sample quarterly partner history (examples/history.csv, history.json).

Deterministic (fixed seed), standard library only, Python 3.9+. Run it from
anywhere:

    python3 examples/generate_history.py

It reads examples/partners.csv, writes examples/history.csv and
examples/history.json next to this file (the same rows in the same order) and
then reads both back to check that they agree. See DESIGN.md, "Data contract"
(History, A partner's series) and "3. Achievement plan".

Shape: long form, one row per partner per quarter, columns
partner_id,period,revenue,deals_closed; periods 2025-Q1 .. 2026-Q4. JSON
revenue is a string with two decimals, deals_closed a JSON integer; the one
missing revenue is null in JSON and an empty cell in the CSV.

Consistency with partners.csv:

* A partner's revenue over the last four quarters (2026-Q1..2026-Q4, the rows
  present) sums to its `revenue` column within +-8 %; its deals over those
  quarters are within one of `deals_closed` (deals follow revenue, rounded
  cumulatively; a gap quarter or a credit has none).
* No rows before the quarter of `first_revenue_on`; a first quarter that
  starts mid-quarter is partial. No rows at all without `first_revenue_on`.
* No rows after the quarter of `terminated_on`.
* P017 has no `revenue` in partners.csv; its history is sized from its
  deals_closed (7 deals of about 30k).

What the data set contains on purpose:

* Growth (GROWTH below) and decline (DECLINE below); the rest roughly flat,
  with Q4 seasonally strong and Q1 weak.
* Gaps (a quarter without a row): GAPS below.
* A credit/return: NEGATIVE below (a negative quarter, no deals).
* A row whose revenue is missing: MISSING_REVENUE below.
* Rows of partner ids not in partners.csv (partners outside the plan):
  OUTSIDE below; the engine leaves them out and counts them.
* No rows for P027 and P033 (terminated before 2025) and P036, P039, P040
  (signed in 2025, no first revenue yet).
* Rows are not sorted: a deterministic local shuffle moves each row a few
  places, so periods of one partner arrive out of order and partners
  interleave. No partner/period pair repeats.
"""

import csv
import datetime as dt
import json
import os
import random

SEED = 20260105

HERE = os.path.dirname(os.path.abspath(__file__))
PARTNERS_CSV = os.path.join(HERE, "partners.csv")
HISTORY_CSV = os.path.join(HERE, "history.csv")
HISTORY_JSON = os.path.join(HERE, "history.json")

PERIODS = [(y, q) for y in (2025, 2026) for q in (1, 2, 3, 4)]
LAST = 4  # the last LAST periods are the ones that match partners.csv revenue
SEASON = {1: 0.90, 2: 1.00, 3: 0.96, 4: 1.14}

# Quarter-over-quarter growth rates; partners not listed drift in [-2 %, +3 %].
GROWTH = {"P005": 0.05, "P012": 0.04, "P013": 0.09, "P016": 0.06, "P023": 0.08,
          "P024": 0.07, "P030": 0.10}
DECLINE = {"P001": -0.06, "P011": -0.07, "P018": -0.05, "P021": -0.08,
           "P025": -0.04, "P038": -0.06}
GAPS = {("P025", "2025-Q3"), ("P032", "2025-Q2"), ("P018", "2026-Q2")}
NEGATIVE = {("P021", "2026-Q2"): "-1250.00"}
MISSING_REVENUE = {("P017", "2026-Q1")}
ESTIMATED_REVENUE = {"P017": 210000.00}  # partners.csv leaves its revenue empty
OUTSIDE = [
    {"partner_id": "P901", "period": "2026-Q1", "revenue": "48210.00", "deals_closed": 2},
    {"partner_id": "P901", "period": "2026-Q2", "revenue": "51875.40", "deals_closed": 2},
    {"partner_id": "P902", "period": "2025-Q4", "revenue": "12990.55", "deals_closed": 1},
    {"partner_id": "P903", "period": "2026-Q3", "revenue": "87400.00", "deals_closed": 3},
]


def period_name(yq):
    return "%d-Q%d" % yq


def quarter_of(date):
    return (date.year, (date.month - 1) // 3 + 1)


def quarter_bounds(yq):
    y, q = yq
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)
    return start, end


def parse_date(text):
    return dt.date.fromisoformat(text) if text else None


def money(x):
    s = "%.2f" % x
    return "0.00" if s == "-0.00" else s


def partner_rows(p, rng):
    """The history rows of one partner, in period order."""
    pid = p["id"]
    first = parse_date(p["first_revenue_on"])
    term = parse_date(p["terminated_on"])
    if first is None:
        return []
    revenue = float(p["revenue"]) if p["revenue"] else ESTIMATED_REVENUE[pid]
    deals = int(p["deals_closed"] or 0)
    growth = GROWTH.get(pid, DECLINE.get(pid, rng.uniform(-0.02, 0.03)))

    # Unscaled shape: trend x season x noise, partial first/last quarters.
    shape = {}
    for t, yq in enumerate(PERIODS):
        start, end = quarter_bounds(yq)
        if yq < quarter_of(first) or (term is not None and yq > quarter_of(term)):
            continue
        share = 1.0
        if start <= first < end:
            share *= (end - first).days / (end - start).days
        if term is not None and start <= term < end:
            share *= (term - start).days / (end - start).days
        shape[yq] = (1 + growth) ** t * SEASON[yq[1]] * rng.uniform(0.88, 1.12) * share
    if not shape:
        return []

    # Scale so the rows present in the last quarters sum to about `revenue`.
    target = revenue * rng.uniform(0.94, 1.06)
    last = PERIODS[-LAST:]
    fixed = sum(float(v) for (q, v) in NEGATIVE.items() if q[0] == pid and q[1] in map(period_name, last))
    scaled = [yq for yq in last if yq in shape and (pid, period_name(yq)) not in GAPS
              and (pid, period_name(yq)) not in NEGATIVE]
    k = (target - fixed) / sum(shape[yq] for yq in scaled)
    per_deal = sum(shape[yq] for yq in scaled) * k / max(deals, 1)

    # Deals follow revenue; cumulative rounding from a random offset keeps any
    # run of quarters within one deal of its expected count.
    offset = rng.random()
    cum = 0.0
    rows = []
    for yq, s in shape.items():
        key = (pid, period_name(yq))
        value = s * k
        if key in GAPS:
            continue
        if key in NEGATIVE:
            rows.append({"partner_id": pid, "period": key[1], "revenue": NEGATIVE[key], "deals_closed": 0})
            continue
        expected_deals = value / per_deal if deals else 0.0
        n = int(cum + expected_deals + offset) - int(cum + offset)
        cum += expected_deals
        rev = None if key in MISSING_REVENUE else money(value)
        rows.append({"partner_id": pid, "period": key[1], "revenue": rev, "deals_closed": n})
    return rows


def jitter(rows, rng, reach=6.0):
    """Deterministic local shuffle: each row moves a few places at most."""
    keyed = [(i + rng.uniform(0, reach), i, r) for i, r in enumerate(rows)]
    keyed.sort(key=lambda x: (x[0], x[1]))
    return [r for _, _, r in keyed]


def build():
    rng = random.Random(SEED)
    with open(PARTNERS_CSV, encoding="utf-8", newline="") as fh:
        partners = list(csv.DictReader(fh))
    rows = []
    for p in partners:
        rows.extend(partner_rows(p, rng))
    # Partners outside the plan arrive among the others.
    for extra in OUTSIDE:
        rows.insert(rng.randrange(len(rows) + 1), dict(extra))
    return partners, jitter(rows, rng)


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["partner_id", "period", "revenue", "deals_closed"])
        for r in rows:
            w.writerow([r["partner_id"], r["period"], r["revenue"] or "", r["deals_closed"]])


def write_json(rows, path):
    lines = ["  " + json.dumps(r) for r in rows]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("[\n" + ",\n".join(lines) + "\n]\n")


def check(partners, rows):
    with open(HISTORY_CSV, encoding="utf-8", newline="") as fh:
        from_csv = [(r["partner_id"], r["period"], r["revenue"] or None, int(r["deals_closed"]))
                    for r in csv.DictReader(fh)]
    with open(HISTORY_JSON, encoding="utf-8") as fh:
        from_json = [(r["partner_id"], r["period"], r["revenue"], r["deals_closed"]) for r in json.load(fh)]
    assert from_csv == from_json, "CSV and JSON differ"
    keys = [(r[0], r[1]) for r in from_csv]
    assert len(keys) == len(set(keys)), "repeated partner/period"
    known = {p["id"]: p for p in partners}
    last = {period_name(yq) for yq in PERIODS[-LAST:]}
    for pid, p in known.items():
        mine = [r for r in from_csv if r[0] == pid]
        first = parse_date(p["first_revenue_on"])
        term = parse_date(p["terminated_on"])
        for r in mine:
            assert first is not None and r[1] >= period_name(quarter_of(first)), r
            assert term is None or r[1] <= period_name(quarter_of(term)), r
        if p["revenue"] and mine:
            total = sum(float(r[2] or 0) for r in mine if r[1] in last)
            assert abs(total - float(p["revenue"])) <= 0.2 * float(p["revenue"]), (pid, total)
    return len(from_csv)


def main():
    partners, rows = build()
    write_csv(rows, HISTORY_CSV)
    write_json(rows, HISTORY_JSON)
    n = check(partners, rows)
    print("wrote %d rows to %s and %s" % (n, HISTORY_CSV, HISTORY_JSON))


if __name__ == "__main__":
    main()
