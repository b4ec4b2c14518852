//! Channel health (DESIGN §4): contribution rate per period, time to revenue (Kaplan–Meier), each
//! partner's trajectory, deals in the last 12 months and the non-productive partners with a
//! recommendation, plus the derived fields every partner carries.
//!
//! ```
//! use partnerscore::health::{health, HealthOptions};
//! use partnerscore::history::History;
//! use partnerscore::Partners;
//!
//! let partners = Partners::from_csv(
//!     "id,signed_on,first_revenue_on\nA,2024-01-01,2024-03-01\nB,2025-06-01,\n",
//! )?;
//! let history = History::from_csv(
//!     "partner_id,period,revenue,deals_closed\nA,2025-Q3,100,1\nA,2025-Q4,150,1\nB,2025-Q4,0,0\n",
//! )?;
//! let report = health(&partners, &history, None, &HealthOptions::default())?;
//! assert_eq!(report.as_of.to_string(), "2025-12-31"); // the end of the latest period
//! let q4 = &report.contribution_rate[1];
//! assert_eq!((q4.active, q4.contributing), (2, 1));
//! assert_eq!(report.partners[0].trajectory.direction.as_str(), "improving");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod report;
mod survival;

use rust_decimal::Decimal;

pub use report::{
    Derived, Direction, HealthCounts, HealthReport, PartnerHealth, PeriodContribution, Recommendation, TimeToRevenue,
    Trajectory,
};
pub use survival::{KaplanMeier, Observation, Survival};

use crate::data::{Date, Partners, Value};
use crate::decimal::cmp_key;
use crate::error::{Error, Result};
use crate::history::History;
use crate::profile::{Profile, Verdict};

/// The options of a health review (DESIGN §4), with its defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthOptions {
    /// The review date; default: the end of the latest period in the history.
    pub as_of: Option<Date>,
    /// History field read as revenue (default `revenue`).
    pub revenue_field: String,
    /// History field read as deals (default `deals_closed`).
    pub deals_field: String,
    /// History field whose trajectory is reported (default `revenue`).
    pub trajectory_field: String,
    /// A partner contributes in a period when its revenue there is above this (default 0; ≥ 0).
    pub min_revenue: Decimal,
    /// A partner is non-productive with at most this many deals in the last 12 months (default 3).
    pub min_deals_per_year: Decimal,
    /// A trajectory is flat when |slope| ≤ flat_band × |mean| (default 0.02).
    pub flat_band: Decimal,
}

impl Default for HealthOptions {
    fn default() -> Self {
        HealthOptions {
            as_of: None,
            revenue_field: "revenue".into(),
            deals_field: "deals_closed".into(),
            trajectory_field: "revenue".into(),
            min_revenue: Decimal::ZERO,
            min_deals_per_year: Decimal::from(3),
            flat_band: Decimal::new(2, 2),
        }
    }
}

impl HealthOptions {
    /// Checks the options: fields named, min_revenue, min_deals_per_year and flat_band ≥ 0. Errors are
    /// config errors at the option's name.
    pub fn validate(&self) -> Result<()> {
        for (name, field) in [
            ("revenue_field", &self.revenue_field),
            ("deals_field", &self.deals_field),
            ("trajectory_field", &self.trajectory_field),
        ] {
            if field.trim().is_empty() {
                return Err(Error::config(name, "must name a history field"));
            }
        }
        for (name, value) in [
            ("min_revenue", self.min_revenue),
            ("min_deals_per_year", self.min_deals_per_year),
            ("flat_band", self.flat_band),
        ] {
            if cmp_key(value) < Decimal::ZERO {
                return Err(Error::config(name, format!("must be ≥ 0, found {value}")));
            }
        }
        Ok(())
    }
}

/// The days of a year, for the 12-month windows and the non-productive rule.
const YEAR_DAYS: i32 = 365;

