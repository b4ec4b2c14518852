//! The channel manager's achievement plan (DESIGN §3): what each partner produces unassisted (baseline),
//! the gap to the goal, where to spend the manager's hours, and what it takes in deals, pipeline, reps and
//! new recruits.
//!
//! ```
//! use partnerscore::history::History;
//! use partnerscore::plan::{Method, Plan};
//! use partnerscore::{Decimal, Partners};
//!
//! let plan = Plan::from_json(r#"{
//!   "name": "FY27", "goal": {"target": "1000"}, "periods_per_plan": 2,
//!   "baseline": {"method": "trailing"}, "capacity_hours": 10,
//!   "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"},
//!                  {"name": "maintain", "hours": 0, "capture": "0"}],
//!   "avg_deal_size": "50", "win_rate": "0.25", "deals_per_rep": 4
//! }"#)?;
//! let partners = Partners::from_csv("id,category,potential\nA,MSP,600\nB,MSP,\n")?;
//! let history = History::from_csv("partner_id,period,revenue\nA,2026-Q1,100\nA,2026-Q2,100\nB,2026-Q2,300\n")?;
//! let report = plan.solve(&partners, &history)?;
//! // A: baseline 200, potential 600 (given), headroom 400. B: baseline 300; potential = the MSP
//! // baselines' third quartile 275, below its baseline, so 300: no headroom. A gets the invest hours.
//! let a = &report.partners[0];
//! assert_eq!((a.baseline, a.headroom, a.strategy.as_str()), (Decimal::from(200), Decimal::from(400), "invest"));
//! assert_eq!(a.uplift, Decimal::from(200)); // 400 × 0.5
//! assert_eq!(report.partners[1].strategy, "maintain");
//! assert_eq!(report.expected_total, Decimal::from(700)); // 200 + 200 + 300
//! assert_eq!(report.gap, Decimal::from(300));
//! assert_eq!(report.method, Method::Exact);
//! assert!(report.to_json().starts_with(r#"{"target":"1000.00","baseline_total":"500.00""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod allocate;
mod baseline;
mod config;
mod report;

use std::collections::HashMap;

use rust_decimal::Decimal;

pub use allocate::{allocate, Allocation, Method, Problem, EXACT_CELL_BUDGET};
pub use baseline::BaselineMethod;
pub use report::{PartnerPlan, PlanReport, StrategyTotal};

use crate::data::{FastHash, Partners, Value};
use crate::decimal::{cmp_key, key_units};
use crate::error::{Error, Result};
use crate::history::History;
use crate::stats::quartile_inc;

/// The partner field read as a given potential.
pub const POTENTIAL_FIELD: &str = "potential";
/// The partner field read as the partner's sales reps (for `reps_short`).
pub const SALES_REPS_FIELD: &str = "sales_reps";

/// One way a manager can work with a partner: hours over the plan and the share of headroom it captures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    /// Unique name (`invest`, `maintain`, …).
    pub name: String,
    /// Manager hours over the plan, whole.
    pub hours: u64,
    /// Share of the partner's headroom turned into uplift, in [0, 1].
    pub capture: Decimal,
}

/// What a newly recruited partner brings (for `recruits_needed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewPartner {
    /// Revenue of a partner at full speed over a year, > 0.
    pub annual_revenue: Decimal,
    /// Days from signing to first revenue.
    pub time_to_revenue_days: u64,
}

/// A validated achievement plan config (DESIGN §3).
#[derive(Debug, Clone)]
pub struct Plan {
    name: String,
    target: Decimal,
    history_field: String,
    periods_per_plan: u64,
    baseline: BaselineMethod,
    capacity_hours: u64,
    strategies: Vec<Strategy>,
    avg_deal_size: Decimal,
    win_rate: Decimal,
    deals_per_rep: Decimal,
    new_partner: Option<NewPartner>,
    plan_days: u64,
}

impl Plan {
    /// Parses and validates a plan config; errors name the config path.
    pub fn from_json(text: &str) -> Result<Plan> {
        config::parse(text)
    }

    /// The plan's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The revenue goal: `goal.target`, or prior_revenue × (1 + growth).
    pub fn target(&self) -> Decimal {
        self.target
    }

    /// The history field the baselines read (default `revenue`).
    pub fn history_field(&self) -> &str {
        &self.history_field
    }

    /// Periods of the history one plan covers (default 4).
    pub fn periods_per_plan(&self) -> u64 {
        self.periods_per_plan
    }

    /// The baseline method (default `run_rate` over periods_per_plan points).
    pub fn baseline(&self) -> BaselineMethod {
        self.baseline
    }

    /// The manager's hours for the plan.
    pub fn capacity_hours(&self) -> u64 {
        self.capacity_hours
    }

