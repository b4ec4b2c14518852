//! The result of a gap analysis: one [`PartnerFit`] per input partner, in input order, serializable to
//! the JSON of DESIGN §2 and writable as CSV.

use std::io::{self, Write};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{gap_detail, Actual, Area, Column, Profile, Verdict};
use crate::data::{Partners, Value};
use crate::decimal::{cmp_key, format_measure, ser_measure, ser_opt_measure, write_measure};
use crate::par::{map_items, BLOCK};
use crate::report_out::write_text_field;

/// One criterion whose fit is not exactly 1, for one partner.
#[derive(Debug, Clone, Copy)]
struct Entry {
    criterion: u32,
    fit: Decimal,
}

/// Results of up to [`BLOCK`] consecutive partners.
#[derive(Debug, Clone)]
pub(crate) struct RowBlock {
    fit: Vec<Decimal>,
    verdict: Vec<Verdict>,
    /// Row r's entries are `entries[start[r]..start[r + 1]]`, in criteria order.
    start: Vec<u32>,
    entries: Vec<Entry>,
}

impl RowBlock {
    pub(crate) fn with_capacity(rows: usize, criteria: usize) -> Self {
        let mut start = Vec::with_capacity(rows + 1);
        start.push(0);
        RowBlock {
            fit: Vec::with_capacity(rows),
            verdict: Vec::with_capacity(rows),
            start,
            entries: Vec::with_capacity(rows * criteria.div_ceil(2)),
        }
    }

    pub(crate) fn push_unmet(&mut self, criterion: usize, fit: Decimal) {
        self.entries.push(Entry { criterion: criterion as u32, fit });
    }

    pub(crate) fn end_row(&mut self, fit: Decimal, verdict: Verdict) {
        self.fit.push(fit);
        self.verdict.push(verdict);
        self.start.push(self.entries.len() as u32);
    }

    fn entries(&self, r: usize) -> &[Entry] {
        &self.entries[self.start[r] as usize..self.start[r + 1] as usize]
    }
}

/// A text column of the report (id, name, category): the partners' own column when it holds text
/// only (shared, not copied), else a converted copy.
#[derive(Debug, Clone)]
pub(crate) enum TextColumn {
    Shared(Column),
    Converted(Vec<Option<Arc<str>>>),
    Absent,
}

impl TextColumn {
    pub(crate) fn new(partners: &Partners, field: &str) -> TextColumn {
        let Some(column) = partners.shared_column(field) else {
            return TextColumn::Absent;
        };
        if column.iter().all(|v| matches!(v, None | Some(Value::Text(_)))) {
            return TextColumn::Shared(column);
        }
        TextColumn::Converted(
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

    fn get(&self, i: usize) -> Option<&str> {
        match self {
            TextColumn::Shared(column) => match column.get(i) {
                Some(Some(Value::Text(t))) => Some(t),
                _ => None,
            },
            TextColumn::Converted(column) => column.get(i).and_then(Option::as_deref),
            TextColumn::Absent => None,
        }
    }
}

/// The result of [`Profile::evaluate`](super::Profile::evaluate).
#[derive(Debug, Clone)]
pub struct ProfileReport {
    pub(crate) profile: Arc<Profile>,
    pub(crate) ids: TextColumn,
    pub(crate) names: TextColumn,
    pub(crate) categories: TextColumn,
    /// Each criterion's field column, shared with the partners (gaps report their values from it).
    pub(crate) columns: Vec<Option<Column>>,
    pub(crate) blocks: Vec<RowBlock>,
    pub(crate) len: usize,
}

impl ProfileReport {
    /// The profile that produced this report.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Number of partners evaluated (= number of input partners).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no partner was evaluated.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The result of the `i`-th input partner. Panics when `i >= len()`.
    pub fn partner(&self, i: usize) -> PartnerFit<'_> {
        assert!(i < self.len, "partner index {i} out of range ({} partners)", self.len);
        PartnerFit { report: self, i }
    }

    /// Results in input order.
    pub fn partners(&self) -> impl ExactSizeIterator<Item = PartnerFit<'_>> + '_ {
        (0..self.len).map(move |i| PartnerFit { report: self, i })
    }

    /// How many partners got each verdict, in the order ideal, develop, poor_fit.
    pub fn verdict_counts(&self) -> [(Verdict, usize); 3] {
        let mut counts = Verdict::ALL.map(|v| (v, 0usize));
        for block in &self.blocks {
            for v in &block.verdict {
                if let Some(slot) = counts.iter_mut().find(|(k, _)| k == v) {
                    slot.1 += 1;
                }
            }
        }
        counts
    }

    /// The JSON document of DESIGN §2: `{"profile": NAME, "partners": [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The CSV columns: `id, name, category, fit, verdict, gaps, first_gap`, then `fit:<name>` per
    /// criterion (`gaps` is the number of gaps, `first_gap` the name of the first one in readiness order).
    pub fn csv_header(&self) -> Vec<String> {
        let mut header: Vec<String> =
            ["id", "name", "category", "fit", "verdict", "gaps", "first_gap"].iter().map(|s| s.to_string()).collect();
        header.extend(self.profile.criteria.iter().map(|c| format!("fit:{}", c.name)));
        header
    }

    /// Writes one CSV row per partner (input order), formatting on all cores.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        const WAVE: usize = 1 << 16;
        let mut out = io::BufWriter::with_capacity(1 << 20, out);
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(self.csv_header())?;
        out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
        let mut start = 0;
        while start < self.len {
            let end = (start + WAVE).min(self.len);
            let ranges: Vec<(usize, usize)> = (start..end).step_by(BLOCK).map(|b| (b, (b + BLOCK).min(end))).collect();
            for buffer in map_items(ranges, |(a, b)| self.csv_rows(a..b)) {
                out.write_all(&buffer)?;
            }
            start = end;
        }
        out.flush()
    }

