//! The FFI boundary: panics caught, failures turned into a status and an optional error object,
//! pointer arguments checked for NULL and byte buffers for UTF-8 before anything reads them.

use std::any::Any;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::error::{ps_error, ps_status};

/// A failed call: its status and the message the caller reads through `ps_error_message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: ps_status,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(status: ps_status, message: impl Into<String>) -> Self {
        Failure { status, message: message.into() }
    }

    /// A required pointer argument that is NULL.
    pub(crate) fn null(argument: &str) -> Self {
        Failure::new(ps_status::PS_ERR_NULL_ARGUMENT, format!("{argument}: NULL pointer for a required argument"))
    }

    /// An engine error: the status from its kind, the message exactly its text ("where: why"), which is
    /// also what the CLI prints after `error: FILE: `.
    pub(crate) fn engine(error: engine::Error) -> Self {
        let status = match error.kind() {
            engine::ErrorKind::Config => ps_status::PS_ERR_CONFIG,
            engine::ErrorKind::Input => ps_status::PS_ERR_INPUT,
            // `ErrorKind` is non-exhaustive: a kind added later is not ours to guess.
            _ => ps_status::PS_ERR_INTERNAL,
        };
        Failure::new(status, error.to_string())
    }

    /// A panic caught at the boundary. The payload is dropped here, and a payload whose own drop
    /// panics is leaked rather than let that second panic escape.
    fn panic(payload: Box<dyn Any + Send>) -> Self {
        let what = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "(no message)".to_string()
        };
        if let Err(inner) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
            std::mem::forget(inner);
        }
        Failure::new(ps_status::PS_ERR_INTERNAL, format!("internal error: panic in partnerscore: {what}"))
    }
}

/// Runs the body of an exported function: `Ok` is `PS_OK` (the body has written its outputs),
/// `Err` and panics become a status, and — when `err` is not NULL — a new error object in `*err`.
/// `*err` is written only on failure.
///
/// # Safety
/// `err` is NULL or points to writable storage for one pointer.
pub(crate) unsafe fn boundary<F>(err: *mut *mut ps_error, body: F) -> ps_status
where
    F: FnOnce() -> Result<(), Failure>,
{
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return ps_status::PS_OK,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::panic(payload),
    };
    let status = failure.status;
    if !err.is_null() {
        // Building the error object allocates; even that must not unwind into C.
        if let Ok(object) = catch_unwind(AssertUnwindSafe(|| ps_error::into_raw(failure))) {
            // SAFETY: `err` is not NULL and, per this function's contract, writable.
            unsafe { *err = object };
        }
    }
    status
}

/// Runs a function that returns no status (`_free`): a panic is swallowed rather than unwound into C.
pub(crate) fn boundary_void<F: FnOnce()>(body: F) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(body)) {
        // Nothing to report to; just make sure dropping the payload cannot unwind either.
        drop(Failure::panic(payload));
    }
}

/// Reads a `(pointer, length)` input buffer as text. NULL is `PS_ERR_NULL_ARGUMENT`, bytes that are not
/// UTF-8 are `PS_ERR_INVALID_UTF8` with the line and byte offset of the first bad byte.
///
/// # Safety
/// Unless NULL, `ptr` must point to `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn text_arg<'a>(ptr: *const c_char, len: usize, argument: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(argument));
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(ps_status::PS_ERR_INPUT, format!("{argument}: length {len} is not a buffer size")));
    }
    // SAFETY: not NULL, and the caller guarantees `len` readable bytes (length checked against isize::MAX).
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Failure::new(ps_status::PS_ERR_INVALID_UTF8, format!("{argument}: line {line}, byte {at}: not valid UTF-8"))
    })
}

/// Checks that an output (or other required) pointer is not NULL.
pub(crate) fn required<T>(ptr: *mut T, argument: &str) -> Result<*mut T, Failure> {
    if ptr.is_null() {
        Err(Failure::null(argument))
    } else {
        Ok(ptr)
    }
}
