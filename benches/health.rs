//! Health review throughput: 100k and 1M generated partners with 12 monthly periods of history each
//! (revenue and deals), partners and history already in memory; the 10× step shows it is linear in rows.
//!
//! Run: `cargo bench -p partnerscore-benches --bench health`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use partnerscore::health::{health, HealthOptions};
use partnerscore::history::History;
use partnerscore::{Date, Decimal, Partners, Value};

/// A small deterministic generator (xorshift64*), so every run reviews the same channel.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// `n` partners (signed 2019–2025, 80 % with a first revenue date, 5 % terminated) and 12 months of
/// 2025 history for each: revenue with a per-partner trend, deals, 3 % of months without a row.
fn channel(n: usize) -> (Partners, History) {
    let mut rng = Rng(0x5eed_0000 + n as u64);
    let text = |s: String| Some(Value::Text(s.into()));
    let day = |d: i32| Date::from_days(d).map(|d| d.to_string()).unwrap_or_default();
    let start = Date::parse("2019-01-01").map_or(0, |d| d.days());
    let (mut ids, mut signed, mut first, mut terminated) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut h_ids, mut periods, mut revenue, mut deals) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let id = format!("P{i:07}");
        let s = start + rng.below(2500) as i32;
        ids.push(text(id.clone()));
        signed.push(text(day(s)));
        first.push(if rng.below(5) == 0 { None } else { text(day(s + 10 + rng.below(400) as i32)) });
        terminated.push(if rng.below(20) == 0 { text(day(s + 500 + rng.below(900) as i32)) } else { None });
        let base = rng.below(200_000) as i64;
        let trend = rng.below(4001) as i64 - 2000;
        for m in 1..=12 {
            if rng.below(33) == 0 {
                continue;
            }
            h_ids.push(text(id.clone()));
            periods.push(text(format!("2025-{m:02}")));
            let cents = (base + trend * m) * 100 + rng.below(100) as i64;
            revenue.push(Some(Value::Number(Decimal::new(cents.max(0), 2))));
            deals.push(Some(Value::Number(Decimal::from(rng.below(4)))));
        }
    }
    let partners = Partners::from_columns(vec![
        ("id".into(), ids),
        ("signed_on".into(), signed),
        ("first_revenue_on".into(), first),
        ("terminated_on".into(), terminated),
    ])
    .expect("generated partners load");
    let history = History::from_columns(vec![
        ("partner_id".into(), h_ids),
        ("period".into(), periods),
        ("revenue".into(), revenue),
        ("deals_closed".into(), deals),
    ])
    .expect("generated history loads");
    (partners, history)
}

fn bench_health(c: &mut Criterion) {
    let mut group = c.benchmark_group("health");
    group.sample_size(10);
    let options = HealthOptions::default();
    for n in [100_000usize, 1_000_000] {
        let (partners, history) = channel(n);
        group.throughput(Throughput::Elements(history.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| health(&partners, &history, None, &options).expect("review"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_health);
criterion_main!(benches);
