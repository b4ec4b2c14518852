#!/usr/bin/env python3
"""Generate the sample partner data in examples/ (partners.json, partners.csv).

Deterministic (fixed seed), standard library only, Python 3.9+. Run it from
anywhere:

    python3 examples/generate_sample.py

It rewrites examples/partners.json and examples/partners.csv next to this file
and then reads both back to check that they describe exactly the same data.
examples/scorecard.json is written by hand and is not touched.

What the data set contains on purpose (see DESIGN.md, "Data contract"):

* 40 partners, P001..P040, 10 in each category MSP, VAR, SI, Distributor.
* One name with a comma (quoted in the CSV) and names with accents.
* Money as strings with two decimals, counts as JSON integers, rates as JSON
  numbers with at most 4 decimals.
* Six missing cells (JSON: key left out or null; CSV: empty cell):
    P017 revenue (null)          - CRM export gap on an established SI
    P029 certified_reps (absent) - certification data not reported
    P036 win_rate (null), P039 win_rate (absent)
                                 - new partners without any closed deal
                                   (deals_won = deals_lost = 0, so the derived
                                   win_rate is missing too)
    P024 mdf_denial_rate (null), P036 mdf_denial_rate (absent)
                                 - no MDF claims filed (claims 0 / 0, so the
                                   derived mdf_denial_rate is missing too)
* P008 and P031 (both VAR) tie exactly on every scorecard and profile input.
* P012 (Northwind Systems, MSP) is the clear top performer.
* Weak partners: P021, P027, P033 (terminated), P036, P039, P040.
* first_revenue_on is absent for P027, P036, P039, P040 (no revenue yet);
  terminated_on is present for P027 and P033, whose potential is 0.00 (every
  other partner leaves potential empty: the plan derives it from its category).
* Supplied win_rate and mdf_denial_rate agree (to 4 decimals) with the values
  DESIGN.md section 4 derives from deals_won/deals_lost and
  mdf_claims_approved/mdf_claims_denied; deals_won equals deals_closed.
"""

import csv
import datetime as dt
import io
import json
import os
import random
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

SEED = 20250214
HERE = os.path.dirname(os.path.abspath(__file__))
LATEST = dt.date(2025, 12, 15)  # nothing in the data happens after this day

FIELDS = [
    "id", "name", "category", "region", "signed_on", "first_revenue_on",
    "terminated_on", "revenue", "deals_closed", "win_rate", "certified_reps",
    "sales_reps", "employees", "mdf_denial_rate", "sells", "support_contract",
    "marketing_spend", "attributed_revenue", "gross_margin", "mdf_allocated",
    "mdf_claims_approved", "mdf_claims_denied", "mdf_amount_approved", "mql",
    "sql", "deals_won", "deals_lost", "potential",
]
MONEY = {"revenue", "marketing_spend", "attributed_revenue", "mdf_allocated",
         "mdf_amount_approved", "potential"}
RATES = {"win_rate", "mdf_denial_rate", "gross_margin"}
COUNTS = {"deals_closed", "certified_reps", "sales_reps", "employees",
          "mdf_claims_approved", "mdf_claims_denied", "mql", "sql",
          "deals_won", "deals_lost"}
DATES = {"signed_on", "first_revenue_on", "terminated_on"}
PRODUCTS = ["services", "infrastructure", "security", "cloud", "licensing"]

