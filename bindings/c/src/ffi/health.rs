//! Channel health (DESIGN §4): `ps_health`, a one-shot analysis taking one JSON request that holds all
//! its inputs and options (DESIGN, "One engine, three faces"):
//!
//! ```json
//! {"partners": [...], "history": [...], "profile": {...}, "as_of": "2026-06-30",
//!  "revenue_field": "revenue", "deals_field": "deals_closed", "trajectory_field": "revenue",
//!  "min_revenue": 0, "min_deals_per_year": 3, "flat_band": "0.02"}
//! ```
//!
//! The request is read once into its members, each kept as its raw JSON text (`request.rs`): partners,
//! history and profile are then loaded from that text by the same engine calls the CLI makes on its
//! files, so the report and the errors inside them are the CLI's.

use std::ffi::c_char;

use engine::decimal::parse_decimal;
use engine::derived::DERIVED_FIELDS;
use engine::health::{health, HealthOptions};
use engine::history::History;
use engine::{Date, Decimal, FieldSelection, Partners, Profile};
use serde_json::value::RawValue;

use super::boundary::Failure;
use super::call::{one_shot, report_json};
use super::error::{ps_error, ps_status};
use super::request::{config, describe, member_error, number_text, Request, RequestKind};

/// What a health request takes, for reading it and for its messages.
const KIND: RequestKind =
    RequestKind { name: "health", keys: &KEYS, shape: r#"{"partners": [...], "history": [...], ...}"# };

/// Every key a request may hold, in the order the documentation lists them.
const KEYS: [&str; 10] = [
    "partners",
    "history",
    "profile",
    "as_of",
    "revenue_field",
    "deals_field",
    "trajectory_field",
    "min_revenue",
    "min_deals_per_year",
    "flat_band",
];

/// Reviews the channel's health (DESIGN §4) from one JSON request and returns the report as JSON:
/// the same bytes as the CLI's `partnerscore health --format json` on the same partners, history,
/// profile and options (a JSON object, then a newline): `as_of`, `history_rows_ignored`, the contribution
/// rate per period, time to revenue (Kaplan–Meier median, within 90 / 180 days, the curve) and one record
/// per partner in input order (deals in the last 12 months, non-productive and the recommendation, the
/// profile's verdict, the trajectory with its points, the derived fields).
///
/// `request_json` points to `request_len` bytes of UTF-8 JSON: one object
/// `{"partners": [...], "history": [...], "profile": {...}, "as_of": "YYYY-MM-DD", "revenue_field": "...",
/// "deals_field": "...", "trajectory_field": "...", "min_revenue": N, "min_deals_per_year": N,
/// "flat_band": X}`. `partners` (an array of partner objects, as the CLI's `--partners` JSON file) and
/// `history` (an array of `{"partner_id", "period", <fields…>}` rows, as `--history`; `[]` for none) are
/// required; the rest are optional, with the CLI's defaults (`profile`: none; `as_of`: the end of the
/// latest period in the history; `revenue`, `deals_closed`, `revenue`, 0, 3, 0.02). The three numbers are
/// JSON numbers or numeric text (`"0.02"`), read exactly. A member that is `null` counts as absent. No NUL
/// terminator needed; the bytes are only read during the call.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. The message is one line, where
/// then why:
/// - `PS_ERR_CONFIG`: the request itself (`(root): invalid JSON: ...`, `(root): the request must be a JSON
///   object ...`, `colour: unknown key ...`, `as_of: repeated key`, `partners: required ...`), an option
///   (`as_of: "2026-13-01" is not a date (YYYY-MM-DD)`, `min_revenue: must be ≥ 0, found -1`,
///   `flat_band: "wide" is not a number`, `revenue_field: must name a history field`) or the profile,
///   whose config paths start with `profile` (`profile.criteria[1].between: bounds reversed ...`).
/// - `PS_ERR_INPUT`: the partners or the history, with the CLI's locations (`partners[3] (partner P004),
///   field signed_on: ...`, `history[2] (partner A): period "2026-Q5" is not ...`, `partners: must be a
///   JSON array of objects`, `history: must be a JSON array of objects`), or no `as_of` with a history that
///   has no period to take it from (`as_of: ...`).
/// - `PS_ERR_NULL_ARGUMENT`: `request_json`, `out_json` or `out_len` is NULL (checked first).
///   `PS_ERR_INVALID_UTF8`: the request is not UTF-8 (`request_json: line 1, byte 18: ...`).
///
/// On success `*err` is left untouched. Errors are checked in the CLI's order: the request, the options,
/// the profile, the partners, the history, then the review.
///
/// Thread-safe: it keeps no state between calls, so any number of threads may call it at once. The
/// engine itself may run parts of the work on a pool of worker threads (one per core, started on first
/// use, kept until the process exits).
///
/// # Safety
/// `request_json` is NULL or points to `request_len` readable bytes. `out_json`, `out_len` and `err` are
/// each NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_health(
    request_json: *const c_char,
    request_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    // SAFETY: the pointers as the contract above says.
    unsafe { one_shot(request_json, request_len, out_json, out_len, err, review) }
}

