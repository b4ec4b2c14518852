//! Execution-plan tracking (DESIGN §6): whether partners keep the commitments of their execution plan
//! (resources, training, deals, pipeline, marketing) and reach its milestones, at a date.
//!
//! ```
//! use partnerscore::tracking::{track, Commitments, Milestones, Status};
//! use partnerscore::{Date, Decimal};
//!
//! let commitments = Commitments::from_csv(
//!     "partner_id,kind,field,target,start,due,actual\n\
//!      K1,deals,deals_closed,12,2026-01-01,2026-06-30,4\n",
//! )?;
//! let milestones = Milestones::from_csv("partner_id,area,name,due,done_on\nK1,management,Plan signed,2026-02-01,2026-01-20\n")?;
//! let report = track(&commitments, &milestones, Date::parse("2026-03-31").unwrap())?;
//! let deals = &report.commitments[0];
//! // 2026-01-01 → 2026-06-30 is 180 days, 89 of them elapsed: 12 × 89/180 = 5.9333… deals expected;
//! // 4 < 0.75 × 5.9333 = 4.45, so the partner is behind by 1.9333 deals.
//! assert_eq!(deals.status, Status::Behind);
//! assert_eq!(deals.expected_to_date.round_dp(4), "5.9333".parse::<Decimal>()?);
//! assert_eq!(report.partners[0].impediments[0].text, "deals: 1.9333 deals_closed short of plan");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Choices where DESIGN §6 is silent: `partner_id` is trimmed (as in histories); `kind` and `area` are
//! read trimmed and case-insensitively; a negative `actual` is an input error; a `done_on` after `as_of`
//! is reported as given, but the milestone is not done yet.

use std::collections::HashMap;
use std::io::{self, Write};

use num_bigint::BigUint;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::data::{Date, Value};
use crate::decimal::{cmp_key, format_measure, parse_decimal, ser_measure, write_measure, COMPARE_PLACES};
use crate::error::{Error, Result};
use crate::profile::Area;
use crate::records::{self, Row};
use crate::report_out::{write_csv_rows, write_text_field};

/// What a commitment promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    /// People assigned (e.g. certified sales reps).
    Resources,
    /// Training and certification.
    Training,
    /// Deals closed.
    Deals,
    /// Pipeline built.
    Pipeline,
    /// Marketing activity (campaigns, events, leads).
    Marketing,
    /// Anything else.
    Other,
}

impl CommitmentKind {
    /// Every kind, in the order DESIGN §6 lists them.
    pub const ALL: [CommitmentKind; 6] = [
        CommitmentKind::Resources,
        CommitmentKind::Training,
        CommitmentKind::Deals,
        CommitmentKind::Pipeline,
        CommitmentKind::Marketing,
        CommitmentKind::Other,
    ];

    /// The kind as written in inputs and outputs (`resources`).
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentKind::Resources => "resources",
            CommitmentKind::Training => "training",
            CommitmentKind::Deals => "deals",
            CommitmentKind::Pipeline => "pipeline",
            CommitmentKind::Marketing => "marketing",
            CommitmentKind::Other => "other",
        }
    }
}

impl std::fmt::Display for CommitmentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One commitment of a partner's execution plan: reach `target` of `field` between `start` and `due`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// The partner's id.
    pub partner_id: String,
    /// What is promised.
    pub kind: CommitmentKind,
    /// The measure counted (`sales_reps`, `deals_closed`).
    pub field: String,
    /// The amount promised by `due` (> 0).
    pub target: Decimal,
    /// The day the commitment starts.
    pub start: Date,
    /// The day it is due (after `start`).
    pub due: Date,
    /// The amount reached so far (≥ 0; 0 when absent).
    pub actual: Decimal,
}

/// One milestone of a partner's readiness plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    /// The partner's id.
    pub partner_id: String,
    /// Its readiness area (management first).
    pub area: Area,
    /// What it is.
    pub name: String,
    /// The day it is due.
    pub due: Date,
    /// The day it was done, if it was.
    pub done_on: Option<Date>,
}

