//! The ideal partner profile and gap analysis (DESIGN §2): how well each partner fits the profile, its
//! verdict, what it lacks, and its readiness plan (the gaps by area, management first).
//!
//! ```
//! use partnerscore::{Decimal, Partners, Profile, Verdict};
//!
//! let profile = Profile::from_json(r#"{
//!   "name": "Ideal MSP partner",
//!   "criteria": [
//!     {"field": "sales_reps", "at_least": 4, "tolerance": 2, "weight": 3, "area": "sales_marketing"},
//!     {"field": "sells", "includes_all": ["services", "infrastructure"], "area": "product"},
//!     {"field": "region", "one_of": ["EMEA", "NA"], "required": true, "weight": 0, "area": "operational"}]
//! }"#)?;
//! let partners = Partners::from_csv(
//!     "id,name,sales_reps,sells,region\n\
//!      P1,Northwind,5,services;infrastructure,EMEA\n\
//!      P2,Bluefin,3,services,NA\n\
//!      P3,Contoso,6,services;infrastructure,APAC\n",
//! )?;
//! let report = profile.evaluate(&partners)?;
//! assert_eq!(report.partner(0).verdict(), Verdict::Ideal);
//! // sales_reps 3 is 1 short of 4 with tolerance 2: fit 0.5; sells has 1 of 2: fit 0.5.
//! // fit = 100 × (3 × 0.5 + 1 × 0.5 + 0 × 1) / 4 = 50.
//! let second = report.partner(1);
//! assert_eq!(second.fit(), Decimal::from(50));
//! assert_eq!(second.verdict(), Verdict::PoorFit);
//! let gaps = second.gaps();
//! assert_eq!(gaps[0].expected, "≥ 4");
//! assert_eq!(gaps[0].shortfall, Some(Decimal::ONE));
//! // A required criterion knocks out even at weight 0.
//! assert_eq!(report.partner(2).fit(), Decimal::from(100));
//! assert_eq!(report.partner(2).verdict(), Verdict::PoorFit);
//! assert!(report.to_json().starts_with(r#"{"profile":"Ideal MSP partner","partners":[{"id":"P1""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Criterion fit, in [0, 1]: 1 when met. An unmet numeric criterion (`at_least`, `at_most`, `between`)
//! with a tolerance t > 0 fits max(0, 1 − distance / t), the distance to the nearest bound; otherwise
//! 0. `equals` and `one_of` compare numbers as numbers, booleans as booleans, text exactly.
//! `includes_all` fits |wanted ∩ has| / |wanted|, `includes_any` 0 or 1. A missing value (absent key,
//! null or "") fits 0. The partner's fit is 100 × Σ weight·fit / Σ weight, exact; every comparison uses
//! values rounded to 20 places, and reported values are rounded to 4 places only when written out.
//!
//! Derived fields (DESIGN §4) are not computed yet: a profile sees the fields as given.

mod config;
mod report;

use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use report::{Gap, PartnerFit, ProfileReport, ReadinessArea};

use crate::data::{Partners, Value};
use crate::decimal::cmp_key;
use crate::error::{Error, Result};
use crate::par::map_blocks;
use crate::scorecard::Expected;

/// A readiness area (DESIGN §2, after the seeds' readiness plans). Ordered as the plan is worked
/// through: management readiness always comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Agreement with the partner's management on investment and milestone dates.
    Management,
    /// Ready to process orders, use the systems, handle stock.
    Operational,
    /// Ready to generate opportunities and revenue.
    SalesMarketing,
    /// Knowing the product or service.
    Product,
}

impl Area {
    /// Every area in readiness order.
    pub const ALL: [Area; 4] = [Area::Management, Area::Operational, Area::SalesMarketing, Area::Product];

    /// The area as written in configs and outputs (`sales_marketing`).
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Management => "management",
            Area::Operational => "operational",
            Area::SalesMarketing => "sales_marketing",
            Area::Product => "product",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A partner's verdict against the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// fit ≥ the `ideal` threshold and every required criterion met.
    Ideal,
    /// fit ≥ the `develop` threshold (worth developing towards the profile).
    Develop,
    /// Below `develop`, or a required criterion not met.
    PoorFit,
}

