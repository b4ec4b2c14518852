//! The result of scoring: one [`PartnerScore`] per input partner, in input order, serializable to the
//! JSON of DESIGN §1 and writable as the headline CSV.

use std::io::{self, Write};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{Requirement, Rule, Scorecard};
use crate::data::{Partners, Value};
use crate::decimal::{cmp_key, format_measure, ser_measure, ser_opt_measure, write_measure};
use crate::par::{map_items, BLOCK};
use crate::report_out::write_text_field;

/// At most this many opportunities are listed per partner.
pub const MAX_OPPORTUNITIES: usize = 5;

/// Cohort benchmark of one metric: over the non-missing values of the partner's cohort.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Benchmark {
    /// Mean of the cohort's values.
    #[serde(serialize_with = "ser_opt_measure")]
    pub mean: Option<Decimal>,
    /// Median (QUARTILE.INC q=2).
    #[serde(serialize_with = "ser_opt_measure")]
    pub median: Option<Decimal>,
    /// Mean of the top quarter (values ≥ Q3, or ≤ Q1 when lower is better).
    #[serde(serialize_with = "ser_opt_measure")]
    pub top_quartile_mean: Option<Decimal>,
    /// The max (the min when lower is better).
    #[serde(serialize_with = "ser_opt_measure")]
    pub best: Option<Decimal>,
}

/// Per-partner scalars computed by the engine.
#[derive(Debug, Clone)]
pub(crate) struct Headline {
    pub score: Decimal,
    pub max_score: Decimal,
    /// Scores strictly below this one in its cohort (the percentile is computed when read).
    pub below_in_cohort: u32,
    pub rank: u32,
    pub rank_in_cohort: u32,
    pub tier: Option<u16>,
    pub next_tier: Option<u16>,
    /// Indices of the next tier's requirements this partner does not meet.
    pub unmet: Vec<u16>,
}

/// Points and maximum of one section for one partner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SectionTotals {
    pub points: Decimal,
    pub max_points: Decimal,
}

/// The result of [`Scorecard::score`](super::Scorecard::score).
#[derive(Debug, Clone)]
pub struct ScoreReport {
    pub(crate) card: Scorecard,
    pub(crate) ids: TextColumn,
    pub(crate) names: TextColumn,
    pub(crate) categories: TextColumn,
    pub(crate) cohort: Vec<u32>,
    pub(crate) cohort_keys: Vec<Option<String>>,
    /// Number of partners per cohort.
    pub(crate) cohort_sizes: Vec<u32>,
    /// The value each metric read, per metric (column-major), `None` when missing.
    pub(crate) values: Vec<Vec<Option<Decimal>>>,
    /// Row results in blocks of [`BLOCK`] rows, as the engine produced them (no copy into one array).
    pub(crate) blocks: Vec<RowBlock>,
    pub(crate) len: usize,
    pub(crate) benchmarks: Vec<Benchmark>,
}

/// A text column of the report (id, name, category).
#[derive(Debug, Clone, Default)]
pub(crate) enum TextColumn {
    /// The field is absent: every partner is missing it.
    #[default]
    Absent,
    /// The partners' own column, shared without a copy (every present value is text).
    Shared(Arc<Vec<Option<Value>>>),
    /// Converted text, for columns that hold other values (numbers, booleans).
    Owned(Vec<Option<Arc<str>>>),
}

impl TextColumn {
    /// The column of `field`: shared when every present value is text, else converted to text.
    pub(crate) fn of(partners: &Partners, field: &str) -> TextColumn {
        let Some(column) = partners.shared_column(field) else {
            return TextColumn::Absent;
        };
        if column.iter().all(|v| matches!(v, None | Some(Value::Text(_)))) {
            return TextColumn::Shared(column);
        }
        TextColumn::Owned(
            column
                .iter()
                .map(|v| match v {
                    Some(Value::Text(t)) => Some(Arc::clone(t)),
                    Some(other) => Some(other.as_text().into()),
                    None => None,
                })
                .collect(),
        )
    }

    /// The text of row `i`, if present.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        match self {
            TextColumn::Absent => None,
            TextColumn::Shared(column) => match column.get(i) {
                Some(Some(Value::Text(t))) => Some(t),
                _ => None,
            },
            TextColumn::Owned(column) => column.get(i).and_then(Option::as_deref),
        }
    }
}

/// Results of up to [`BLOCK`] consecutive partners.
#[derive(Debug, Clone)]
pub(crate) struct RowBlock {
    /// Per row and metric (row-major): the points earned, or for a metric worth 0 points the fraction
    /// earned (its points are 0 anyway); `None` when excluded.
    pub stored: Vec<Option<Decimal>>,
    /// Section totals per row and section (row-major).
    pub sections: Vec<SectionTotals>,
    /// Headline per row.
    pub headline: Vec<Headline>,
}

