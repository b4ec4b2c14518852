//! The exported functions and types of the C API (the header is generated from this module).
//!
//! The benchmark `benches/ffi_overhead.rs` compiles this module into itself, so it holds no tests
//! (they are in `src/tests/`) and refers to its parts by relative paths.

pub(crate) mod boundary;
mod call;
mod dealreg;
mod error;
mod health;
mod plan;
mod profile;
mod request;
pub(crate) mod text;
mod track;

use std::ffi::{c_char, c_uint};

use engine::{Partners, Scorecard};

use self::boundary::boundary_void;
use self::call::{free_object, new_object, partners_report, PartnersReport};
pub use self::error::{ps_error, ps_error_code, ps_error_free, ps_error_message, ps_status};
// The library re-exports these (lib.rs); the benchmark, which compiles this module too, does not use them.
#[allow(unused_imports)]
pub use self::dealreg::ps_dealreg;
#[allow(unused_imports)]
pub use self::health::ps_health;
#[allow(unused_imports)]
pub use self::plan::{ps_plan, ps_plan_free, ps_plan_new, ps_plan_solve};
#[allow(unused_imports)]
pub use self::profile::{ps_profile, ps_profile_evaluate, ps_profile_free, ps_profile_new};
#[allow(unused_imports)]
pub use self::track::ps_track;

/// The format of a partners buffer given to `ps_scorecard_score` or `ps_profile_evaluate`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ps_format {
    /// A JSON array of flat objects, one per partner (`[{"id": "P001", "revenue": "512000.00", ...}]`).
    Json = 0,
    /// CSV with a header row (the same names as the JSON keys); an empty cell is a missing value.
    Csv = 1,
}

/// How a `ps_format` argument arrives: as the integer C passes for an enum. C may pass any value in an
/// enum; read as a Rust enum, a value other than 0 or 1 would be undefined behaviour, so it is read as an
/// integer and checked. The header declares the parameter as `ps_format` (see cbindgen.toml).
pub type FormatArg = c_uint;

impl ps_format {
    /// The format for an argument value, or `None` for a value that is not a `ps_format`.
    pub fn from_arg(value: FormatArg) -> Option<ps_format> {
        match value {
            0 => Some(ps_format::Json),
            1 => Some(ps_format::Csv),
            _ => None,
        }
    }
}

/// A validated scorecard, ready to score partners.
///
/// Created by `ps_scorecard_new`, freed by `ps_scorecard_free`. Immutable after creation: any number of
/// threads may call `ps_scorecard_score` on the same scorecard at once.
#[allow(non_camel_case_types)]
pub struct ps_scorecard {
    card: Scorecard,
}

/// Parses and validates a scorecard config (JSON, as in DESIGN §1 and `examples/scorecard.json`).
///
/// `config_json` points to `config_len` bytes of UTF-8 JSON (no NUL terminator needed; the bytes are only
/// read during the call). On success returns `PS_OK` and stores a new scorecard in `*out`; the caller owns
/// it and frees it with `ps_scorecard_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out` is left untouched. `PS_ERR_CONFIG`: the message names the config path
/// (`sections[0].metrics[1].rule.target: ...`). `PS_ERR_NULL_ARGUMENT`: `config_json` or `out` is NULL.
/// `PS_ERR_INVALID_UTF8`: the config is not UTF-8. On success `*err` is left untouched.
///
/// Thread-safe: calls on different buffers may run at once.
///
/// # Safety
/// `config_json` is NULL or points to `config_len` readable bytes. `out` is NULL or writable. `err` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_scorecard_new(
    config_json: *const c_char,
    config_len: usize,
    out: *mut *mut ps_scorecard,
    err: *mut *mut ps_error,
) -> ps_status {
    let parse = |text: &str| Scorecard::from_json(text).map(|card| ps_scorecard { card });
    // SAFETY: the contract above is `new_object`'s.
    unsafe { new_object(config_json, config_len, out, err, parse) }
}

