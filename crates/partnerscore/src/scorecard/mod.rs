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

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use rust_decimal::Decimal;

pub use config::{Band, Expected, FieldTest, MissingPolicy, Num, Requirement, Rule};
use report::TextColumn;
pub use report::{Benchmark, MetricScore, MetricValue, NextTier, Opportunity, PartnerScore, ScoreReport, SectionScore};

use crate::data::{Partners, Value};
use crate::decimal::{cmp_key, key_units};
use crate::error::{Error, Result};
use crate::par::{for_each_block, map_blocks, map_items};
use crate::stats::{self, Overflow, Ranked};

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
    derive: crate::derived::Derives,
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
        let derive = crate::derived::Derives::parse(raw.derive.as_ref())?;
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
                total = total
                    .checked_add(m.points.0)
                    .ok_or_else(|| Error::config(format!("{mpath}.points"), "the scorecard's points overflow"))?;
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
            return Err(Error::config("sections", "a scorecard needs at least one metric"));
        }
        config::check_unique(
            metrics.iter().enumerate().map(|(g, m)| {
                let local = g - sections[m.section].metrics.start;
                (format!("sections[{}].metrics[{local}].name", m.section), m.name.as_str())
            }),
            "metric",
        )?;
        config::check_unique(
            sections.iter().enumerate().map(|(s, sec)| (format!("sections[{s}].name"), sec.name.as_str())),
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
            tiers.push(Tier { name: t.name, min_score: t.min_score.0, requires });
        }
        config::check_unique(
            tiers.iter().enumerate().map(|(k, t)| (format!("tiers[{k}].name"), t.name.as_str())),
            "tier",
        )?;
        Ok(Scorecard { name: raw.name, derive, benchmark_by: raw.benchmark_by, sections, metrics, tiers })
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
        let requires = self.tiers.iter().flat_map(|t| &t.requires).filter_map(|r| match r {
            Requirement::Field { field, .. } => Some(field),
            Requirement::EveryMetricScores => None,
        });
        let inputs = self.derive.inputs();
        for f in self.metrics.iter().map(|m| &m.field).chain(self.benchmark_by.iter()).chain(requires).chain(&inputs) {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
        out
    }

    /// Scores every partner: one result per partner, in input order.
    pub fn score(&self, partners: &Partners) -> Result<ScoreReport> {
        let partners = self.derive.apply(partners)?;
        let values = Engine::new(self, &partners).extract_values()?;
        self.finish(&partners, values)
    }

    /// Like [`Scorecard::score`], but takes the partners and releases each metric's column as soon as its
    /// values are read: the same report with a lower peak memory on large tables.
    pub fn score_owned(&self, partners: Partners) -> Result<ScoreReport> {
        let mut partners = match self.derive.apply(&partners)? {
            std::borrow::Cow::Owned(derived) => derived,
            std::borrow::Cow::Borrowed(_) => partners,
        };
        let values = Engine::new(self, &partners).extract_values()?;
        let mut keep: Vec<String> = vec!["id".into(), "name".into(), "category".into()];
        keep.extend(self.benchmark_by.iter().cloned());
        keep.extend(self.tiers.iter().flat_map(|t| &t.requires).filter_map(|r| match r {
            Requirement::Field { field, .. } => Some(field.clone()),
            Requirement::EveryMetricScores => None,
        }));
        for metric in &self.metrics {
            if !keep.contains(&metric.field) {
                partners.take_column(&metric.field);
            }
        }
        self.finish(&partners, values)
    }

    fn finish(&self, partners: &Partners, values: Vec<Vec<Option<Decimal>>>) -> Result<ScoreReport> {
        let mut report = Engine::new(self, partners).run(values)?;
        report.ids = TextColumn::of(partners, "id");
        report.names = TextColumn::of(partners, "name");
        report.categories = TextColumn::of(partners, "category");
        Ok(report)
    }
}