const COMMITMENT_FIELDS: [&str; 7] = ["partner_id", "kind", "field", "target", "start", "due", "actual"];
const COMMITMENT_REQUIRED: [&str; 6] = ["partner_id", "kind", "field", "target", "start", "due"];
const MILESTONE_FIELDS: [&str; 5] = ["partner_id", "area", "name", "due", "done_on"];
const MILESTONE_REQUIRED: [&str; 4] = ["partner_id", "area", "name", "due"];

/// Validated commitments, in input order. Built only by its loaders, so every record holds
/// target > 0, due > start, actual ≥ 0, and target × (due − start) fits a decimal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commitments(Vec<Commitment>);

impl Commitments {
    /// Reads a JSON array of commitment objects (extra keys ignored).
    pub fn from_json(text: &str) -> Result<Commitments> {
        records::from_json(text, "commitments", &COMMITMENT_FIELDS, build_commitment).map(Commitments)
    }

    /// Reads a CSV with a header row holding at least partner_id, kind, field, target, start and due.
    pub fn from_csv(text: &str) -> Result<Commitments> {
        let chunks =
            records::from_csv(text, "commitments", &COMMITMENT_FIELDS, &COMMITMENT_REQUIRED, |_: &mut (), row| {
                build_commitment(row)
            })?;
        Ok(Commitments(chunks.into_iter().flat_map(|(_, chunk)| chunk).collect()))
    }

