//! The native module `partnerscore._partnerscore`: the scorecard engine of the `partnerscore` crate
//! for Python. It converts types and errors only; the Python package (`python/partnerscore`) adds the
//! friendly entry points (paths, dicts, DataFrames) on top.

mod convert;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::data::{FieldSelection, Value};
use partnerscore::decimal::round_measure;
use partnerscore::{Decimal, Error, ErrorKind, Partners, ScoreReport, Scorecard};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3_arrow::PyRecordBatchReader;
use rayon::prelude::*;

use convert::{CellError, FrameColumn, Numeric};

/// One converted column of values, one per partner.
type Column = Vec<Option<Value>>;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _partnerscore,
    PartnerScoreError,
    PyValueError,
    "Base class of every partnerscore error; `.location` says where, `.reason` why."
);
create_exception!(
    _partnerscore,
    ConfigError,
    PartnerScoreError,
    "A configuration (scorecard) is malformed; `.location` is its config path, e.g. `sections[0].metrics[1].rule`."
);
create_exception!(
    _partnerscore,
    InputError,
    PartnerScoreError,
    "Partner data is malformed; `.location` names the record, partner id and field, or the CSV line."
);

/// Turns a core error into the Python exception of its kind. `source` (a file name) prefixes the
/// message as the CLI does.
fn py_error(py: Python<'_>, error: Error, source: Option<&str>) -> PyErr {
    let message = match source {
        Some(source) => format!("{source}: {error}"),
        None => error.to_string(),
    };
    let (location, reason) = match &error {
        Error::Config { path, reason } => (path.clone(), reason.clone()),
        Error::Input { location, reason } => (location.clone(), reason.clone()),
        other => (String::new(), other.to_string()),
    };
    let err = match error.kind() {
        ErrorKind::Config => ConfigError::new_err(message),
        ErrorKind::Input => InputError::new_err(message),
        _ => PartnerScoreError::new_err(message),
    };
    let value = err.value(py);
    // Attributes are a convenience; the message alone carries everything.
    let _ = value.setattr("location", location);
    let _ = value.setattr("reason", reason);
    let _ = value.setattr("source", source);
    err
}

/// Runs core work, turning a panic (a bug) into `PartnerScoreError` instead of a crash.
fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Error::Internal(format!("{what} (a bug in partnerscore: please report it)")))
        }
    }
}

/// A capability scorecard, validated at construction. Immutable: share it between threads freely.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "Scorecard")]
struct PyScorecard {
    card: Arc<Scorecard>,
    selection: FieldSelection,
}

#[pymethods]
impl PyScorecard {
    /// Parses and validates a scorecard from its JSON text; `source` names it in error messages.
    #[new]
    #[pyo3(signature = (config_json, source = None))]
    fn new(py: Python<'_>, config_json: &str, source: Option<&str>) -> PyResult<Self> {
        let card = py.detach(|| guarded(|| Scorecard::from_json(config_json))).map_err(|e| py_error(py, e, source))?;
        let selection = FieldSelection::Only(card.fields());
        Ok(PyScorecard { card: Arc::new(card), selection })
    }

    /// The scorecard's name.
    #[getter]
    fn name(&self) -> &str {
        self.card.name()
    }