fn validate_rule(rule: &Rule, path: &str) -> Result<()> {
    match rule {
        Rule::Target(t) if *t <= Decimal::ZERO => Err(Error::config(format!("{path}.target"), "must be > 0")),
        Rule::Linear { from, to } => {
            if from == to {
                return Err(Error::config(format!("{path}.linear"), "from and to must differ"));
            }
            if to.checked_sub(*from).is_none() {
                return Err(Error::config(format!("{path}.linear"), "to − from overflows"));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The working state of one scoring run.
struct Engine<'a> {
    card: &'a Scorecard,
    partners: &'a Partners,
    m: usize,
}

/// What the row pass needs from the cohort statistics of a percentile metric.
struct PercentileColumn {
    /// Per row: values strictly below it in its cohort (`u32::MAX` for a missing value).
    below: Vec<u32>,
    /// Per cohort: number of values.
    counts: Vec<usize>,
}

impl<'a> Engine<'a> {
    fn new(card: &'a Scorecard, partners: &'a Partners) -> Self {
        Engine { card, partners, m: card.metrics.len() }
    }

    fn run(self, values: Vec<Vec<Option<Decimal>>>) -> Result<ScoreReport> {
        let n = self.partners.len();
        let (cohort, cohort_keys) = self.cohorts();
        let members = members_by_cohort(&cohort, cohort_keys.len());
        let (benchmarks, percentiles) = self.cohort_stats(&values, &members, &cohort_keys)?;
        let blocks = map_blocks(n, |rows| self.score_rows(rows, &values, &cohort, &percentiles))?;
        drop(percentiles);
        let mut report = ScoreReport {
            card: self.card.clone(),
            ids: TextColumn::Absent,
            names: TextColumn::Absent,
            categories: TextColumn::Absent,
            cohort,
            cohort_keys,
            cohort_sizes: members.iter().map(|rows| rows.len() as u32).collect(),
            values,
            blocks,
            len: n,
            benchmarks,
        };
        self.rank(&mut report, &members);
        Ok(report)
    }

    /// The value each metric reads, per metric (`values[metric][row]`); missing → None. On bad input,
    /// the error of the first partner (then the first metric) in input order.
    fn extract_values(&self) -> Result<Vec<Vec<Option<Decimal>>>> {
        let n = self.partners.len();
        let metrics: Vec<&Metric> = self.card.metrics.iter().collect();
        let columns = map_items(metrics, |metric| -> Result<Vec<Option<Decimal>>, (usize, Error)> {
            let Some(column) = self.partners.column(&metric.field) else {
                return match metric.missing {
                    MissingPolicy::Error if n > 0 => Err((0, self.missing_error(0, metric))),
                    _ => Ok(vec![None; n]),
                };
            };
            column
                .iter()
                .enumerate()
                .map(|(i, raw)| match raw {
                    None if metric.missing == MissingPolicy::Error => Err((i, self.missing_error(i, metric))),
                    None => Ok(None),
                    Some(v) => read_metric_value(&metric.rule, v)
                        .map(Some)
                        .map_err(|reason| (i, Error::input(self.partners.location(i, &metric.field), reason))),
                })
                .collect()
        });
        let mut first: Option<(usize, Error)> = None;
        let mut out = Vec::with_capacity(columns.len());
        for column in columns {
            match column {
                Ok(c) => out.push(c),
                Err((row, e)) => {
                    if first.as_ref().is_none_or(|(r, _)| row < *r) {
                        first = Some((row, e));
                    }
                }
            }
        }
        match first {
            Some((_, e)) => Err(e),
            None => Ok(out),
        }
    }

    fn missing_error(&self, i: usize, metric: &Metric) -> Error {
        Error::input(
            self.partners.location(i, &metric.field),
            format!("missing value for metric {:?} (its missing policy is `error`)", metric.name),
        )
    }

    /// Cohort of each partner and the cohort keys in order of first appearance.
    fn cohorts(&self) -> (Vec<u32>, Vec<Option<String>>) {
        let n = self.partners.len();
        let Some(column) = self.card.benchmark_by.as_deref().and_then(|f| self.partners.column(f)) else {
            let keys = if n == 0 { vec![] } else { vec![None] };
            return (vec![0; n], keys);
        };
        let mut ids: HashMap<Option<Cow<'_, str>>, u32> = HashMap::new();
        let mut keys: Vec<Option<String>> = Vec::new();
        let mut cohort = Vec::with_capacity(n);
        for v in column {
            let key = v.as_ref().map(|v| match v {
                Value::Text(t) => Cow::Borrowed(&**t),
                other => Cow::Owned(other.as_text()),
            });
            let id = match ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = keys.len() as u32;
                    keys.push(key.as_deref().map(str::to_string));
                    ids.insert(key, id);
                    id
                }
            };
            cohort.push(id);
        }
        (cohort, keys)
    }

    /// Benchmarks per (cohort, metric), index `cohort * m + metric`, and the percentile columns.
    fn cohort_stats(
        &self,
        values: &[Vec<Option<Decimal>>],
        members: &[Vec<u32>],
        cohort_keys: &[Option<String>],
    ) -> Result<(Vec<Benchmark>, Vec<Option<PercentileColumn>>)> {
        let m = self.m;
        let pairs: Vec<(usize, usize)> = (0..members.len()).flat_map(|c| (0..m).map(move |j| (c, j))).collect();
        let stats = map_items(pairs, |(c, j)| {
            let column = &values[j];
            let ranked = Ranked::from_pairs(members[c].iter().filter_map(|&i| column[i as usize].map(|v| (v, i))));
            let present = members[c].iter().filter_map(|&i| column[i as usize]);
            let value = |row: u32| column[row as usize].unwrap_or_default();
            let bench = benchmark(&ranked, present, value, self.card.metrics[j].rule.lower_is_better());
            let below = matches!(self.card.metrics[j].rule, Rule::Percentile)
                .then(|| ranked.counts().map(|(row, below, _)| (row, below)).collect::<Vec<_>>());
            (bench, ranked.len(), below)
        });
        let n = self.partners.len();
        let mut percentiles: Vec<Option<PercentileColumn>> = self
            .card
            .metrics
            .iter()
            .map(|metric| {
                matches!(metric.rule, Rule::Percentile)
                    .then(|| PercentileColumn { below: vec![u32::MAX; n], counts: vec![0; members.len()] })
            })
            .collect();
        let mut benchmarks = Vec::with_capacity(members.len() * m);
        for (k, (bench, count, below)) in stats.into_iter().enumerate() {
            let (c, j) = (k / m, k % m);
            benchmarks.push(bench.map_err(|Overflow| {
                Error::input(
                    format!(
                        "field {}, cohort {}",
                        self.card.metrics[j].field,
                        cohort_keys[c].as_deref().unwrap_or("(no value)")
                    ),
                    "the cohort benchmark overflows (values too large to sum)",
                )
            })?);
            if let (Some(column), Some(below)) = (&mut percentiles[j], below) {
                column.counts[c] = count;
                for (row, b) in below {
                    column.below[row as usize] = b;
                }
            }
        }
        Ok((benchmarks, percentiles))
    }

    fn score_rows(
        &self,
        rows: Range<usize>,
        values: &[Vec<Option<Decimal>>],
        cohort: &[u32],
        percentiles: &[Option<PercentileColumn>],
    ) -> Result<report::RowBlock> {
        let (m, s) = (self.m, self.card.sections.len());
        let mut block = report::RowBlock {
            stored: Vec::with_capacity(rows.len() * m),
            sections: Vec::with_capacity(rows.len() * s),
            headline: Vec::with_capacity(rows.len()),
        };
        // scratch for the sums of one row (no allocation per row)
        let (mut metric_points, mut metric_max) = (Vec::with_capacity(m), Vec::with_capacity(m));
        let (mut section_points, mut section_max) = (Vec::with_capacity(s), Vec::with_capacity(s));
        // a section's maximum when all its metrics have a value (the same sums the row loop would
        // compute), and the max score when every section has them all
        let full_max: Vec<Decimal> = self
            .card
            .sections
            .iter()
            .map(|sec| {
                let points: Vec<Decimal> =
                    sec.metrics.clone().map(|j| self.card.metrics[j].points).filter(|p| !p.is_zero()).collect();
                let max = sum_nonnegative(&points);
                sec.max_points.map_or(max, |cap| max.min(cap))
            })
            .collect();
        let full_max_score = sum_nonnegative(&full_max);
        for i in rows {
            let first = block.stored.len();
            for (j, metric) in self.card.metrics.iter().enumerate() {
                let stored = match values[j][i] {
                    None => match metric.missing {
                        MissingPolicy::Exclude => None,
                        _ => Some(Decimal::ZERO),
                    },
                    Some(v) => {
                        let fraction = match &percentiles[j] {
                            Some(col) => Fraction::percent_rank(col.below[i], col.counts[cohort[i] as usize]),
                            None => Fraction::earned(&metric.rule, v),
                        };
                        // points when the metric has any (one rounding: points × num / den), else the fraction
                        Some(if metric.points.is_zero() { fraction.value() } else { fraction.times(metric.points) })
                    }
                };
                block.stored.push(stored);
            }
            let earned = &block.stored[first..];
            section_points.clear();
            section_max.clear();
            let mut all_full = true;
            for (k, sec) in self.card.sections.iter().enumerate() {
                metric_points.clear();
                metric_max.clear();
                let mut full = true;
                for j in sec.metrics.clone() {
                    match earned[j] {
                        Some(stored) => {
                            let points = self.card.metrics[j].points;
                            if !points.is_zero() {
                                metric_points.push(stored);
                                metric_max.push(points);
                            }
                        }
                        None => full = false,
                    }
                }
                all_full &= full;
                let mut points = sum_nonnegative(&metric_points);
                let mut max = if full { full_max[k] } else { sum_nonnegative(&metric_max) };
                if let Some(cap) = sec.max_points {
                    points = points.min(cap);
                    if !full {
                        max = max.min(cap);
                    }
                }
                section_points.push(points);
                section_max.push(max);
                block.sections.push(report::SectionTotals { points, max_points: max });
            }
            let score = sum_nonnegative(&section_points);
            let max_score = if all_full { full_max_score } else { sum_nonnegative(&section_max) };
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
                below_in_cohort: 0,
                rank: 0,
                rank_in_cohort: 0,
                tier: tier.map(|t| t as u16),
                next_tier: next.map(|t| t as u16),
                unmet,
            });
        }
        Ok(block)
    }

    fn tier_of(&self, i: usize, score: Decimal, earned: &[Option<Decimal>]) -> Result<Option<usize>> {
        let key = cmp_key(score);
        let units = key_units(score);
        // min_score ≤ score on the 20-place keys: as integers when both fit
        let reached = |min: Decimal| match (key_units(min), units) {
            (Some(m), Some(u)) => m <= u,
            _ => cmp_key(min) <= key,
        };
        for (t, tier) in self.card.tiers.iter().enumerate() {
            if reached(tier.min_score) && self.meets_all(i, tier, earned)? {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }

    fn meets_all(&self, i: usize, tier: &Tier, earned: &[Option<Decimal>]) -> Result<bool> {
        for req in &tier.requires {
            if !self.requirement_holds(i, req, earned)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn unmet_requires(&self, i: usize, tier: &Tier, earned: &[Option<Decimal>]) -> Result<Vec<u16>> {
        let mut unmet = Vec::new();
        for (r, req) in tier.requires.iter().enumerate() {
            if !self.requirement_holds(i, req, earned)? {
                unmet.push(r as u16);
            }
        }
        Ok(unmet)
    }

    fn requirement_holds(&self, i: usize, req: &Requirement, earned: &[Option<Decimal>]) -> Result<bool> {
        match req {
            Requirement::EveryMetricScores => Ok(self
                .card
                .metrics
                .iter()
                .zip(earned)
                .all(|(metric, stored)| stored.is_none_or(|s| !metric.points.is_zero() && scores_points(s)))),
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

    /// Global rank, rank in cohort and percentile in cohort, from one sort of all scores: walking the
    /// sorted scores once with a running count per cohort gives the cohort counts too (no sort per cohort).
    fn rank(&self, report: &mut ScoreReport, members: &[Vec<u32>]) {
        let n = report.len();
        let all = Ranked::from_pairs((0..n as u32).map(|i| (report.headline(i as usize).score, i)));
        let sizes: Vec<u32> = members.iter().map(|rows| rows.len() as u32).collect();
        let cohort = &report.cohort;
        // per row: global rank, rank in cohort, values below in cohort
        let mut ranks = vec![(0u32, 0u32, 0u32); n];
        let mut seen = vec![0u32; sizes.len()];
        let mut counts = all.counts().peekable();
        let mut run: Vec<(u32, u32)> = Vec::new();
        while let Some((row, below, above)) = counts.next() {
            run.clear();
            run.push((row, above));
            while let Some(&(next, next_below, next_above)) = counts.peek() {
                if next_below != below {
                    break;
                }
                run.push((next, next_above));
                counts.next();
            }
            for &(row, _) in &run {
                ranks[row as usize].2 = seen[cohort[row as usize] as usize];
            }
            for &(row, _) in &run {
                seen[cohort[row as usize] as usize] += 1;
            }
            for &(row, above) in &run {
                let c = cohort[row as usize] as usize;
                ranks[row as usize].0 = 1 + above;
                ranks[row as usize].1 = 1 + sizes[c] - seen[c];
            }
        }
        for_each_block(&mut report.blocks, |b, block| {
            for (k, h) in block.headline.iter_mut().enumerate() {
                let row = b * crate::par::BLOCK + k;
                let (rank, rank_in_cohort, below) = ranks[row];
                h.rank = rank;
                h.rank_in_cohort = rank_in_cohort;
                h.below_in_cohort = below;
            }
        });
    }
}

fn members_by_cohort(cohort: &[u32], count: usize) -> Vec<Vec<u32>> {
    let mut members = vec![Vec::new(); count];
    for (i, &c) in cohort.iter().enumerate() {
        members[c as usize].push(i as u32);
    }
    members
}

/// Σ of non-negative decimals, exactly as a sequential `Decimal` sum from zero gives it (same value
/// and scale): integers at the largest scale when the total fits 96 bits (every partial sum is then
/// no larger, so none rounds), else the `Decimal` sum itself.
#[inline]
fn sum_nonnegative(values: &[Decimal]) -> Decimal {
    const LIMIT: u128 = 1 << 96;
    let fast = || -> Option<Decimal> {
        // `acc + 0` is `acc` and `0 + v` is `v` in a `Decimal` sum: zeros do not raise the scale
        let mut scale = None;
        for d in values.iter().filter(|d| !d.is_zero()) {
            if d.is_sign_negative() {
                return None;
            }
            scale = scale.max(Some(d.scale()));
        }
        // all zero (or none): the sequential sum itself, cheap here
        let scale = scale?;
        let mut sum: u128 = 0;
        for d in values.iter().filter(|d| !d.is_zero()) {
            // non-negative here, so the mantissa is its magnitude (< 2^96)
            let m = d.mantissa().unsigned_abs();
            let k = (scale - d.scale()) as usize;
            let units = if k == 0 {
                m
            } else if m <= u128::from(u64::MAX) && k <= 19 {
                // < 2^64 · 10^19 < 2^128: a widening multiply that cannot overflow
                m * crate::decimal::POW10[k] as u128
            } else {
                m.checked_mul(crate::decimal::POW10[k] as u128)?
            };
            sum += units.min(LIMIT);
            // every partial sum is below 2^97 here; the total must stay below 2^96
            if sum >= LIMIT {
                return None;
            }
        }
        Decimal::try_from_i128_with_scale(sum as i128, scale).ok()
    };
    fast().unwrap_or_else(|| values.iter().fold(Decimal::ZERO, |acc, v| acc + *v))
}

/// Whether metric points count as "more than 0" at 20 places (they are never negative).
fn scores_points(points: Decimal) -> bool {
    crate::decimal::key_units(points).is_none_or(|k| k > 0)
}

/// Reads a partner value the way `rule` needs it: booleans as 1/0 for a boolean rule, else a number.
fn read_metric_value(rule: &Rule, value: &Value) -> Result<Decimal, String> {
    match rule {
        Rule::Boolean => value.as_bool().map(|b| if b { Decimal::ONE } else { Decimal::ZERO }),
        _ => value.as_number(),
    }
}

/// The fraction a metric earns, kept as a ratio so that points × fraction needs one rounding only.
#[derive(Debug, Clone, Copy)]
enum Fraction {
    Zero,
    One,
    /// A band's earn (exact, few digits).
    Exact(Decimal),
    /// num / den with 0 < num < den.
    Ratio(Decimal, Decimal),
}

impl Fraction {
    /// The fraction earned by a present value (every rule but percentile, which needs its cohort).
    fn earned(rule: &Rule, v: Decimal) -> Fraction {
        Self::earned_by_units(rule, v).unwrap_or_else(|| Self::earned_by_decimals(rule, v))
    }

    /// [`Fraction::earned`] with `Decimal` comparisons of the 20-place keys (the plain path).
    fn earned_by_decimals(rule: &Rule, v: Decimal) -> Fraction {
        let key = cmp_key(v);
        match rule {
            Rule::Target(t) => {
                if key <= Decimal::ZERO {
                    Fraction::Zero
                } else if key >= cmp_key(*t) {
                    Fraction::One
                } else {
                    Fraction::Ratio(v, *t)
                }
            }
            Rule::Linear { from, to } => {
                let (lo_key, hi_key) = (cmp_key(*from), cmp_key(*to));
                if from < to {
                    if key <= lo_key {
                        Fraction::Zero
                    } else if key >= hi_key {
                        Fraction::One
                    } else {
                        Fraction::Ratio(v - *from, *to - *from)
                    }
                } else if key >= lo_key {
                    Fraction::Zero
                } else if key <= hi_key {
                    Fraction::One
                } else {
                    Fraction::Ratio(*from - v, *from - *to)
                }
            }
            Rule::AtLeastBands(bands) => bands
                .iter()
                .rev()
                .find(|b| cmp_key(b.threshold) <= key)
                .map_or(Fraction::Zero, |b| Fraction::Exact(b.earn)),
            Rule::AtMostBands(bands) => bands
                .iter()
                .rev()
                .find(|b| key <= cmp_key(b.threshold))
                .map_or(Fraction::Zero, |b| Fraction::Exact(b.earn)),
            Rule::Boolean => {
                if v.is_zero() {
                    Fraction::Zero
                } else {
                    Fraction::One
                }
            }
            Rule::Percentile => Fraction::Zero,
        }
    }

    /// [`Fraction::earned`] with every comparison on the integer form of the 20-place keys (the same
    /// comparisons, without `Decimal` compares); `None` when a key does not fit an `i128`.
    #[inline]
    fn earned_by_units(rule: &Rule, v: Decimal) -> Option<Fraction> {
        let key = key_units(v)?;
        Some(match rule {
            Rule::Target(t) => {
                if key <= 0 {
                    Fraction::Zero
                } else if key >= key_units(*t)? {
                    Fraction::One
                } else {
                    Fraction::Ratio(v, *t)
                }
            }
            Rule::Linear { from, to } => {
                let (lo_key, hi_key) = (key_units(*from)?, key_units(*to)?);
                let increasing = lo_key < hi_key || (lo_key == hi_key && from < to);
                if increasing {
                    if key <= lo_key {
                        Fraction::Zero
                    } else if key >= hi_key {
                        Fraction::One
                    } else {
                        Fraction::Ratio(v - *from, *to - *from)
                    }
                } else if key >= lo_key {
                    Fraction::Zero
                } else if key <= hi_key {
                    Fraction::One
                } else {
                    Fraction::Ratio(*from - v, *from - *to)
                }
            }
            Rule::AtLeastBands(bands) => {
                let mut found = Fraction::Zero;
                for b in bands.iter().rev() {
                    if key_units(b.threshold)? <= key {
                        found = Fraction::Exact(b.earn);
                        break;
                    }
                }
                found
            }
            Rule::AtMostBands(bands) => {
                let mut found = Fraction::Zero;
                for b in bands.iter().rev() {
                    if key <= key_units(b.threshold)? {
                        found = Fraction::Exact(b.earn);
                        break;
                    }
                }
                found
            }
            Rule::Boolean | Rule::Percentile => return None,
        })
    }

    /// PERCENTRANK.INC as a fraction: below / (n − 1), 1 when n ≤ 1.
    fn percent_rank(below: u32, n: usize) -> Fraction {
        if n <= 1 || below as usize >= n - 1 {
            Fraction::One
        } else if below == 0 {
            Fraction::Zero
        } else {
            Fraction::Ratio(Decimal::from(below), Decimal::from((n - 1) as u64))
        }
    }

    /// The fraction as a decimal in [0, 1].
    fn value(self) -> Decimal {
        match self {
            Fraction::Zero => Decimal::ZERO,
            Fraction::One => Decimal::ONE,
            Fraction::Exact(e) => e,
            Fraction::Ratio(num, den) => num / den,
        }
    }

    /// points × fraction, rounded once: (points × num) / den. The product of the few-digit points and
    /// value is exact; only when it would overflow is the fraction divided out first.
    fn times(self, points: Decimal) -> Decimal {
        match self {
            Fraction::Zero => Decimal::ZERO,
            Fraction::One => points,
            Fraction::Exact(e) => report::points_of(points, e),
            Fraction::Ratio(num, den) => match points.checked_mul(num) {
                Some(product) => product / den,
                None => points * (num / den),
            },
        }
    }
}

/// Mean, median, top-quartile mean and best of a cohort's values, direction-aware. `present` yields the
/// values in input order (summed in one sequential pass when the sorted keys cannot give the sums
/// exactly); `value(row)` reads the values at sorted positions of `ranked`.
fn benchmark(
    ranked: &Ranked,
    present: impl Iterator<Item = Decimal> + Clone,
    value: impl Fn(u32) -> Decimal,
    lower_is_better: bool,
) -> Result<Benchmark, Overflow> {
    let n = ranked.len();
    if n == 0 {
        return Ok(Benchmark::default());
    }
    let at = |p: usize| value(ranked.row(p));
    let quarter = if lower_is_better { 1 } else { 3 };
    let bound_value = stats::quartile_inc(n, at, quarter)?.unwrap_or_default();
    // the top quarter is a run of sorted positions: values ≥ bound (≤ bound when lower is better)
    let top = if lower_is_better { 0..ranked.count_at_most(bound_value) } else { ranked.count_below(bound_value)..n };
    let sums = exact_sums(ranked, top.clone(), &value);
    let (sum, top_len, top_sum) = match sums {
        Some((sum, top_sum)) => (sum, top.len(), top_sum),
        None => {
            let bound = cmp_key(bound_value);
            let in_top = |v: &Decimal| if lower_is_better { cmp_key(*v) <= bound } else { cmp_key(*v) >= bound };
            let sum = stats::checked_sum(present.clone())?;
            let (top_len, top_sum) = present
                .filter(in_top)
                .try_fold((0usize, Decimal::ZERO), |(k, s), v| s.checked_add(v).map(|s| (k + 1, s)).ok_or(Overflow))?;
            (sum, top_len, top_sum)
        }
    };
    Ok(Benchmark {
        mean: stats::checked_mean(sum, n),
        median: stats::quartile_inc(n, at, 2)?,
        top_quartile_mean: stats::checked_mean(top_sum, top_len),
        best: Some(if lower_is_better { at(0) } else { at(n - 1) }),
    })
}

/// The cohort's sum and its top quarter's sum (sorted positions `top`) from the integer keys, as the
/// very decimals a sequential `Decimal` sum gives (same value and scale): the keys are the values
/// exactly, Σ|v| < 2^96 so no partial sum in any order rounds, and the scale is the largest scale of
/// the values summed (read back for the top quarter). `None` when that does not hold.
fn exact_sums(ranked: &Ranked, top: Range<usize>, value: &impl Fn(u32) -> Decimal) -> Option<(Decimal, Decimal)> {
    const LIMIT: u128 = 1 << 96;
    let scale = ranked.exact_scale()?;
    let (sum, abs) = ranked.exact_sum(0..ranked.len())?;
    let (top_sum, _) = ranked.exact_sum(top.clone())?;
    if abs >= LIMIT {
        return None;
    }
    let top_scale = top.map(|p| value(ranked.row(p)).scale()).max().unwrap_or(0);
    let top_sum = top_sum / crate::decimal::POW10[(scale - top_scale.min(scale)) as usize];
    Some((
        Decimal::try_from_i128_with_scale(sum, scale).ok()?,
        Decimal::try_from_i128_with_scale(top_sum, top_scale.min(scale)).ok()?,
    ))
}

/// `equals`: numbers as numbers, booleans as booleans, text exactly.
fn value_equals(value: &Value, expected: &Expected) -> Result<bool, String> {
    Ok(match expected {
        Expected::Number(x) => cmp_key(value.as_number()?) == cmp_key(*x),
        Expected::Bool(b) => value.as_bool()? == *b,
        Expected::Text(t) => value.as_text() == *t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain `Decimal` benchmark: sums in input order, the top quarter filtered by key.
    fn plain_benchmark(values: &[Decimal], lower_is_better: bool) -> Option<Benchmark> {
        let mut sorted = values.to_vec();
        sorted.sort_by_key(|v| cmp_key(*v));
        let n = sorted.len();
        if n == 0 {
            return Some(Benchmark::default());
        }
        let at = |p: usize| sorted[p];
        let bound = cmp_key(stats::quartile_inc(n, at, if lower_is_better { 1 } else { 3 }).ok()??);
        let in_top = |v: &&Decimal| if lower_is_better { cmp_key(**v) <= bound } else { cmp_key(**v) >= bound };
        let sum = stats::checked_sum(values.iter().copied()).ok()?;
        let top: Vec<Decimal> = values.iter().filter(in_top).copied().collect();
        Some(Benchmark {
            mean: stats::checked_mean(sum, n),
            median: stats::quartile_inc(n, at, 2).ok()?,
            top_quartile_mean: stats::checked_mean(stats::checked_sum(top.iter().copied()).ok()?, top.len()),
            best: Some(if lower_is_better { at(0) } else { at(n - 1) }),
        })
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (-1_000_000i64..1_000_000, 0u32..6).prop_map(|(m, s)| Decimal::new(m, s)),
            (0i64..40, 0u32..2).prop_map(|(m, s)| Decimal::new(m, s)),
            (any::<i64>(), 0u32..28).prop_map(|(m, s)| Decimal::new(m, s)),
            (-(1i128 << 95)..(1i128 << 95), 0u32..29).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Rules compared on integer keys earn exactly what the `Decimal` comparisons give.
        #[test]
        fn integer_rule_comparisons_match_decimal_ones(
            v in decimal(),
            a in decimal(),
            b in decimal(),
            c in decimal(),
            earn in 0u32..=100,
        ) {
            let earn = Decimal::new(i64::from(earn), 2);
            let (lo, hi) = if cmp_key(b) < cmp_key(c) { (b, c) } else { (c, b) };
            let mut rules = vec![Rule::Target(a.abs()), Rule::Boolean, Rule::Percentile];
            if a != b {
                rules.push(Rule::Linear { from: a, to: b });
            }
            if cmp_key(lo) < cmp_key(hi) {
                rules.push(Rule::AtLeastBands(vec![Band { threshold: lo, earn }, Band { threshold: hi, earn: Decimal::ONE }]));
                rules.push(Rule::AtMostBands(vec![Band { threshold: hi, earn }, Band { threshold: lo, earn: Decimal::ONE }]));
            }
            for rule in &rules {
                let fast = Fraction::earned(rule, v);
                let plain = Fraction::earned_by_decimals(rule, v);
                prop_assert_eq!(format!("{fast:?}"), format!("{plain:?}"), "{:?}", rule);
            }
        }

        /// The integer section sum gives the very decimal (value and scale) of a sequential sum.
        #[test]
        fn integer_sums_match_decimal_sums(values in prop::collection::vec(decimal(), 0..9)) {
            let values: Vec<Decimal> = values.into_iter().map(|d| d.abs()).collect();
            let plain = values.iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v));
            if let Some(plain) = plain {
                let fast = sum_nonnegative(&values);
                prop_assert_eq!((fast.mantissa(), fast.scale()), (plain.mantissa(), plain.scale()));
            }
        }

        /// Sums from the sorted integer keys give the very decimals (value and scale) of the plain path.
        #[test]
        fn benchmark_fast_path_matches_plain_decimals(
            values in prop::collection::vec(decimal(), 0..60),
            rows in prop::collection::vec(0u32..3, 0..60),
            lower_is_better in any::<bool>(),
        ) {
            // rows ascend (gaps allowed), as cohort members do
            let mut row = 0u32;
            let rows: Vec<u32> = values.iter().zip(rows.iter().chain(std::iter::repeat(&1))).map(|(_, gap)| { row += gap + 1; row }).collect();
            let by_row: HashMap<u32, Decimal> = rows.iter().copied().zip(values.iter().copied()).collect();
            let ranked = Ranked::from_pairs(values.iter().copied().zip(rows.iter().copied()));
            let fast = benchmark(&ranked, values.iter().copied(), |r| by_row[&r], lower_is_better);
            let plain = plain_benchmark(&values, lower_is_better);
            match (fast, plain) {
                (Ok(fast), Some(plain)) => {
                    let show = |b: &Benchmark| format!("{:?} {:?} {:?} {:?}", b.mean, b.median, b.top_quartile_mean, b.best);
                    prop_assert_eq!(show(&fast), show(&plain));
                }
                (Err(Overflow), None) => {}
                (fast, plain) => prop_assert!(false, "fast {:?} plain {:?}", fast, plain),
            }
        }
    }
}
