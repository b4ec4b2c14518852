//! Partner data: values, the partner table, and loading it from JSON or CSV (DESIGN "Data contract").
//!
//! Values are kept as given and read the way the rule that uses them needs ([`Value::as_number`],
//! [`Value::as_bool`], [`Value::as_text`]). A CSV cell that is a plainly written decimal (`512000.10`)
//! is stored as a number up front, which loses nothing of its text and spares re-parsing it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::decimal::{is_canonical_decimal, parse_decimal};
use crate::error::{Error, Result};

/// Keys with a fixed meaning in partner records.
pub const RESERVED_KEYS: [&str; 6] = ["id", "name", "category", "signed_on", "first_revenue_on", "terminated_on"];
pub use crate::derived::DERIVED_FIELDS;
/// Reserved keys that hold dates (`YYYY-MM-DD`).
pub const DATE_KEYS: [&str; 3] = ["signed_on", "first_revenue_on", "terminated_on"];

/// One field value of a partner. A missing value is `None` wherever a `Option<Value>` appears.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A decimal number, exact.
    Number(Decimal),
    /// A boolean.
    Bool(bool),
    /// Text, as given (shared: reports keep ids and names without copying them).
    Text(Arc<str>),
    /// A list of strings (JSON array).
    List(Box<[Box<str>]>),
}

impl Value {
    /// The value as a decimal number, as a numeric rule reads it: numbers as they are, booleans as
    /// 1 or 0, text parsed exactly. `Err` carries the reason.
    pub fn as_number(&self) -> Result<Decimal, String> {
        match self {
            Value::Number(d) => Ok(*d),
            Value::Bool(b) => Ok(if *b { Decimal::ONE } else { Decimal::ZERO }),
            Value::Text(t) => parse_decimal(t).or_else(|reason| match parse_bool(t) {
                Some(b) => Ok(if b { Decimal::ONE } else { Decimal::ZERO }),
                None => Err(reason),
            }),
            Value::List(_) => Err("a list is not a number".to_string()),
        }
    }

    /// The value as a boolean, as a boolean rule reads it: true/false/yes/no/1/0 in any case, a number
    /// is true when non-zero.
    pub fn as_bool(&self) -> Result<bool, String> {
        match self {
            Value::Bool(b) => Ok(*b),
            Value::Number(d) => Ok(!d.is_zero()),
            Value::Text(t) => parse_bool(t)
                .or_else(|| parse_decimal(t).ok().map(|d| !d.is_zero()))
                .ok_or_else(|| format!("{t:?} is not a boolean (true/false/yes/no/1/0 or a number)")),
            Value::List(_) => Err("a list is not a boolean".to_string()),
        }
    }

    /// The value as text: text as given, numbers as written, booleans `true`/`false`, lists joined by `;`.
    pub fn as_text(&self) -> String {
        match self {
            Value::Text(t) => t.to_string(),
            Value::Number(d) => d.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items.join(";"),
        }
    }
}

/// Reads true/false/yes/no/1/0 in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    ["true", "yes", "1"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
        .then_some(true)
        .or_else(|| ["false", "no", "0"].iter().any(|w| t.eq_ignore_ascii_case(w)).then_some(false))
}

/// A calendar date, `YYYY-MM-DD`, counted in days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// Parses `YYYY-MM-DD` (a real calendar day).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<i32> { s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok()).flatten() };
        let (y, m, d) = (num(&text[0..4])?, num(&text[5..7])?, num(&text[8..10])?);
        Date::from_ymd(y, m as u32, d as u32)
    }

    /// The date of a year, month (1–12) and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// The date `days` after 1970-01-01 (negative: before), if its year is within 0–9999.
    pub fn from_days(days: i32) -> Option<Date> {
        days.checked_add(719_468)?;
        let date = Date(days);
        (0..=9999).contains(&date.ymd().0).then_some(date)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i32::from(m <= 2), m, d)
    }
}

