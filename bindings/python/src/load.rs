//! Partners (a plan's history, deal registrations, execution-plan commitments and milestones) from any
//! Python input — a file path, records, a prepared pandas DataFrame or an Arrow stream — for every
//! capability (scorecard, profile, plan …). Errors come back as Python exceptions.

use numpy::PyReadonlyArray1;
use partnerscore::data::{FieldSelection, Value};
use partnerscore::dealreg::Registrations;
use partnerscore::history::History;
use partnerscore::tracking::{Commitments, Milestones};
use partnerscore::{Error, Partners};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use pyo3_arrow::PyRecordBatchReader;
use rayon::prelude::*;

use crate::convert::{
    self, CellError, FrameColumn, Numeric, Rows, COMMITMENTS, HISTORY, MILESTONES, PARTNERS, REGISTRATIONS,
};
use crate::{guarded, malformed_column, py_error, Column, Timings};

/// Partners loaded from Python, with the file they came from (errors found later, while scoring,
/// still name it).
pub struct Loaded {
    /// The partners.
    pub partners: Partners,
    /// The file name for `path` inputs.
    pub source: Option<String>,
}

/// Loads partners, keeping the fields `selection` keeps. `kind` says what `data` is:
/// `path` (a `.csv`/`.json` file), `records` (an iterable of dicts), `frame` (the columns
/// `partnerscore._frames` prepared from a pandas DataFrame) or `arrow` (has `__arrow_c_stream__`).
pub fn partners(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    selection: &FieldSelection,
    timings: &Timings,
) -> PyResult<Loaded> {
    let (partners, source) = table(
        py,
        kind,
        data,
        selection,
        PARTNERS,
        timings,
        |text, path| Partners::from_text_selected(text, path, selection),
        Partners::from_columns,
    )?;
    Ok(Loaded { partners, source })
}

/// Loads a plan's history (long form: `partner_id`, `period`, fields); `kind` and `data` as for
/// [`partners`]. A file is read by the core exactly as the CLI reads it; records, DataFrames and Arrow
/// streams are converted as partners are, every column kept as the core keeps every field of a file,
/// then built by `History::from_columns` (rows named `history[i]`). Returns the history and its file name.
pub fn history(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    timings: &Timings,
) -> PyResult<(History, Option<String>)> {
    table(py, kind, data, &FieldSelection::All, HISTORY, timings, History::from_text, |mut columns| {
        // No rows (an empty DataFrame, perhaps without any column): an empty history, as JSON `[]` is.
        if columns.iter().all(|(_, values)| values.is_empty()) {
            for key in ["partner_id", "period"] {
                if !columns.iter().any(|(name, _)| name == key) {
                    columns.push((key.to_string(), Vec::new()));
                }
            }
        }
        History::from_columns(columns)
    })
}

/// The fields of a registration record (DESIGN §5); other columns of a DataFrame or records are not
/// read, as the core ignores them in a file.
const REGISTRATION_FIELDS: [&str; 7] =
    ["id", "partner_id", "customer", "product", "amount", "registered_on", "expires_on"];

/// Loads deal registrations; `kind` and `data` as for [`partners`]. A file is read by the core exactly as
/// the CLI reads it (`Registrations::from_text`); records, DataFrames and Arrow streams are converted as
/// partners are (dates of every kind become `YYYY-MM-DD` text) and built by `Registrations::from_columns`
/// (records named `registrations[i]`). Returns the registrations and their file name.
pub fn registrations(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    timings: &Timings,
) -> PyResult<(Registrations, Option<String>)> {
    let selection = FieldSelection::Only(REGISTRATION_FIELDS.iter().map(|f| f.to_string()).collect());
    table(py, kind, data, &selection, REGISTRATIONS, timings, Registrations::from_text, |columns| {
        Registrations::from_columns(&columns)
    })
}

/// The fields of a commitment and of a milestone (DESIGN §6); other columns are not read, as the core
/// ignores them in a file.
const COMMITMENT_FIELDS: [&str; 7] = ["partner_id", "kind", "field", "target", "start", "due", "actual"];
const MILESTONE_FIELDS: [&str; 5] = ["partner_id", "area", "name", "due", "done_on"];

