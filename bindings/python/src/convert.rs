//! Python values → partner columns. Only conversion lives here: every rule about what a value means is
//! the core's (`partnerscore::data`).
//!
//! Three ways in, all ending in `Partners::from_columns` (or `History::from_columns` for a plan's history,
//! `Registrations::from_columns` for deal registrations, `Commitments` / `Milestones::from_columns` for
//! execution plans, converted the same way; [`Rows`] says which, for error locations):
//! - records (a list of dicts): each value converted by [`py_value`];
//! - a pandas DataFrame, prepared column by column by `partnerscore/_frames.py` into numpy arrays
//!   (`float64`, `float32`, `int64`, `uint64`, `bool`, dates as `int64` days, or `object`) with a mask of
//!   missing values: numeric columns convert without the GIL, on all cores;
//! - anything with `__arrow_c_stream__` (polars, pyarrow): Arrow arrays converted without the GIL.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatchReader};
use arrow_schema::DataType;
use numpy::{PyReadonlyArray1, PyUntypedArrayMethods};
use partnerscore::data::{Date, FieldSelection, Value};
use partnerscore::decimal::parse_decimal;
use partnerscore::{Decimal, Error};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

/// One converted column.
pub type Column = (String, Vec<Option<Value>>);

/// What a NaN means: missing in a DataFrame, an error elsewhere. Infinity is always an error.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NonFinite {
    Missing,
    Error,
}

/// What the converted rows are, for error locations and for the column that names the partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rows {
    /// The prefix of a row's location: `partners` (`partners[3]`) or `history` (`history[3]`).
    pub label: &'static str,
    /// One row, in messages: `partner`, `history row`.
    pub noun: &'static str,
    /// The column holding the id that names a row in errors: `id` or `partner_id`.
    pub id_field: &'static str,
    /// What that id is, in locations: `partner` (`(partner P004)`), `registration` (`(registration R2)`).
    pub who: &'static str,
    /// A DataFrame column, in locations: `column` (`column revenue`), `history column`.
    pub column: &'static str,
    /// Columns that records always get, missing where a record lacks the key, so that the core names
    /// the record that lacks it (and an empty list is an empty table).
    pub required: &'static [&'static str],
}

/// Partner records (`partners[3] (partner P004), field revenue`).
pub const PARTNERS: Rows =
    Rows { label: "partners", noun: "partner", id_field: "id", who: "partner", column: "column", required: &[] };
/// History rows of a plan (`history[3] (partner P004), field revenue`), as `History::from_json` names them.
pub const HISTORY: Rows = Rows {
    label: "history",
    noun: "history row",
    id_field: "partner_id",
    who: "partner",
    column: "history column",
    required: &["partner_id", "period"],
};
/// Deal registrations (`registrations[1] (registration R2), field registered_on`), as
/// `Registrations::from_columns` names them.
pub const REGISTRATIONS: Rows = Rows {
    label: "registrations",
    noun: "registration",
    id_field: "id",
    who: "registration",
    column: "registrations column",
    required: &[],
};

/// Commitments of execution plans (`commitments[3] (partner K1), field target`), as
/// `Commitments::from_columns` names them.
pub const COMMITMENTS: Rows = Rows {
    label: "commitments",
    noun: "commitment",
    id_field: "partner_id",
    who: "partner",
    column: "commitments column",
    required: &[],
};
/// Milestones of readiness plans (`milestones[2] (partner K1), field area`), as `Milestones::from_columns`
/// names them.
pub const MILESTONES: Rows = Rows {
    label: "milestones",
    noun: "milestone",
    id_field: "partner_id",
    who: "partner",
    column: "milestones column",
    required: &[],
};

/// A conversion failure at record `row` of `field` (the partner id is filled in by the caller).
pub struct CellError {
    pub row: usize,
    pub field: String,
    pub reason: String,
}

impl CellError {
    /// The core's input error, located like JSON input: `partners[3] (partner P004), field revenue`
    /// (`history[3] …` for history rows, `registrations[3] (registration R4) …` for registrations). `ids`
    /// is the id column (empty when not known yet).
    pub fn into_error(self, ids: &[Option<Value>], rows: Rows) -> Error {
        let id = match ids.get(self.row) {
            Some(Some(v)) => format!(" ({} {})", rows.who, v.as_text()),
            _ => String::new(),
        };
        Error::input(format!("{}[{}]{id}, field {}", rows.label, self.row, self.field), self.reason)
    }
}