impl serde::Serialize for Date {
    /// As `YYYY-MM-DD` text, as every report writes dates.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Where the partners came from, so that errors can name the record precisely.
#[derive(Debug, Clone)]
enum Origin {
    Json,
    /// The CSV line of each partner and the 1-based column of each field.
    Csv {
        lines: Vec<u64>,
        columns: Vec<usize>,
    },
}

/// A table of partners: one record per partner in input order, fields by name.
///
/// Columns are stored one per field; `id` is required and unique, `name` and `category` are text.
#[derive(Debug, Clone)]
pub struct Partners {
    fields: Vec<String>,
    index: HashMap<String, usize>,
    /// Shared columns: a report keeps the id, name and category columns without copying them.
    columns: Vec<Arc<Vec<Option<Value>>>>,
    len: usize,
    origin: Origin,
}

impl crate::derived::Columns for Partners {
    fn rows(&self) -> usize {
        self.len
    }
    fn column(&self, field: &str) -> Option<&[Option<Value>]> {
        Partners::column(self, field)
    }
    fn location(&self, row: usize, field: &str) -> String {
        Partners::location(self, row, field)
    }
    fn set_column(&mut self, field: &str, values: Vec<Option<Value>>) {
        let col = self.field_column(field);
        self.columns[col] = Arc::new(values);
    }
}

/// Which fields to keep when loading: all, or only those a config needs (plus the reserved keys).
#[derive(Debug, Clone, Default)]
pub enum FieldSelection {
    /// Keep every field.
    #[default]
    All,
    /// Keep the reserved keys and these fields; other columns are skipped without being read.
    Only(Vec<String>),
}

impl FieldSelection {
    /// Whether `field` is kept (reserved keys always are).
    pub fn keeps(&self, field: &str) -> bool {
        match self {
            FieldSelection::All => true,
            FieldSelection::Only(list) => {
                RESERVED_KEYS.contains(&field)
                    || list.iter().any(|f| f == field || crate::derived::derived_inputs(f).contains(&field))
            }
        }
    }
}

impl Partners {
    /// Parses partners from a JSON array of flat objects.
    pub fn from_json(text: &str) -> Result<Partners> {
        Self::from_json_selected(text, &FieldSelection::All)
    }

    /// Parses partners from a JSON array, keeping only the selected fields.
    pub fn from_json_selected(text: &str, selection: &FieldSelection) -> Result<Partners> {
        let doc: Json = serde_json::from_str(text).map_err(|e| {
            Error::input(format!("line {}, column {}", e.line(), e.column()), format!("invalid JSON: {e}"))
        })?;
        let Json::Array(records) = doc else {
            return Err(Error::input("(root)", "partners must be a JSON array of objects"));
        };
        Self::from_json_values(records, selection)
    }

    /// Builds partners from already parsed JSON objects (one per partner).
    pub fn from_json_values(records: Vec<Json>, selection: &FieldSelection) -> Result<Partners> {
        let mut table = Partners::empty(Origin::Json);
        for (row, record) in records.into_iter().enumerate() {
            let Json::Object(map) = record else {
                return Err(Error::input(format!("partners[{row}]"), "each partner must be a JSON object"));
            };
            let id = match map.get("id") {
                Some(Json::String(s)) if !s.trim().is_empty() => s.clone(),
                Some(Json::Number(n)) => n.as_str().to_string(),
                _ => return Err(Error::input(format!("partners[{row}]"), "field id: required (non-empty text)")),
            };
            for (key, value) in map {
                if !selection.keeps(&key) {
                    continue;
                }
                let col = table.field_column(&key);
                if key == "id" {
                    Arc::make_mut(&mut table.columns[col]).push(Some(Value::Text(id.as_str().into())));
                    continue;
                }
                let value = json_value(value)
                    .map_err(|reason| Error::input(format!("partners[{row}] (partner {id}), field {key}"), reason))?;
                Arc::make_mut(&mut table.columns[col]).push(value);
            }
            table.len += 1;
            for column in &mut table.columns {
                if column.len() < table.len {
                    Arc::make_mut(column).push(None);
                }
            }
        }
        table.finish()
    }

    /// Builds partners from columns already converted by a caller (the Python face's DataFrames):
    /// `(field, values)` with one value per partner, in partner order. Errors name records as
    /// `partners[3] (partner P004)`, like JSON input. Empty text is missing, as in JSON and CSV.
    pub fn from_columns(columns: Vec<(String, Vec<Option<Value>>)>) -> Result<Partners> {
        let mut table = Partners::empty(Origin::Json);
        table.len = columns.first().map_or(0, |(_, values)| values.len());
        for (field, mut values) in columns {
            if table.index.contains_key(&field) {
                return Err(Error::input(format!("column {field}"), "duplicate column"));
            }
            if values.len() != table.len {
                return Err(Error::input(
                    format!("column {field}"),
                    format!("has {} values, the first column has {}", values.len(), table.len),
                ));
            }
            for value in &mut values {
                if matches!(value, Some(Value::Text(t)) if t.is_empty()) {
                    *value = None;
                }
            }
            if field == "id" {
                for value in &mut values {
                    if let Some(Value::Number(n)) = value {
                        *value = Some(Value::Text(n.to_string().into()));
                    }
                }
            }
            table.index.insert(field.clone(), table.fields.len());
            table.fields.push(field);
            table.columns.push(Arc::new(values));
        }
        table.finish()
    }

