//! `ps_dealreg` called as C calls it: byte-for-byte parity with `partnerscore dealreg --format json` on the
//! sample (default window and `--window-days 30`, window_days as a number and as text), the golden files
//! the C test reads, the request's own errors (JSON, keys, window_days), the CLI's messages for bad
//! registrations with the kind's status, window_days below 1, the boundary's checks, and threads.

use partnerscore_tests::{repo_path, run_cli};

use super::support::{call_one_shot, check_c_golden, check_null_arguments, one_shot_err, one_shot_ok, read, CError};
use crate::*;

/// Calls `ps_dealreg` as C does (see [`call_one_shot`]).
fn call(request: &[u8]) -> Result<String, CError> {
    call_one_shot(ps_dealreg, request)
}

fn dealreg_ok(request: &str) -> String {
    one_shot_ok(ps_dealreg, request)
}

fn dealreg_err(request: &str) -> CError {
    one_shot_err(ps_dealreg, request)
}

/// A request of the sample registrations and `extra` members (`, "window_days": 30`).
fn sample_request(extra: &str) -> String {
    let registrations = String::from_utf8(read("examples/registrations.json")).unwrap();
    format!("{{\"registrations\": {registrations}{extra}}}")
}

/// The CLI's `dealreg --format json` output on a repository file and extra flags.
fn cli_json(registrations: &str, flags: &[&str]) -> String {
    let registrations = repo_path(registrations);
    let mut args = vec!["dealreg", "--registrations", &registrations];
    args.extend(flags);
    args.extend(["--format", "json"]);
    let cli = run_cli(&args);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    cli.stdout
}

