//! The `partnerscore` command line, as a library so that tests can run it in-process.
//!
//! [`run`] takes the arguments and the three standard streams and returns the exit code:
//! 0 on success, 2 for bad input or usage (one line on stderr naming file, where and why),
//! 1 for internal errors.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use partnerscore::dealreg::{self, Registrations};
use partnerscore::health::HealthOptions;
use partnerscore::history::History;
use partnerscore::tracking::{self, Commitments, Milestones};
use partnerscore::{Date, ErrorKind, FieldSelection, Partners, Plan, Profile, Scorecard};

mod table;

/// The sample channel compiled into the binary, so `demo` runs from any directory.
pub mod sample {
    /// 40 partners across 4 categories (examples/partners.csv).
    pub const PARTNERS_CSV: &str = include_str!("../../../examples/partners.csv");
    /// The sample scorecard (examples/scorecard.json).
    pub const SCORECARD_JSON: &str = include_str!("../../../examples/scorecard.json");
    /// The sample ideal partner profile (examples/profile.json).
    pub const PROFILE_JSON: &str = include_str!("../../../examples/profile.json");
    /// The sample achievement plan (examples/plan.json).
    pub const PLAN_JSON: &str = include_str!("../../../examples/plan.json");
    /// Eight quarters of the sample partners' revenue and deals (examples/history.csv).
    pub const HISTORY_CSV: &str = include_str!("../../../examples/history.csv");
    /// Thirty deal registrations with a few conflicts (examples/registrations.csv).
    pub const REGISTRATIONS_CSV: &str = include_str!("../../../examples/registrations.csv");
    /// Execution-plan commitments of eleven partners (examples/commitments.csv).
    pub const COMMITMENTS_CSV: &str = include_str!("../../../examples/commitments.csv");
    /// Their milestones (examples/milestones.csv).
    pub const MILESTONES_CSV: &str = include_str!("../../../examples/milestones.csv");
    /// The date the sample commitments are tracked at.
    pub const TRACK_AS_OF: &str = "2026-09-30";
}

#[derive(Parser, Debug)]
#[command(
    name = "partnerscore",
    version,
    about = "Score channel partners on a capability scorecard and against an ideal partner profile, and plan \
             a revenue goal, with exact decimal math.",
    long_about = "Score channel partners on a capability scorecard and against an ideal partner profile, and plan \
                  how a channel manager reaches a revenue goal, with exact decimal math.\n\n\
                  Start with `partnerscore demo`, then `partnerscore score --help`, `partnerscore gap --help` \
                  and `partnerscore plan --help`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score partners on a capability scorecard (DESIGN §1).
    #[command(after_help = "Example:\n  partnerscore score --scorecard examples/scorecard.json \
                            --partners examples/partners.csv --format csv --output scores.csv")]
    Score(ScoreArgs),
    /// Measure partners against an ideal partner profile: fit, verdict, gaps, readiness plan (DESIGN §2).
    #[command(
        after_help = "Examples:\n  partnerscore gap --profile examples/profile.json --partners examples/partners.csv\n  \
                            partnerscore gap --profile examples/profile.json --partners examples/partners.json \
                            --format json --output gaps.json\n  \
                            partnerscore gap --profile examples/profile.json --partners examples/partners.csv --format csv"
    )]
    Gap(GapArgs),
    /// Plan a revenue goal: baselines, the gap, where to spend the manager's hours, deals, pipeline, reps
    /// and recruits needed (DESIGN §3).
    #[command(
        after_help = "Examples:\n  partnerscore plan --plan examples/plan.json --partners examples/partners.csv \
                            --history examples/history.csv\n  \
                            partnerscore plan --plan examples/plan.json --partners examples/partners.json \
                            --history examples/history.json --format json --output plan.json\n  \
                            partnerscore plan --plan examples/plan.json --partners examples/partners.csv \
                            --history examples/history.csv --format csv"
    )]
    Plan(PlanArgs),
    /// Review the channel's health: contribution rate, time to revenue, trajectories, non-productive
    /// partners with a recommendation, derived metrics (DESIGN §4).
    #[command(
        after_help = "Examples:\n  partnerscore health --partners examples/partners.csv --history examples/history.csv\n  \
                            partnerscore health --partners examples/partners.csv --history examples/history.csv \
                            --profile examples/profile.json --as-of 2026-12-31 --format json\n  \
                            partnerscore health --partners examples/partners.csv --history examples/history.csv --format csv"
    )]
    Health(HealthArgs),
    /// Judge deal registrations: who registered the customer first, conflicts between partners (DESIGN §5).
    #[command(after_help = "Examples:\n  partnerscore dealreg --registrations examples/registrations.csv\n  \
                            partnerscore dealreg --registrations examples/registrations.json --window-days 60 \
                            --format json\n  \
                            partnerscore dealreg --registrations examples/registrations.csv --format csv --output judged.csv")]
    Dealreg(DealregArgs),
    /// Track partners' execution plans: commitments on track, at risk, behind or overdue, milestones,
    /// impediments (DESIGN §6).
    #[command(
        after_help = "Examples:\n  partnerscore track --commitments examples/commitments.csv --milestones examples/milestones.csv \
                            --as-of 2026-09-30\n  \
                            partnerscore track --commitments examples/commitments.json --format json\n  \
                            partnerscore track --commitments examples/commitments.csv --as-of 2026-09-30 --format csv"
    )]
    Track(TrackArgs),
    /// Write the review pack: static HTML for the partner review meeting, one page for the channel and
    /// one per partner (DESIGN §7).
    #[command(
        after_help = "Examples:\n  partnerscore review --partners examples/partners.csv --scorecard examples/scorecard.json \
                            --output review/\n  \
                            partnerscore review --partners examples/partners.csv --scorecard examples/scorecard.json \
                            --profile examples/profile.json --plan examples/plan.json --history examples/history.csv \
                            --registrations examples/registrations.csv --commitments examples/commitments.csv \
                            --milestones examples/milestones.csv --as-of 2026-09-30 --output review/"
    )]
    Review(ReviewArgs),
    /// Score the built-in sample channel and show what to try next.
    #[command(after_help = "Example:\n  partnerscore demo")]
    Demo,
}

