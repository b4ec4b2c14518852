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

use crate::data::{Date, Partners};
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

/// One row: a partner, a period and its field values as text (numbers keep their exact digits).
#[derive(Debug, Clone)]
struct Row {
    partner: Arc<str>,
    period: Period,
    values: HashMap<String, String>,
    /// `history[17]` or `history line 18`, for errors (a plan reads partners too: say which input).
    location: String,
    /// 1-based CSV columns of the fields, for errors (empty for JSON).
    columns: Arc<HashMap<String, usize>>,
}

impl Row {
    fn field_location(&self, field: &str) -> String {
        match self.columns.get(field) {
            Some(col) => format!("{}, column {col} (partner {}, field {field})", self.location, self.partner),
            None => format!("{} (partner {}), field {field}", self.location, self.partner),
        }
    }
}

/// The per-period history of partners, validated at load.
#[derive(Debug, Clone, Default)]
pub struct History {
    rows: Vec<Row>,
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

impl History {
    /// Loads a JSON array of `{"partner_id", "period", <fields…>}` objects.
    pub fn from_json(text: &str) -> Result<History> {
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            Error::input(format!("history line {}, column {}", e.line(), e.column()), format!("invalid JSON: {e}"))
        })?;
        let Json::Array(records) = doc else {
            return Err(Error::input("history", "must be a JSON array of objects"));
        };
        let no_columns = Arc::new(HashMap::new());
        let mut rows = Vec::with_capacity(records.len());
        for (i, record) in records.into_iter().enumerate() {
            let location = format!("history[{i}]");
            let Json::Object(map) = record else {
                return Err(Error::input(location, "each history row must be a JSON object"));
            };
            let mut values = HashMap::new();
            for (key, value) in map {
                let text = match value {
                    Json::Null => continue,
                    Json::String(s) if s.is_empty() => continue,
                    Json::String(s) => s,
                    Json::Number(n) => n.as_str().to_string(),
                    Json::Bool(b) => b.to_string(),
                    other => {
                        return Err(Error::input(
                            format!("{location}, field {key}"),
                            format!("history values must be numbers or text, found {other}"),
                        ))
                    }
                };
                values.insert(key, text);
            }
            rows.push(Self::row(values, location, no_columns.clone())?);
        }
        Self::validated(rows)
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
        let columns: Arc<HashMap<String, usize>> =
            Arc::new(header.iter().enumerate().map(|(i, h)| (h.clone(), i + 1)).collect());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                Error::input(format!("history line {line}"), format!("unreadable CSV row: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let values = header
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.is_empty())
                .map(|(h, cell)| (h.clone(), cell.to_string()))
                .collect();
            rows.push(Self::row(values, format!("history line {line}"), columns.clone())?);
        }
        Self::validated(rows)
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

    fn row(mut values: HashMap<String, String>, location: String, columns: Arc<HashMap<String, usize>>) -> Result<Row> {
        let partner = match values.remove("partner_id") {
            Some(id) if !id.trim().is_empty() => Arc::from(id),
            _ => return Err(Error::input(location, "field partner_id: required (non-empty text)")),
        };
        let Some(text) = values.remove("period") else {
            return Err(Error::input(format!("{location} (partner {partner})"), "field period: required"));
        };
        let Some(period) = Period::parse(&text) else {
            return Err(Error::input(
                format!("{location} (partner {partner})"),
                format!("period {text:?} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
            ));
        };
        Ok(Row { partner, period, values, location, columns })
    }

    fn validated(rows: Vec<Row>) -> Result<History> {
        let mut seen: HashMap<(&str, &Period), usize> = HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            if let Some(first) = seen.insert((&row.partner, &row.period), i) {
                return Err(Error::input(
                    format!("{} (partner {})", row.location, row.partner),
                    format!(
                        "partner {} already has period {} at {}",
                        row.partner,
                        row.period.as_str(),
                        rows[first].location
                    ),
                ));
            }
        }
        Ok(History { rows })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The series of `field` for every partner (input order), cut at `as_of` (periods starting after it
    /// are left out). The axis is made of the periods of the partners' rows; rows of other partner ids
    /// are left out and counted. A value that is not a number is an input error naming row and field.
    pub fn series(&self, partners: &Partners, field: &str, as_of: Option<Date>) -> Result<Series> {
        let index: HashMap<&str, usize> = (0..partners.len()).map(|row| (partners.id(row), row)).collect();
        let mut kept: Vec<(usize, &Row)> = Vec::new();
        let mut rows_ignored = 0;
        for row in &self.rows {
            match index.get(&*row.partner) {
                Some(&p) if as_of.is_none_or(|d| row.period.start <= d) => kept.push((p, row)),
                Some(_) => {}
                None => rows_ignored += 1,
            }
        }
        let mut axis: Vec<Period> = kept.iter().map(|(_, r)| r.period.clone()).collect();
        axis.sort();
        axis.dedup();
        let position: HashMap<&Period, usize> = axis.iter().enumerate().map(|(i, p)| (p, i)).collect();
        let mut values: Vec<Vec<Decimal>> = vec![Vec::new(); partners.len()];
        let mut first: Vec<usize> = vec![usize::MAX; partners.len()];
        for &(p, row) in &kept {
            first[p] = first[p].min(position[&row.period]);
        }
        for (p, series) in values.iter_mut().enumerate() {
            if first[p] != usize::MAX {
                *series = vec![Decimal::ZERO; axis.len() - first[p]];
            }
        }
        for &(p, row) in &kept {
            if let Some(text) = row.values.get(field) {
                let value = parse_decimal(text).map_err(|reason| Error::input(row.field_location(field), reason))?;
                values[p][position[&row.period] - first[p]] = value;
            }
        }
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
}
