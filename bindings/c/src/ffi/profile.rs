//! The ideal partner profile (DESIGN §2): `ps_profile_new`, `ps_profile_evaluate`, `ps_profile_free`.

use std::ffi::c_char;

use engine::{Partners, Profile, ProfileReport};

use super::call::{free_object, new_object, partners_report, PartnersReport};
use super::error::{ps_error, ps_status};
use super::FormatArg;

/// A validated ideal partner profile, ready to evaluate partners.
///
/// Created by `ps_profile_new`, freed by `ps_profile_free`. Immutable after creation: any number of
/// threads may call `ps_profile_evaluate` on the same profile at once.
#[allow(non_camel_case_types)]
pub struct ps_profile {
    profile: Profile,
}

/// Parses and validates an ideal partner profile config (JSON, as in DESIGN §2 and `examples/profile.json`).
///
/// `config_json` points to `config_len` bytes of UTF-8 JSON (no NUL terminator needed; the bytes are only
/// read during the call). On success returns `PS_OK` and stores a new profile in `*out`; the caller owns
/// it and frees it with `ps_profile_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out` is left untouched. `PS_ERR_CONFIG`: the message names the config path
/// (`criteria[1].between: ...`, `thresholds: ...`). `PS_ERR_NULL_ARGUMENT`: `config_json` or `out` is NULL.
/// `PS_ERR_INVALID_UTF8`: the config is not UTF-8. On success `*err` is left untouched.
///
/// Thread-safe: calls on different buffers may run at once.
///
/// # Safety
/// `config_json` is NULL or points to `config_len` readable bytes. `out` is NULL or writable. `err` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_profile_new(
    config_json: *const c_char,
    config_len: usize,
    out: *mut *mut ps_profile,
    err: *mut *mut ps_error,
) -> ps_status {
    let parse = |text: &str| Profile::from_json(text).map(|profile| ps_profile { profile });
    // SAFETY: the contract above is `new_object`'s.
    unsafe { new_object(config_json, config_len, out, err, parse) }
}

/// Evaluates partners against an ideal partner profile and returns the report as JSON (fit, verdict,
/// gaps and readiness plan per partner, in input order): the same bytes as the CLI's
/// `partnerscore gap --format json` on the same profile and partners (a JSON object, then a newline).
///
/// `partners` points to `partners_len` bytes of UTF-8 text in `format` (`PS_FORMAT_JSON`: an array of
/// objects; `PS_FORMAT_CSV`: a header row, then one row per partner). No NUL terminator needed; the bytes
/// are only read during the call. Only the fields the profile's criteria use (and the reserved keys) are
/// read.
///
/// On success returns `PS_OK`, stores the NUL-terminated JSON text in `*out_json` and its length in bytes
/// (without the NUL) in `*out_len`. The caller owns the text and frees it with `ps_string_free`.
///
/// On failure returns the status and, when `err` is not NULL, stores a new error object in `*err` (free it
/// with `ps_error_free`); `*out_json` and `*out_len` are left untouched. `PS_ERR_INPUT`: the message names
/// the partner and field, or the CSV line and column (`line 3, column 2 (partner P2, field reps): ...`);
/// also returned when `format` is not a `ps_format` value. `PS_ERR_NULL_ARGUMENT`: `profile`,
/// `partners`, `out_json` or `out_len` is NULL. `PS_ERR_INVALID_UTF8`: the partners are not UTF-8.
/// On success `*err` is left untouched.
///
/// Thread-safe: any number of threads may evaluate with the same profile at once. The engine itself runs
/// parts of the work on a pool of worker threads (one per core, started on first use, kept until the
/// process exits).
///
/// # Safety
/// `profile` is NULL or a live profile from `ps_profile_new`. `partners` is NULL or points to
/// `partners_len` readable bytes. `out_json`, `out_len` and `err` are each NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn ps_profile_evaluate(
    profile: *const ps_profile,
    partners: *const c_char,
    partners_len: usize,
    format: FormatArg,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ps_error,
) -> ps_status {
    // SAFETY: the contract above is `partners_report`'s.
    unsafe { partners_report(profile, "profile", partners, partners_len, format, out_json, out_len, err) }
}

impl PartnersReport for ps_profile {
    type Report = ProfileReport;

    fn fields(&self) -> Vec<String> {
        self.profile.fields()
    }

    fn report(&self, partners: Partners) -> engine::Result<ProfileReport> {
        self.profile.evaluate(&partners)
    }

    fn write_json(report: &ProfileReport, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, report)
    }
}

/// Frees a profile. NULL is accepted and does nothing.
///
/// # Safety
/// `profile` is NULL or a profile from `ps_profile_new` that has not been freed, and no other thread is
/// using it; it must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ps_profile_free(profile: *mut ps_profile) {
    // SAFETY: made by `ps_profile_new` (`new_object`), per the contract above.
    unsafe { free_object(profile) }
}