/// Loads execution-plan commitments; `kind` and `data` as for [`partners`]. A file is read by the core
/// exactly as the CLI reads it (`Commitments::from_text`); records, DataFrames and Arrow streams are
/// converted as partners are (dates of every kind become `YYYY-MM-DD` text) and built by
/// `Commitments::from_columns` (records named `commitments[i] (partner K1)`). Returns them and their file name.
pub fn commitments(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    timings: &Timings,
) -> PyResult<(Commitments, Option<String>)> {
    let selection = FieldSelection::Only(COMMITMENT_FIELDS.iter().map(|f| f.to_string()).collect());
    table(py, kind, data, &selection, COMMITMENTS, timings, Commitments::from_text, |columns| {
        Commitments::from_columns(&columns)
    })
}

/// Loads readiness milestones as [`commitments`] loads commitments (`Milestones::from_text` /
/// `from_columns`, records named `milestones[i] (partner K1)`).
pub fn milestones(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    timings: &Timings,
) -> PyResult<(Milestones, Option<String>)> {
    let selection = FieldSelection::Only(MILESTONE_FIELDS.iter().map(|f| f.to_string()).collect());
    table(py, kind, data, &selection, MILESTONES, timings, Milestones::from_text, |columns| {
        Milestones::from_columns(&columns)
    })
}

/// One table (partners, history, registrations, commitments or milestones) from any input kind: `from_text(text, file name)` for a path,
/// `from_columns` for converted columns. Errors are Python exceptions naming the file for a path.
#[allow(clippy::too_many_arguments)]
fn table<T: Send>(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    selection: &FieldSelection,
    rows: Rows,
    timings: &Timings,
    from_text: impl FnOnce(&str, &str) -> Result<T, Error> + Send,
    from_columns: impl FnOnce(Vec<convert::Column>) -> Result<T, Error> + Send,
) -> PyResult<(T, Option<String>)> {
    match kind {
        "path" => {
            let path = data.cast::<PyString>()?.to_cow()?.into_owned();
            let result = py.detach(|| {
                let bytes = std::fs::read(&path).map_err(|e| Error::input("(file)", format!("cannot read: {e}")))?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    Error::input(format!("byte {}", e.utf8_error().valid_up_to()), "the file is not UTF-8 text")
                })?;
                guarded(|| from_text(&text, &path))
            });
            timings.lap("read and parse");
            match result {
                Ok(table) => Ok((table, Some(path))),
                Err(e) => Err(py_error(py, e, Some(&path))),
            }
        }
        "records" => {
            let columns = match convert::records_to_columns(data, selection, rows)? {
                Ok(columns) => columns,
                Err(e) => return Err(py_error(py, e, None)),
            };
            timings.lap("records");
            py.detach(|| guarded(|| from_columns(columns))).map(|t| (t, None)).map_err(|e| py_error(py, e, None))
        }
        "frame" => frame(py, data.cast::<PyList>()?, selection, rows, timings, from_columns).map(|t| (t, None)),
        "arrow" => {
            let reader = data.extract::<PyRecordBatchReader>()?.into_reader()?;
            let result = py.detach(|| {
                guarded(|| {
                    let columns = convert::arrow_columns(reader, selection, rows)?;
                    from_columns(columns)
                })
            });
            timings.lap("arrow columns");
            result.map(|t| (t, None)).map_err(|e| py_error(py, e, None))
        }
        other => Err(pyo3::exceptions::PyValueError::new_err(format!("unknown {} kind {other:?}", rows.label))),
    }
}

