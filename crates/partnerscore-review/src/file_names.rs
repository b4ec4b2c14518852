//! File names of the partner pages, made from partner ids.
//!
//! ASCII letters, digits and `-` stay as they are; every other byte of the id's UTF-8 (including `_`,
//! `.` and `/`) becomes `_XX` (two upper-case hex digits), so `ACME/EU 1` is `ACME_2FEU_201` and the
//! encoding is one to one. Two names that would differ only in letter case (`p1` and `P1`, one file on
//! a case-insensitive file system), Windows device names (`CON`, `NUL`, `COM1` …, which Windows treats as
//! devices even with an extension) and names longer than [`MAX_STEM`] get `_-` and the partner's
//! position (1-based) at the end: the encoding never writes `_-`, positions are unique, so no two
//! partners ever share a file, on any file system. Every name is also safe in a URL as it is.

use std::collections::HashSet;

/// The longest stem kept whole (file systems allow 255 bytes; the rest is left for `_-N.html`).
pub const MAX_STEM: usize = 120;

/// The stem of `id` (one to one, may be long).
fn encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for &b in id.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push('_');
            out.push_str(&format!("{b:02X}"));
        }
    }
    out
}

/// Whether Windows reserves `stem` for a device (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`,
/// any case).
fn is_device_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit()
}

/// One file name (`<stem>.html`) per id, in order; distinct even ignoring case.
pub fn page_file_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut names = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        let mut stem = encode(id);
        let long = stem.len() > MAX_STEM || stem.is_empty() || is_device_name(&stem);
        if long {
            stem.truncate(MAX_STEM);
        }
        if long || !taken.insert(stem.to_ascii_lowercase()) {
            stem.push_str(&format!("_-{}", i + 1));
        }
        stem.push_str(".html");
        names.push(stem);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_stay_readable() {
        assert_eq!(page_file_names(["P001", "acme-eu"]), ["P001.html", "acme-eu.html"]);
    }

    #[test]
    fn everything_else_is_escaped() {
        assert_eq!(
            page_file_names(["a/b", "a_b", "../x", "é", "<s>", ""]),
            ["a_2Fb.html", "a_5Fb.html", "_2E_2E_2Fx.html", "_C3_A9.html", "_3Cs_3E.html", "_-6.html"]
        );
    }

    #[test]
    fn names_differing_in_case_get_their_position() {
        assert_eq!(page_file_names(["P1", "p1", "x"]), ["P1.html", "p1_-2.html", "x.html"]);
    }

    #[test]
    fn windows_device_names_get_their_position() {
        assert_eq!(
            page_file_names(["CON", "nul", "Com1", "LPT9", "CONX", "COM10"]),
            ["CON_-1.html", "nul_-2.html", "Com1_-3.html", "LPT9_-4.html", "CONX.html", "COM10.html"]
        );
    }

    #[test]
    fn long_ids_are_cut_and_numbered() {
        let long = "x".repeat(300);
        let names = page_file_names([long.as_str(), long.as_str()]);
        assert_eq!(names[0], format!("{}_-1.html", "x".repeat(MAX_STEM)));
        assert_ne!(names[0], names[1]);
        assert!(names.iter().all(|n| n.len() < 255));
    }

    #[test]
    fn names_are_distinct_ignoring_case() {
        let ids: Vec<String> = ["A", "a", "a_41", "_41", "A_-1", "a-1", "x".repeat(200).as_str(), &"X".repeat(200)]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let names = page_file_names(ids.iter().map(String::as_str));
        let lower: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(lower.len(), names.len(), "{names:?}");
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))));
    }
}
