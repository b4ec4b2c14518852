//! The plan's result (DESIGN §3): totals, hours by strategy and one record per partner, with its JSON and
//! CSV forms. Values are kept exact; money is rounded to 2 places and measures to 4 only when written.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use super::allocate::{Allocation, Method};
use super::{Plan, SALES_REPS_FIELD};
use crate::data::{Partners, Value};
use crate::decimal::{cmp_key, key_units, write_money, POW10};
use crate::error::{Error, Result};
use crate::report_out::{write_csv_rows, write_text_field};

/// The achievement plan for a set of partners. Every amount is exact; totals are summed from the exact
/// per-partner values.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// The revenue goal.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub target: Decimal,
    /// Σ baseline.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub baseline_total: Decimal,
    /// Σ uplift of the allocation.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub uplift_total: Decimal,
    /// Σ expected (baseline + uplift).
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub expected_total: Decimal,
    /// max(0, target − Σ expected).
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub gap: Decimal,
    /// Σ expected / target.
    #[serde(serialize_with = "crate::decimal::ser_measure")]
    pub coverage: Decimal,
    /// Σ hours of the chosen strategies.
    pub hours_used: u64,
    /// How the allocation was found.
    #[serde(serialize_with = "ser_method")]
    pub method: Method,
    /// The LP relaxation's Σ uplift: no allocation does better.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub upper_bound: Decimal,
    /// New partners to recruit to close the gap; `None` when recruiting cannot close it this period
    /// (no `new_partner` in the config, or a time to revenue as long as the plan).
    pub recruits_needed: Option<u64>,
    /// History rows of partner ids outside the plan's partners.
    pub history_rows_ignored: usize,
    /// One total per strategy, config order.
    pub by_strategy: Vec<StrategyTotal>,
    /// One record per partner, input order.
    pub partners: Vec<PartnerPlan>,
}

/// The partners, hours and uplift of one strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyTotal {
    /// The strategy's name.
    pub name: String,
    /// Partners given this strategy.
    pub partners: usize,
    /// Their hours.
    pub hours: u64,
    /// Their uplift.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub uplift: Decimal,
}

/// One partner's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerPlan {
    /// The partner's id.
    pub id: String,
    /// What it produces unassisted over the plan.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub baseline: Decimal,
    /// Its `potential` field, else max(baseline, its category's third quartile of baselines).
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub potential: Decimal,
    /// max(0, potential − baseline).
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub headroom: Decimal,
    /// The strategy allocated.
    pub strategy: String,
    /// Its hours.
    pub hours: u64,
    /// headroom × the strategy's capture.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub uplift: Decimal,
    /// baseline + uplift.
    #[serde(serialize_with = "crate::decimal::ser_money")]
    pub expected: Decimal,
    /// ceil(expected / avg_deal_size).
    pub deals_needed: u64,
    /// expected / win_rate; `None` when win_rate is 0 and something is expected.
    #[serde(serialize_with = "crate::decimal::ser_opt_money")]
    pub pipeline_needed: Option<Decimal>,
    /// ceil(deals_needed / deals_per_rep).
    pub reps_needed: u64,
    /// max(0, reps_needed − the `sales_reps` field); `None` without that field.
    pub reps_short: Option<u64>,
}

fn ser_method<S: serde::Serializer>(m: &Method, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(m.as_str())
}

/// ceil of the 20-place value as a count.
fn ceil_count(value: Decimal, location: impl FnOnce() -> String) -> Result<u64> {
    u64::try_from(cmp_key(value).ceil()).map_err(|_| Error::input(location(), format!("{value} is too large a count")))
}

/// ceil(a / b) for a ≥ 0 and b > 0, with the quotient taken at 20 places as every ceil is (DESIGN): in
/// integers when both fit the 20-place key, else through a Decimal division.
fn ceil_quotient(a: Decimal, b: Decimal, location: impl FnOnce() -> String) -> Result<u64> {
    if let (Some(x), Some(y)) = (key_units(a), key_units(b)) {
        if x >= 0 && y > 0 {
            let (q, r) = (x / y, x % y);
            // r / y < 0.5 × 10^-20 rounds away at 20 places: the quotient is then q exactly.
            let rounds_to_q = r == 0 || r.checked_mul(2 * POW10[20]).is_some_and(|twice| twice < y);
            let ceil = if rounds_to_q { q } else { q + 1 };
            return u64::try_from(ceil)
                .map_err(|_| Error::input(location(), format!("{a} / {b} is too large a count")));
        }
    }
    ceil_count(a.checked_div(b).unwrap_or(Decimal::MAX), location)
}

fn add(total: Decimal, value: Decimal, what: &str) -> Result<Decimal> {
    total.checked_add(value).ok_or_else(|| Error::input(what, "the total overflows a decimal"))
}

/// The whole number of a partner's `sales_reps`, if given.
fn sales_reps(partners: &Partners, column: Option<&[Option<Value>]>, row: usize) -> Result<Option<u64>> {
    let Some(value) = column.and_then(|c| c[row].as_ref()) else {
        return Ok(None);
    };
    let location = || partners.location(row, SALES_REPS_FIELD);
    let number = value.as_number().map_err(|reason| Error::input(location(), reason))?;
    if !number.fract().is_zero() || number.is_sign_negative() && !number.is_zero() {
        return Err(Error::input(location(), format!("must be a whole number ≥ 0, found {number}")));
    }
    u64::try_from(number).map(Some).map_err(|_| Error::input(location(), format!("{number} is too large")))
}

