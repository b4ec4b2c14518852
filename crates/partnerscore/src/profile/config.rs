//! The profile config as written in JSON, and its validation into a [`Profile`](super::Profile).

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Area, Criterion, Hot, Kind, Profile};
use crate::decimal::{cmp_key, parse_decimal};
use crate::error::{Error, Result};
use crate::scorecard::{Expected, Num};

/// The criterion kinds, in the order the config documentation lists them.
pub(crate) const KINDS: [&str; 7] =
    ["at_least", "at_most", "between", "equals", "one_of", "includes_all", "includes_any"];

/// Keys a criterion may carry besides its kind.
const CRITERION_KEYS: [&str; 6] = ["field", "name", "weight", "area", "required", "tolerance"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    #[serde(default)]
    thresholds: Option<RawThresholds>,
    criteria: Vec<RawCriterion>,
    #[serde(default)]
    derive: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    #[serde(default)]
    ideal: Option<Num>,
    #[serde(default)]
    develop: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    field: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    weight: Option<Num>,
    area: Area,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    tolerance: Option<Num>,
    #[serde(default)]
    at_least: Option<Num>,
    #[serde(default)]
    at_most: Option<Num>,
    #[serde(default)]
    between: Option<Vec<Num>>,
    #[serde(default)]
    equals: Option<serde_json::Value>,
    #[serde(default)]
    one_of: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    includes_all: Option<Vec<String>>,
    #[serde(default)]
    includes_any: Option<Vec<String>>,
}

/// Default thresholds (DESIGN §2).
const DEFAULT_IDEAL: i64 = 85;
const DEFAULT_DEVELOP: i64 = 60;

pub(crate) fn parse(text: &str) -> Result<Profile> {
    let raw = parse_raw(text)?;
    let ideal = raw.thresholds.as_ref().and_then(|t| t.ideal).map_or(Decimal::from(DEFAULT_IDEAL), |n| n.0);
    let develop = raw.thresholds.as_ref().and_then(|t| t.develop).map_or(Decimal::from(DEFAULT_DEVELOP), |n| n.0);
    let hundred = cmp_key(Decimal::ONE_HUNDRED);
    if cmp_key(develop) < Decimal::ZERO {
        return Err(Error::config("thresholds.develop", format!("must be ≥ 0, found {develop}")));
    }
    if cmp_key(ideal) > hundred {
        return Err(Error::config("thresholds.ideal", format!("must be ≤ 100, found {ideal}")));
    }
    if cmp_key(develop) > cmp_key(ideal) {
        return Err(Error::config(
            "thresholds",
            format!("out of order: need 0 ≤ develop ≤ ideal ≤ 100, found develop {develop} above ideal {ideal}"),
        ));
    }

    let mut criteria = Vec::with_capacity(raw.criteria.len());
    let mut total = Decimal::ZERO;
    for (k, c) in raw.criteria.into_iter().enumerate() {
        let criterion = criterion(c, &format!("criteria[{k}]"))?;
        total = total
            .checked_add(criterion.weight)
            .ok_or_else(|| Error::config(format!("criteria[{k}].weight"), "the profile's weights overflow"))?;
        criteria.push(criterion);
    }
    if criteria.is_empty() {
        return Err(Error::config("criteria", "a profile needs at least one criterion"));
    }
    if cmp_key(total) <= Decimal::ZERO {
        return Err(Error::config("criteria", "the weights sum to 0: at least one criterion needs a weight > 0"));
    }
    let mut seen = HashSet::new();
    for (k, c) in criteria.iter().enumerate() {
        if !seen.insert(c.name.as_str()) {
            return Err(Error::config(
                format!("criteria[{k}].name"),
                format!(
                    "duplicate criterion name {:?}; criterion names (default: the field) must be unique — \
                     give one of them a `name`",
                    c.name
                ),
            ));
        }
    }
    let derive = crate::derived::Derives::parse(raw.derive.as_ref())?;
    Ok(Profile { name: raw.name, derive, ideal, develop, criteria, total_weight: total })
}