#[derive(Args, Debug)]
struct ScoreArgs {
    /// Scorecard config (JSON): sections, metrics with rules, tiers.
    #[arg(long, value_name = "FILE")]
    scorecard: PathBuf,
    /// Partners: a .json array of objects or a .csv with a header row; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    partners: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct GapArgs {
    /// Ideal partner profile (JSON): criteria with kinds, weights, tolerances, areas; thresholds.
    #[arg(long, value_name = "FILE")]
    profile: PathBuf,
    /// Partners: a .json array of objects or a .csv with a header row; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    partners: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct PlanArgs {
    /// Achievement plan (JSON): goal, baseline method, capacity hours, strategies, deal and rep figures.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// Partners: a .json array of objects or a .csv with a header row; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    partners: PathBuf,
    /// Per-period history in long form (partner_id, period, fields…): .json or .csv; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    history: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct HealthArgs {
    /// Partners: a .json array of objects or a .csv with a header row; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    partners: PathBuf,
    /// Per-period history in long form (partner_id, period, fields…): .json or .csv.
    #[arg(long, value_name = "FILE")]
    history: PathBuf,
    /// An ideal partner profile (JSON): its verdicts decide terminate vs keep_without_investment.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Review date (YYYY-MM-DD); default: the end of the latest period in the history.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    health: HealthFlags,
    #[command(flatten)]
    output: OutputArgs,
}

/// The health review's options (DESIGN §4), shared by `health` and `review`.
#[derive(Args, Debug)]
struct HealthFlags {
    /// History field read as revenue.
    #[arg(long, value_name = "FIELD", default_value = "revenue")]
    revenue_field: String,
    /// History field read as deals.
    #[arg(long, value_name = "FIELD", default_value = "deals_closed")]
    deals_field: String,
    /// History field whose trajectory is reported.
    #[arg(long, value_name = "FIELD", default_value = "revenue")]
    trajectory_field: String,
    /// A partner contributes in a period when its revenue is above this.
    #[arg(long, value_name = "N", default_value = "0", allow_negative_numbers = true)]
    min_revenue: String,
    /// Non-productive: at most this many deals in the last 12 months.
    #[arg(long, value_name = "N", default_value = "3", allow_negative_numbers = true)]
    min_deals_per_year: String,
    /// Flat trajectory: |slope| ≤ this × |mean|.
    #[arg(long, value_name = "X", default_value = "0.02", allow_negative_numbers = true)]
    flat_band: String,
}

