//! Channel health (DESIGN §4): `ps_health`, a one-shot analysis taking one JSON request that holds all
//! its inputs and options (DESIGN, "One engine, three faces"):
//!
//! ```json
//! {"partners": [...], "history": [...], "profile": {...}, "as_of": "2026-06-30",
//!  "revenue_field": "revenue", "deals_field": "deals_closed", "trajectory_field": "revenue",
//!  "min_revenue": 0, "min_deals_per_year": 3, "flat_band": "0.02"}
//! ```
//!
//! The request is read once into its members, each kept as its raw JSON text: partners, history and
//! profile are then loaded from that text by the same engine calls the CLI makes on its files, so the
//! report and the errors inside them are the CLI's.

use std::collections::BTreeMap;
use std::ffi::c_char;

use engine::decimal::parse_decimal;
use engine::derived::DERIVED_FIELDS;
use engine::health::{health, HealthOptions};
use engine::history::History;
use engine::{Date, Decimal, FieldSelection, Partners, Profile};
use serde_json::value::RawValue;

use super::boundary::{boundary, required, text_arg, Failure};
use super::call::{report_json, store_json};
use super::error::{ps_error, ps_status};

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
    let body = || {
        required(request_json.cast_mut(), "request_json")?;
        let out_json = required(out_json, "out_json")?;
        let out_len = required(out_len, "out_len")?;
        // SAFETY: not NULL; `request_len` readable bytes (contract above).
        let text = unsafe { text_arg(request_json, request_len, "request_json") }?;
        let json = review(text)?;
        // SAFETY: both not NULL and writable (contract above).
        unsafe { store_json(json, out_json, out_len) }
    };
    // SAFETY: `err` is NULL or writable (contract above).
    unsafe { boundary(err, body) }
}

/// The review of a request's text, as the CLI's `--format json` bytes.
fn review(text: &str) -> Result<super::text::OutText, Failure> {
    let request = Request::parse(text)?;
    // The CLI's order: its required arguments, options, profile, partners, history, the review.
    let partners = request.required("partners", "a JSON array of partner objects")?;
    let history = request.required("history", "a JSON array of {\"partner_id\", \"period\", ...} rows, [] for none")?;
    let options = request.options()?;
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

/// A request's members, each as its raw JSON text (a slice of the request), `null` ones left out.
struct Request<'a> {
    members: BTreeMap<String, &'a RawValue>,
}

impl<'a> Request<'a> {
    /// Reads the request: a JSON object whose keys are all in [`KEYS`], none repeated (checked in
    /// document order, so the first bad key is the one named).
    fn parse(text: &'a str) -> Result<Request<'a>, Failure> {
        let members: BTreeMap<String, &'a RawValue> = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                config(
                    "(root)",
                    format!(
                        "the request must be a JSON object ({{\"partners\": [...], \"history\": [...], ...}}), found {}",
                        describe(text.trim_start())
                    ),
                )
            } else {
                config("(root)", format!("invalid JSON: {e}"))
            }
        })?;
        let keys = keys_in_order(text, &members)?;
        for (i, key) in keys.iter().enumerate() {
            if !KEYS.contains(&key.as_str()) {
                return Err(config(&show_key(key), format!("unknown key; a health request takes {}", KEYS.join(", "))));
            }
            // Before the first unknown or repeated key every key is one of KEYS, once: a short scan.
            if keys[..i].contains(key) {
                return Err(config(key, "repeated key"));
            }
        }
        if keys.len() != members.len() {
            return Err(Failure::new(
                ps_status::PS_ERR_INTERNAL,
                format!("internal error: the request has {} keys, {} found in order", members.len(), keys.len()),
            ));
        }
        let members = members.into_iter().filter(|(_, raw)| raw.get() != "null").collect();
        Ok(Request { members })
    }

    /// A member, `None` when absent or `null`.
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.members.get(key).copied()
    }

    /// A member that must be there (`what` says what it holds).
    fn required(&self, key: &str, what: &str) -> Result<&'a RawValue, Failure> {
        self.get(key).ok_or_else(|| config(key, format!("required: {what}")))
    }

    /// The options, read and checked in the CLI's order (`--as-of`, the fields, the numbers; then the
    /// engine's checks). Every error is a config error at the option's key.
    fn options(&self) -> Result<HealthOptions, Failure> {
        let mut options = HealthOptions::default();
        if let Some(raw) = self.get("as_of") {
            let text = self.text("as_of", raw, "a date as text (\"YYYY-MM-DD\")")?;
            let date =
                Date::parse(&text).ok_or_else(|| config("as_of", format!("{text:?} is not a date (YYYY-MM-DD)")))?;
            options.as_of = Some(date);
        }
        for (key, field) in [
            ("revenue_field", &mut options.revenue_field),
            ("deals_field", &mut options.deals_field),
            ("trajectory_field", &mut options.trajectory_field),
        ] {
            if let Some(raw) = self.get(key) {
                *field = self.text(key, raw, "text (a history field name)")?;
            }
        }
        for (key, value) in [
            ("min_revenue", &mut options.min_revenue),
            ("min_deals_per_year", &mut options.min_deals_per_year),
            ("flat_band", &mut options.flat_band),
        ] {
            if let Some(raw) = self.get(key) {
                *value = number(key, raw)?;
            }
        }
        options.validate().map_err(Failure::engine)?;
        Ok(options)
    }

    /// A member that must be a JSON string.
    fn text(&self, key: &str, raw: &RawValue, what: &str) -> Result<String, Failure> {
        if !raw.get().starts_with('"') {
            return Err(config(key, format!("must be {what}, found {}", describe(raw.get()))));
        }
        serde_json::from_str(raw.get()).map_err(|e| config(key, format!("invalid JSON text: {e}")))
    }
}