    /// Reads JSON (a `.json` name, or not `.csv` and text starting with `[`) or else CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<Commitments> {
        if records::is_json(text, file_name) {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// Reads columns (`(field, values)`, one value per commitment), as the Python face converts a DataFrame.
    pub fn from_columns(columns: &[(String, Vec<Option<Value>>)]) -> Result<Commitments> {
        records::from_columns(columns, "commitments", &COMMITMENT_FIELDS, build_commitment).map(Commitments)
    }

    /// The commitments, in input order.
    pub fn records(&self) -> &[Commitment] {
        &self.0
    }

    /// Number of commitments.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Validated milestones, in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Milestones(Vec<Milestone>);

impl Milestones {
    /// Reads a JSON array of milestone objects (extra keys ignored).
    pub fn from_json(text: &str) -> Result<Milestones> {
        records::from_json(text, "milestones", &MILESTONE_FIELDS, build_milestone).map(Milestones)
    }

    /// Reads a CSV with a header row holding at least partner_id, area, name and due.
    pub fn from_csv(text: &str) -> Result<Milestones> {
        let chunks =
            records::from_csv(text, "milestones", &MILESTONE_FIELDS, &MILESTONE_REQUIRED, |_: &mut (), row| {
                build_milestone(row)
            })?;
        Ok(Milestones(chunks.into_iter().flat_map(|(_, chunk)| chunk).collect()))
    }

    /// Reads JSON (a `.json` name, or not `.csv` and text starting with `[`) or else CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<Milestones> {
        if records::is_json(text, file_name) {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// Reads columns (`(field, values)`, one value per milestone), as the Python face converts a DataFrame.
    pub fn from_columns(columns: &[(String, Vec<Option<Value>>)]) -> Result<Milestones> {
        records::from_columns(columns, "milestones", &MILESTONE_FIELDS, build_milestone).map(Milestones)
    }

    /// The milestones, in input order.
    pub fn records(&self) -> &[Milestone] {
        &self.0
    }

    /// Number of milestones.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The partner id of a record (trimmed, required) and its `partner K1` label for error locations.
fn partner_of(row: &Row<'_>) -> Result<(String, String)> {
    match row.get("partner_id").map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Ok((id.to_string(), format!("partner {id}"))),
        None => Err(Error::input(row.at_field(None, "partner_id"), "partner_id is required")),
    }
}

/// A required cell (non-blank).
fn required<'r>(row: &'r Row<'_>, who: &str, field: &str) -> Result<&'r str> {
    row.get(field)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::input(row.at_field(Some(who), field), format!("{field} is required")))
}

fn decimal(row: &Row<'_>, who: &str, field: &str, text: &str) -> Result<Decimal> {
    parse_decimal(text).map_err(|reason| Error::input(row.at_field(Some(who), field), format!("{field} {reason}")))
}

fn date(row: &Row<'_>, who: &str, field: &str, text: &str) -> Result<Date> {
    let t = text.trim();
    Date::parse(t).ok_or_else(|| {
        Error::input(row.at_field(Some(who), field), format!("{field} {t:?} is not a date (YYYY-MM-DD)"))
    })
}

fn parse_kind(text: &str) -> Option<CommitmentKind> {
    let t = text.trim();
    CommitmentKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(t))
}

fn parse_area(text: &str) -> Option<Area> {
    let t = text.trim();
    Area::ALL.into_iter().find(|a| a.as_str().eq_ignore_ascii_case(t))
}

fn build_commitment(row: &Row<'_>) -> Result<Commitment> {
    let (partner_id, who) = partner_of(row)?;
    let who = who.as_str();
    let kind_text = required(row, who, "kind")?;
    let kind = parse_kind(kind_text).ok_or_else(|| {
        let allowed: Vec<&str> = CommitmentKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::input(
            row.at_field(Some(who), "kind"),
            format!("unknown kind {:?}: expected one of {}", kind_text.trim(), allowed.join(", ")),
        )
    })?;
    let field = required(row, who, "field")?.to_string();
    let target_text = required(row, who, "target")?;
    let target = decimal(row, who, "target", target_text)?;
    if cmp_key(target) <= Decimal::ZERO {
        return Err(Error::input(
            row.at_field(Some(who), "target"),
            format!("target must be greater than 0, found {}", target_text.trim()),
        ));
    }
    let start = date(row, who, "start", required(row, who, "start")?)?;
    let due = date(row, who, "due", required(row, who, "due")?)?;
    if due <= start {
        return Err(Error::input(row.at_field(Some(who), "due"), format!("due {due} is not after start {start}")));
    }
    let span = i64::from(due.days()) - i64::from(start.days());
    if target.checked_mul(Decimal::from(span)).is_none() {
        return Err(Error::input(
            row.at_field(Some(who), "target"),
            format!("target {} over {span} days overflows the decimal range", target_text.trim()),
        ));
    }
    let actual = match row.get("actual").filter(|s| !s.trim().is_empty()) {
        None => Decimal::ZERO,
        Some(text) => {
            let actual = decimal(row, who, "actual", text)?;
            if cmp_key(actual) < Decimal::ZERO {
                return Err(Error::input(
                    row.at_field(Some(who), "actual"),
                    format!("actual must not be negative, found {}", text.trim()),
                ));
            }
            actual
        }
    };
    Ok(Commitment { partner_id, kind, field, target, start, due, actual })
}

fn build_milestone(row: &Row<'_>) -> Result<Milestone> {
    let (partner_id, who) = partner_of(row)?;
    let who = who.as_str();
    let area_text = required(row, who, "area")?;
    let area = parse_area(area_text).ok_or_else(|| {
        let allowed: Vec<&str> = Area::ALL.iter().map(|a| a.as_str()).collect();
        Error::input(
            row.at_field(Some(who), "area"),
            format!("unknown area {:?}: expected one of {}", area_text.trim(), allowed.join(", ")),
        )
    })?;
    let name = required(row, who, "name")?.to_string();
    let due = date(row, who, "due", required(row, who, "due")?)?;
    let done_on = match row.get("done_on").filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(text) => Some(date(row, who, "done_on", text)?),
    };
    Ok(Milestone { partner_id, area, name, due, done_on })
}

/// A commitment's status at as_of (DESIGN §6: the first that holds, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// actual ≥ target.
    Done,
    /// Not done, and as_of is after due.
    Overdue,
    /// actual ≥ expected_to_date.
    OnTrack,
    /// actual ≥ 0.75 × expected_to_date.
    AtRisk,
    /// Below that.
    Behind,
}