fn cached_type<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    module: &str,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, module, name)
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A float as its shortest round-trip decimal text (0.1 is 0.1), parsed exactly.
fn float_value(x: f64, non_finite: NonFinite) -> Result<Option<Value>, String> {
    if x.is_nan() && non_finite == NonFinite::Missing {
        return Ok(None);
    }
    if !x.is_finite() {
        return Err(format!("{x} is not a number partnerscore accepts (NaN and infinity are refused)"));
    }
    float_decimal(x).map(|d| Some(Value::Number(d)))
}

/// The shortest decimal that reads back as `x` (what Python's `repr` prints), exactly.
///
/// Fast path: the smallest scale `s` at which `m = round(x·10^s)` reads back (`m / 10^s == x`) while
/// `|m| < 2^50`. Both `m` and `10^s` are exact in f64, so the division is correctly rounded: `m·10^-s`
/// reads back as `x`, and no shorter decimal does (a smaller scale failed). With `|m| < 2^50` the
/// doubles around `x` are less than `10^-s / 4` apart, so only one multiple of `10^-s` reads back as
/// `x`, and `round` finds it despite the rounding of `x·10^s`. Anything else goes through ryu's text.
pub fn float_decimal(x: f64) -> Result<Decimal, String> {
    const LIMIT: f64 = (1u64 << 50) as f64;
    let mut scale = 1.0f64;
    for s in 0..=17u32 {
        let y = x * scale;
        if y.abs() >= LIMIT {
            break;
        }
        let m = y.round();
        if m / scale == x {
            return Ok(Decimal::new(m as i64, s));
        }
        scale *= 10.0;
    }
    let mut buffer = ryu::Buffer::new();
    parse_decimal(buffer.format_finite(x))
}

/// A float32 through its own shortest repr (numpy's `float32(0.1)` is 0.1, as `str()` shows it).
fn float32_value(x: f32, non_finite: NonFinite) -> Result<Option<Value>, String> {
    if !x.is_finite() {
        return float_value(f64::from(x), non_finite);
    }
    let mut buffer = ryu::Buffer::new();
    parse_decimal(buffer.format_finite(x)).map(|d| Some(Value::Number(d)))
}

/// Converts one Python value the way the issue lists: None, bool, int, float, `decimal.Decimal`, str,
/// list/tuple of str, `datetime.date` (and datetime: its date), numpy scalars as their Python equivalents.
pub fn py_value(value: &Bound<'_, PyAny>, non_finite: NonFinite) -> PyResult<Result<Option<Value>, String>> {
    let py = value.py();
    if value.is_none() {
        return Ok(Ok(None));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Ok(Some(Value::Bool(b.is_true()))));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Ok(Some(Value::Text(Arc::from(&*s.to_cow()?)))));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(float_value(f.value(), non_finite));
    }
    if let Ok(i) = value.cast::<PyInt>() {
        return Ok(int_value(i));
    }
    if value.is_instance(cached_type(py, &DECIMAL, "decimal", "Decimal")?)? {
        let text = value.str()?;
        let text = text.to_cow()?;
        if value.call_method0("is_finite")?.is_truthy()? {
            return Ok(parse_decimal(&text).map(|d| Some(Value::Number(d))));
        }
        return Ok(match non_finite {
            NonFinite::Missing if value.call_method0("is_nan")?.is_truthy()? => Ok(None),
            _ => Err(format!("Decimal({text:?}) is not a number partnerscore accepts (NaN and infinity are refused)")),
        });
    }
    if value.is_instance(cached_type(py, &DATE, "datetime", "date")?)? {
        let (y, m, d): (i32, u32, u32) =
            (value.getattr("year")?.extract()?, value.getattr("month")?.extract()?, value.getattr("day")?.extract()?);
        return Ok(match Date::from_ymd(y, m, d) {
            Some(date) => Ok(Some(Value::Text(Arc::from(date.to_string())))),
            None => Err(format!("{y:04}-{m:02}-{d:02} is not a date partnerscore can represent")),
        });
    }
    if let Ok(list) = value.cast::<PyList>() {
        return text_list(list.iter());
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return text_list(tuple.iter());
    }
    let kind = value.get_type();
    let module: String = kind.getattr("__module__").and_then(|m| m.extract()).unwrap_or_default();
    if module == "numpy" {
        let name: String = kind.getattr("__name__")?.extract()?;
        if name == "bool" || name == "bool_" {
            return Ok(Ok(Some(Value::Bool(value.is_truthy()?))));
        }
        if value.hasattr("__index__")? {
            let as_int = value.call_method0("__index__")?;
            return Ok(int_value(as_int.cast::<PyInt>()?));
        }
        if name.starts_with("float") {
            // numpy floats print their own shortest repr (float32(0.1) is "0.1").
            let text = value.str()?;
            let text = text.to_cow()?;
            let x: f64 = value.extract()?;
            if !x.is_finite() {
                return Ok(float_value(x, non_finite));
            }
            return Ok(parse_decimal(&text).map(|d| Some(Value::Number(d))));
        }
        if name == "datetime64" {
            let as_date = value.call_method1("astype", ("datetime64[D]",))?.str()?;
            let text = as_date.to_cow()?;
            if text == "NaT" {
                return Ok(match non_finite {
                    NonFinite::Missing => Ok(None),
                    NonFinite::Error => Err("NaT is not a date".to_string()),
                });
            }
            return Ok(Ok(Some(Value::Text(Arc::from(&*text)))));
        }
    }
    let type_name = kind.qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string());
    Ok(Err(format!(
        "a value of type {type_name} is not supported (use int, float, Decimal, bool, str, a list of str, or a date)"
    )))
}