    /// Parses partners from CSV text with a header row. An empty cell is a missing value.
    pub fn from_csv(text: &str) -> Result<Partners> {
        Self::from_csv_selected(text, &FieldSelection::All)
    }

    /// Parses partners from CSV text, keeping only the selected fields (others are not read).
    ///
    /// Large files are parsed in parallel chunks split at line ends outside quotes.
    pub fn from_csv_selected(text: &str, selection: &FieldSelection) -> Result<Partners> {
        let bytes = text.as_bytes();
        let header_end = line_end_outside_quotes(bytes, 0).unwrap_or(bytes.len());
        let mut header_reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..header_end]);
        let header: Vec<String> = match header_reader.records().next() {
            Some(Ok(rec)) => rec.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect(),
            Some(Err(e)) => return Err(Error::input("line 1", format!("unreadable CSV header: {e}"))),
            None => return Err(Error::input("line 1", "the CSV has no header row")),
        };
        let mut seen = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(Error::input(format!("line 1, column {}", i + 1), "empty column name in header"));
            }
            if let Some(first) = seen.insert(h.as_str(), i) {
                return Err(Error::input(
                    format!("line 1, column {}", i + 1),
                    format!("duplicate column {h:?} (also column {})", first + 1),
                ));
            }
        }
        let Some(id_col) = header.iter().position(|h| h == "id") else {
            return Err(Error::input("line 1", "the CSV header has no `id` column"));
        };
        let kept: Vec<(usize, &str)> =
            header.iter().enumerate().filter(|(_, h)| selection.keeps(h)).map(|(i, h)| (i, h.as_str())).collect();

        let body_start = (header_end + 1).min(bytes.len());
        check_quotes_closed(bytes, &|line| format!("line {line}"))?;
        let chunks = split_chunks(bytes, body_start);
        let parse_chunk = |&(start, end, first_line): &(usize, usize, u64)| -> Result<CsvChunk> {
            parse_csv_chunk(&bytes[start..end], first_line, header.len(), id_col, &kept)
        };
        #[cfg(feature = "parallel")]
        let parts: Vec<Result<CsvChunk>> = {
            use rayon::prelude::*;
            chunks.par_iter().map(parse_chunk).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let parts: Vec<Result<CsvChunk>> = chunks.iter().map(parse_chunk).collect();

        let mut table = Partners::empty(Origin::Csv { lines: Vec::new(), columns: Vec::new() });
        let mut columns_1based = Vec::new();
        for (i, name) in &kept {
            table.field_column(name);
            columns_1based.push(i + 1);
        }
        let mut lines = Vec::new();
        let mut pieces: Vec<Vec<Vec<Option<Value>>>> = vec![Vec::with_capacity(parts.len()); kept.len()];
        for part in parts {
            let part = part?;
            table.len += part.lines.len();
            lines.extend(part.lines);
            for (column, values) in pieces.iter_mut().zip(part.columns) {
                column.push(values);
            }
        }
        table.columns = crate::par::map_items(pieces, |column| Arc::new(column.concat()));
        table.origin = Origin::Csv { lines, columns: columns_1based };
        table.finish()
    }

    /// Loads partners from a document whose format is given by its file name (`.csv` or `.json`);
    /// anything else is read as JSON when it starts with `[`, else as CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<Partners> {
        Self::from_text_selected(text, file_name, &FieldSelection::All)
    }

    /// [`Partners::from_text`] keeping only the selected fields.
    pub fn from_text_selected(text: &str, file_name: &str, selection: &FieldSelection) -> Result<Partners> {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Self::from_csv_selected(text, selection)
        } else if lower.ends_with(".json") || text.trim_start().starts_with('[') {
            Self::from_json_selected(text, selection)
        } else {
            Self::from_csv_selected(text, selection)
        }
    }

    fn empty(origin: Origin) -> Partners {
        Partners { fields: Vec::new(), index: HashMap::new(), columns: Vec::new(), len: 0, origin }
    }

    fn field_column(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.fields.push(key.to_string());
        self.index.insert(key.to_string(), self.fields.len() - 1);
        self.columns.push(Arc::new(vec![None; self.len]));
        self.fields.len() - 1
    }

    /// Validates ids (present, unique), reserved text and date fields, then adds the derived fields.
    fn finish(mut self) -> Result<Partners> {
        let id_col = self.field_column("id");
        if let Some((row, first)) = first_duplicate_id(&self.columns[id_col])? {
            return Err(match row {
                Err(row) => Error::input(self.row_location(row), "field id: required (non-empty text)"),
                Ok(row) => Error::input(
                    self.row_location(row),
                    format!("duplicate partner id {:?} (first at {})", self.id(row), self.row_location(first)),
                ),
            });
        }
        for key in ["name", "category"] {
            if let Some(&col) = self.index.get(key) {
                for row in 0..self.len {
                    if let Some(Value::List(_)) = self.columns[col][row] {
                        return Err(Error::input(self.location(row, key), "must be text, not a list"));
                    }
                }
            }
        }
        for key in DATE_KEYS {
            if let Some(&col) = self.index.get(key) {
                for row in 0..self.len {
                    if let Some(v) = &self.columns[col][row] {
                        let text = v.as_text();
                        if Date::parse(&text).is_none() {
                            return Err(Error::input(
                                self.location(row, key),
                                format!("{text:?} is not a date (YYYY-MM-DD)"),
                            ));
                        }
                    }
                }
            }
        }
        crate::derived::add_derived(&mut self)?;
        Ok(self)
    }

    /// Number of partners.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no partners.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Field names, in order of first appearance (reserved keys included).
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The column index of a field, if any partner has it.
    pub fn field_index(&self, field: &str) -> Option<usize> {
        self.index.get(field).copied()
    }

    /// The values of a field, one per partner (`None` = missing), or `None` when no partner has the field.
    pub fn column(&self, field: &str) -> Option<&[Option<Value>]> {
        self.field_index(field).map(|i| self.columns[i].as_slice())
    }

    /// A field's column shared with the table (no copy), or `None` when no partner has the field.
    pub(crate) fn shared_column(&self, field: &str) -> Option<Arc<Vec<Option<Value>>>> {
        self.field_index(field).map(|i| Arc::clone(&self.columns[i]))
    }

    /// The value of `field` for partner `row`.
    pub fn get(&self, row: usize, field: &str) -> Option<&Value> {
        self.column(field).and_then(|c| c.get(row)).and_then(Option::as_ref)
    }

    /// The id of partner `row`.
    pub fn id(&self, row: usize) -> &str {
        match self.get(row, "id") {
            Some(Value::Text(t)) => t,
            _ => "",
        }
    }

    /// Every partner's id, in input order (the id column read once).
    pub fn ids(&self) -> Vec<&str> {
        match self.column("id") {
            Some(column) => column
                .iter()
                .map(|v| match v {
                    Some(Value::Text(t)) => &**t,
                    _ => "",
                })
                .collect(),
            None => vec![""; self.len],
        }
    }

    /// Takes a field's column out of the table (freeing its memory with the column), leaving every
    /// partner without that field.
    pub fn take_column(&mut self, field: &str) -> Option<Vec<Option<Value>>> {
        let i = self.index.remove(field)?;
        self.fields.remove(i);
        if let Origin::Csv { columns, .. } = &mut self.origin {
            if i < columns.len() {
                columns.remove(i);
            }
        }
        for slot in self.index.values_mut() {
            if *slot > i {
                *slot -= 1;
            }
        }
        let column = self.columns.remove(i);
        Some(Arc::try_unwrap(column).unwrap_or_else(|shared| (*shared).clone()))
    }

    /// A text field of partner `row` (e.g. `name`, `category`) as text, if present.
    pub fn text(&self, row: usize, field: &str) -> Option<String> {
        self.get(row, field).map(Value::as_text)
    }

    /// A date field of partner `row` (validated at load).
    pub fn date(&self, row: usize, field: &str) -> Option<Date> {
        self.get(row, field).and_then(|v| Date::parse(&v.as_text()))
    }

    /// Where partner `row` is: `partners[3] (partner P004)` or `line 5 (partner P004)`.
    pub fn row_location(&self, row: usize) -> String {
        let id = self.id(row);
        let mut s = match &self.origin {
            Origin::Json => format!("partners[{row}]"),
            Origin::Csv { lines, .. } => format!("line {}", lines.get(row).copied().unwrap_or(0)),
        };
        if !id.is_empty() {
            let _ = write!(s, " (partner {id})");
        }
        s
    }

    /// Where field `field` of partner `row` is, for error messages:
    /// `partners[3] (partner P004), field revenue` or `line 5, column 4 (partner P004, field revenue)`.
    pub fn location(&self, row: usize, field: &str) -> String {
        let id = self.id(row);
        match &self.origin {
            Origin::Json => format!("partners[{row}] (partner {id}), field {field}"),
            Origin::Csv { lines, columns } => {
                let line = lines.get(row).copied().unwrap_or(0);
                match self.field_index(field).and_then(|i| columns.get(i)) {
                    Some(col) => format!("line {line}, column {col} (partner {id}, field {field})"),
                    None => format!("line {line} (partner {id}, field {field})"),
                }
            }
        }
    }
}

