//! Shared inputs for the benchmarks: the 8-metric benchmark scorecard and generated partners.

/// The benchmark scorecard (8 metrics: target, linear, two percentiles, at_least and at_most bands,
/// lower-is-better linear, boolean with `exclude`; cohorts by category; tiers with requires).
pub const SCORECARD_JSON: &str = include_str!("compare/scorecard.json");

/// A small deterministic generator (xorshift64*), so every run scores the same partners.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` partners as CSV with the columns the benchmark scorecard reads (about 2% of cells missing),
/// in the same shape as `benches/compare/generate.py` writes.
pub fn partners_csv(n: usize, seed: u64) -> String {
    const CATEGORIES: [&str; 4] = ["MSP", "VAR", "SI", "Distributor"];
    let mut rng = Rng(seed.max(1));
    let mut out = String::with_capacity(n * 110 + 200);
    out.push_str(
        "id,name,category,revenue,deals_closed,win_rate,pipeline,certified_reps,mdf_denial_rate,days_to_first_deal,has_support_contract\n",
    );
    for i in 0..n {
        let cell = |rng: &mut Rng, text: String| {
            if rng.below(50) == 0 {
                String::new()
            } else {
                text
            }
        };
        let category = match rng.below(100) {
            0 => "",
            k if k < 40 => CATEGORIES[0],
            k if k < 70 => CATEGORIES[1],
            k if k < 90 => CATEGORIES[2],
            _ => CATEGORIES[3],
        };
        let revenue = format!("{}.{:02}", rng.below(3_000_000), rng.below(100));
        let deals = rng.below(31).to_string();
        let win = format!("0.{:03}", rng.below(1000));
        let pipeline = format!("{}.{:02}", rng.below(5_000_000), rng.below(100));
        let reps = rng.below(9).to_string();
        let denial = format!("0.{:03}", rng.below(600));
        let days = (5 + rng.below(396)).to_string();
        let support = if rng.below(2) == 0 { "true" } else { "false" }.to_string();
        let row = [
            cell(&mut rng, revenue),
            cell(&mut rng, deals),
            cell(&mut rng, win),
            cell(&mut rng, pipeline),
            cell(&mut rng, reps),
            cell(&mut rng, denial),
            cell(&mut rng, days),
            cell(&mut rng, support),
        ];
        out.push_str(&format!("P{:07},Partner {} Systems,{category},{}\n", i + 1, i + 1, row.join(",")));
    }
    out
}