#[derive(Args, Debug)]
struct DealregArgs {
    /// Registrations (id, partner_id, customer, product?, amount?, registered_on, expires_on?): .json or
    /// .csv; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    registrations: PathBuf,
    /// The window of a registration without expires_on, in days.
    #[arg(long, value_name = "N", default_value_t = partnerscore::dealreg::DEFAULT_WINDOW_DAYS, allow_negative_numbers = true)]
    window_days: i64,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct TrackArgs {
    /// Commitments (partner_id, kind, field, target, start, due, actual): .json or .csv; `-` reads JSON
    /// from stdin.
    #[arg(long, value_name = "FILE")]
    commitments: PathBuf,
    /// Milestones (partner_id, area, name, due, done_on): .json or .csv.
    #[arg(long, value_name = "FILE")]
    milestones: Option<PathBuf>,
    /// Tracking date (YYYY-MM-DD); default: today (UTC).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct ReviewArgs {
    /// Partners: a .json array of objects or a .csv with a header row; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE")]
    partners: PathBuf,
    /// Scorecard config (JSON).
    #[arg(long, value_name = "FILE")]
    scorecard: PathBuf,
    /// Ideal partner profile (JSON): fit, verdicts and gaps.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Achievement plan (JSON); needs --history.
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// Per-period history (.json or .csv): health, marketing review, the plan's baselines.
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// Deal registrations (.json or .csv): the conflicts open at as_of.
    #[arg(long, value_name = "FILE")]
    registrations: Option<PathBuf>,
    /// Execution-plan commitments (.json or .csv).
    #[arg(long, value_name = "FILE")]
    commitments: Option<PathBuf>,
    /// Execution-plan milestones (.json or .csv).
    #[arg(long, value_name = "FILE")]
    milestones: Option<PathBuf>,
    /// Review date (YYYY-MM-DD); default: the end of the history's last period, else today (UTC).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// The next review is this many days after as_of.
    #[arg(long, value_name = "N", default_value_t = partnerscore_review::DEFAULT_REVIEW_EVERY_DAYS, allow_negative_numbers = true)]
    review_every_days: i64,
    /// The window of a registration without expires_on, in days.
    #[arg(long, value_name = "N", default_value_t = partnerscore::dealreg::DEFAULT_WINDOW_DAYS, allow_negative_numbers = true)]
    window_days: i64,
    #[command(flatten)]
    health: HealthFlags,
    /// The folder to write: index.html and partners/<id>.html (created when missing).
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
}

#[derive(Args, Debug)]
struct OutputArgs {
    /// Output format: an aligned table, the full JSON report, or one CSV row per partner.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

/// A failure of the command line, mapped to an exit code.
#[derive(Debug)]
enum Failure {
    /// Bad input in a named source (file or stdin).
    Engine { source: String, error: partnerscore::Error },
    /// A file that cannot be read or written.
    Io { path: String, error: io::Error },
    /// Anything else that is the user's to fix.
    Usage(String),
}

impl Failure {
    fn exit_code(&self) -> i32 {
        match self {
            Failure::Engine { error, .. } if error.kind() == ErrorKind::Internal => 1,
            _ => 2,
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Engine { source, error } => match error.kind() {
                ErrorKind::Internal => format!("error: {error}"),
                _ => format!("error: {source}: {error}"),
            },
            Failure::Io { path, error } => format!("error: {path}: {error}"),
            Failure::Usage(m) => format!("error: {m}"),
        }
    }
}

/// Runs the command line with `args` (program name first) and returns the exit code.
pub fn run(args: Vec<OsString>, stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if e.use_stderr() { stderr.write_all(text.as_bytes()) } else { stdout.write_all(text.as_bytes()) };
            return code;
        }
    };
    let result = match cli.command {
        Command::Score(args) => score(&args, stdin, stdout),
        Command::Gap(args) => gap(&args, stdin, stdout),
        Command::Plan(args) => plan(&args, stdin, stdout),
        Command::Health(args) => health(&args, stdin, stdout),
        Command::Dealreg(args) => dealreg(&args, stdin, stdout),
        Command::Track(args) => track(&args, stdin, stdout),
        Command::Review(args) => review(&args, stdin, stdout),
        Command::Demo => demo(stdout),
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            let line = failure.message().replace('\n', " ");
            let _ = writeln!(stderr, "{line}");
            failure.exit_code()
        }
    }
}