/// FxHash: a fast, non-cryptographic hasher for the id uniqueness check (keys come from the caller's
/// own file; the check is linear either way).
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHash;

/// The hasher state of [`FastHash`].
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // murmur3's fmix64: spreads every input bit over the low bits hashbrown indexes by
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// The earliest row with a problem, as a sequential scan would find it: `(Err(row), 0)` when that row
/// has no id, `(Ok(row), first)` when an earlier row `first` already has its id.
///
/// Found by sorting `(hash, row)` pairs on all cores instead of a sequential hash set: equal ids land
/// next to each other, and within a run of equal hashes the texts are compared.
#[allow(clippy::type_complexity)]
fn first_duplicate_id(ids: &[Option<Value>]) -> Result<Option<(std::result::Result<usize, usize>, usize)>> {
    use std::hash::BuildHasher;
    let text = |row: usize| match &ids[row] {
        Some(Value::Text(t)) if !t.trim().is_empty() => Some(&**t),
        _ => None,
    };
    // Each block: its (hash, row) pairs and its first row without an id.
    let blocks = crate::par::map_blocks(ids.len(), |rows| {
        let mut out = Vec::with_capacity(rows.len());
        let mut missing = None;
        for row in rows {
            match text(row) {
                Some(id) => out.push((FastHash.hash_one(id), row as u64)),
                None => {
                    missing.get_or_insert(row);
                }
            }
        }
        Ok((out, missing))
    })?;
    let mut pairs: Vec<(u64, u64)> = Vec::with_capacity(ids.len());
    let mut first_missing = None;
    for (block, missing) in blocks {
        pairs.extend(block);
        if first_missing.is_none() {
            first_missing = missing;
        }
    }
    #[cfg(feature = "parallel")]
    rayon::slice::ParallelSliceMut::par_sort_unstable(&mut pairs[..]);
    #[cfg(not(feature = "parallel"))]
    pairs.sort_unstable();
    // (second occurrence, first occurrence) with the smallest second occurrence.
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    while start < pairs.len() {
        let mut end = start + 1;
        while end < pairs.len() && pairs[end].0 == pairs[start].0 {
            end += 1;
        }
        if end - start > 1 {
            // Rows are ascending within a run: the first row of each distinct text is its first occurrence.
            let run = &pairs[start..end];
            for (k, &(_, row)) in run.iter().enumerate().skip(1) {
                let row = row as usize;
                if let Some(&(_, first)) = run[..k].iter().find(|&&(_, r)| text(r as usize) == text(row)) {
                    if best.is_none_or(|(b, _)| row < b) {
                        best = Some((row, first as usize));
                    }
                }
            }
        }
        start = end;
    }
    Ok(match (first_missing, best) {
        (Some(missing), Some((row, _))) if missing < row => Some((Err(missing), 0)),
        (Some(missing), None) => Some((Err(missing), 0)),
        (_, best) => best.map(|(row, first)| (Ok(row), first)),
    })
}