impl Verdict {
    /// Every verdict, best first.
    pub const ALL: [Verdict; 3] = [Verdict::Ideal, Verdict::Develop, Verdict::PoorFit];

    /// The verdict as written in outputs (`poor_fit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ideal => "ideal",
            Verdict::Develop => "develop",
            Verdict::PoorFit => "poor_fit",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a criterion asks of its field.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// value ≥ x.
    AtLeast(Decimal),
    /// value ≤ x.
    AtMost(Decimal),
    /// low ≤ value ≤ high (low ≤ high).
    Between(Decimal, Decimal),
    /// The value equals this one (numbers as numbers, booleans as booleans, text exactly).
    Equals(Expected),
    /// The value equals one of these (non-empty, no repeats).
    OneOf(Vec<Expected>),
    /// The list holds every one of these: fit |wanted ∩ has| / |wanted|.
    IncludesAll(Vec<String>),
    /// The list holds at least one of these: fit 0 or 1.
    IncludesAny(Vec<String>),
}

impl Kind {
    /// The kind as written in configs and gaps (`at_least`, `includes_all` …).
    pub fn name(&self) -> &'static str {
        match self {
            Kind::AtLeast(_) => "at_least",
            Kind::AtMost(_) => "at_most",
            Kind::Between(..) => "between",
            Kind::Equals(_) => "equals",
            Kind::OneOf(_) => "one_of",
            Kind::IncludesAll(_) => "includes_all",
            Kind::IncludesAny(_) => "includes_any",
        }
    }

    /// Whether the kind is numeric (at_least, at_most, between): only those take a tolerance and
    /// report a shortfall.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Kind::AtLeast(_) | Kind::AtMost(_) | Kind::Between(..))
    }

    /// The condition as short text: `≥ 4`, `between 20 and 500`, `one of EMEA, NA`,
    /// `includes all of services, infrastructure`. Numbers as written in the config.
    pub fn expected_text(&self) -> String {
        fn item(e: &Expected) -> String {
            match e {
                Expected::Number(x) => x.to_string(),
                Expected::Bool(b) => b.to_string(),
                Expected::Text(t) => t.clone(),
            }
        }
        match self {
            Kind::AtLeast(x) => format!("≥ {x}"),
            Kind::AtMost(x) => format!("≤ {x}"),
            Kind::Between(lo, hi) => format!("between {lo} and {hi}"),
            Kind::Equals(e) => format!("= {}", item(e)),
            Kind::OneOf(items) => format!("one of {}", items.iter().map(item).collect::<Vec<_>>().join(", ")),
            Kind::IncludesAll(items) => format!("includes all of {}", items.join(", ")),
            Kind::IncludesAny(items) => format!("includes any of {}", items.join(", ")),
        }
    }
}

/// One criterion of a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Label in every output and the CSV column `fit:<name>` (default: the field; unique).
    pub name: String,
    /// The partner field read.
    pub field: String,
    /// What is asked of the field.
    pub kind: Kind,
    /// For numeric kinds: the distance to the bound at which the fit reaches 0 (None or 0: no ramp).
    pub tolerance: Option<Decimal>,
    /// Weight in the partner's fit (≥ 0; default 1).
    pub weight: Decimal,
    /// A required criterion that is not met makes the verdict `poor_fit`, whatever its weight.
    pub required: bool,
    /// The readiness area its gap belongs to.
    pub area: Area,
    expected: String,
}

impl Criterion {
    /// The condition as short text (see [`Kind::expected_text`]), as reported in gaps.
    pub fn expected(&self) -> &str {
        &self.expected
    }
}

/// A validated ideal partner profile (DESIGN §2). Immutable; cheap to share between threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    name: String,
    ideal: Decimal,
    develop: Decimal,
    criteria: Vec<Criterion>,
    total_weight: Decimal,
}