fn read_text(path: &Path, stdin: &mut dyn Read) -> Result<(String, String), Failure> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        stdin.read_to_end(&mut buf).map_err(|error| Failure::Io { path: "stdin".into(), error })?;
        buf
    } else {
        fs::read(path).map_err(|error| Failure::Io { path: name.clone(), error })?
    };
    let label = if name == "-" { "stdin".to_string() } else { name };
    match String::from_utf8(bytes) {
        Ok(text) => Ok((label, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Failure::Usage(format!("{label}: line {line}: the file is not valid UTF-8")))
        }
    }
}

fn engine<T>(source: &str, r: partnerscore::Result<T>) -> Result<T, Failure> {
    r.map_err(|error| Failure::Engine { source: source.to_string(), error })
}

fn load_scorecard(path: &Path, stdin: &mut dyn Read) -> Result<Scorecard, Failure> {
    let (label, text) = read_text(path, stdin)?;
    engine(&label, Scorecard::from_json(&text))
}

fn load_partners(label: &str, text: &str, fields: Vec<String>) -> Result<Partners, Failure> {
    let name = if label == "stdin" { "stdin.json" } else { label };
    engine(label, Partners::from_text_selected(text, name, &FieldSelection::Only(fields)))
}

fn score(args: &ScoreArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut timings = Timings::from_env();
    let card = load_scorecard(&args.scorecard, stdin)?;
    let (label, text) = read_text(&args.partners, stdin)?;
    timings.mark("read");
    let partners = load_partners(&label, &text, card.fields())?;
    drop(text);
    timings.mark("parse");
    let report = engine(&label, card.score_owned(partners))?;
    timings.mark("score");
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::score_table(&report, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })?;
    timings.mark("write");
    Ok(())
}

fn gap(args: &GapArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut timings = Timings::from_env();
    let (profile_label, profile_text) = read_text(&args.profile, stdin)?;
    let profile = engine(&profile_label, Profile::from_json(&profile_text))?;
    let (label, text) = read_text(&args.partners, stdin)?;
    timings.mark("read");
    let partners = load_partners(&label, &text, profile.fields())?;
    drop(text);
    timings.mark("parse");
    let report = engine(&label, profile.evaluate(&partners))?;
    drop(partners);
    timings.mark("evaluate");
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::gap_table(&report, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })?;
    timings.mark("write");
    Ok(())
}

fn plan(args: &PlanArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut timings = Timings::from_env();
    if args.partners.as_os_str() == "-" && args.history.as_os_str() == "-" {
        return Err(Failure::Usage("--partners and --history cannot both read stdin (`-`)".into()));
    }
    let (plan_label, plan_text) = read_text(&args.plan, stdin)?;
    let plan = engine(&plan_label, Plan::from_json(&plan_text))?;
    let (label, text) = read_text(&args.partners, stdin)?;
    let (history_label, history_text) = read_text(&args.history, stdin)?;
    timings.mark("read");
    let partners = load_partners(&label, &text, plan.fields())?;
    drop(text);
    let history_name = if history_label == "stdin" { "stdin.json" } else { &history_label };
    let history = engine(&history_label, History::from_text(&history_text, history_name))?;
    drop(history_text);
    timings.mark("parse");
    // Locations say which input an error is about: `history…`, a partner, or else the plan.
    let report = plan.solve(&partners, &history).map_err(|error| {
        let at = error.location();
        let source = if at.starts_with("history") {
            &history_label
        } else if at.starts_with("partners[") || at.starts_with("line ") || at.starts_with("partner ") {
            &label
        } else {
            &plan_label
        };
        Failure::Engine { source: source.clone(), error }
    })?;
    timings.mark("solve");
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::plan_table(&report, &partners, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })?;
    timings.mark("write");
    Ok(())
}

/// The `--as-of` date, if given.
fn as_of_flag(text: Option<&String>) -> Result<Option<Date>, Failure> {
    text.map(|text| {
        Date::parse(text).ok_or_else(|| Failure::Usage(format!("--as-of {text:?}: not a date (YYYY-MM-DD)")))
    })
    .transpose()
}