/// An option's number: a JSON number (read from its text, exactly) or numeric text (`"0.02"`).
fn number(key: &str, raw: &RawValue) -> Result<Decimal, Failure> {
    let raw = raw.get();
    let text = match raw.as_bytes().first() {
        Some(b'"') => {
            serde_json::from_str::<String>(raw).map_err(|e| config(key, format!("invalid JSON text: {e}")))?
        }
        Some(b'-' | b'0'..=b'9') => raw.to_string(),
        _ => return Err(config(key, format!("must be a number or numeric text, found {}", describe(raw)))),
    };
    parse_decimal(&text).map_err(|reason| config(key, reason))
}

/// An engine error on the member `key` (`raw`, a slice of the request `text`). An error whose location
/// starts with `json_prefix` is the engine's JSON reader failing on the member's text: it becomes
/// `KEY: invalid JSON: WHY at line L column C`, with the line and column in the request. Any other error
/// is the engine's as it is.
fn member_error(error: engine::Error, json_prefix: &str, text: &str, key: &str, raw: &RawValue) -> Failure {
    if !error.location().starts_with(json_prefix) {
        return Failure::engine(error);
    }
    let status = match error.kind() {
        engine::ErrorKind::Config => ps_status::PS_ERR_CONFIG,
        _ => ps_status::PS_ERR_INPUT,
    };
    let Some(json) = serde_json::from_str::<serde_json::Value>(raw.get()).err() else {
        return Failure::engine(error);
    };
    let message = json.to_string();
    let why = message.strip_suffix(&format!(" at line {} column {}", json.line(), json.column())).unwrap_or(&message);
    // Where the member starts in the request: lines before it, and its column (counted from 1, in bytes,
    // as serde_json counts).
    let offset = (raw.get().as_ptr() as usize).wrapping_sub(text.as_ptr() as usize).min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let lines_before = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (line, column) = if json.line() <= 1 {
        (lines_before + 1, offset - line_start + json.column())
    } else {
        (lines_before + json.line(), json.column())
    };
    Failure::new(status, format!("{key}: invalid JSON: {why} at line {line} column {column}"))
}

/// A config error (`PS_ERR_CONFIG`) at `path`.
fn config(path: &str, reason: impl std::fmt::Display) -> Failure {
    Failure::new(ps_status::PS_ERR_CONFIG, format!("{path}: {reason}"))
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

/// A key as a location: bare when it is a plain name, else quoted as JSON would (`"my key"`, `""`).
fn show_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        key.to_string()
    } else {
        serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"))
    }
}

/// What a raw JSON value is, for messages: its text when short and scalar, else its kind.
fn describe(raw: &str) -> String {
    match raw.as_bytes().first() {
        Some(b'{') => "an object".to_string(),
        Some(b'[') => "an array".to_string(),
        Some(_) if raw.len() <= 40 => raw.to_string(),
        Some(b'"') => "text".to_string(),
        Some(_) => "a number".to_string(),
        None => "nothing".to_string(),
    }
}

/// The keys of the request object in document order, repeats included (a map keeps only one of each).
///
/// Every member value is a slice of `text`; what lies between them is the object's punctuation, the keys
/// and, where a key is repeated, the members the map dropped. Those stretches are scanned for strings at
/// the object's own level that are followed by `:`, which are its keys. Without repeats the stretches are
/// a few bytes each: the members' values are not scanned again.
fn keys_in_order(text: &str, members: &BTreeMap<String, &RawValue>) -> Result<Vec<String>, Failure> {
    let base = text.as_ptr() as usize;
    let mut spans = Vec::with_capacity(members.len());
    for raw in members.values() {
        let value = raw.get();
        let start = (value.as_ptr() as usize).wrapping_sub(base);
        match start.checked_add(value.len()) {
            Some(end) if end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) => {
                spans.push((start, end))
            }
            _ => {
                return Err(Failure::new(
                    ps_status::PS_ERR_INTERNAL,
                    "internal error: a request member is not a slice of the request",
                ))
            }
        }
    }
    spans.sort_unstable();
    let mut keys = Vec::with_capacity(members.len());
    let (mut from, mut depth) = (0, 0usize);
    for (start, end) in spans.into_iter().chain(std::iter::once((text.len(), text.len()))) {
        scan_keys(text.get(from..start).unwrap_or_default(), &mut depth, &mut keys);
        from = end.max(from);
    }
    Ok(keys)
}

/// Adds to `keys` the strings of `part` (valid JSON text, cut only between values) that sit at depth 1
/// (directly in the request object) and are followed by `:`. `depth` carries over between parts.
fn scan_keys(part: &str, depth: &mut usize, keys: &mut Vec<String>) {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                let literal = part.get(start..end).unwrap_or_default();
                let is_key = *depth == 1 && part.get(end..).is_some_and(|rest| rest.trim_start().starts_with(':'));
                if is_key {
                    if let Ok(key) = serde_json::from_str::<String>(literal) {
                        keys.push(key);
                    }
                }
            }
            b'{' | b'[' => *depth += 1,
            b'}' | b']' => *depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
}
