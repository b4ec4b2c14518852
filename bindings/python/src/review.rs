//! The partner review pack (DESIGN §7) for Python: `review_pack(...)`. Conversion only: the inputs are
//! loaded as the other capabilities load them, `partnerscore_review` reviews, renders and writes the
//! pages, and this module hands back where they are. Errors name the input they are about, as the CLI's
//! `partnerscore review` does.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use partnerscore::data::FieldSelection;
use partnerscore::health::HealthOptions;
use partnerscore::{Date, Error};
use partnerscore_review::{Input, ReviewError, ReviewInputs, ReviewOptions, DEFAULT_REVIEW_EVERY_DAYS};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;

use crate::dealreg::whole_days;
use crate::health::{date_option, option_error, py_date, read_options};
use crate::plan::PyPlan;
use crate::{guarded, load, py_error, PyProfile, PyScorecard, Timings};

/// An optional table: `(kind, data)` as `partnerscore._table_input` makes it, or None.
type Table<'py> = Option<(String, Bound<'py, PyAny>)>;

/// What `review_pack` hands back: the channel page, `(id, page)` per partner in input order, as_of and
/// the next review's date.
type Written<'py> = (PathBuf, Vec<(String, PathBuf)>, Bound<'py, PyAny>, Bound<'py, PyAny>);

/// The file names of the inputs (None: not a file), for errors found while reviewing.
#[derive(Default)]
struct Sources {
    partners: Option<String>,
    plan: Option<String>,
    history: Option<String>,
    registrations: Option<String>,
    commitments: Option<String>,
    milestones: Option<String>,
}

impl Sources {
    /// The file of the input an error is about (as the CLI's `review` tells them apart); None for an
    /// input not read from a file, an option or an internal error.
    fn of(&self, error: &ReviewError) -> Option<&str> {
        let source = match error.input()? {
            Input::Partners => &self.partners,
            Input::Plan => &self.plan,
            Input::History => &self.history,
            Input::Registrations => &self.registrations,
            Input::Commitments => &self.commitments,
            Input::Milestones => &self.milestones,
        };
        source.as_deref()
    }
}

/// Loads an optional table with `load` (one of the `load` module's functions).
fn optional<T>(
    table: Table<'_>,
    load: impl FnOnce(&str, &Bound<'_, PyAny>) -> PyResult<(T, Option<String>)>,
) -> PyResult<(Option<T>, Option<String>)> {
    match table {
        Some((kind, data)) => load(&kind, &data).map(|(t, source)| (Some(t), source)),
        None => Ok((None, None)),
    }
}

/// Writes the review pack of partners given as `kind` (`path`, `records`, `frame`, `arrow`) and `data`
/// with `scorecard`, into the folder `output` (created when missing). Profile and plan are the native
/// configs; history, registrations, commitments and milestones `(kind, data)` pairs as
/// `partnerscore.review_pack` dispatches them, None when not given. `as_of` as `health` reads it (None:
/// the end of the history's last period, else today); `review_every_days` a whole number of days (None:
/// 90); `window_days` likewise (None: 90). Options are read first (a ConfigError at the option's name); the review, rendering and writing
/// run without the GIL. Returns `(index, [(id, page)], as_of, next_review)`: the paths written (the
/// partners in input order) and the two dates.
#[pyfunction]
#[pyo3(signature = (
    kind, data, scorecard, output, profile = None, plan = None, history = None, registrations = None,
    commitments = None, milestones = None, as_of = None, review_every_days = None, window_days = None,
    revenue_field = None, deals_field = None, trajectory_field = None, min_revenue = None,
    min_deals_per_year = None, flat_band = None
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn review_pack<'py>(
    py: Python<'py>,
    kind: &str,
    data: &Bound<'py, PyAny>,
    scorecard: PyRef<'py, PyScorecard>,
    output: PathBuf,
    profile: Option<PyRef<'py, PyProfile>>,
    plan: Option<PyRef<'py, PyPlan>>,
    history: Table<'py>,
    registrations: Table<'py>,
    commitments: Table<'py>,
    milestones: Table<'py>,
    as_of: Option<&Bound<'py, PyAny>>,
    review_every_days: Option<&Bound<'py, PyAny>>,
    window_days: Option<&Bound<'py, PyAny>>,
    revenue_field: Option<&Bound<'py, PyAny>>,
    deals_field: Option<&Bound<'py, PyAny>>,
    trajectory_field: Option<&Bound<'py, PyAny>>,
    min_revenue: Option<&Bound<'py, PyAny>>,
    min_deals_per_year: Option<&Bound<'py, PyAny>>,
    flat_band: Option<&Bound<'py, PyAny>>,
) -> PyResult<Written<'py>> {
    let as_of = date_option(py, as_of)?;
    let review_every_days = match review_every_days {
        Some(value) => whole_days(value)?.map_err(|reason| option_error(py, "review_every_days", reason))?,
        None => DEFAULT_REVIEW_EVERY_DAYS,
    };
    let window_days = match window_days {
        Some(value) => whole_days(value)?.map_err(|reason| option_error(py, "window_days", reason))?,
        None => partnerscore::dealreg::DEFAULT_WINDOW_DAYS,
    };
    let card = Arc::clone(&scorecard.card);
    let profile = profile.map(|p| Arc::clone(&p.profile));
    let (plan, plan_source) = match plan {
        Some(p) => (Some(Arc::clone(&p.plan)), p.source.clone()),
        None => (None, None),
    };

    // As the CLI: the fields of the scorecard, the profile, the plan and the derived metrics.
    let fields = partnerscore_review::fields_needed(&card, profile.as_deref(), plan.as_deref());
    let timings = Timings::start();
    let load::Loaded { partners, source } = load::partners(py, kind, data, &FieldSelection::Only(fields), &timings)?;
    let (history, history_source) = optional(history, |k, d| load::history(py, k, d, &timings))?;
    let (registrations, registrations_source) =
        optional(registrations, |k, d| load::registrations(py, k, d, &timings))?;
    let (commitments, commitments_source) = optional(commitments, |k, d| load::commitments(py, k, d, &timings))?;
    let (milestones, milestones_source) = optional(milestones, |k, d| load::milestones(py, k, d, &timings))?;
    let sources = Sources {
        partners: source,
        plan: plan_source,
        history: history_source,
        registrations: registrations_source,
        commitments: commitments_source,
        milestones: milestones_source,
    };

    let inputs = ReviewInputs {
        partners: &partners,
        scorecard: &card,
        profile: profile.as_deref(),
        plan: plan.as_deref(),
        history: history.as_ref(),
        registrations: registrations.as_ref(),
        commitments: commitments.as_ref(),
        milestones: milestones.as_ref(),
    };
    // The health options as `health` reads them; the pack checks their ranges (a ConfigError at the name).
    let mut health = HealthOptions::default();
    read_options(
        py,
        [revenue_field, deals_field, trajectory_field],
        [min_revenue, min_deals_per_year, flat_band],
        &mut health,
    )?;
    let options = ReviewOptions { as_of, review_every_days, window_days, health };
    let result = py.detach(|| guarded(|| Ok(write_pack(&inputs, &options, &output, &timings))));
    match result {
        Err(panic) => Err(py_error(py, panic, None)),
        Ok(Err(e)) => Err(review_error(py, e, &sources)),
        Ok(Ok(pack)) => {
            let pages = pack.ids.into_iter().zip(pack.pages).collect();
            Ok((pack.index, pages, py_date(py, pack.as_of)?, py_date(py, pack.next_review)?))
        }
    }
}