# id order, name, category, region
ROSTER = [
    ("Bluefin IT Services", "MSP", "NA"),
    ("Summit Peak Solutions", "VAR", "NA"),
    ("Meridian Integration Group", "SI", "EMEA"),
    ("Atlas Channel Distribution", "Distributor", "NA"),
    ("Société Numérique", "MSP", "EMEA"),
    ("Ironbridge Technology", "VAR", "EMEA"),
    ("Quantis Consulting", "SI", "NA"),
    ("Redwood Data Systems", "VAR", "NA"),
    ("Pacifica Supply Networks", "Distributor", "APAC"),
    ("Harborview Managed IT", "MSP", "NA"),
    ("Helix Systems Integration", "SI", "APAC"),
    ("Northwind Systems", "MSP", "EMEA"),
    ("Continental Tech Distribution", "Distributor", "EMEA"),
    ("Aster & Vale Technology", "VAR", "EMEA"),
    ("Baker, Lowe & Partners", "SI", "NA"),
    ("Cobalt Ridge Networks", "MSP", "APAC"),
    ("Vantage Point Consulting", "SI", "NA"),
    ("Southern Cross Distribution", "Distributor", "APAC"),
    ("Brightline Computing", "VAR", "APAC"),
    ("Tidewater Tech Partners", "MSP", "NA"),
    ("Stratos Digital Integration", "SI", "LATAM"),
    ("Andes Tecnología Mayorista", "Distributor", "LATAM"),
    ("Silverleaf Solutions", "VAR", "EMEA"),
    ("Greystone Cloud Services", "MSP", "EMEA"),
    ("Orion Value Distribution", "Distributor", "NA"),
    ("Corvid Engineering", "SI", "EMEA"),
    ("Oakmont Digital", "VAR", "LATAM"),
    ("Kestrel Managed Services", "MSP", "APAC"),
    ("Nordlicht Systemhaus", "SI", "EMEA"),
    ("Eastgate Components", "Distributor", "APAC"),
    ("Crescent Valley Systems", "VAR", "NA"),
    ("Pinecrest IT Solutions", "MSP", "LATAM"),
    ("Bayline Wholesale IT", "Distributor", "NA"),
    ("Azimuth Technology Group", "SI", "APAC"),
    ("Falcon Crest IT", "VAR", "EMEA"),
    ("Lumen Bay Technologies", "MSP", "NA"),
    ("Polaris Distribution Services", "Distributor", "EMEA"),
    ("Keystone Systems Integrators", "SI", "NA"),
    ("Maplewood Networks", "VAR", "LATAM"),
    ("Greenfield Tech Supply", "Distributor", "LATAM"),
]

# What each category tends to sell (weights per product, in PRODUCTS order).
SELLS_WEIGHTS = {
    "MSP": [0.9, 0.6, 0.5, 0.8, 0.2],
    "VAR": [0.3, 0.8, 0.5, 0.4, 0.8],
    "SI": [0.95, 0.6, 0.4, 0.6, 0.2],
    "Distributor": [0.1, 0.8, 0.4, 0.5, 0.95],
}
MARGIN = {"MSP": (0.30, 0.45), "VAR": (0.15, 0.30), "SI": (0.25, 0.40),
          "Distributor": (0.06, 0.14)}


