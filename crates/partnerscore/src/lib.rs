//! # partnerscore
//!
//! An embeddable scoring engine for channel (reseller) partner management: score partners on a
//! capability scorecard with exact decimal math, benchmark each one against its cohort, assign tiers,
//! measure them against the ideal partner profile, and explain every number.
//!
//! ```
//! use partnerscore::{Decimal, Partners, Scorecard};
//!
//! let card = Scorecard::from_json(r#"{
//!   "name": "Partner capability scorecard",
//!   "benchmark_by": "category",
//!   "sections": [
//!     {"name": "Sales", "max_points": 40, "metrics": [
//!       {"field": "revenue", "points": 30, "rule": {"target": "500000"}},
//!       {"field": "deals_closed", "points": 20, "rule": {"linear": {"from": 0, "to": 12}}}]},
//!     {"name": "Enablement", "metrics": [
//!       {"field": "certified_reps", "points": 20,
//!        "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}}]}],
//!   "tiers": [{"name": "Gold", "min_score": 45}, {"name": "Silver", "min_score": 30}]
//! }"#)?;
//! let partners = Partners::from_csv(
//!     "id,name,category,revenue,deals_closed,certified_reps\n\
//!      P001,Northwind Systems,MSP,512000.10,9,3\n\
//!      P002,Bluefin IT,MSP,250000,3,1\n",
//! )?;
//! let report = card.score(&partners)?;
//! let top = report.partner(0);
//! // Sales: 30 (revenue over target) + 20 × 9/12 = 45, capped at 40; Enablement: 20.
//! assert_eq!(top.score(), Decimal::from(60));
//! assert_eq!(top.tier(), Some("Gold"));
//! let second = report.partner(1);
//! // Sales: 30 × 0.5 + 20 × 3/12 = 20; Enablement: 20 × 0.5 = 10.
//! assert_eq!(second.score(), Decimal::from(30));
//! assert_eq!(second.tier(), Some("Silver"));
//! assert_eq!(second.next_tier().map(|t| t.points_needed), Some(Decimal::from(15)));
//! let json = report.to_json(); // the CLI's `--format json`
//! assert!(json.starts_with(r#"{"scorecard":"Partner capability scorecard","partners":[{"id":"P001""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Overview
//!
//! - [`Partners`] loads partner records from JSON or CSV exactly as given (decimals never pass through
//!   `f64`); errors name the partner, field and CSV line.
//! - [`Scorecard`] is a validated config (DESIGN §1). [`Scorecard::score`] returns a [`ScoreReport`]
//!   with one [`PartnerScore`] per input partner, in input order.
//! - [`Profile`] is a validated ideal partner profile (DESIGN §2). [`Profile::evaluate`] returns a
//!   [`ProfileReport`]: each partner's fit (0–100), verdict, gaps and readiness plan (management first).
//! - [`Plan`] is a validated achievement plan (DESIGN §3). [`Plan::solve`] takes partners and their
//!   [`history::History`] and returns a [`PlanReport`]: baselines, potential, the allocation of the
//!   manager's hours (exact knapsack or greedy), the gap, and the deals, pipeline, reps and recruits needed.
//! - [`health::health`] reviews the channel (DESIGN §4): contribution rate per period, time to revenue
//!   (Kaplan–Meier, exact), trajectories, non-productive partners; [`derived`] fields (ROMI, MDF, funnel,
//!   win rate) are added when partners load, and configs may `derive` their own ([`expr`]).
//! - [`tracking::track`] follows execution plans (DESIGN §6): each commitment's expected-to-date, status
//!   and shortfall, milestones (done, overdue, out of order), and each partner's impediments, worst first.
//! - Every comparison (tiers, ranks, percentiles) uses values rounded to 20 decimal places; reported
//!   values are rounded to 4 places (half away from zero) only when written out.
//!
//! ## Crate features
//!
//! - `parallel` (default): use all cores for CSV parsing, scoring and CSV output. Results are identical
//!   without it.
#![deny(missing_docs)]

pub mod data;
pub mod dealreg;
pub mod decimal;
pub mod derived;
pub mod error;
pub mod expr;
pub mod health;
pub mod history;
mod par;
pub mod plan;
pub mod profile;
mod records;
mod report_out;
pub mod scorecard;
pub mod stats;
pub mod tracking;

pub use data::{Date, FieldSelection, Partners, Value};
pub use error::{Error, ErrorKind, Result};
pub use plan::{Plan, PlanReport};
pub use profile::{Area, PartnerFit, Profile, ProfileReport, Verdict};
pub use rust_decimal::Decimal;
pub use scorecard::{PartnerScore, ScoreReport, Scorecard};

/// The library version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