impl Status {
    /// Every status, in the order they are tested.
    pub const ALL: [Status; 5] = [Status::Done, Status::Overdue, Status::OnTrack, Status::AtRisk, Status::Behind];

    /// The status as written in outputs (`on_track`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Overdue => "overdue",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Behind => "behind",
        }
    }

    /// Whether a commitment in this status is an impediment (at_risk, behind, overdue).
    pub fn is_impediment(self) -> bool {
        matches!(self, Status::Overdue | Status::Behind | Status::AtRisk)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A milestone's status at as_of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// done_on ≤ as_of.
    Done,
    /// Not done, and due < as_of.
    Overdue,
    /// Neither.
    OnTrack,
}

impl MilestoneState {
    /// The status as written in outputs (`on_track`).
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Done => "done",
            MilestoneState::Overdue => "overdue",
            MilestoneState::OnTrack => "on_track",
        }
    }
}

impl std::fmt::Display for MilestoneState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One commitment's standing at as_of. `start` and `due` are carried for the CSV and the review pack but
/// are not part of the JSON result (DESIGN §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentStatus {
    /// The partner's id.
    pub partner_id: String,
    /// What was promised.
    pub kind: CommitmentKind,
    /// The measure counted.
    pub field: String,
    /// The amount promised by due.
    #[serde(serialize_with = "ser_measure")]
    pub target: Decimal,
    /// The amount reached.
    #[serde(serialize_with = "ser_measure")]
    pub actual: Decimal,
    /// target × clamp((as_of − start) / (due − start), 0, 1).
    #[serde(serialize_with = "ser_measure")]
    pub expected_to_date: Decimal,
    /// Done, overdue, on track, at risk or behind.
    pub status: Status,
    /// max(0, expected_to_date − actual), or target − actual when overdue.
    #[serde(serialize_with = "ser_measure")]
    pub shortfall: Decimal,
    /// The commitment's start (not in the JSON).
    #[serde(skip)]
    pub start: Date,
    /// The commitment's due date (not in the JSON; the CSV's last column).
    #[serde(skip)]
    pub due: Date,
}

/// One milestone's standing at as_of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneStatus {
    /// The partner's id.
    pub partner_id: String,
    /// Its readiness area.
    pub area: Area,
    /// What it is.
    pub name: String,
    /// The day it is due.
    pub due: Date,
    /// The day it was done, as given (may be after as_of, then it is not done yet).
    pub done_on: Option<Date>,
    /// Done, overdue or on track.
    pub status: MilestoneState,
    /// A done non-management milestone done before one of the partner's management milestones was.
    pub out_of_order: bool,
}

/// A commitment holding a partner back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Impediment {
    /// What was promised.
    pub kind: CommitmentKind,
    /// The measure counted.
    pub field: String,
    /// Overdue, behind or at risk.
    pub status: Status,
    /// The commitment's shortfall.
    #[serde(serialize_with = "ser_measure")]
    pub shortfall: Decimal,
    /// `resources: 2 sales_reps short of plan`, or for an overdue commitment
    /// `deals: 3 deals_closed short of target, due 2026-06-30`.
    pub text: String,
}

/// A partner's commitments in numbers, and what holds it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerTrack {
    /// The partner's id.
    pub id: String,
    /// Commitments done.
    pub done: usize,
    /// Commitments on track.
    pub on_track: usize,
    /// Commitments at risk.
    pub at_risk: usize,
    /// Commitments behind.
    pub behind: usize,
    /// Commitments overdue.
    pub overdue: usize,
    /// Its at-risk, behind and overdue commitments, worst first (overdue, behind, at risk; then the larger
    /// shortfall / target; then input order).
    pub impediments: Vec<Impediment>,
}

/// The execution plans' standing at a date (DESIGN §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackReport {
    /// The date of the review.
    pub as_of: Date,
    /// One per input commitment, in input order.
    pub commitments: Vec<CommitmentStatus>,
    /// One per input milestone, in input order.
    pub milestones: Vec<MilestoneStatus>,
    /// Every partner, in order of first appearance (commitments, then milestones); counts over commitments.
    pub partners: Vec<PartnerTrack>,
}

