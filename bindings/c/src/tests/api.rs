//! The exported functions called from Rust: byte-for-byte parity with the CLI (`--format json`, and the
//! error text after the CLI's `error: FILE: `), the golden file, and the boundary's own checks.
//! The same API is tested from C, under valgrind, by `bindings/c/run-tests.sh`.

use std::ffi::CStr;
use std::ptr;

use partnerscore_tests::check_golden;

use super::support::{format_of, new_with, read, report_with, take_error, CError, Cli, Owned, CSV, JSON};
use crate::*;

type Card = Owned<ps_scorecard>;

fn new_card(config: &[u8]) -> Result<Card, CError> {
    new_with(config, ps_scorecard_new, ps_scorecard_free)
}

fn score(card: &Card, partners: &[u8], format: FormatArg) -> Result<String, CError> {
    report_with(card.ptr, partners, format, ps_scorecard_score)
}

const CLI: Cli = Cli { subcommand: "score", config_flag: "--scorecard" };

#[test]
fn json_is_the_clis_output_byte_for_byte() {
    let card = new_card(&read("examples/scorecard.json")).unwrap();
    for (file, format) in [("examples/partners.csv", CSV), ("examples/partners.json", JSON)] {
        let cli = CLI.json("examples/scorecard.json", file);
        let c = score(&card, &read(file), format).unwrap();
        assert_eq!(c, cli, "{file}");
        assert!(c.ends_with("}\n"));
    }
}

#[test]
fn json_matches_the_golden_file() {
    let card = new_card(&read("examples/scorecard.json")).unwrap();
    let json = score(&card, &read("examples/partners.csv"), CSV).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    check_golden("scorecard_sample.json", &(serde_json::to_string_pretty(&value).unwrap() + "\n"));
}

/// The C message is the CLI's error line without `error: FILE: `, and the status is the kind's.
fn assert_same_error_as_cli(card: &str, partners: Option<(&str, &str)>, status: ps_status) {
    let good = ("p.csv", "id,revenue\nP1,5\n");
    let expected = CLI.error_message(card, partners.unwrap_or(good), partners.is_some());
    let c = match new_card(card.as_bytes()) {
        Err(e) => {
            assert!(partners.is_none(), "config error unexpected: {e:?}");
            e
        }
        Ok(c) => {
            let (name, text) = partners.expect("a config error expected");
            score(&c, text.as_bytes(), format_of(name)).expect_err("scoring must fail")
        }
    };
    assert_eq!(c, CError { status, message: expected });
}

const CARD: &str = r#"{"name": "t", "benchmark_by": "category", "sections": [{"name": "S", "metrics": [
  {"field": "revenue", "points": 10, "rule": {"target": 100}},
  {"field": "certified", "points": 10, "rule": "boolean"}]}],
  "tiers": [{"name": "Gold", "min_score": 10, "requires": [{"field": "reps", "at_least": 3}]}]}"#;

