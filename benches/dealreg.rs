//! Deal-registration throughput: 1M registrations across 200k customers (and 100k across 20k, to show
//! it is linear), loading the CSV text and judging; judging alone on registrations already loaded.
//!
//! Run: `cargo bench -p partnerscore-benches --bench dealreg`
//!
//! The bench runs with mimalloc, the allocator the `partnerscore` CLI ships with (loading a million
//! registrations allocates a few million small strings); `--features system-alloc` runs it with the
//! system allocator instead, for a library user who keeps that.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use partnerscore::dealreg::{dealreg, Registrations};
use partnerscore_benches::registrations_csv;

#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_dealreg(c: &mut Criterion) {
    let mut group = c.benchmark_group("dealreg");
    group.sample_size(10);
    for (n, customers) in [(100_000usize, 20_000usize), (1_000_000, 200_000)] {
        let csv = registrations_csv(n, customers, 7);
        let loaded = Registrations::from_csv(&csv).expect("generated registrations load");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("load_and_judge", n), &n, |b, _| {
            b.iter(|| {
                let registrations = Registrations::from_csv(&csv).expect("load");
                dealreg(&registrations, 90).expect("judge")
            });
        });
        group.bench_with_input(BenchmarkId::new("judge", n), &n, |b, _| {
            b.iter(|| dealreg(&loaded, 90).expect("judge"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_dealreg);
criterion_main!(benches);
