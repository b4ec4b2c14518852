//! The partner review pack (DESIGN §7): static, self-contained HTML for the review meeting — one page
//! for the channel, one per partner — rendered from partnerscore's results.
//!
//! This crate holds no formulas. [`review`] runs the core's capabilities on what the caller gave
//! (a scorecard always; a profile, plan, history, registrations, commitments and milestones when
//! given) and [`Review::render`] turns their results into pages: HTML from minijinja templates with
//! every text escaped, charts as inline SVG drawn by plotters, one inline stylesheet, no script and
//! nothing fetched from anywhere. Every figure is printed with the core's own formatting
//! ([`format_measure`], [`format_money`]), so it is the same number the JSON results report.
//!
//! ```
//! use partnerscore::{Partners, Scorecard};
//! use partnerscore_review::{review, ReviewInputs, ReviewOptions};
//!
//! let card = Scorecard::from_json(r#"{"name": "Card", "sections": [{"name": "Sales", "metrics": [
//!     {"field": "revenue", "points": 100, "rule": {"linear": {"from": 0, "to": 1000}}}]}],
//!     "tiers": [{"name": "Gold", "min_score": 50}]}"#).unwrap();
//! let partners = Partners::from_csv("id,name,revenue\nP1,Acme <EU>,800\nP2,Bolt,100\n").unwrap();
//! let inputs = ReviewInputs::new(&partners, &card);
//! let options = ReviewOptions { as_of: partnerscore::Date::parse("2026-09-30"), ..ReviewOptions::default() };
//! let pack = review(&inputs, &options).unwrap().render().unwrap();
//! assert_eq!(pack.pages.len(), 2);
//! assert_eq!(pack.pages[0].file_name, "P1.html");
//! assert!(pack.pages[0].html.contains("Acme &lt;EU&gt;"));
//! assert!(pack.pages[0].html.contains(r#"id="score">80<"#)); // the score
//! assert!(pack.index.contains("P2.html")); // linked from the channel page
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use partnerscore::dealreg::{self, DealRegReport, Registrations};
use partnerscore::health::{HealthOptions, HealthReport};
use partnerscore::history::History;
use partnerscore::tracking::{self, Commitments, Milestones, TrackReport};
use partnerscore::{Date, Partners, Plan, PlanReport, Profile, ProfileReport, ScoreReport, Scorecard};

pub mod charts;
pub mod file_names;
mod views;

pub use charts::ChartError;
pub use partnerscore::decimal::{format_measure, format_money};

/// The days between two reviews when the caller does not say.
pub const DEFAULT_REVIEW_EVERY_DAYS: i64 = 90;

/// What the caller gave: partners and a scorecard always, everything else optional.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputs<'a> {
    /// The partners (loaded with at least [`fields_needed`]).
    pub partners: &'a Partners,
    /// The capability scorecard.
    pub scorecard: &'a Scorecard,
    /// The ideal partner profile (fit, verdicts, gaps).
    pub profile: Option<&'a Profile>,
    /// The achievement plan (needs `history`).
    pub plan: Option<&'a Plan>,
    /// Per-period history (health, trajectories, the plan's baselines).
    pub history: Option<&'a History>,
    /// Deal registrations (the conflicts open at as_of).
    pub registrations: Option<&'a Registrations>,
    /// Execution-plan commitments.
    pub commitments: Option<&'a Commitments>,
    /// Execution-plan milestones.
    pub milestones: Option<&'a Milestones>,
}

impl<'a> ReviewInputs<'a> {
    /// Partners and a scorecard, nothing else (a valid pack).
    pub fn new(partners: &'a Partners, scorecard: &'a Scorecard) -> Self {
        ReviewInputs {
            partners,
            scorecard,
            profile: None,
            plan: None,
            history: None,
            registrations: None,
            commitments: None,
            milestones: None,
        }
    }
}

/// The partner fields the pack reads: the scorecard's, the profile's, the plan's and the derived
/// metrics' inputs (load partners with these, e.g. `FieldSelection::Only`).
pub fn fields_needed(scorecard: &Scorecard, profile: Option<&Profile>, plan: Option<&Plan>) -> Vec<String> {
    let mut fields = scorecard.fields();
    fields.extend(profile.map(Profile::fields).unwrap_or_default());
    fields.extend(plan.map(Plan::fields).unwrap_or_default());
    fields.extend(partnerscore::derived::DERIVED_FIELDS.iter().map(|f| f.to_string()));
    let mut seen = std::collections::HashSet::new();
    fields.retain(|f| seen.insert(f.clone()));
    fields
}

