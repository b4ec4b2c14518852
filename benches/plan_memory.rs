//! Peak memory of one achievement-plan case (the inputs of `benches/plan.rs`), for the README:
//!
//! ```text
//! cargo build --release -p partnerscore-benches --bin plan_memory
//! /usr/bin/time -v target/release/plan_memory exact solve      # or: greedy, and/or allocate
//! /usr/bin/time -v target/release/plan_memory edge              # the DP at the cell budget's edge
//! ```
//!
//! `edge` is the smallest exact problem with the most DP columns: one partner, one strategy of
//! 49,999,999 hours, capacity as much: 1 × 1 × 50,000,000 cells, exactly the budget.
//!
//! Prints the resident memory with the inputs loaded, then resets the kernel's peak counter
//! (`/proc/self/clear_refs`), runs the case once and prints the peak reached while it ran (VmHWM) and
//! so what the case itself added. `/usr/bin/time -v`'s "Maximum resident set size" is the whole
//! process's peak, input generation included.

use std::time::Instant;

use partnerscore::history::History;
use partnerscore::plan::{allocate, Problem};
use partnerscore::{Decimal, Partners, Plan};
use partnerscore_benches::{plan_history_csv, plan_json, plan_partners_csv};

/// A line of /proc/self/status in MiB (`VmRSS`, `VmHWM`).
fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

/// Hands freed heap pages back to the kernel so the resident baseline holds only live data.
fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free memory; no pointer is passed.
        unsafe {
            malloc_trim(0);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("edge") {
        return edge();
    }
    let (n, capacity, min_periods) = match args.first().map(String::as_str) {
        Some("exact") => (10_000, 1_000, 4),
        Some("greedy") => (1_000_000, 200_000, 1),
        _ => {
            eprintln!("usage: plan_memory exact|greedy [solve|allocate] | plan_memory edge");
            std::process::exit(2);
        }
    };
    let what = args.get(1).map_or("solve", String::as_str);
    let plan = Plan::from_json(&plan_json(capacity)).expect("benchmark plan is valid");
    let partners = Partners::from_csv(&plan_partners_csv(n, 42)).expect("generated partners are valid");
    let history = History::from_csv(&plan_history_csv(n, min_periods, 4, 42)).expect("generated history is valid");
    let (headroom, ids): (Vec<Decimal>, Vec<String>) = if what == "allocate" {
        let report = plan.solve(&partners, &history).expect("solves");
        report.partners.into_iter().map(|p| (p.headroom, p.id)).unzip()
    } else {
        (Vec::new(), Vec::new())
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    trim();
    let before = status_mib("VmRSS:");
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = Instant::now();
    let summary = if what == "allocate" {
        let problem =
            Problem { headroom: &headroom, ids: &ids, strategies: plan.strategies(), capacity: plan.capacity_hours() };
        let a = allocate(&problem, None).expect("allocates");
        format!("method {}", a.method.as_str())
    } else {
        let report = plan.solve(&partners, &history).expect("solves");
        format!(
            "method {}, {} partners, hours used {}",
            report.method.as_str(),
            report.partners.len(),
            report.hours_used
        )
    };
    let elapsed = start.elapsed();
    let peak = status_mib("VmHWM:");
    println!("{} {what}: {summary}; {:.3} s", args[0], elapsed.as_secs_f64());
    println!(
        "resident with inputs {before:.1} MiB; peak while running {peak:.1} MiB{}",
        if reset { format!(" (+{:.1} MiB)", peak - before) } else { " (peak counter not reset: whole process)".into() }
    );
}

/// One partner, one strategy of 49,999,999 hours: the exact DP at the edge of its cell budget.
fn edge() {
    use partnerscore::plan::Strategy;
    let strategies = [Strategy { name: "all".into(), hours: 49_999_999, capture: Decimal::ONE }];
    let headroom = [Decimal::from(100)];
    let problem = Problem { headroom: &headroom, ids: &["A"], strategies: &strategies, capacity: 49_999_999 };
    trim();
    let before = status_mib("VmRSS:");
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = Instant::now();
    let a = allocate(&problem, None).expect("allocates");
    let elapsed = start.elapsed();
    let peak = status_mib("VmHWM:");
    println!("edge allocate: method {}; {:.3} s", a.method.as_str(), elapsed.as_secs_f64());
    println!("resident before {before:.1} MiB; peak while running {peak:.1} MiB (peak counter reset: {reset})");
}
