#!/usr/bin/env python3
"""Side-by-side run: partnerscore CLI vs pandas vs polars on the same partners CSV.

Normally started through run.sh (which prepares benches/compare/.venv and runs this file with
it).  Steps:

  1. generate data/partners_<rows>.csv with generate.py unless it exists;
  2. cargo build --release -p partnerscore-cli (skip with --skip-build; binary:
     target/release/partnerscore, or --partnerscore PATH);
  3. run the three end to end on that file, --repeat times, interleaved, each as its own process,
     timing the wall clock and measuring the peak RSS (/usr/bin/time -v when present, else the
     child's ru_maxrss through a tiny wrapper process);
  4. check that the three outputs agree: same header, same ids in the same order, and on the
     sampled rows (first 100, last 100, every --sample-every'th; --full-compare for all rows)
     id/name/category/tier/next_tier/rank/rank_in_cohort exactly and every number within 1e-3;
  5. print a table of times, peak memory and ratios, and save it to data/results_<rows>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCORECARD = HERE / "scorecard.json"
DATA = HERE / "data"

EXACT_COLUMNS = {"id", "name", "category", "tier", "next_tier", "rank", "rank_in_cohort"}
TOLERANCE = 1e-3

# Measures a child's peak RSS without /usr/bin/time: run it, then report RUSAGE_CHILDREN.
RUSAGE_WRAPPER = r"""
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:])
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("\nMaximum resident set size (kbytes): %d\n" % ru.ru_maxrss)
sys.exit(rc)
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure(cmd: list[str], label: str) -> dict:
    """Run cmd once; return wall seconds, peak RSS in MB, and the tool's own stderr lines."""
    if Path("/usr/bin/time").exists():
        full = ["/usr/bin/time", "-v", *cmd]
    else:
        full = [sys.executable, "-c", RUSAGE_WRAPPER, *cmd]
    t0 = time.perf_counter()
    proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    err = proc.stderr
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    rss_mb = int(m.group(1)) / 1024.0 if m else float("nan")
    own = [ln for ln in err.splitlines()
           if ln.strip() and not ln.startswith("\t") and "Maximum resident set size" not in ln
           and not ln.startswith("Command ")]
    if proc.returncode != 0:
        raise RuntimeError(f"{label} failed (exit {proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    # the Python scripts report their own in-process time ("... total 1.234s"): without interpreter
    # start-up and imports
    m = re.search(r"total (\d+(?:\.\d+)?)s", own[-1]) if own else None
    inproc = float(m.group(1)) if m else None
    return {"wall_s": wall, "peak_rss_mb": rss_mb, "inproc_s": inproc, "stderr": own}


def ensure_data(rows: int, seed: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / (f"partners_{rows}.csv" if seed == 20240601 else f"partners_{rows}_s{seed}.csv")
    if not path.exists():
        log(f"generating {path.relative_to(REPO)} ({rows:,} rows) ...")
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                        "--output", str(path)], check=True)
    return path


def build_cli() -> bool:
    log("cargo build --release -p partnerscore-cli ...")
    proc = subprocess.run(["cargo", "build", "--release", "-p", "partnerscore-cli"], cwd=REPO,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        log(proc.stderr[-3000:])
        log("partnerscore did not build; continuing with pandas and polars only")
        return False
    return True


def describe_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True).stdout.strip() or "no commit"
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "crates", "Cargo.toml", "Cargo.lock"],
                               cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown commit"
    return head + (" + uncommitted changes" if dirty else "")


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        rows = list(r)
    return header, rows


def as_number(s: str) -> float | None:
    return None if s == "" else float(s)


