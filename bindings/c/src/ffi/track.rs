//! Execution-plan tracking (DESIGN §6): `ps_track`, a one-shot analysis taking one JSON request that
//! holds all its inputs and options (DESIGN, "One engine, three faces"):
//!
//! ```json
//! {"commitments": [{"partner_id": "K1", "kind": "deals", "field": "deals_closed", "target": 12,
//!                   "start": "2026-01-01", "due": "2026-06-30", "actual": 4}],
//!  "milestones": [{"partner_id": "K1", "area": "management", "name": "Plan signed", "due": "2026-02-01"}],
//!  "as_of": "2026-03-31"}
//! ```
//!
//! The request is read once into its members, each kept as its raw JSON text (`request.rs`): the
//! commitments and milestones are then loaded from that text by the same engine calls the CLI makes on
//! its JSON files, so the report and the errors inside them are the CLI's. Unlike the CLI, which tracks
//! at today's date when `--as-of` is absent, the library requires `as_of` (DESIGN §6).

use std::ffi::c_char;

use engine::tracking::{track, Commitments, Milestones};
use engine::Date;
use serde_json::value::RawValue;

use super::boundary::Failure;
use super::call::{one_shot, report_json};
use super::error::{ps_error, ps_status};
use super::request::{config, describe, member_error, Request, RequestKind};

/// What a track request takes, for reading it and for its messages.
const KIND: RequestKind = RequestKind {
    name: "track",
    keys: &KEYS,
    shape: r#"{"commitments": [...], "milestones": [...], "as_of": "YYYY-MM-DD"}"#,
};

/// Every key a request may hold, in the order the documentation lists them.
const KEYS: [&str; 3] = ["commitments", "milestones", "as_of"];

/// Tracks partners' execution plans (DESIGN §6) from one JSON request and returns the report as JSON:
/// the same bytes as the CLI's `partnerscore track --format json` on the same commitments, milestones and
/// `--as-of` (a JSON object, then a newline): `as_of`, one record per commitment in input order
/// (`partner_id`, `kind`, `field`, `target`, `actual`, `expected_to_date`, `status` — `done`, `on_track`,
/// `at_risk`, `behind` or `overdue` — and `shortfall`), one per milestone in input order (`partner_id`,
/// `area`, `name`, `due`, `done_on`, `status`, `out_of_order`), and the partners in order of first
/// appearance with their counts and impediments, worst first.
///
/// `request_json` points to `request_len` bytes of UTF-8 JSON: one object
/// `{"commitments": [...], "milestones": [...], "as_of": "YYYY-MM-DD"}`. `commitments` is required: an
/// array of commitment objects `{partner_id, kind, field, target, start, due, actual?}`, as the CLI's
/// `--commitments` JSON file (`[]` for none). `milestones` is optional: an array of milestone objects
/// `{partner_id, area, name, due, done_on?}`, as `--milestones`; absent means none. `as_of` is required:
/// the tracking date as text, `"YYYY-MM-DD"` (the CLI's default of today does not apply to the library).
/// A member that is `null` counts as absent. No NUL terminator needed; the bytes are only read during
/// the call.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. The message is one line, where
/// then why:
/// - `PS_ERR_CONFIG`: the request itself (`(root): invalid JSON: ...`, `(root): the request must be a JSON
///   object ...`, `colour: unknown key; a track request takes commitments, milestones, as_of`,
///   `as_of: repeated key`, `commitments: required ...`, `as_of: required ...`) or an `as_of` that is not
///   a date (`as_of: "2026-13-01" is not a date (YYYY-MM-DD)`, `as_of: must be a date as text
///   ("YYYY-MM-DD"), found 20260930`).
/// - `PS_ERR_INPUT`: the commitments or the milestones, with the CLI's locations (`commitments[1]
///   (partner K1), field kind: unknown kind "revenue": expected one of resources, ...`, `... field
///   target: target must be greater than 0, found 0`, `... field due: due 2026-01-01 is not after start
///   2026-01-01`, `... field start: start "2026-02-30" is not a date (YYYY-MM-DD)`, `... field actual:
///   actual must not be negative, found -1`, `milestones[0] (partner K1), field area: unknown area
///   "finance": ...`, `commitments: must be a JSON array of objects, found ...`).
/// - `PS_ERR_NULL_ARGUMENT`: `request_json`, `out_json` or `out_len` is NULL (checked first).
///   `PS_ERR_INVALID_UTF8`: the request is not UTF-8 (`request_json: line 1, byte 18: ...`).
///
/// On success `*err` is left untouched. Errors are checked in the CLI's order: the request, `as_of`, the
/// commitments, the milestones, then the tracking.
///
/// Thread-safe: it keeps no state between calls, so any number of threads may call it at once. The
/// engine itself may run parts of the work on a pool of worker threads (one per core, started on first
/// use, kept until the process exits).
///
/// # Safety
/// `request_json` is NULL or points to `request_len` readable bytes. `out_json`, `out_len` and `err` are
/// each NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_track(
    request_json: *const c_char,
    request_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    // SAFETY: the pointers as the contract above says.
    unsafe { one_shot(request_json, request_len, out_json, out_len, err, tracked) }
}

/// The tracking of a request's text, as the CLI's `--format json` bytes.
fn tracked(text: &str) -> Result<super::text::OutText, Failure> {
    let request = Request::parse(text, &KIND)?;
    // The CLI's order: its arguments (the commitments file; `--as-of`, read before any file), the
    // commitments, the milestones, then the tracking.
    let commitments = request.required("commitments", "a JSON array of commitment objects")?;
    let as_of = as_of(&request)?;
    let commitments = array_member("commitments", commitments)?;
    // A JSON read error of the engine's is located in the member's own text (`commitments line 1,
    // column 128`); the request has been read already, so it can only be nesting beyond serde_json's
    // limit of 128 levels, which the request's reader does not apply to the members it keeps as text.
    let commitments = Commitments::from_json(commitments.get())
        .map_err(|e| member_error(e, "commitments line ", text, "commitments", commitments))?;
    let milestones = match request.get("milestones") {
        Some(raw) => {
            let raw = array_member("milestones", raw)?;
            Milestones::from_json(raw.get())
                .map_err(|e| member_error(e, "milestones line ", text, "milestones", raw))?
        }
        None => Milestones::default(),
    };
    let report = track(&commitments, &milestones, as_of).map_err(Failure::engine)?;
    drop((commitments, milestones));
    report_json(|out| serde_json::to_writer(out, &report))
}

/// `as_of`: required (the library has no "today"), a date as text, read as the CLI reads `--as-of`.
fn as_of(request: &Request<'_>) -> Result<Date, Failure> {
    const KEY: &str = "as_of";
    let raw = request.required(
        KEY,
        "the tracking date as text (\"YYYY-MM-DD\"); the library does not default it to today as the CLI does",
    )?;
    let text = request.text(KEY, raw, "a date as text (\"YYYY-MM-DD\")")?;
    Date::parse(&text).ok_or_else(|| config(KEY, format!("{text:?} is not a date (YYYY-MM-DD)")))
}

/// A data member that must be a JSON array (the engine's message for anything else, with what was found).
fn array_member<'a>(key: &str, raw: &'a RawValue) -> Result<&'a RawValue, Failure> {
    if raw.get().starts_with('[') {
        return Ok(raw);
    }
    Err(Failure::new(
        ps_status::PS_ERR_INPUT,
        format!("{key}: must be a JSON array of objects, found {}", describe(raw.get())),
    ))
}
