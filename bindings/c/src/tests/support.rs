//! What the tests of every `ps_<thing>_new / _<verb> / _free` family and of the one-shot analyses share:
//! calling the exported functions
//! as C does (checking outputs only on success, `*err` only on failure), and the CLI's error line for the
//! same files.

use std::ffi::{c_char, CStr};
use std::path::Path;
use std::ptr;

use partnerscore_tests::{repo_path, run_cli};

use crate::*;

/// A failure as C sees it: the status returned and the error object's code and message.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CError {
    pub(super) status: ps_status,
    pub(super) message: String,
}

/// Takes an error object: checks its code against the status, reads the message and frees it.
pub(super) fn take_error(status: ps_status, err: *mut ps_error) -> CError {
    assert_ne!(status, ps_status::PS_OK);
    assert!(!err.is_null(), "a failure with err set must store an error object");
    // SAFETY: a live error object from the call; freed once, after the message is copied.
    unsafe {
        assert_eq!(ps_error_code(err), status);
        let message = CStr::from_ptr(ps_error_message(err)).to_str().expect("UTF-8 message").to_string();
        ps_error_free(err);
        CError { status, message }
    }
}

/// A one-shot analysis taking one JSON request (`ps_health`, `ps_dealreg`, `ps_track`).
pub(super) type OneShot =
    unsafe extern "C" fn(*const c_char, usize, *mut *mut c_char, *mut usize, *mut *mut ps_error) -> ps_status;

/// Calls a one-shot analysis as C does: the JSON text, or the error. Outputs must stay untouched on
/// failure and `*err` on success.
pub(super) fn call_one_shot(analysis: OneShot, request: &[u8]) -> Result<String, CError> {
    let sentinel_len = usize::MAX;
    let (mut out, mut len, mut err) = (ptr::null_mut::<c_char>(), sentinel_len, ptr::null_mut());
    // SAFETY: a live buffer and out-pointers.
    let status = unsafe { analysis(request.as_ptr().cast(), request.len(), &mut out, &mut len, &mut err) };
    if status != ps_status::PS_OK {
        assert!(out.is_null() && len == sentinel_len, "outputs written on failure");
        return Err(take_error(status, err));
    }
    assert!(err.is_null(), "*err written on success");
    // SAFETY: a NUL-terminated string from the call; freed once, after it is copied.
    unsafe {
        let text = CStr::from_ptr(out).to_str().expect("UTF-8 JSON").to_string();
        assert_eq!(text.len(), len, "out_len is the length without the NUL (and there is no NUL inside)");
        ps_string_free(out);
        Ok(text)
    }
}