fn int_value(i: &Bound<'_, PyInt>) -> Result<Option<Value>, String> {
    if let Ok(n) = i.extract::<i64>() {
        return Ok(Some(Value::Number(Decimal::from(n))));
    }
    let text = i.str().map_err(|e| e.to_string())?;
    let text = text.to_cow().map_err(|e| e.to_string())?;
    parse_decimal(&text).map(|d| Some(Value::Number(d)))
}

fn text_list<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>) -> PyResult<Result<Option<Value>, String>> {
    let mut list = Vec::new();
    for item in items {
        match item.cast::<PyString>() {
            Ok(s) => list.push(Box::from(&*s.to_cow()?)),
            Err(_) => {
                let kind = item.get_type().qualname().map(|n| n.to_string()).unwrap_or_default();
                return Ok(Err(format!("list items must be text, found a value of type {kind}")));
            }
        }
    }
    Ok(Ok(Some(Value::List(list.into_boxed_slice()))))
}

/// Converts a list of dicts (one per partner, or per history row). Keys must be text; fields not kept
/// by `selection` are not read. Errors name the record and, once known, the partner id.
pub fn records_to_columns(
    records: &Bound<'_, PyAny>,
    selection: &FieldSelection,
    rows: Rows,
) -> PyResult<Result<Vec<Column>, Error>> {
    let mut fields: Vec<String> = Vec::new();
    let mut columns: Vec<Vec<Option<Value>>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut pending: Option<CellError> = None;
    let mut len = 0usize;
    for (row, record) in records.try_iter()?.enumerate() {
        let record = record?;
        let Ok(dict) = record.cast::<PyDict>() else {
            let kind = record.get_type().qualname().map(|n| n.to_string()).unwrap_or_default();
            return Ok(Err(Error::input(
                format!("{}[{row}]", rows.label),
                format!("each {} must be a dict, found {kind}", rows.noun),
            )));
        };
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Ok(Err(Error::input(format!("{}[{row}]", rows.label), "field names must be text")));
            };
            let key = key.to_cow()?;
            if !selection.keeps(&key) {
                continue;
            }
            let col = match index.get(&*key) {
                Some(&c) => c,
                None => {
                    fields.push(key.to_string());
                    columns.push(vec![None; len]);
                    index.insert(key.to_string(), fields.len() - 1);
                    fields.len() - 1
                }
            };
            match py_value(&value, NonFinite::Error)? {
                Ok(v) => columns[col].push(v),
                Err(reason) => {
                    columns[col].push(None);
                    pending.get_or_insert(CellError { row, field: key.to_string(), reason });
                }
            }
        }
        len += 1;
        for column in &mut columns {
            if column.len() < len {
                column.push(None);
            }
        }
        if let Some(e) = pending.take() {
            let ids = index.get(rows.id_field).map(|&c| columns[c].as_slice()).unwrap_or(&[]);
            return Ok(Err(e.into_error(ids, rows)));
        }
    }
    for key in rows.required {
        if !index.contains_key(*key) {
            fields.push(key.to_string());
            columns.push(vec![None; len]);
        }
    }
    Ok(Ok(fields.into_iter().zip(columns).collect()))
}

