//! The achievement plan (DESIGN §3) for Python: `Plan` (a validated config) and `PlanReport` (its
//! result). Conversion only: the core solves, this module hands the result over as text, dicts of
//! decimals and numpy columns.

use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::data::FieldSelection;
use partnerscore::decimal::round_measure;
use partnerscore::{Decimal, Error, Plan, PlanReport};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rust_decimal::RoundingStrategy;

use crate::{check_index, csv_text, decimal_column, guarded, internal, load, py_error, Timings};

/// An achievement plan, validated at construction. Immutable: share it between threads freely.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "Plan")]
pub(crate) struct PyPlan {
    pub(crate) plan: Arc<Plan>,
    /// The config's file name, for errors found while solving that concern the plan (`capacity_hours`).
    pub(crate) source: Option<String>,
    selection: FieldSelection,
}

#[pymethods]
impl PyPlan {
    /// Parses and validates a plan from its JSON text; `source` names it in error messages.
    #[new]
    #[pyo3(signature = (config_json, source = None))]
    fn new(py: Python<'_>, config_json: &str, source: Option<&str>) -> PyResult<Self> {
        let plan = py.detach(|| guarded(|| Plan::from_json(config_json))).map_err(|e| py_error(py, e, source))?;
        let selection = FieldSelection::Only(plan.fields());
        Ok(PyPlan { plan: Arc::new(plan), source: source.map(str::to_string), selection })
    }

    /// The plan's name.
    #[getter]
    fn name(&self) -> &str {
        self.plan.name()
    }

    /// The partner fields the plan reads besides the reserved ones (`potential`, `sales_reps`).
    #[getter]
    fn fields(&self) -> Vec<String> {
        self.plan.fields()
    }

    /// The history field the baselines read.
    #[getter]
    fn history_field(&self) -> &str {
        self.plan.history_field()
    }

    /// The strategy names, in config order.
    #[getter]
    fn strategies(&self) -> Vec<String> {
        self.plan.strategies().iter().map(|s| s.name.clone()).collect()
    }

    /// The revenue goal, exactly.
    #[getter]
    fn target(&self) -> Decimal {
        self.plan.target()
    }

    /// The manager's hours.
    #[getter]
    fn capacity_hours(&self) -> u64 {
        self.plan.capacity_hours()
    }

    /// Solves the plan for partners and history, each given as `kind` (`path`, `records`, `frame`,
    /// `arrow`) and data, as `partnerscore.Plan.solve` dispatches them. The work runs without the GIL.
    fn solve(
        &self,
        py: Python<'_>,
        kind: &str,
        data: &Bound<'_, PyAny>,
        history_kind: &str,
        history_data: &Bound<'_, PyAny>,
    ) -> PyResult<PyPlanReport> {
        let timings = Timings::start();
        let load::Loaded { partners, source } = load::partners(py, kind, data, &self.selection, &timings)?;
        let (history, history_source) = load::history(py, history_kind, history_data, &timings)?;
        let result = py.detach(|| guarded(|| self.plan.solve(&partners, &history)));
        timings.lap("solve");
        match result {
            Ok(report) => Ok(PyPlanReport { report: Arc::new(report), name: self.plan.name().to_string() }),
            Err(e) => {
                // As the CLI does: the location says which input an error is about.
                let at = e.location();
                let source = if at.starts_with("history") {
                    history_source
                } else if at.starts_with("partners[") || at.starts_with("line ") || at.starts_with("partner ") {
                    source
                } else if matches!(e, Error::Internal(_)) {
                    None
                } else {
                    self.source.clone()
                };
                Err(py_error(py, e, source.as_deref()))
            }
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Plan({:?}, {} strategies, {} hours)",
            self.plan.name(),
            self.plan.strategies().len(),
            self.plan.capacity_hours()
        )
    }
}

/// The result of solving a plan: the headline, one total per strategy and one record per partner.
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "PlanReport")]
pub(crate) struct PyPlanReport {
    report: Arc<PlanReport>,
    name: String,
}

/// An amount of money as the JSON shows it: 2 places, half away from zero, both always written.
fn money(d: Decimal) -> Decimal {
    let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// A column of money: float64 (the 2-place output values, NaN = none) or Decimal objects (None = none).
pub(crate) fn money_column<'py>(
    py: Python<'py>,
    n: usize,
    exact: bool,
    get: &(dyn Fn(usize) -> Option<Decimal> + Sync),
) -> PyResult<Bound<'py, PyAny>> {
    if exact {
        let values: Vec<Option<Decimal>> = (0..n).map(|i| get(i).map(money)).collect();
        Ok(PyList::new(py, values)?.into_any())
    } else {
        // The value already at 2 places: `decimal_column`'s 4-place rounding leaves it as it is.
        decimal_column(py, n, false, &|i| get(i).map(money))
    }
}

