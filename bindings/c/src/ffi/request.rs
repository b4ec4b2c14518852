//! The request of a one-shot analysis (DESIGN, "One engine, three faces": `ps_health`, `ps_dealreg`,
//! `ps_track`): one JSON object holding every input and option. It is read once into its members, each
//! kept as its raw JSON text (a slice of the request), so that the engine then loads each input from that
//! text as the CLI loads its files, and the report and the errors inside the inputs are the CLI's.
//!
//! The request's own faults are config errors located from its root: invalid JSON or not an object
//! (`(root): ...`), an unknown key (`colour: unknown key; a health request takes ...`, the first in
//! document order), a repeated key (`as_of: repeated key`), a missing required member
//! (`partners: required: ...`). A member that is `null` counts as absent.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::boundary::Failure;
use super::error::ps_status;

/// What a kind of request takes, for reading it and for its messages.
pub(crate) struct RequestKind {
    /// The analysis, as messages name it (`a health request takes ...`).
    pub(crate) name: &'static str,
    /// Every key a request may hold, in the order the documentation lists them.
    pub(crate) keys: &'static [&'static str],
    /// The request's shape, shown when the request is not an object (`{"partners": [...], ...}`).
    pub(crate) shape: &'static str,
}

/// A request's members, each as its raw JSON text (a slice of the request), `null` ones left out.
pub(crate) struct Request<'a> {
    members: BTreeMap<String, &'a RawValue>,
}

impl<'a> Request<'a> {
    /// Reads the request: a JSON object whose keys are all in `kind.keys`, none repeated (checked in
    /// document order, so the first bad key is the one named).
    pub(crate) fn parse(text: &'a str, kind: &RequestKind) -> Result<Request<'a>, Failure> {
        let members: BTreeMap<String, &'a RawValue> = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                config(
                    "(root)",
                    format!(
                        "the request must be a JSON object ({}), found {}",
                        kind.shape,
                        describe(text.trim_start())
                    ),
                )
            } else {
                config("(root)", format!("invalid JSON: {e}"))
            }
        })?;
        let keys = keys_in_order(text, &members)?;
        for (i, key) in keys.iter().enumerate() {
            if !kind.keys.contains(&key.as_str()) {
                let takes = kind.keys.join(", ");
                return Err(config(&show_key(key), format!("unknown key; a {} request takes {takes}", kind.name)));
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
    pub(crate) fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.members.get(key).copied()
    }

    /// A member that must be there (`what` says what it holds).
    pub(crate) fn required(&self, key: &str, what: &str) -> Result<&'a RawValue, Failure> {
        self.get(key).ok_or_else(|| config(key, format!("required: {what}")))
    }

    /// A member that must be a JSON string.
    pub(crate) fn text(&self, key: &str, raw: &RawValue, what: &str) -> Result<String, Failure> {
        if !raw.get().starts_with('"') {
            return Err(config(key, format!("must be {what}, found {}", describe(raw.get()))));
        }
        serde_json::from_str(raw.get()).map_err(|e| config(key, format!("invalid JSON text: {e}")))
    }
}

/// The text of a number member: a JSON number's own text (read exactly, never through `f64`) or the
/// content of numeric text (`"0.02"`); `what` says what the member must be when it is neither.
pub(crate) fn number_text(key: &str, raw: &RawValue, what: &str) -> Result<String, Failure> {
    let raw = raw.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw).map_err(|e| config(key, format!("invalid JSON text: {e}"))),
        Some(b'-' | b'0'..=b'9') => Ok(raw.to_string()),
        _ => Err(config(key, format!("must be {what}, found {}", describe(raw)))),
    }
}

/// An engine error on the member `key` (`raw`, a slice of the request `text`). An error whose location
/// starts with `json_prefix` is the engine's JSON reader failing on the member's text: it becomes
/// `KEY: invalid JSON: WHY at line L column C`, with the line and column in the request. Any other error
/// is the engine's as it is.
pub(crate) fn member_error(error: engine::Error, json_prefix: &str, text: &str, key: &str, raw: &RawValue) -> Failure {
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
pub(crate) fn config(path: &str, reason: impl std::fmt::Display) -> Failure {
    Failure::new(ps_status::PS_ERR_CONFIG, format!("{path}: {reason}"))
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
pub(crate) fn describe(raw: &str) -> String {
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
