//! Status codes and the error object.

use std::ffi::{c_char, CString};

use super::boundary::{boundary_void, Failure};

/// What a fallible call returns. `PS_OK` is 0; every other value is a failure of the kind named.
///
/// The kind comes from the engine's error kind (`PS_ERR_CONFIG`, `PS_ERR_INPUT`, `PS_ERR_INTERNAL`) or from
/// the boundary's own checks (`PS_ERR_NULL_ARGUMENT`, `PS_ERR_INVALID_UTF8`).
/// cbindgen:prefix-with-name=false
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ps_status {
    /// Success: the outputs are written, `*err` is untouched.
    PS_OK = 0,
    /// The configuration (scorecard, profile or plan JSON) is malformed or inconsistent; the message names
    /// the config path, e.g. `sections[0].metrics[1].rule`, `criteria[1].between` or `strategies[0].hours`.
    /// For `ps_health`: the request object itself (an unknown or repeated key), an option (`as_of`,
    /// `min_revenue`, ...) or the profile in it (`profile.criteria[1].between`). For `ps_dealreg`: the
    /// request object itself or a `window_days` that is not a whole number.
    PS_ERR_CONFIG = 1,
    /// The input data (partners, history) is malformed or cannot be used; the message names the partner and
    /// field, the CSV line and column, or the history row (`history[3] (partner P2): ...`). Also a plan
    /// whose `capacity_hours` cannot cover every partner's cheapest strategy (`capacity_hours: ...`). For
    /// `ps_dealreg`: a registration (`registrations[1] (registration R2), field registered_on: ...`), or
    /// a `window_days` below 1.
    PS_ERR_INPUT = 2,
    /// A required pointer argument is NULL; the message names the argument.
    PS_ERR_NULL_ARGUMENT = 3,
    /// An input buffer is not UTF-8; the message names the argument, line and byte offset.
    PS_ERR_INVALID_UTF8 = 4,
    /// A bug in partnerscore (including a Rust panic caught at the boundary): please report it.
    PS_ERR_INTERNAL = 5,
}

/// An error: its status code and a message saying where and why.
///
/// Created by a failing call when its `err` argument is not NULL; owned by the caller, who frees it
/// with `ps_error_free`. Immutable: reading it from several threads at once is safe.
#[allow(non_camel_case_types)]
pub struct ps_error {
    status: ps_status,
    message: CString,
}

impl ps_error {
    /// Boxes a failure as an error object for C.
    pub(crate) fn into_raw(failure: Failure) -> *mut ps_error {
        // One line, as the CLI prints it; and no NUL, which a C string cannot hold (shown escaped, as in JSON).
        let text = failure.message.replace('\n', " ").replace('\0', "\\u0000");
        let message = CString::new(text).unwrap_or_default();
        Box::into_raw(Box::new(ps_error { status: failure.status, message }))
    }
}

/// The status code of an error object: the same value the failing call returned.
///
/// Returns `PS_ERR_NULL_ARGUMENT` when `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error object from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ps_error_code(err: *const ps_error) -> ps_status {
    // SAFETY: per the contract, `err` is NULL or a live error object from this library.
    match unsafe { err.as_ref() } {
        Some(err) => err.status,
        None => ps_status::PS_ERR_NULL_ARGUMENT,
    }
}

/// The message of an error object: UTF-8, NUL-terminated, one line, saying where and why
/// (`sections[0].metrics[1].rule.target: must be > 0`, `line 3, column 4 (partner P2, field revenue): ...`).
///
/// The string belongs to the error object: valid until `ps_error_free(err)`; do not free it.
/// Returns a static message (never NULL) when `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error object from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ps_error_message(err: *const ps_error) -> *const c_char {
    // SAFETY: per the contract, `err` is NULL or a live error object from this library.
    match unsafe { err.as_ref() } {
        Some(err) => err.message.as_ptr(),
        None => c"ps_error_message: err is NULL".as_ptr(),
    }
}

/// Frees an error object and its message. NULL is accepted and does nothing.
///
/// # Safety
/// `err` is NULL or an error object from this library that has not been freed; neither it nor its
/// message may be used afterwards. Do not free the same object from two threads.
#[no_mangle]
pub unsafe extern "C" fn ps_error_free(err: *mut ps_error) {
    boundary_void(|| {
        if !err.is_null() {
            // SAFETY: per the contract, a live error object made by `Box::into_raw` in `ps_error::into_raw`,
            // freed once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}