/// Scores partners on a scorecard and returns the report as JSON: the same bytes as the CLI's
/// `partnerscore score --format json` on the same scorecard and partners (a JSON object, then a newline).
///
/// `partners` points to `partners_len` bytes of UTF-8 text in `format` (`PS_FORMAT_JSON`: an array of
/// objects; `PS_FORMAT_CSV`: a header row, then one row per partner). No NUL terminator needed; the bytes
/// are only read during the call. Only the fields the scorecard uses (and the reserved keys) are read.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. `PS_ERR_INPUT`: the message names
/// the partner and field, or the CSV line and column (`line 3, column 4 (partner P2, field revenue): ...`);
/// also returned when `format` is not a `ps_format` value. `PS_ERR_NULL_ARGUMENT`: `scorecard`,
/// `partners`, `out_json` or `out_len` is NULL. `PS_ERR_INVALID_UTF8`: the partners are not UTF-8.
/// On success `*err` is left untouched.
///
/// Thread-safe: any number of threads may score with the same scorecard at once. The engine itself runs
/// parts of the work on a pool of worker threads (one per core, started on first use, kept until the
/// process exits).
///
/// # Safety
/// `scorecard` is NULL or a live scorecard from `ps_scorecard_new`. `partners` is NULL or points to
/// `partners_len` readable bytes. `out_json`, `out_len` and `err` are each NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_scorecard_score(
    scorecard: *const ps_scorecard,
    partners: *const c_char,
    partners_len: usize,
    format: FormatArg,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    // SAFETY: the contract above is `partners_report`'s.
    unsafe { partners_report(scorecard, "scorecard", partners, partners_len, format, out_json, out_len, err) }
}

impl PartnersReport for ps_scorecard {
    type Report = engine::ScoreReport;

    fn fields(&self) -> Vec<String> {
        self.card.fields()
    }

    fn report(&self, partners: Partners) -> engine::Result<engine::ScoreReport> {
        self.card.score_owned(partners)
    }

    fn write_json(report: &engine::ScoreReport, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, report)
    }
}

/// Frees a scorecard. NULL is accepted and does nothing.
///
/// # Safety
/// `scorecard` is NULL or a scorecard from `ps_scorecard_new` that has not been freed, and no other thread
/// is using it; it must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ps_scorecard_free(scorecard: *mut ps_scorecard) {
    // SAFETY: made by `ps_scorecard_new` (`new_object`), per the contract above.
    unsafe { free_object(scorecard) }
}

/// Frees a string returned by this library (the JSON of `ps_scorecard_score`, `ps_profile_evaluate`,
/// `ps_plan_solve`, `ps_health`, `ps_dealreg` or `ps_track`).
/// NULL is accepted and does nothing.
///
/// # Safety
/// `s` is NULL or a string from this library that has not been freed; it must not be used afterwards.
/// Its bytes may have been changed (the library does not read them to free it). Not for
/// `ps_error_message` or `ps_version`, which the library owns.
#[no_mangle]
pub unsafe extern "C" fn ps_string_free(s: *mut c_char) {
    boundary_void(|| {
        if !s.is_null() {
            // SAFETY: made by `OutText::into_raw`, freed once (contract above).
            unsafe { text::free(s) };
        }
    })
}

/// NUL-terminated, for C; the same text as the core's `VERSION` (checked at compile time below).
const VERSION_NUL: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

pub(crate) const fn same_version(with_nul: &str, version: &str) -> bool {
    let (a, b) = (with_nul.as_bytes(), version.as_bytes());
    if a.len() != b.len() + 1 || a[b.len()] != 0 {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const _: () = assert!(same_version(VERSION_NUL, engine::VERSION), "partnerscore-c and the core differ in version");

/// The library version (`"0.1.0"`): a static NUL-terminated string, never NULL, never freed. Thread-safe.
#[no_mangle]
pub extern "C" fn ps_version() -> *const c_char {
    VERSION_NUL.as_ptr().cast()
}
