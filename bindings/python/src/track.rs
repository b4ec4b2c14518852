//! Execution-plan tracking (DESIGN §6) for Python: `track()` and `TrackReport`. Conversion only: the
//! commitments and milestones are loaded and tracked by the core, and this module hands the result over
//! as text, dicts and numpy columns.

use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::tracking::{Status, TrackReport};
use partnerscore::{Date, Decimal, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::health::{date_option, py_date};
use crate::{check_index, csv_text, decimal_column, guarded, internal, load, py_error, Timings};

/// Tracks commitments given as `kind` (`path`, `records`, `frame`, `arrow`) and `data`, and milestones
/// given the same way (`milestones_kind` None: no milestones), at `as_of` (a `datetime.date`, a numpy
/// datetime64 or `YYYY-MM-DD` text; a ConfigError at `as_of` otherwise, as `health` reads it), as
/// `partnerscore.track` dispatches them. `as_of` is read first; the work runs without the GIL.
#[pyfunction]
#[pyo3(signature = (kind, data, milestones_kind, milestones_data, as_of))]
pub(crate) fn track(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    milestones_kind: Option<&str>,
    milestones_data: Option<&Bound<'_, PyAny>>,
    as_of: &Bound<'_, PyAny>,
) -> PyResult<PyTrackReport> {
    let as_of = date_option(py, Some(as_of))?.ok_or_else(|| internal("as_of was not read"))?;
    let timings = Timings::start();
    let (commitments, source) = load::commitments(py, kind, data, &timings)?;
    let (milestones, milestones_source) = match (milestones_kind, milestones_data) {
        (Some(kind), Some(data)) => load::milestones(py, kind, data, &timings)?,
        _ => (Default::default(), None),
    };
    let result = py.detach(|| guarded(|| partnerscore::tracking::track(&commitments, &milestones, as_of)));
    timings.lap("tracking");
    match result {
        Ok(report) => Ok(PyTrackReport { report: Arc::new(report) }),
        Err(e) => {
            // As the CLI: the location says which input an error is about.
            let source = if e.kind() != ErrorKind::Input {
                None
            } else if e.location().starts_with("milestones") {
                milestones_source
            } else {
                source
            };
            Err(py_error(py, e, source.as_deref()))
        }
    }
}

/// Every commitment and milestone at as_of (input order) and every partner (order of first appearance).
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "TrackReport")]
pub(crate) struct PyTrackReport {
    report: Arc<TrackReport>,
}

/// Days since 1970-01-01 (numpy's `datetime64[D]` once viewed as such); None is `i64::MIN`, numpy's NaT.
fn days(dates: impl Iterator<Item = Option<Date>>) -> Vec<i64> {
    dates.map(|d| d.map_or(i64::MIN, |d| i64::from(d.days()))).collect()
}

fn counts(values: impl Iterator<Item = usize>) -> Vec<i64> {
    values.map(|v| i64::try_from(v).unwrap_or(i64::MAX)).collect()
}

