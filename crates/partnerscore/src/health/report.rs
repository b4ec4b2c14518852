//! The health review's result (DESIGN §4) and its JSON and CSV forms.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::data::{Date, Partners, DERIVED_FIELDS};
use crate::decimal::{cmp_key, format_measure, write_measure, write_money};
use crate::error::{Error, Result};
use crate::profile::Verdict;
use crate::report_out::{write_csv_rows, write_text_field};

/// The channel's health at a date.
#[derive(Debug, Clone)]
pub struct HealthReport {
    /// The review date.
    pub as_of: Date,
    /// History rows of partner ids outside the partners.
    pub history_rows_ignored: usize,
    /// The history field of the trajectories.
    pub trajectory_field: String,
    /// The periods of the trajectories' axis, in order (a trajectory's points are its last ones).
    pub trajectory_axis: Vec<String>,
    /// One entry per period of the history (cut at as_of), in period order.
    pub contribution_rate: Vec<PeriodContribution>,
    /// Time from signing to first revenue (Kaplan–Meier).
    pub time_to_revenue: TimeToRevenue,
    /// One record per partner, input order.
    pub partners: Vec<PartnerHealth>,
}

/// The partners active and contributing in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodContribution {
    /// The period as written in the history.
    pub period: String,
    /// Partners signed by its end and not terminated before its start.
    pub active: usize,
    /// Active partners whose revenue in it is above min_revenue.
    pub contributing: usize,
    /// contributing / active; `None` with no active partner.
    pub rate: Option<Decimal>,
}

/// Time to revenue, censoring-aware.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeToRevenue {
    /// The smallest event time with S ≤ 1/2; `None` while S stays above it.
    pub median_days: Option<i64>,
    /// 1 − S(90); `None` without observations.
    pub within_90: Option<Decimal>,
    /// 1 − S(180); `None` without observations.
    pub within_180: Option<Decimal>,
    /// Partners with first revenue by as_of.
    pub producers: usize,
    /// Censored partners not terminated at or before as_of.
    pub waiting: usize,
    /// Every censored partner.
    pub censored: usize,
    /// One point per event time: (days, S after it) with S rounded to 20 places.
    pub curve: Vec<(i64, Decimal)>,
}

/// Whether a trajectory goes up, down or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Slope above the flat band.
    Improving,
    /// Slope below minus the flat band.
    Declining,
    /// Fewer than 2 points, or |slope| ≤ flat_band × |mean|.
    Flat,
}

impl Direction {
    /// `improving`, `declining` or `flat`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Declining => "declining",
            Direction::Flat => "flat",
        }
    }
}

/// What to do with a non-productive partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recommendation {
    /// The profile's verdict is poor_fit.
    Terminate,
    /// Keep the partner, but invest no support in it.
    KeepWithoutInvestment,
}

impl Recommendation {
    /// `terminate` or `keep_without_investment`.
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Terminate => "terminate",
            Recommendation::KeepWithoutInvestment => "keep_without_investment",
        }
    }
}

/// A partner's trajectory over its series (t = 0…k−1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trajectory {
    /// Its points' values: the last `values.len()` periods of the report's trajectory axis.
    pub values: Vec<Decimal>,
    /// Least-squares slope per period; `None` with fewer than 2 points.
    pub slope: Option<Decimal>,
    /// Mean of the points; `None` without points.
    pub mean: Option<Decimal>,
    /// (last − first) / |first|; `None` with fewer than 2 points or first = 0.
    pub relative_change: Option<Decimal>,
    /// Improving, declining or flat.
    pub direction: Direction,
}

