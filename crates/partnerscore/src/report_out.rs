//! Small pieces shared by the reports' writers (CSV fields, the JSON document's shape).

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

/// Writes a CSV document: the header, then one line per row written by `write_row` into a buffer that
/// is handed to `out` in blocks of about 64 KiB (the row writer ends nothing: the line break is added).
pub(crate) fn write_csv_rows<W: std::io::Write, R>(
    out: W,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
    mut write_row: impl FnMut(&mut Vec<u8>, R),
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    out.write_all(header.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    let mut w = Vec::with_capacity(1 << 16);
    for row in rows {
        write_row(&mut w, row);
        w.push(b'\n');
        if w.len() > 1 << 16 {
            out.write_all(&w)?;
            w.clear();
        }
    }
    out.write_all(&w)?;
    out.flush()
}

/// Serializes a report as `{<key>: name, "partners": [...]}`, one element per partner in input order.
pub(crate) fn serialize_report<S, P, I>(
    s: S,
    key: &'static str,
    name: &str,
    partners: impl Fn() -> I,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    P: serde::Serialize,
    I: ExactSizeIterator<Item = P>,
{
    use serde::ser::{SerializeSeq, SerializeStruct};
    struct Each<F>(F);
    impl<F, P, I> serde::Serialize for Each<F>
    where
        F: Fn() -> I,
        P: serde::Serialize,
        I: ExactSizeIterator<Item = P>,
    {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let items = (self.0)();
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for item in items {
                seq.serialize_element(&item)?;
            }
            seq.end()
        }
    }
    let mut st = s.serialize_struct("Report", 2)?;
    st.serialize_field(key, name)?;
    st.serialize_field("partners", &Each(partners))?;
    st.end()
}