    /// The partner fields the scorecard reads (metric fields, tier requirements, `benchmark_by`).
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.card.fields()
    }

    /// The metric names, in config order (one `points:<name>` column each in `to_pandas()`).
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.card.metrics().iter().map(|m| m.name.clone()).collect()
    }

    /// Scores the partners of a `.csv` or `.json` file (read and parsed without the GIL).
    fn score_path(&self, py: Python<'_>, path: &str) -> PyResult<PyReport> {
        let result = py.detach(|| {
            let bytes = std::fs::read(path).map_err(|e| Error::input("(file)", format!("cannot read: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Error::input(format!("byte {}", e.utf8_error().valid_up_to()), "the file is not UTF-8 text")
            })?;
            guarded(|| {
                let partners = Partners::from_text_selected(&text, path, &self.selection)?;
                self.card.score_owned(partners)
            })
        });
        self.report(py, result, Some(path))
    }

    /// Scores partners given as an iterable of dicts (one per partner).
    fn score_records(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let columns = match convert::records_to_columns(records, &self.selection)? {
            Ok(columns) => columns,
            Err(e) => return Err(py_error(py, e, None)),
        };
        let result = py.detach(|| guarded(|| self.card.score_owned(Partners::from_columns(columns)?)));
        self.report(py, result, None)
    }

    /// Scores a DataFrame prepared by `partnerscore._frames`: a list of `(name, kind, values, missing)`
    /// with numpy arrays. Numeric columns are converted without the GIL, in parallel.
    fn score_frame(&self, py: Python<'_>, columns: &Bound<'_, PyList>) -> PyResult<PyReport> {
        let timings = Timings::start();
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
            if !self.selection.keeps(&name) {
                continue;
            }
            let values = match convert::frame_column(&name, &kind, &values, extra.as_ref())? {
                Ok(values) => values,
                Err(e) => return Err(py_error(py, e.into_error(&[]), None)),
            };
            let missing: Option<numpy::PyReadonlyArray1<'_, bool>> = missing.map(|m| m.extract()).transpose()?;
            prepared.push((name, values, missing));
        }
        let rows = prepared.first().map_or(0, |(_, v, _)| convert::frame_len(v));
        if let Some((name, values, _)) = prepared.iter().find(|(_, v, _)| convert::frame_len(v) != rows) {
            return Err(py_error(
                py,
                Error::input(format!("column {name}"), format!("has {} rows, not {rows}", convert::frame_len(values))),
                None,
            ));
        }
        // Object columns need the GIL; the id column goes first so that errors can name partners.
        prepared.sort_by_key(|(name, _, _)| name != "id");
        let mut converted: Vec<Option<Vec<Option<Value>>>> = Vec::with_capacity(prepared.len());
        let mut numeric: Vec<(usize, &str, Numeric<'_>, Option<&[bool]>)> = Vec::new();
        for (slot, (name, values, missing)) in prepared.iter().enumerate() {
            let missing = missing.as_ref().map(|m| m.as_slice()).transpose().map_err(malformed_column)?;
            let ids = converted.first().and_then(|c| c.as_deref()).unwrap_or(&[]);
            let borrowed = match values {
                FrameColumn::Object(a) => {
                    let objects = a.as_slice().map_err(malformed_column)?;
                    match convert::object_column(name, objects, missing, py)? {
                        Ok(column) => converted.push(Some(column)),
                        Err(e) => return Err(py_error(py, e.into_error(ids), None)),
                    }
                    continue;
                }
                FrameColumn::Text(joined, rows) => {
                    let column = convert::text_column(joined, *rows).ok_or_else(|| {
                        malformed_column(format!("text column {name} does not split into {rows} rows"))
                    })?;
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
            if slot == 0 {
                // A numeric id column: convert it now, it names partners in errors.
                let column = convert::numeric_column(name, borrowed, missing)
                    .map_err(|e| py_error(py, e.into_error(&[]), None))?;
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
            let ids = converted.first().and_then(|c| c.as_deref()).unwrap_or(&[]);
            if let Some(e) = first_error {
                return Err(e.into_error(ids));
            }
            timings.lap("numeric columns");
            let columns: Vec<(String, Vec<Option<Value>>)> =
                names.into_iter().zip(converted.into_iter().map(Option::unwrap_or_default)).collect();
            let partners = guarded(|| Partners::from_columns(columns))?;
            timings.lap("partners table");
            let report = guarded(|| self.card.score_owned(partners));
            timings.lap("scoring");
            report
        });
        self.report(py, result, None)
    }

    /// Scores partners from any object with `__arrow_c_stream__` (a polars DataFrame, a pyarrow Table …).
    fn score_arrow(&self, py: Python<'_>, data: PyRecordBatchReader) -> PyResult<PyReport> {
        let reader = data.into_reader()?;
        let result = py.detach(|| {
            guarded(|| {
                let columns = convert::arrow_columns(reader, &self.selection)?;
                self.card.score_owned(Partners::from_columns(columns)?)
            })
        });
        self.report(py, result, None)
    }

    fn __repr__(&self) -> String {
        format!("Scorecard({:?}, {} metrics)", self.card.name(), self.card.metrics().len())
    }
}

impl PyScorecard {
    fn report(&self, py: Python<'_>, result: Result<ScoreReport, Error>, source: Option<&str>) -> PyResult<PyReport> {
        match result {
            Ok(report) => Ok(PyReport { report: Arc::new(report) }),
            Err(e) => Err(py_error(py, e, source)),
        }
    }
}

/// Phase times on stderr when `PARTNERSCORE_TIMINGS` is set (for benchmarking, like the CLI's).
struct Timings(Option<std::sync::Mutex<std::time::Instant>>);

impl Timings {
    fn start() -> Timings {
        Timings(std::env::var_os("PARTNERSCORE_TIMINGS").map(|_| std::sync::Mutex::new(std::time::Instant::now())))
    }

    fn lap(&self, phase: &str) {
        if let Some(Ok(mut last)) = self.0.as_ref().map(|m| m.lock()) {
            let now = std::time::Instant::now();
            eprintln!("{phase}: {:.3}s", (now - *last).as_secs_f64());
            *last = now;
        }
    }
}

fn malformed_column(e: impl std::fmt::Display) -> PyErr {
    PartnerScoreError::new_err(format!("internal error: a prepared DataFrame column is malformed ({e})"))
}

/// The result of scoring: one entry per partner, in input order.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "Report")]
struct PyReport {
    report: Arc<ScoreReport>,
}

/// A measure as the JSON shows it (4 places), as the nearest float.
fn measure_f64(d: Decimal) -> f64 {
    let d = round_measure(d);
    let mantissa = d.mantissa();
    if mantissa.unsigned_abs() < (1u128 << 53) && d.scale() <= 15 {
        // Both integers are exact in f64, so one division is correctly rounded.
        mantissa as f64 / 10f64.powi(d.scale() as i32)
    } else {
        d.to_string().parse().unwrap_or(f64::NAN)
    }
}

#[pymethods]
impl PyReport {
    /// The scorecard's name.
    #[getter]
    fn scorecard(&self) -> &str {
        self.report.scorecard().name()
    }

    fn __len__(&self) -> usize {
        self.report.len()
    }

    /// Exactly the CLI's `--format json` document.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `--format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        let bytes = py.detach(|| {
            let mut out = Vec::new();
            self.report.write_csv(&mut out).map(|_| out)
        });
        let bytes = bytes.map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))?;
        String::from_utf8(bytes).map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))
    }

    /// The JSON object of partner `index` (input position), as in `to_json()`'s `partners` list.
    fn partner_json(&self, index: usize) -> PyResult<String> {
        if index >= self.report.len() {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "partner index {index} out of range ({} partners)",
                self.report.len()
            )));
        }
        serde_json::to_string(&self.report.partner(index))
            .map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))
    }

    /// The CSV columns (`id … points_to_next_tier, points:<metric> …`) as a dict of lists and numpy
    /// arrays: floats (NaN = none) and ints, or with `exact` decimal.Decimal objects (None = none).
    #[pyo3(signature = (exact = false))]
    fn columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let report = &*self.report;
        let n = report.len();
        let out = PyDict::new(py);
        let texts = |get: &dyn Fn(usize) -> Option<String>| -> Vec<Option<String>> { (0..n).map(get).collect() };
        out.set_item("id", texts(&|i| Some(report.partner(i).id().to_string())))?;
        out.set_item("name", texts(&|i| report.partner(i).name().map(str::to_string)))?;
        out.set_item("category", texts(&|i| report.partner(i).category().map(str::to_string)))?;
        let decimals = |get: &(dyn Fn(usize) -> Option<Decimal> + Sync)| -> PyResult<Bound<'py, PyAny>> {
            if exact {
                let values: Vec<Option<Decimal>> =
                    py.detach(|| (0..n).into_par_iter().map(get).map(|d| d.map(round_measure)).collect());
                Ok(PyList::new(py, values)?.into_any())
            } else {
                let values: Vec<f64> =
                    py.detach(|| (0..n).into_par_iter().map(|i| get(i).map_or(f64::NAN, measure_f64)).collect());
                Ok(PyArray1::from_vec(py, values).into_any())
            }
        };
        out.set_item("score", decimals(&|i| Some(report.partner(i).score()))?)?;
        out.set_item("max_score", decimals(&|i| Some(report.partner(i).max_score()))?)?;
        out.set_item("score_pct", decimals(&|i| Some(report.partner(i).score_pct()))?)?;
        out.set_item("tier", texts(&|i| report.partner(i).tier().map(str::to_string)))?;
        let ranks: Vec<i64> = (0..n).map(|i| i64::from(report.partner(i).rank())).collect();
        out.set_item("rank", PyArray1::from_vec(py, ranks))?;
        let ranks: Vec<i64> = (0..n).map(|i| i64::from(report.partner(i).rank_in_cohort())).collect();
        out.set_item("rank_in_cohort", PyArray1::from_vec(py, ranks))?;
        out.set_item("percentile", decimals(&|i| Some(report.partner(i).percentile()))?)?;
        out.set_item("next_tier", texts(&|i| report.partner(i).next_tier_gap().map(|(name, _)| name.to_string())))?;
        out.set_item(
            "points_to_next_tier",
            decimals(&|i| report.partner(i).next_tier_gap().map(|(_, points)| points))?,
        )?;
        for (j, metric) in report.scorecard().metrics().iter().enumerate() {
            out.set_item(format!("points:{}", metric.name), decimals(&|i| report.partner(i).metric_points(j))?)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("Report({:?}, {} partners)", self.report.scorecard().name(), self.report.len())
    }
}

/// The decimal a float is read as (its shortest repr); for the tests, which compare it with `repr`.
#[pyfunction]
fn _float_decimal(x: f64) -> PyResult<String> {
    convert::float_decimal(x).map(|d| d.to_string()).map_err(PartnerScoreError::new_err)
}

/// The native module.
#[pymodule]
fn _partnerscore(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyScorecard>()?;
    m.add_class::<PyReport>()?;
    m.add_function(wrap_pyfunction!(_float_decimal, m)?)?;
    m.add("PartnerScoreError", py.get_type::<PartnerScoreError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("__version__", partnerscore::VERSION)?;
    Ok(())
}
