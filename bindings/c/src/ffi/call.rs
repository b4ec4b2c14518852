//! The bodies the `ps_<thing>_new / ps_<thing>_<verb> / ps_<thing>_free` families and the one-shot
//! analyses share: a config buffer to a boxed object, partners in a buffer to a JSON report, a request to
//! a JSON report, a report's JSON handed to C, and freeing a boxed object. Each exported function only says which engine calls it makes.

use std::ffi::c_char;

use engine::{FieldSelection, Partners};

use super::boundary::{boundary, boundary_void, required, text_arg, Failure};
use super::error::{ps_error, ps_status};
use super::text::OutText;
use super::{ps_format, FormatArg};

/// The body of a `ps_<thing>_new`: reads `config_json` as text, builds the object with `parse` and stores
/// it, boxed, in `*out`. Errors of `parse` become `PS_ERR_CONFIG` (or the kind the engine gives).
///
/// `T: Send + Sync`: C callers share the object between threads (every `ps_<thing>` is documented as
/// usable from many threads at once), so the engine's object must allow it.
///
/// # Safety
/// `config_json` is NULL or points to `config_len` readable bytes; `out` and `err` are each NULL or
/// writable.
pub(crate) unsafe fn new_object<T: Send + Sync>(
    config_json: *const c_char,
    config_len: usize,
    out: *mut *mut T,
    err: *mut *mut ps_error,
    parse: impl FnOnce(&str) -> engine::Result<T>,
) -> ps_status {
    let body = || {
        required(config_json.cast_mut(), "config_json")?;
        let out = required(out, "out")?;
        // SAFETY: not NULL; `config_len` readable bytes (contract above).
        let text = unsafe { text_arg(config_json, config_len, "config_json") }?;
        let object = parse(text).map_err(Failure::engine)?;
        // SAFETY: `out` is not NULL and writable (contract above).
        unsafe { *out = Box::into_raw(Box::new(object)) };
        Ok(())
    };
    // SAFETY: `err` is NULL or writable (contract above).
    unsafe { boundary(err, body) }
}

