//! Flat input records (registrations, commitments, milestones) from a JSON array of objects, a CSV file
//! with a header row, or columns a caller already converted (the Python face's DataFrames).
//!
//! Each record is handed to a builder as a [`Row`]: its cells by field name, as text (numbers as written,
//! booleans `true`/`false`; JSON `null` and `""` are absent), and where it is for error messages:
//! `commitments[3]` for a JSON or column record, `commitments line 4` for a CSV one, then, once the builder
//! knows whose record it is, `commitments[3] (partner K1), field due` or
//! `commitments line 4, column 6 (partner K1, field due)`.

use std::borrow::Cow;

use serde_json::Value as Json;

use crate::data::{check_quotes_closed, each_csv_record, line_end_outside_quotes, split_chunks, Value};
use crate::error::{Error, Result};

/// One record being read: its cells for the fields the builder asked for, in that order.
pub(crate) struct Row<'r> {
    what: &'static str,
    fields: &'r [&'static str],
    cells: Vec<Option<Cow<'r, str>>>,
    place: Place<'r>,
}

/// Where a record is.
enum Place<'r> {
    /// The index in a JSON array or in the columns.
    Index(usize),
    /// A CSV line, and the (1-based) column of each asked field when the header has it.
    Line(u64, &'r [Option<usize>]),
}

impl<'r> Row<'r> {
    /// The cell of `field` (one of the builder's fields), `None` when absent or empty.
    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        let k = self.fields.iter().position(|f| *f == field)?;
        self.cells.get(k)?.as_deref()
    }

    /// `commitments[3]` / `commitments line 4`, then ` (partner K1)` when `who` is given.
    pub(crate) fn at(&self, who: Option<&str>) -> String {
        self.spot().at(self.what, who)
    }

    /// Where this record is, compactly, for naming it after loading.
    pub(crate) fn spot(&self) -> Spot {
        match &self.place {
            Place::Index(i) => Spot::Index(*i),
            Place::Line(line, _) => Spot::Line(*line),
        }
    }

    /// `commitments[3] (partner K1), field due` / `commitments line 4, column 6 (partner K1, field due)`.
    pub(crate) fn at_field(&self, who: Option<&str>, field: &str) -> String {
        match &self.place {
            Place::Index(_) => format!("{}, field {field}", self.at(who)),
            Place::Line(line, columns) => {
                let column =
                    self.fields.iter().position(|f| *f == field).and_then(|k| columns.get(k).copied().flatten());
                let column = column.map(|c| format!(", column {c}")).unwrap_or_default();
                match who {
                    Some(who) => format!("{} line {line}{column} ({who}, field {field})", self.what),
                    None => format!("{} line {line}{column} (field {field})", self.what),
                }
            }
        }
    }
}

/// Where a record is, kept by a loader to name the record in errors found after loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spot {
    /// The index in a JSON array or in the columns.
    Index(usize),
    /// The line of a CSV file.
    Line(u64),
}

impl Spot {
    /// `registrations[3]` / `registrations line 4`, then ` (registration R4)` when `who` is given.
    pub(crate) fn at(self, what: &str, who: Option<&str>) -> String {
        let base = match self {
            Spot::Index(i) => format!("{what}[{i}]"),
            Spot::Line(line) => format!("{what} line {line}"),
        };
        match who {
            Some(who) => format!("{base} ({who})"),
            None => base,
        }
    }
}

