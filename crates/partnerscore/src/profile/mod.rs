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
use crate::decimal::{cmp_key, key_units};
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
    /// Comparison keys of the bounds and tolerance, and the fit of each count of wanted items held.
    pub(crate) hot: Hot,
}

/// What the row pass needs of a criterion, computed once at load.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Hot {
    /// The lower bound (at_least, between) with its comparison key.
    pub lo: Option<Key>,
    /// The upper bound (at_most, between) with its comparison key.
    pub hi: Option<Key>,
    /// The tolerance when > 0 at 20 places, with its key.
    pub tolerance: Option<(Decimal, Key)>,
    /// includes_all: fractions[k] = k / |wanted|.
    pub fractions: Vec<Decimal>,
}

/// A 20-place comparison key: as an integer count of 10^-20 when it fits an `i128` (the fast path),
/// and as a decimal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Key {
    units: Option<i128>,
    key: Decimal,
}

impl Key {
    pub(crate) fn of(d: Decimal) -> Key {
        Key { units: key_units(d), key: cmp_key(d) }
    }

    /// `d` compared with this key at 20 places (`Less`: d is below it).
    #[inline]
    fn value_vs(&self, d: Decimal) -> std::cmp::Ordering {
        match (key_units(d), self.units) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => cmp_key(d).cmp(&self.key),
        }
    }
}

impl Key {
    /// Whether this key is ≥ `other`.
    #[inline]
    fn at_least(&self, other: &Key) -> bool {
        match (self.units, other.units) {
            (Some(a), Some(b)) => a >= b,
            _ => self.key >= other.key,
        }
    }
}

impl Hot {
    pub(crate) fn new(kind: &Kind, tolerance: Option<Decimal>) -> Hot {
        let (lo, hi) = match kind {
            Kind::AtLeast(x) => (Some(*x), None),
            Kind::AtMost(x) => (None, Some(*x)),
            Kind::Between(lo, hi) => (Some(*lo), Some(*hi)),
            _ => (None, None),
        };
        let fractions = match kind {
            Kind::IncludesAll(items) => {
                let n = Decimal::from(items.len() as u64);
                (0..=items.len()).map(|k| Decimal::from(k as u64) / n).collect()
            }
            _ => Vec::new(),
        };
        Hot {
            lo: lo.map(Key::of),
            hi: hi.map(Key::of),
            tolerance: tolerance.map(|t| (t, Key::of(t))).filter(|(_, key)| key.key > Decimal::ZERO),
            fractions,
        }
    }
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
    derive: crate::derived::Derives,
    ideal: Decimal,
    develop: Decimal,
    criteria: Vec<Criterion>,
    total_weight: Decimal,
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
        for f in self.criteria.iter().map(|c| c.field.clone()).chain(self.derive.inputs()) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// Evaluates every partner: one result per partner, in input order. A value that cannot be read
    /// as its criterion needs (text for `at_least`) is an input error naming the partner and field
    /// (the first such in input order).
    ///
    /// The report shares the partners' columns it reports from (ids, names, categories and the
    /// criterion fields) instead of copying them.
    pub fn evaluate(&self, partners: &Partners) -> Result<ProfileReport> {
        let partners = &*self.derive.apply(partners)?;
        let n = partners.len();
        let columns: Vec<Option<Column>> = self.criteria.iter().map(|c| partners.shared_column(&c.field)).collect();
        let slices: Vec<Option<&[Option<Value>]>> = columns.iter().map(|c| c.as_deref().map(Vec::as_slice)).collect();
        let (ideal, develop) = (Key::of(self.ideal), Key::of(self.develop));
        let blocks = map_blocks(n, |rows| {
            let mut block = report::RowBlock::with_capacity(rows.len(), self.criteria.len());
            for i in rows {
                self.evaluate_row(i, &slices, (ideal, develop), &mut block)
                    .map_err(|(j, reason)| Error::input(partners.location(i, &self.criteria[j].field), reason))?;
            }
            Ok(block)
        })?;
        Ok(ProfileReport {
            profile: Arc::new(self.clone()),
            ids: report::TextColumn::new(partners, "id"),
            names: report::TextColumn::new(partners, "name"),
            categories: report::TextColumn::new(partners, "category"),
            columns,
            blocks,
            len: n,
        })
    }