impl Trajectory {
    /// The trajectory of a series; `None` when the arithmetic overflows.
    pub fn of(values: Vec<Decimal>, flat_band: Decimal) -> Option<Trajectory> {
        let k = values.len();
        let mut sy = Decimal::ZERO;
        let mut sty = Decimal::ZERO;
        for (t, y) in values.iter().enumerate() {
            sy = sy.checked_add(*y)?;
            sty = sty.checked_add(y.checked_mul(Decimal::from(t as u64))?)?;
        }
        let mean = if k == 0 { None } else { Some(sy.checked_div(Decimal::from(k as u64))?) };
        let (slope, relative_change) = if k < 2 {
            (None, None)
        } else {
            let kk = k as i128;
            let st = kk * (kk - 1) / 2;
            let stt = (kk - 1) * kk * (2 * kk - 1) / 6;
            let d = Decimal::try_from_i128_with_scale(kk * stt - st * st, 0).ok()?;
            let st = Decimal::try_from_i128_with_scale(st, 0).ok()?;
            let n = Decimal::from(k as u64).checked_mul(sty)?.checked_sub(st.checked_mul(sy)?)?;
            let (first, last) = (values[0], values[k - 1]);
            let change = if first.is_zero() { None } else { Some(last.checked_sub(first)?.checked_div(first.abs())?) };
            (Some(n.checked_div(d)?), change)
        };
        let direction = match (slope, mean) {
            (Some(slope), Some(mean)) => {
                let band = cmp_key(flat_band.checked_mul(mean.abs())?);
                let s = cmp_key(slope);
                if s.abs() <= band {
                    Direction::Flat
                } else if s > Decimal::ZERO {
                    Direction::Improving
                } else {
                    Direction::Declining
                }
            }
            _ => Direction::Flat,
        };
        Some(Trajectory { values, slope, mean, relative_change, direction })
    }
}

/// The derived fields of a partner (DESIGN §4): computed when their inputs are present, a value the
/// caller supplied winning; `None` when missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Derived {
    /// (attributed_revenue × gross_margin − marketing_spend) / marketing_spend.
    pub romi: Option<Decimal>,
    /// mdf_claims_approved / (mdf_claims_approved + mdf_claims_denied).
    pub mdf_approval_rate: Option<Decimal>,
    /// 1 − mdf_approval_rate.
    pub mdf_denial_rate: Option<Decimal>,
    /// mdf_amount_approved / mdf_claims_approved (money).
    pub mdf_amount_per_claim: Option<Decimal>,
    /// mdf_amount_approved / mdf_allocated.
    pub mdf_utilization: Option<Decimal>,
    /// sql / mql.
    pub mql_to_sql: Option<Decimal>,
    /// deals_won / (deals_won + deals_lost).
    pub win_rate: Option<Decimal>,
}

impl Derived {
    fn values(&self) -> [Option<Decimal>; 7] {
        [
            self.romi,
            self.mdf_approval_rate,
            self.mdf_denial_rate,
            self.mdf_amount_per_claim,
            self.mdf_utilization,
            self.mql_to_sql,
            self.win_rate,
        ]
    }
}

/// Reads every partner's derived fields from the partners' columns (where loading put them).
pub(super) fn derived_columns(partners: &Partners) -> Result<impl Fn(usize) -> Derived + '_> {
    let mut columns: Vec<Vec<Option<Decimal>>> = Vec::with_capacity(DERIVED_FIELDS.len());
    for field in DERIVED_FIELDS {
        let mut values = vec![None; partners.len()];
        if let Some(column) = partners.column(field) {
            for (row, v) in column.iter().enumerate() {
                if let Some(v) = v {
                    values[row] =
                        Some(v.as_number().map_err(|reason| Error::input(partners.location(row, field), reason))?);
                }
            }
        }
        columns.push(values);
    }
    Ok(move |row: usize| Derived {
        romi: columns[0][row],
        mdf_approval_rate: columns[1][row],
        mdf_denial_rate: columns[2][row],
        mdf_amount_per_claim: columns[3][row],
        mdf_utilization: columns[4][row],
        mql_to_sql: columns[5][row],
        win_rate: columns[6][row],
    })
}

/// A partner's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerHealth {
    /// Its id.
    pub id: String,
    /// Its name, if given.
    pub name: Option<String>,
    /// Σ deals over its periods ending in the 12 months up to as_of.
    pub deals_last_12_months: Decimal,
    /// Active at as_of, signed at least 365 days before, and at most min_deals_per_year deals.
    pub non_productive: bool,
    /// For a non-productive partner: terminate (profile verdict poor_fit) or keep without investment.
    pub recommendation: Option<Recommendation>,
    /// The profile's verdict, when a profile is given.
    pub verdict: Option<Verdict>,
    /// Its trajectory.
    pub trajectory: Trajectory,
    /// Its derived fields.
    pub derived: Derived,
}