/// The evaluation of one criterion for one partner, when its fit is not exactly 1.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unmet {
    pub fit: Decimal,
    pub shortfall: Option<Decimal>,
    /// The value as read; `None` when missing.
    pub actual: Option<Value>,
}

impl Profile {
    /// Parses and validates a profile config (DESIGN §2). Errors name the config path
    /// (`criteria[2].between`).
    pub fn from_json(text: &str) -> Result<Profile> {
        config::parse(text)
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `ideal` threshold (default 85).
    pub fn ideal(&self) -> Decimal {
        self.ideal
    }

    /// The `develop` threshold (default 60).
    pub fn develop(&self) -> Decimal {
        self.develop
    }

    /// Criteria in config order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// Σ weight of the criteria (> 0).
    pub fn total_weight(&self) -> Decimal {
        self.total_weight
    }

    /// Every partner field the profile reads, without repeats (for [`crate::FieldSelection::Only`]).
    pub fn fields(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.criteria {
            if !out.contains(&c.field) {
                out.push(c.field.clone());
            }
        }
        out
    }

    /// Evaluates every partner: one result per partner, in input order. A value that cannot be read
    /// as its criterion needs (text for `at_least`) is an input error naming the partner and field
    /// (the first such in input order).
    pub fn evaluate(&self, partners: &Partners) -> Result<ProfileReport> {
        let n = partners.len();
        let columns: Vec<Option<&[Option<Value>]>> = self.criteria.iter().map(|c| partners.column(&c.field)).collect();
        let blocks = map_blocks(n, |rows| {
            let mut block = report::RowBlock::with_capacity(rows.len());
            for i in rows {
                self.evaluate_row(i, &columns, &mut block)
                    .map_err(|(j, reason)| Error::input(partners.location(i, &self.criteria[j].field), reason))?;
            }
            Ok(block)
        })?;
        let text = |field: &str| text_column(partners.column(field), n);
        Ok(ProfileReport {
            profile: Arc::new(self.clone()),
            ids: text("id").into_iter().map(Option::unwrap_or_default).collect(),
            names: text("name"),
            categories: text("category"),
            blocks,
            len: n,
        })
    }

    /// One partner: criterion results into `block`; on failure the criterion index and the reason.
    fn evaluate_row(
        &self,
        i: usize,
        columns: &[Option<&[Option<Value>]>],
        block: &mut report::RowBlock,
    ) -> Result<(), (usize, String)> {
        let mut sum = Decimal::ZERO;
        let mut knocked_out = false;
        for (j, c) in self.criteria.iter().enumerate() {
            let value = columns[j].and_then(|col| col.get(i)).and_then(Option::as_ref);
            let fit = match evaluate_criterion(c, value).map_err(|reason| (j, reason))? {
                None => Decimal::ONE,
                Some(unmet) => {
                    let fit = unmet.fit;
                    if c.required && cmp_key(fit) < Decimal::ONE {
                        knocked_out = true;
                    }
                    block.push_unmet(j, unmet);
                    fit
                }
            };
            let weighted = if fit.is_zero() {
                Decimal::ZERO
            } else if fit == Decimal::ONE {
                c.weight
            } else {
                c.weight.checked_mul(fit).ok_or_else(|| (j, "weight × fit overflows".to_string()))?
            };
            sum = sum.checked_add(weighted).ok_or_else(|| (j, "Σ weight × fit overflows".to_string()))?;
        }
        let fit = fit_percent(sum, self.total_weight);
        let key = cmp_key(fit);
        let verdict = if knocked_out {
            Verdict::PoorFit
        } else if key >= cmp_key(self.ideal) {
            Verdict::Ideal
        } else if key >= cmp_key(self.develop) {
            Verdict::Develop
        } else {
            Verdict::PoorFit
        };
        block.end_row(fit, verdict);
        Ok(())
    }
}

/// 100 × sum / total, clamped to [0, 100] (sum ≤ total up to the last digit of a rounded product).
fn fit_percent(sum: Decimal, total: Decimal) -> Decimal {
    if total.is_zero() {
        return Decimal::ZERO;
    }
    let pct = match sum.checked_mul(Decimal::ONE_HUNDRED).and_then(|s| s.checked_div(total)) {
        Some(p) => p,
        // sum ≤ total, so sum / total ≤ 1 cannot overflow
        None => sum.checked_div(total).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)).unwrap_or(Decimal::ZERO),
    };
    pct.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
}

