//! Deal registration conflicts (DESIGN §5): `ps_dealreg`, a one-shot analysis taking one JSON request that
//! holds all its inputs and options (DESIGN, "One engine, three faces"):
//!
//! ```json
//! {"registrations": [{"id": "R1", "partner_id": "P001", "customer": "Acme, Inc.", "registered_on": "2026-01-10"}],
//!  "window_days": 90}
//! ```
//!
//! The request is read once into its members, each kept as its raw JSON text (`request.rs`): the
//! registrations are then loaded from that text by the same engine call the CLI makes on its JSON file,
//! so the report and the errors inside them are the CLI's.

use std::ffi::c_char;

use engine::dealreg::{dealreg, Registrations, DEFAULT_WINDOW_DAYS};
use engine::decimal::parse_decimal;
use serde_json::value::RawValue;

use super::boundary::Failure;
use super::call::{one_shot, report_json};
use super::error::{ps_error, ps_status};
use super::request::{config, describe, member_error, number_text, Request, RequestKind};

/// What a dealreg request takes, for reading it and for its messages.
const KIND: RequestKind =
    RequestKind { name: "dealreg", keys: &KEYS, shape: r#"{"registrations": [...], "window_days": 90}"# };

/// Every key a request may hold, in the order the documentation lists them.
const KEYS: [&str; 2] = ["registrations", "window_days"];

/// Judges deal registrations (DESIGN §5) from one JSON request and returns the report as JSON: the same
/// bytes as the CLI's `partnerscore dealreg --format json` on the same registrations and `--window-days`
/// (a JSON object, then a newline): `window_days`, one record per registration in input order (`id`,
/// `partner_id`, `customer_key`, `status` — `clear`, `won` or `lost` — and `lost_to`), and the conflicts in
/// the winner's judged order (`customer_key`, `product`, `winner`, `winner_partner_id`,
/// `winner_expires_on`, `losers`).
///
/// `request_json` points to `request_len` bytes of UTF-8 JSON: one object
/// `{"registrations": [...], "window_days": N}`. `registrations` is required: an array of registration
/// objects `{id, partner_id, customer, product?, amount?, registered_on, expires_on?}`, as the CLI's
/// `--registrations` JSON file (`[]` for none). `window_days` is optional: the window, in days, of a
/// registration without `expires_on`; a whole number as a JSON number or as text (`90`, `"90"`; `90.0`
/// too), default 90. A member that is `null` counts as absent. No NUL terminator needed; the bytes are
/// only read during the call.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. The message is one line, where
/// then why:
/// - `PS_ERR_CONFIG`: the request itself (`(root): invalid JSON: ...`, `(root): the request must be a JSON
///   object ...`, `colour: unknown key; a dealreg request takes registrations, window_days`,
///   `window_days: repeated key`, `registrations: required ...`) or a `window_days` that is not a whole
///   number (`window_days: "x" is not a number`, `window_days: must be a whole number of days, found 2.5`,
///   `window_days: must be a whole number or its text, found true`, `window_days: must be at most
///   9223372036854775807, found 1e20`).
/// - `PS_ERR_INPUT`: the registrations, with the CLI's locations (`registrations[1] (registration R2),
///   field registered_on: "2026-02-30" is not a date (YYYY-MM-DD)`, `... field expires_on: expires_on
///   2026-01-01 is not after registered_on 2026-01-10`, `registrations[2] (registration R1): registration
///   id R1 is already used at registrations[0] (registration R1)`, `... field customer: customer name
///   "***" normalizes to nothing ...`, `registrations: must be a JSON array of objects, found ...`); and a
///   whole `window_days` below 1 (`window_days: must be a whole number of days ≥ 1, found 0`), the
///   engine's input error, as the CLI reports it for `--window-days 0`: it is checked after the
///   registrations, as in the CLI.
/// - `PS_ERR_NULL_ARGUMENT`: `request_json`, `out_json` or `out_len` is NULL (checked first).
///   `PS_ERR_INVALID_UTF8`: the request is not UTF-8 (`request_json: line 1, byte 18: ...`).
///
/// On success `*err` is left untouched. Errors are checked in the CLI's order: the request (with the type
/// of `window_days`), the registrations, then the judging (`window_days` < 1, a window past the year 9999).
///
/// Thread-safe: it keeps no state between calls, so any number of threads may call it at once. The
/// engine itself may run parts of the work on a pool of worker threads (one per core, started on first
/// use, kept until the process exits).
///
/// # Safety
/// `request_json` is NULL or points to `request_len` readable bytes. `out_json`, `out_len` and `err` are
/// each NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_dealreg(
    request_json: *const c_char,
    request_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    // SAFETY: the pointers as the contract above says.
    unsafe { one_shot(request_json, request_len, out_json, out_len, err, judge) }
}

/// The judgement of a request's text, as the CLI's `--format json` bytes.
fn judge(text: &str) -> Result<super::text::OutText, Failure> {
    let request = Request::parse(text, &KIND)?;
    // The CLI's order: its arguments (the file, `--window-days` as a whole number), the registrations,
    // then the judging, which checks window_days ≥ 1.
    let registrations = request.required("registrations", "a JSON array of registration objects")?;
    let window_days = match request.get("window_days") {
        Some(raw) => window_days(raw)?,
        None => DEFAULT_WINDOW_DAYS,
    };
    if !registrations.get().starts_with('[') {
        return Err(Failure::new(
            ps_status::PS_ERR_INPUT,
            format!("registrations: must be a JSON array of objects, found {}", describe(registrations.get())),
        ));
    }
    // A JSON read error of the engine's is located in the member's own text (`registrations line 1,
    // column 128`); the request has been read already, so it can only be nesting beyond serde_json's
    // limit of 128 levels, which the request's reader does not apply to the members it keeps as text.
    let loaded = Registrations::from_json(registrations.get())
        .map_err(|e| member_error(e, "registrations line ", text, "registrations", registrations))?;
    let report = dealreg(&loaded, window_days).map_err(Failure::engine)?;
    drop(loaded);
    report_json(|out| serde_json::to_writer(out, &report))
}

/// `window_days`: a whole number, as a JSON number (read from its text, exactly) or as text (`"90"`).
/// Whether it is at least 1 is the engine's check (an input error, as the CLI's).
fn window_days(raw: &RawValue) -> Result<i64, Failure> {
    const KEY: &str = "window_days";
    let text = number_text(KEY, raw, "a whole number or its text")?;
    let value = parse_decimal(&text).map_err(|reason| config(KEY, reason))?;
    if !value.fract().is_zero() {
        return Err(config(KEY, format!("must be a whole number of days, found {value}")));
    }
    i64::try_from(value.trunc()).map_err(|_| config(KEY, format!("must be at most {}, found {value}", i64::MAX)))
}