fn json_value(value: Json) -> Result<Option<Value>, String> {
    Ok(match value {
        Json::Null => None,
        Json::Bool(b) => Some(Value::Bool(b)),
        Json::Number(n) => Some(Value::Number(parse_decimal(n.as_str())?)),
        Json::String(s) if s.is_empty() => None,
        Json::String(s) => Some(Value::Text(s.into())),
        Json::Array(items) => {
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Json::String(s) => list.push(s.into_boxed_str()),
                    Json::Number(n) => list.push(n.as_str().into()),
                    other => return Err(format!("list items must be text, found {other}")),
                }
            }
            Some(Value::List(list.into_boxed_slice()))
        }
        Json::Object(_) => return Err("nested objects are not supported (fields must be flat)".to_string()),
    })
}

struct CsvChunk {
    lines: Vec<u64>,
    columns: Vec<Vec<Option<Value>>>,
}

/// Position of the first `\n` at or after `from` that is outside a quoted field (quote parity from `from`,
/// which must itself be outside quotes).
pub(crate) fn line_end_outside_quotes(bytes: &[u8], from: usize) -> Option<usize> {
    let mut in_quotes = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return Some(i),
            _ => {}
        }
    }
    None
}

/// A quote left open would swallow every record after it: refuse it, naming the line where it opened.
pub(crate) fn check_quotes_closed(bytes: &[u8], at: &dyn Fn(u64) -> String) -> Result<()> {
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 0 {
        return Ok(());
    }
    let (mut line, mut opened_on, mut open) = (1u64, 1u64, false);
    for &b in bytes {
        match b {
            b'"' => {
                open = !open;
                if open {
                    opened_on = line;
                }
            }
            b'\n' => line += 1,
            _ => {}
        }
    }
    Err(Error::input(at(opened_on), "unreadable CSV: a quoted field is never closed"))
}