    /// The strategies, in config order.
    pub fn strategies(&self) -> &[Strategy] {
        &self.strategies
    }

    /// The partner fields a plan reads besides the reserved ones: `potential` and `sales_reps`. Load
    /// partners with these selected ([`crate::FieldSelection::Only`]) to skip every other column.
    pub fn fields(&self) -> Vec<String> {
        vec![POTENTIAL_FIELD.to_string(), SALES_REPS_FIELD.to_string()]
    }

    /// Solves the plan for `partners` with their `history`: one [`PartnerPlan`] per partner, in input order.
    /// History rows of partner ids outside `partners` are left out and counted.
    pub fn solve(&self, partners: &Partners, history: &History) -> Result<PlanReport> {
        let n = partners.len();
        let series = history.series(partners, &self.history_field, None)?;
        let ids = partners.ids();
        let mut baseline = Vec::with_capacity(n);
        for (row, points) in series.values.iter().enumerate() {
            let value = self.baseline.project(points, self.periods_per_plan).ok_or_else(|| {
                Error::input(
                    format!("partner {}, history field {}", ids[row], self.history_field),
                    "the baseline overflows a decimal",
                )
            })?;
            baseline.push(value);
        }
        let potential = self.potentials(partners, &baseline)?;
        let headroom: Vec<Decimal> = potential
            .iter()
            .zip(&baseline)
            .map(|(p, b)| p.checked_sub(*b).unwrap_or(Decimal::ZERO).max(Decimal::ZERO))
            .collect();
        let problem =
            Problem { headroom: &headroom, ids: &ids, strategies: &self.strategies, capacity: self.capacity_hours };
        let allocation = allocate(&problem, None)?;
        report::build(self, partners, &baseline, &potential, &headroom, allocation, series.rows_ignored)
    }

    /// Each partner's potential: its `potential` field, else max(baseline, QUARTILE.INC of its category's
    /// baselines, 3). Partners without a category form one category.
    fn potentials(&self, partners: &Partners, baseline: &[Decimal]) -> Result<Vec<Decimal>> {
        let categories: Vec<Option<std::borrow::Cow<str>>> = match partners.column("category") {
            Some(column) => column
                .iter()
                .map(|v| match v {
                    Some(Value::Text(t)) => Some(std::borrow::Cow::Borrowed(&**t)),
                    Some(other) => Some(std::borrow::Cow::Owned(other.as_text())),
                    None => None,
                })
                .collect(),
            None => vec![None; partners.len()],
        };
        // Each partner's category as a small index, and every category's baselines.
        let mut index: HashMap<Option<&str>, usize, FastHash> = HashMap::default();
        let mut group = Vec::with_capacity(partners.len());
        let mut members: Vec<Vec<Decimal>> = Vec::new();
        for (category, b) in categories.iter().zip(baseline) {
            let g = *index.entry(category.as_deref()).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[g].push(*b);
            group.push(g);
        }
        let mut third_quartile = Vec::with_capacity(members.len());
        for (g, values) in members.into_iter().enumerate() {
            // Sorted by the 20-place integer key (fast), exact values breaking ties; baselines are ≥ 0, so
            // one too large for the key (above ~1.7 × 10^18) sorts last.
            let mut keyed: Vec<(i128, Decimal)> =
                values.into_iter().map(|v| (key_units(v).unwrap_or(i128::MAX), v)).collect();
            let by = |a: &(i128, Decimal), b: &(i128, Decimal)| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1));
            #[cfg(feature = "parallel")]
            rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut keyed[..], by);
            #[cfg(not(feature = "parallel"))]
            keyed.sort_unstable_by(by);
            let values: Vec<Decimal> = keyed.into_iter().map(|(_, v)| v).collect();
            let q3 = quartile_inc(values.len(), |i| values[i], 3).map_err(|_| {
                let name = index.iter().find(|(_, &i)| i == g).and_then(|(c, _)| *c).unwrap_or("(none)");
                Error::input(format!("category {name}"), "the third quartile of baselines overflows")
            })?;
            third_quartile.push(q3.unwrap_or(Decimal::ZERO));
        }
        let given = partners.column(POTENTIAL_FIELD);
        (0..partners.len())
            .map(|row| match given.and_then(|c| c[row].as_ref()) {
                Some(value) => {
                    value.as_number().map_err(|reason| Error::input(partners.location(row, POTENTIAL_FIELD), reason))
                }
                None => {
                    let q3 = third_quartile[group[row]];
                    Ok(if cmp_key(q3) > cmp_key(baseline[row]) { q3 } else { baseline[row] })
                }
            })
            .collect()
    }
}