/// expected_to_date, status and shortfall of one commitment at as_of.
fn standing(c: &Commitment, as_of: Date) -> Option<(Decimal, Status, Decimal)> {
    let span = i64::from(c.due.days()) - i64::from(c.start.days());
    if span <= 0 {
        return None;
    }
    let elapsed = (i64::from(as_of.days()) - i64::from(c.start.days())).clamp(0, span);
    let expected = if elapsed == 0 {
        Decimal::ZERO
    } else if elapsed == span {
        c.target
    } else {
        c.target.checked_mul(Decimal::from(elapsed))?.checked_div(Decimal::from(span))?
    };
    let (actual, key_expected) = (cmp_key(c.actual), cmp_key(expected));
    let status = if actual >= cmp_key(c.target) {
        Status::Done
    } else if as_of > c.due {
        Status::Overdue
    } else if actual >= key_expected {
        Status::OnTrack
    } else if actual >= cmp_key(expected.checked_mul(Decimal::new(75, 2))?) {
        Status::AtRisk
    } else {
        Status::Behind
    };
    let shortfall = match status {
        Status::Overdue => c.target.checked_sub(c.actual)?,
        _ if actual >= key_expected => Decimal::ZERO,
        _ => expected.checked_sub(c.actual)?,
    };
    Some((expected, status, shortfall))
}

/// shortfall / target rounded to 20 places (half away from zero), exactly, as an integer count of 10^-20:
/// the ordering key of impediments within a status. In `u128` when the scaled operands fit (the common
/// case), else in big integers.
fn ratio_key(shortfall: Decimal, target: Decimal) -> BigUint {
    let (s, t) = (shortfall.mantissa().unsigned_abs(), target.mantissa().unsigned_abs());
    // shortfall / target = (s / t) × 10^(target.scale − shortfall.scale); times 10^20.
    let k = i64::from(COMPARE_PLACES) + i64::from(target.scale()) - i64::from(shortfall.scale());
    let scale = |v: u128, k: i64| 10u128.checked_pow(k as u32).and_then(|p| v.checked_mul(p));
    let small = if k >= 0 { scale(s, k).map(|num| (num, t)) } else { scale(t, -k).map(|den| (s, den)) };
    if let Some((num, den)) = small.filter(|(_, den)| *den != 0) {
        let (q, r) = (num / den, num % den);
        // r < den < 2^128 and 2r may not fit: compare r with den − r instead
        return BigUint::from(if r >= den - r { q + 1 } else { q });
    }
    ratio_key_big(shortfall, target)
}

/// [`ratio_key`] in big integers.
fn ratio_key_big(shortfall: Decimal, target: Decimal) -> BigUint {
    let (s, t) = (BigUint::from(shortfall.mantissa().unsigned_abs()), BigUint::from(target.mantissa().unsigned_abs()));
    let k = i64::from(COMPARE_PLACES) + i64::from(target.scale()) - i64::from(shortfall.scale());
    let ten = BigUint::from(10u8);
    let (num, den) = if k >= 0 { (s * ten.pow(k as u32), t) } else { (s, t * ten.pow((-k) as u32)) };
    if den == BigUint::ZERO {
        return BigUint::ZERO;
    }
    let (q, r) = (&num / &den, &num % &den);
    if r * 2u8 >= den {
        q + 1u8
    } else {
        q
    }
}

fn status_rank(status: Status) -> u8 {
    match status {
        Status::Overdue => 0,
        Status::Behind => 1,
        _ => 2,
    }
}

/// Milestones' out_of_order flags (DESIGN §6), in O(n): per partner, the latest day a management
/// milestone was done (`i64::MAX` while one is not done at as_of); a done non-management milestone is
/// out of order when that day is after its own.
fn out_of_order(milestones: &[Milestone], as_of: Date) -> Vec<bool> {
    let done_by = |m: &Milestone| m.done_on.filter(|d| *d <= as_of);
    let mut latest: HashMap<&str, i64> = HashMap::new();
    for m in milestones.iter().filter(|m| m.area == Area::Management) {
        let day = done_by(m).map_or(i64::MAX, |d| i64::from(d.days()));
        let entry = latest.entry(m.partner_id.as_str()).or_insert(day);
        *entry = (*entry).max(day);
    }
    milestones
        .iter()
        .map(|m| match (m.area, done_by(m)) {
            (Area::Management, _) | (_, None) => false,
            (_, Some(done)) => latest.get(m.partner_id.as_str()).is_some_and(|&l| l > i64::from(done.days())),
        })
        .collect()
}