/// Reads a JSON array of flat objects; `build` turns each into a record. Keys the builder does not ask
/// for are ignored (a CRM export has more columns than an analysis needs).
pub(crate) fn from_json<T>(
    text: &str,
    what: &'static str,
    fields: &[&'static str],
    build: impl FnMut(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let doc: Json = serde_json::from_str(text).map_err(|e| {
        Error::input(format!("{what} line {}, column {}", e.line(), e.column()), format!("invalid JSON: {e}"))
    })?;
    let Json::Array(records) = doc else {
        return Err(Error::input(what, "must be a JSON array of objects"));
    };
    from_json_values(&records, what, fields, build)
}

/// As [`from_json`], from an array already parsed.
pub(crate) fn from_json_values<T>(
    records: &[Json],
    what: &'static str,
    fields: &[&'static str],
    mut build: impl FnMut(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let Json::Object(map) = record else {
            return Err(Error::input(format!("{what}[{i}]"), "each record must be a JSON object"));
        };
        let mut cells = Vec::with_capacity(fields.len());
        for field in fields {
            let cell = match map.get(*field) {
                None | Some(Json::Null) => None,
                Some(Json::String(s)) if s.is_empty() => None,
                Some(Json::String(s)) => Some(Cow::Borrowed(s.as_str())),
                Some(Json::Number(n)) => Some(Cow::Borrowed(n.as_str())),
                Some(Json::Bool(b)) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
                Some(other) => {
                    return Err(Error::input(
                        format!("{what}[{i}], field {field}"),
                        format!("must be text or a number, found {other}"),
                    ))
                }
            };
            cells.push(cell);
        }
        out.push(build(&Row { what, fields, cells, place: Place::Index(i) })?);
    }
    Ok(out)
}

/// Reads a CSV with a header row, in chunks on all cores (feature `parallel`): `build` turns each row
/// into a record with no state but its chunk's `S` (e.g. a cache of repeated texts), and the records
/// come back in file order, chunk by chunk with the chunk's state (not copied into one vector); the
/// error is the one of the earliest bad row. An empty cell is absent; `required` fields must be in the header.
pub(crate) fn from_csv<T: Send, S: Default + Send>(
    text: &str,
    what: &'static str,
    fields: &[&'static str],
    required: &[&'static str],
    build: impl Fn(&mut S, &Row<'_>) -> Result<T> + Sync,
) -> Result<Vec<(S, Vec<T>)>> {
    let at = |line: u64| format!("{what} line {line}");
    let bytes = text.as_bytes();
    let header_end = line_end_outside_quotes(bytes, 0).unwrap_or(bytes.len());
    let mut header_reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..header_end]);
    let header: Vec<String> = match header_reader.records().next() {
        Some(Ok(rec)) => rec.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect(),
        Some(Err(e)) => return Err(Error::input(at(1), format!("unreadable CSV header: {e}"))),
        None => return Err(Error::input(at(1), "the CSV has no header row")),
    };
    let index: Vec<Option<usize>> = fields.iter().map(|f| header.iter().position(|h| h == f)).collect();
    let columns: Vec<Option<usize>> = index.iter().map(|i| i.map(|i| i + 1)).collect();
    let missing: Vec<&str> = required.iter().copied().filter(|f| !header.iter().any(|h| h == f)).collect();
    if !missing.is_empty() {
        return Err(Error::input(at(1), format!("the CSV header needs the column(s) {}", missing.join(", "))));
    }
    check_quotes_closed(bytes, &at)?;
    let body_start = (header_end + 1).min(bytes.len());
    let chunks = split_chunks(bytes, body_start);
    let parse_chunk = |&(start, end, first_line): &(usize, usize, u64)| -> Result<(S, Vec<T>)> {
        // one record per line, nearly always: sized once instead of grown by doubling
        let lines = bytes[start..end].iter().filter(|&&b| b == b'\n').count() + 1;
        let (mut out, mut state) = (Vec::with_capacity(lines), S::default());
        each_csv_record(&bytes[start..end], first_line, header.len(), &at, |line, record| {
            let mut cells = Vec::with_capacity(fields.len());
            for (field, i) in fields.iter().zip(&index) {
                let cell = i.and_then(|i| record.get(i)).unwrap_or_default();
                if cell.is_empty() {
                    cells.push(None);
                    continue;
                }
                let text = std::str::from_utf8(cell).map_err(|_| {
                    let column = i.map_or(0, |i| i + 1);
                    Error::input(
                        format!("{what} line {line}, column {column} (field {field})"),
                        "cell is not valid UTF-8",
                    )
                })?;
                cells.push(Some(Cow::Borrowed(text)));
            }
            out.push(build(&mut state, &Row { what, fields, cells, place: Place::Line(line, &columns) })?);
            Ok(())
        })?;
        Ok((state, out))
    };
    #[cfg(feature = "parallel")]
    let parts: Vec<Result<(S, Vec<T>)>> = {
        use rayon::prelude::*;
        chunks.par_iter().map(parse_chunk).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Result<(S, Vec<T>)>> = chunks.iter().map(parse_chunk).collect();
    parts.into_iter().collect()
}

/// Reads columns a caller converted (`(field, values)`, one value per record, all the same length);
/// records are named `what[i]`. Columns the builder does not ask for are ignored.
pub(crate) fn from_columns<T>(
    columns: &[(String, Vec<Option<Value>>)],
    what: &'static str,
    fields: &[&'static str],
    mut build: impl FnMut(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = columns.first().map_or(0, |(_, values)| values.len());
    for (name, values) in columns {
        if values.len() != n {
            return Err(Error::input(
                format!("{what} column {name}"),
                format!("has {} values, the first column has {n}", values.len()),
            ));
        }
    }
    let mut picked: Vec<Option<&[Option<Value>]>> = Vec::with_capacity(fields.len());
    for field in fields {
        let mut found = columns.iter().filter(|(name, _)| name == field);
        let first = found.next();
        if found.next().is_some() {
            return Err(Error::input(format!("{what} column {field}"), "duplicate column"));
        }
        picked.push(first.map(|(_, values)| values.as_slice()));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cells = picked
            .iter()
            .map(|column| match column.and_then(|c| c[i].as_ref()) {
                None => None,
                Some(Value::Text(t)) if t.is_empty() => None,
                Some(Value::Text(t)) => Some(Cow::Borrowed(&**t)),
                Some(other) => Some(Cow::Owned(other.as_text())),
            })
            .collect();
        out.push(build(&Row { what, fields, cells, place: Place::Index(i) })?);
    }
    Ok(out)
}

/// Whether a document given with `file_name` is JSON (`.json`, or not `.csv` and starting with `[`).
pub(crate) fn is_json(text: &str, file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower.ends_with(".json") || (!lower.ends_with(".csv") && text.trim_start().starts_with('['))
}
