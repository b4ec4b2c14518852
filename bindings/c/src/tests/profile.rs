//! `ps_profile_new / ps_profile_evaluate / ps_profile_free` called as C calls them: byte-for-byte parity
//! with `partnerscore gap --format json`, the golden file, the CLI's error messages with the kind's
//! status, and the boundary's checks (NULL, UTF-8, format, lengths).

use std::ptr;

use partnerscore_tests::check_golden;

use super::support::{format_of, new_with, read, report_with, take_error, CError, Cli, Owned, CSV, JSON};
use crate::*;

type Prof = Owned<ps_profile>;

fn new_profile(config: &[u8]) -> Result<Prof, CError> {
    new_with(config, ps_profile_new, ps_profile_free)
}

fn evaluate(profile: &Prof, partners: &[u8], format: FormatArg) -> Result<String, CError> {
    report_with(profile.ptr, partners, format, ps_profile_evaluate)
}

const CLI: Cli = Cli { subcommand: "gap", config_flag: "--profile" };

#[test]
fn json_is_the_clis_gap_output_byte_for_byte() {
    let profile = new_profile(&read("examples/profile.json")).unwrap();
    for (file, format) in [("examples/partners.csv", CSV), ("examples/partners.json", JSON)] {
        let cli = CLI.json("examples/profile.json", file);
        let c = evaluate(&profile, &read(file), format).unwrap();
        assert_eq!(c, cli, "{file}");
        assert!(c.starts_with(r#"{"profile":"Sample ideal partner profile","partners":[{"id":"P001""#), "{c}");
        assert!(c.ends_with("}\n"));
    }
}

#[test]
fn json_matches_the_golden_file() {
    let profile = new_profile(&read("examples/profile.json")).unwrap();
    let json = evaluate(&profile, &read("examples/partners.csv"), CSV).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    check_golden("profile_sample.json", &(serde_json::to_string_pretty(&value).unwrap() + "\n"));
}

/// The C message is the CLI's error line without `error: FILE: `, and the status is the kind's.
fn assert_same_error_as_cli(profile: &str, partners: Option<(&str, &str)>, status: ps_status) -> String {
    let good = ("p.csv", "id,region,reps\nP1,EMEA,3\n");
    let expected = CLI.error_message(profile, partners.unwrap_or(good), partners.is_some());
    let c = match new_profile(profile.as_bytes()) {
        Err(e) => {
            assert!(partners.is_none(), "config error unexpected: {e:?}");
            e
        }
        Ok(p) => {
            let (name, text) = partners.expect("a config error expected");
            evaluate(&p, text.as_bytes(), format_of(name)).expect_err("evaluating must fail")
        }
    };
    assert_eq!(c, CError { status, message: expected.clone() });
    expected
}

/// Two criteria on `reps` and `region`, then `extra` as a third (config text without the outer braces).
fn criteria(extra: &str) -> String {
    format!(
        r#"{{"name": "p", "criteria": [{{"field": "reps", "at_least": 4, "tolerance": 2, "area": "product"}},
            {{"field": "region", "one_of": ["EMEA", "NA"], "area": "operational"}}{extra}]}}"#
    )
}