/// A JSON number from a decimal as a measure (4 places, no trailing zeros): `9`, `2.5`.
struct MeasureNumber(Decimal);

impl Serialize for MeasureNumber {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match format_measure(self.0).parse::<serde_json::Number>() {
            Ok(n) => n.serialize(s),
            Err(_) => s.serialize_str(&format_measure(self.0)),
        }
    }
}

struct Measure(Option<Decimal>);

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        crate::decimal::ser_opt_measure(&self.0, s)
    }
}

impl Serialize for HealthReport {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("HealthReport", 5)?;
        st.serialize_field("as_of", &self.as_of.to_string())?;
        st.serialize_field("history_rows_ignored", &self.history_rows_ignored)?;
        st.serialize_field("contribution_rate", &Periods(&self.contribution_rate))?;
        st.serialize_field("time_to_revenue", &TimeToRevenueOut(&self.time_to_revenue))?;
        st.serialize_field("partners", &PartnersOut(self))?;
        st.end()
    }
}

struct Periods<'a>(&'a [PeriodContribution]);

impl Serialize for Periods<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for p in self.0 {
            seq.serialize_element(&serde_json::json!({
                "period": p.period,
                "active": p.active,
                "contributing": p.contributing,
                "rate": p.rate.map(format_measure),
            }))?;
        }
        seq.end()
    }
}

struct TimeToRevenueOut<'a>(&'a TimeToRevenue);

impl Serialize for TimeToRevenueOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.0;
        let mut st = s.serialize_struct("TimeToRevenue", 7)?;
        st.serialize_field("median_days", &t.median_days)?;
        st.serialize_field("within_90", &Measure(t.within_90))?;
        st.serialize_field("within_180", &Measure(t.within_180))?;
        st.serialize_field("producers", &t.producers)?;
        st.serialize_field("waiting", &t.waiting)?;
        st.serialize_field("censored", &t.censored)?;
        let curve: Vec<serde_json::Value> =
            t.curve.iter().map(|(days, s)| serde_json::json!({"days": days, "survival": format_measure(*s)})).collect();
        st.serialize_field("curve", &curve)?;
        st.end()
    }
}

struct PartnersOut<'a>(&'a HealthReport);

impl Serialize for PartnersOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let report = self.0;
        let mut seq = s.serialize_seq(Some(report.partners.len()))?;
        for p in &report.partners {
            seq.serialize_element(&PartnerOut { report, p })?;
        }
        seq.end()
    }
}

struct PartnerOut<'a> {
    report: &'a HealthReport,
    p: &'a PartnerHealth,
}

impl Serialize for PartnerOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let p = self.p;
        let mut st = s.serialize_struct("PartnerHealth", 8)?;
        st.serialize_field("id", &p.id)?;
        st.serialize_field("name", &p.name)?;
        st.serialize_field("deals_last_12_months", &MeasureNumber(p.deals_last_12_months))?;
        st.serialize_field("non_productive", &p.non_productive)?;
        st.serialize_field("recommendation", &p.recommendation.map(Recommendation::as_str))?;
        st.serialize_field("verdict", &p.verdict.map(Verdict::as_str))?;
        st.serialize_field("trajectory", &TrajectoryOut { report: self.report, t: &p.trajectory })?;
        st.serialize_field("derived", &DerivedOut(&p.derived))?;
        st.end()
    }
}

struct TrajectoryOut<'a> {
    report: &'a HealthReport,
    t: &'a Trajectory,
}

