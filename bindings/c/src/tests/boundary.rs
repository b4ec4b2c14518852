//! The boundary helpers: panics become PS_ERR_INTERNAL, *err only on failure, NULL and UTF-8 checks.

use crate::ffi::boundary::*;
use crate::ffi::text::{self, OutText};
use crate::ffi::{ps_error, ps_error_code, ps_error_free, ps_error_message, ps_status};
use std::ptr;

fn run(err: *mut *mut ps_error, body: impl FnOnce() -> Result<(), Failure>) -> ps_status {
    // SAFETY: every test passes NULL or a pointer to a local.
    unsafe { boundary(err, body) }
}

fn run_void(body: impl FnOnce()) {
    boundary_void(body)
}

fn message(err: *mut ps_error) -> String {
    assert!(!err.is_null());
    // SAFETY: a live error object made by `boundary`.
    let text = unsafe { std::ffi::CStr::from_ptr(ps_error_message(err)) }.to_str().unwrap().to_string();
    // SAFETY: freed once.
    unsafe { ps_error_free(err) };
    text
}

#[test]
fn a_panic_becomes_ps_err_internal_with_its_message() {
    let mut err = ptr::null_mut();
    let status = run(&mut err, || -> Result<(), Failure> { panic!("boom {}", 42) });
    assert_eq!(status, ps_status::PS_ERR_INTERNAL);
    // SAFETY: a live error object.
    assert_eq!(unsafe { ps_error_code(err) }, ps_status::PS_ERR_INTERNAL);
    assert_eq!(message(err), "internal error: panic in partnerscore: boom 42");
}

#[test]
fn a_panic_with_a_static_message_or_another_payload() {
    let mut err = ptr::null_mut();
    assert_eq!(run(&mut err, || panic!("static")), ps_status::PS_ERR_INTERNAL);
    assert_eq!(message(err), "internal error: panic in partnerscore: static");
    let mut err = ptr::null_mut();
    assert_eq!(run(&mut err, || std::panic::panic_any(7_u8)), ps_status::PS_ERR_INTERNAL);
    assert_eq!(message(err), "internal error: panic in partnerscore: (no message)");
}

#[test]
fn a_panic_without_an_error_pointer_is_still_a_status() {
    assert_eq!(run(ptr::null_mut(), || panic!("no err")), ps_status::PS_ERR_INTERNAL);
}

#[test]
fn a_panicking_payload_drop_does_not_escape() {
    struct Nasty;
    impl Drop for Nasty {
        fn drop(&mut self) {
            panic!("drop of the payload");
        }
    }
    let mut err = ptr::null_mut();
    assert_eq!(run(&mut err, || std::panic::panic_any(Nasty)), ps_status::PS_ERR_INTERNAL);
    assert_eq!(message(err), "internal error: panic in partnerscore: (no message)");
    run_void(|| std::panic::panic_any(Nasty));
}

#[test]
fn a_panic_in_a_void_function_is_swallowed() {
    run_void(|| panic!("in a free function"));
}

#[test]
fn success_leaves_err_untouched_and_failure_writes_it() {
    let sentinel = 0x1234usize as *mut ps_error;
    let mut err = sentinel;
    assert_eq!(run(&mut err, || Ok(())), ps_status::PS_OK);
    assert_eq!(err, sentinel);
    let status = run(&mut err, || Err(Failure::new(ps_status::PS_ERR_INPUT, "where: why")));
    assert_eq!(status, ps_status::PS_ERR_INPUT);
    assert_ne!(err, sentinel);
    // SAFETY: a live error object.
    assert_eq!(unsafe { ps_error_code(err) }, ps_status::PS_ERR_INPUT);
    assert_eq!(message(err), "where: why");
}

#[test]
fn text_arg_reports_null_and_the_first_bad_byte() {
    // SAFETY: NULL is allowed; the other buffers are live slices.
    unsafe {
        assert_eq!(text_arg(ptr::null(), 0, "partners").unwrap_err().status, ps_status::PS_ERR_NULL_ARGUMENT);
        let bad = b"id\nP1\n\xffP2";
        let e = text_arg(bad.as_ptr().cast(), bad.len(), "partners").unwrap_err();
        assert_eq!(e, Failure::new(ps_status::PS_ERR_INVALID_UTF8, "partners: line 3, byte 6: not valid UTF-8"));
        // Only `len` bytes are read: the bad byte beyond is not looked at.
        assert_eq!(text_arg(bad.as_ptr().cast(), 6, "partners").unwrap(), "id\nP1\n");
        let empty: &[u8] = b"";
        assert_eq!(text_arg(empty.as_ptr().cast(), 0, "x").unwrap(), "");
    }
}

#[test]
fn out_text_refuses_an_inner_nul() {
    let mut text = OutText::new();
    text.buffer().extend_from_slice(b"a\0b");
    assert_eq!(text.into_raw().unwrap_err().status, ps_status::PS_ERR_INTERNAL);
}

#[test]
fn out_text_round_trip_even_when_c_changed_the_text() {
    for content in [&b""[..], b"{}\n", &[b'x'; 100_000][..]] {
        let mut text = OutText::new();
        text.buffer().extend_from_slice(content);
        let (ptr, len) = text.into_raw().unwrap();
        assert_eq!(len, content.len());
        // SAFETY: a live string of `len` bytes and its NUL; changed, then freed once.
        unsafe {
            assert_eq!(std::ffi::CStr::from_ptr(ptr).to_bytes(), content);
            *ptr = 0;
            text::free(ptr);
        }
    }
}
