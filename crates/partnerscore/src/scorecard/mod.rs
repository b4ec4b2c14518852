//! The partner capability scorecard (DESIGN §1): rules, sections, cohorts, benchmarks, tiers, ranks.
//!
//! ```
//! use partnerscore::{Decimal, Partners, Scorecard};
//!
//! let card = Scorecard::from_json(r#"{
//!   "name": "Mini", "sections": [{"name": "Sales", "metrics": [
//!     {"field": "revenue", "points": 10, "rule": {"target": 1000}}]}],
//!   "tiers": [{"name": "Gold", "min_score": 5}]}"#)?;
//! let partners = Partners::from_json(r#"[{"id": "A", "revenue": 750}, {"id": "B", "revenue": 250}]"#)?;
//! let report = card.score(&partners)?;
//! assert_eq!(report.partner(0).score(), Decimal::new(75, 1));
//! assert_eq!(report.partner(0).tier(), Some("Gold"));
//! assert_eq!(report.partner(1).rank(), 2);
//! # Ok::<(), partnerscore::Error>(())
//! ```

mod config;
mod report;

use std::collections::HashMap;
use std::ops::Range;

use rust_decimal::Decimal;

pub use config::{Band, Expected, FieldTest, MissingPolicy, Num, Requirement, Rule};
pub use report::{
    Benchmark, MetricScore, NextTier, Opportunity, PartnerScore, ScoreReport, SectionScore,
};

use crate::data::{Partners, Value};
use crate::decimal::cmp_key;
use crate::error::{Error, Result};
use crate::par::{map_blocks, map_items};
use crate::stats::{self, Overflow};

/// One metric of a scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Label in every output (default: the field).
    pub name: String,
    /// The partner field scored.
    pub field: String,
    /// Index of its section.
    pub section: usize,
    /// Points available.
    pub points: Decimal,
    /// How the value maps to the fraction earned.
    pub rule: Rule,
    /// What a missing value does.
    pub missing: MissingPolicy,
}

/// One section: a group of metrics with an optional cap.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Section name.
    pub name: String,
    /// Cap on the section's points (none when absent).
    pub max_points: Option<Decimal>,
    /// Indices of its metrics in [`Scorecard::metrics`].
    pub metrics: Range<usize>,
}

/// One tier, listed from the highest down.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// Tier name.
    pub name: String,
    /// Lowest score of the tier.
    pub min_score: Decimal,
    /// Further conditions, all of which must hold.
    pub requires: Vec<Requirement>,
}

/// A validated capability scorecard. Immutable; cheap to share between threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    name: String,
    benchmark_by: Option<String>,
    sections: Vec<Section>,
    metrics: Vec<Metric>,
    tiers: Vec<Tier>,
}

impl Scorecard {
    /// Parses and validates a scorecard config (DESIGN §1). Errors name the config path.
    pub fn from_json(text: &str) -> Result<Scorecard> {
        let raw = config::parse_raw(text)?;
        let default_missing = raw.missing.unwrap_or(MissingPolicy::Zero);
        let mut sections = Vec::with_capacity(raw.sections.len());
        let mut metrics = Vec::new();
        let mut total = Decimal::ZERO;
        for (s, sec) in raw.sections.into_iter().enumerate() {
            let path = format!("sections[{s}]");
            if let Some(cap) = sec.max_points {
                if cap.0 < Decimal::ZERO {
                    return Err(Error::config(format!("{path}.max_points"), "must be ≥ 0"));
                }
            }
            let start = metrics.len();
            for (j, m) in sec.metrics.into_iter().enumerate() {
                let mpath = format!("{path}.metrics[{j}]");
                if m.points.0 < Decimal::ZERO {
                    return Err(Error::config(format!("{mpath}.points"), "must be ≥ 0"));
                }
                total = total.checked_add(m.points.0).ok_or_else(|| {
                    Error::config(format!("{mpath}.points"), "the scorecard's points overflow")
                })?;
                validate_rule(&m.rule, &format!("{mpath}.rule"))?;
                metrics.push(Metric {
                    name: m.name.unwrap_or_else(|| m.field.clone()),
                    field: m.field,
                    section: s,
                    points: m.points.0,
                    rule: m.rule,
                    missing: m.missing.unwrap_or(default_missing),
                });
            }
            sections.push(Section {
                name: sec.name,
                max_points: sec.max_points.map(|n| n.0),
                metrics: start..metrics.len(),
            });
        }
        if metrics.is_empty() {
            return Err(Error::config(
                "sections",
                "a scorecard needs at least one metric",
            ));
        }
        config::check_unique(
            metrics.iter().enumerate().map(|(g, m)| {
                let local = g - sections[m.section].metrics.start;
                (
                    format!("sections[{}].metrics[{local}].name", m.section),
                    m.name.as_str(),
                )
            }),
            "metric",
        )?;
        config::check_unique(
            sections
                .iter()
                .enumerate()
                .map(|(s, sec)| (format!("sections[{s}].name"), sec.name.as_str())),
            "section",
        )?;
        let mut tiers: Vec<Tier> = Vec::with_capacity(raw.tiers.len());
        for (k, t) in raw.tiers.into_iter().enumerate() {
            let path = format!("tiers[{k}]");
            if let Some(prev) = tiers.last() {
                if cmp_key(t.min_score.0) > cmp_key(prev.min_score) {
                    return Err(Error::config(
                        format!("{path}.min_score"),
                        format!(
                            "tiers are listed from the highest down: {} is above the {} of {:?} listed before it",
                            t.min_score.0, prev.min_score, prev.name
                        ),
                    ));
                }
            }
            let requires = t
                .requires
                .into_iter()
                .enumerate()
                .map(|(r, raw)| config::requirement(raw, &format!("{path}.requires[{r}]")))
                .collect::<Result<Vec<_>>>()?;
            tiers.push(Tier {
                name: t.name,
                min_score: t.min_score.0,
                requires,
            });
        }
        config::check_unique(
            tiers
                .iter()
                .enumerate()
                .map(|(k, t)| (format!("tiers[{k}].name"), t.name.as_str())),
            "tier",
        )?;
        Ok(Scorecard {
            name: raw.name,
            benchmark_by: raw.benchmark_by,
            sections,
            metrics,
            tiers,
        })
    }