/// A DataFrame prepared by `partnerscore._frames`: a list of `(name, kind, values, missing, extra)`.
/// Object columns are converted with the GIL (the id column first, so errors name partners); numeric
/// columns without it, in parallel. `build` makes the table of the converted columns.
fn frame<T: Send>(
    py: Python<'_>,
    columns: &Bound<'_, PyList>,
    selection: &FieldSelection,
    rows: Rows,
    timings: &Timings,
    build: impl FnOnce(Vec<convert::Column>) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let mut prepared = Vec::new();
    for item in columns.iter() {
        #[allow(clippy::type_complexity)]
        let (name, kind, values, missing, extra): (
            String,
            String,
            Bound<'_, PyAny>,
            Option<Bound<'_, PyAny>>,
            Option<Bound<'_, PyAny>>,
        ) = item.extract()?;
        if !selection.keeps(&name) {
            continue;
        }
        let values = match convert::frame_column(&name, &kind, &values, extra.as_ref())? {
            Ok(values) => values,
            Err(e) => return Err(py_error(py, e.into_error(&[], rows), None)),
        };
        let missing: Option<PyReadonlyArray1<'_, bool>> = missing.map(|m| m.extract()).transpose()?;
        prepared.push((name, values, missing));
    }
    let len = prepared.first().map_or(0, |(_, v, _)| convert::frame_len(v));
    if let Some((name, values, _)) = prepared.iter().find(|(_, v, _)| convert::frame_len(v) != len) {
        let reason = format!("has {} rows, not {len}", convert::frame_len(values));
        return Err(py_error(py, Error::input(format!("{} {name}", rows.column), reason), None));
    }
    // The id column first: errors in the other columns name the partner.
    prepared.sort_by_key(|(name, _, _)| name != rows.id_field);
    let has_ids = prepared.first().is_some_and(|(name, _, _)| name == rows.id_field);
    let mut converted: Vec<Option<Column>> = Vec::with_capacity(prepared.len());
    let mut numeric: Vec<(usize, &str, Numeric<'_>, Option<&[bool]>)> = Vec::new();
    for (slot, (name, values, missing)) in prepared.iter().enumerate() {
        let missing = missing.as_ref().map(|m| m.as_slice()).transpose().map_err(malformed_column)?;
        let ids = if has_ids { converted.first().and_then(|c| c.as_deref()).unwrap_or(&[]) } else { &[] };
        let borrowed = match values {
            FrameColumn::Object(a) => {
                let objects = a.as_slice().map_err(malformed_column)?;
                match convert::object_column(name, objects, missing, py)? {
                    Ok(column) => converted.push(Some(column)),
                    Err(e) => return Err(py_error(py, e.into_error(ids, rows), None)),
                }
                continue;
            }
            FrameColumn::Text(joined, rows) => {
                let column = convert::text_column(joined, *rows)
                    .ok_or_else(|| malformed_column(format!("text column {name} does not split into {rows} rows")))?;
                converted.push(Some(column));
                continue;
            }
            FrameColumn::Category(codes, categories) => {
                let codes = codes.as_slice().map_err(malformed_column)?;
                converted.push(Some(convert::category_column(codes, categories)));
                continue;
            }
            FrameColumn::Float64(a) => Numeric::Float64(a.as_slice().map_err(malformed_column)?),
            FrameColumn::Float32(a) => Numeric::Float32(a.as_slice().map_err(malformed_column)?),
            FrameColumn::Int64(a) => Numeric::Int64(a.as_slice().map_err(malformed_column)?),
            FrameColumn::UInt64(a) => Numeric::UInt64(a.as_slice().map_err(malformed_column)?),
            FrameColumn::Bool(a) => Numeric::Bool(a.as_slice().map_err(malformed_column)?),
            FrameColumn::Date(a) => Numeric::Date(a.as_slice().map_err(malformed_column)?),
        };
        if slot == 0 && has_ids {
            // A numeric id column: converted now, it names partners in errors.
            let column = convert::numeric_column(name, borrowed, missing)
                .map_err(|e| py_error(py, e.into_error(&[], rows), None))?;
            converted.push(Some(column));
            continue;
        }
        numeric.push((slot, name, borrowed, missing));
        converted.push(None);
    }
    let names: Vec<String> = prepared.iter().map(|(name, _, _)| name.clone()).collect();
    timings.lap("object columns (GIL held)");
    let result = py.detach(|| {
        let done: Vec<(usize, Result<Column, CellError>)> = numeric
            .into_par_iter()
            .map(|(slot, name, values, missing)| (slot, convert::numeric_column(name, values, missing)))
            .collect();
        let mut first_error: Option<CellError> = None;
        for (slot, column) in done {
            match column {
                Ok(column) => converted[slot] = Some(column),
                Err(e) => {
                    if first_error.as_ref().is_none_or(|f| e.row < f.row) {
                        first_error = Some(e);
                    }
                }
            }
        }
        let ids = if has_ids { converted.first().and_then(|c| c.as_deref()).unwrap_or(&[]) } else { &[] };
        if let Some(e) = first_error {
            return Err(e.into_error(ids, rows));
        }
        timings.lap("numeric columns");
        let columns: Vec<(String, Vec<Option<Value>>)> =
            names.into_iter().zip(converted.into_iter().map(Option::unwrap_or_default)).collect();
        let table = guarded(|| build(columns));
        timings.lap("table");
        table
    });
    result.map_err(|e| py_error(py, e, None))
}