/// The health options of the flags, checked (an option out of range is a usage error naming its flag).
fn health_options(flags: &HealthFlags, as_of: Option<Date>) -> Result<HealthOptions, Failure> {
    let number = |flag: &str, text: &str| {
        partnerscore::decimal::parse_decimal(text)
            .map_err(|reason| Failure::Usage(format!("--{flag} {text:?}: {reason}")))
    };
    let options = HealthOptions {
        as_of,
        revenue_field: flags.revenue_field.clone(),
        deals_field: flags.deals_field.clone(),
        trajectory_field: flags.trajectory_field.clone(),
        min_revenue: number("min-revenue", &flags.min_revenue)?,
        min_deals_per_year: number("min-deals-per-year", &flags.min_deals_per_year)?,
        flat_band: number("flat-band", &flags.flat_band)?,
    };
    options.validate().map_err(|e| {
        Failure::Usage(format!(
            "--{}: {}",
            e.location().replace('_', "-"),
            match &e {
                partnerscore::Error::Config { reason, .. } => reason.clone(),
                other => other.to_string(),
            }
        ))
    })?;
    Ok(options)
}

fn health(args: &HealthArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut timings = Timings::from_env();
    if args.partners.as_os_str() == "-" && args.history.as_os_str() == "-" {
        return Err(Failure::Usage("--partners and --history cannot both read stdin (`-`)".into()));
    }
    let options = health_options(&args.health, as_of_flag(args.as_of.as_ref())?)?;
    let profile = match &args.profile {
        Some(path) => {
            let (label, text) = read_text(path, stdin)?;
            Some(engine(&label, Profile::from_json(&text))?)
        }
        None => None,
    };
    let (label, text) = read_text(&args.partners, stdin)?;
    let (history_label, history_text) = read_text(&args.history, stdin)?;
    timings.mark("read");
    let mut fields: Vec<String> = partnerscore::derived::DERIVED_FIELDS.iter().map(|f| f.to_string()).collect();
    if let Some(profile) = &profile {
        fields.extend(profile.fields());
    }
    let partners = load_partners(&label, &text, fields)?;
    drop(text);
    let history_name = if history_label == "stdin" { "stdin.json" } else { &history_label };
    let history = engine(&history_label, History::from_text(&history_text, history_name))?;
    drop(history_text);
    timings.mark("parse");
    let report = partnerscore::health::health(&partners, &history, profile.as_ref(), &options).map_err(|error| {
        let at = error.location();
        let source = if at.starts_with("history") || at == "as_of" { &history_label } else { &label };
        Failure::Engine { source: source.clone(), error }
    })?;
    timings.mark("review");
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::health_table(&report, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })?;
    timings.mark("write");
    Ok(())
}

fn dealreg(args: &DealregArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let mut timings = Timings::from_env();
    let (label, text) = read_text(&args.registrations, stdin)?;
    timings.mark("read");
    let name = if label == "stdin" { "stdin.json" } else { &label };
    let registrations = engine(&label, Registrations::from_text(&text, name))?;
    drop(text);
    timings.mark("parse");
    let report = engine(&label, dealreg::dealreg(&registrations, args.window_days))?;
    timings.mark("judge");
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::dealreg_table(&report, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })?;
    timings.mark("write");
    Ok(())
}

/// Today (UTC), the default tracking date.
fn today() -> Result<Date, Failure> {
    partnerscore_review::today_utc()
        .ok_or_else(|| Failure::Usage("the system clock gives no date between 1970 and 9999; give --as-of".into()))
}

fn track(args: &TrackArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(text) => {
            Date::parse(text).ok_or_else(|| Failure::Usage(format!("--as-of {text:?}: not a date (YYYY-MM-DD)")))?
        }
        None => today()?,
    };
    let (label, text) = read_text(&args.commitments, stdin)?;
    let name = if label == "stdin" { "stdin.json" } else { &label };
    let commitments = engine(&label, Commitments::from_text(&text, name))?;
    let (milestones_label, milestones) = match &args.milestones {
        Some(path) => {
            let (label, text) = read_text(path, stdin)?;
            let name = if label == "stdin" { "stdin.json" } else { &label };
            let milestones = engine(&label, Milestones::from_text(&text, name))?;
            (label, milestones)
        }
        None => (String::new(), Milestones::default()),
    };
    let report = tracking::track(&commitments, &milestones, as_of).map_err(|error| {
        let source = if error.location().starts_with("milestones") { &milestones_label } else { &label };
        Failure::Engine { source: source.clone(), error }
    })?;
    write_output(&args.output, stdout, |w, format| match format {
        Format::Table => table::track_table(&report, w),
        Format::Json => write_json(&report, w),
        Format::Csv => report.write_csv(w),
    })
}

