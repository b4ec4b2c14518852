//! Shared inputs for the benchmarks: the 8-metric benchmark scorecard and generated partners, and the
//! achievement plan's config, partners and quarterly history.

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

/// The benchmark achievement plan (DESIGN §3's sample shape): run_rate over 4 quarters, strategies
/// invest 80 h / maintain 24 h / opportunistic 0 h (so every capacity is feasible), new partners.
pub fn plan_json(capacity_hours: u64) -> String {
    format!(
        r#"{{
  "name": "Benchmark plan",
  "goal": {{"prior_revenue": "4000000000", "growth": "0.20"}},
  "history_field": "revenue",
  "periods_per_plan": 4,
  "baseline": {{"method": "run_rate", "window": 4}},
  "capacity_hours": {capacity_hours},
  "strategies": [
    {{"name": "invest", "hours": 80, "capture": "0.5"}},
    {{"name": "maintain", "hours": 24, "capture": "0.15"}},
    {{"name": "opportunistic", "hours": 0, "capture": "0"}}
  ],
  "avg_deal_size": "25000", "win_rate": "0.25", "deals_per_rep": 8,
  "new_partner": {{"annual_revenue": "120000", "time_to_revenue_days": 120}},
  "plan_days": 365
}}"#
    )
}

/// `n` plan partners as CSV: `id,category,potential,sales_reps` (4 categories and about 1% without;
/// about 20% with a given potential, 70% with sales reps).
pub fn plan_partners_csv(n: usize, seed: u64) -> String {
    const CATEGORIES: [&str; 4] = ["MSP", "VAR", "SI", "Distributor"];
    let mut rng = Rng(seed.max(1));
    let mut out = String::with_capacity(n * 40 + 40);
    out.push_str("id,category,potential,sales_reps\n");
    for i in 0..n {
        let category = if rng.below(100) == 0 { "" } else { CATEGORIES[rng.below(4) as usize] };
        let potential =
            if rng.below(5) == 0 { format!("{}.{:02}", rng.below(1_500_000), rng.below(100)) } else { String::new() };
        let reps = if rng.below(10) < 7 { rng.below(12).to_string() } else { String::new() };
        out.push_str(&format!("P{:07},{category},{potential},{reps}\n", i + 1));
    }
    out
}

/// The quarters of the benchmark history, oldest first.
pub const PLAN_QUARTERS: [&str; 4] = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"];

/// Quarterly revenue history of the `n` partners of [`plan_partners_csv`] in long CSV form: each
/// partner has rows for its last `min_periods..=max_periods` quarters (it joined then), about 1 in 20
/// rows missing (a gap: 0), revenue 0–250,000 with cents and about 1 in 200 negative (credits).
/// Rows are written quarter by quarter, as a CRM export would.
pub fn plan_history_csv(n: usize, min_periods: usize, max_periods: usize, seed: u64) -> String {
    let mut rng = Rng(seed.max(1).wrapping_mul(31));
    let first: Vec<usize> = (0..n)
        .map(|_| PLAN_QUARTERS.len() - (min_periods + rng.below((max_periods - min_periods + 1) as u64) as usize))
        .collect();
    let mut out = String::with_capacity(n * max_periods * 32 + 40);
    out.push_str("partner_id,period,revenue\n");
    for (q, quarter) in PLAN_QUARTERS.iter().enumerate() {
        for (i, &start) in first.iter().enumerate() {
            // a partner's first quarter always has a row (it starts its series)
            if q < start || (q > start && rng.below(20) == 0) {
                continue;
            }
            let sign = if rng.below(200) == 0 { "-" } else { "" };
            out.push_str(&format!("P{:07},{quarter},{sign}{}.{:02}\n", i + 1, rng.below(250_000), rng.below(100)));
        }
    }
    out
}

/// `n` deal registrations as CSV across `customers` customers (ids `R0000001`…), in the shape of a CRM
/// export: 5,000 partners, 8 products (10 % absent), registered over two years, 20 % with an explicit
/// `expires_on`; each customer's name written in one of four spellings ("Customer 17 Inc.",
/// "CUSTOMER 17", "Customer 17, Ltd.", "Cústomer 17 S.A.") so that keys must be folded.
pub fn registrations_csv(n: usize, customers: usize, seed: u64) -> String {
    const PRODUCTS: [&str; 8] =
        ["Firewall", "SD-WAN", "Backup", "Endpoint", "Cloud Migration", "Licensing", "Storage", "Analytics"];
    let mut rng = Rng(seed.max(1));
    let mut out = String::with_capacity(n * 80 + 100);
    out.push_str("id,partner_id,customer,product,amount,registered_on,expires_on\n");
    let day0 = 20_454; // 2026-01-01 as days since 1970-01-01
    let date = |days: i64| {
        // civil_from_days (Howard Hinnant), enough for the benchmark's dates
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    };
    for i in 0..n {
        let c = rng.below(customers.max(1) as u64);
        let customer = match rng.below(4) {
            0 => format!("Customer {c} Inc."),
            1 => format!("CUSTOMER {c}"),
            2 => format!("\"Customer {c}, Ltd.\""),
            _ => format!("Cústomer {c} S.A."),
        };
        let product = if rng.below(10) == 0 { "" } else { PRODUCTS[rng.below(8) as usize] };
        let start = day0 - 730 + rng.below(730) as i64;
        let expires = if rng.below(5) == 0 { date(start + 30 + rng.below(150) as i64) } else { String::new() };
        out.push_str(&format!(
            "R{i:07},P{:04},{customer},{product},{}.{:02},{},{expires}\n",
            rng.below(5000),
            1000 + rng.below(500_000),
            rng.below(100),
            date(start)
        ));
    }
    out
}

/// The sample channel (`examples/*.csv`) copied `copies` times with distinct ids (`P001-3`, `R-1001-3`),
/// for the review pack's benchmark: 40 × copies partners with their history, registrations,
/// commitments and milestones. Returns (partners, history, registrations, commitments, milestones) CSVs.
pub fn sample_channel_csvs(copies: usize) -> [String; 5] {
    const FILES: [(&str, usize); 5] = [
        (include_str!("../examples/partners.csv"), 1),
        (include_str!("../examples/history.csv"), 1),
        // registrations: their own id, then the partner's
        (include_str!("../examples/registrations.csv"), 2),
        (include_str!("../examples/commitments.csv"), 1),
        (include_str!("../examples/milestones.csv"), 1),
    ];
    FILES.map(|(text, id_columns)| {
        let mut lines = text.lines();
        let mut out = String::with_capacity(text.len() * copies + 64);
        out.push_str(lines.next().unwrap_or_default());
        out.push('\n');
        let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        for k in 1..=copies {
            for row in &rows {
                // The id columns come first and are never quoted in the examples.
                let mut rest = *row;
                for _ in 0..id_columns {
                    let (id, tail) = rest.split_once(',').unwrap_or((rest, ""));
                    out.push_str(&format!("{id}-{k},"));
                    rest = tail;
                }
                out.push_str(rest);
                out.push('\n');
            }
        }
        out
    })
}
