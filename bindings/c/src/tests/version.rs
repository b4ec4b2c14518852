//! ps_version and the ps_format argument values.

use crate::ffi::*;

#[test]
fn version_is_the_core_version() {
    // SAFETY: a static NUL-terminated string.
    let v = unsafe { std::ffi::CStr::from_ptr(ps_version()) };
    assert_eq!(v.to_str().unwrap(), engine::VERSION);
    assert!(!same_version("0.1.0", "0.1.0"));
    assert!(!same_version("0.2.0\0", "0.1.0"));
}

#[test]
fn format_values() {
    assert_eq!(ps_format::from_arg(ps_format::Json as FormatArg), Some(ps_format::Json));
    assert_eq!(ps_format::from_arg(ps_format::Csv as FormatArg), Some(ps_format::Csv));
    assert_eq!(ps_format::from_arg(2), None);
    assert_eq!(ps_format::from_arg(u32::MAX), None);
}