/// Reads an optional input file with its loader, keeping the label for error messages.
fn load_optional<T>(
    path: Option<&PathBuf>,
    stdin: &mut dyn Read,
    load: impl FnOnce(&str, &str) -> partnerscore::Result<T>,
) -> Result<(String, Option<T>), Failure> {
    let Some(path) = path else {
        return Ok((String::new(), None));
    };
    let (label, text) = read_text(path, stdin)?;
    let name = if label == "stdin" { "stdin.json" } else { &label };
    let value = engine(&label, load(&text, name))?;
    Ok((label, Some(value)))
}

fn review(args: &ReviewArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    use partnerscore_review::{Input, ReviewError, ReviewInputs, ReviewOptions};
    let mut timings = Timings::from_env();
    let from_stdin = [
        Some(&args.partners),
        Some(&args.scorecard),
        args.profile.as_ref(),
        args.plan.as_ref(),
        args.history.as_ref(),
        args.registrations.as_ref(),
        args.commitments.as_ref(),
        args.milestones.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter(|p| p.as_os_str() == "-")
    .count();
    if from_stdin > 1 {
        return Err(Failure::Usage("only one input can read stdin (`-`)".into()));
    }
    let as_of = as_of_flag(args.as_of.as_ref())?;
    let health = health_options(&args.health, None)?;
    let card = load_scorecard(&args.scorecard, stdin)?;
    let (_, profile) = load_optional(args.profile.as_ref(), stdin, |text, _| Profile::from_json(text))?;
    let (plan_label, plan) = load_optional(args.plan.as_ref(), stdin, |text, _| Plan::from_json(text))?;
    let (label, text) = read_text(&args.partners, stdin)?;
    let partners =
        load_partners(&label, &text, partnerscore_review::fields_needed(&card, profile.as_ref(), plan.as_ref()))?;
    drop(text);
    let (history_label, history) = load_optional(args.history.as_ref(), stdin, History::from_text)?;
    let (registrations_label, registrations) =
        load_optional(args.registrations.as_ref(), stdin, Registrations::from_text)?;
    let (commitments_label, commitments) = load_optional(args.commitments.as_ref(), stdin, Commitments::from_text)?;
    let (milestones_label, milestones) = load_optional(args.milestones.as_ref(), stdin, Milestones::from_text)?;
    timings.mark("load");
    let inputs = ReviewInputs {
        partners: &partners,
        scorecard: &card,
        profile: profile.as_ref(),
        plan: plan.as_ref(),
        history: history.as_ref(),
        registrations: registrations.as_ref(),
        commitments: commitments.as_ref(),
        milestones: milestones.as_ref(),
    };
    let options =
        ReviewOptions { as_of, review_every_days: args.review_every_days, window_days: args.window_days, health };
    let failure = |e: ReviewError| match (e.input(), e) {
        (input, ReviewError::Input { error, .. }) => {
            let source = match input {
                Some(Input::Plan) => &plan_label,
                Some(Input::History) => &history_label,
                Some(Input::Registrations) => &registrations_label,
                Some(Input::Commitments) => &commitments_label,
                Some(Input::Milestones) => &milestones_label,
                Some(Input::Partners) | None => &label,
            };
            Failure::Engine { source: source.clone(), error }
        }
        (_, ReviewError::Options { option, reason }) => {
            Failure::Usage(format!("--{}: {reason}", option.replace('_', "-")))
        }
        (_, ReviewError::Io { path, error }) => Failure::Io { path: path.display().to_string(), error },
        (_, ReviewError::Render(m)) => {
            Failure::Engine { source: String::new(), error: partnerscore::Error::Internal(m) }
        }
    };
    let review = partnerscore_review::review(&inputs, &options).map_err(failure)?;
    timings.mark("compute");
    let pack = review.render().map_err(failure)?;
    timings.mark("render");
    let written = pack.write(&args.output).map_err(failure)?;
    timings.mark("write");
    writeln!(
        stdout,
        "review pack: {} partner pages as of {}; open {}",
        written.pages.len(),
        review.as_of,
        written.index.display()
    )
    .map_err(|error| Failure::Io { path: "stdout".into(), error })
}

/// Phase timings on stderr when `PARTNERSCORE_TIMINGS` is set (for benchmarking the CLI).
struct Timings(Option<std::time::Instant>);

impl Timings {
    fn from_env() -> Self {
        Timings(std::env::var_os("PARTNERSCORE_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn mark(&mut self, phase: &str) {
        // only when enabled: a plain `replace` would switch timings on at the first mark
        if let Some(start) = self.0.as_mut() {
            eprintln!("partnerscore timing: {phase} {:.3}s", start.elapsed().as_secs_f64());
            *start = std::time::Instant::now();
        }
    }
}

fn write_json(report: &impl serde::Serialize, w: &mut dyn Write) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 20, w);
    serde_json::to_writer(&mut buf, report).map_err(io::Error::other)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

fn write_output(
    args: &OutputArgs,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write, Format) -> io::Result<()>,
) -> Result<(), Failure> {
    match &args.output {
        Some(path) => {
            let io_err = |error| Failure::Io { path: path.display().to_string(), error };
            let mut file = fs::File::create(path).map_err(io_err)?;
            write(&mut file, args.format).map_err(io_err)
        }
        None => match write(stdout, args.format) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            r => r.map_err(|error| Failure::Io { path: "stdout".into(), error }),
        },
    }
}

