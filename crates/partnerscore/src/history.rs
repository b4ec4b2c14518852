//! Per-period history of partners (DESIGN "Data contract": History, and "A partner's series"), shared by
//! plans (§3) and health (§4).
//!
//! Rows in long form — `{"partner_id", "period", <fields…>}` from JSON or CSV. Periods are `YYYY`,
//! `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`, ordered by their start (then end). A repeated partner/period
//! is an input error naming both rows; a period that does not parse is an input error naming its row.
//! Locations start with `history` (`history[17]`, `history line 18, column 3`) so that an error of a call
//! taking partners and history says which of the two it is about.
//! Values are read as numbers only when a series asks for a field, so an unused column never fails.
//!
//! ```
//! use partnerscore::history::History;
//! use partnerscore::{Decimal, Partners};
//!
//! let history = History::from_csv("partner_id,period,revenue\nP1,2026-Q1,100\nP1,2026-Q3,50\nP2,2026-Q2,7\nP9,2026-Q1,1\n")?;
//! let partners = Partners::from_csv("id\nP1\nP2\nP3\n")?;
//! let series = history.series(&partners, "revenue", None)?;
//! assert_eq!(series.axis.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["2026-Q1", "2026-Q2", "2026-Q3"]);
//! assert_eq!(series.values[0], [Decimal::from(100), Decimal::ZERO, Decimal::from(50)]); // a gap is 0
//! assert_eq!(series.values[1], [Decimal::from(7), Decimal::ZERO]); // from its first row to the axis' end
//! assert!(series.values[2].is_empty()); // no rows: an empty series
//! assert_eq!(series.rows_ignored, 1); // P9 is not in the partners file
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::data::{Date, FastHash, Partners, Value};
use crate::decimal::parse_decimal;
use crate::error::{Error, Result};

/// A period of the history: its text as given and the days it covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    text: Arc<str>,
    start: Date,
    end: Date,
}

impl Period {
    /// Parses `YYYY`, `YYYY-Qn` (n in 1–4), `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        let digits =
            |s: &str| -> Option<u32> { s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok()).flatten() };
        let (start, end) = match t.len() {
            4 => {
                let y = digits(t)? as i32;
                (Date::from_ymd(y, 1, 1)?, Date::from_ymd(y, 12, 31)?)
            }
            7 if t.as_bytes()[4] == b'-' && t.as_bytes()[5] == b'Q' => {
                let y = digits(&t[..4])? as i32;
                let q = digits(&t[6..])?;
                if !(1..=4).contains(&q) {
                    return None;
                }
                let first = Date::from_ymd(y, 3 * q - 2, 1)?;
                let next = if q == 4 { Date::from_ymd(y + 1, 1, 1)? } else { Date::from_ymd(y, 3 * q + 1, 1)? };
                (first, Date::from_days(next.days() - 1)?)
            }
            7 if t.as_bytes()[4] == b'-' => {
                let (y, m) = (digits(&t[..4])? as i32, digits(&t[5..])?);
                let first = Date::from_ymd(y, m, 1)?;
                let next = if m == 12 { Date::from_ymd(y + 1, 1, 1)? } else { Date::from_ymd(y, m + 1, 1)? };
                (first, Date::from_days(next.days() - 1)?)
            }
            10 => {
                let day = Date::parse(t)?;
                (day, day)
            }
            _ => return None,
        };
        Some(Period { text: t.into(), start, end })
    }

    /// The period as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// Its last day.
    pub fn end(&self) -> Date {
        self.end
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start, self.end, &*self.text).cmp(&(other.start, other.end, &*other.text))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Where the rows came from, for error locations.
#[derive(Debug, Clone)]
enum Origin {
    /// A JSON array or caller-built columns: `history[i]`.
    Records,
    /// CSV: the line of every row and the 1-based column of every field.
    Csv { lines: Vec<u64>, columns: HashMap<String, usize> },
}

/// The per-period history of partners, validated at load and stored by column: per row a partner (an
/// index into the distinct ids) and a period (an index into the distinct periods), and one column of
/// values per field. Numbers are parsed at load; a cell that is not a number is kept as text and is an
/// error only when a series reads it.
#[derive(Debug, Clone)]
pub struct History {
    ids: Vec<Arc<str>>,
    periods: Vec<Period>,
    partner: Vec<u32>,
    period: Vec<u32>,
    fields: HashMap<String, Vec<Option<Value>>>,
    origin: Origin,
}

impl Default for History {
    fn default() -> Self {
        History {
            ids: Vec::new(),
            periods: Vec::new(),
            partner: Vec::new(),
            period: Vec::new(),
            fields: HashMap::new(),
            origin: Origin::Records,
        }
    }
}

