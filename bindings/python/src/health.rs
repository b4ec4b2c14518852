//! The channel health review (DESIGN §4) for Python: `health(...)` and `HealthReport`. Conversion only:
//! the options are read into the core's `HealthOptions`, the core reviews, and this module hands the
//! result over as text, dicts of decimals and numpy columns.

use std::sync::Arc;

use numpy::PyArray1;
use partnerscore::data::{FieldSelection, Value, DERIVED_FIELDS};
use partnerscore::decimal::{parse_decimal, round_measure};
use partnerscore::health::{HealthOptions, HealthReport, Recommendation, TimeToRevenue};
use partnerscore::{Date, Decimal, Error, ErrorKind, Verdict};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::convert::{self, NonFinite};
use crate::plan::money_column;
use crate::{check_index, csv_text, decimal_column, guarded, internal, load, py_error, PyProfile, Timings};

/// A config error at option `name`, as the core's `HealthOptions::validate` reports them.
pub(crate) fn option_error(py: Python<'_>, name: &str, reason: impl Into<String>) -> PyErr {
    py_error(py, Error::config(name, reason), None)
}

/// A history field name option: text.
/// Reads the health options given (None: the default stays): the fields `[revenue_field, deals_field,
/// trajectory_field]` and the numbers `[min_revenue, min_deals_per_year, flat_band]`.
pub(crate) fn read_options(
    py: Python<'_>,
    fields: [Option<&Bound<'_, PyAny>>; 3],
    numbers: [Option<&Bound<'_, PyAny>>; 3],
    options: &mut HealthOptions,
) -> PyResult<()> {
    let [revenue, deals, trajectory] = fields;
    field_option(py, "revenue_field", revenue, &mut options.revenue_field)?;
    field_option(py, "deals_field", deals, &mut options.deals_field)?;
    field_option(py, "trajectory_field", trajectory, &mut options.trajectory_field)?;
    let [min_revenue, min_deals, flat_band] = numbers;
    number_option(py, "min_revenue", min_revenue, &mut options.min_revenue)?;
    number_option(py, "min_deals_per_year", min_deals, &mut options.min_deals_per_year)?;
    number_option(py, "flat_band", flat_band, &mut options.flat_band)
}

fn field_option(py: Python<'_>, name: &str, value: Option<&Bound<'_, PyAny>>, into: &mut String) -> PyResult<()> {
    let Some(value) = value else { return Ok(()) };
    match value.cast::<PyString>() {
        Ok(s) => {
            *into = s.to_cow()?.into_owned();
            Ok(())
        }
        Err(_) => Err(option_error(py, name, format!("must be a history field name (text), not {}", type_name(value)))),
    }
}

/// A number option: int, float (its shortest repr), Decimal, numpy scalar, or numeric text.
fn number_option(py: Python<'_>, name: &str, value: Option<&Bound<'_, PyAny>>, into: &mut Decimal) -> PyResult<()> {
    let Some(value) = value else { return Ok(()) };
    let parsed = if let Ok(s) = value.cast::<PyString>() {
        parse_decimal(&s.to_cow()?)
    } else if value.is_instance_of::<PyBool>() {
        Err(format!("must be a number, not {}", value.repr()?))
    } else {
        match convert::py_value(value, NonFinite::Error)? {
            Ok(Some(Value::Number(d))) => Ok(d),
            // A number that is not finite or too large says so; anything else is not a number.
            Err(reason) if value.hasattr("__float__")? => Err(reason),
            _ => Err(format!("must be a number, not {}", type_name(value))),
        }
    };
    match parsed {
        Ok(d) => {
            *into = d;
            Ok(())
        }
        Err(reason) => Err(option_error(py, name, reason)),
    }
}

/// The review date: a `datetime.date` (a datetime gives its date), a numpy datetime64, or `YYYY-MM-DD` text.
pub(crate) fn date_option(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(value) = value else { return Ok(None) };
    let text = if let Ok(s) = value.cast::<PyString>() {
        Some(s.to_cow()?.into_owned())
    } else {
        match convert::py_value(value, NonFinite::Error)? {
            Ok(Some(Value::Text(t))) => Some(t.to_string()),
            _ => None,
        }
    };
    match text.as_deref().and_then(Date::parse) {
        Some(date) => Ok(Some(date)),
        None => {
            let shown = value.repr()?;
            Err(option_error(py, "as_of", format!("{shown} is not a date (a datetime.date or YYYY-MM-DD text)")))
        }
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().qualname().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string())
}

/// Reviews the channel's health: partners and history each given as `kind` (`path`, `records`,
/// `frame`, `arrow`) and data, as `partnerscore.health` dispatches them; options as the core's
/// `HealthOptions` (None: its default). Options are checked first (ConfigError at the option's name);
/// the work runs without the GIL.
#[pyfunction]
#[pyo3(signature = (
    kind, data, history_kind, history_data, profile = None, as_of = None, revenue_field = None,
    deals_field = None, trajectory_field = None, min_revenue = None, min_deals_per_year = None, flat_band = None
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn health(
    py: Python<'_>,
    kind: &str,
    data: &Bound<'_, PyAny>,
    history_kind: &str,
    history_data: &Bound<'_, PyAny>,
    profile: Option<PyRef<'_, PyProfile>>,
    as_of: Option<&Bound<'_, PyAny>>,
    revenue_field: Option<&Bound<'_, PyAny>>,
    deals_field: Option<&Bound<'_, PyAny>>,
    trajectory_field: Option<&Bound<'_, PyAny>>,
    min_revenue: Option<&Bound<'_, PyAny>>,
    min_deals_per_year: Option<&Bound<'_, PyAny>>,
    flat_band: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyHealthReport> {
    let mut options = HealthOptions { as_of: date_option(py, as_of)?, ..HealthOptions::default() };
    read_options(
        py,
        [revenue_field, deals_field, trajectory_field],
        [min_revenue, min_deals_per_year, flat_band],
        &mut options,
    )?;
    options.validate().map_err(|e| py_error(py, e, None))?;

    // As the CLI: the derived fields and what the profile reads (reserved keys always come along).
    let mut fields: Vec<String> = DERIVED_FIELDS.iter().map(|f| f.to_string()).collect();
    let profile = profile.map(|p| Arc::clone(&p.profile));
    if let Some(profile) = &profile {
        fields.extend(profile.fields());
    }
    let timings = Timings::start();
    let load::Loaded { partners, source } = load::partners(py, kind, data, &FieldSelection::Only(fields), &timings)?;
    let (history, history_source) = load::history(py, history_kind, history_data, &timings)?;
    let result =
        py.detach(|| guarded(|| partnerscore::health::health(&partners, &history, profile.as_deref(), &options)));
    timings.lap("review");
    match result {
        Ok(report) => Ok(PyHealthReport { report: Arc::new(report) }),
        Err(e) => {
            // As the CLI does: the location says which input an error is about.
            let at = e.location();
            let source = if e.kind() != ErrorKind::Input {
                None
            } else if at.starts_with("history") || at == "as_of" {
                history_source
            } else {
                source
            };
            Err(py_error(py, e, source.as_deref()))
        }
    }
}

/// The result of a health review: the channel's figures and one record per partner (input order).
#[pyclass(frozen, module = "partnerscore._partnerscore", name = "HealthReport")]
pub(crate) struct PyHealthReport {
    report: Arc<HealthReport>,
}

/// A Python `datetime.date`.
pub(crate) fn py_date<'py>(py: Python<'py>, date: Date) -> PyResult<Bound<'py, PyAny>> {
    let (y, m, d) = date.ymd();
    py.import("datetime")?.getattr("date")?.call1((y, m, d))
}

fn counts(values: impl Iterator<Item = usize>) -> Vec<i64> {
    values.map(|v| i64::try_from(v).unwrap_or(i64::MAX)).collect()
}

#[pymethods]
impl PyHealthReport {
    /// The review date, as a `datetime.date`.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.report.as_of)
    }

    /// The history field of the trajectories.
    #[getter]
    fn trajectory_field(&self) -> &str {
        &self.report.trajectory_field
    }

    fn __len__(&self) -> usize {
        self.report.partners.len()
    }

    /// Exactly the CLI's `health --format json` document.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_json())
    }

    /// Exactly the CLI's `health --format csv` text.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        csv_text(py, |out| self.report.write_csv(out))
    }

    /// The JSON object of partner `index` (input position), as in `to_json()`'s `partners` list: the
    /// core serializes a report holding that partner alone.
    fn partner_json(&self, index: usize) -> PyResult<String> {
        let r = &*self.report;
        check_index(index, r.partners.len())?;
        let one = HealthReport {
            as_of: r.as_of,
            history_rows_ignored: r.history_rows_ignored,
            trajectory_field: r.trajectory_field.clone(),
            trajectory_axis: r.trajectory_axis.clone(),
            contribution_rate: Vec::new(),
            time_to_revenue: TimeToRevenue { curve: Vec::new(), ..r.time_to_revenue.clone() },
            partners: vec![r.partners[index].clone()],
        };
        let mut doc = serde_json::to_value(&one).map_err(internal)?;
        let partner = doc.get_mut("partners").and_then(|p| p.get_mut(0)).map(serde_json::Value::take);
        serde_json::to_string(&partner.ok_or_else(|| internal("no partner in the report"))?).map_err(internal)
    }

    /// The headline: `as_of` (a date), `partners`, `history_rows_ignored`, time to revenue
    /// (`median_days, within_90, within_180, producers, waiting, censored`), the non-productive partners
    /// (`non_productive` and its split `terminate`, `keep_without_investment`) and the trajectories
    /// (`improving`, `declining`, `flat`). Fractions are decimal.Decimal as the JSON writes them; counts
    /// and days are int; a figure without observations is None.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &*self.report;
        let t = &r.time_to_revenue;
        let counts = r.counts();
        let out = PyDict::new(py);
        out.set_item("as_of", py_date(py, r.as_of)?)?;
        out.set_item("partners", r.partners.len())?;
        out.set_item("history_rows_ignored", r.history_rows_ignored)?;
        out.set_item("median_days", t.median_days)?;
        out.set_item("within_90", t.within_90.map(round_measure))?;
        out.set_item("within_180", t.within_180.map(round_measure))?;
        out.set_item("producers", t.producers)?;
        out.set_item("waiting", t.waiting)?;
        out.set_item("censored", t.censored)?;
        out.set_item("non_productive", counts.non_productive)?;
        out.set_item("terminate", counts.terminate)?;
        out.set_item("keep_without_investment", counts.keep_without_investment)?;
        out.set_item("improving", counts.improving)?;
        out.set_item("declining", counts.declining)?;
        out.set_item("flat", counts.flat)?;
        Ok(out)
    }

    /// The contribution rate per period (`period, active, contributing, rate`), one row per period of the
    /// history in order; `rate` float64 (NaN with no active partner) or with `exact` decimal.Decimal (None).
    #[pyo3(signature = (exact = false))]
    fn period_columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let periods = &self.report.contribution_rate;
        let out = PyDict::new(py);
        out.set_item("period", periods.iter().map(|p| p.period.clone()).collect::<Vec<_>>())?;
        out.set_item("active", PyArray1::from_vec(py, counts(periods.iter().map(|p| p.active))))?;
        out.set_item("contributing", PyArray1::from_vec(py, counts(periods.iter().map(|p| p.contributing))))?;
        out.set_item("rate", decimal_column(py, periods.len(), exact, &|i| periods[i].rate)?)?;
        Ok(out)
    }

    /// The Kaplan–Meier curve of time to revenue (`days, survival`), one row per event time; survival
    /// float64 (the JSON's 4-place value) or with `exact` decimal.Decimal.
    #[pyo3(signature = (exact = false))]
    fn curve_columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let curve = &self.report.time_to_revenue.curve;
        let out = PyDict::new(py);
        out.set_item("days", PyArray1::from_vec(py, curve.iter().map(|(days, _)| *days).collect::<Vec<i64>>()))?;
        out.set_item("survival", decimal_column(py, curve.len(), exact, &|i| Some(curve[i].1))?)?;
        Ok(out)
    }

    /// The CSV columns (`id, name, deals_last_12_months, non_productive, recommendation, verdict,
    /// trajectory_periods, slope, mean, relative_change, direction`, then the derived fields) as a dict of
    /// lists and numpy arrays: measures float64 (NaN = none) or with `exact` decimal.Decimal (None = none);
    /// `mdf_amount_per_claim` is money (2 places); `non_productive` bool, `trajectory_periods` int64.
    #[pyo3(signature = (exact = false))]
    fn columns<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let partners = &self.report.partners;
        let n = partners.len();
        let out = PyDict::new(py);
        let decimals = |get: &(dyn Fn(usize) -> Option<Decimal> + Sync)| decimal_column(py, n, exact, get);
        out.set_item("id", partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>())?;
        out.set_item("name", partners.iter().map(|p| p.name.clone()).collect::<Vec<_>>())?;
        out.set_item("deals_last_12_months", decimals(&|i| Some(partners[i].deals_last_12_months))?)?;
        out.set_item("non_productive", PyArray1::from_vec(py, partners.iter().map(|p| p.non_productive).collect()))?;
        let recommendation = |p: &partnerscore::health::PartnerHealth| p.recommendation.map(Recommendation::as_str);
        out.set_item("recommendation", partners.iter().map(recommendation).collect::<Vec<_>>())?;
        out.set_item("verdict", partners.iter().map(|p| p.verdict.map(Verdict::as_str)).collect::<Vec<_>>())?;
        let periods = counts(partners.iter().map(|p| p.trajectory.values.len()));
        out.set_item("trajectory_periods", PyArray1::from_vec(py, periods))?;
        out.set_item("slope", decimals(&|i| partners[i].trajectory.slope)?)?;
        out.set_item("mean", decimals(&|i| partners[i].trajectory.mean)?)?;
        out.set_item("relative_change", decimals(&|i| partners[i].trajectory.relative_change)?)?;
        out.set_item("direction", partners.iter().map(|p| p.trajectory.direction.as_str()).collect::<Vec<_>>())?;
        out.set_item("romi", decimals(&|i| partners[i].derived.romi)?)?;
        out.set_item("mdf_approval_rate", decimals(&|i| partners[i].derived.mdf_approval_rate)?)?;
        out.set_item("mdf_denial_rate", decimals(&|i| partners[i].derived.mdf_denial_rate)?)?;
        out.set_item(
            "mdf_amount_per_claim",
            money_column(py, n, exact, &|i| partners[i].derived.mdf_amount_per_claim)?,
        )?;
        out.set_item("mdf_utilization", decimals(&|i| partners[i].derived.mdf_utilization)?)?;
        out.set_item("mql_to_sql", decimals(&|i| partners[i].derived.mql_to_sql)?)?;
        out.set_item("win_rate", decimals(&|i| partners[i].derived.win_rate)?)?;
        debug_assert_eq!(out.len(), HealthReport::csv_header().len());
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!("HealthReport(as_of {}, {} partners)", self.report.as_of, self.report.partners.len())
    }
}
