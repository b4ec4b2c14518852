//! The native module `partnerscore._partnerscore`: the scorecard, profile, plan, health, deal-registration
//! and execution-plan tracking engines of the `partnerscore` crate, and the review pack of
//! `partnerscore-review`, for Python. It converts types and errors only; the Python package
//! (`python/partnerscore`) adds the friendly entry points (paths, dicts, DataFrames) on top.

mod convert;
mod dealreg;
mod health;
mod load;
mod plan;
mod review;
mod track;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::data::{FieldSelection, Value};
use partnerscore::decimal::round_measure;
use partnerscore::{Decimal, Error, ErrorKind, Profile, ProfileReport, ScoreReport, Scorecard};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;

/// One converted column of values, one per partner.
pub(crate) type Column = Vec<Option<Value>>;

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
    "A configuration (scorecard, profile, plan) is malformed; `.location` is its config path, e.g. `sections[0].metrics[1].rule`."
);
create_exception!(
    _partnerscore,
    InputError,
    PartnerScoreError,
    "Partner or history data is malformed; `.location` names the record, partner id and field, or the CSV line."
);

/// Turns a core error into the Python exception of its kind. `source` (a file name) prefixes the
/// message as the CLI does.
pub(crate) fn py_error(py: Python<'_>, error: Error, source: Option<&str>) -> PyErr {
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
pub(crate) fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
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
pub(crate) struct PyScorecard {
    pub(crate) card: Arc<Scorecard>,
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

    /// Scores partners given as `kind` (`path`, `records`, `frame`, `arrow`) and `data`, as
    /// `partnerscore.Scorecard.score` dispatches them. The work runs without the GIL.
    fn score(&self, py: Python<'_>, kind: &str, data: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let timings = Timings::start();
        let load::Loaded { partners, source } = load::partners(py, kind, data, &self.selection, &timings)?;
        let result = py.detach(|| guarded(|| self.card.score_owned(partners)));
        timings.lap("scoring");
        match result {
            Ok(report) => Ok(PyReport { report: Arc::new(report) }),
            Err(e) => Err(py_error(py, e, source.as_deref())),
        }
    }

    fn __repr__(&self) -> String {
        format!("Scorecard({:?}, {} metrics)", self.card.name(), self.card.metrics().len())
    }
}

/// Phase times on stderr when `PARTNERSCORE_TIMINGS` is set (for benchmarking, like the CLI's).
pub(crate) struct Timings(Option<std::sync::Mutex<std::time::Instant>>);

impl Timings {
    pub(crate) fn start() -> Timings {
        Timings(std::env::var_os("PARTNERSCORE_TIMINGS").map(|_| std::sync::Mutex::new(std::time::Instant::now())))
    }

    pub(crate) fn lap(&self, phase: &str) {
        if let Some(Ok(mut last)) = self.0.as_ref().map(|m| m.lock()) {
            let now = std::time::Instant::now();
            eprintln!("{phase}: {:.3}s", (now - *last).as_secs_f64());
            *last = now;
        }
    }
}

pub(crate) fn malformed_column(e: impl std::fmt::Display) -> PyErr {
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
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of partner `index` (input position), as in `to_json()`'s `partners` list.
    fn partner_json(&self, index: usize) -> PyResult<String> {
        check_index(index, self.report.len())?;
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
        let decimals = |get: &(dyn Fn(usize) -> Option<Decimal> + Sync)| decimal_column(py, n, exact, get);
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

/// An ideal partner profile (DESIGN §2), validated at construction. Immutable: share it between threads.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "Profile")]
pub(crate) struct PyProfile {
    pub(crate) profile: Arc<Profile>,
    selection: FieldSelection,
}

#[pymethods]
impl PyProfile {
    /// Parses and validates a profile from its JSON text; `source` names it in error messages.
    #[new]
    #[pyo3(signature = (config_json, source = None))]
    fn new(py: Python<'_>, config_json: &str, source: Option<&str>) -> PyResult<Self> {
        let profile = py.detach(|| guarded(|| Profile::from_json(config_json))).map_err(|e| py_error(py, e, source))?;
        let selection = FieldSelection::Only(profile.fields());
        Ok(PyProfile { profile: Arc::new(profile), selection })
    }

    /// The profile's name.
    #[getter]
    fn name(&self) -> &str {
        self.profile.name()
    }

    /// The partner fields the profile reads.
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.profile.fields()
    }

    /// The criterion names, in config order (one `fit:<name>` column each in `to_pandas()`).
    #[getter]
    fn criteria(&self) -> Vec<String> {
        self.profile.criteria().iter().map(|c| c.name.clone()).collect()
    }

    /// Evaluates partners given as `kind` (`path`, `records`, `frame`, `arrow`) and `data`, without the GIL.
    fn evaluate(&self, py: Python<'_>, kind: &str, data: &Bound<'_, PyAny>) -> PyResult<PyProfileReport> {
        let timings = Timings::start();
        let load::Loaded { partners, source } = load::partners(py, kind, data, &self.selection, &timings)?;
        let result = py.detach(|| guarded(|| self.profile.evaluate(&partners)));
        timings.lap("evaluation");
        match result {
            Ok(report) => Ok(PyProfileReport { report: Arc::new(report) }),
            Err(e) => Err(py_error(py, e, source.as_deref())),
        }
    }

    fn __repr__(&self) -> String {
        format!("Profile({:?}, {} criteria)", self.profile.name(), self.profile.criteria().len())
    }
}

/// The result of evaluating partners against a profile: one entry per partner, in input order.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "ProfileReport")]
struct PyProfileReport {
    report: Arc<ProfileReport>,
}

#[pymethods]
impl PyProfileReport {
    /// The profile's name.
    #[getter]
    fn profile(&self) -> &str {
        self.report.profile().name()
    }

    fn __len__(&self) -> usize {
        self.report.len()
    }

    /// Exactly the CLI's `gap --format json` document.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `gap --format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of partner `index` (input position), as in `to_json()`'s `partners` list.
    fn partner_json(&self, index: usize) -> PyResult<String> {
        check_index(index, self.report.len())?;
        serde_json::to_string(&self.report.partner(index))
            .map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))
    }

    /// The CSV columns (`id, name, category, fit, verdict, gaps, first_gap, fit:<criterion> …`) as a dict
    /// of lists and numpy arrays: floats and ints, or with `exact` decimal.Decimal objects.
    #[pyo3(signature = (exact = false))]
    fn columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let report = &*self.report;
        let n = report.len();
        let out = PyDict::new(py);
        let texts = |get: &dyn Fn(usize) -> Option<String>| -> Vec<Option<String>> { (0..n).map(get).collect() };
        out.set_item("id", texts(&|i| Some(report.partner(i).id().to_string())))?;
        out.set_item("name", texts(&|i| report.partner(i).name().map(str::to_string)))?;
        out.set_item("category", texts(&|i| report.partner(i).category().map(str::to_string)))?;
        out.set_item("fit", decimal_column(py, n, exact, &|i| Some(report.partner(i).fit()))?)?;
        out.set_item("verdict", texts(&|i| Some(report.partner(i).verdict().as_str().to_string())))?;
        let firsts: Vec<(usize, Option<&str>)> = (0..n).map(|i| report.partner(i).gap_count_and_first()).collect();
        let counts: Vec<i64> = firsts.iter().map(|(count, _)| *count as i64).collect();
        out.set_item("gaps", PyArray1::from_vec(py, counts))?;
        out.set_item("first_gap", firsts.iter().map(|(_, first)| first.map(str::to_string)).collect::<Vec<_>>())?;
        for (j, criterion) in report.profile().criteria().iter().enumerate() {
            let column = decimal_column(py, n, exact, &|i| Some(report.partner(i).criterion_fit(j)))?;
            out.set_item(format!("fit:{}", criterion.name), column)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("ProfileReport({:?}, {} partners)", self.report.profile().name(), self.report.len())
    }
}