#[pymethods]
impl PyTrackReport {
    /// The tracking date, as a `datetime.date`.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.report.as_of)
    }

    fn __len__(&self) -> usize {
        self.report.commitments.len()
    }

    /// Exactly the CLI's `track --format json` document (without its trailing newline).
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `track --format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of commitment `index` (input position), as in `to_json()`'s `commitments`.
    fn commitment_json(&self, index: usize) -> PyResult<String> {
        let commitments = &self.report.commitments;
        check_index(index, commitments.len())?;
        serde_json::to_string(&commitments[index]).map_err(internal)
    }

    /// The headline: `as_of` (a date), `commitments` and their counts by status (`done, on_track,
    /// at_risk, behind, overdue`), `impediments` (at_risk + behind + overdue), `milestones`,
    /// `milestones_done`, `milestones_overdue`, `out_of_order` and `partners`; counts are ints.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.report;
        let c = r.counts();
        let out = PyDict::new(py);
        out.set_item("as_of", py_date(py, r.as_of)?)?;
        out.set_item("commitments", r.commitments.len())?;
        for (status, count) in [
            (Status::Done, c.done),
            (Status::OnTrack, c.on_track),
            (Status::AtRisk, c.at_risk),
            (Status::Behind, c.behind),
            (Status::Overdue, c.overdue),
        ] {
            out.set_item(status.as_str(), count)?;
        }
        out.set_item("impediments", c.impediments)?;
        out.set_item("milestones", r.milestones.len())?;
        out.set_item("milestones_done", c.milestones_done)?;
        out.set_item("milestones_overdue", c.milestones_overdue)?;
        out.set_item("out_of_order", c.out_of_order)?;
        out.set_item("partners", r.partners.len())?;
        Ok(out)
    }

    /// The CSV columns (`partner_id, kind, field, target, actual, expected_to_date, status, shortfall,
    /// due`): text as lists, the four measures float64 (the CSV's 4-place values) or with `exact`
    /// decimal.Decimal, `due` an int64 numpy array of days since 1970-01-01.
    #[pyo3(signature = (exact = false))]
    fn columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let rows = &self.report.commitments;
        let n = rows.len();
        let out = PyDict::new(py);
        let decimals = |get: &(dyn Fn(usize) -> Option<Decimal> + Sync)| decimal_column(py, n, exact, get);
        out.set_item("partner_id", rows.iter().map(|c| &*c.partner_id).collect::<Vec<_>>())?;
        out.set_item("kind", rows.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>())?;
        out.set_item("field", rows.iter().map(|c| &*c.field).collect::<Vec<_>>())?;
        out.set_item("target", decimals(&|i| Some(rows[i].target))?)?;
        out.set_item("actual", decimals(&|i| Some(rows[i].actual))?)?;
        out.set_item("expected_to_date", decimals(&|i| Some(rows[i].expected_to_date))?)?;
        out.set_item("status", rows.iter().map(|c| c.status.as_str()).collect::<Vec<_>>())?;
        out.set_item("shortfall", decimals(&|i| Some(rows[i].shortfall))?)?;
        out.set_item("due", PyArray1::from_vec(py, days(rows.iter().map(|c| Some(c.due)))))?;
        debug_assert_eq!(out.len(), TrackReport::csv_header().len());
        Ok(out)
    }

    /// The milestones (`partner_id, area, name, due, done_on, status, out_of_order`), input order: text
    /// as lists, the dates int64 numpy arrays of days since 1970-01-01 (`i64::MIN`, numpy's NaT, where
    /// not done), `out_of_order` a bool array.
    fn milestone_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = &self.report.milestones;
        let out = PyDict::new(py);
        out.set_item("partner_id", rows.iter().map(|m| &*m.partner_id).collect::<Vec<_>>())?;
        out.set_item("area", rows.iter().map(|m| m.area.as_str()).collect::<Vec<_>>())?;
        out.set_item("name", rows.iter().map(|m| &*m.name).collect::<Vec<_>>())?;
        out.set_item("due", PyArray1::from_vec(py, days(rows.iter().map(|m| Some(m.due)))))?;
        out.set_item("done_on", PyArray1::from_vec(py, days(rows.iter().map(|m| m.done_on))))?;
        out.set_item("status", rows.iter().map(|m| m.status.as_str()).collect::<Vec<_>>())?;
        out.set_item("out_of_order", PyArray1::from_vec(py, rows.iter().map(|m| m.out_of_order).collect()))?;
        Ok(out)
    }

    /// The partners (`id, done, on_track, at_risk, behind, overdue, impediments, worst_impediment`), order
    /// of first appearance: counts as int64 numpy arrays (`impediments` is how many), `worst_impediment`
    /// the text of the first (worst) impediment, None without one.
    fn partner_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = &self.report.partners;
        let out = PyDict::new(py);
        out.set_item("id", rows.iter().map(|p| &*p.id).collect::<Vec<_>>())?;
        out.set_item("done", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.done))))?;
        out.set_item("on_track", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.on_track))))?;
        out.set_item("at_risk", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.at_risk))))?;
        out.set_item("behind", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.behind))))?;
        out.set_item("overdue", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.overdue))))?;
        out.set_item("impediments", PyArray1::from_vec(py, counts(rows.iter().map(|p| p.impediments.len()))))?;
        let worst = rows.iter().map(|p| p.impediments.first().map(|i| &*i.text)).collect::<Vec<_>>();
        out.set_item("worst_impediment", worst)?;
        Ok(out)
    }

    /// The impediments, one row each (`partner_id, kind, field, status, shortfall, text`): partners in
    /// order of first appearance, each partner's worst first; `shortfall` float64 (the JSON's 4-place
    /// value) or with `exact` decimal.Decimal.
    #[pyo3(signature = (exact = false))]
    fn impediment_columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let rows: Vec<_> =
            self.report.partners.iter().flat_map(|p| p.impediments.iter().map(move |i| (&*p.id, i))).collect();
        let out = PyDict::new(py);
        out.set_item("partner_id", rows.iter().map(|(id, _)| *id).collect::<Vec<_>>())?;
        out.set_item("kind", rows.iter().map(|(_, i)| i.kind.as_str()).collect::<Vec<_>>())?;
        out.set_item("field", rows.iter().map(|(_, i)| &*i.field).collect::<Vec<_>>())?;
        out.set_item("status", rows.iter().map(|(_, i)| i.status.as_str()).collect::<Vec<_>>())?;
        out.set_item("shortfall", decimal_column(py, rows.len(), exact, &|k| Some(rows[k].1.shortfall))?)?;
        out.set_item("text", rows.iter().map(|(_, i)| &*i.text).collect::<Vec<_>>())?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        let r = &*self.report;
        format!(
            "TrackReport(as_of {}, {} commitments, {} milestones, {} partners)",
            r.as_of,
            r.commitments.len(),
            r.milestones.len(),
            r.partners.len()
        )
    }
}