    fn csv_rows(&self, rows: std::ops::Range<usize>) -> Vec<u8> {
        let m = self.profile.criteria.len();
        let mut w = Vec::with_capacity(rows.len() * (64 + 8 * m));
        let mut fits = vec![Decimal::ONE; m];
        for i in rows {
            let p = PartnerFit { report: self, i };
            write_text_field(&mut w, p.id());
            w.push(b',');
            write_text_field(&mut w, p.name().unwrap_or_default());
            w.push(b',');
            write_text_field(&mut w, p.category().unwrap_or_default());
            w.push(b',');
            write_measure(&mut w, p.fit());
            w.push(b',');
            w.extend_from_slice(p.verdict().as_str().as_bytes());
            w.push(b',');
            let (gaps, first) = p.gap_count_and_first();
            w.extend_from_slice(gaps.to_string().as_bytes());
            w.push(b',');
            write_text_field(&mut w, first.unwrap_or_default());
            fits.iter_mut().for_each(|f| *f = Decimal::ONE);
            for e in p.entries() {
                fits[e.criterion as usize] = e.fit;
            }
            for f in &fits {
                w.push(b',');
                write_measure(&mut w, *f);
            }
            w.push(b'\n');
        }
        w
    }
}

impl Serialize for ProfileReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::report_out::serialize_report(s, "profile", &self.profile.name, || self.partners())
    }
}

/// One partner's result: a view into the [`ProfileReport`].
#[derive(Debug, Clone, Copy)]
pub struct PartnerFit<'a> {
    report: &'a ProfileReport,
    i: usize,
}

/// A criterion the partner does not fully meet (criterion fit < 1 at 20 places).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap<'a> {
    /// Criterion name.
    pub name: &'a str,
    /// Partner field.
    pub field: &'a str,
    /// Criterion kind (`at_least`, `includes_all` …).
    pub kind: &'static str,
    /// The condition as short text (`≥ 4`, `one of EMEA, NA`).
    pub expected: &'a str,
    /// The value as read (numbers as 4-place strings, lists as arrays); null when missing.
    #[serde(serialize_with = "ser_actual")]
    pub actual: Option<Actual<'a>>,
    /// Criterion fit in [0, 1].
    #[serde(serialize_with = "ser_measure")]
    pub fit: Decimal,
    /// Distance to the nearest bound for the numeric kinds (null when missing or not numeric).
    #[serde(serialize_with = "ser_opt_measure")]
    pub shortfall: Option<Decimal>,
    /// Readiness area.
    pub area: Area,
    /// Whether the value is missing (absent, null or "").
    pub missing: bool,
}