/// A DataFrame column as `_frames.py` prepares it.
pub enum FrameColumn<'py> {
    Float64(PyReadonlyArray1<'py, f64>),
    Float32(PyReadonlyArray1<'py, f32>),
    Int64(PyReadonlyArray1<'py, i64>),
    UInt64(PyReadonlyArray1<'py, u64>),
    Bool(PyReadonlyArray1<'py, bool>),
    /// Days since 1970-01-01.
    Date(PyReadonlyArray1<'py, i64>),
    Object(PyReadonlyArray1<'py, Py<PyAny>>),
    /// Text of every row joined by NUL (none of them contains one), missing rows empty.
    Text(String, usize),
    /// pandas categorical: codes (-1 = missing) into the converted categories.
    Category(PyReadonlyArray1<'py, i64>, Vec<Option<Value>>),
}

/// Reads `(kind, values, extra)` of a column as `_frames.py` prepares it (`extra`: the row count of a
/// `text` column, the categories of a `category` column).
pub fn frame_column<'py>(
    name: &str,
    kind: &str,
    values: &Bound<'py, PyAny>,
    extra: Option<&Bound<'py, PyAny>>,
) -> PyResult<Result<FrameColumn<'py>, CellError>> {
    Ok(Ok(match kind {
        "float64" => FrameColumn::Float64(values.extract()?),
        "float32" => FrameColumn::Float32(values.extract()?),
        "int64" => FrameColumn::Int64(values.extract()?),
        "uint64" => FrameColumn::UInt64(values.extract()?),
        "bool" => FrameColumn::Bool(values.extract()?),
        "date" => FrameColumn::Date(values.extract()?),
        "object" => FrameColumn::Object(values.extract()?),
        "text" => {
            let rows: usize = extra.map(|e| e.extract()).transpose()?.unwrap_or(0);
            FrameColumn::Text(values.cast::<PyString>()?.to_cow()?.into_owned(), rows)
        }
        "category" => {
            let codes = values.extract()?;
            let categories: PyReadonlyArray1<'py, Py<PyAny>> = match extra {
                Some(e) => e.extract()?,
                None => return Err(pyo3::exceptions::PyTypeError::new_err("a category column needs its categories")),
            };
            let categories =
                categories.as_slice().map_err(|e| pyo3::exceptions::PyTypeError::new_err(e.to_string()))?;
            match object_column(name, categories, None, values.py())? {
                Ok(converted) => FrameColumn::Category(codes, converted),
                Err(e) => return Ok(Err(e)),
            }
        }
        other => return Err(pyo3::exceptions::PyTypeError::new_err(format!("unknown column kind {other:?}"))),
    }))
}

/// Splits a `text` column; `None` when the row count does not match (the caller then refuses it).
pub fn text_column(joined: &str, rows: usize) -> Option<Vec<Option<Value>>> {
    let mut out = Vec::with_capacity(rows);
    if rows > 0 {
        out.extend(joined.split('\0').map(|t| (!t.is_empty()).then(|| Value::Text(Arc::from(t)))));
    }
    (out.len() == rows).then_some(out)
}

/// Expands a categorical column: code `k` is category `k`, -1 (or anything out of range) is missing.
pub fn category_column(codes: &[i64], categories: &[Option<Value>]) -> Vec<Option<Value>> {
    codes.iter().map(|&k| usize::try_from(k).ok().and_then(|k| categories.get(k).cloned().flatten())).collect()
}

/// Converts a column of Python objects (needs the GIL).
pub fn object_column(
    field: &str,
    values: &[Py<PyAny>],
    missing: Option<&[bool]>,
    py: Python<'_>,
) -> PyResult<Result<Vec<Option<Value>>, CellError>> {
    let mut out = Vec::with_capacity(values.len());
    for (row, value) in values.iter().enumerate() {
        if missing.is_some_and(|m| m.get(row).copied().unwrap_or(false)) {
            out.push(None);
            continue;
        }
        match py_value(value.bind(py), NonFinite::Missing)? {
            Ok(v) => out.push(v),
            Err(reason) => return Ok(Err(CellError { row, field: field.to_string(), reason })),
        }
    }
    Ok(Ok(out))
}

/// A numeric, boolean or date column borrowed from numpy: converted without the GIL.
pub enum Numeric<'a> {
    Float64(&'a [f64]),
    Float32(&'a [f32]),
    Int64(&'a [i64]),
    UInt64(&'a [u64]),
    Bool(&'a [bool]),
    Date(&'a [i64]),
}

/// Converts a numeric column; `missing` (true = missing) may be absent.
pub fn numeric_column(
    field: &str,
    values: Numeric<'_>,
    missing: Option<&[bool]>,
) -> Result<Vec<Option<Value>>, CellError> {
    let is_missing = |row: usize| missing.is_some_and(|m| m.get(row).copied().unwrap_or(false));
    let fail = |row: usize, reason: String| CellError { row, field: field.to_string(), reason };
    let mut out = Vec::new();
    match values {
        Numeric::Float64(xs) => {
            out.reserve(xs.len());
            for (row, &x) in xs.iter().enumerate() {
                out.push(if is_missing(row) {
                    None
                } else {
                    float_value(x, NonFinite::Missing).map_err(|r| fail(row, r))?
                });
            }
        }
        Numeric::Float32(xs) => {
            out.reserve(xs.len());
            for (row, &x) in xs.iter().enumerate() {
                out.push(if is_missing(row) {
                    None
                } else {
                    float32_value(x, NonFinite::Missing).map_err(|r| fail(row, r))?
                });
            }
        }
        Numeric::Int64(xs) => out
            .extend(xs.iter().enumerate().map(|(row, &x)| (!is_missing(row)).then(|| Value::Number(Decimal::from(x))))),
        Numeric::UInt64(xs) => out
            .extend(xs.iter().enumerate().map(|(row, &x)| (!is_missing(row)).then(|| Value::Number(Decimal::from(x))))),
        Numeric::Bool(xs) => {
            out.extend(xs.iter().enumerate().map(|(row, &x)| (!is_missing(row)).then_some(Value::Bool(x))))
        }
        Numeric::Date(days) => {
            out.reserve(days.len());
            for (row, &d) in days.iter().enumerate() {
                if is_missing(row) {
                    out.push(None);
                    continue;
                }
                out.push(Some(
                    date_text(d).ok_or_else(|| fail(row, format!("day {d} after 1970-01-01 is out of range")))?,
                ));
            }
        }
    }
    Ok(out)
}

fn date_text(days_since_epoch: i64) -> Option<Value> {
    let date = Date::from_days(i32::try_from(days_since_epoch).ok()?)?;
    Some(Value::Text(Arc::from(date.to_string())))
}

/// Converts an Arrow stream (polars, pyarrow …) into columns, keeping only the selected fields.
/// Runs without the GIL. NaN in a float column is missing, as in a DataFrame.
pub fn arrow_columns(
    reader: Box<dyn RecordBatchReader + Send>,
    selection: &FieldSelection,
    rows: Rows,
) -> Result<Vec<Column>, Error> {
    let schema = reader.schema();
    let mut kept: Vec<usize> =
        (0..schema.fields().len()).filter(|&i| selection.keeps(schema.field(i).name())).collect();
    // The id column first: errors in other columns name the partner.
    kept.sort_by_key(|&i| schema.field(i).name() != rows.id_field);
    let mut columns: Vec<Column> = kept.iter().map(|&i| (schema.field(i).name().to_string(), Vec::new())).collect();
    let mut offset = 0usize;
    for batch in reader {
        let batch = batch.map_err(|e| Error::input("(arrow stream)", format!("cannot read the Arrow data: {e}")))?;
        for (slot, &i) in kept.iter().enumerate() {
            let (ids, rest) = columns.split_at_mut(slot);
            let (name, values) = &mut rest[0];
            arrow_values(batch.column(i), values).map_err(|(row, reason)| {
                let ids = ids.first().filter(|(n, _)| n == rows.id_field).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
                CellError { row: offset + row, field: name.clone(), reason }.into_error(ids, rows)
            })?;
        }
        offset += batch.num_rows();
    }
    Ok(columns)
}

fn arrow_values(array: &ArrayRef, out: &mut Vec<Option<Value>>) -> Result<(), (usize, String)> {
    macro_rules! ints {
        ($t:ty) => {{
            let a = array.as_primitive::<$t>();
            out.extend((0..a.len()).map(|r| a.is_valid(r).then(|| Value::Number(Decimal::from(a.value(r))))));
        }};
    }
    out.reserve(array.len());
    match array.data_type() {
        DataType::Null => out.extend((0..array.len()).map(|_| None)),
        DataType::Boolean => {
            let a = array.as_boolean();
            out.extend((0..a.len()).map(|r| a.is_valid(r).then(|| Value::Bool(a.value(r)))));
        }
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => ints!(UInt64Type),
        DataType::Float64 => {
            let a = array.as_primitive::<Float64Type>();
            for r in 0..a.len() {
                out.push(if a.is_valid(r) {
                    float_value(a.value(r), NonFinite::Missing).map_err(|e| (r, e))?
                } else {
                    None
                });
            }
        }
        DataType::Float32 => {
            let a = array.as_primitive::<Float32Type>();
            for r in 0..a.len() {
                out.push(if a.is_valid(r) {
                    float32_value(a.value(r), NonFinite::Missing).map_err(|e| (r, e))?
                } else {
                    None
                });
            }
        }
        DataType::Float16 => {
            let a = array.as_primitive::<Float16Type>();
            for r in 0..a.len() {
                out.push(if a.is_valid(r) {
                    float32_value(a.value(r).to_f32(), NonFinite::Missing).map_err(|e| (r, e))?
                } else {
                    None
                });
            }
        }
        DataType::Decimal128(_, scale) => {
            let a = array.as_primitive::<arrow_array::types::Decimal128Type>();
            for r in 0..a.len() {
                if !a.is_valid(r) {
                    out.push(None);
                    continue;
                }
                let scale = u32::try_from(*scale)
                    .map_err(|_| (r, format!("negative decimal scale {scale} is not supported")))?;
                let d = Decimal::try_from_i128_with_scale(a.value(r), scale)
                    .map_err(|_| (r, "the decimal does not fit in 28 digits".to_string()))?;
                out.push(Some(Value::Number(d)));
            }
        }
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            for r in 0..a.len() {
                out.push(if a.is_valid(r) {
                    Some(date_text(i64::from(a.value(r))).ok_or_else(|| (r, "date out of range".to_string()))?)
                } else {
                    None
                });
            }
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(..) => {
            let text =
                arrow_cast::cast(array, &DataType::Utf8).map_err(|e| (0, format!("cannot read as text: {e}")))?;
            let a = text.as_string::<i32>();
            out.extend((0..a.len()).map(|r| a.is_valid(r).then(|| Value::Text(Arc::from(a.value(r))))));
        }
        DataType::List(_) | DataType::LargeList(_) | DataType::ListView(_) | DataType::LargeListView(_) => {
            let list = arrow_cast::cast(array, &DataType::new_list(DataType::Utf8, true))
                .map_err(|e| (0, format!("list items must be text: {e}")))?;
            let a = list.as_list::<i32>();
            for r in 0..a.len() {
                if !a.is_valid(r) {
                    out.push(None);
                    continue;
                }
                let items = a.value(r);
                let items = items.as_string::<i32>();
                let list: Vec<Box<str>> =
                    (0..items.len()).filter(|&k| items.is_valid(k)).map(|k| Box::from(items.value(k))).collect();
                out.push(Some(Value::List(list.into_boxed_slice())));
            }
        }
        DataType::Timestamp(..) | DataType::Date64 => {
            let days =
                arrow_cast::cast(array, &DataType::Date32).map_err(|e| (0, format!("cannot read as a date: {e}")))?;
            return arrow_values(&days, out);
        }
        other => return Err((0, format!("Arrow type {other} is not supported"))),
    }
    Ok(())
}

/// Number of rows of a prepared numpy column.
pub fn frame_len(column: &FrameColumn<'_>) -> usize {
    match column {
        FrameColumn::Float64(a) => a.len(),
        FrameColumn::Float32(a) => a.len(),
        FrameColumn::Int64(a) | FrameColumn::Date(a) => a.len(),
        FrameColumn::UInt64(a) => a.len(),
        FrameColumn::Bool(a) => a.len(),
        FrameColumn::Object(a) => a.len(),
        FrameColumn::Text(_, rows) => *rows,
        FrameColumn::Category(codes, _) => codes.len(),
    }
}