/// The index of partner `id` in `partners`, added (with no counts) on its first appearance.
fn partner_slot<'a>(
    index: &mut HashMap<&'a str, usize>,
    partners: &mut Vec<PartnerTrack>,
    pending: &mut Vec<Vec<(u8, BigUint, Impediment)>>,
    id: &'a str,
) -> usize {
    *index.entry(id).or_insert_with(|| {
        partners.push(PartnerTrack {
            id: id.to_string(),
            done: 0,
            on_track: 0,
            at_risk: 0,
            behind: 0,
            overdue: 0,
            impediments: Vec::new(),
        });
        pending.push(Vec::new());
        partners.len() - 1
    })
}

/// Tracks every commitment and milestone at `as_of` (DESIGN §6). Results come in input order, one per
/// record; partners in order of first appearance. An arithmetic overflow (which validated input cannot
/// produce) is an input error naming the commitment.
pub fn track(commitments: &Commitments, milestones: &Milestones, as_of: Date) -> Result<TrackReport> {
    let mut partners: Vec<PartnerTrack> = Vec::new();
    // per partner: its impediments with their ordering key (status rank, shortfall / target)
    let mut pending: Vec<Vec<(u8, BigUint, Impediment)>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(commitments.len());
    for (i, c) in commitments.records().iter().enumerate() {
        let (expected_to_date, status, shortfall) = standing(c, as_of).ok_or_else(|| {
            Error::input(
                format!("commitments[{i}] (partner {})", c.partner_id),
                "expected_to_date or shortfall overflows the decimal range",
            )
        })?;
        let p = partner_slot(&mut index, &mut partners, &mut pending, &c.partner_id);
        let track = &mut partners[p];
        match status {
            Status::Done => track.done += 1,
            Status::Overdue => track.overdue += 1,
            Status::OnTrack => track.on_track += 1,
            Status::AtRisk => track.at_risk += 1,
            Status::Behind => track.behind += 1,
        }
        if status.is_impediment() {
            let text = if status == Status::Overdue {
                format!("{}: {} {} short of target, due {}", c.kind, format_measure(shortfall), c.field, c.due)
            } else {
                format!("{}: {} {} short of plan", c.kind, format_measure(shortfall), c.field)
            };
            let impediment = Impediment { kind: c.kind, field: c.field.clone(), status, shortfall, text };
            pending[p].push((status_rank(status), ratio_key(shortfall, c.target), impediment));
        }
        out.push(CommitmentStatus {
            partner_id: c.partner_id.clone(),
            kind: c.kind,
            field: c.field.clone(),
            target: c.target,
            actual: c.actual,
            expected_to_date,
            status,
            shortfall,
            start: c.start,
            due: c.due,
        });
    }
    for m in milestones.records() {
        partner_slot(&mut index, &mut partners, &mut pending, &m.partner_id);
    }
    for (track, mut impediments) in partners.iter_mut().zip(pending) {
        // worst status first, then the larger shortfall / target, then input order (the sort is stable)
        impediments.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        track.impediments = impediments.into_iter().map(|(_, _, impediment)| impediment).collect();
    }
    let flags = out_of_order(milestones.records(), as_of);
    let milestones = milestones
        .records()
        .iter()
        .zip(flags)
        .map(|(m, out_of_order)| {
            let status = match m.done_on {
                Some(d) if d <= as_of => MilestoneState::Done,
                _ if m.due < as_of => MilestoneState::Overdue,
                _ => MilestoneState::OnTrack,
            };
            MilestoneStatus {
                partner_id: m.partner_id.clone(),
                area: m.area,
                name: m.name.clone(),
                due: m.due,
                done_on: m.done_on,
                status,
                out_of_order,
            }
        })
        .collect();
    Ok(TrackReport { as_of, commitments: out, milestones, partners })
}