/// Where a pack was written, and its dates (the pages' HTML is not kept: it is in the files).
struct WrittenPack {
    index: PathBuf,
    ids: Vec<String>,
    pages: Vec<PathBuf>,
    as_of: Date,
    next_review: Date,
}

fn write_pack(
    inputs: &ReviewInputs<'_>,
    options: &ReviewOptions,
    output: &Path,
    timings: &Timings,
) -> Result<WrittenPack, ReviewError> {
    let review = partnerscore_review::review(inputs, options)?;
    timings.lap("review");
    let pack = review.render()?;
    timings.lap("render");
    let written = pack.write(output)?;
    timings.lap("write");
    Ok(WrittenPack {
        index: written.index,
        ids: pack.pages.into_iter().map(|page| page.id).collect(),
        pages: written.pages,
        as_of: review.as_of,
        next_review: review.next_review,
    })
}

/// The Python exception of a review error: a capability's error names its input file as the CLI's does;
/// an option out of range is a ConfigError at that option; a file that cannot be written is the OSError
/// of its errno (PermissionError, FileExistsError …) with the path as `filename`; a rendering failure
/// is an internal error.
fn review_error(py: Python<'_>, error: ReviewError, sources: &Sources) -> PyErr {
    let source = sources.of(&error).map(str::to_string);
    match error {
        ReviewError::Input { error, .. } => py_error(py, error, source.as_deref()),
        ReviewError::Options { option, reason } => option_error(py, &option, reason),
        ReviewError::Render(m) => py_error(py, Error::Internal(format!("rendering the review pack: {m}")), None),
        ReviewError::Io { path, error } => os_error(py, &path, &error),
    }
}

fn os_error(py: Python<'_>, path: &Path, error: &io::Error) -> PyErr {
    match error.raw_os_error() {
        // OSError(errno, strerror, filename) is the subclass of the errno, as `open()` raises it.
        Some(code) => {
            let strerror = py
                .import("os")
                .and_then(|os| os.call_method1("strerror", (code,)))
                .and_then(|s| s.extract::<String>())
                .unwrap_or_else(|_| error.to_string());
            PyOSError::new_err((code, strerror, path.as_os_str().to_os_string()))
        }
        None => PyOSError::new_err(format!("{}: {error}", path.display())),
    }
}
