//! The plan config as written in JSON (DESIGN §3), and its validation into a [`Plan`](super::Plan).

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::{BaselineMethod, NewPartner, Plan, Strategy};
use crate::decimal::{cmp_key, parse_decimal};
use crate::error::{Error, Result};
use crate::scorecard::Num;

/// The largest whole number a plan accepts for hours, days and periods: sums over a million partners
/// stay far inside `u64`.
pub(crate) const MAX_WHOLE: u64 = 1_000_000_000_000;
/// At most this many strategies (a strategy is stored as one byte per DP cell).
pub(crate) const MAX_STRATEGIES: usize = 255;
/// `periods_per_plan` and `window` at most this (a baseline projects one point per period).
const MAX_PERIODS: u64 = 10_000;
/// Default length of the plan in days.
const DEFAULT_PLAN_DAYS: u64 = 365;
/// Default number of periods per plan (quarters in a year).
const DEFAULT_PERIODS_PER_PLAN: u64 = 4;

/// A whole number ≥ 0 in a config: `80` or `"80"` (`80.0` too); `80.5` and `-1` are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Whole(u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => parse_decimal(n.as_str()),
            serde_json::Value::String(s) => parse_decimal(&s),
            other => return Err(de::Error::custom(format!("expected a whole number, found {other}"))),
        }
        .map_err(de::Error::custom)?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(de::Error::custom(format!("must be a whole number ≥ 0, found {value}")));
        }
        if !value.fract().is_zero() {
            return Err(de::Error::custom(format!("must be a whole number, found {value}")));
        }
        match u64::try_from(value.trunc()) {
            Ok(v) if v <= MAX_WHOLE => Ok(Whole(v)),
            _ => Err(de::Error::custom(format!("must be at most {MAX_WHOLE}, found {value}"))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    goal: RawGoal,
    #[serde(default)]
    history_field: Option<String>,
    #[serde(default)]
    periods_per_plan: Option<Whole>,
    #[serde(default)]
    baseline: Option<RawBaseline>,
    capacity_hours: Whole,
    strategies: Vec<RawStrategy>,
    avg_deal_size: Num,
    win_rate: Num,
    deals_per_rep: Num,
    #[serde(default)]
    new_partner: Option<RawNewPartner>,
    #[serde(default)]
    plan_days: Option<Whole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    #[serde(default)]
    target: Option<Num>,
    #[serde(default)]
    prior_revenue: Option<Num>,
    #[serde(default)]
    growth: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawMethod {
    Trailing,
    RunRate,
    Trend,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    method: RawMethod,
    #[serde(default)]
    window: Option<Whole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrategy {
    name: String,
    hours: Whole,
    capture: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNewPartner {
    annual_revenue: Num,
    time_to_revenue_days: Whole,
}

fn positive(value: Decimal, path: &str) -> Result<Decimal> {
    if cmp_key(value) <= Decimal::ZERO {
        return Err(Error::config(path, format!("must be > 0, found {value}")));
    }
    Ok(value)
}

fn rate(value: Decimal, path: &str) -> Result<Decimal> {
    let key = cmp_key(value);
    if key < Decimal::ZERO || key > Decimal::ONE {
        return Err(Error::config(path, format!("must be in [0, 1], found {value}")));
    }
    Ok(value)
}

fn periods(value: Whole, path: &str) -> Result<u64> {
    match value.0 {
        0 => Err(Error::config(path, "must be ≥ 1, found 0")),
        v if v > MAX_PERIODS => Err(Error::config(path, format!("must be at most {MAX_PERIODS}, found {v}"))),
        v => Ok(v),
    }
}

pub(crate) fn parse(text: &str) -> Result<Plan> {
    let raw = parse_raw(text)?;
    if raw.name.trim().is_empty() {
        return Err(Error::config("name", "must not be empty"));
    }
    let target = target(&raw.goal)?;
    let history_field = raw.history_field.unwrap_or_else(|| "revenue".to_string());
    if history_field.trim().is_empty() {
        return Err(Error::config("history_field", "must not be empty"));
    }
    let periods_per_plan = match raw.periods_per_plan {
        Some(p) => periods(p, "periods_per_plan")?,
        None => DEFAULT_PERIODS_PER_PLAN,
    };
    let baseline = match raw.baseline {
        None => BaselineMethod::RunRate { window: periods_per_plan },
        Some(RawBaseline { method: RawMethod::RunRate, window }) => BaselineMethod::RunRate {
            window: match window {
                Some(w) => periods(w, "baseline.window")?,
                None => periods_per_plan,
            },
        },
        Some(RawBaseline { window: Some(_), method }) => {
            return Err(Error::config(
                "baseline.window",
                format!("applies to the run_rate method only, not {}", method_name(&method)),
            ))
        }
        Some(RawBaseline { method: RawMethod::Trailing, .. }) => BaselineMethod::Trailing,
        Some(RawBaseline { method: RawMethod::Trend, .. }) => BaselineMethod::Trend,
    };

    if raw.strategies.is_empty() {
        return Err(Error::config("strategies", "a plan needs at least one strategy"));
    }
    if raw.strategies.len() > MAX_STRATEGIES {
        return Err(Error::config(
            "strategies",
            format!("at most {MAX_STRATEGIES} strategies, found {}", raw.strategies.len()),
        ));
    }
    let mut names = HashSet::new();
    let mut strategies = Vec::with_capacity(raw.strategies.len());
    for (k, s) in raw.strategies.into_iter().enumerate() {
        let path = format!("strategies[{k}]");
        if s.name.trim().is_empty() {
            return Err(Error::config(format!("{path}.name"), "must not be empty"));
        }
        if !names.insert(s.name.clone()) {
            return Err(Error::config(
                format!("{path}.name"),
                format!("duplicate strategy name {:?}; strategy names must be unique", s.name),
            ));
        }
        let capture = rate(s.capture.0, &format!("{path}.capture"))?;
        strategies.push(Strategy { name: s.name, hours: s.hours.0, capture });
    }

    let new_partner = match raw.new_partner {
        Some(n) => Some(NewPartner {
            annual_revenue: positive(n.annual_revenue.0, "new_partner.annual_revenue")?,
            time_to_revenue_days: n.time_to_revenue_days.0,
        }),
        None => None,
    };
    let plan_days = match raw.plan_days {
        Some(Whole(0)) => return Err(Error::config("plan_days", "must be ≥ 1, found 0")),
        Some(Whole(d)) => d,
        None => DEFAULT_PLAN_DAYS,
    };

    Ok(Plan {
        name: raw.name,
        target,
        history_field,
        periods_per_plan,
        baseline,
        capacity_hours: raw.capacity_hours.0,
        strategies,
        avg_deal_size: positive(raw.avg_deal_size.0, "avg_deal_size")?,
        win_rate: rate(raw.win_rate.0, "win_rate")?,
        deals_per_rep: positive(raw.deals_per_rep.0, "deals_per_rep")?,
        new_partner,
        plan_days,
    })
}

fn method_name(method: &RawMethod) -> &'static str {
    match method {
        RawMethod::Trailing => "trailing",
        RawMethod::RunRate => "run_rate",
        RawMethod::Trend => "trend",
    }
}

/// `goal.target`, or `prior_revenue × (1 + growth)`: exactly one of the two forms, and > 0.
fn target(goal: &RawGoal) -> Result<Decimal> {
    let target = match (goal.target, goal.prior_revenue, goal.growth) {
        (Some(t), None, None) => t.0,
        (None, Some(prior), Some(growth)) => {
            if cmp_key(growth.0) < Decimal::NEGATIVE_ONE {
                return Err(Error::config("goal.growth", format!("must be ≥ -1, found {}", growth.0)));
            }
            Decimal::ONE
                .checked_add(growth.0)
                .and_then(|factor| factor.checked_mul(prior.0))
                .ok_or_else(|| Error::config("goal", "prior_revenue × (1 + growth) overflows"))?
        }
        (Some(_), _, _) => {
            return Err(Error::config("goal", "give either target, or prior_revenue and growth — not both forms"))
        }
        (None, Some(_), None) => return Err(Error::config("goal.growth", "required with prior_revenue")),
        (None, None, Some(_)) => return Err(Error::config("goal.prior_revenue", "required with growth")),
        (None, None, None) => return Err(Error::config("goal", "needs either target, or prior_revenue and growth")),
    };
    if cmp_key(target) <= Decimal::ZERO {
        return Err(Error::config("goal", format!("the target must be > 0, found {target}")));
    }
    Ok(target)
}

fn parse_raw(text: &str) -> Result<RawPlan> {
    crate::error::parse_config(text)
}