#[test]
fn json_is_the_clis_output_byte_for_byte() {
    let json = "examples/registrations.json";
    let c = dealreg_ok(&sample_request(""));
    assert_eq!(c, cli_json(json, &[]));
    // The CSV file gives the CLI the same report.
    assert_eq!(c, cli_json("examples/registrations.csv", &[]));
    assert!(c.starts_with(r#"{"window_days":90,"registrations":[{"id":"R-1001","#) && c.ends_with("}\n"), "{c}");
    assert!(c.contains(r#""status":"lost","lost_to":"R-1001""#), "{c}");
    // window_days 30, as a JSON number and as text: another report.
    let cli = cli_json(json, &["--window-days", "30"]);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": 30"#)), cli);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": "30""#)), cli);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": 30.0"#)), cli);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": " 3e1 ""#)), cli);
    assert!(cli.starts_with(r#"{"window_days":30,"#), "{cli}");
    assert_ne!(cli, c);
    // A long window.
    let cli = cli_json(json, &["--window-days", "365"]);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": 365"#)), cli);
}

#[test]
fn null_members_are_absent_and_the_default_is_the_clis() {
    let plain = dealreg_ok(&sample_request(""));
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": null"#)), plain);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": 90"#)), plain);
    // Members in any order, whitespace anywhere.
    let registrations = String::from_utf8(read("examples/registrations.json")).unwrap();
    let reordered = format!("\n {{ \"window_days\" : \"90\" ,\n \"registrations\":{registrations} }} \n");
    assert_eq!(dealreg_ok(&reordered), plain);
}

#[test]
fn golden_files_of_the_c_test_are_the_clis_output() {
    let cli = cli_json("examples/registrations.json", &[]);
    assert_eq!(dealreg_ok(&sample_request("")), cli);
    check_c_golden("dealreg_sample.json", &cli);
    // The repository's golden file (tests/golden/, the CLI's tests) holds the same report.
    let shared: serde_json::Value =
        serde_json::from_str(&String::from_utf8(read("tests/golden/dealreg_sample.json")).unwrap()).unwrap();
    assert_eq!(shared, serde_json::from_str::<serde_json::Value>(&cli).unwrap());
    let cli = cli_json("examples/registrations.json", &["--window-days", "30"]);
    assert_eq!(dealreg_ok(&sample_request(r#", "window_days": 30"#)), cli);
    check_c_golden("dealreg_sample_window30.json", &cli);
}

#[test]
fn threads_call_at_once() {
    let requests = [sample_request(""), sample_request(r#", "window_days": 30"#)];
    let first: Vec<String> = requests.iter().map(|r| dealreg_ok(r)).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (requests, first) = (&requests, &first);
                s.spawn(move || {
                    for round in 0..3 {
                        let i = (t + round) % 2;
                        assert_eq!(dealreg_ok(&requests[i]), first[i]);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}

const REGISTRATIONS: &str = r#"[
 {"id": "R1", "partner_id": "P1", "customer": "Acme Holdings, Inc.", "product": "Firewall", "registered_on": "2026-01-10"},
 {"id": "R2", "partner_id": "P2", "customer": "ACME holdings inc", "registered_on": "2026-03-01", "amount": 12000.50},
 {"id": 3, "partner_id": "P2", "customer": "Acme Holdings", "product": "Firewall", "registered_on": "2026-04-10"}]"#;

/// A request of the small registrations with `extra` members.
fn small(extra: &str) -> String {
    format!(r#"{{"registrations": {REGISTRATIONS}{extra}}}"#)
}

#[test]
fn small_judgement_by_hand() {
    let v: serde_json::Value = serde_json::from_str(&dealreg_ok(&small(""))).unwrap();
    assert_eq!(v["window_days"], 90);
    // R1's window is [2026-01-10, 2026-04-10): R2 (any product) overlaps it and loses; 3 starts the day R1's
    // window ends: clear.
    let statuses: Vec<_> = v["registrations"].as_array().unwrap().iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, ["won", "lost", "clear"]);
    assert_eq!(v["registrations"][1]["lost_to"], "R1");
    assert_eq!(v["registrations"][2]["id"], "3");
    assert_eq!(v["conflicts"][0]["customer_key"], "acme holdings");
    assert_eq!(v["conflicts"][0]["product"], "Firewall");
    assert_eq!(v["conflicts"][0]["winner_expires_on"], "2026-04-10");
    assert_eq!(v["conflicts"][0]["losers"], serde_json::json!(["R2"]));
    // A 30-day window: R1 ends 2026-02-09, before R2 starts: no conflict.
    let v: serde_json::Value = serde_json::from_str(&dealreg_ok(&small(r#", "window_days": 30"#))).unwrap();
    assert_eq!(v["conflicts"], serde_json::json!([]));
    // No registrations.
    assert_eq!(dealreg_ok(r#"{"registrations": []}"#), "{\"window_days\":90,\"registrations\":[],\"conflicts\":[]}\n");
}

fn config_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_CONFIG, message: message.to_string() }
}

fn input_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_INPUT, message: message.to_string() }
}

const KEYS_LIST: &str = "registrations, window_days";

#[test]
fn request_errors_are_config_errors() {
    let e = dealreg_err("");
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF while parsing"), "{}", e.message);
    let e = dealreg_err(r#"{"registrations": ["#);
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: ") && e.message.ends_with("line 1 column 19"), "{e:?}");
    let e = dealreg_err(r#"{"registrations": []} x"#);
    assert!(e.message.starts_with("(root): invalid JSON: trailing characters"), "{}", e.message);
    for (request, found) in
        [("[]", "an array"), (r#""text""#, r#""text""#), ("42", "42"), ("null", "null"), (" true", "true")]
    {
        assert_eq!(
            dealreg_err(request),
            config_error(&format!(
                r#"(root): the request must be a JSON object ({{"registrations": [...], "window_days": 90}}), found {found}"#
            ))
        );
    }
    // Unknown keys: the first in document order is named, with the keys a request takes.
    assert_eq!(
        dealreg_err(r#"{"registrations": [], "zebra": 1, "colour": 2}"#),
        config_error(&format!("zebra: unknown key; a dealreg request takes {KEYS_LIST}"))
    );
    assert_eq!(
        dealreg_err(r#"{"registrations": [], "window days": 30}"#),
        config_error(&format!(r#""window days": unknown key; a dealreg request takes {KEYS_LIST}"#))
    );
    assert_eq!(
        dealreg_err(r#"{"registrations": [], "windowDays": 30}"#),
        config_error(&format!("windowDays: unknown key; a dealreg request takes {KEYS_LIST}"))
    );
    // A health key is not a dealreg key.
    assert_eq!(
        dealreg_err(r#"{"registrations": [], "as_of": "2026-06-30"}"#),
        config_error(&format!("as_of: unknown key; a dealreg request takes {KEYS_LIST}"))
    );
    // A repeated key, however far apart and whatever the first value held.
    assert_eq!(
        dealreg_err(r#"{"registrations": [{"id": "R1", "x": {"registrations": []}}], "registrations": []}"#),
        config_error("registrations: repeated key")
    );
    assert_eq!(
        dealreg_err(r#"{"window_days": 30, "registrations": [], "window_days": null}"#),
        config_error("window_days: repeated key")
    );
    assert_eq!(
        dealreg_err(r#"{"registrations": [], "window_d\u0061ys": 1, "window_days": 2}"#),
        config_error("window_days: repeated key")
    );
    // Missing (or null) registrations, checked before window_days.
    let required = config_error("registrations: required: a JSON array of registration objects");
    assert_eq!(dealreg_err("{}"), required);
    assert_eq!(dealreg_err(r#"{"window_days": 30}"#), required);
    assert_eq!(dealreg_err(r#"{"registrations": null, "window_days": "x"}"#), required);
    // Registrations that are not an array: the request's member is named.
    for (registrations, found) in
        [(r#"{"id": "R1"}"#, "an object"), (r#""R1""#, r#""R1""#), ("12", "12"), ("true", "true")]
    {
        assert_eq!(
            dealreg_err(&format!(r#"{{"registrations": {registrations}}}"#)),
            input_error(&format!("registrations: must be a JSON array of objects, found {found}"))
        );
    }
}

/// Runs `partnerscore dealreg` on `registrations` written to a file with `flags`, expecting exit 2: the
/// error line without `error: ` and the file's `PATH: `.
fn cli_error(registrations: &str, flags: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "partnerscore-c-dealreg-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.json");
    std::fs::write(&path, registrations).unwrap();
    let path = path.display().to_string();
    let mut args = vec!["dealreg", "--registrations", &path];
    args.extend(flags);
    args.extend(["--format", "json"]);
    let cli = run_cli(&args);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(cli.code, 2, "{}\n{registrations}", cli.stderr);
    assert!(cli.stdout.is_empty(), "{}", cli.stdout);
    let line = cli.stderr.trim_end().strip_prefix("error: ").expect("error: ");
    match line.strip_prefix(&format!("{path}: ")) {
        Some(rest) => rest.to_string(),
        None => panic!("CLI line without the file prefix: {line}"),
    }
}

#[test]
fn window_days_errors() {
    // Not a whole number: config errors at window_days (the CLI's flag takes only integers).
    for (member, expected) in [
        (r#""x""#, r#"window_days: "x" is not a number"#),
        (r#""""#, "window_days: empty text is not a number"),
        ("2.5", "window_days: must be a whole number of days, found 2.5"),
        (r#""30.25""#, "window_days: must be a whole number of days, found 30.25"),
        ("true", "window_days: must be a whole number or its text, found true"),
        ("[30]", "window_days: must be a whole number or its text, found an array"),
        (r#"{"days": 30}"#, "window_days: must be a whole number or its text, found an object"),
        (r#""NaN""#, r#"window_days: "NaN" is not a finite number (NaN and infinities are rejected)"#),
        ("1e20", "window_days: must be at most 9223372036854775807, found 100000000000000000000"),
    ] {
        assert_eq!(dealreg_err(&small(&format!(r#", "window_days": {member}"#))), config_error(expected), "{member}");
    }
    let e = dealreg_err(&small(r#", "window_days": 1e400"#));
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("window_days: "), "{e:?}");
    // Below 1: the engine's input error, the CLI's message for --window-days.
    for (member, flag) in [("0", "0"), ("-1", "-1"), (r#""-30""#, "-30"), ("0.0", "0")] {
        let cli = cli_error(REGISTRATIONS, &["--window-days", flag]);
        assert_eq!(cli, format!("window_days: must be a whole number of days ≥ 1, found {flag}"));
        assert_eq!(dealreg_err(&small(&format!(r#", "window_days": {member}"#))), input_error(&cli), "{member}");
    }
    // As in the CLI, the registrations are read before window_days is judged...
    let bad = r#"[{"id": "R1", "partner_id": "P1", "customer": "Acme", "registered_on": "2026-02-30"}]"#;
    let cli = cli_error(bad, &["--window-days", "0"]);
    assert!(cli.starts_with("registrations[0] (registration R1), field registered_on: "), "{cli}");
    assert_eq!(dealreg_err(&format!(r#"{{"registrations": {bad}, "window_days": 0}}"#)), input_error(&cli));
    // ...but a window_days that is not a number is the request's fault, found first.
    assert_eq!(
        dealreg_err(&format!(r#"{{"registrations": {bad}, "window_days": "x"}}"#)),
        config_error(r#"window_days: "x" is not a number"#)
    );
    // A window past the year 9999: the registration is named, as in the CLI.
    let late = r#"[{"id": "R1", "partner_id": "P1", "customer": "Acme", "registered_on": "9999-12-01"}]"#;
    let cli = cli_error(late, &[]);
    assert_eq!(dealreg_err(&format!(r#"{{"registrations": {late}}}"#)), input_error(&cli));
    assert!(cli.starts_with("registrations[0] (registration R1): registered_on 9999-12-01 + 90 days"), "{cli}");
    let cli = cli_error(REGISTRATIONS, &["--window-days", "10000000000"]);
    assert_eq!(dealreg_err(&small(r#", "window_days": 10000000000"#)), input_error(&cli));
}

#[test]
fn registration_errors_are_the_clis() {
    let r = |fields: &str| format!(r#"{{"id": "R2", "partner_id": "P2", "customer": "Globex", {fields}}}"#);
    let first = r#"{"id": "R1", "partner_id": "P1", "customer": "Acme", "registered_on": "2026-01-10"}"#;
    for (second, needle) in [
        (
            r#"{"id": "R2", "partner_id": "P2", "customer": "Globex", "registered_on": "2026-02-30"}"#.to_string(),
            r#"registrations[1] (registration R2), field registered_on: "2026-02-30" is not a date (YYYY-MM-DD)"#,
        ),
        (r(r#""registered_on": "10/01/2026""#), "registrations[1] (registration R2), field registered_on: "),
        (
            r(r#""registered_on": "2026-01-10", "expires_on": "2026-01-10""#),
            "registrations[1] (registration R2), field expires_on: expires_on 2026-01-10 is not after registered_on 2026-01-10",
        ),
        (
            r(r#""registered_on": "2026-01-10", "expires_on": "2025-12-31""#),
            "registrations[1] (registration R2), field expires_on: ",
        ),
        (r(r#""registered_on": "2026-01-10", "expires_on": "soon""#), "registrations[1] (registration R2), field expires_on: "),
        (
            r#"{"id": "R1", "partner_id": "P2", "customer": "Globex", "registered_on": "2026-01-11"}"#.to_string(),
            "registrations[1] (registration R1): registration id R1 is already used at registrations[0] (registration R1)",
        ),
        (
            r#"{"id": "R2", "partner_id": "P2", "customer": "***", "registered_on": "2026-01-11"}"#.to_string(),
            r#"registrations[1] (registration R2), field customer: customer name "***" normalizes to nothing"#,
        ),
        (
            r#"{"id": "R2", "partner_id": "P2", "customer": " -- ", "registered_on": "2026-01-11"}"#.to_string(),
            "registrations[1] (registration R2), field customer: ",
        ),
        (r(r#""registered_on": "2026-01-11", "amount": "lots""#), "registrations[1] (registration R2), field amount: "),
        (r#"{"id": "R2", "customer": "Globex", "registered_on": "2026-01-11"}"#.to_string(), "registrations[1] (registration R2), field partner_id: "),
        (r(r#""registered_on": null"#), "registrations[1] (registration R2), field registered_on: "),
        (r#"{"partner_id": "P2", "customer": "Globex"}"#.to_string(), "registrations[1], field id: "),
        (r(r#""registered_on": "2026-01-11", "product": ["a"]"#), "registrations[1], field product: "),
        ("7".to_string(), "registrations[1]: "),
    ] {
        let registrations = format!("[{first},\n {second}]");
        let cli = cli_error(&registrations, &[]);
        assert!(cli.starts_with(needle), "{needle:?} does not start {cli:?}");
        let request = format!(r#"{{"registrations": {registrations}, "window_days": 30}}"#);
        assert_eq!(dealreg_err(&request), input_error(&cli), "{second}");
    }
}

#[test]
fn null_arguments() {
    check_null_arguments(
        ps_dealreg,
        &small(""),
        &[("[]", ps_status::PS_ERR_CONFIG), (r#"{"registrations": [], "window_days": 0}"#, ps_status::PS_ERR_INPUT)],
    );
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = call(b"{\"registrations\": [],\n \"window_days\": \"3\xff\"}").unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "request_json: line 2, byte 40: not valid UTF-8".into()
        }
    );
}

#[test]
fn the_buffer_length_is_respected() {
    let request = small("");
    let padded = [request.as_bytes(), b"} trailing \xff"].concat();
    assert_eq!(call(&padded[..request.len()]).unwrap(), dealreg_ok(&request));
    // A zero-length buffer is an empty document, not a NULL argument.
    let e = call(&padded[..0]).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF"), "{}", e.message);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Beyond serde_json's 128 levels inside the registrations: an input error naming the member, at the
    // line and column of the request (the 128th bracket: column 19 + 128 on line 1).
    for depth in [200, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            dealreg_err(&format!(r#"{{"registrations": {nested}}}"#)),
            input_error("registrations: invalid JSON: recursion limit exceeded at line 1 column 146")
        );
        let e = dealreg_err(&format!(r#"{{"registrations": [], "colour": {nested}}}"#));
        assert!(e.message.starts_with("colour: unknown key"), "{e:?}");
        let e = dealreg_err(&format!(r#"{{"registrations": [], "window_days": {nested}}}"#));
        assert_eq!(e, config_error("window_days: must be a whole number or its text, found an array"));
    }
    // The CLI on the same file: the same reason, at the file's line and column.
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(
        cli_error(&nested, &[]),
        "registrations line 1, column 128: invalid JSON: recursion limit exceeded at line 1 column 128"
    );
    // Within the limit: the engine's own errors.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = dealreg_err(&format!(r#"{{"registrations": {nested}}}"#));
    assert_eq!(e, input_error("registrations[0]: each record must be a JSON object"));
}