/// Every plan partner's series of one field over the period axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Every distinct period of the partners' rows (cut at as_of), in order.
    pub axis: Vec<Period>,
    /// One series per partner, in the partners' input order: from the partner's first row to the axis'
    /// last period, 0 where a period has no row or the row lacks the field; empty without rows.
    pub values: Vec<Vec<Decimal>>,
    /// Rows of partner ids that are not among the partners (left out).
    pub rows_ignored: usize,
}

/// Builds a [`History`] row by row, interning ids and periods.
struct Builder {
    history: History,
    id_index: HashMap<Arc<str>, u32, FastHash>,
    period_index: HashMap<String, u32, FastHash>,
}

impl Builder {
    fn new(origin: Origin) -> Self {
        Builder {
            history: History { origin, ..History::default() },
            id_index: HashMap::default(),
            period_index: HashMap::default(),
        }
    }

    /// Adds the key columns of row `row`: errors name the row (`location`).
    fn key(&mut self, id: Option<&str>, period: Option<&str>, location: impl Fn() -> String) -> Result<()> {
        let id = match id.map(str::trim) {
            Some(id) if !id.is_empty() => id,
            _ => return Err(Error::input(location(), "field partner_id: required (non-empty text)")),
        };
        let p = match self.id_index.get(id) {
            Some(&p) => p,
            None => {
                let p = self.history.ids.len() as u32;
                let id: Arc<str> = id.into();
                self.history.ids.push(id.clone());
                self.id_index.insert(id, p);
                p
            }
        };
        let Some(text) = period.filter(|t| !t.trim().is_empty()) else {
            return Err(Error::input(format!("{} (partner {id})", location()), "field period: required"));
        };
        let q = match self.period_index.get(text) {
            Some(&q) => q,
            None => {
                let Some(parsed) = Period::parse(text) else {
                    return Err(Error::input(
                        format!("{} (partner {id})", location()),
                        format!("period {text:?} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
                    ));
                };
                let q = self.history.periods.len() as u32;
                self.history.periods.push(parsed);
                self.period_index.insert(text.to_string(), q);
                q
            }
        };
        self.history.partner.push(p);
        self.history.period.push(q);
        Ok(())
    }

    /// The column of `field`, padded with missing values up to the rows before this one.
    fn column(&mut self, field: &str) -> &mut Vec<Option<Value>> {
        let rows = self.history.partner.len().saturating_sub(1);
        let column = self.history.fields.entry(field.to_string()).or_default();
        column.resize(rows, None);
        column
    }

    /// Pads every column to the row count and checks that no partner has a period twice.
    fn finish(mut self) -> Result<History> {
        let n = self.history.partner.len();
        for column in self.history.fields.values_mut() {
            column.resize(n, None);
        }
        let h = self.history;
        let mut seen: HashMap<(u32, u32), usize, FastHash> = HashMap::with_capacity_and_hasher(n, FastHash);
        for row in 0..n {
            if let Some(first) = seen.insert((h.partner[row], h.period[row]), row) {
                let id = &h.ids[h.partner[row] as usize];
                return Err(Error::input(
                    format!("{} (partner {id})", h.row_location(row)),
                    format!(
                        "partner {id} already has period {} at {}",
                        h.periods[h.period[row] as usize].as_str(),
                        h.row_location(first)
                    ),
                ));
            }
        }
        Ok(h)
    }
}

/// A cell's value: a number when it reads as one (kept exactly), else its text.
fn cell_value(text: &str) -> Value {
    match crate::decimal::parse_canonical(text.as_bytes()).map_or_else(|| parse_decimal(text), Ok) {
        Ok(d) => Value::Number(d),
        Err(_) => Value::Text(text.into()),
    }
}

impl History {
    /// Loads a JSON array of `{"partner_id", "period", <fields…>}` objects.
    pub fn from_json(text: &str) -> Result<History> {
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            Error::input(format!("history line {}, column {}", e.line(), e.column()), format!("invalid JSON: {e}"))
        })?;
        let Json::Array(records) = doc else {
            return Err(Error::input("history", "must be a JSON array of objects"));
        };
        let mut b = Builder::new(Origin::Records);
        for (i, record) in records.into_iter().enumerate() {
            let location = || format!("history[{i}]");
            let Json::Object(map) = record else {
                return Err(Error::input(location(), "each history row must be a JSON object"));
            };
            let text_of = |key: &str| match map.get(key) {
                Some(Json::String(s)) => Some(s.clone()),
                Some(Json::Number(n)) => Some(n.as_str().to_string()),
                _ => None,
            };
            b.key(text_of("partner_id").as_deref(), text_of("period").as_deref(), location)?;
            for (key, value) in map {
                if key == "partner_id" || key == "period" {
                    continue;
                }
                let value = match value {
                    Json::Null => continue,
                    Json::String(s) if s.is_empty() => continue,
                    Json::String(s) => cell_value(&s),
                    Json::Number(n) => cell_value(n.as_str()),
                    Json::Bool(v) => Value::Bool(v),
                    other => {
                        return Err(Error::input(
                            format!("history[{i}], field {key}"),
                            format!("history values must be numbers or text, found {other}"),
                        ))
                    }
                };
                b.column(&key).push(Some(value));
            }
        }
        b.finish()
    }

    /// Loads a CSV with a header row (`partner_id`, `period`, fields…); an empty cell is missing.
    pub fn from_csv(text: &str) -> Result<History> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::input("history line 1", format!("unreadable CSV header: {e}")))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let position = |name: &str| header.iter().position(|h| h == name);
        let (Some(id_col), Some(period_col)) = (position("partner_id"), position("period")) else {
            return Err(Error::input("history line 1", "the CSV header needs `partner_id` and `period` columns"));
        };
        let columns: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.clone(), i + 1)).collect();
        let mut lines = Vec::new();
        let mut b = Builder::new(Origin::Records);
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    return Err(Error::input(format!("history line {line}"), format!("unreadable CSV row: {e}")));
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            lines.push(line);
            b.key(record.get(id_col), record.get(period_col), || format!("history line {line}"))?;
            for (k, cell) in record.iter().enumerate() {
                if k != id_col && k != period_col && !cell.is_empty() {
                    if let Some(field) = header.get(k) {
                        let value = cell_value(cell);
                        b.column(field).push(Some(value));
                    }
                }
            }
        }
        b.history.origin = Origin::Csv { lines, columns };
        b.finish()
    }

    /// Builds a history from columns already converted by a caller (the Python face's DataFrames):
    /// `(field, values)` with one value per row; `partner_id` and `period` are required (numbers are read
    /// as their text: a year `2026` is the period `2026`). Errors name rows as `history[i]`.
    pub fn from_columns(columns: Vec<(String, Vec<Option<Value>>)>) -> Result<History> {
        let n = columns.first().map_or(0, |(_, values)| values.len());
        let mut keys: [Option<Vec<Option<Value>>>; 2] = [None, None];
        let mut fields = HashMap::new();
        for (field, values) in columns {
            if values.len() != n {
                return Err(Error::input(
                    format!("history column {field}"),
                    format!("has {} values, the first column has {n}", values.len()),
                ));
            }
            let slot = match field.as_str() {
                "partner_id" => &mut keys[0],
                "period" => &mut keys[1],
                _ => {
                    if fields.contains_key(&field) {
                        return Err(Error::input(format!("history column {field}"), "duplicate column"));
                    }
                    let values: Vec<Option<Value>> = values
                        .into_iter()
                        .map(|v| match v {
                            Some(Value::Text(t)) if t.is_empty() => None,
                            Some(Value::Text(t)) => Some(cell_value(&t)),
                            other => other,
                        })
                        .collect();
                    fields.insert(field, values);
                    continue;
                }
            };
            if slot.is_some() {
                return Err(Error::input(format!("history column {field}"), "duplicate column"));
            }
            *slot = Some(values);
        }
        let [Some(ids), Some(periods)] = keys else {
            return Err(Error::input("history", "the columns `partner_id` and `period` are required"));
        };
        let text = |v: &Option<Value>| v.as_ref().map(Value::as_text);
        let mut b = Builder::new(Origin::Records);
        for (i, (id, period)) in ids.iter().zip(&periods).enumerate() {
            b.key(text(id).as_deref(), text(period).as_deref(), || format!("history[{i}]"))?;
        }
        b.history.fields = fields;
        b.finish()
    }

    /// Loads a document whose format is given by its file name (`.csv` or `.json`); anything else is read
    /// as JSON when it starts with `[`, else as CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<History> {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") || (!lower.ends_with(".csv") && text.trim_start().starts_with('[')) {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.partner.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.partner.is_empty()
    }

    /// The last day of the latest period of any row (the default as_of of a health review).
    pub fn latest_end(&self) -> Option<Date> {
        self.periods.iter().map(Period::end).max()
    }

    /// `history[17]` or `history line 18`.
    fn row_location(&self, row: usize) -> String {
        match &self.origin {
            Origin::Csv { lines, .. } => format!("history line {}", lines.get(row).copied().unwrap_or(0)),
            Origin::Records => format!("history[{row}]"),
        }
    }

    /// `history line 18, column 3 (partner P1, field revenue)` or `history[17] (partner P1), field revenue`.
    fn field_location(&self, row: usize, field: &str) -> String {
        let id = &self.ids[self.partner[row] as usize];
        match &self.origin {
            Origin::Csv { columns, .. } => match columns.get(field) {
                Some(col) => format!("{}, column {col} (partner {id}, field {field})", self.row_location(row)),
                None => format!("{} (partner {id}, field {field})", self.row_location(row)),
            },
            Origin::Records => format!("{} (partner {id}), field {field}", self.row_location(row)),
        }
    }

    /// The series of `field` for every partner (input order), cut at `as_of` (periods starting after it
    /// are left out). The axis is made of the periods of the partners' rows; rows of other partner ids
    /// are left out and counted. A value that is not a number is an input error naming row and field.
    pub fn series(&self, partners: &Partners, field: &str, as_of: Option<Date>) -> Result<Series> {
        let mut index: HashMap<&str, u32, FastHash> = HashMap::with_capacity_and_hasher(partners.len(), FastHash);
        for (row, id) in partners.ids().into_iter().enumerate() {
            index.insert(id, row as u32);
        }
        // Each distinct history id → its partner row, once.
        let plan_row: Vec<u32> = self.ids.iter().map(|id| index.get(&**id).copied().unwrap_or(u32::MAX)).collect();
        let in_time: Vec<bool> = self.periods.iter().map(|p| as_of.is_none_or(|d| p.start <= d)).collect();
        let mut rows_ignored = 0;
        let mut used = vec![false; self.periods.len()];
        let mut first: Vec<u32> = vec![u32::MAX; partners.len()];
        for (&p, &q) in self.partner.iter().zip(&self.period) {
            let row = plan_row[p as usize];
            if row == u32::MAX {
                rows_ignored += 1;
            } else if in_time[q as usize] {
                used[q as usize] = true;
            }
        }
        let mut axis_ids: Vec<u32> = (0..self.periods.len() as u32).filter(|&q| used[q as usize]).collect();
        axis_ids.sort_by(|&a, &b| self.periods[a as usize].cmp(&self.periods[b as usize]));
        let mut position = vec![u32::MAX; self.periods.len()];
        for (i, &q) in axis_ids.iter().enumerate() {
            position[q as usize] = i as u32;
        }
        for (&p, &q) in self.partner.iter().zip(&self.period) {
            let row = plan_row[p as usize];
            if row != u32::MAX && in_time[q as usize] {
                first[row as usize] = first[row as usize].min(position[q as usize]);
            }
        }
        let axis_len = axis_ids.len();
        let mut values: Vec<Vec<Decimal>> = first
            .iter()
            .map(|&f| if f == u32::MAX { Vec::new() } else { vec![Decimal::ZERO; axis_len - f as usize] })
            .collect();
        if let Some(column) = self.fields.get(field) {
            for (r, cell) in column.iter().enumerate() {
                let (row, q) = (plan_row[self.partner[r] as usize], self.period[r]);
                let Some(value) = cell else { continue };
                if row == u32::MAX || !in_time[q as usize] {
                    continue;
                }
                let number = value.as_number().map_err(|reason| Error::input(self.field_location(r, field), reason))?;
                let row = row as usize;
                values[row][(position[q as usize] - first[row]) as usize] = number;
            }
        }
        let axis = axis_ids.into_iter().map(|q| self.periods[q as usize].clone()).collect();
        Ok(Series { axis, values, rows_ignored })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(series: &Series) -> Vec<Vec<String>> {
        series.values.iter().map(|s| s.iter().map(|d| d.to_string()).collect()).collect()
    }

    #[test]
    fn periods_parse_and_order() {
        let q = Period::parse("2026-Q4").unwrap();
        assert_eq!((q.start().to_string(), q.end().to_string()), ("2026-10-01".into(), "2026-12-31".into()));
        let m = Period::parse("2024-02").unwrap();
        assert_eq!(m.end().to_string(), "2024-02-29");
        let y = Period::parse("2025").unwrap();
        assert_eq!((y.start().to_string(), y.end().to_string()), ("2025-01-01".into(), "2025-12-31".into()));
        assert_eq!(Period::parse("2026-03-31").unwrap().start(), Period::parse("2026-03-31").unwrap().end());
        for bad in ["2026-Q5", "2026-Q0", "2026-13", "26-Q1", "2026-02-30", "", "Q1-2026", "2026-1"] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
        let mut ps: Vec<Period> =
            ["2026-Q2", "2025-12", "2026-Q1", "2025"].iter().filter_map(|t| Period::parse(t)).collect();
        ps.sort();
        assert_eq!(ps.iter().map(Period::as_str).collect::<Vec<_>>(), ["2025", "2025-12", "2026-Q1", "2026-Q2"]);
    }

    #[test]
    fn series_fill_gaps_start_at_the_first_row_and_cut_at_as_of() {
        let partners = Partners::from_csv("id\nA\nB\nC\n").unwrap();
        // Rows in any order; B's row lacks the field; Z is not a plan partner.
        let history = History::from_json(
            r#"[{"partner_id":"A","period":"2026-Q3","revenue":"50.5"},
                {"partner_id":"Z","period":"2026-Q4","revenue":1},
                {"partner_id":"A","period":"2026-Q1","revenue":100},
                {"partner_id":"B","period":"2026-Q2"},
                {"partner_id":"B","period":"2026-Q4","revenue":-3}]"#,
        )
        .unwrap();
        let s = history.series(&partners, "revenue", None).unwrap();
        assert_eq!(s.axis.iter().map(Period::as_str).collect::<Vec<_>>(), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(texts(&s), [vec!["100", "0", "50.5", "0"], vec!["0", "0", "-3"], vec![]]);
        assert_eq!(s.rows_ignored, 1);
        let cut = history.series(&partners, "revenue", Date::parse("2026-08-15")).unwrap();
        assert_eq!(texts(&cut), [vec!["100", "0", "50.5"], vec!["0", "0"], vec![]]);
    }

    #[test]
    fn csv_and_json_agree_and_errors_name_rows() {
        let partners = Partners::from_csv("id\nA\n").unwrap();
        let csv = History::from_csv("partner_id,period,revenue,notes\nA,2026-01,10,x\nA,2026-03,,y\n").unwrap();
        let json = History::from_json(
            r#"[{"partner_id":"A","period":"2026-01","revenue":10},{"partner_id":"A","period":"2026-03"}]"#,
        )
        .unwrap();
        assert_eq!(csv.series(&partners, "revenue", None).unwrap(), json.series(&partners, "revenue", None).unwrap());

        let dup = History::from_csv("partner_id,period\nA,2026-Q1\nB,2026-Q1\nA,2026-Q1\n").unwrap_err();
        assert_eq!(
            dup.to_string(),
            "history line 4 (partner A): partner A already has period 2026-Q1 at history line 2"
        );
        let bad = History::from_json(r#"[{"partner_id":"A","period":"2026-Q5"}]"#).unwrap_err();
        assert_eq!(
            bad.to_string(),
            r#"history[0] (partner A): period "2026-Q5" is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"#
        );
        let no_id = History::from_json(r#"[{"period":"2026"}]"#).unwrap_err();
        assert_eq!(no_id.to_string(), "history[0]: field partner_id: required (non-empty text)");
        let text = History::from_csv("partner_id,period,revenue\nA,2026,ten\n").unwrap();
        let err = text.series(&partners, "revenue", None).unwrap_err();
        assert!(err.to_string().starts_with("history line 2, column 3 (partner A, field revenue): "), "{err}");
        // An unused column is never read.
        assert!(text.series(&partners, "deals", None).is_ok());
    }

    #[test]
    fn columns_agree_with_csv_and_name_rows() {
        let partners = Partners::from_csv("id\nA\nB\n").unwrap();
        let text = |t: &str| Some(Value::Text(t.into()));
        let history = History::from_columns(vec![
            ("partner_id".into(), vec![text("A"), text("B"), text("A")]),
            ("period".into(), vec![Some(Value::Number(Decimal::from(2025))), text("2026"), text("2026")]),
            ("revenue".into(), vec![Some(Value::Number(Decimal::from(5))), text(""), text("7.5")]),
        ])
        .unwrap();
        let csv = History::from_csv("partner_id,period,revenue\nA,2025,5\nB,2026,\nA,2026,7.5\n").unwrap();
        assert_eq!(
            history.series(&partners, "revenue", None).unwrap(),
            csv.series(&partners, "revenue", None).unwrap()
        );
        let missing = History::from_columns(vec![("partner_id".into(), vec![text("A")])]).unwrap_err();
        assert_eq!(missing.to_string(), "history: the columns `partner_id` and `period` are required");
        let bad = History::from_columns(vec![
            ("partner_id".into(), vec![text("A"), text("A")]),
            ("period".into(), vec![text("2026-Q1"), text("2026-Q1")]),
        ])
        .unwrap_err();
        assert_eq!(bad.to_string(), "history[1] (partner A): partner A already has period 2026-Q1 at history[0]");
    }
}