pub(super) fn build(
    plan: &Plan,
    partners: &Partners,
    baseline: &[Decimal],
    potential: &[Decimal],
    headroom: &[Decimal],
    allocation: Allocation,
    history_rows_ignored: usize,
) -> Result<PlanReport> {
    let mut by_strategy: Vec<StrategyTotal> = plan
        .strategies
        .iter()
        .map(|s| StrategyTotal { name: s.name.clone(), partners: 0, hours: 0, uplift: Decimal::ZERO })
        .collect();
    let (mut baseline_total, mut uplift_total, mut expected_total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut rows = Vec::with_capacity(partners.len());
    let ids = partners.ids();
    let reps_column = partners.column(SALES_REPS_FIELD);
    for (row, &id) in ids.iter().enumerate() {
        let where_ = || format!("partner {id}");
        let s = allocation.choice[row] as usize;
        let strategy = &plan.strategies[s];
        let uplift = headroom[row]
            .checked_mul(strategy.capture)
            .ok_or_else(|| Error::input(where_(), "the uplift overflows a decimal"))?;
        let expected =
            baseline[row].checked_add(uplift).ok_or_else(|| Error::input(where_(), "the expected overflows"))?;
        let deals_needed = ceil_quotient(expected, plan.avg_deal_size, || format!("partner {id}, deals_needed"))?;
        let pipeline_needed = if expected.is_zero() {
            Some(Decimal::ZERO)
        } else if plan.win_rate.is_zero() {
            None
        } else {
            Some(
                expected
                    .checked_div(plan.win_rate)
                    .ok_or_else(|| Error::input(where_(), "pipeline_needed overflows a decimal"))?,
            )
        };
        let reps_needed =
            ceil_quotient(Decimal::from(deals_needed), plan.deals_per_rep, || format!("partner {id}, reps_needed"))?;
        let reps_short = sales_reps(partners, reps_column, row)?.map(|have| reps_needed.saturating_sub(have));

        let total = &mut by_strategy[s];
        total.partners += 1;
        total.hours += strategy.hours;
        total.uplift = add(total.uplift, uplift, "by_strategy uplift")?;
        baseline_total = add(baseline_total, baseline[row], "baseline_total")?;
        uplift_total = add(uplift_total, uplift, "uplift_total")?;
        expected_total = add(expected_total, expected, "expected_total")?;
        rows.push(PartnerPlan {
            id: id.to_string(),
            baseline: baseline[row],
            potential: potential[row],
            headroom: headroom[row],
            strategy: strategy.name.clone(),
            hours: strategy.hours,
            uplift,
            expected,
            deals_needed,
            pipeline_needed,
            reps_needed,
            reps_short,
        });
    }
    let gap = plan.target.checked_sub(expected_total).unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
    let coverage = expected_total
        .checked_div(plan.target)
        .ok_or_else(|| Error::input("coverage", "Σ expected / target overflows a decimal"))?;
    Ok(PlanReport {
        target: plan.target,
        baseline_total,
        uplift_total,
        expected_total,
        gap,
        coverage,
        hours_used: by_strategy.iter().map(|s| s.hours).sum(),
        method: allocation.method,
        upper_bound: allocation.upper_bound,
        recruits_needed: recruits_needed(plan, gap)?,
        history_rows_ignored,
        by_strategy,
        partners: rows,
    })
}

/// ceil(gap / (annual_revenue × ramp)) with ramp = max(0, (plan_days − time_to_revenue_days) / plan_days):
/// 0 without a gap, `None` when ramp is 0 or the config has no `new_partner`.
fn recruits_needed(plan: &Plan, gap: Decimal) -> Result<Option<u64>> {
    if cmp_key(gap) <= Decimal::ZERO {
        return Ok(Some(0));
    }
    let Some(new) = plan.new_partner else {
        return Ok(None);
    };
    let Some(ramp_days) = plan.plan_days.checked_sub(new.time_to_revenue_days).filter(|d| *d > 0) else {
        return Ok(None);
    };
    // gap × plan_days / (annual_revenue × ramp_days): one division
    let quotient = gap
        .checked_mul(Decimal::from(plan.plan_days))
        .and_then(|num| num.checked_div(new.annual_revenue.checked_mul(Decimal::from(ramp_days))?));
    let quotient = quotient.ok_or_else(|| Error::input("recruits_needed", "gap / revenue per recruit overflows"))?;
    ceil_count(quotient, || "recruits_needed".to_string()).map(Some)
}

impl PlanReport {
    /// The JSON document of DESIGN §3 (the CLI's `--format json`, without its trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The CSV columns, one row per partner: the partner record's fields in JSON order.
    pub fn csv_header() -> [&'static str; 12] {
        [
            "id",
            "baseline",
            "potential",
            "headroom",
            "strategy",
            "hours",
            "uplift",
            "expected",
            "deals_needed",
            "pipeline_needed",
            "reps_needed",
            "reps_short",
        ]
    }

    /// Writes the header and one CSV row per partner (input order); a null is an empty cell.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        write_csv_rows(out, &Self::csv_header(), &self.partners, |w, p| {
            write_text_field(w, &p.id);
            for money in [p.baseline, p.potential, p.headroom] {
                w.push(b',');
                write_money(w, money);
            }
            w.push(b',');
            write_text_field(w, &p.strategy);
            w.extend_from_slice(format!(",{},", p.hours).as_bytes());
            write_money(w, p.uplift);
            w.push(b',');
            write_money(w, p.expected);
            w.extend_from_slice(format!(",{},", p.deals_needed).as_bytes());
            if let Some(pipeline) = p.pipeline_needed {
                write_money(w, pipeline);
            }
            w.extend_from_slice(format!(",{},", p.reps_needed).as_bytes());
            if let Some(short) = p.reps_short {
                w.extend_from_slice(short.to_string().as_bytes());
            }
        })
    }
}
