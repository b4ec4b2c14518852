//! The scorecard config as written in JSON, and its validation into a [`Scorecard`](super::Scorecard).

use std::collections::HashSet;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::decimal::parse_decimal;
use crate::error::{Error, Result};

/// A decimal number in a config: a JSON number or numeric text, read exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Num(#[serde(serialize_with = "crate::decimal::ser_measure")] pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => parse_decimal(n.as_str()).map(Num).map_err(de::Error::custom),
            serde_json::Value::String(s) => parse_decimal(&s).map(Num).map_err(de::Error::custom),
            other => Err(de::Error::custom(format!("expected a number, found {other}"))),
        }
    }
}

/// What to do with a partner whose value for a metric is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    /// The metric earns 0 and still counts in max_score.
    Zero,
    /// The metric leaves both score and max_score for that partner.
    Exclude,
    /// Scoring fails, naming the partner and field.
    Error,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScorecard {
    pub name: String,
    #[serde(default)]
    pub benchmark_by: Option<String>,
    #[serde(default)]
    pub missing: Option<MissingPolicy>,
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub tiers: Vec<RawTier>,
    #[serde(default)]
    pub derive: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub name: String,
    #[serde(default)]
    pub max_points: Option<Num>,
    pub metrics: Vec<RawMetric>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMetric {
    pub field: String,
    #[serde(default)]
    pub name: Option<String>,
    pub points: Num,
    pub rule: Rule,
    #[serde(default)]
    pub missing: Option<MissingPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTier {
    pub name: String,
    pub min_score: Num,
    #[serde(default)]
    pub requires: Vec<RawRequirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequirement {
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub at_least: Option<Num>,
    #[serde(default)]
    pub at_most: Option<Num>,
    #[serde(default)]
    pub above: Option<Num>,
    #[serde(default)]
    pub below: Option<Num>,
    #[serde(default)]
    pub equals: Option<serde_json::Value>,
    #[serde(default)]
    pub every_metric_scores: Option<bool>,
}

/// One band of a `bands` rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The threshold x_k.
    pub threshold: Decimal,
    /// The fraction earned, in [0, 1].
    pub earn: Decimal,
}

/// How a metric maps a value to the fraction earned, in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// clamp(v / t, 0, 1).
    Target(Decimal),
    /// clamp((v − from) / (to − from), 0, 1); to < from means lower is better.
    Linear {
        /// a
        from: Decimal,
        /// b
        to: Decimal,
    },
    /// The earn of the last band with threshold ≤ v (`at_least`), strictly increasing thresholds.
    AtLeastBands(Vec<Band>),
    /// The earn of the last band with v ≤ threshold (`at_most`), strictly decreasing thresholds.
    AtMostBands(Vec<Band>),
    /// 1 when the value is true (or a non-zero number).
    Boolean,
    /// PERCENTRANK.INC of the value in its cohort.
    Percentile,
}

impl Rule {
    /// Whether a lower value is better (linear with to < from, `at_most` bands).
    pub fn lower_is_better(&self) -> bool {
        match self {
            Rule::Linear { from, to } => to < from,
            Rule::AtMostBands(_) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinear {
    from: Num,
    to: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    #[serde(default)]
    at_least: Option<Num>,
    #[serde(default)]
    at_most: Option<Num>,
    earn: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RuleVisitor;
        const KINDS: &[&str] = &["target", "linear", "bands", "boolean", "percentile"];
        impl<'de> Visitor<'de> for RuleVisitor {
            type Value = Rule;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a rule: {\"target\": t}, {\"linear\": {…}}, {\"bands\": […]}, \"boolean\" or \"percentile\"",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rule, E> {
                match v {
                    "boolean" => Ok(Rule::Boolean),
                    "percentile" => Ok(Rule::Percentile),
                    other => Err(E::unknown_variant(other, &["boolean", "percentile"])),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rule, A::Error> {
                let Some(kind) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "empty rule: expected one of target, linear, bands, boolean, percentile",
                    ));
                };
                let rule = match kind.as_str() {
                    "target" => Rule::Target(map.next_value::<Num>()?.0),
                    "linear" => {
                        let l: RawLinear = map.next_value()?;
                        Rule::Linear { from: l.from.0, to: l.to.0 }
                    }
                    "bands" => {
                        let bands: Vec<RawBand> = map.next_value()?;
                        bands_rule(bands).map_err(de::Error::custom)?
                    }
                    "boolean" => {
                        map.next_value::<NoOptions>()?;
                        Rule::Boolean
                    }
                    "percentile" => {
                        map.next_value::<NoOptions>()?;
                        Rule::Percentile
                    }
                    other => return Err(de::Error::unknown_variant(other, KINDS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a rule has exactly one kind, found `{kind}` and `{extra}`"
                    )));
                }
                Ok(rule)
            }
        }
        d.deserialize_any(RuleVisitor)
    }
}

fn bands_rule(bands: Vec<RawBand>) -> Result<Rule, String> {
    if bands.is_empty() {
        return Err("bands: at least one band is needed".to_string());
    }
    let at_least = bands.iter().all(|b| b.at_least.is_some() && b.at_most.is_none());
    let at_most = bands.iter().all(|b| b.at_most.is_some() && b.at_least.is_none());
    if !at_least && !at_most {
        return Err("bands: every band has exactly one of at_least / at_most, the same for all bands".to_string());
    }
    let mut out = Vec::with_capacity(bands.len());
    for (k, b) in bands.iter().enumerate() {
        let threshold = b.at_least.or(b.at_most).map(|n| n.0).unwrap_or_default();
        if b.earn.0 < Decimal::ZERO || b.earn.0 > Decimal::ONE {
            return Err(format!("bands[{k}].earn: must be in [0, 1], found {}", b.earn.0));
        }
        if let Some(prev) = out.last().map(|p: &Band| p.threshold) {
            if at_least && threshold <= prev {
                return Err(format!(
                    "bands[{k}].at_least: thresholds must strictly increase ({threshold} after {prev})"
                ));
            }
            if at_most && threshold >= prev {
                return Err(format!(
                    "bands[{k}].at_most: thresholds must strictly decrease ({threshold} after {prev})"
                ));
            }
        }
        out.push(Band { threshold, earn: b.earn.0 });
    }
    Ok(if at_least { Rule::AtLeastBands(out) } else { Rule::AtMostBands(out) })
}

/// A tier requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    /// A field compared with a number or a value.
    Field {
        /// The partner field.
        field: String,
        /// How it is compared.
        test: FieldTest,
    },
    /// Every metric that counts earns more than 0 points.
    EveryMetricScores,
}

/// How a requirement compares a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldTest {
    /// value ≥ x
    AtLeast(Decimal),
    /// value ≤ x
    AtMost(Decimal),
    /// value > x
    Above(Decimal),
    /// value < x
    Below(Decimal),
    /// equal: numbers as numbers, booleans as booleans, text exactly.
    Equals(Expected),
}