def compare(outputs: dict[str, Path], sample_every: int, full: bool, show: int) -> dict:
    """Compare the tools' CSVs; return a summary with every disagreement found."""
    tables = {tool: read_csv(p) for tool, p in outputs.items()}
    tools = list(tables)
    summary: dict = {"tools": tools, "problems": [], "disagreements": [], "rows_checked": 0}
    headers = {t: tables[t][0] for t in tools}
    first = tools[0]
    for t in tools[1:]:
        if headers[t] != headers[first]:
            summary["problems"].append(f"header differs: {first}={headers[first]} {t}={headers[t]}")
    counts = {t: len(tables[t][1]) for t in tools}
    if len(set(counts.values())) != 1:
        summary["problems"].append(f"row counts differ: {counts}")
    n = min(counts.values())
    ids = {t: [row[0] if row else "" for row in tables[t][1]] for t in tools}
    for t in tools[1:]:
        if ids[t][:n] != ids[first][:n]:
            k = next(i for i in range(n) if ids[t][i] != ids[first][i])
            summary["problems"].append(f"id order differs from row {k + 1}: {first}={ids[first][k]} {t}={ids[t][k]}")
    if summary["problems"] and any("header" in p for p in summary["problems"]):
        return summary

    header = headers[first]
    if full:
        sample = range(n)
    else:
        sample = sorted(set(range(min(100, n))) | set(range(max(0, n - 100), n))
                        | set(range(sample_every - 1, n, sample_every)))
    per_column: dict[str, int] = {}
    for i in sample:
        rows = {t: tables[t][1][i] for t in tools}
        for j, col in enumerate(header):
            vals = {t: (rows[t][j] if j < len(rows[t]) else "<missing>") for t in tools}
            if col in EXACT_COLUMNS:
                same = len(set(vals.values())) == 1
            else:
                try:
                    nums = [as_number(v) for v in vals.values()]
                except ValueError:
                    same = False
                else:
                    if any(x is None for x in nums):
                        same = all(x is None for x in nums)
                    else:
                        same = max(nums) - min(nums) <= TOLERANCE
            if not same:
                per_column[col] = per_column.get(col, 0) + 1
                summary["disagreements"].append({"row": i + 1, "id": rows[first][0], "column": col, **vals})
    summary["rows_checked"] = len(sample)
    summary["per_column"] = per_column
    return summary