#[test]
fn config_errors_are_the_clis_and_name_the_config_path() {
    for (profile, needle) in [
        (criteria(r#", {"field": "n", "at_least": 4, "area": "product", "colour": 1}"#), "criteria[2].colour"),
        (criteria(r#", {"field": "n", "more_than": 4, "area": "product"}"#), "criteria[2].more_than"),
        (criteria(r#", {"field": "n", "between": [9, 2], "area": "product"}"#), "criteria[2].between"),
        (criteria(r#", {"field": "n", "equals": "x", "tolerance": 1, "area": "product"}"#), "criteria[2].tolerance"),
        (criteria(r#", {"field": "reps", "at_most": 9, "area": "product"}"#), "criteria[2].name"),
        (criteria(r#", {"field": "n", "at_least": 4, "area": "finance"}"#), "criteria[2].area"),
        (criteria(r#", {"field": "n", "at_least": 4, "tolerance": -1, "area": "product"}"#), "criteria[2].tolerance"),
        (
            r#"{"name": "p", "criteria": [{"field": "a", "at_least": 1, "area": "product"},
                {"field": "b", "between": [5, 1], "area": "product"}]}"#
                .to_string(),
            "criteria[1].between",
        ),
        (
            r#"{"name": "p", "thresholds": {"ideal": 50, "develop": 70},
                "criteria": [{"field": "reps", "at_least": 4, "area": "product"}]}"#
                .to_string(),
            "thresholds",
        ),
        (
            r#"{"name": "p", "criteria": [{"field": "r", "at_least": 4, "weight": 0, "area": "product"}]}"#.to_string(),
            "criteria",
        ),
        (r#"{"name": "p", "criteria": ["#.to_string(), "invalid JSON"),
        (String::new(), "invalid JSON"),
    ] {
        let message = assert_same_error_as_cli(&profile, None, ps_status::PS_ERR_CONFIG);
        assert!(message.starts_with(needle) || message.contains(needle), "{needle:?} not in {message:?}");
    }
}

#[test]
fn partner_errors_are_the_clis() {
    let profile = criteria("");
    let h = "id,name,region,reps\n";
    for (name, partners) in [
        ("p.csv", format!("{h}P1,A,EMEA,4\nP2,B,NA,many\n")),
        ("p.csv", format!("{h}P1,A,EMEA,4\nP1,B,NA,2\n")),
        ("p.csv", format!("{h}P1,A,EMEA\n")),
        ("p.csv", "name,reps\nA,1\n".to_string()),
        ("p.csv", "id,reps\nP1,\"5\n".to_string()),
        ("p.csv", String::new()),
        ("p.json", r#"[{"id": "P1", "reps": 1}, {"id": "P2", "reps": "NaN"}]"#.to_string()),
        ("p.json", r#"[{"id": "A"}, {"id": "A"}]"#.to_string()),
        ("p.json", r#"{"id": "P1"}"#.to_string()),
        ("p.json", r#"[{"id": "P1", "reps": 1"#.to_string()),
        // Found while evaluating rather than loading: a list where `at_least` needs a number.
        ("p.json", r#"[{"id": "P1", "reps": 4}, {"id": "P2", "reps": ["a", "b"]}]"#.to_string()),
    ] {
        assert_same_error_as_cli(&profile, Some((name, &partners)), ps_status::PS_ERR_INPUT);
    }
}

#[test]
fn input_errors_name_partner_field_and_line() {
    let profile = new_profile(criteria("").as_bytes()).unwrap();
    let e = evaluate(&profile, b"id,reps\nP1,4\nP2,many\n", CSV).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_INPUT);
    assert!(e.message.starts_with("line 3, column 2 (partner P2, field reps): "), "{}", e.message);
    let e = evaluate(&profile, br#"[{"id": "P1"}, {"id": "P2", "reps": ["a"]}]"#, JSON).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_INPUT);
    assert!(e.message.contains("partners[1] (partner P2), field reps"), "{}", e.message);
}

#[test]
fn null_arguments() {
    let profile = new_profile(criteria("").as_bytes()).unwrap();
    let config = criteria("");
    let partners = b"id,reps\nP1,5\n";
    let (mut out, mut json, mut len, mut err) = (ptr::null_mut(), ptr::null_mut(), 0usize, ptr::null_mut());
    let null = |argument: &str| CError {
        status: ps_status::PS_ERR_NULL_ARGUMENT,
        message: format!("{argument}: NULL pointer for a required argument"),
    };
    // SAFETY: NULL where tested, live buffers and out-pointers elsewhere.
    unsafe {
        let s = ps_profile_new(ptr::null(), 5, &mut out, &mut err);
        assert_eq!(take_error(s, err), null("config_json"));
        let s = ps_profile_new(config.as_ptr().cast(), config.len(), ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out"));
        assert_eq!(ps_profile_new(ptr::null(), 0, ptr::null_mut(), ptr::null_mut()), ps_status::PS_ERR_NULL_ARGUMENT);
        assert!(out.is_null());

        let (p, n) = (partners.as_ptr().cast(), partners.len());
        let s = ps_profile_evaluate(ptr::null(), p, n, CSV, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("profile"));
        let s = ps_profile_evaluate(profile.ptr, ptr::null(), n, CSV, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("partners"));
        let s = ps_profile_evaluate(profile.ptr, p, n, CSV, ptr::null_mut(), &mut len, &mut err);
        assert_eq!(take_error(s, err), null("out_json"));
        let s = ps_profile_evaluate(profile.ptr, p, n, CSV, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        // NULL wins over other problems: the pointers are checked first.
        let s = ps_profile_evaluate(profile.ptr, b"\xff".as_ptr().cast(), 1, 9, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        let s =
            ps_profile_evaluate(ptr::null(), ptr::null(), 0, CSV, ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        assert_eq!(s, ps_status::PS_ERR_NULL_ARGUMENT);
        assert!(json.is_null() && len == 0);

        ps_profile_free(ptr::null_mut());
    }
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = new_profile(b"{\"name\": \"t\xe9\"}").err().unwrap();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "config_json: line 1, byte 11: not valid UTF-8".into()
        }
    );
    let profile = new_profile(criteria("").as_bytes()).unwrap();
    let e = evaluate(&profile, b"id,name\nP1,A\nP2,\xc3\x28\n", CSV).unwrap_err();
    assert_eq!(
        e,
        CError { status: ps_status::PS_ERR_INVALID_UTF8, message: "partners: line 3, byte 16: not valid UTF-8".into() }
    );
    let e = evaluate(&profile, b"[{\"id\": \"P\xff\"}]", JSON).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_INVALID_UTF8);
}

#[test]
fn a_format_that_is_not_a_ps_format_is_an_input_error() {
    let profile = new_profile(criteria("").as_bytes()).unwrap();
    assert_eq!(
        evaluate(&profile, b"id\nP1\n", 2).unwrap_err(),
        CError {
            status: ps_status::PS_ERR_INPUT,
            message: "format: 2 is not a ps_format (PS_FORMAT_JSON = 0, PS_FORMAT_CSV = 1)".into()
        }
    );
}

#[test]
fn the_buffer_length_is_respected() {
    let config = criteria("");
    let text = [config.as_bytes(), b"\xff"].concat();
    let mut out = ptr::null_mut();
    // SAFETY: live buffer (all but its last byte passed) and out-pointer.
    let status = unsafe { ps_profile_new(text.as_ptr().cast(), text.len() - 1, &mut out, ptr::null_mut()) };
    assert_eq!(status, ps_status::PS_OK);
    let profile = Owned { ptr: out, free: ps_profile_free };
    let partners = b"id,reps\nP1,50\nP2,\xff";
    let json = evaluate(&profile, &partners[..14], CSV).unwrap();
    assert!(json.contains(r#""id":"P1""#) && !json.contains("P2"), "{json}");
}

#[test]
fn missing_fields_and_no_partners() {
    let profile = new_profile(criteria("").as_bytes()).unwrap();
    // No criterion field at all: every criterion is a gap, nothing fails.
    let json = evaluate(&profile, br#"[{"id": "P1"}]"#, JSON).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["profile"], "p");
    assert_eq!(value["partners"][0]["id"], "P1");
    assert_eq!(value["partners"][0]["gaps"].as_array().map(Vec::len), Some(2), "{json}");
    let json = evaluate(&profile, b"[]", JSON).unwrap();
    assert_eq!(json, "{\"profile\":\"p\",\"partners\":[]}\n");
}