/// What a `ps_<thing>_<verb>` taking partners does with its object: the partner fields it reads, and
/// the report it makes from the partners loaded with only those fields.
pub(crate) trait PartnersReport {
    /// The report.
    type Report;
    /// The fields to load (`FieldSelection::Only`), as the CLI loads them for the same subcommand.
    fn fields(&self) -> Vec<String>;
    /// The report on the loaded partners.
    fn report(&self, partners: Partners) -> engine::Result<Self::Report>;
    /// Appends the report as compact JSON (`serde_json::to_writer`, as the CLI writes it).
    fn write_json(report: &Self::Report, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// The body of a `ps_<thing>_<verb>` taking partners: checks the arguments (`object` named `object_arg`
/// in messages), loads the partners in `format` exactly as the CLI does, makes the report and stores its
/// JSON (the CLI's `--format json` bytes: compact JSON and a newline) in `*out_json` / `*out_len`.
///
/// # Safety
/// `object` is NULL or a live object from the matching `_new`. `partners` is NULL or points to
/// `partners_len` readable bytes. `out_json`, `out_len` and `err` are each NULL or writable.
#[allow(clippy::too_many_arguments)] // the C signature, plus the argument's name
pub(crate) unsafe fn partners_report<T: PartnersReport>(
    object: *const T,
    object_arg: &str,
    partners: *const c_char,
    partners_len: usize,
    format: FormatArg,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    let body = || {
        let object = required(object.cast_mut(), object_arg)?;
        required(partners.cast_mut(), "partners")?;
        let out_json = required(out_json, "out_json")?;
        let out_len = required(out_len, "out_len")?;
        let format = ps_format::from_arg(format).ok_or_else(|| {
            Failure::new(
                ps_status::PS_ERR_INPUT,
                format!("format: {format} is not a ps_format (PS_FORMAT_JSON = 0, PS_FORMAT_CSV = 1)"),
            )
        })?;
        // SAFETY: not NULL; `partners_len` readable bytes (contract above).
        let text = unsafe { text_arg(partners, partners_len, "partners") }?;
        // SAFETY: not NULL and a live object (contract above); only read.
        let object = unsafe { &*object };
        // Load and report exactly as the CLI does, so that both give the same answer and the same errors.
        let selection = FieldSelection::Only(object.fields());
        let table = match format {
            ps_format::Json => Partners::from_json_selected(text, &selection),
            ps_format::Csv => Partners::from_csv_selected(text, &selection),
        }
        .map_err(Failure::engine)?;
        let report = object.report(table).map_err(Failure::engine)?;
        let json = report_json(|out| T::write_json(&report, out))?;
        drop(report);
        // SAFETY: both not NULL and writable (contract above).
        unsafe { store_json(json, out_json, out_len) }
    };
    // SAFETY: `err` is NULL or writable (contract above).
    unsafe { boundary(err, body) }
}

/// The body of a one-shot analysis (`ps_health`, `ps_dealreg`, `ps_track`): checks the pointers
/// (`request_json`, then `out_json` and `out_len`), reads the request as UTF-8, runs `analysis` on its
/// text and hands the JSON to C; a failure (or a panic) becomes the status and `*err`.
///
/// # Safety
/// `request_json` is NULL or points to `request_len` readable bytes. `out_json`, `out_len` and `err` are
/// each NULL or writable.
pub(crate) unsafe fn one_shot(
    request_json: *const c_char,
    request_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
    analysis: impl FnOnce(&str) -> Result<OutText, Failure>,
) -> ps_status {
    let body = || {
        required(request_json.cast_mut(), "request_json")?;
        let out_json = required(out_json, "out_json")?;
        let out_len = required(out_len, "out_len")?;
        // SAFETY: not NULL; `request_len` readable bytes (contract above).
        let text = unsafe { text_arg(request_json, request_len, "request_json") }?;
        let json = analysis(text)?;
        // SAFETY: both not NULL and writable (contract above).
        unsafe { store_json(json, out_json, out_len) }
    };
    // SAFETY: `err` is NULL or writable (contract above).
    unsafe { boundary(err, body) }
}

/// A report's JSON as the CLI writes it for `--format json`: what `write` appends (compact JSON, as
/// `serde_json::to_writer` writes it), then a newline. A serialization error is an internal error.
pub(crate) fn report_json(write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>) -> Result<OutText, Failure> {
    let mut json = OutText::new();
    write(json.buffer()).map_err(|e| {
        Failure::new(ps_status::PS_ERR_INTERNAL, format!("internal error: cannot write the report: {e}"))
    })?;
    json.buffer().push(b'\n');
    Ok(json)
}

/// Hands `json` to C: the NUL-terminated text in `*out_json`, its length without the NUL in `*out_len`.
/// Nothing is written when the text cannot be a C string (an internal error).
///
/// # Safety
/// `out_json` and `out_len` are not NULL and writable.
pub(crate) unsafe fn store_json(json: OutText, out_json: *mut *mut c_char, out_len: *mut usize) -> Result<(), Failure> {
    let (json, len) = json.into_raw()?;
    // SAFETY: both not NULL and writable (contract above).
    unsafe {
        *out_len = len;
        *out_json = json;
    }
    Ok(())
}

/// The body of a `ps_<thing>_free`: NULL does nothing, a panic is swallowed.
///
/// # Safety
/// `object` is NULL or an object made by [`new_object`] with the same `T`, not yet freed and used by no
/// other thread; it must not be used afterwards.
pub(crate) unsafe fn free_object<T>(object: *mut T) {
    boundary_void(|| {
        if !object.is_null() {
            // SAFETY: made by `Box::into_raw` in `new_object`, freed once (contract above).
            drop(unsafe { Box::from_raw(object) });
        }
    })
}