/// NULL arguments of a one-shot analysis are errors naming the argument, checked before the request's
/// bytes; with `err` NULL only the status comes back, for every kind of failure (`failing`: requests
/// with their expected status). `request` is a valid request. Outputs stay untouched throughout.
pub(super) fn check_null_arguments(analysis: OneShot, request: &str, failing: &[(&str, ps_status)]) {
    let (r, n) = (request.as_ptr().cast::<c_char>(), request.len());
    let (mut json, mut len, mut err) = (ptr::null_mut(), 0usize, ptr::null_mut());
    let null = |argument: &str| CError {
        status: ps_status::PS_ERR_NULL_ARGUMENT,
        message: format!("{argument}: NULL pointer for a required argument"),
    };
    // SAFETY: NULL where tested, live buffers and out-pointers elsewhere.
    unsafe {
        let s = analysis(ptr::null(), n, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("request_json"));
        let s = analysis(r, n, ptr::null_mut(), &mut len, &mut err);
        assert_eq!(take_error(s, err), null("out_json"));
        let s = analysis(r, n, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        // NULL wins over other problems: the pointers are checked before the bytes.
        let s = analysis(b"\xff".as_ptr().cast(), 1, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        let all_null = analysis(ptr::null(), 0, ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        assert_eq!(all_null, ps_status::PS_ERR_NULL_ARGUMENT);
        // err NULL: the status alone, for every kind.
        let no_len = analysis(r, n, &mut json, ptr::null_mut(), ptr::null_mut());
        assert_eq!(no_len, ps_status::PS_ERR_NULL_ARGUMENT);
        let utf8 = analysis(b"\xff".as_ptr().cast(), 1, &mut json, &mut len, ptr::null_mut());
        assert_eq!(utf8, ps_status::PS_ERR_INVALID_UTF8);
        for (bad, status) in failing {
            let s = analysis(bad.as_ptr().cast(), bad.len(), &mut json, &mut len, ptr::null_mut());
            assert_eq!(s, *status, "{bad}");
        }
        assert!(json.is_null() && len == 0);
    }
}

/// [`call_one_shot`] on a request that must succeed.
pub(super) fn one_shot_ok(analysis: OneShot, request: &str) -> String {
    call_one_shot(analysis, request.as_bytes()).unwrap_or_else(|e| panic!("{e:?}\nrequest: {request}"))
}

/// [`call_one_shot`] on a request that must fail.
pub(super) fn one_shot_err(analysis: OneShot, request: &str) -> CError {
    match call_one_shot(analysis, request.as_bytes()) {
        Ok(json) => panic!("expected an error, got {json}\nrequest: {request}"),
        Err(e) => e,
    }
}

/// An object from a `ps_<thing>_new`, freed with its `ps_<thing>_free` when dropped.
pub(super) struct Owned<T> {
    pub(super) ptr: *mut T,
    pub(super) free: unsafe extern "C" fn(*mut T),
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: an object from the matching `_new`, freed once.
        unsafe { (self.free)(self.ptr) }
    }
}

/// Calls a `ps_<thing>_new` (`new(config, len, &out, &err)`) on `config`: the object (freed with `free`
/// when dropped), or the error.
pub(super) fn new_with<T>(
    config: &[u8],
    new: unsafe extern "C" fn(*const c_char, usize, *mut *mut T, *mut *mut ps_error) -> ps_status,
    free: unsafe extern "C" fn(*mut T),
) -> Result<Owned<T>, CError> {
    let mut out = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: live buffers and out-pointers.
    let status = unsafe { new(config.as_ptr().cast(), config.len(), &mut out, &mut err) };
    if status == ps_status::PS_OK {
        assert!(err.is_null(), "*err written on success");
        assert!(!out.is_null());
        Ok(Owned { ptr: out, free })
    } else {
        assert!(out.is_null(), "*out written on failure");
        Err(take_error(status, err))
    }
}

/// The exported signature of a `ps_<thing>_<verb>` taking partners and returning the JSON report.
pub(super) type ReportFn<T> = unsafe extern "C" fn(
    *const T,
    *const c_char,
    usize,
    FormatArg,
    *mut *mut c_char,
    *mut usize,
    *mut *mut ps_error,
) -> ps_status;

/// Calls a `ps_<thing>_<verb>` on `partners`: the JSON text, or the error.
pub(super) fn report_with<T>(
    object: *const T,
    partners: &[u8],
    format: FormatArg,
    call: ReportFn<T>,
) -> Result<String, CError> {
    let sentinel_len = usize::MAX;
    let (mut out, mut len, mut err) = (ptr::null_mut::<c_char>(), sentinel_len, ptr::null_mut());
    // SAFETY: a live object (or NULL where a test says so), live buffers and out-pointers.
    let status =
        unsafe { call(object, partners.as_ptr().cast(), partners.len(), format, &mut out, &mut len, &mut err) };
    if status != ps_status::PS_OK {
        assert!(out.is_null() && len == sentinel_len, "outputs written on failure");
        return Err(take_error(status, err));
    }
    assert!(err.is_null(), "*err written on success");
    // SAFETY: a NUL-terminated string from the call; freed once, after it is copied.
    unsafe {
        let text = CStr::from_ptr(out).to_str().expect("UTF-8 JSON").to_string();
        assert_eq!(text.len(), len, "out_len is the length without the NUL (and there is no NUL inside)");
        ps_string_free(out);
        Ok(text)
    }
}

/// The golden files of the C test (`bindings/c/tests/golden/`, pretty-printed like `tests/golden/`),
/// checked against the CLI's output; `UPDATE_GOLDEN=1` rewrites them.
pub(super) fn check_c_golden(name: &str, compact: &str) {
    let value: serde_json::Value = serde_json::from_str(compact).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(expected == pretty, "{} differs from the CLI's output (UPDATE_GOLDEN=1 accepts it)", path.display());
    // The C test compacts the pretty file (whitespace outside strings dropped, a newline added): that
    // must be the compact text again.
    let mut compacted = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for ch in expected.chars() {
        if in_string {
            compacted.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
            compacted.push(ch);
        } else if !matches!(ch, ' ' | '\n' | '\r' | '\t') {
            compacted.push(ch);
        }
    }
    compacted.push('\n');
    assert_eq!(compacted, compact);
}

/// A file of the repository, as bytes.
pub(super) fn read(rel: &str) -> Vec<u8> {
    std::fs::read(repo_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub(super) const JSON: FormatArg = ps_format::Json as FormatArg;
pub(super) const CSV: FormatArg = ps_format::Csv as FormatArg;

/// The format for a partners file name (`.csv` or JSON), as the CLI picks it.
pub(super) fn format_of(name: &str) -> FormatArg {
    if name.ends_with(".csv") {
        CSV
    } else {
        JSON
    }
}

/// Which CLI subcommand a C family matches: `partnerscore SUBCOMMAND CONFIG_FLAG FILE --partners FILE`.
pub(super) struct Cli {
    pub(super) subcommand: &'static str,
    pub(super) config_flag: &'static str,
}

impl Cli {
    /// Runs the subcommand on `config` and `partners` (name, text) written to files, expecting exit 2: the
    /// error line without the CLI's `error: FILE: `, where FILE is the config when `partners_at_fault` is
    /// false and the partners file otherwise.
    pub(super) fn error_message(
        &self,
        config: &str,
        (name, partners): (&str, &str),
        partners_at_fault: bool,
    ) -> String {
        let dir = std::env::temp_dir().join(format!(
            "partnerscore-c-{}-{}-{:?}",
            self.subcommand,
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let config_path = dir.join("config.json");
        std::fs::write(&config_path, config).unwrap();
        let partners_path = dir.join(name);
        std::fs::write(&partners_path, partners).unwrap();
        let cli = run_cli(&[
            self.subcommand,
            self.config_flag,
            config_path.to_str().unwrap(),
            "--partners",
            partners_path.to_str().unwrap(),
            "--format",
            "json",
        ]);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(cli.code, 2, "{}", cli.stderr);
        let source = if partners_at_fault { partners_path } else { config_path };
        let prefix = format!("error: {}: ", source.display());
        match cli.stderr.trim_end().strip_prefix(&prefix) {
            Some(message) => message.to_string(),
            None => panic!("CLI line without the file prefix {prefix:?}: {}", cli.stderr),
        }
    }

    /// The CLI's `--format json` output for repository files.
    pub(super) fn json(&self, config: &str, partners: &str) -> String {
        let cli = run_cli(&[
            self.subcommand,
            self.config_flag,
            &repo_path(config),
            "--partners",
            &repo_path(partners),
            "--format",
            "json",
        ]);
        assert_eq!(cli.code, 0, "{}", cli.stderr);
        cli.stdout
    }
}