/// The report's headline: commitments by status, impediments, milestones by state and out of order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackCounts {
    /// Commitments done.
    pub done: usize,
    /// Commitments on track.
    pub on_track: usize,
    /// Commitments at risk.
    pub at_risk: usize,
    /// Commitments behind.
    pub behind: usize,
    /// Commitments overdue.
    pub overdue: usize,
    /// Commitments that are impediments (at risk, behind or overdue).
    pub impediments: usize,
    /// Milestones done by as_of.
    pub milestones_done: usize,
    /// Milestones overdue.
    pub milestones_overdue: usize,
    /// Milestones done before management readiness.
    pub out_of_order: usize,
}

impl TrackReport {
    /// The headline counts over every commitment and milestone.
    pub fn counts(&self) -> TrackCounts {
        let mut c = TrackCounts::default();
        for commitment in &self.commitments {
            match commitment.status {
                Status::Done => c.done += 1,
                Status::OnTrack => c.on_track += 1,
                Status::AtRisk => c.at_risk += 1,
                Status::Behind => c.behind += 1,
                Status::Overdue => c.overdue += 1,
            }
            c.impediments += usize::from(commitment.status.is_impediment());
        }
        for m in &self.milestones {
            match m.status {
                MilestoneState::Done => c.milestones_done += 1,
                MilestoneState::Overdue => c.milestones_overdue += 1,
                MilestoneState::OnTrack => {}
            }
            c.out_of_order += usize::from(m.out_of_order);
        }
        c
    }

    /// The JSON document of DESIGN §6 (the CLI's `--format json`, compact, without a trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The CSV columns, one row per commitment (input order): the JSON's commitment fields, then `due`
    /// (the date an overdue commitment was due, and what an on-track one is heading for).
    pub fn csv_header() -> Vec<&'static str> {
        vec!["partner_id", "kind", "field", "target", "actual", "expected_to_date", "status", "shortfall", "due"]
    }

    /// Writes the header and one CSV row per commitment, in input order.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        write_csv_rows(out, &Self::csv_header(), &self.commitments, |w, c| {
            write_text_field(w, &c.partner_id);
            w.push(b',');
            w.extend_from_slice(c.kind.as_str().as_bytes());
            w.push(b',');
            write_text_field(w, &c.field);
            for d in [c.target, c.actual, c.expected_to_date] {
                w.push(b',');
                write_measure(w, d);
            }
            w.push(b',');
            w.extend_from_slice(c.status.as_str().as_bytes());
            w.push(b',');
            write_measure(w, c.shortfall);
            w.push(b',');
            w.extend_from_slice(c.due.to_string().as_bytes());
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_key_is_the_same_in_u128_and_in_big_integers() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let values = [
            "0",
            "1",
            "3",
            "0.5",
            "2.4",
            "5.9333333333333333333333333333",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "1000000",
            "0.333",
        ];
        for s in values {
            for t in values.iter().skip(1) {
                let (s, t) = (d(s), d(t));
                assert_eq!(ratio_key(s, t), ratio_key_big(s, t), "{s} / {t}");
            }
        }
        // 1/3 → 0.33333333333333333333, 2/3 → …67 (half away from zero), 1/8 exactly.
        assert_eq!(ratio_key(d("1"), d("3")), BigUint::from(33_333_333_333_333_333_333u128));
        assert_eq!(ratio_key(d("2"), d("3")), BigUint::from(66_666_666_666_666_666_667u128));
        assert_eq!(ratio_key(d("0.5"), d("4")), BigUint::from(12_500_000_000_000_000_000u128));
        // 5 × 10^-21 / 1 rounds up to 10^-20.
        assert_eq!(ratio_key(d("0.000000000000000000005"), d("1")), BigUint::from(1u8));
    }
}