/// How the pack is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewOptions {
    /// The review date; default: the end of the history's last period, else today (UTC).
    pub as_of: Option<Date>,
    /// The next review is this many days after as_of (≥ 1).
    pub review_every_days: i64,
    /// The window of a registration without expires_on, in days (DESIGN §5).
    pub window_days: i64,
    /// The health review's options (DESIGN §4); its `as_of` is replaced by the pack's.
    pub health: HealthOptions,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            as_of: None,
            review_every_days: DEFAULT_REVIEW_EVERY_DAYS,
            window_days: dealreg::DEFAULT_WINDOW_DAYS,
            health: HealthOptions::default(),
        }
    }
}

/// Which capability an input error came from (so that a caller can name the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Scoring the partners (§1).
    Score,
    /// The profile fit (§2).
    Profile,
    /// The plan (§3).
    Plan,
    /// Channel health (§4).
    Health,
    /// Deal registration (§5).
    DealReg,
    /// Execution-plan tracking (§6).
    Tracking,
}

/// Why a pack could not be made.
#[derive(Debug)]
pub enum ReviewError {
    /// A capability rejected its input (the error names where).
    Input {
        /// Which capability.
        step: Step,
        /// The core's error, with its location.
        error: partnerscore::Error,
    },
    /// An option out of range (`review_every_days`, `window_days`, a health option), or a date beyond
    /// 9999-12-31.
    Options {
        /// The option's name (`review_every_days`, `window_days`, `as_of`, a health option).
        option: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A page could not be rendered (an internal error).
    Render(String),
    /// A page could not be written.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
}

/// One of the caller's inputs (what an error is about).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The partners.
    Partners,
    /// The plan config.
    Plan,
    /// The history.
    History,
    /// The deal registrations.
    Registrations,
    /// The commitments.
    Commitments,
    /// The milestones.
    Milestones,
}

impl ReviewError {
    /// The input an [`Input`](ReviewError::Input) error is about, told apart by the capability and the
    /// error's location (a plan's error about the history is the history's); None for the other errors,
    /// an internal error, or an option (`window_days`).
    pub fn input(&self) -> Option<Input> {
        let ReviewError::Input { step, error } = self else {
            return None;
        };
        if error.kind() == partnerscore::ErrorKind::Internal {
            return None;
        }
        let at = error.location();
        let about_history = at.starts_with("history") || at == "as_of";
        let about_partners = at.starts_with("partners[") || at.starts_with("line ") || at.starts_with("partner ");
        Some(match step {
            Step::Plan | Step::Health if about_history => Input::History,
            Step::Plan if !about_partners => Input::Plan,
            Step::DealReg if at == "window_days" => return None,
            Step::DealReg => Input::Registrations,
            Step::Tracking if at.starts_with("milestones") => Input::Milestones,
            Step::Tracking => Input::Commitments,
            Step::Score | Step::Profile | Step::Plan | Step::Health => Input::Partners,
        })
    }
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::Input { error, .. } => write!(f, "{error}"),
            ReviewError::Options { option, reason } => write!(f, "{option}: {reason}"),
            ReviewError::Render(m) => write!(f, "internal error while rendering the review pack: {m}"),
            ReviewError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for ReviewError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReviewError::Input { error, .. } => Some(error),
            ReviewError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Everything the pack shows: the core's results on the caller's inputs, and the review's dates.
#[derive(Debug)]
pub struct Review<'a> {
    /// The partners (names, ids, input order).
    pub partners: &'a Partners,
    /// The scorecard result (always).
    pub score: ScoreReport,
    /// The profile fit, with a profile.
    pub profile: Option<ProfileReport>,
    /// Channel health, with a history.
    pub health: Option<HealthReport>,
    /// The plan, with a plan and a history.
    pub plan: Option<PlanReport>,
    /// Whether a plan was given without a history (its section says so).
    pub plan_without_history: bool,
    /// Judged registrations, with registrations.
    pub dealreg: Option<DealRegReport>,
    /// Execution plans, with commitments or milestones.
    pub tracking: Option<TrackReport>,
    /// The review date.
    pub as_of: Date,
    /// as_of + review_every_days.
    pub next_review: Date,
}

/// Today in UTC (the last fallback for as_of).
pub fn today_utc() -> Option<Date> {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i32::try_from(seconds / 86_400).ok().and_then(Date::from_days)
}

fn step<T>(step: Step, r: partnerscore::Result<T>) -> Result<T, ReviewError> {
    r.map_err(|error| ReviewError::Input { step, error })
}