#[test]
fn config_errors_are_the_clis() {
    let metric = |rule: &str| {
        format!(
            r#"{{"name": "t", "sections": [{{"name": "S", "metrics": [{{"field": "revenue", "points": 10, "rule": {rule}}}]}}]}}"#
        )
    };
    for card in [
        metric(r#"{"target": 0}"#),
        metric(r#"{"linear": {"from": 3, "to": 3}}"#),
        metric(r#""median""#),
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": -1, "rule": "boolean"}]}]}"#
            .to_string(),
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean", "weight": 2}]}]}"#.to_string(),
        r#"{"name": "t", "sections": [}"#.to_string(),
        String::new(),
    ] {
        assert_same_error_as_cli(&card, None, ps_status::PS_ERR_CONFIG);
    }
}

#[test]
fn partner_errors_are_the_clis() {
    let h = "id,name,category,revenue,certified,reps\n";
    for (name, partners) in [
        ("p.csv", format!("{h}P1,A,MSP,1,true,3\nP2,B,MSP,abc,true,3\n")),
        ("p.csv", format!("{h}P1,A,MSP,1,true,3\nP1,B,MSP,2,true,3\n")),
        ("p.csv", format!("{h}P1,A,MSP,1,maybe,3\n")),
        ("p.csv", format!("{h}P1,A,MSP,1,true\n")),
        ("p.csv", "name,revenue\nA,1\n".to_string()),
        ("p.csv", "id,revenue\nP1,\"5\n".to_string()),
        ("p.csv", String::new()),
        ("p.json", r#"[{"id": "P1", "revenue": 1}, {"id": "P2", "revenue": "NaN"}]"#.to_string()),
        ("p.json", r#"[{"id": "P1"}, {"id": "P1"}]"#.to_string()),
        ("p.json", r#"{"id": "P1"}"#.to_string()),
        ("p.json", r#"[{"id": "P1", "revenue": 1"#.to_string()),
        // Errors found while scoring rather than loading: a requirement on a value that is not a number.
        ("p.json", r#"[{"id": "P1", "revenue": 50, "reps": "three"}]"#.to_string()),
        ("p.csv", format!("{h}P1,A,MSP,50,true,three\n")),
    ] {
        assert_same_error_as_cli(CARD, Some((name, &partners)), ps_status::PS_ERR_INPUT);
    }
}

#[test]
fn csv_errors_name_line_column_partner_and_field() {
    let card = new_card(CARD.as_bytes()).unwrap();
    let e = score(&card, b"id,name,category,revenue,certified,reps\nP1,A,MSP,1,true,3\nP2,B,MSP,abc,true,3\n", CSV)
        .unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_INPUT);
    assert!(e.message.starts_with("line 3, column 4 (partner P2, field revenue): "), "{}", e.message);
}

#[test]
fn null_arguments() {
    let card = new_card(CARD.as_bytes()).unwrap();
    let config = CARD.as_bytes();
    let partners = b"id,revenue\nP1,5\n";
    let (mut out, mut json, mut len, mut err) = (ptr::null_mut(), ptr::null_mut(), 0usize, ptr::null_mut());
    // SAFETY: NULL where tested, live buffers and out-pointers elsewhere.
    unsafe {
        let s = ps_scorecard_new(ptr::null(), 5, &mut out, &mut err);
        assert_eq!(
            take_error(s, err),
            CError {
                status: ps_status::PS_ERR_NULL_ARGUMENT,
                message: "config_json: NULL pointer for a required argument".into()
            }
        );
        let s = ps_scorecard_new(config.as_ptr().cast(), config.len(), ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err).message, "out: NULL pointer for a required argument");
        assert_eq!(ps_scorecard_new(ptr::null(), 0, ptr::null_mut(), ptr::null_mut()), ps_status::PS_ERR_NULL_ARGUMENT);
        assert!(out.is_null());

        let p = partners.as_ptr().cast();
        let n = partners.len();
        let s = ps_scorecard_score(ptr::null(), p, n, CSV, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err).message, "scorecard: NULL pointer for a required argument");
        let s = ps_scorecard_score(card.ptr, ptr::null(), n, CSV, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err).message, "partners: NULL pointer for a required argument");
        let s = ps_scorecard_score(card.ptr, p, n, CSV, ptr::null_mut(), &mut len, &mut err);
        assert_eq!(take_error(s, err).message, "out_json: NULL pointer for a required argument");
        let s = ps_scorecard_score(card.ptr, p, n, CSV, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err).message, "out_len: NULL pointer for a required argument");
        // NULL wins over other problems: the pointers are checked first.
        let s = ps_scorecard_score(card.ptr, b"\xff".as_ptr().cast(), 1, 9, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err).message, "out_len: NULL pointer for a required argument");
        assert!(json.is_null() && len == 0);

        assert_eq!(ps_error_code(ptr::null()), ps_status::PS_ERR_NULL_ARGUMENT);
        assert_eq!(CStr::from_ptr(ps_error_message(ptr::null())).to_str().unwrap(), "ps_error_message: err is NULL");
        ps_error_free(ptr::null_mut());
        ps_string_free(ptr::null_mut());
        ps_scorecard_free(ptr::null_mut());
    }
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = new_card(b"{\"name\": \"t\xe9\"}").err().unwrap();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "config_json: line 1, byte 11: not valid UTF-8".into()
        }
    );
    let card = new_card(CARD.as_bytes()).unwrap();
    let e = score(&card, b"id,name\nP1,A\nP2,\xc3\x28\n", CSV).unwrap_err();
    assert_eq!(
        e,
        CError { status: ps_status::PS_ERR_INVALID_UTF8, message: "partners: line 3, byte 16: not valid UTF-8".into() }
    );
    let e = score(&card, b"[{\"id\": \"P\xff\"}]", JSON).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_INVALID_UTF8);
}

#[test]
fn a_format_that_is_not_a_ps_format_is_an_input_error() {
    let card = new_card(CARD.as_bytes()).unwrap();
    let e = score(&card, b"id\nP1\n", 2).unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INPUT,
            message: "format: 2 is not a ps_format (PS_FORMAT_JSON = 0, PS_FORMAT_CSV = 1)".into()
        }
    );
    assert_eq!(score(&card, b"id\nP1\n", u32::MAX).unwrap_err().status, ps_status::PS_ERR_INPUT);
}

#[test]
fn the_buffer_length_is_respected() {
    // Only `config_len` / `partners_len` bytes are read: what follows (here invalid UTF-8) is ignored.
    let text = b"{\"name\": \"t\", \"sections\": [{\"name\": \"S\", \"metrics\": [{\"field\": \"revenue\", \"points\": 10, \"rule\": {\"target\": 100}}]}]}\xff";
    let mut out = ptr::null_mut();
    // SAFETY: live buffer (all but its last byte passed) and out-pointer.
    let status = unsafe { ps_scorecard_new(text.as_ptr().cast(), text.len() - 1, &mut out, ptr::null_mut()) };
    assert_eq!(status, ps_status::PS_OK);
    let card = Owned { ptr: out, free: ps_scorecard_free };
    let partners = b"id,revenue\nP1,50\nP2,\xff";
    let json = score(&card, &partners[..17], CSV).unwrap();
    assert!(json.contains(r#""id":"P1""#) && !json.contains("P2"), "{json}");
}

#[test]
fn a_nul_in_the_input_comes_back_escaped() {
    let card = new_card(CARD.as_bytes()).unwrap();
    let json = score(&card, b"id,name,revenue\nP1,A\0B,50\n", CSV).unwrap();
    assert!(json.contains(r#""name":"A\u0000B""#), "{json}");
}

#[test]
fn no_partners_is_an_empty_report() {
    let card = new_card(CARD.as_bytes()).unwrap();
    let json = score(&card, b"[]", JSON).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["partners"].as_array().map(Vec::len), Some(0));
}