/// The result of one criterion for one value: `None` when it fits exactly 1, else the fit, shortfall and
/// value read. `Err` when the value cannot be read as the criterion needs.
pub(crate) fn evaluate_criterion(c: &Criterion, value: Option<&Value>) -> Result<Option<Unmet>, String> {
    let Some(value) = value.filter(|v| !matches!(v, Value::Text(t) if t.is_empty())) else {
        return Ok(Some(Unmet { fit: Decimal::ZERO, shortfall: None, actual: None }));
    };
    match &c.kind {
        Kind::AtLeast(x) => numeric(value, Some(*x), None, c.tolerance),
        Kind::AtMost(x) => numeric(value, None, Some(*x), c.tolerance),
        Kind::Between(lo, hi) => numeric(value, Some(*lo), Some(*hi), c.tolerance),
        Kind::Equals(expected) => {
            let met = value_equals(value, expected)?;
            Ok((!met).then(|| Unmet { fit: Decimal::ZERO, shortfall: None, actual: read_as(value, expected).ok() }))
        }
        Kind::OneOf(items) => {
            let mut first_error = None;
            let mut readable = false;
            for item in items {
                match value_equals(value, item) {
                    Ok(true) => return Ok(None),
                    Ok(false) => readable = true,
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            match first_error {
                Some(e) if !readable => Err(e),
                _ => {
                    // the value as read by the first item that can read it
                    let actual = items.iter().find_map(|item| read_as(value, item).ok());
                    Ok(Some(Unmet { fit: Decimal::ZERO, shortfall: None, actual }))
                }
            }
        }
        Kind::IncludesAll(wanted) => {
            let has = wanted.iter().filter(|w| list_has(value, w)).count();
            if has == wanted.len() {
                return Ok(None);
            }
            let fit = Decimal::from(has as u64) / Decimal::from(wanted.len() as u64);
            Ok(Some(Unmet { fit, shortfall: None, actual: Some(list_value(value)) }))
        }
        Kind::IncludesAny(wanted) => {
            if wanted.iter().any(|w| list_has(value, w)) {
                return Ok(None);
            }
            Ok(Some(Unmet { fit: Decimal::ZERO, shortfall: None, actual: Some(list_value(value)) }))
        }
    }
}

/// A numeric criterion with optional bounds and tolerance.
fn numeric(
    value: &Value,
    lo: Option<Decimal>,
    hi: Option<Decimal>,
    tolerance: Option<Decimal>,
) -> Result<Option<Unmet>, String> {
    let v = value.as_number()?;
    let key = cmp_key(v);
    let overflow = || "the distance to the criterion's bound overflows".to_string();
    let distance = match (lo, hi) {
        (Some(lo), _) if key < cmp_key(lo) => lo.checked_sub(v).ok_or_else(overflow)?,
        (_, Some(hi)) if key > cmp_key(hi) => v.checked_sub(hi).ok_or_else(overflow)?,
        _ => return Ok(None),
    };
    let fit = match tolerance {
        Some(t) if cmp_key(t) > Decimal::ZERO && cmp_key(distance) < cmp_key(t) => {
            // distance < t, so distance / t < 1: neither step can overflow
            distance.checked_div(t).and_then(|r| Decimal::ONE.checked_sub(r)).unwrap_or(Decimal::ZERO)
        }
        _ => Decimal::ZERO,
    };
    Ok(Some(Unmet { fit, shortfall: Some(distance), actual: Some(Value::Number(v)) }))
}

/// `equals` as DESIGN §1's requires.equals: numbers as numbers, booleans as booleans, text exactly.
/// (The scorecard's equivalent is private to it; this is the same comparison.)
fn value_equals(value: &Value, expected: &Expected) -> Result<bool, String> {
    Ok(match expected {
        Expected::Number(x) => cmp_key(value.as_number()?) == cmp_key(*x),
        Expected::Bool(b) => value.as_bool()? == *b,
        Expected::Text(t) => match value {
            Value::Text(s) => **s == **t,
            other => other.as_text() == *t,
        },
    })
}

/// The value as an `equals` item of this type reads it, so that a gap reports the same `actual` for
/// CSV text (`"false"`) and a JSON boolean (`false`).
fn read_as(value: &Value, expected: &Expected) -> Result<Value, String> {
    Ok(match expected {
        Expected::Number(_) => Value::Number(value.as_number()?),
        Expected::Bool(_) => Value::Bool(value.as_bool()?),
        Expected::Text(_) => match value {
            Value::Text(t) => Value::Text(Arc::clone(t)),
            other => Value::Text(other.as_text().into()),
        },
    })
}

/// Whether a list value holds `item`: a JSON list, or text split on `;`; items trimmed, empty items
/// dropped. A single number or boolean is a one-item list of its text.
fn list_has(value: &Value, item: &str) -> bool {
    match value {
        Value::List(items) => items.iter().any(|i| i.trim() == item),
        Value::Text(t) => t.split(';').any(|i| i.trim() == item),
        other => other.as_text().trim() == item,
    }
}

/// The list as read, for a gap's `actual`: items trimmed, empty items dropped.
fn list_value(value: &Value) -> Value {
    let items: Vec<Box<str>> = match value {
        Value::List(items) => items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()).map(Into::into).collect(),
        Value::Text(t) => t.split(';').map(str::trim).filter(|i| !i.is_empty()).map(Into::into).collect(),
        other => {
            let text = other.as_text();
            let t = text.trim();
            if t.is_empty() {
                Vec::new()
            } else {
                vec![t.into()]
            }
        }
    };
    Value::List(items.into_boxed_slice())
}

/// A text column for the report: text shared with the partners (no copy), other values as their text;
/// all missing when the field is absent.
fn text_column(values: Option<&[Option<Value>]>, n: usize) -> Vec<Option<Arc<str>>> {
    let mut out: Vec<Option<Arc<str>>> = values
        .unwrap_or_default()
        .iter()
        .map(|v| match v {
            Some(Value::Text(t)) => Some(Arc::clone(t)),
            Some(other) => Some(other.as_text().into()),
            None => None,
        })
        .collect();
    out.resize(n, None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(json: &str) -> Criterion {
        let text = format!(r#"{{"name": "t", "criteria": [{json}]}}"#);
        Profile::from_json(&text).unwrap().criteria[0].clone()
    }

    #[test]
    fn list_items_are_trimmed_and_empty_dropped() {
        let c = crit(r#"{"field": "s", "includes_all": ["a", "b"], "area": "product"}"#);
        let v = Value::Text(" a ; ;c".into());
        let unmet = evaluate_criterion(&c, Some(&v)).unwrap().unwrap();
        assert_eq!(unmet.fit, Decimal::new(5, 1));
        assert_eq!(unmet.actual, Some(Value::List(vec!["a".into(), "c".into()].into_boxed_slice())));
        let empty = Value::Text(";".into());
        let unmet = evaluate_criterion(&c, Some(&empty)).unwrap().unwrap();
        assert_eq!(unmet.actual, Some(Value::List(Vec::new().into_boxed_slice())), "an empty list is a value");
    }

    #[test]
    fn one_of_errors_only_when_no_item_can_read_the_value() {
        let c = crit(r#"{"field": "x", "one_of": [1, 2], "area": "product"}"#);
        assert!(evaluate_criterion(&c, Some(&Value::Text("abc".into()))).is_err());
        let c = crit(r#"{"field": "x", "one_of": [1, "abc"], "area": "product"}"#);
        assert_eq!(evaluate_criterion(&c, Some(&Value::Text("abc".into()))).unwrap(), None);
        assert!(evaluate_criterion(&c, Some(&Value::Text("zz".into()))).unwrap().is_some());
    }
}