/// The gaps of one readiness area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessArea<'a> {
    /// The area.
    pub area: Area,
    /// Its gaps, in criteria order.
    pub gaps: Vec<Gap<'a>>,
}

fn ser_actual<S: Serializer>(v: &Option<Actual<'_>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        None => s.serialize_none(),
        Some(Actual::Number(d)) => s.serialize_str(&format_measure(*d)),
        Some(Actual::Bool(b)) => s.serialize_bool(*b),
        Some(Actual::Text(t)) => s.serialize_str(t),
        Some(Actual::List(items)) => {
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for item in items {
                seq.serialize_element(&**item)?;
            }
            seq.end()
        }
    }
}

impl<'a> PartnerFit<'a> {
    fn block(&self) -> (&'a RowBlock, usize) {
        (&self.report.blocks[self.i / BLOCK], self.i % BLOCK)
    }

    fn entries(&self) -> &'a [Entry] {
        let (block, r) = self.block();
        block.entries(r)
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

    /// 100 × Σ weight·fit / Σ weight, exact, in [0, 100].
    pub fn fit(&self) -> Decimal {
        let (block, r) = self.block();
        block.fit[r]
    }

    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        let (block, r) = self.block();
        block.verdict[r]
    }

    /// The fit of criterion `j` (config order), exact, in [0, 1]. Panics when `j` is out of range.
    pub fn criterion_fit(&self, j: usize) -> Decimal {
        assert!(j < self.report.profile.criteria.len(), "criterion index {j} out of range");
        self.entries().iter().find(|e| e.criterion as usize == j).map_or(Decimal::ONE, |e| e.fit)
    }

    /// Every criterion's fit, in config order.
    pub fn criterion_fits(&self) -> Vec<Decimal> {
        let mut fits = vec![Decimal::ONE; self.report.profile.criteria.len()];
        for e in self.entries() {
            fits[e.criterion as usize] = e.fit;
        }
        fits
    }

    fn is_gap(e: &Entry) -> bool {
        cmp_key(e.fit) < Decimal::ONE
    }

    fn gap(&self, e: &Entry) -> Gap<'a> {
        let j = e.criterion as usize;
        let c = &self.report.profile.criteria[j];
        let value = self.report.columns[j].as_deref().and_then(|col| col.get(self.i)).and_then(Option::as_ref);
        let (actual, shortfall) = gap_detail(c, value);
        Gap {
            name: &c.name,
            field: &c.field,
            kind: c.kind.name(),
            expected: &c.expected,
            missing: actual.is_none(),
            actual,
            fit: e.fit,
            shortfall,
            area: c.area,
        }
    }

    /// The gaps: every criterion with fit < 1, in criteria order.
    pub fn gaps(&self) -> Vec<Gap<'a>> {
        self.entries().iter().filter(|e| Self::is_gap(e)).map(|e| self.gap(e)).collect()
    }

    /// The gaps grouped by area in readiness order (management, operational, sales_marketing,
    /// product); areas without a gap are left out.
    pub fn readiness(&self) -> Vec<ReadinessArea<'a>> {
        let gaps = self.gaps();
        Area::ALL
            .iter()
            .filter_map(|&area| {
                let in_area: Vec<Gap<'a>> = gaps.iter().filter(|g| g.area == area).cloned().collect();
                (!in_area.is_empty()).then_some(ReadinessArea { area, gaps: in_area })
            })
            .collect()
    }

    /// The number of gaps and the name of the first one in readiness order (what to work on first).
    pub fn gap_count_and_first(&self) -> (usize, Option<&'a str>) {
        let criteria = &self.report.profile.criteria;
        let mut count = 0;
        let mut first: Option<(Area, &'a str)> = None;
        for e in self.entries().iter().filter(|e| Self::is_gap(e)) {
            count += 1;
            let c = &criteria[e.criterion as usize];
            if first.is_none_or(|(area, _)| c.area < area) {
                first = Some((c.area, &c.name));
            }
        }
        (count, first.map(|(_, name)| name))
    }
}

impl Serialize for PartnerFit<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PartnerFit", 7)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("category", &self.category())?;
        st.serialize_field("fit", &format_measure(self.fit()))?;
        st.serialize_field("verdict", &self.verdict())?;
        st.serialize_field("gaps", &self.gaps())?;
        st.serialize_field("readiness", &self.readiness())?;
        st.end()
    }
}