/// Splits the body into chunks `(start, end, first_line)` that end just after a line end outside quotes,
/// so that each chunk parses on its own (quote parity is tracked from the start of the body).
pub(crate) fn split_chunks(bytes: &[u8], body_start: usize) -> Vec<(usize, usize, u64)> {
    const MIN_CHUNK: usize = 1 << 20;
    let body = bytes.len() - body_start;
    let wanted = if body < 2 * MIN_CHUNK { 1 } else { (body / MIN_CHUNK).min(64) };
    let mut chunks = Vec::with_capacity(wanted);
    let (mut start, mut scanned, mut line) = (body_start, body_start, 2u64);
    let mut outside_quotes = true;
    for k in 1..wanted {
        let target = body_start + body * k / wanted;
        if target <= scanned {
            continue;
        }
        outside_quotes ^= bytes[scanned..target].iter().filter(|&&b| b == b'"').count() % 2 == 1;
        let mut end = bytes.len();
        for (j, &b) in bytes.iter().enumerate().skip(target) {
            match b {
                b'"' => outside_quotes = !outside_quotes,
                b'\n' if outside_quotes => {
                    end = j + 1;
                    break;
                }
                _ => {}
            }
        }
        scanned = end;
        if end > start {
            chunks.push((start, end, line));
            line += bytes[start..end].iter().filter(|&&b| b == b'\n').count() as u64;
            start = end;
        }
        if end == bytes.len() {
            break;
        }
    }
    if start < bytes.len() || chunks.is_empty() {
        chunks.push((start, bytes.len(), line));
    }
    chunks
}

/// Calls `f(line, record)` for every record of a CSV chunk (no header) whose first line is `first_line`,
/// skipping blank lines; a record with another number of cells than `width` is an error. `at(line)`
/// names a line in errors (`line 7`, `registrations line 7`).
pub(crate) fn each_csv_record(
    chunk: &[u8],
    first_line: u64,
    width: usize,
    at: &dyn Fn(u64) -> String,
    mut f: impl FnMut(u64, &csv::ByteRecord) -> Result<()>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(chunk);
    let mut record = csv::ByteRecord::new();
    // Lines are counted from byte offsets: the csv crate does not count blank lines.
    let (mut counted_to, mut line) = (0usize, first_line);
    let mut line_at = |offset: usize| {
        let offset = offset.min(chunk.len());
        if offset > counted_to {
            line += chunk[counted_to..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = offset;
        }
        line
    };
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let offset = e.position().map_or(before, |p| p.byte() as usize);
                return Err(Error::input(at(line_at(offset)), format!("unreadable CSV: {e}")));
            }
        }
        // The record's position may point at blank lines the reader skipped before it.
        let mut start = record.position().map_or(before, |p| p.byte() as usize);
        while matches!(chunk.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        let line = line_at(start);
        if record.len() == 1 && record.get(0).is_some_and(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        if record.len() != width {
            return Err(Error::input(
                at(line),
                format!("expected {width} cells as in the header, found {}", record.len()),
            ));
        }
        f(line, &record)?;
    }
}