impl ScoreReport {
    pub(crate) fn headline(&self, i: usize) -> &Headline {
        &self.blocks[i / BLOCK].headline[i % BLOCK]
    }

    /// The scorecard that produced this report.
    pub fn scorecard(&self) -> &Scorecard {
        &self.card
    }

    /// Number of partners scored (= number of input partners).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no partner was scored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The result of the `i`-th input partner. Panics when `i >= len()`.
    pub fn partner(&self, i: usize) -> PartnerScore<'_> {
        assert!(i < self.len(), "partner index {i} out of range ({} partners)", self.len());
        PartnerScore { report: self, i }
    }

    /// Results in input order.
    pub fn partners(&self) -> impl ExactSizeIterator<Item = PartnerScore<'_>> + '_ {
        (0..self.len()).map(move |i| PartnerScore { report: self, i })
    }

    /// The cohort keys (values of `benchmark_by`; `None` for partners without one), in order of first appearance.
    pub fn cohorts(&self) -> &[Option<String>] {
        &self.cohort_keys
    }

    /// The JSON document of DESIGN §1: `{"scorecard": NAME, "partners": [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The headline CSV columns: `id, name, category, score, …, points_to_next_tier, points:<metric>…`.
    pub fn csv_header(&self) -> Vec<String> {
        let mut header: Vec<String> = [
            "id",
            "name",
            "category",
            "score",
            "max_score",
            "score_pct",
            "tier",
            "rank",
            "rank_in_cohort",
            "percentile",
            "next_tier",
            "points_to_next_tier",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(self.card.metrics.iter().map(|m| format!("points:{}", m.name)));
        header
    }

    /// Writes one CSV row per partner (input order) with the headline columns, formatting on all cores.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        const WAVE: usize = 1 << 16;
        const BLOCK: usize = 4096;
        let mut out = io::BufWriter::with_capacity(1 << 20, out);
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(self.csv_header())?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        let n = self.len();
        let mut start = 0;
        while start < n {
            let end = (start + WAVE).min(n);
            let blocks: Vec<(usize, usize)> = (start..end).step_by(BLOCK).map(|b| (b, (b + BLOCK).min(end))).collect();
            let buffers = map_items(blocks, |(a, b)| self.csv_rows(a..b));
            for buffer in buffers {
                out.write_all(&buffer?)?;
            }
            start = end;
        }
        out.flush()
    }

    fn csv_rows(&self, rows: std::ops::Range<usize>) -> io::Result<Vec<u8>> {
        let mut w = Vec::with_capacity(rows.len() * 160);
        for i in rows {
            let p = PartnerScore { report: self, i };
            write_text_field(&mut w, p.id());
            w.push(b',');
            write_text_field(&mut w, p.name().unwrap_or_default());
            w.push(b',');
            write_text_field(&mut w, p.category().unwrap_or_default());
            for d in [p.score(), p.max_score(), p.score_pct()] {
                w.push(b',');
                write_measure(&mut w, d);
            }
            w.push(b',');
            write_text_field(&mut w, p.tier().unwrap_or_default());
            write!(w, ",{},{},", p.rank(), p.rank_in_cohort())?;
            write_measure(&mut w, p.percentile());
            w.push(b',');
            match p.next_tier_gap() {
                Some((name, needed)) => {
                    write_text_field(&mut w, name);
                    w.push(b',');
                    write_measure(&mut w, needed);
                }
                None => w.push(b','),
            }
            for j in 0..self.card.metrics.len() {
                match p.metric_points(j) {
                    Some(points) => {
                        w.push(b',');
                        write_measure(&mut w, points);
                    }
                    None => w.push(b','),
                }
            }
            w.push(b'\n');
        }
        Ok(w)
    }
}

impl Serialize for ScoreReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::report_out::serialize_report(s, "scorecard", &self.card.name, || self.partners())
    }
}

/// The result for one partner: a view into the [`ScoreReport`].
#[derive(Debug, Clone, Copy)]
pub struct PartnerScore<'a> {
    report: &'a ScoreReport,
    i: usize,
}

/// A section's points for one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore<'a> {
    /// Section name.
    pub name: &'a str,
    /// Points earned, capped at the section's max_points.
    #[serde(serialize_with = "ser_measure")]
    pub points: Decimal,
    /// The section maximum for this partner (excluded metrics left out).
    #[serde(serialize_with = "ser_measure")]
    pub max_points: Decimal,
}

/// A metric's value as the rule read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MetricValue {
    /// A number.
    Number(Decimal),
    /// A boolean (boolean rules).
    Bool(bool),
}