fn criterion(c: RawCriterion, path: &str) -> Result<Criterion> {
    let mut kinds: Vec<(&str, Kind)> = Vec::new();
    if let Some(x) = c.at_least {
        kinds.push(("at_least", Kind::AtLeast(x.0)));
    }
    if let Some(x) = c.at_most {
        kinds.push(("at_most", Kind::AtMost(x.0)));
    }
    if let Some(bounds) = c.between {
        let [lo, hi] = bounds[..] else {
            return Err(Error::config(
                format!("{path}.between"),
                format!("expected two numbers [low, high], found {}", bounds.len()),
            ));
        };
        if cmp_key(lo.0) > cmp_key(hi.0) {
            return Err(Error::config(
                format!("{path}.between"),
                format!("bounds reversed: low {} is above high {} (need low ≤ high)", lo.0, hi.0),
            ));
        }
        kinds.push(("between", Kind::Between(lo.0, hi.0)));
    }
    if let Some(v) = c.equals {
        kinds.push(("equals", Kind::Equals(expected(v, &format!("{path}.equals"))?)));
    }
    if let Some(items) = c.one_of {
        let wanted = items
            .into_iter()
            .enumerate()
            .map(|(j, v)| expected(v, &format!("{path}.one_of[{j}]")))
            .collect::<Result<Vec<_>>>()?;
        check_wanted(&wanted, &format!("{path}.one_of"), same_expected)?;
        kinds.push(("one_of", Kind::OneOf(wanted)));
    }
    if let Some(items) = c.includes_all {
        check_items(&items, &format!("{path}.includes_all"))?;
        kinds.push(("includes_all", Kind::IncludesAll(items)));
    }
    if let Some(items) = c.includes_any {
        check_items(&items, &format!("{path}.includes_any"))?;
        kinds.push(("includes_any", Kind::IncludesAny(items)));
    }
    if kinds.len() != 1 {
        let found = if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
        };
        return Err(Error::config(
            path,
            format!("a criterion has exactly one kind of {}; found {found}", KINDS.join(", ")),
        ));
    }
    let (_, kind) = kinds.remove(0);
    let tolerance = match c.tolerance {
        None => None,
        Some(t) if !kind.is_numeric() => {
            return Err(Error::config(
                format!("{path}.tolerance"),
                format!(
                    "tolerance applies to the numeric kinds (at_least, at_most, between) only, not to {} {}",
                    kind.name(),
                    t.0
                ),
            ))
        }
        Some(t) if cmp_key(t.0) < Decimal::ZERO => {
            return Err(Error::config(format!("{path}.tolerance"), format!("must be ≥ 0, found {}", t.0)))
        }
        Some(t) => Some(t.0),
    };
    let weight = c.weight.map_or(Decimal::ONE, |w| w.0);
    if cmp_key(weight) < Decimal::ZERO {
        return Err(Error::config(format!("{path}.weight"), format!("must be ≥ 0, found {weight}")));
    }
    if c.field.is_empty() {
        return Err(Error::config(format!("{path}.field"), "must not be empty"));
    }
    let expected = kind.expected_text();
    let hot = Hot::new(&kind, tolerance);
    Ok(Criterion {
        name: c.name.unwrap_or_else(|| c.field.clone()),
        field: c.field,
        kind,
        tolerance,
        weight,
        required: c.required,
        area: c.area,
        expected,
        hot,
    })
}

/// An `equals` / `one_of` item: a number, a boolean or text.
fn expected(v: serde_json::Value, path: &str) -> Result<Expected> {
    Ok(match v {
        serde_json::Value::Number(n) => {
            Expected::Number(parse_decimal(n.as_str()).map_err(|e| Error::config(path, e))?)
        }
        serde_json::Value::Bool(b) => Expected::Bool(b),
        serde_json::Value::String(s) => Expected::Text(s),
        other => return Err(Error::config(path, format!("expected a number, boolean or text, found {other}"))),
    })
}

fn same_expected(a: &Expected, b: &Expected) -> bool {
    match (a, b) {
        (Expected::Number(x), Expected::Number(y)) => cmp_key(*x) == cmp_key(*y),
        _ => a == b,
    }
}

/// Wanted items of a list criterion: non-empty text (after trimming: list values are trimmed), no repeats.
fn check_items(items: &[String], path: &str) -> Result<()> {
    for (j, item) in items.iter().enumerate() {
        if item.trim().is_empty() {
            return Err(Error::config(format!("{path}[{j}]"), "an empty item never matches (list items are trimmed)"));
        }
        if item.trim() != item {
            return Err(Error::config(
                format!("{path}[{j}]"),
                format!("{item:?} has surrounding blanks; list items are compared trimmed"),
            ));
        }
    }
    check_wanted(items, path, |a, b| a == b)
}

fn check_wanted<T: std::fmt::Debug>(items: &[T], path: &str, same: impl Fn(&T, &T) -> bool) -> Result<()> {
    if items.is_empty() {
        return Err(Error::config(path, "must list at least one item"));
    }
    for (j, item) in items.iter().enumerate() {
        if items[..j].iter().any(|earlier| same(earlier, item)) {
            return Err(Error::config(format!("{path}[{j}]"), format!("{item:?} is listed twice")));
        }
    }
    Ok(())
}

/// Parses config JSON, naming the path of any problem.
fn parse_raw(text: &str) -> Result<RawProfile> {
    crate::error::parse_config(text).map_err(|e| match e {
        // An unknown key inside a criterion is most often a misspelt or unknown kind: say so.
        Error::Config { path, reason } => match unknown_criterion_key(&path, &reason) {
            Some(key) => Error::config(
                path,
                format!(
                    "unknown key `{key}`: a criterion has {} and one kind of {}",
                    CRITERION_KEYS.join(", "),
                    KINDS.join(", ")
                ),
            ),
            None => Error::Config { path, reason },
        },
        other => other,
    })
}

/// The key of an "unknown field" error at `criteria[k]` (serde's message lists every field).
fn unknown_criterion_key(path: &str, msg: &str) -> Option<String> {
    let rest = path.strip_prefix("criteria[")?;
    let (_, after) = rest.split_once(']')?;
    if !(after.is_empty() || after.starts_with('.') && !after[1..].contains(['.', '['])) {
        return None;
    }
    let key = msg.strip_prefix("unknown field `")?;
    key.split_once('`').map(|(k, _)| k.to_string())
}