fn parse_csv_chunk(
    chunk: &[u8],
    first_line: u64,
    width: usize,
    id_col: usize,
    kept: &[(usize, &str)],
) -> Result<CsvChunk> {
    let mut out = CsvChunk { lines: Vec::new(), columns: vec![Vec::new(); kept.len()] };
    each_csv_record(chunk, first_line, width, &|line| format!("line {line}"), |line, record| {
        out.lines.push(line);
        for (slot, &(col, field)) in kept.iter().enumerate() {
            let cell = record.get(col).unwrap_or_default();
            let text = std::str::from_utf8(cell).map_err(|_| {
                Error::input(format!("line {line}, column {} (field {field})", col + 1), "cell is not valid UTF-8")
            })?;
            let value = if text.is_empty() {
                None
            } else if col != id_col && RESERVED_KEYS[1..].iter().all(|k| *k != field) && is_canonical_decimal(cell) {
                // plainly written numbers are stored as numbers: their text is exactly what Decimal prints
                match crate::decimal::parse_canonical(cell) {
                    Some(d) => Some(Value::Number(d)),
                    None => Some(Value::Text(text.into())),
                }
            } else {
                Some(Value::Text(text.into()))
            };
            out.columns[slot].push(value);
        }
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2023-12-31", "1999-03-01", "2100-02-28"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        for bad in ["2023-02-29", "2023-13-01", "2023-1-01", "20230101", "2023-00-10", "abcd-ef-gh"] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days(), 1);
        assert_eq!(Date::parse("2024-03-01").unwrap().days() - Date::parse("2024-02-01").unwrap().days(), 29);
    }

    #[test]
    fn json_numbers_are_exact_and_values_typed() {
        let p = Partners::from_json(
            r#"[{"id":"P1","revenue":1278166.21,"ok":true,"sells":["a","b"],"n":"","x":null},{"id":7,"revenue":"0.1"}]"#,
        )
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p.get(0, "revenue"), Some(&Value::Number("1278166.21".parse().unwrap())));
        assert_eq!(p.get(0, "ok"), Some(&Value::Bool(true)));
        assert_eq!(p.get(0, "n"), None);
        assert_eq!(p.get(0, "x"), None);
        assert_eq!(p.id(1), "7");
        assert_eq!(p.get(1, "revenue").unwrap().as_number().unwrap().to_string(), "0.1");
        assert_eq!(p.get(1, "ok"), None);
    }

    #[test]
    fn csv_cells_lines_and_quotes() {
        let csv = "id,name,revenue\nP1,\"Acme, Inc.\",10.50\nP2,\"Multi\nline\",\n\nP3,Plain,007\n";
        let p = Partners::from_csv(csv).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p.text(0, "name").unwrap(), "Acme, Inc.");
        assert_eq!(p.get(0, "revenue"), Some(&Value::Number("10.50".parse().unwrap())));
        assert_eq!(p.get(1, "revenue"), None);
        assert_eq!(p.get(2, "revenue"), Some(&Value::Text("007".into())));
        assert_eq!(p.location(2, "revenue"), "line 6, column 3 (partner P3, field revenue)");
    }

    #[test]
    fn csv_errors_name_the_line() {
        let err = Partners::from_csv("id,revenue\nP1,1\nP1,2\n").unwrap_err();
        assert!(err.to_string().contains("line 3 (partner P1)"), "{err}");
        let err = Partners::from_csv("id,revenue\nP1,1,3\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = Partners::from_csv("name\nx\n").unwrap_err();
        assert!(err.to_string().contains("no `id` column"), "{err}");
        let err = Partners::from_csv("id,signed_on\nP1,2023-02-30\n").unwrap_err();
        assert!(err.to_string().contains("line 2, column 2 (partner P1, field signed_on)"), "{err}");
    }

    #[test]
    fn taking_a_column_keeps_the_others_and_their_locations() {
        let mut p = Partners::from_csv("id,a,b\nP1,1,2\n").unwrap();
        assert_eq!(p.take_column("a").unwrap(), vec![Some(Value::Number(Decimal::ONE))]);
        assert_eq!(p.get(0, "a"), None);
        assert_eq!(p.get(0, "b"), Some(&Value::Number(Decimal::from(2))));
        assert_eq!(p.location(0, "b"), "line 2, column 3 (partner P1, field b)");
        assert!(p.take_column("a").is_none());
    }

    #[test]
    fn large_csv_splits_into_chunks_that_agree() {
        let mut csv = String::from("id,name,v\n");
        for i in 0..120_000 {
            if i % 997 == 0 {
                csv.push_str(&format!("P{i},\"Quoted\n\"\"name\"\" {i}\",{i}.5\n"));
            } else {
                csv.push_str(&format!("P{i},Name {i},{i}\n"));
            }
        }
        let p = Partners::from_csv(&csv).unwrap();
        assert_eq!(p.len(), 120_000);
        assert_eq!(p.text(997, "name").unwrap(), "Quoted\n\"name\" 997");
        assert_eq!(p.id(119_999), "P119999");
        // line numbers count the quoted line break
        assert_eq!(p.location(998, "v"), "line 1002, column 3 (partner P998, field v)");
        assert_eq!(p.location(119_999, "v"), format!("line {}, column 3 (partner P119999, field v)", 120_001 + 121));
    }

    #[test]
    fn columns_build_partners_like_json() {
        let text = |s: &str| Some(Value::Text(s.into()));
        let p = Partners::from_columns(vec![
            ("id".into(), vec![text("P1"), Some(Value::Number(Decimal::from(7)))]),
            ("revenue".into(), vec![Some(Value::Number(Decimal::new(121, 2))), text("")]),
            ("signed_on".into(), vec![text("2024-02-29"), None]),
        ])
        .unwrap();
        assert_eq!((p.len(), p.id(0), p.id(1)), (2, "P1", "7"));
        assert_eq!(p.get(0, "revenue"), Some(&Value::Number(Decimal::new(121, 2))));
        assert_eq!(p.get(1, "revenue"), None, "empty text is missing");
        assert_eq!(p.location(1, "revenue"), "partners[1] (partner 7), field revenue");

        let dup = Partners::from_columns(vec![("id".into(), vec![text("A"), text("A")])]).unwrap_err();
        assert_eq!(
            dup.to_string(),
            r#"partners[1] (partner A): duplicate partner id "A" (first at partners[0] (partner A))"#
        );
        let ragged = Partners::from_columns(vec![("id".into(), vec![text("A")]), ("x".into(), vec![])]).unwrap_err();
        assert_eq!(ragged.to_string(), "column x: has 0 values, the first column has 1");
        let bad_date = Partners::from_columns(vec![
            ("id".into(), vec![text("A")]),
            ("signed_on".into(), vec![text("2023-02-29")]),
        ]);
        assert!(bad_date.unwrap_err().to_string().contains("field signed_on"));
        let no_id = Partners::from_columns(vec![("x".into(), vec![None])]).unwrap_err();
        assert_eq!(no_id.to_string(), "partners[0]: field id: required (non-empty text)");
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(Date::from_days(0).map(|d| d.to_string()).as_deref(), Some("1970-01-01"));
        assert_eq!(Date::from_days(19_782).map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
        assert_eq!(Date::from_days(-1).map(|d| d.to_string()).as_deref(), Some("1969-12-31"));
        assert!(Date::from_days(i32::MAX).is_none());
        assert!(Date::from_days(3_000_000).is_none(), "beyond year 9999");
    }

    #[test]
    fn first_duplicate_id_agrees_with_a_sequential_scan() {
        let mut seed = 7u64;
        for case in 0..300 {
            let n = 1 + case % 40;
            let ids: Vec<Option<Value>> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    match (seed >> 33) % 23 {
                        0 if case % 3 == 0 => None,
                        1 if case % 5 == 0 => Some(Value::Text(" ".into())),
                        k => Some(Value::Text(format!("P{}", k % (n as u64 + 3)).into())),
                    }
                })
                .collect();
            let mut expected = None;
            let mut seen = std::collections::HashMap::new();
            for (row, id) in ids.iter().enumerate() {
                match id {
                    Some(Value::Text(t)) if !t.trim().is_empty() => {
                        if let Some(&first) = seen.get(t) {
                            expected = Some((Ok(row), first));
                            break;
                        }
                        seen.insert(t.clone(), row);
                    }
                    _ => {
                        expected = Some((Err(row), 0));
                        break;
                    }
                }
            }
            assert_eq!(first_duplicate_id(&ids).unwrap(), expected, "case {case}: {ids:?}");
        }
    }
}