/// A CSV document written by the core, as text.
pub(crate) fn csv_text(
    py: Python<'_>,
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()> + Send,
) -> PyResult<String> {
    let bytes = py.detach(|| {
        let mut out = Vec::new();
        write(&mut out).map(|_| out)
    });
    let bytes = bytes.map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))?;
    String::from_utf8(bytes).map_err(|e| PartnerScoreError::new_err(format!("internal error: {e}")))
}

pub(crate) fn check_index(index: usize, len: usize) -> PyResult<()> {
    if index >= len {
        return Err(pyo3::exceptions::PyIndexError::new_err(format!(
            "partner index {index} out of range ({len} partners)"
        )));
    }
    Ok(())
}

/// An internal error (a bug): serialization of a core result failed.
pub(crate) fn internal(e: impl std::fmt::Display) -> PyErr {
    PartnerScoreError::new_err(format!("internal error: {e}"))
}

/// A column of measures: float64 (the 4-place output values, NaN = none) or Decimal objects (None = none).
pub(crate) fn decimal_column<'py>(
    py: Python<'py>,
    n: usize,
    exact: bool,
    get: &(dyn Fn(usize) -> Option<Decimal> + Sync),
) -> PyResult<Bound<'py, PyAny>> {
    if exact {
        let values: Vec<Option<Decimal>> =
            py.detach(|| (0..n).into_par_iter().map(get).map(|d| d.map(round_measure)).collect());
        Ok(PyList::new(py, values)?.into_any())
    } else {
        let values: Vec<f64> =
            py.detach(|| (0..n).into_par_iter().map(|i| get(i).map_or(f64::NAN, measure_f64)).collect());
        Ok(PyArray1::from_vec(py, values).into_any())
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
    m.add_class::<PyProfile>()?;
    m.add_class::<PyProfileReport>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<plan::PyPlanReport>()?;
    m.add_class::<health::PyHealthReport>()?;
    m.add_function(wrap_pyfunction!(health::health, m)?)?;
    m.add_class::<dealreg::PyDealRegReport>()?;
    m.add_function(wrap_pyfunction!(dealreg::dealreg, m)?)?;
    m.add_class::<track::PyTrackReport>()?;
    m.add_function(wrap_pyfunction!(track::track, m)?)?;
    m.add_function(wrap_pyfunction!(review::review_pack, m)?)?;
    m.add_function(wrap_pyfunction!(_float_decimal, m)?)?;
    m.add("PartnerScoreError", py.get_type::<PartnerScoreError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("__version__", partnerscore::VERSION)?;
    Ok(())
}