/// Reviews the channel's health at `options.as_of`: one [`PartnerHealth`] per partner, in input order.
/// With a `profile`, every partner's verdict is reported and a non-productive `poor_fit` partner is
/// recommended for termination.
pub fn health(
    partners: &Partners,
    history: &History,
    profile: Option<&Profile>,
    options: &HealthOptions,
) -> Result<HealthReport> {
    options.validate()?;
    let as_of = match options.as_of.or_else(|| history.latest_end()) {
        Some(d) => d,
        None => return Err(Error::input("as_of", "--as-of is needed: the history has no period to take it from")),
    };
    let n = partners.len();
    let signed = dates(partners, "signed_on");
    let terminated = dates(partners, "terminated_on");

    // Contribution rate per period of the revenue series' axis.
    let revenue = history.series(partners, &options.revenue_field, Some(as_of))?;
    let axis_len = revenue.axis.len();
    let min_revenue = cmp_key(options.min_revenue);
    let mut contribution_rate = Vec::with_capacity(axis_len);
    for (i, period) in revenue.axis.iter().enumerate() {
        let (mut active, mut contributing) = (0usize, 0usize);
        for row in 0..n {
            let signed_ok = signed[row].is_none_or(|d| d <= period.end());
            let not_gone = terminated[row].is_none_or(|d| d >= period.start());
            if !(signed_ok && not_gone) {
                continue;
            }
            active += 1;
            let series = &revenue.values[row];
            let offset = axis_len - series.len();
            if i >= offset && cmp_key(series[i - offset]) > min_revenue {
                contributing += 1;
            }
        }
        contribution_rate.push(PeriodContribution {
            period: period.as_str().to_string(),
            active,
            contributing,
            rate: ratio(contributing, active),
        });
    }

    let time_to_revenue = time_to_revenue(partners, as_of, &signed, &terminated)?;

    // Deals in the 12 months up to as_of: periods ending after as_of − 365 days and not after as_of.
    let deals = history.series(partners, &options.deals_field, Some(as_of))?;
    let window_start = Date::from_days(as_of.days() - YEAR_DAYS)
        .ok_or_else(|| Error::input("as_of", "too early a date for a 12-month window"))?;
    let in_window: Vec<bool> = deals.axis.iter().map(|p| p.end() > window_start && p.end() <= as_of).collect();
    let judged_from = window_start; // signed at least 365 days before as_of
    let verdicts: Option<Vec<Verdict>> = match profile {
        Some(profile) => Some(profile.evaluate(partners)?.partners().map(|p| p.verdict()).collect()),
        None => None,
    };
    let trajectory_series = if options.trajectory_field == options.revenue_field {
        revenue
    } else {
        history.series(partners, &options.trajectory_field, Some(as_of))?
    };
    let trajectory_axis = trajectory_series.axis;
    let derived = report::derived_columns(partners)?;
    let mut rows = Vec::with_capacity(n);
    for (row, values) in trajectory_series.values.into_iter().enumerate() {
        let series = &deals.values[row];
        let offset = deals.axis.len() - series.len();
        let mut deals_last_12_months = Decimal::ZERO;
        for (k, value) in series.iter().enumerate() {
            if in_window[offset + k] {
                deals_last_12_months = deals_last_12_months.checked_add(*value).ok_or_else(|| {
                    Error::input(
                        format!("partner {}, field {}", partners.id(row), options.deals_field),
                        "sum overflows",
                    )
                })?;
            }
        }
        let active = terminated[row].is_none_or(|d| d >= as_of);
        let seasoned = signed[row].is_some_and(|d| d <= judged_from);
        let non_productive = active && seasoned && cmp_key(deals_last_12_months) <= cmp_key(options.min_deals_per_year);
        let verdict = verdicts.as_ref().map(|v| v[row]);
        let recommendation = non_productive.then_some(if verdict == Some(Verdict::PoorFit) {
            Recommendation::Terminate
        } else {
            Recommendation::KeepWithoutInvestment
        });
        let trajectory = Trajectory::of(values, options.flat_band).ok_or_else(|| {
            Error::input(format!("partner {}, field {}", partners.id(row), options.trajectory_field), "overflows")
        })?;
        rows.push(PartnerHealth {
            id: partners.id(row).to_string(),
            name: partners.text(row, "name"),
            deals_last_12_months,
            non_productive,
            recommendation,
            verdict,
            trajectory,
            derived: derived(row),
        });
    }
    Ok(HealthReport {
        as_of,
        history_rows_ignored: deals.rows_ignored,
        trajectory_field: options.trajectory_field.clone(),
        trajectory_axis: trajectory_axis.iter().map(|p| p.as_str().to_string()).collect(),
        contribution_rate,
        time_to_revenue,
        partners: rows,
    })
}

/// A date column (validated at load), one entry per partner.
fn dates(partners: &Partners, field: &str) -> Vec<Option<Date>> {
    match partners.column(field) {
        Some(column) => column
            .iter()
            .map(|v| match v {
                Some(Value::Text(t)) => Date::parse(t),
                Some(other) => Date::parse(&other.as_text()),
                None => None,
            })
            .collect(),
        None => vec![None; partners.len()],
    }
}

/// a / b as a Decimal (rounded at 28 digits), `None` for b = 0.
fn ratio(a: usize, b: usize) -> Option<Decimal> {
    (b > 0).then(|| Decimal::from(a as u64) / Decimal::from(b as u64))
}

/// The Kaplan–Meier review of time to revenue over partners signed on or before as_of.
fn time_to_revenue(
    partners: &Partners,
    as_of: Date,
    signed: &[Option<Date>],
    terminated: &[Option<Date>],
) -> Result<TimeToRevenue> {
    let first_revenue = dates(partners, "first_revenue_on");
    let mut observations = Vec::new();
    let mut waiting = 0;
    for row in 0..partners.len() {
        let Some(signed_on) = signed[row].filter(|d| *d <= as_of) else { continue };
        match first_revenue[row] {
            Some(first) if first < signed_on => {
                return Err(Error::input(
                    partners.location(row, "first_revenue_on"),
                    format!("{first} is before signed_on {signed_on}"),
                ))
            }
            Some(first) if first <= as_of => {
                observations.push(Observation { days: i64::from(first.days() - signed_on.days()), event: true })
            }
            _ => {
                let end = terminated[row].map_or(as_of, |t| t.min(as_of));
                if end < signed_on {
                    return Err(Error::input(
                        partners.location(row, "terminated_on"),
                        format!("{end} is before signed_on {signed_on}"),
                    ));
                }
                if terminated[row].is_none_or(|t| t > as_of) {
                    waiting += 1;
                }
                observations.push(Observation { days: i64::from(end.days() - signed_on.days()), event: false });
            }
        }
    }
    let km = KaplanMeier::estimate(&observations);
    let observed = !observations.is_empty();
    Ok(TimeToRevenue {
        median_days: km.median_days(),
        within_90: observed.then(|| km.survival_at(90).complement()),
        within_180: observed.then(|| km.survival_at(180).complement()),
        producers: km.events,
        waiting,
        censored: km.censored,
        curve: km.curve.iter().map(|(days, s)| (*days, s.to_decimal())).collect(),
    })
}