    /// One partner: the fits below 1 into `block`; on failure the criterion index and the reason.
    fn evaluate_row(
        &self,
        i: usize,
        columns: &[Option<&[Option<Value>]>],
        (ideal, develop): (Key, Key),
        block: &mut report::RowBlock,
    ) -> Result<(), (usize, String)> {
        let mut sum = Decimal::ZERO;
        let mut knocked_out = false;
        for (j, c) in self.criteria.iter().enumerate() {
            let value = columns[j].and_then(|col| col.get(i)).and_then(Option::as_ref);
            let Some(fit) = criterion_fit(c, value).map_err(|reason| (j, reason))? else {
                sum = sum.checked_add(c.weight).ok_or_else(|| (j, "Σ weight × fit overflows".to_string()))?;
                continue;
            };
            if c.required && ONE.value_vs(fit).is_lt() {
                knocked_out = true;
            }
            block.push_unmet(j, fit);
            if !fit.is_zero() && !c.weight.is_zero() {
                let weighted = c.weight.checked_mul(fit).ok_or_else(|| (j, "weight × fit overflows".to_string()))?;
                sum = sum.checked_add(weighted).ok_or_else(|| (j, "Σ weight × fit overflows".to_string()))?;
            }
        }
        let fit = fit_percent(sum, self.total_weight);
        let key = Key::of(fit);
        let verdict = if knocked_out {
            Verdict::PoorFit
        } else if key.at_least(&ideal) {
            Verdict::Ideal
        } else if key.at_least(&develop) {
            Verdict::Develop
        } else {
            Verdict::PoorFit
        };
        block.end_row(fit, verdict);
        Ok(())
    }
}

/// The key of 1: a criterion fit below it is a gap.
const ONE: Key = Key { units: Some(100_000_000_000_000_000_000), key: Decimal::ONE };

/// A partner column shared with the [`Partners`] table.
pub(crate) type Column = Arc<Vec<Option<Value>>>;

/// 100 × sum / total, clamped to [0, 100] (sum ≤ total up to the last digit of a rounded product).
fn fit_percent(sum: Decimal, total: Decimal) -> Decimal {
    if total.is_zero() {
        return Decimal::ZERO;
    }
    if sum == total {
        return Decimal::ONE_HUNDRED;
    }
    let pct = match sum.checked_mul(Decimal::ONE_HUNDRED).and_then(|s| s.checked_div(total)) {
        Some(p) => p,
        // sum ≤ total, so sum / total ≤ 1 cannot overflow
        None => sum.checked_div(total).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)).unwrap_or(Decimal::ZERO),
    };
    pct.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
}

/// A value that counts as missing: absent, null or "" (the loaders already make "" absent).
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !matches!(v, Value::Text(t) if t.is_empty()))
}

/// The fit of one criterion for one value: `None` when exactly 1, else the fit in [0, 1]. `Err` when
/// the value cannot be read as the criterion needs. Allocates nothing.
pub(crate) fn criterion_fit(c: &Criterion, value: Option<&Value>) -> Result<Option<Decimal>, String> {
    let Some(value) = present(value) else {
        return Ok(Some(Decimal::ZERO));
    };
    Ok(match &c.kind {
        Kind::AtLeast(_) | Kind::AtMost(_) | Kind::Between(..) => numeric(c, value.as_number()?)?.map(|(fit, _)| fit),
        Kind::Equals(expected) => (!value_equals(value, expected)?).then_some(Decimal::ZERO),
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
                Some(e) if !readable => return Err(e),
                _ => Some(Decimal::ZERO),
            }
        }
        Kind::IncludesAll(wanted) => {
            let has = held(value, wanted);
            (has < wanted.len()).then(|| c.hot.fractions[has])
        }
        Kind::IncludesAny(wanted) => (held(value, wanted) == 0).then_some(Decimal::ZERO),
    })
}

/// A numeric criterion: `None` when met, else the fit and the distance to the nearest bound.
fn numeric(c: &Criterion, v: Decimal) -> Result<Option<(Decimal, Decimal)>, String> {
    use std::cmp::Ordering::{Greater, Less};
    let overflow = || "the distance to the criterion's bound overflows".to_string();
    let distance = match (&c.hot.lo, &c.hot.hi, &c.kind) {
        (Some(lo), _, Kind::AtLeast(x) | Kind::Between(x, _)) if lo.value_vs(v) == Less => {
            x.checked_sub(v).ok_or_else(overflow)?
        }
        (_, Some(hi), Kind::AtMost(x) | Kind::Between(_, x)) if hi.value_vs(v) == Greater => {
            v.checked_sub(*x).ok_or_else(overflow)?
        }
        _ => return Ok(None),
    };
    let fit = match &c.hot.tolerance {
        // distance < t, so distance / t < 1: neither step can overflow
        Some((t, t_key)) if t_key.value_vs(distance) == Less => {
            distance.checked_div(*t).and_then(|r| Decimal::ONE.checked_sub(r)).unwrap_or(Decimal::ZERO)
        }
        _ => Decimal::ZERO,
    };
    Ok(Some((fit, distance)))
}