/// Runs every capability the inputs allow, at one as_of (given, else the end of the history's last
/// period, else today in UTC).
pub fn review<'a>(inputs: &ReviewInputs<'a>, options: &ReviewOptions) -> Result<Review<'a>, ReviewError> {
    let option = |option: &str, reason: String| ReviewError::Options { option: option.to_string(), reason };
    if options.review_every_days < 1 {
        return Err(option("review_every_days", format!("must be at least 1, found {}", options.review_every_days)));
    }
    if options.window_days < 1 {
        return Err(option("window_days", format!("must be at least 1, found {}", options.window_days)));
    }
    options.health.validate().map_err(|e| match e {
        partnerscore::Error::Config { path, reason } => option(&path, reason),
        other => option("health", other.to_string()),
    })?;
    let as_of = options
        .as_of
        .or_else(|| inputs.history.and_then(History::latest_end))
        .or_else(today_utc)
        .ok_or_else(|| option("as_of", "the system clock gives no date; give one".into()))?;
    let next_review = i64::from(as_of.days())
        .checked_add(options.review_every_days)
        .and_then(|d| i32::try_from(d).ok())
        .and_then(Date::from_days)
        .ok_or_else(|| {
            option("review_every_days", format!("{} days after {as_of} is after 9999-12-31", options.review_every_days))
        })?;
    let partners = inputs.partners;
    let score = step(Step::Score, inputs.scorecard.score(partners))?;
    let profile = inputs.profile.map(|p| step(Step::Profile, p.evaluate(partners))).transpose()?;
    let health = match inputs.history {
        Some(history) => {
            let options = HealthOptions { as_of: Some(as_of), ..options.health.clone() };
            Some(step(Step::Health, partnerscore::health::health(partners, history, inputs.profile, &options))?)
        }
        None => None,
    };
    let plan = match (inputs.plan, inputs.history) {
        (Some(plan), Some(history)) => Some(step(Step::Plan, plan.solve(partners, history))?),
        _ => None,
    };
    let dealreg =
        inputs.registrations.map(|r| step(Step::DealReg, dealreg::dealreg(r, options.window_days))).transpose()?;
    let tracking = if inputs.commitments.is_some() || inputs.milestones.is_some() {
        let none_c = Commitments::default();
        let none_m = Milestones::default();
        let c = inputs.commitments.unwrap_or(&none_c);
        let m = inputs.milestones.unwrap_or(&none_m);
        Some(step(Step::Tracking, tracking::track(c, m, as_of))?)
    } else {
        None
    };
    Ok(Review {
        partners,
        score,
        profile,
        health,
        plan,
        plan_without_history: inputs.plan.is_some() && inputs.history.is_none(),
        dealreg,
        tracking,
        as_of,
        next_review,
    })
}

/// One partner's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerPage {
    /// The partner's id.
    pub id: String,
    /// Its file name under `partners/` (see [`file_names`]).
    pub file_name: String,
    /// The page.
    pub html: String,
}

/// The rendered pack: the channel page and one page per partner, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    /// The channel page (`index.html`).
    pub index: String,
    /// One page per partner, in input order.
    pub pages: Vec<PartnerPage>,
}

/// Where [`Pack::write`] put the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPack {
    /// `<dir>/index.html`.
    pub index: PathBuf,
    /// `<dir>/partners/<file>.html`, in input order.
    pub pages: Vec<PathBuf>,
}

impl Review<'_> {
    /// Renders the channel page and every partner's page.
    pub fn render(&self) -> Result<Pack, ReviewError> {
        views::render(self)
    }
}

impl Pack {
    /// The page of the partner with this id.
    pub fn partner_page(&self, id: &str) -> Option<&PartnerPage> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// Writes `index.html` and `partners/<file>.html` under `dir` (created when missing; pages of an
    /// earlier pack in `partners/` are replaced, others left alone).
    pub fn write(&self, dir: &Path) -> Result<WrittenPack, ReviewError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |error| ReviewError::Io { path, error }
        };
        let pages_dir = dir.join("partners");
        std::fs::create_dir_all(&pages_dir).map_err(io_err(&pages_dir))?;
        let index = dir.join("index.html");
        std::fs::write(&index, &self.index).map_err(io_err(&index))?;
        let mut pages = Vec::with_capacity(self.pages.len());
        for page in &self.pages {
            let path = pages_dir.join(&page.file_name);
            std::fs::write(&path, &page.html).map_err(io_err(&path))?;
            pages.push(path);
        }
        Ok(WrittenPack { index, pages })
    }
}