    /// The scorecard's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The field that forms cohorts, if any.
    pub fn benchmark_by(&self) -> Option<&str> {
        self.benchmark_by.as_deref()
    }

    /// Sections in config order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Metrics in config order (all sections).
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// Tiers from the highest down.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// Every partner field the scorecard reads (metrics, cohorts, requirements), without repeats.
    pub fn fields(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let requires = self
            .tiers
            .iter()
            .flat_map(|t| &t.requires)
            .filter_map(|r| match r {
                Requirement::Field { field, .. } => Some(field),
                Requirement::EveryMetricScores => None,
            });
        for f in self
            .metrics
            .iter()
            .map(|m| &m.field)
            .chain(self.benchmark_by.iter())
            .chain(requires)
        {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
        out
    }

    /// Scores every partner: one result per partner, in input order.
    pub fn score(&self, partners: &Partners) -> Result<ScoreReport> {
        Engine::new(self, partners).run()
    }
}

fn validate_rule(rule: &Rule, path: &str) -> Result<()> {
    match rule {
        Rule::Target(t) if *t <= Decimal::ZERO => {
            Err(Error::config(format!("{path}.target"), "must be > 0"))
        }
        Rule::Linear { from, to } => {
            if from == to {
                return Err(Error::config(
                    format!("{path}.linear"),
                    "from and to must differ",
                ));
            }
            if to.checked_sub(*from).is_none() {
                return Err(Error::config(
                    format!("{path}.linear"),
                    "to − from overflows",
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Extracted metric values and cohort layout; the working state of one scoring run.
struct Engine<'a> {
    card: &'a Scorecard,
    partners: &'a Partners,
    m: usize,
}

/// Per-block output of the main scoring pass.
struct Block {
    values: Vec<Option<Decimal>>,
    earned: Vec<Option<Decimal>>,
    sections: Vec<report::SectionTotals>,
    headline: Vec<report::Headline>,
}

impl<'a> Engine<'a> {
    fn new(card: &'a Scorecard, partners: &'a Partners) -> Self {
        Engine {
            card,
            partners,
            m: card.metrics.len(),
        }
    }

    fn run(self) -> Result<ScoreReport> {
        let n = self.partners.len();
        let values = self.extract_values()?;
        let (cohort, cohort_keys) = self.cohorts();
        let members = members_by_cohort(&cohort, cohort_keys.len());
        let sorted = self.sorted_values(&values, &members);
        let benchmarks = self.benchmarks(&sorted, &cohort_keys)?;

        let blocks = map_blocks(n, |rows| self.score_rows(rows, &values, &cohort, &sorted))?;
        drop(sorted);
        let mut report = ScoreReport::with_capacity(self.card.clone(), n, cohort_keys, benchmarks);
        for b in blocks {
            report.values.extend(b.values);
            report.earned.extend(b.earned);
            report.sections.extend(b.sections);
            report.headline.extend(b.headline);
        }
        drop(values);
        report.cohort = cohort;
        self.rank(&mut report, &members);
        for i in 0..n {
            report.ids.push(self.partners.id(i).into());
            report
                .names
                .push(self.partners.text(i, "name").map(String::into_boxed_str));
            report.categories.push(
                self.partners
                    .text(i, "category")
                    .map(String::into_boxed_str),
            );
        }
        Ok(report)
    }

    /// The value each metric reads, row-major (`row * m + metric`); missing → None.
    fn extract_values(&self) -> Result<Vec<Option<Decimal>>> {
        let columns: Vec<Option<&[Option<Value>]>> = self
            .card
            .metrics
            .iter()
            .map(|metric| self.partners.column(&metric.field))
            .collect();
        let blocks = map_blocks(self.partners.len(), |rows| {
            let mut out = Vec::with_capacity(rows.len() * self.m);
            for i in rows {
                for (metric, column) in self.card.metrics.iter().zip(&columns) {
                    let raw = column.and_then(|c| c[i].as_ref());
                    let value = match raw {
                        None if metric.missing == MissingPolicy::Error => {
                            return Err(Error::input(
                                self.partners.location(i, &metric.field),
                                format!(
                                    "missing value for metric {:?} (its missing policy is `error`)",
                                    metric.name
                                ),
                            ))
                        }
                        None => None,
                        Some(v) => Some(read_metric_value(&metric.rule, v).map_err(|reason| {
                            Error::input(self.partners.location(i, &metric.field), reason)
                        })?),
                    };
                    out.push(value);
                }
            }
            Ok(out)
        })?;
        Ok(blocks.concat())
    }

    /// Cohort of each partner and the cohort keys in order of first appearance.
    fn cohorts(&self) -> (Vec<u32>, Vec<Option<String>>) {
        let n = self.partners.len();
        let Some(column) = self
            .card
            .benchmark_by
            .as_deref()
            .and_then(|f| self.partners.column(f))
        else {
            let keys = if n == 0 { vec![] } else { vec![None] };
            return (vec![0; n], keys);
        };
        let mut ids: HashMap<Option<String>, u32> = HashMap::new();
        let mut keys = Vec::new();
        let mut cohort = Vec::with_capacity(n);
        for v in column {
            let key = v.as_ref().map(Value::as_text);
            let next = keys.len() as u32;
            let id = *ids.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                next
            });
            cohort.push(id);
        }
        (cohort, keys)
    }

    /// Sorted non-missing values per (cohort, metric): index `cohort * m + metric`.
    fn sorted_values(&self, values: &[Option<Decimal>], members: &[Vec<u32>]) -> Vec<Vec<Decimal>> {
        let m = self.m;
        let pairs: Vec<(usize, usize)> = (0..members.len())
            .flat_map(|c| (0..m).map(move |j| (c, j)))
            .collect();
        map_items(pairs, |(c, j)| {
            let mut v: Vec<Decimal> = members[c]
                .iter()
                .filter_map(|&i| values[i as usize * m + j])
                .collect();
            v.sort_unstable();
            v
        })
    }

    fn benchmarks(
        &self,
        sorted: &[Vec<Decimal>],
        cohort_keys: &[Option<String>],
    ) -> Result<Vec<Benchmark>> {
        let m = self.m;
        let items: Vec<usize> = (0..sorted.len()).collect();
        let results = map_items(items, |k| {
            benchmark(&sorted[k], self.card.metrics[k % m].rule.lower_is_better())
        });
        results
            .into_iter()
            .enumerate()
            .map(|(k, r)| {
                r.map_err(|Overflow| {
                    let metric = &self.card.metrics[k % m];
                    let cohort = cohort_keys[k / m].as_deref().unwrap_or("(no value)");
                    Error::input(
                        format!("field {}, cohort {cohort}", metric.field),
                        "the cohort benchmark overflows (values too large to sum)",
                    )
                })
            })
            .collect()
    }

    fn score_rows(
        &self,
        rows: Range<usize>,
        values: &[Option<Decimal>],
        cohort: &[u32],
        sorted: &[Vec<Decimal>],
    ) -> Result<Block> {
        let (m, s) = (self.m, self.card.sections.len());
        let mut block = Block {
            values: Vec::with_capacity(rows.len() * m),
            earned: Vec::with_capacity(rows.len() * m),
            sections: Vec::with_capacity(rows.len() * s),
            headline: Vec::with_capacity(rows.len()),
        };
        for i in rows {
            let row_values = &values[i * m..(i + 1) * m];
            let first_earned = block.earned.len();
            for (j, metric) in self.card.metrics.iter().enumerate() {
                let earned = match row_values[j] {
                    None => match metric.missing {
                        MissingPolicy::Exclude => None,
                        _ => Some(Decimal::ZERO),
                    },
                    Some(v) => Some(earned_fraction(
                        &metric.rule,
                        v,
                        &sorted[cohort[i] as usize * m + j],
                    )),
                };
                block.earned.push(earned);
            }
            block.values.extend_from_slice(row_values);
            let earned = &block.earned[first_earned..];
            let mut score = Decimal::ZERO;
            let mut max_score = Decimal::ZERO;
            for sec in &self.card.sections {
                let mut points = Decimal::ZERO;
                let mut max = Decimal::ZERO;
                for j in sec.metrics.clone() {
                    if let Some(e) = earned[j] {
                        points += self.card.metrics[j].points * e;
                        max += self.card.metrics[j].points;
                    }
                }
                if let Some(cap) = sec.max_points {
                    points = points.min(cap);
                    max = max.min(cap);
                }
                score += points;
                max_score += max;
                block.sections.push(report::SectionTotals {
                    points,
                    max_points: max,
                });
            }
            let score_pct = if max_score.is_zero() {
                Decimal::ZERO
            } else {
                (score / max_score) * Decimal::ONE_HUNDRED
            };
            let tier = self.tier_of(i, score, earned)?;
            let next = match tier {
                Some(0) => None,
                Some(t) => Some(t - 1),
                None => self.card.tiers.len().checked_sub(1),
            };
            let unmet = match next {
                Some(t) => self.unmet_requires(i, &self.card.tiers[t], earned)?,
                None => Vec::new(),
            };
            block.headline.push(report::Headline {
                score,
                max_score,
                score_pct,
                percentile: Decimal::ZERO,
                rank: 0,
                rank_in_cohort: 0,
                tier: tier.map(|t| t as u16),
                next_tier: next.map(|t| t as u16),
                unmet,
            });
        }
        Ok(block)
    }

    fn tier_of(
        &self,
        i: usize,
        score: Decimal,
        earned: &[Option<Decimal>],
    ) -> Result<Option<usize>> {
        let key = cmp_key(score);
        for (t, tier) in self.card.tiers.iter().enumerate() {
            if cmp_key(tier.min_score) <= key && self.unmet_requires(i, tier, earned)?.is_empty() {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }

    fn unmet_requires(
        &self,
        i: usize,
        tier: &Tier,
        earned: &[Option<Decimal>],
    ) -> Result<Vec<u16>> {
        let mut unmet = Vec::new();
        for (r, req) in tier.requires.iter().enumerate() {
            if !self.requirement_holds(i, req, earned)? {
                unmet.push(r as u16);
            }
        }
        Ok(unmet)
    }

    fn requirement_holds(
        &self,
        i: usize,
        req: &Requirement,
        earned: &[Option<Decimal>],
    ) -> Result<bool> {
        match req {
            Requirement::EveryMetricScores => {
                Ok(self.card.metrics.iter().zip(earned).all(|(metric, e)| {
                    e.is_none_or(|e| cmp_key(metric.points * e) > Decimal::ZERO)
                }))
            }
            Requirement::Field { field, test } => {
                let Some(value) = self.partners.get(i, field) else {
                    return Ok(false);
                };
                let fail = |reason: String| Error::input(self.partners.location(i, field), reason);
                let number = || value.as_number().map(cmp_key).map_err(fail);
                Ok(match test {
                    FieldTest::AtLeast(x) => number()? >= cmp_key(*x),
                    FieldTest::AtMost(x) => number()? <= cmp_key(*x),
                    FieldTest::Above(x) => number()? > cmp_key(*x),
                    FieldTest::Below(x) => number()? < cmp_key(*x),
                    FieldTest::Equals(expected) => value_equals(value, expected).map_err(fail)?,
                })
            }
        }
    }

    /// Global rank, rank in cohort and percentile in cohort, by binary search over sorted scores.
    fn rank(&self, report: &mut ScoreReport, members: &[Vec<u32>]) {
        let mut all: Vec<Decimal> = report.headline.iter().map(|h| cmp_key(h.score)).collect();
        all.sort_unstable();
        let by_cohort: Vec<Vec<Decimal>> =
            map_items(members.iter().collect(), |rows: &Vec<u32>| {
                let mut v: Vec<Decimal> = rows
                    .iter()
                    .map(|&i| cmp_key(report.headline[i as usize].score))
                    .collect();
                v.sort_unstable();
                v
            });
        let cohort = &report.cohort;
        let updates: Vec<(u32, u32, Decimal)> =
            map_items((0..report.headline.len()).collect(), |i: usize| {
                let score = report.headline[i].score;
                let in_cohort = &by_cohort[cohort[i] as usize];
                (
                    1 + stats::count_above(&all, score) as u32,
                    1 + stats::count_above(in_cohort, score) as u32,
                    stats::percent_rank_inc(in_cohort, score),
                )
            });
        for (h, (rank, rank_in_cohort, percentile)) in report.headline.iter_mut().zip(updates) {
            h.rank = rank;
            h.rank_in_cohort = rank_in_cohort;
            h.percentile = percentile;
        }
    }
}

fn members_by_cohort(cohort: &[u32], count: usize) -> Vec<Vec<u32>> {
    let mut members = vec![Vec::new(); count];
    for (i, &c) in cohort.iter().enumerate() {
        members[c as usize].push(i as u32);
    }
    members
}

/// Reads a partner value the way `rule` needs it: booleans as 1/0 for a boolean rule, else a number.
fn read_metric_value(rule: &Rule, value: &Value) -> Result<Decimal, String> {
    match rule {
        Rule::Boolean => value
            .as_bool()
            .map(|b| if b { Decimal::ONE } else { Decimal::ZERO }),
        _ => value.as_number(),
    }
}

/// The fraction earned, in [0, 1], for a present value. `cohort_sorted` holds the metric's sorted cohort values.
fn earned_fraction(rule: &Rule, v: Decimal, cohort_sorted: &[Decimal]) -> Decimal {
    let key = cmp_key(v);
    match rule {
        Rule::Target(t) => {
            if key <= Decimal::ZERO {
                Decimal::ZERO
            } else if key >= cmp_key(*t) {
                Decimal::ONE
            } else {
                v / *t
            }
        }
        Rule::Linear { from, to } => {
            let (lo_key, hi_key) = (cmp_key(*from), cmp_key(*to));
            if from < to {
                if key <= lo_key {
                    Decimal::ZERO
                } else if key >= hi_key {
                    Decimal::ONE
                } else {
                    (v - *from) / (*to - *from)
                }
            } else if key >= lo_key {
                Decimal::ZERO
            } else if key <= hi_key {
                Decimal::ONE
            } else {
                (*from - v) / (*from - *to)
            }
        }
        Rule::AtLeastBands(bands) => bands
            .iter()
            .rev()
            .find(|b| cmp_key(b.threshold) <= key)
            .map_or(Decimal::ZERO, |b| b.earn),
        Rule::AtMostBands(bands) => bands
            .iter()
            .rev()
            .find(|b| key <= cmp_key(b.threshold))
            .map_or(Decimal::ZERO, |b| b.earn),
        Rule::Boolean => {
            if v.is_zero() {
                Decimal::ZERO
            } else {
                Decimal::ONE
            }
        }
        Rule::Percentile => stats::percent_rank_inc(cohort_sorted, v),
    }
}

/// Mean, median, top-quartile mean and best of sorted cohort values, direction-aware.
fn benchmark(sorted: &[Decimal], lower_is_better: bool) -> Result<Benchmark, Overflow> {
    if sorted.is_empty() {
        return Ok(Benchmark::default());
    }
    let top: &[Decimal] = if lower_is_better {
        let q1 = cmp_key(stats::quartile_inc(sorted, 1)?.unwrap_or_default());
        &sorted[..sorted.partition_point(|x| cmp_key(*x) <= q1)]
    } else {
        let q3 = cmp_key(stats::quartile_inc(sorted, 3)?.unwrap_or_default());
        &sorted[sorted.partition_point(|x| cmp_key(*x) < q3)..]
    };
    Ok(Benchmark {
        mean: stats::mean(sorted)?,
        median: stats::quartile_inc(sorted, 2)?,
        top_quartile_mean: stats::mean(top)?,
        best: if lower_is_better {
            sorted.first().copied()
        } else {
            sorted.last().copied()
        },
    })
}

/// `equals`: numbers as numbers, booleans as booleans, text exactly.
fn value_equals(value: &Value, expected: &Expected) -> Result<bool, String> {
    Ok(match expected {
        Expected::Number(x) => cmp_key(value.as_number()?) == cmp_key(*x),
        Expected::Bool(b) => value.as_bool()? == *b,
        Expected::Text(t) => value.as_text() == *t,
    })
}