/// A new, empty folder `<temp>/<prefix>-<pid>-<n>` created by this call (never an existing one).
fn fresh_temp_dir(prefix: &str) -> Result<PathBuf, String> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mut last = None;
    for _ in 0..64 {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = base.join(format!("{prefix}-{}-{nanos:09}-{n}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => last = Some(format!("{}: {e}", dir.display())),
        }
    }
    Err(last.unwrap_or_else(|| "no temporary folder".into()))
}

fn demo(stdout: &mut dyn Write) -> Result<(), Failure> {
    let card = engine("examples/scorecard.json", Scorecard::from_json(sample::SCORECARD_JSON))?;
    let partners = engine("examples/partners.csv", Partners::from_csv(sample::PARTNERS_CSV))?;
    let report = engine("examples/partners.csv", card.score(&partners))?;
    let profile = engine("examples/profile.json", Profile::from_json(sample::PROFILE_JSON))?;
    let gaps = engine("examples/partners.csv", profile.evaluate(&partners))?;
    let plan = engine("examples/plan.json", Plan::from_json(sample::PLAN_JSON))?;
    let history = engine("examples/history.csv", History::from_csv(sample::HISTORY_CSV))?;
    let planned = engine("examples/history.csv", plan.solve(&partners, &history))?;
    let review = engine(
        "examples/history.csv",
        partnerscore::health::health(&partners, &history, Some(&profile), &HealthOptions::default()),
    )?;
    let registrations = engine("examples/registrations.csv", Registrations::from_csv(sample::REGISTRATIONS_CSV))?;
    let judged = engine("examples/registrations.csv", dealreg::dealreg(&registrations, dealreg::DEFAULT_WINDOW_DAYS))?;
    let commitments = engine("examples/commitments.csv", Commitments::from_csv(sample::COMMITMENTS_CSV))?;
    let milestones = engine("examples/milestones.csv", Milestones::from_csv(sample::MILESTONES_CSV))?;
    let track_as_of = Date::parse(sample::TRACK_AS_OF)
        .ok_or_else(|| Failure::Usage(format!("internal: bad sample date {}", sample::TRACK_AS_OF)))?;
    let tracked = engine("examples/commitments.csv", tracking::track(&commitments, &milestones, track_as_of))?;
    let inputs = partnerscore_review::ReviewInputs {
        partners: &partners,
        scorecard: &card,
        profile: Some(&profile),
        plan: Some(&plan),
        history: Some(&history),
        registrations: Some(&registrations),
        commitments: Some(&commitments),
        milestones: Some(&milestones),
    };
    let options = partnerscore_review::ReviewOptions { as_of: Some(track_as_of), ..Default::default() };
    // A folder of its own, made fresh (nothing planted there beforehand is written through); a pack
    // that cannot be written is reported in the demo's output, not a failure of the demo.
    let pack = fresh_temp_dir("partnerscore-demo-review").and_then(|dir| {
        partnerscore_review::review(&inputs, &options)
            .and_then(|review| review.render())
            .and_then(|pack| pack.write(&dir))
            .map_err(|e| e.to_string())
    });
    let io_err = |error| Failure::Io { path: "stdout".into(), error };
    let mut out = io::BufWriter::new(stdout);
    (|| -> io::Result<()> {
        writeln!(out, "partnerscore demo: {} sample partners scored on \"{}\"\n", report.len(), card.name())?;
        table::score_table(&report, &mut out)?;
        writeln!(out)?;
        table::top_opportunities(&report, &mut out, 8)?;
        writeln!(out, "\nIdeal partner profile \"{}\" (examples/profile.json):", gaps.profile().name())?;
        table::gap_summary(&gaps, &mut out, 5)?;
        writeln!(
            out,
            "\nAchievement plan \"{}\" (examples/plan.json, examples/history.csv, {} manager hours):",
            plan.name(),
            plan.capacity_hours()
        )?;
        table::plan_headline(&planned, &mut out)?;
        table::plan_strategies(&planned, &mut out)?;
        table::plan_investments(&planned, &partners, &mut out, 8)?;
        writeln!(out, "\nChannel health review (examples/history.csv, verdicts from examples/profile.json):")?;
        table::health_headline(&review, &mut out)?;
        table::health_periods(&review, &mut out)?;
        table::health_partners(&review, &mut out, 3)?;
        writeln!(out, "\nDeal registrations (examples/registrations.csv, {}-day windows):", judged.window_days)?;
        table::dealreg_counts(&judged, &mut out)?;
        table::dealreg_conflicts(&judged, &mut out)?;
        writeln!(out, "\nExecution plans (examples/commitments.csv, examples/milestones.csv):")?;
        table::track_table(&tracked, &mut out)?;
        match &pack {
            Ok(pack) => writeln!(
                out,
                "\nReview pack of the sample channel (as of {}): {} partner pages; open {}",
                sample::TRACK_AS_OF,
                pack.pages.len(),
                pack.index.display()
            )?,
            Err(e) => writeln!(out, "\nReview pack of the sample channel: not written ({e})")?,
        }
        writeln!(out, "\nTry next:")?;
        writeln!(
            out,
            "  partnerscore score --scorecard examples/scorecard.json --partners examples/partners.csv"
        )?;
        writeln!(
            out,
            "  partnerscore score --scorecard examples/scorecard.json --partners examples/partners.json --format json --output scores.json"
        )?;
        writeln!(
            out,
            "  partnerscore score --scorecard examples/scorecard.json --partners examples/partners.csv --format csv"
        )?;
        writeln!(out, "  partnerscore gap --profile examples/profile.json --partners examples/partners.csv")?;
        writeln!(
            out,
            "  partnerscore plan --plan examples/plan.json --partners examples/partners.csv --history examples/history.csv"
        )?;
        writeln!(
            out,
            "  partnerscore health --partners examples/partners.csv --history examples/history.csv --profile examples/profile.json"
        )?;
        writeln!(out, "  partnerscore dealreg --registrations examples/registrations.csv")?;
        writeln!(
            out,
            "  partnerscore track --commitments examples/commitments.csv --milestones examples/milestones.csv --as-of {}",
            sample::TRACK_AS_OF
        )?;
        writeln!(
            out,
            "  partnerscore review --partners examples/partners.csv --scorecard examples/scorecard.json \\\n      \
             --profile examples/profile.json --plan examples/plan.json --history examples/history.csv \\\n      \
             --registrations examples/registrations.csv --commitments examples/commitments.csv \\\n      \
             --milestones examples/milestones.csv --as-of {} --output review/",
            sample::TRACK_AS_OF
        )?;
        writeln!(out, "  partnerscore score --help")?;
        writeln!(out, "  partnerscore gap --help")?;
        writeln!(out, "  partnerscore plan --help")?;
        writeln!(out, "  partnerscore health --help")?;
        writeln!(out, "  partnerscore dealreg --help")?;
        writeln!(out, "  partnerscore track --help")?;
        writeln!(out, "  partnerscore review --help")?;
        out.flush()
    })()
    .map_err(|e| if e.kind() == io::ErrorKind::BrokenPipe { Failure::Usage(String::new()) } else { io_err(e) })
    .or_else(|f| if matches!(&f, Failure::Usage(m) if m.is_empty()) { Ok(()) } else { Err(f) })?;
    Ok(())
}