def fmt_mb(x: float) -> str:
    return "n/a" if x != x else f"{x:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="partnerscore vs pandas vs polars")
    ap.add_argument("--rows", type=int, default=1_000_000, help="partners in the generated CSV (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per tool, interleaved (default 3)")
    ap.add_argument("--sample-every", type=int, default=1000, help="compare every Nth row (plus first/last 100)")
    ap.add_argument("--full-compare", action="store_true", help="compare every row, not a sample")
    ap.add_argument("--show", type=int, default=30, help="disagreements to print (default 30)")
    ap.add_argument("--skip-build", action="store_true", help="do not run cargo build")
    ap.add_argument("--partnerscore", default=str(REPO / "target" / "release" / "partnerscore"),
                    help="partnerscore binary (default target/release/partnerscore)")
    ap.add_argument("--tools", default="partnerscore,pandas,polars", help="comma-separated subset to run")
    args = ap.parse_args(argv)

    data = ensure_data(args.rows, args.seed)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if "partnerscore" in tools:
        ok = True if args.skip_build else build_cli()
        if not ok or not Path(args.partnerscore).exists():
            if ok:
                log(f"{args.partnerscore} not found; continuing without partnerscore")
            tools.remove("partnerscore")

    if "partnerscore" in tools:
        # run a private copy: a rebuild of target/ by someone else mid-run must not swap binaries
        snapshot = DATA / "bin" / "partnerscore"
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(args.partnerscore, snapshot)
        args.partnerscore = str(snapshot)

    out_dir = DATA / f"out_{args.rows}"
    out_dir.mkdir(exist_ok=True)
    outputs = {t: out_dir / f"{t}.csv" for t in tools}
    py = sys.executable
    commands = {
        "partnerscore": [args.partnerscore, "score", "--scorecard", str(SCORECARD), "--partners", str(data),
                         "--format", "csv", "--output", str(outputs.get("partnerscore", ""))],
        "pandas": [py, str(HERE / "score_pandas.py"), "--input", str(data), "--output", str(outputs.get("pandas", ""))],
        "polars": [py, str(HERE / "score_polars.py"), "--input", str(data), "--output", str(outputs.get("polars", ""))],
    }

    size_mb = data.stat().st_size / 1e6
    log(f"input: {data.relative_to(REPO)} ({args.rows:,} partners, {size_mb:.1f} MB); "
        f"{args.repeat} run(s) per tool, interleaved")
    load_before = os.getloadavg()[0]
    commit = describe_commit()
    runs: dict[str, list[dict]] = {t: [] for t in tools}
    for k in range(args.repeat):
        for t in tools:
            r = measure(commands[t], t)
            runs[t].append(r)
            extra = f"  [{r['stderr'][-1].strip()}]" if r["stderr"] else ""
            log(f"  run {k + 1}/{args.repeat} {t:<12} {r['wall_s']:7.2f}s  peak {fmt_mb(r['peak_rss_mb'])}{extra}")

    results = {}
    for t in tools:
        walls = [r["wall_s"] for r in runs[t]]
        results[t] = {
            "median_s": statistics.median(walls),
            "min_s": min(walls),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs[t]),
            "inproc_median_s": (statistics.median([r["inproc_s"] for r in runs[t]])
                                if all(r["inproc_s"] is not None for r in runs[t]) else None),
            "self_report": runs[t][-1]["stderr"],
        }

    # ---- agreement ----------------------------------------------------------------------------
    summary = compare(outputs, args.sample_every, args.full_compare, args.show) if len(tools) > 1 else None

    # ---- table --------------------------------------------------------------------------------
    base = "partnerscore" if "partnerscore" in results else None
    print()
    print(f"partnerscore vs pandas vs polars — {args.rows:,} partners ({size_mb:.1f} MB CSV), "
          f"median of {args.repeat} end-to-end run(s) (read CSV, score, write CSV)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average before the runs {load_before:.2f}; partnerscore from {commit}")
    print()
    head = "| tool | wall time (median) | fastest | in-process* | peak memory (RSS) |"
    sep = "| --- | ---: | ---: | ---: | ---: |"
    if base:
        head += " time vs partnerscore | memory vs partnerscore |"
        sep += " ---: | ---: |"
    print(head)
    print(sep)
    for t in tools:
        r = results[t]
        inproc = "—" if r["inproc_median_s"] is None else f"{r['inproc_median_s']:.2f} s"
        line = f"| {t} | {r['median_s']:.2f} s | {r['min_s']:.2f} s | {inproc} | {fmt_mb(r['peak_rss_mb'])} |"
        if base:
            b = results[base]
            line += f" {r['median_s'] / b['median_s']:.1f}× | {r['peak_rss_mb'] / b['peak_rss_mb']:.1f}× |"
        print(line)
    print()
    print("* in-process: the script's own read+score+write time, without Python start-up and imports "
          "(ratios use the wall time)")
    for t in tools:
        for ln in results[t]["self_report"][-3:]:
            print(f"  {t}: {ln.strip()}")
    if base:
        print()
        for t in tools:
            if t != base:
                tr = results[t]["median_s"] / results[base]["median_s"]
                mr = results[t]["peak_rss_mb"] / results[base]["peak_rss_mb"]
                speed = (f"about as fast as {t} ({tr:.2f}×)" if 0.95 <= tr <= 1.05 else
                         f"{tr:.1f}× faster than {t}" if tr > 1 else f"{1 / tr:.1f}× slower than {t}")
                mem = ("about the same peak memory" if 0.95 <= mr <= 1.05 else
                       f"{mr:.1f}× less peak memory" if mr > 1 else f"{1 / mr:.1f}× more peak memory")
                print(f"partnerscore is {speed} and uses {mem}")

    status = 0
    if summary is not None:
        print()
        what = "all rows" if args.full_compare else (f"{summary['rows_checked']:,} sampled rows "
                                                     f"(first/last 100, every {args.sample_every}th)")
        print(f"agreement ({', '.join(summary['tools'])}) on {what}:")
        for p in summary["problems"]:
            print(f"  PROBLEM: {p}")
            status = 1
        if summary["disagreements"]:
            status = 1
            print(f"  {len(summary['disagreements'])} disagreeing cell(s); by column: {summary['per_column']}")
            for d in summary["disagreements"][: args.show]:
                vals = "  ".join(f"{t}={d[t]!r}" for t in summary["tools"])
                print(f"  row {d['row']} id {d['id']} {d['column']}: {vals}")
        elif not summary["problems"]:
            print("  OK: tier, rank, rank_in_cohort, next_tier identical; every number within 1e-3")

    DATA.mkdir(exist_ok=True)
    with open(DATA / f"results_{args.rows}.json", "w") as f:
        json.dump({"rows": args.rows, "commit": commit, "load_before": load_before, "input_mb": size_mb, "repeat": args.repeat, "results": results,
                   "runs": {t: [{k: v for k, v in r.items() if k != "stderr"} for r in runs[t]] for t in tools},
                   "agreement": summary}, f, indent=2)
    return status


if __name__ == "__main__":
    sys.exit(main())