impl Serialize for MetricValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MetricValue::Number(d) => s.serialize_str(&format_measure(*d)),
            MetricValue::Bool(b) => s.serialize_bool(*b),
        }
    }
}

/// One metric's result for one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricScore<'a> {
    /// Metric name.
    pub name: &'a str,
    /// Partner field.
    pub field: &'a str,
    /// Section name.
    pub section: &'a str,
    /// The value read (null when missing).
    pub value: Option<MetricValue>,
    /// Fraction earned in [0, 1] (null when excluded).
    #[serde(serialize_with = "ser_opt_measure")]
    pub earned: Option<Decimal>,
    /// points × earned (null when excluded).
    #[serde(serialize_with = "ser_opt_measure")]
    pub points: Option<Decimal>,
    /// The metric's points, 0 when excluded.
    #[serde(serialize_with = "ser_measure")]
    pub max_points: Decimal,
    /// Whether a missing value took the metric out of score and max_score.
    pub excluded: bool,
    /// The cohort's benchmark for this metric.
    pub benchmark: &'a Benchmark,
}

/// The tier above the partner's and what it takes to get there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextTier<'a> {
    /// Tier name.
    pub name: &'a str,
    /// Its min_score.
    #[serde(serialize_with = "ser_measure")]
    pub min_score: Decimal,
    /// max(0, min_score − score).
    #[serde(serialize_with = "ser_measure")]
    pub points_needed: Decimal,
    /// Its requirements this partner does not meet yet.
    pub unmet_requires: Vec<&'a Requirement>,
}

/// Points a partner can still gain on one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity<'a> {
    /// Metric name.
    pub name: &'a str,
    /// Partner field.
    pub field: &'a str,
    /// Section name.
    pub section: &'a str,
    /// Points available, limited by the room left under the section cap.
    #[serde(serialize_with = "ser_measure")]
    pub available: Decimal,
}

impl<'a> PartnerScore<'a> {
    fn block(&self) -> (&'a RowBlock, usize) {
        (&self.report.blocks[self.i / BLOCK], self.i % BLOCK)
    }

