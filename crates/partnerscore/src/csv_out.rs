//! Small pieces shared by the reports' CSV writers.

/// Writes a CSV text field, quoted (RFC 4180) only when it holds a delimiter, quote or line break.
pub(crate) fn write_text_field(w: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        w.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                w.push(b'"');
            }
            w.push(b);
        }
        w.push(b'"');
    } else {
        w.extend_from_slice(s.as_bytes());
    }
}