/// The value an `equals` requirement expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A number (compared numerically).
    Number(Decimal),
    /// A boolean.
    Bool(bool),
    /// Text (compared exactly).
    Text(String),
}

impl Serialize for Requirement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        match self {
            Requirement::EveryMetricScores => m.serialize_entry("every_metric_scores", &true)?,
            Requirement::Field { field, test } => {
                m.serialize_entry("field", field)?;
                match test {
                    FieldTest::AtLeast(x) => m.serialize_entry("at_least", &Num(*x))?,
                    FieldTest::AtMost(x) => m.serialize_entry("at_most", &Num(*x))?,
                    FieldTest::Above(x) => m.serialize_entry("above", &Num(*x))?,
                    FieldTest::Below(x) => m.serialize_entry("below", &Num(*x))?,
                    FieldTest::Equals(Expected::Number(x)) => m.serialize_entry("equals", &Num(*x))?,
                    FieldTest::Equals(Expected::Bool(b)) => m.serialize_entry("equals", b)?,
                    FieldTest::Equals(Expected::Text(t)) => m.serialize_entry("equals", t)?,
                }
            }
        }
        m.end()
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::EveryMetricScores => f.write_str("every metric scores"),
            Requirement::Field { field, test } => match test {
                FieldTest::AtLeast(x) => write!(f, "{field} ≥ {x}"),
                FieldTest::AtMost(x) => write!(f, "{field} ≤ {x}"),
                FieldTest::Above(x) => write!(f, "{field} > {x}"),
                FieldTest::Below(x) => write!(f, "{field} < {x}"),
                FieldTest::Equals(Expected::Number(x)) => write!(f, "{field} = {x}"),
                FieldTest::Equals(Expected::Bool(b)) => write!(f, "{field} = {b}"),
                FieldTest::Equals(Expected::Text(t)) => write!(f, "{field} = {t}"),
            },
        }
    }
}

pub(crate) fn requirement(raw: RawRequirement, path: &str) -> Result<Requirement> {
    if let Some(flag) = raw.every_metric_scores {
        let others = raw.field.is_some()
            || raw.at_least.is_some()
            || raw.at_most.is_some()
            || raw.above.is_some()
            || raw.below.is_some()
            || raw.equals.is_some();
        if others {
            return Err(Error::config(path, "every_metric_scores stands alone (no field or comparison beside it)"));
        }
        if !flag {
            return Err(Error::config(
                format!("{path}.every_metric_scores"),
                "only `true` is meaningful; leave the requirement out instead",
            ));
        }
        return Ok(Requirement::EveryMetricScores);
    }
    let Some(field) = raw.field else {
        return Err(Error::config(path, "a requirement needs `field` (or is {\"every_metric_scores\": true})"));
    };
    let mut tests = Vec::new();
    if let Some(x) = raw.at_least {
        tests.push(FieldTest::AtLeast(x.0));
    }
    if let Some(x) = raw.at_most {
        tests.push(FieldTest::AtMost(x.0));
    }
    if let Some(x) = raw.above {
        tests.push(FieldTest::Above(x.0));
    }
    if let Some(x) = raw.below {
        tests.push(FieldTest::Below(x.0));
    }
    if let Some(v) = raw.equals {
        let expected = match v {
            serde_json::Value::Number(n) => {
                Expected::Number(parse_decimal(n.as_str()).map_err(|e| Error::config(format!("{path}.equals"), e))?)
            }
            serde_json::Value::Bool(b) => Expected::Bool(b),
            serde_json::Value::String(s) => Expected::Text(s),
            other => {
                return Err(Error::config(
                    format!("{path}.equals"),
                    format!("expected a number, boolean or text, found {other}"),
                ))
            }
        };
        tests.push(FieldTest::Equals(expected));
    }
    if tests.len() != 1 {
        return Err(Error::config(path, "a requirement has exactly one of at_least, at_most, above, below, equals"));
    }
    let test = tests.remove(0);
    Ok(Requirement::Field { field, test })
}

/// Parses config JSON with the path of any problem.
pub(crate) fn parse_raw(text: &str) -> Result<RawScorecard> {
    crate::error::parse_config(text)
}

pub(crate) fn check_unique<'a>(names: impl Iterator<Item = (String, &'a str)>, what: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (path, name) in names {
        if !seen.insert(name) {
            return Err(Error::config(path, format!("duplicate {what} name {name:?}; {what} names must be unique")));
        }
    }
    Ok(())
}
