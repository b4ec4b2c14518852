//! Scoring throughput: 100k and 1M generated partners with the 8-metric benchmark scorecard
//! (percentile rules, cohorts by category), partners already in memory.
//!
//! Run: `cargo bench -p partnerscore-benches --bench scorecard`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use partnerscore::{Partners, Scorecard};
use partnerscore_benches::{partners_csv, SCORECARD_JSON};

fn score(c: &mut Criterion) {
    let card = Scorecard::from_json(SCORECARD_JSON).expect("benchmark scorecard is valid");
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let partners = Partners::from_csv(&partners_csv(n, 42)).expect("generated partners are valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &partners, |b, p| {
            b.iter(|| card.score(p).expect("scores"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("load_csv");
    group.sample_size(10);
    let text = partners_csv(1_000_000, 42);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("1000000", |b| b.iter(|| Partners::from_csv(&text).expect("parses")));
    group.finish();

    let mut group = c.benchmark_group("write_csv");
    group.sample_size(10);
    let report = card.score(&Partners::from_csv(&text).expect("parses")).expect("scores");
    group.bench_function("1000000", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(150 << 20);
            report.write_csv(&mut out).expect("writes");
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, score);
criterion_main!(benches);
