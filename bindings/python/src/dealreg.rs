//! Deal registration conflicts (DESIGN §5) for Python: `dealreg()` and `DealRegReport`. Conversion only:
//! the registrations are loaded and judged by the core, and this module hands the result over as text,
//! dicts and numpy columns.

use std::collections::HashMap;
use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::dealreg::{Conflict, DealRegReport, Judged, DEFAULT_WINDOW_DAYS};
use partnerscore::{Date, Error};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt};

use crate::{check_index, csv_text, guarded, internal, load, py_error, Timings};

/// A whole number of days: a Python int (or a numpy integer), not a bool, float, Decimal or text. The
/// reason is `Err` for a value of another type or one beyond i64.
pub(crate) fn whole_days(value: &Bound<'_, PyAny>) -> PyResult<Result<i64, String>> {
    let as_int = if value.is_instance_of::<PyBool>() {
        None
    } else if let Ok(i) = value.cast::<PyInt>() {
        Some(i.clone())
    } else if value.get_type().getattr("__module__").and_then(|m| m.extract::<String>()).is_ok_and(|m| m == "numpy")
        && value.hasattr("__index__")?
        && !value.get_type().qualname().is_ok_and(|n| n.to_string().starts_with("bool"))
    {
        Some(value.call_method0("__index__")?.cast_into::<PyInt>()?)
    } else {
        None
    };
    let Some(as_int) = as_int else {
        let kind = value.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string());
        return Ok(Err(format!("must be a whole number of days (an int), not {kind} {}", value.repr()?)));
    };
    Ok(as_int
        .extract::<i64>()
        .map_err(|_| format!("{} days is out of range", as_int.str().map(|s| s.to_string()).unwrap_or_default())))
}

/// `window_days`: a whole number of days ([`whole_days`]). A value of the wrong type is an `InputError`
/// at `window_days`, where the core reports a value below 1.
fn window_days_option(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    let Some(value) = value else { return Ok(DEFAULT_WINDOW_DAYS) };
    whole_days(value)?.map_err(|reason| py_error(py, Error::input("window_days", reason), None))
}

/// Judges deal registrations given as `kind` (`path`, `records`, `frame`, `arrow`) and `data`, as
/// `partnerscore.dealreg` dispatches them, with windows of `window_days` (None: 90) where a registration
/// has no `expires_on`. The work runs without the GIL.
#[pyfunction]
#[pyo3(signature = (kind, data, window_days = None))]
pub(crate) fn dealreg(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    window_days: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDealRegReport> {
    let window_days = window_days_option(py, window_days)?;
    let timings = Timings::start();
    let (registrations, source) = load::registrations(py, kind, data, &timings)?;
    let result = py.detach(|| guarded(|| partnerscore::dealreg::dealreg(&registrations, window_days)));
    timings.lap("judging");
    match result {
        Ok(report) => Ok(PyDealRegReport { report: Arc::new(report) }),
        // As the CLI: an error about the input names its file; `window_days` is an option, not the file's.
        Err(e) => {
            let source = if e.location() == "window_days" { None } else { source };
            Err(py_error(py, e, source.as_deref()))
        }
    }
}

/// Every registration judged (input order) and the conflicts (the winner's judged order).
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "DealRegReport")]
pub(crate) struct PyDealRegReport {
    report: Arc<DealRegReport>,
}

/// Days since 1970-01-01 (numpy's `datetime64[D]` once viewed as such).
fn days(dates: impl Iterator<Item = Date>) -> Vec<i64> {
    dates.map(|d| i64::from(d.days())).collect()
}

#[pymethods]
impl PyDealRegReport {
    /// The window of registrations without `expires_on`, in days.
    #[getter]
    fn window_days(&self) -> i64 {
        self.report.window_days
    }

    fn __len__(&self) -> usize {
        self.report.len()
    }