/// A partner's value in a gap, as its criterion read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual<'a> {
    /// A number (numeric kinds; `equals` / `one_of` on a number).
    Number(Decimal),
    /// A boolean (`equals` / `one_of` on a boolean).
    Bool(bool),
    /// Text (`equals` / `one_of` on text).
    Text(std::borrow::Cow<'a, str>),
    /// The list's items, trimmed, empty ones dropped (list kinds; may be empty).
    List(Vec<std::borrow::Cow<'a, str>>),
}

/// What a gap reports besides its fit: the value as read (`None` when missing) and the shortfall
/// (numeric kinds). Computed at output, from the shared column, not in the row pass.
pub(crate) fn gap_detail<'a>(c: &Criterion, value: Option<&'a Value>) -> (Option<Actual<'a>>, Option<Decimal>) {
    let Some(value) = present(value) else {
        return (None, None);
    };
    match &c.kind {
        Kind::AtLeast(_) | Kind::AtMost(_) | Kind::Between(..) => match value.as_number() {
            Ok(v) => (Some(Actual::Number(v)), numeric(c, v).ok().flatten().map(|(_, d)| d)),
            Err(_) => (None, None),
        },
        Kind::Equals(expected) => (read_as(value, expected).ok(), None),
        // the value as read by the first item that can read it
        Kind::OneOf(items) => (items.iter().find_map(|item| read_as(value, item).ok()), None),
        Kind::IncludesAll(_) | Kind::IncludesAny(_) => (Some(Actual::List(list_items(value))), None),
    }
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
fn read_as<'a>(value: &'a Value, expected: &Expected) -> Result<Actual<'a>, String> {
    Ok(match expected {
        Expected::Number(_) => Actual::Number(value.as_number()?),
        Expected::Bool(_) => Actual::Bool(value.as_bool()?),
        Expected::Text(_) => match value {
            Value::Text(t) => Actual::Text(std::borrow::Cow::Borrowed(t)),
            other => Actual::Text(std::borrow::Cow::Owned(other.as_text())),
        },
    })
}

/// How many of `wanted` (no repeats) a list value holds, in one pass over its items: a JSON list, or
/// text split on `;`; items trimmed, empty items dropped. A single number or boolean is a one-item
/// list of its text.
fn held(value: &Value, wanted: &[String]) -> usize {
    fn count<'i>(items: impl Iterator<Item = &'i str>, wanted: &[String]) -> usize {
        if wanted.len() <= 64 {
            let mut mask = 0u64;
            for item in items {
                let item = trim(item);
                if let Some(k) = wanted.iter().position(|w| w == item) {
                    mask |= 1 << k;
                }
            }
            mask.count_ones() as usize
        } else {
            let items: Vec<&str> = items.map(str::trim).collect();
            wanted.iter().filter(|w| items.contains(&w.as_str())).count()
        }
    }
    match value {
        Value::List(items) => count(items.iter().map(|i| &**i), wanted),
        Value::Text(t) => count(t.split(';'), wanted),
        other => {
            let text = other.as_text();
            count(std::iter::once(text.as_str()), wanted)
        }
    }
}

/// `str::trim` with a fast path for the common item without surrounding blanks.
#[inline]
fn trim(item: &str) -> &str {
    match (item.as_bytes().first(), item.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => item,
        _ => item.trim(),
    }
}

/// The list's items as read: trimmed, empty items dropped; a number or boolean is a one-item list.
fn list_items(value: &Value) -> Vec<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    match value {
        Value::List(items) => items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()).map(Cow::Borrowed).collect(),
        Value::Text(t) => t.split(';').map(str::trim).filter(|i| !i.is_empty()).map(Cow::Borrowed).collect(),
        other => vec![Cow::Owned(other.as_text())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn crit(json: &str) -> Criterion {
        let text = format!(r#"{{"name": "t", "criteria": [{json}]}}"#);
        Profile::from_json(&text).unwrap().criteria[0].clone()
    }

    #[test]
    fn list_items_are_trimmed_and_empty_dropped() {
        let c = crit(r#"{"field": "s", "includes_all": ["a", "b"], "area": "product"}"#);
        let v = Value::Text(" a ; ;c".into());
        assert_eq!(criterion_fit(&c, Some(&v)).unwrap(), Some(Decimal::new(5, 1)));
        assert_eq!(gap_detail(&c, Some(&v)).0, Some(Actual::List(vec![Cow::Borrowed("a"), Cow::Borrowed("c")])));
        let empty = Value::Text(";".into());
        assert_eq!(criterion_fit(&c, Some(&empty)).unwrap(), Some(Decimal::ZERO));
        assert_eq!(gap_detail(&c, Some(&empty)).0, Some(Actual::List(Vec::new())), "an empty list is a value");
        let number = Value::Number(Decimal::from(5));
        assert_eq!(gap_detail(&c, Some(&number)).0, Some(Actual::List(vec![Cow::Borrowed("5")])));
    }

    #[test]
    fn one_of_errors_only_when_no_item_can_read_the_value() {
        let c = crit(r#"{"field": "x", "one_of": [1, 2], "area": "product"}"#);
        assert!(criterion_fit(&c, Some(&Value::Text("abc".into()))).is_err());
        let c = crit(r#"{"field": "x", "one_of": [1, "abc"], "area": "product"}"#);
        assert_eq!(criterion_fit(&c, Some(&Value::Text("abc".into()))).unwrap(), None);
        assert_eq!(criterion_fit(&c, Some(&Value::Text("zz".into()))).unwrap(), Some(Decimal::ZERO));
    }
}