    fn head(&self) -> &'a super::report::Headline {
        self.report.headline(self.i)
    }

    /// The next tier's name and the points still needed for it (max(0, min_score − score)), without
    /// its unmet requires; `None` at the top.
    pub fn next_tier_gap(&self) -> Option<(&'a str, Decimal)> {
        let head = self.head();
        let tier = &self.report.card.tiers[head.next_tier? as usize];
        Some((&tier.name, (tier.min_score - head.score).max(Decimal::ZERO)))
    }

    /// Input position.
    pub fn index(&self) -> usize {
        self.i
    }
    /// Partner id.
    pub fn id(&self) -> &'a str {
        self.report.ids.get(self.i).unwrap_or_default()
    }
    /// Partner name.
    pub fn name(&self) -> Option<&'a str> {
        self.report.names.get(self.i)
    }
    /// Partner category.
    pub fn category(&self) -> Option<&'a str> {
        self.report.categories.get(self.i)
    }
    /// Σ section points (exact).
    pub fn score(&self) -> Decimal {
        self.head().score
    }
    /// Σ section maxima.
    pub fn max_score(&self) -> Decimal {
        self.head().max_score
    }
    /// 100 × score / max_score (0 when max_score is 0).
    pub fn score_pct(&self) -> Decimal {
        // computed when read: the scoring pass need not pay a division per partner for it
        let head = self.head();
        if head.max_score.is_zero() {
            Decimal::ZERO
        } else {
            (head.score / head.max_score) * Decimal::ONE_HUNDRED
        }
    }
    /// The tier reached, if any.
    pub fn tier(&self) -> Option<&'a str> {
        self.head().tier.map(|t| self.report.card.tiers[t as usize].name.as_str())
    }
    /// 1 + number of partners with a strictly higher score.
    pub fn rank(&self) -> u32 {
        self.head().rank
    }
    /// Rank within the cohort.
    pub fn rank_in_cohort(&self) -> u32 {
        self.head().rank_in_cohort
    }
    /// PERCENTRANK.INC of the score within the cohort.
    pub fn percentile(&self) -> Decimal {
        let size = self.report.cohort_sizes[self.report.cohort[self.i] as usize];
        crate::stats::percent_rank(self.head().below_in_cohort, size as usize)
    }
    /// The cohort key (value of `benchmark_by`), `None` without one.
    pub fn cohort(&self) -> Option<&'a str> {
        self.report.cohort_keys[self.report.cohort[self.i] as usize].as_deref()
    }

    /// Sections in config order.
    pub fn sections(&self) -> Vec<SectionScore<'a>> {
        let s = self.report.card.sections.len();
        let (block, r) = self.block();
        block.sections[r * s..(r + 1) * s]
            .iter()
            .zip(&self.report.card.sections)
            .map(|(t, sec)| SectionScore { name: &sec.name, points: t.points, max_points: t.max_points })
            .collect()
    }

    /// Points of metric `j` (config order), `None` when excluded.
    pub fn metric_points(&self, j: usize) -> Option<Decimal> {
        let m = self.report.card.metrics.len();
        let (block, r) = self.block();
        let metric = &self.report.card.metrics[j];
        block.stored[r * m + j].map(|s| if metric.points.is_zero() { Decimal::ZERO } else { s })
    }

    /// Every metric in config order.
    pub fn metrics(&self) -> Vec<MetricScore<'a>> {
        let card = &self.report.card;
        let m = card.metrics.len();
        let cohort = self.report.cohort[self.i] as usize;
        card.metrics
            .iter()
            .enumerate()
            .map(|(j, metric)| {
                let stored = self.block().0.stored[self.block().1 * m + j];
                // earned = points / metric points (or stored directly for a metric worth 0 points)
                let earned = stored.map(|s| if metric.points.is_zero() { s } else { s / metric.points });
                let value = self.report.values[j][self.i].map(|v| match metric.rule {
                    Rule::Boolean => MetricValue::Bool(!v.is_zero()),
                    _ => MetricValue::Number(v),
                });
                MetricScore {
                    name: &metric.name,
                    field: &metric.field,
                    section: &card.sections[metric.section].name,
                    value,
                    earned,
                    points: self.metric_points(j),
                    max_points: if earned.is_some() { metric.points } else { Decimal::ZERO },
                    excluded: earned.is_none(),
                    benchmark: &self.report.benchmarks[cohort * m + j],
                }
            })
            .collect()
    }

    /// The tier listed just above the partner's (the lowest tier for a partner with none; `None` at the top).
    pub fn next_tier(&self) -> Option<NextTier<'a>> {
        let head = self.head();
        let tier = &self.report.card.tiers[head.next_tier? as usize];
        Some(NextTier {
            name: &tier.name,
            min_score: tier.min_score,
            points_needed: (tier.min_score - head.score).max(Decimal::ZERO),
            unmet_requires: head.unmet.iter().map(|&r| &tier.requires[r as usize]).collect(),
        })
    }

    /// Metrics with points still to gain, largest first (then config order), at most five.
    pub fn opportunities(&self) -> Vec<Opportunity<'a>> {
        let card = &self.report.card;
        let s = card.sections.len();
        let (block, r) = self.block();
        let totals = &block.sections[r * s..(r + 1) * s];
        let mut out: Vec<(Decimal, Opportunity<'a>)> = Vec::new();
        for (j, metric) in card.metrics.iter().enumerate() {
            let Some(points) = self.metric_points(j) else {
                continue;
            };
            let mut available = metric.points - points;
            let section = &card.sections[metric.section];
            if let Some(cap) = section.max_points {
                available = available.min((cap - totals[metric.section].points).max(Decimal::ZERO));
            }
            let key = cmp_key(available);
            if key > Decimal::ZERO {
                out.push((
                    key,
                    Opportunity { name: &metric.name, field: &metric.field, section: &section.name, available },
                ));
            }
        }
        out.sort_by_key(|o| std::cmp::Reverse(o.0)); // stable: config order among equals
        out.into_iter().take(MAX_OPPORTUNITIES).map(|(_, o)| o).collect()
    }
}

impl Serialize for PartnerScore<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PartnerScore", 15)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("category", &self.category())?;
        st.serialize_field("score", &format_measure(self.score()))?;
        st.serialize_field("max_score", &format_measure(self.max_score()))?;
        st.serialize_field("score_pct", &format_measure(self.score_pct()))?;
        st.serialize_field("tier", &self.tier())?;
        st.serialize_field("rank", &self.rank())?;
        st.serialize_field("rank_in_cohort", &self.rank_in_cohort())?;
        st.serialize_field("percentile", &format_measure(self.percentile()))?;
        st.serialize_field("sections", &self.sections())?;
        st.serialize_field("metrics", &self.metrics())?;
        st.serialize_field("next_tier", &self.next_tier())?;
        st.serialize_field("opportunities", &self.opportunities())?;
        st.end()
    }
}

/// points × earned, without a multiplication for the common 0 and 1.
#[inline]
pub(crate) fn points_of(points: Decimal, earned: Decimal) -> Decimal {
    if earned.is_zero() {
        Decimal::ZERO
    } else if earned.scale() == 0 && earned.mantissa() == 1 {
        points
    } else {
        points * earned
    }
}