def money(x):
    return str(Decimal(str(x)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def rate(num, den=1):
    """A rate rounded to 4 decimals, as a normalized Decimal (0.35, not 0.3500)."""
    d = (Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return d.normalize() if d != 0 else Decimal(0)


def rand_date(rng, lo, hi):
    return dt.date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


def lost_for(won, win_rate):
    """deals_lost so that won / (won + lost) is close to win_rate."""
    return max(0, round(won * (1 - win_rate) / win_rate))


def make_partner(rng, idx, name, category, region):
    p = {"id": "P%03d" % idx, "name": name, "category": category, "region": region}
    signed = rand_date(rng, dt.date(2019, 1, 7), dt.date(2024, 12, 20))
    p["signed_on"] = signed
    p["first_revenue_on"] = min(signed + dt.timedelta(days=int(rng.lognormvariate(4.6, 0.6))),
                                LATEST)
    # Skewed revenue: most partners are small, a few large.
    revenue = rng.lognormvariate(12.3, 0.85)
    while revenue > 1_250_000.0:  # redraw rather than clip: no suspicious round values
        revenue = rng.lognormvariate(12.3, 0.85)
    if category == "Distributor":
        revenue *= 1.3  # below the top performer's 1864250.75 still
    p["revenue"] = money(revenue)
    size = revenue / 1_250_000.0  # 0..1
    won = max(1, int(round(rng.uniform(2, 8) + size * rng.uniform(6, 26))))
    wr = rng.uniform(0.12, 0.55)
    lost = lost_for(won, wr)
    p["deals_closed"] = won
    p["deals_won"] = won
    p["deals_lost"] = lost
    p["win_rate"] = rate(won, won + lost)
    p["sales_reps"] = max(1, int(round(1 + size * 14 + rng.uniform(0, 4))))
    if category == "Distributor":
        p["employees"] = int(p["sales_reps"] * rng.uniform(8, 20)) + rng.randint(20, 120)
    else:
        p["employees"] = int(p["sales_reps"] * rng.uniform(3, 9)) + rng.randint(2, 30)
    p["certified_reps"] = min(8, p["sales_reps"], max(0, int(round(size * 6 + rng.uniform(-1.5, 2.5)))))
    sells = [prod for prod, w in zip(PRODUCTS, SELLS_WEIGHTS[category]) if rng.random() < w]
    if not sells:
        sells = [PRODUCTS[max(range(5), key=lambda i: SELLS_WEIGHTS[category][i])]]
    p["sells"] = sells
    p["support_contract"] = rng.random() < 0.65
    spend = 4000 + revenue * rng.uniform(0.01, 0.05)
    p["marketing_spend"] = money(spend)
    p["attributed_revenue"] = money(revenue * rng.uniform(0.08, 0.35))
    lo, hi = MARGIN[category]
    p["gross_margin"] = rate(int(rng.uniform(lo, hi) * 100), 100)
    allocated = 5000 + int(size * 50) * 1000 + rng.randint(0, 10) * 500
    claims = rng.randint(3, 14) + int(size * 10)
    denied = int(round(claims * rng.uniform(0.0, 0.45)))
    approved = claims - denied
    p["mdf_allocated"] = money(allocated)
    p["mdf_claims_approved"] = approved
    p["mdf_claims_denied"] = denied
    p["mdf_denial_rate"] = rate(denied, claims)
    p["mdf_amount_approved"] = money(min(allocated, approved * rng.uniform(600, 2800)))
    mql = int(40 + size * 500 + rng.uniform(0, 120))
    p["mql"] = mql
    p["sql"] = int(mql * rng.uniform(0.12, 0.42))
    return p


def set_deals(p, won, lost):
    p["deals_closed"] = won
    p["deals_won"] = won
    p["deals_lost"] = lost
    p["win_rate"] = rate(won, won + lost) if won + lost else None


def set_mdf(p, approved, denied, allocated, amount):
    p["mdf_allocated"] = money(allocated)
    p["mdf_claims_approved"] = approved
    p["mdf_claims_denied"] = denied
    p["mdf_denial_rate"] = rate(denied, approved + denied) if approved + denied else None
    p["mdf_amount_approved"] = money(amount)


def build():
    rng = random.Random(SEED)
    partners = [make_partner(rng, i + 1, *row) for i, row in enumerate(ROSTER)]
    by_id = {p["id"]: p for p in partners}
    D = dt.date

    # --- the clear top performer -------------------------------------------
    top = by_id["P012"]  # Northwind Systems, MSP
    top.update(signed_on=D(2019, 3, 4), first_revenue_on=D(2019, 4, 22),
               revenue="1864250.75", certified_reps=8, sales_reps=22, employees=240,
               sells=["services", "infrastructure", "security", "cloud"],
               support_contract=True, marketing_spend="61200.00",
               attributed_revenue="702400.00", gross_margin=Decimal("0.41"),
               mql=890, sql=352)
    set_deals(top, 36, 22)  # win_rate 0.6207, the best in any cohort
    set_mdf(top, 18, 0, 60000, 58950)  # mdf_denial_rate 0

    # --- two partners that tie exactly on every scoring input ---------------
    tie = dict(revenue="350000.00", certified_reps=2, sales_reps=6, employees=48,
               region="NA", sells=["infrastructure", "licensing"], support_contract=True)
    for pid, signed, first, spend, attributed, margin, allocated, amount, mql, sql in (
        ("P008", D(2021, 5, 17), D(2021, 8, 2), "15400.00", "61250.00", "0.22", 20000, 14300, 210, 58),
        ("P031", D(2022, 9, 12), D(2022, 11, 28), "12950.00", "88400.00", "0.19", 18000, 15100, 265, 71),
    ):
        p = by_id[pid]
        p.update(tie, signed_on=signed, first_revenue_on=first, marketing_spend=spend,
                 attributed_revenue=attributed, gross_margin=Decimal(margin), mql=mql, sql=sql)
        set_deals(p, 7, 13)  # win_rate 0.35
        set_mdf(p, 8, 2, allocated, amount)  # mdf_denial_rate 0.2

    # --- weak partners -----------------------------------------------------
    p = by_id["P021"]  # established but barely selling, no certifications
    p.update(signed_on=D(2020, 10, 5), first_revenue_on=D(2021, 6, 30), revenue="21480.40",
             certified_reps=0, sales_reps=2, employees=11, support_contract=False,
             marketing_spend="4800.00", attributed_revenue="1900.00", mql=34, sql=4)
    set_deals(p, 1, 9)
    set_mdf(p, 5, 6, 8000, 4100)  # mdf_denial_rate 0.5455

    p = by_id["P027"]  # signed, never produced, terminated
    p.update(signed_on=D(2022, 5, 9), first_revenue_on=None, terminated_on=D(2023, 11, 30),
             revenue="0.00", certified_reps=0, sales_reps=1, employees=6, sells=["licensing"],
             support_contract=False, marketing_spend="2500.00", attributed_revenue="0.00",
             mql=12, sql=1)
    set_deals(p, 0, 3)  # win_rate 0
    set_mdf(p, 1, 1, 5000, 750)

    p = by_id["P033"]  # produced for a while, then terminated
    p.update(signed_on=D(2020, 2, 17), first_revenue_on=D(2020, 7, 1), terminated_on=D(2024, 8, 31),
             revenue="18250.00", certified_reps=1, sales_reps=3, employees=64,
             support_contract=False, marketing_spend="6100.00", attributed_revenue="2400.00",
             mql=45, sql=6)
    set_deals(p, 2, 11)
    set_mdf(p, 4, 5, 10000, 3200)  # mdf_denial_rate 0.5556

    p = by_id["P036"]  # signed this year, no deal and no MDF claim yet
    p.update(signed_on=D(2025, 9, 22), first_revenue_on=None, revenue="0.00", certified_reps=1,
             sales_reps=2, employees=14, support_contract=True, marketing_spend="3000.00",
             attributed_revenue="0.00", mql=18, sql=2)
    set_deals(p, 0, 0)  # win_rate missing
    set_mdf(p, 0, 0, 5000, 0)  # mdf_denial_rate missing

    p = by_id["P039"]  # signed this year, no deal yet
    p.update(signed_on=D(2025, 6, 16), first_revenue_on=None, revenue="0.00", certified_reps=0,
             sales_reps=3, employees=19, support_contract=False, marketing_spend="3500.00",
             attributed_revenue="0.00", mql=27, sql=5)
    set_deals(p, 0, 0)  # win_rate missing
    set_mdf(p, 2, 1, 6000, 2600)

    p = by_id["P040"]  # signed this autumn, two deals lost so far
    p.update(signed_on=D(2025, 10, 6), first_revenue_on=None, revenue="0.00", certified_reps=0,
             sales_reps=4, employees=85, support_contract=False, marketing_spend="2000.00",
             attributed_revenue="0.00", mql=9, sql=2)
    set_deals(p, 0, 2)  # win_rate 0
    set_mdf(p, 1, 0, 5000, 1200)

    # A terminated partner has no potential left: the plan (DESIGN section 3) takes
    # a given potential as is, so the manager's hours never go to P027 or P033.
    for pid in ("P027", "P033"):
        by_id[pid]["potential"] = "0.00"

    # --- other missing cells -------------------------------------------------
    by_id["P017"]["revenue"] = None  # CRM export gap
    by_id["P029"]["certified_reps"] = None  # certification data not reported
    set_mdf(by_id["P024"], 0, 0, 0, 0)  # an MSP that does not use MDF

    # How each missing cell is written in JSON: "null" keeps the key with a null,
    # "absent" leaves the key out. The CSV has an empty cell either way.
    missing_style = {("P017", "revenue"): "null", ("P029", "certified_reps"): "absent",
                     ("P036", "win_rate"): "null", ("P039", "win_rate"): "absent",
                     ("P024", "mdf_denial_rate"): "null", ("P036", "mdf_denial_rate"): "absent"}
    return partners, missing_style


# --- writing ---------------------------------------------------------------

def text(field, v):
    """The value as it appears in a CSV cell ('' when missing)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def json_value(field, v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, Decimal)):
        return text(field, v)  # a JSON number, written exactly
    if isinstance(v, list):
        return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
    return json.dumps(text(field, v), ensure_ascii=False)


def write_json(partners, missing_style, path):
    out = ["["]
    for i, p in enumerate(partners):
        lines = []
        for f in FIELDS:
            v = p.get(f)
            if v is None and missing_style.get((p["id"], f)) != "null":
                continue  # absent: key left out
            lines.append("    %s: %s" % (json.dumps(f), json_value(f, v)))
        out.append("  {")
        out.append(",\n".join(lines))
        out.append("  }" + ("," if i + 1 < len(partners) else ""))
    out.append("]")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(out) + "\n")


def write_csv(partners, path):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")  # minimal RFC 4180 quoting
        w.writerow(FIELDS)
        for p in partners:
            w.writerow([text(f, p.get(f)) for f in FIELDS])


# --- checking --------------------------------------------------------------

MONEY_RE = re.compile(r"^\d+\.\d\d$")
RATE_RE = re.compile(r"^(0|1|0\.\d{1,4})$")
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")


def check(json_path, csv_path):
    """Read both files back; fail loudly unless they hold the same data."""
    with open(json_path, encoding="utf-8") as fh:
        # Keep the raw number text so it can be compared with the CSV cell.
        js = json.loads(fh.read(), parse_float=lambda s: ("num", s),
                        parse_int=lambda s: ("int", s))
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == FIELDS, rows[0]
    rows = rows[1:]
    assert len(js) == len(rows) == 40, (len(js), len(rows))
    ids = [p["id"] for p in js]
    assert ids == ["P%03d" % i for i in range(1, 41)], ids
    assert sorted({p["category"] for p in js}) == ["Distributor", "MSP", "SI", "VAR"]
    missing = []
    for p, row in zip(js, rows):
        assert len(row) == len(FIELDS), row
        assert set(p) <= set(FIELDS), set(p) - set(FIELDS)
        for f, cell in zip(FIELDS, row):
            v = p.get(f)
            where = "%s.%s" % (p["id"], f)
            if v is None:
                assert cell == "", where
                if f not in ("first_revenue_on", "terminated_on"):
                    missing.append(where)
            elif f == "sells":
                assert isinstance(v, list) and v and all(x in PRODUCTS for x in v), where
                assert cell.split(";") == v, where
            elif f == "support_contract":
                assert isinstance(v, bool) and cell == ("true" if v else "false"), where
            elif f in MONEY:
                assert isinstance(v, str) and MONEY_RE.match(v) and cell == v, where
            elif f in COUNTS:
                assert isinstance(v, tuple) and v[0] == "int" and cell == v[1], where
            elif f in RATES:
                assert isinstance(v, tuple) and cell == v[1] and RATE_RE.match(cell), where
                assert Decimal(cell) <= (Decimal("0.6") if f == "mdf_denial_rate" else 1), where
            elif f in DATES:
                assert isinstance(v, str) and DATE_RE.match(v) and cell == v, where
                dt.date.fromisoformat(v)
            else:
                assert isinstance(v, str) and cell == v, where
        signed = dt.date.fromisoformat(p["signed_on"])
        assert dt.date(2019, 1, 1) <= signed <= dt.date(2025, 12, 31), p["id"]
        if p.get("first_revenue_on"):
            assert dt.date.fromisoformat(p["first_revenue_on"]) > signed, p["id"]
        if p.get("terminated_on"):
            assert dt.date.fromisoformat(p["terminated_on"]) > signed, p["id"]
        # supplied rates agree with the ones DESIGN.md section 4 derives
        won, lost = int(p["deals_won"][1]), int(p["deals_lost"][1])
        if p.get("win_rate") is not None:
            assert Decimal(p["win_rate"][1]) == rate(won, won + lost), p["id"]
        else:
            assert won + lost == 0, p["id"]
        ap, de = int(p["mdf_claims_approved"][1]), int(p["mdf_claims_denied"][1])
        if p.get("mdf_denial_rate") is not None:
            assert Decimal(p["mdf_denial_rate"][1]) == rate(de, ap + de), p["id"]
        else:
            assert ap + de == 0, p["id"]
    missing = [m for m in missing if not m.endswith(".potential")]  # optional by design
    assert len(missing) == 6, missing
    assert sum(1 for p in js if not p.get("first_revenue_on")) == 4
    assert sum(1 for p in js if p.get("terminated_on")) == 2
    assert sum(1 for p in js if "," in p["name"]) == 1
    assert any(not p["name"].isascii() for p in js)
    return missing


def main():
    partners, missing_style = build()
    json_path = os.path.join(HERE, "partners.json")
    csv_path = os.path.join(HERE, "partners.csv")
    write_json(partners, missing_style, json_path)
    write_csv(partners, csv_path)
    missing = check(json_path, csv_path)
    print("wrote %s and %s: %d partners, missing cells: %s"
          % (os.path.relpath(json_path), os.path.relpath(csv_path), len(partners),
             ", ".join(missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
