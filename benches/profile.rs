//! Gap-analysis throughput: 100k and 1M generated partners against a 10-criterion profile that uses
//! every criterion kind (tolerance ramps, `;` lists, a required knockout), partners already in memory.
//!
//! Run: `cargo bench -p partnerscore-benches --bench profile`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use partnerscore::{Partners, Profile};

const PROFILE_JSON: &str = r#"{
  "name": "Benchmark profile",
  "thresholds": {"ideal": 85, "develop": 60},
  "criteria": [
    {"field": "region",           "one_of": ["EMEA", "NA"], "required": true, "area": "operational"},
    {"field": "employees",        "between": [20, 250], "tolerance": 15, "area": "management"},
    {"field": "revenue",          "at_least": "250000", "tolerance": "150000", "weight": 2, "area": "management"},
    {"field": "support_contract", "equals": true, "weight": 2, "area": "operational"},
    {"field": "sales_reps",       "at_least": 4, "tolerance": 2, "weight": 3, "area": "sales_marketing"},
    {"field": "mdf_denial_rate",  "at_most": "0.3", "tolerance": "0.2", "area": "sales_marketing"},
    {"field": "win_rate",         "at_least": "0.25", "tolerance": "0.1", "area": "sales_marketing"},
    {"field": "certified_reps",   "at_least": 3, "tolerance": 2, "weight": 2, "area": "product"},
    {"field": "sells",            "name": "core_offering", "includes_all": ["services", "infrastructure"], "weight": 2, "area": "product"},
    {"field": "sells",            "name": "security_or_cloud", "includes_any": ["security", "cloud"], "area": "product"}
  ]
}"#;

/// A small deterministic generator (xorshift64*), so every run evaluates the same partners.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// `n` partners as CSV with the fields the benchmark profile reads (about 2% of cells empty).
fn partners_csv(n: usize, seed: u64) -> String {
    const REGIONS: [&str; 4] = ["EMEA", "NA", "APAC", "LATAM"];
    const OFFERINGS: [&str; 5] = ["services", "infrastructure", "security", "cloud", "licensing"];
    let mut rng = Rng(seed.max(1));
    let mut out = String::with_capacity(n * 120);
    out.push_str(
        "id,name,category,region,employees,revenue,support_contract,sales_reps,mdf_denial_rate,win_rate,certified_reps,sells\n",
    );
    for i in 0..n {
        let sells: Vec<&str> = OFFERINGS.iter().copied().filter(|_| rng.below(2) == 0).collect();
        let cells = [
            REGIONS[rng.below(4) as usize].to_string(),
            (3 + rng.below(400)).to_string(),
            format!("{}.{:02}", rng.below(900_000), rng.below(100)),
            if rng.below(2) == 0 { "true" } else { "false" }.to_string(),
            rng.below(12).to_string(),
            format!("0.{:03}", rng.below(700)),
            format!("0.{:03}", rng.below(1000)),
            rng.below(8).to_string(),
            sells.join(";"),
        ];
        let cells: Vec<String> =
            cells.into_iter().map(|c| if rng.below(50) == 0 { String::new() } else { c }).collect();
        out.push_str(&format!("P{:07},Partner {} Systems,MSP,{}\n", i + 1, i + 1, cells.join(",")));
    }
    out
}

fn evaluate(c: &mut Criterion) {
    let profile = Profile::from_json(PROFILE_JSON).expect("benchmark profile is valid");
    let mut group = c.benchmark_group("profile_evaluate");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let partners = Partners::from_csv(&partners_csv(n, 42)).expect("generated partners are valid");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &partners, |b, p| {
            b.iter(|| profile.evaluate(p).expect("evaluates"))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("profile_write_csv");
    group.sample_size(10);
    let partners = Partners::from_csv(&partners_csv(1_000_000, 42)).expect("generated partners are valid");
    let report = profile.evaluate(&partners).expect("evaluates");
    group.bench_function("1000000", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(120 << 20);
            report.write_csv(&mut out).expect("writes");
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