impl Serialize for TrajectoryOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let t = self.t;
        let axis = &self.report.trajectory_axis;
        let start = axis.len() - t.values.len();
        let points: Vec<serde_json::Value> = axis[start..]
            .iter()
            .zip(&t.values)
            .map(|(period, value)| serde_json::json!({"period": period, "value": format_measure(*value)}))
            .collect();
        let mut st = s.serialize_struct("Trajectory", 7)?;
        st.serialize_field("field", &self.report.trajectory_field)?;
        st.serialize_field("periods", &t.values.len())?;
        st.serialize_field("slope", &Measure(t.slope))?;
        st.serialize_field("mean", &Measure(t.mean))?;
        st.serialize_field("relative_change", &Measure(t.relative_change))?;
        st.serialize_field("direction", t.direction.as_str())?;
        st.serialize_field("points", &points)?;
        st.end()
    }
}

struct DerivedOut<'a>(&'a Derived);

impl Serialize for DerivedOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Derived", 7)?;
        for (name, value) in DERIVED_FIELDS.iter().zip(self.0.values()) {
            if *name == "mdf_amount_per_claim" {
                st.serialize_field(name, &value.map(crate::decimal::format_money))?;
            } else {
                st.serialize_field(name, &Measure(value))?;
            }
        }
        st.end()
    }
}

/// How many partners fall in each group of the review (for headlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HealthCounts {
    /// Non-productive partners.
    pub non_productive: usize,
    /// Of those, recommended for termination.
    pub terminate: usize,
    /// Of those, to keep without investment.
    pub keep_without_investment: usize,
    /// Partners whose trajectory improves.
    pub improving: usize,
    /// Partners whose trajectory declines.
    pub declining: usize,
    /// Partners whose trajectory is flat.
    pub flat: usize,
}

impl HealthReport {
    /// The partners in each group: non-productive (terminate / keep), and by trajectory direction.
    pub fn counts(&self) -> HealthCounts {
        let mut c = HealthCounts::default();
        for p in &self.partners {
            c.non_productive += usize::from(p.non_productive);
            match p.recommendation {
                Some(Recommendation::Terminate) => c.terminate += 1,
                Some(Recommendation::KeepWithoutInvestment) => c.keep_without_investment += 1,
                None => {}
            }
            match p.trajectory.direction {
                Direction::Improving => c.improving += 1,
                Direction::Declining => c.declining += 1,
                Direction::Flat => c.flat += 1,
            }
        }
        c
    }

    /// The JSON document of DESIGN §4 (the CLI's `--format json`, without its trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The CSV columns, one row per partner.
    pub fn csv_header() -> Vec<&'static str> {
        let mut header = vec![
            "id",
            "name",
            "deals_last_12_months",
            "non_productive",
            "recommendation",
            "verdict",
            "trajectory_periods",
            "slope",
            "mean",
            "relative_change",
            "direction",
        ];
        header.extend(DERIVED_FIELDS);
        header
    }

    /// Writes the header and one CSV row per partner (input order); a null is an empty cell.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let opt = |w: &mut Vec<u8>, v: Option<Decimal>| {
            w.push(b',');
            if let Some(v) = v {
                write_measure(w, v);
            }
        };
        write_csv_rows(out, &Self::csv_header(), &self.partners, |w, p| {
            write_text_field(w, &p.id);
            w.push(b',');
            write_text_field(w, p.name.as_deref().unwrap_or_default());
            w.push(b',');
            write_measure(w, p.deals_last_12_months);
            w.extend_from_slice(if p.non_productive { b",true," } else { b",false," });
            w.extend_from_slice(p.recommendation.map_or("", Recommendation::as_str).as_bytes());
            w.push(b',');
            w.extend_from_slice(p.verdict.map_or("", Verdict::as_str).as_bytes());
            w.extend_from_slice(format!(",{}", p.trajectory.values.len()).as_bytes());
            opt(w, p.trajectory.slope);
            opt(w, p.trajectory.mean);
            opt(w, p.trajectory.relative_change);
            w.push(b',');
            w.extend_from_slice(p.trajectory.direction.as_str().as_bytes());
            for (name, value) in DERIVED_FIELDS.iter().zip(p.derived.values()) {
                if *name == "mdf_amount_per_claim" {
                    w.push(b',');
                    if let Some(v) = value {
                        write_money(w, v);
                    }
                } else {
                    opt(w, value);
                }
            }
        })
    }
}