    /// Exactly the CLI's `dealreg --format json` document (without its trailing newline).
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `dealreg --format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of registration `index` (input position), as in `to_json()`'s `registrations`.
    fn registration_json(&self, index: usize) -> PyResult<String> {
        check_index(index, self.report.len())?;
        serde_json::to_string(&self.report.get(index)).map_err(internal)
    }

    /// The headline: `window_days`, `registrations`, `clear`, `won`, `lost` (the core's counts) and
    /// `conflicts`, all ints.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.report;
        let counts = r.counts();
        let out = PyDict::new(py);
        out.set_item("window_days", r.window_days)?;
        out.set_item("registrations", r.len())?;
        out.set_item("clear", counts.clear)?;
        out.set_item("won", counts.won)?;
        out.set_item("lost", counts.lost)?;
        out.set_item("conflicts", r.conflicts.len())?;
        Ok(out)
    }

    /// The CSV columns (`id, partner_id, customer, customer_key, product, registered_on, expires_on,
    /// status, lost_to, lost_to_partner_id`) as a dict of lists (text, None = absent) and, for the two
    /// dates, int64 numpy arrays of days since 1970-01-01.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows: Vec<Judged<'_>> = self.report.registrations().collect();
        let out = PyDict::new(py);
        fn texts<'a>(rows: &[Judged<'a>], get: impl Fn(&Judged<'a>) -> Option<&'a str>) -> Vec<Option<&'a str>> {
            rows.iter().map(get).collect()
        }
        out.set_item("id", texts(&rows, |r| Some(r.id)))?;
        out.set_item("partner_id", texts(&rows, |r| Some(r.partner_id)))?;
        out.set_item("customer", texts(&rows, |r| Some(r.customer)))?;
        out.set_item("customer_key", texts(&rows, |r| Some(r.customer_key)))?;
        out.set_item("product", texts(&rows, |r| r.product))?;
        out.set_item("registered_on", PyArray1::from_vec(py, days(rows.iter().map(|r| r.registered_on))))?;
        out.set_item("expires_on", PyArray1::from_vec(py, days(rows.iter().map(|r| r.expires_on))))?;
        out.set_item("status", texts(&rows, |r| Some(r.status.as_str())))?;
        out.set_item("lost_to", texts(&rows, |r| r.lost_to))?;
        out.set_item("lost_to_partner_id", texts(&rows, |r| r.lost_to_partner_id))?;
        debug_assert_eq!(out.len(), DealRegReport::csv_header().len());
        Ok(out)
    }

    /// The conflicts, one row per (conflict, loser): `customer_key, product, winner, winner_partner_id,
    /// winner_registered_on, winner_expires_on, loser, loser_partner_id, loser_registered_on`, conflicts
    /// in the winner's judged order and losers in judged order within each; text as lists (None = absent),
    /// dates as int64 numpy arrays of days since 1970-01-01.
    fn conflict_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.report;
        // A loser's own partner and date, from its judged registration (ids are unique).
        let by_id: HashMap<&str, Judged<'_>> = r.registrations().map(|j| (j.id, j)).collect();
        let pairs: Vec<(&Conflict, Judged<'_>)> = r
            .conflicts
            .iter()
            .flat_map(|c| c.losers.iter().map(move |l| (c, l)))
            .map(|(c, l)| by_id.get(&**l).map(|j| (c, *j)).ok_or_else(|| internal(format!("no registration {l}"))))
            .collect::<PyResult<_>>()?;
        let out = PyDict::new(py);
        out.set_item("customer_key", pairs.iter().map(|(c, _)| &*c.customer_key).collect::<Vec<_>>())?;
        out.set_item("product", pairs.iter().map(|(c, _)| c.product.as_deref()).collect::<Vec<_>>())?;
        out.set_item("winner", pairs.iter().map(|(c, _)| &*c.winner).collect::<Vec<_>>())?;
        out.set_item("winner_partner_id", pairs.iter().map(|(c, _)| &*c.winner_partner_id).collect::<Vec<_>>())?;
        let winner_from = days(pairs.iter().map(|(c, _)| c.winner_registered_on));
        out.set_item("winner_registered_on", PyArray1::from_vec(py, winner_from))?;
        out.set_item(
            "winner_expires_on",
            PyArray1::from_vec(py, days(pairs.iter().map(|(c, _)| c.winner_expires_on))),
        )?;
        out.set_item("loser", pairs.iter().map(|(_, l)| l.id).collect::<Vec<_>>())?;
        out.set_item("loser_partner_id", pairs.iter().map(|(_, l)| l.partner_id).collect::<Vec<_>>())?;
        let loser_from = days(pairs.iter().map(|(_, l)| l.registered_on));
        out.set_item("loser_registered_on", PyArray1::from_vec(py, loser_from))?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        let r = &*self.report;
        format!(
            "DealRegReport(window {} days, {} registrations, {} conflicts)",
            r.window_days,
            r.len(),
            r.conflicts.len()
        )
    }
}