/// The review of a request's text, as the CLI's `--format json` bytes.
fn review(text: &str) -> Result<super::text::OutText, Failure> {
    let request = Request::parse(text, &KIND)?;
    // The CLI's order: its required arguments, options, profile, partners, history, the review.
    let partners = request.required("partners", "a JSON array of partner objects")?;
    let history = request.required("history", "a JSON array of {\"partner_id\", \"period\", ...} rows, [] for none")?;
    let options = options(&request)?;
    let profile = match request.get("profile") {
        Some(raw) => Some(Profile::from_json(raw.get()).map_err(profile_error)?),
        None => None,
    };
    if !partners.get().starts_with('[') {
        return Err(Failure::new(
            ps_status::PS_ERR_INPUT,
            format!("partners: must be a JSON array of objects, found {}", describe(partners.get())),
        ));
    }
    let mut fields: Vec<String> = DERIVED_FIELDS.iter().map(|f| f.to_string()).collect();
    if let Some(profile) = &profile {
        fields.extend(profile.fields());
    }
    // A JSON read error of the engine's is located in the member's own text (`line 1, column 128`); the
    // request has been read already, so it can only be nesting beyond serde_json's limit of 128 levels,
    // which the request's reader does not apply to the members it keeps as text.
    let partners = Partners::from_json_selected(partners.get(), &FieldSelection::Only(fields))
        .map_err(|e| member_error(e, "line ", text, "partners", partners))?;
    let history =
        History::from_json(history.get()).map_err(|e| member_error(e, "history line ", text, "history", history))?;
    if options.as_of.is_none() && history.latest_end().is_none() {
        // The engine's message names the CLI's flag (`--as-of`); a C caller sets the request's key.
        return Err(Failure::new(
            ps_status::PS_ERR_INPUT,
            "as_of: needed: the history has no period to take it from (set \"as_of\": \"YYYY-MM-DD\")",
        ));
    }
    let report = health(&partners, &history, profile.as_ref(), &options).map_err(Failure::engine)?;
    drop((partners, history, profile));
    report_json(|out| serde_json::to_writer(out, &report))
}

/// The options, read and checked in the CLI's order (`--as-of`, the fields, the numbers; then the
/// engine's checks). Every error is a config error at the option's key.
fn options(request: &Request<'_>) -> Result<HealthOptions, Failure> {
    let mut options = HealthOptions::default();
    if let Some(raw) = request.get("as_of") {
        let text = request.text("as_of", raw, "a date as text (\"YYYY-MM-DD\")")?;
        let date = Date::parse(&text).ok_or_else(|| config("as_of", format!("{text:?} is not a date (YYYY-MM-DD)")))?;
        options.as_of = Some(date);
    }
    for (key, field) in [
        ("revenue_field", &mut options.revenue_field),
        ("deals_field", &mut options.deals_field),
        ("trajectory_field", &mut options.trajectory_field),
    ] {
        if let Some(raw) = request.get(key) {
            *field = request.text(key, raw, "text (a history field name)")?;
        }
    }
    for (key, value) in [
        ("min_revenue", &mut options.min_revenue),
        ("min_deals_per_year", &mut options.min_deals_per_year),
        ("flat_band", &mut options.flat_band),
    ] {
        if let Some(raw) = request.get(key) {
            *value = number(key, raw)?;
        }
    }
    options.validate().map_err(Failure::engine)?;
    Ok(options)
}

/// An option's number: a JSON number (read from its text, exactly) or numeric text (`"0.02"`).
fn number(key: &str, raw: &RawValue) -> Result<Decimal, Failure> {
    let text = number_text(key, raw, "a number or numeric text")?;
    parse_decimal(&text).map_err(|reason| config(key, reason))
}

/// A profile error: config paths start with `profile` (`profile.criteria[1].between`, `profile` for the
/// whole profile), so the caller knows which part of the request to fix; other kinds as the engine says.
fn profile_error(error: engine::Error) -> Failure {
    match &error {
        engine::Error::Config { path, reason } => {
            let path = match path.as_str() {
                "(root)" | "" => "profile".to_string(),
                p if p.starts_with('[') => format!("profile{p}"),
                p => format!("profile.{p}"),
            };
            config(&path, reason)
        }
        _ => Failure::engine(error),
    }
}
