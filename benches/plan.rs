//! Achievement plan (DESIGN §3), inputs already in memory:
//! - exact: 10k partners × capacity 1,000 hours × 3 strategies (10,000 × 3 × 1,001 = 30M DP cells,
//!   within the 50M budget), 4 quarters of history per partner;
//! - greedy: 1M partners (beyond the budget) × capacity 200,000 hours, 1–4 quarters of history each.
//!
//! Each case is timed twice: the allocation alone (`plan::allocate` on the report's headrooms) and the
//! whole `Plan::solve` (series, baselines, potentials, allocation, report).
//!
//! Run: `cargo bench -p partnerscore-benches --bench plan`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use partnerscore::history::History;
use partnerscore::plan::{allocate, Method, Problem};
use partnerscore::{Decimal, Partners, Plan};
use partnerscore_benches::{plan_history_csv, plan_json, plan_partners_csv};

fn case(c: &mut Criterion, name: &str, n: usize, capacity: u64, min_periods: usize, method: Method) {
    let plan = Plan::from_json(&plan_json(capacity)).expect("benchmark plan is valid");
    let partners = Partners::from_csv(&plan_partners_csv(n, 42)).expect("generated partners are valid");
    let history = History::from_csv(&plan_history_csv(n, min_periods, 4, 42)).expect("generated history is valid");
    let report = plan.solve(&partners, &history).expect("solves");
    assert_eq!(report.method, method);
    let headroom: Vec<Decimal> = report.partners.iter().map(|p| p.headroom).collect();
    let ids: Vec<&str> = report.partners.iter().map(|p| p.id.as_str()).collect();
    let problem =
        Problem { headroom: &headroom, ids: &ids, strategies: plan.strategies(), capacity: plan.capacity_hours() };

    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(8)).throughput(Throughput::Elements(n as u64));
    group.bench_function("allocate", |b| b.iter(|| allocate(&problem, None).expect("allocates")));
    group.bench_function("solve", |b| b.iter(|| plan.solve(&partners, &history).expect("solves")));
    group.finish();
}

fn plan(c: &mut Criterion) {
    case(c, "plan_exact_10k_x_1000h", 10_000, 1_000, 4, Method::Exact);
    case(c, "plan_greedy_1m", 1_000_000, 200_000, 1, Method::Greedy);
}

criterion_group!(benches, plan);
criterion_main!(benches);