fn counts(values: impl Iterator<Item = u64>) -> Vec<i64> {
    values.map(|v| i64::try_from(v).unwrap_or(i64::MAX)).collect()
}

#[pymethods]
impl PyPlanReport {
    /// The plan's name.
    #[getter]
    fn plan(&self) -> &str {
        &self.name
    }

    fn __len__(&self) -> usize {
        self.report.partners.len()
    }

    /// Exactly the CLI's `plan --format json` document.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `plan --format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of partner `index` (input position), as in `to_json()`'s `partners` list.
    fn partner_json(&self, index: usize) -> PyResult<String> {
        check_index(index, self.report.partners.len())?;
        serde_json::to_string(&self.report.partners[index]).map_err(internal)
    }

    /// The headline of the JSON result (everything but `by_strategy` and `partners`): money and
    /// coverage as decimal.Decimal exactly as the JSON writes them, counts as int, null as None.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.report;
        let out = PyDict::new(py);
        out.set_item("target", money(r.target))?;
        out.set_item("baseline_total", money(r.baseline_total))?;
        out.set_item("uplift_total", money(r.uplift_total))?;
        out.set_item("expected_total", money(r.expected_total))?;
        out.set_item("gap", money(r.gap))?;
        out.set_item("coverage", round_measure(r.coverage))?;
        out.set_item("hours_used", r.hours_used)?;
        out.set_item("method", r.method.as_str())?;
        out.set_item("upper_bound", money(r.upper_bound))?;
        out.set_item("recruits_needed", r.recruits_needed)?;
        out.set_item("history_rows_ignored", r.history_rows_ignored)?;
        Ok(out)
    }

    /// The `by_strategy` totals as columns (`name, partners, hours, uplift`), one row per strategy in
    /// config order; uplift a float64 array, or with `exact` decimal.Decimal objects.
    #[pyo3(signature = (exact = false))]
    fn strategy_columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let totals = &self.report.by_strategy;
        let out = PyDict::new(py);
        out.set_item("name", totals.iter().map(|s| s.name.clone()).collect::<Vec<_>>())?;
        out.set_item("partners", PyArray1::from_vec(py, counts(totals.iter().map(|s| s.partners as u64))))?;
        out.set_item("hours", PyArray1::from_vec(py, counts(totals.iter().map(|s| s.hours))))?;
        out.set_item("uplift", money_column(py, totals.len(), exact, &|i| Some(totals[i].uplift))?)?;
        Ok(out)
    }

    /// The CSV columns (`id, baseline, potential, headroom, strategy, hours, uplift, expected,
    /// deals_needed, pipeline_needed, reps_needed, reps_short`) as a dict of lists and numpy arrays:
    /// money as float64 (NaN = none) or with `exact` decimal.Decimal objects (None = none); counts as
    /// int64, except `reps_short`, a list of int or None.
    #[pyo3(signature = (exact = false))]
    fn columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let partners = &self.report.partners;
        let n = partners.len();
        let out = PyDict::new(py);
        let money_of = |get: &(dyn Fn(usize) -> Option<Decimal> + Sync)| money_column(py, n, exact, get);
        out.set_item("id", partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>())?;
        out.set_item("baseline", money_of(&|i| Some(partners[i].baseline))?)?;
        out.set_item("potential", money_of(&|i| Some(partners[i].potential))?)?;
        out.set_item("headroom", money_of(&|i| Some(partners[i].headroom))?)?;
        out.set_item("strategy", partners.iter().map(|p| p.strategy.clone()).collect::<Vec<_>>())?;
        out.set_item("hours", PyArray1::from_vec(py, counts(partners.iter().map(|p| p.hours))))?;
        out.set_item("uplift", money_of(&|i| Some(partners[i].uplift))?)?;
        out.set_item("expected", money_of(&|i| Some(partners[i].expected))?)?;
        out.set_item("deals_needed", PyArray1::from_vec(py, counts(partners.iter().map(|p| p.deals_needed))))?;
        out.set_item("pipeline_needed", money_of(&|i| partners[i].pipeline_needed)?)?;
        out.set_item("reps_needed", PyArray1::from_vec(py, counts(partners.iter().map(|p| p.reps_needed))))?;
        out.set_item("reps_short", partners.iter().map(|p| p.reps_short).collect::<Vec<_>>())?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("PlanReport({:?}, {} partners)", self.name, self.report.partners.len())
    }
}
