//! `ps_track` called as C calls it: byte-for-byte parity with `partnerscore track --format json` on the
//! sample (with and without milestones, at three dates), the golden files the C test reads, the request's own
//! errors (JSON, keys, the required as_of and its form), the CLI's messages for each kind of bad
//! commitment and milestone with the kind's status, the CLI's order of checks, the boundary's checks,
//! and threads.

use partnerscore_tests::{repo_path, run_cli};

use super::support::{call_one_shot, check_c_golden, check_null_arguments, one_shot_err, one_shot_ok, read, CError};
use crate::*;

/// Calls `ps_track` as C does (see [`call_one_shot`]).
fn call(request: &[u8]) -> Result<String, CError> {
    call_one_shot(ps_track, request)
}

fn track_ok(request: &str) -> String {
    one_shot_ok(ps_track, request)
}

fn track_err(request: &str) -> CError {
    one_shot_err(ps_track, request)
}

/// A request of the sample commitments, the sample milestones when `milestones`, at `as_of`.
fn sample_request(milestones: bool, as_of: &str) -> String {
    let commitments = String::from_utf8(read("examples/commitments.json")).unwrap();
    let milestones = if milestones {
        format!(", \"milestones\": {}", String::from_utf8(read("examples/milestones.json")).unwrap())
    } else {
        String::new()
    };
    format!("{{\"commitments\": {commitments}{milestones}, \"as_of\": \"{as_of}\"}}")
}

/// The CLI's `track --format json` output on repository files (milestones optional) at `as_of`.
fn cli_json(commitments: &str, milestones: Option<&str>, as_of: &str) -> String {
    let commitments = repo_path(commitments);
    let milestones = milestones.map(repo_path);
    let mut args = vec!["track", "--commitments", &commitments];
    if let Some(m) = &milestones {
        args.extend(["--milestones", m]);
    }
    args.extend(["--as-of", as_of, "--format", "json"]);
    let cli = run_cli(&args);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    cli.stdout
}

const SAMPLE_AS_OF: &str = "2026-09-30";

#[test]
fn json_is_the_clis_output_byte_for_byte() {
    let (c_json, m_json) = ("examples/commitments.json", "examples/milestones.json");
    let c = track_ok(&sample_request(true, SAMPLE_AS_OF));
    assert_eq!(c, cli_json(c_json, Some(m_json), SAMPLE_AS_OF));
    // The CSV files give the CLI the same report.
    assert_eq!(c, cli_json("examples/commitments.csv", Some("examples/milestones.csv"), SAMPLE_AS_OF));
    assert!(
        c.starts_with(r#"{"as_of":"2026-09-30","commitments":[{"partner_id":"P012","#) && c.ends_with("}\n"),
        "{c}"
    );
    assert!(c.contains(r#""milestones":[{"partner_id":"P012","area":"management""#), "{c}");
    // Without milestones: none in the report.
    let without = track_ok(&sample_request(false, SAMPLE_AS_OF));
    assert_eq!(without, cli_json(c_json, None, SAMPLE_AS_OF));
    assert!(without.contains(r#""milestones":[],"partners":"#), "{without}");
    assert_ne!(without, c);
    // Another date: another report.
    for as_of in ["2026-03-31", "2027-01-15"] {
        let cli = cli_json(c_json, Some(m_json), as_of);
        assert_eq!(track_ok(&sample_request(true, as_of)), cli, "{as_of}");
        assert!(cli.starts_with(&format!(r#"{{"as_of":"{as_of}","#)), "{cli}");
        assert_ne!(cli, c);
        assert_eq!(track_ok(&sample_request(false, as_of)), cli_json(c_json, None, as_of), "{as_of}");
    }
}

#[test]
fn null_and_empty_milestones_are_none() {
    let without = track_ok(&sample_request(false, SAMPLE_AS_OF));
    let commitments = String::from_utf8(read("examples/commitments.json")).unwrap();
    for milestones in ["null", "[]"] {
        let request =
            format!(r#"{{"commitments": {commitments}, "milestones": {milestones}, "as_of": "{SAMPLE_AS_OF}"}}"#);
        assert_eq!(track_ok(&request), without, "{milestones}");
    }
    // Members in any order, whitespace anywhere.
    let milestones = String::from_utf8(read("examples/milestones.json")).unwrap();
    let reordered = format!(
        "\n {{ \"as_of\" : \"{SAMPLE_AS_OF}\" ,\n \"milestones\":{milestones}, \"commitments\":{commitments} }} \n"
    );
    assert_eq!(track_ok(&reordered), track_ok(&sample_request(true, SAMPLE_AS_OF)));
}

#[test]
fn golden_files_of_the_c_test_are_the_clis_output() {
    let cli = cli_json("examples/commitments.json", Some("examples/milestones.json"), SAMPLE_AS_OF);
    assert_eq!(track_ok(&sample_request(true, SAMPLE_AS_OF)), cli);
    check_c_golden("track_sample.json", &cli);
    // The repository's golden file (tests/golden/, the CLI's tests) holds the same report.
    let shared: serde_json::Value =
        serde_json::from_str(&String::from_utf8(read("tests/golden/track_sample.json")).unwrap()).unwrap();
    assert_eq!(shared, serde_json::from_str::<serde_json::Value>(&cli).unwrap());
    // Without milestones: the C test's second sample.
    let cli = cli_json("examples/commitments.json", None, SAMPLE_AS_OF);
    assert_eq!(track_ok(&sample_request(false, SAMPLE_AS_OF)), cli);
    check_c_golden("track_sample_no_milestones.json", &cli);
}

#[test]
fn threads_call_at_once() {
    let requests = [sample_request(true, SAMPLE_AS_OF), sample_request(false, "2026-03-31")];
    let first: Vec<String> = requests.iter().map(|r| track_ok(r)).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (requests, first) = (&requests, &first);
                s.spawn(move || {
                    for round in 0..3 {
                        let i = (t + round) % 2;
                        assert_eq!(track_ok(&requests[i]), first[i]);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}

/// 2026-01-01 → 2026-06-30 is 180 days; at 2026-03-31, 89 have passed: 12 × 89/180 = 5.9333 deals
/// expected, and 4 < 0.75 × 5.9333: behind by 1.9333.
const COMMITMENTS: &str = r#"[
 {"partner_id": "K1", "kind": "deals", "field": "deals_closed", "target": 12, "start": "2026-01-01", "due": "2026-06-30", "actual": 4},
 {"partner_id": "K1", "kind": "Resources", "field": "sales_reps", "target": "3", "start": "2026-01-01", "due": "2026-03-01", "actual": 1}]"#;

/// A management milestone done, and an operational one done before it: out of order.
const MILESTONES: &str = r#"[
 {"partner_id": "K1", "area": "management", "name": "Plan signed", "due": "2026-02-01", "done_on": "2026-01-20"},
 {"partner_id": "K2", "area": "operational", "name": "Portal", "due": "2026-03-01"}]"#;

/// A request of the small commitments and milestones at 2026-03-31.
fn small() -> String {
    format!(r#"{{"commitments": {COMMITMENTS}, "milestones": {MILESTONES}, "as_of": "2026-03-31"}}"#)
}

#[test]
fn small_tracking_by_hand() {
    let v: serde_json::Value = serde_json::from_str(&track_ok(&small())).unwrap();
    assert_eq!(v["as_of"], "2026-03-31");
    assert_eq!(v["commitments"][0]["status"], "behind");
    assert_eq!(v["commitments"][0]["expected_to_date"], "5.9333");
    assert_eq!(v["commitments"][0]["shortfall"], "1.9333");
    // Due 2026-03-01, before as_of: overdue by target − actual.
    assert_eq!(v["commitments"][1]["kind"], "resources");
    assert_eq!(v["commitments"][1]["status"], "overdue");
    assert_eq!(v["commitments"][1]["shortfall"], "2");
    assert_eq!(v["milestones"][0]["status"], "done");
    assert_eq!(v["milestones"][1]["status"], "overdue");
    // Partners in order of first appearance: K1 (commitments), then K2 (milestones only).
    assert_eq!(v["partners"][0]["id"], "K1");
    assert_eq!(v["partners"][0]["overdue"], 1);
    assert_eq!(v["partners"][0]["behind"], 1);
    assert_eq!(v["partners"][0]["impediments"][0]["status"], "overdue");
    assert_eq!(v["partners"][0]["impediments"][0]["text"], "resources: 2 sales_reps short of target, due 2026-03-01");
    assert_eq!(v["partners"][1]["id"], "K2");
    assert_eq!(v["partners"][1]["impediments"], serde_json::json!([]));
    // Nothing at all.
    assert_eq!(
        track_ok(r#"{"commitments": [], "as_of": "2026-03-31"}"#),
        "{\"as_of\":\"2026-03-31\",\"commitments\":[],\"milestones\":[],\"partners\":[]}\n"
    );
}

fn config_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_CONFIG, message: message.to_string() }
}

fn input_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_INPUT, message: message.to_string() }
}

const KEYS_LIST: &str = "commitments, milestones, as_of";
const AS_OF_REQUIRED: &str = r#"as_of: required: the tracking date as text ("YYYY-MM-DD"); the library does not default it to today as the CLI does"#;

#[test]
fn request_errors_are_config_errors() {
    let e = track_err("");
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF while parsing"), "{}", e.message);
    let e = track_err(r#"{"commitments": ["#);
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: ") && e.message.ends_with("line 1 column 17"), "{e:?}");
    let e = track_err(r#"{"commitments": [], "as_of": "2026-03-31"} x"#);
    assert!(e.message.starts_with("(root): invalid JSON: trailing characters"), "{}", e.message);
    for (request, found) in [("[]", "an array"), (r#""text""#, r#""text""#), ("42", "42"), ("null", "null")] {
        assert_eq!(
            track_err(request),
            config_error(&format!(
                r#"(root): the request must be a JSON object ({{"commitments": [...], "milestones": [...], "as_of": "YYYY-MM-DD"}}), found {found}"#
            ))
        );
    }
    // Unknown keys: the first in document order is named, with the keys a request takes.
    assert_eq!(
        track_err(r#"{"commitments": [], "as_of": "2026-03-31", "zebra": 1, "colour": 2}"#),
        config_error(&format!("zebra: unknown key; a track request takes {KEYS_LIST}"))
    );
    assert_eq!(
        track_err(r#"{"commitments": [], "asOf": "2026-03-31"}"#),
        config_error(&format!("asOf: unknown key; a track request takes {KEYS_LIST}"))
    );
    assert_eq!(
        track_err(r#"{"commitments": [], "as of": "2026-03-31"}"#),
        config_error(&format!(r#""as of": unknown key; a track request takes {KEYS_LIST}"#))
    );
    // A dealreg key is not a track key.
    assert_eq!(
        track_err(r#"{"commitments": [], "as_of": "2026-03-31", "window_days": 30}"#),
        config_error(&format!("window_days: unknown key; a track request takes {KEYS_LIST}"))
    );
    // Repeated keys, also written with an escape.
    assert_eq!(
        track_err(r#"{"as_of": "2026-03-31", "commitments": [], "as_of": null}"#),
        config_error("as_of: repeated key")
    );
    assert_eq!(
        track_err(r#"{"commitments": [], "milestones": [], "as_of": "2026-03-31", "mil\u0065stones": []}"#),
        config_error("milestones: repeated key")
    );
    // Missing (or null) commitments, before as_of.
    let required = config_error("commitments: required: a JSON array of commitment objects");
    assert_eq!(track_err("{}"), required);
    assert_eq!(track_err(r#"{"as_of": "2026-03-31"}"#), required);
    assert_eq!(track_err(r#"{"commitments": null, "as_of": "x"}"#), required);
    assert_eq!(track_err(r#"{"milestones": [], "as_of": "2026-03-31"}"#), required);
    // Commitments or milestones that are not an array: the request's member is named.
    for (member, found) in [(r#"{"partner_id": "K1"}"#, "an object"), (r#""K1""#, r#""K1""#), ("12", "12")] {
        assert_eq!(
            track_err(&format!(r#"{{"commitments": {member}, "as_of": "2026-03-31"}}"#)),
            input_error(&format!("commitments: must be a JSON array of objects, found {found}"))
        );
        assert_eq!(
            track_err(&format!(r#"{{"commitments": [], "milestones": {member}, "as_of": "2026-03-31"}}"#)),
            input_error(&format!("milestones: must be a JSON array of objects, found {found}"))
        );
    }
}

/// Runs `partnerscore track` on `commitments` (and `milestones`) written to files with `flags`, expecting
/// exit 2: the error line without `error: ` and the file's `PATH: ` (when the line names one).
fn cli_error(commitments: &str, milestones: Option<&str>, flags: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "partnerscore-c-track-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let c_path = dir.join("c.json");
    std::fs::write(&c_path, commitments).unwrap();
    let c_path = c_path.display().to_string();
    let m_path = dir.join("m.json");
    let m_path = m_path.display().to_string();
    let mut args = vec!["track", "--commitments", &c_path];
    if let Some(milestones) = milestones {
        std::fs::write(&m_path, milestones).unwrap();
        args.extend(["--milestones", &m_path]);
    }
    args.extend(flags);
    args.extend(["--format", "json"]);
    let cli = run_cli(&args);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(cli.code, 2, "{}\n{commitments}", cli.stderr);
    assert!(cli.stdout.is_empty(), "{}", cli.stdout);
    let line = cli.stderr.trim_end().strip_prefix("error: ").expect("error: ");
    for path in [&c_path, &m_path] {
        if let Some(rest) = line.strip_prefix(&format!("{path}: ")) {
            return rest.to_string();
        }
    }
    line.to_string()
}

#[test]
fn as_of_is_required_and_read_as_the_cli_reads_it() {
    assert_eq!(track_err(&format!(r#"{{"commitments": {COMMITMENTS}}}"#)), config_error(AS_OF_REQUIRED));
    assert_eq!(track_err(&format!(r#"{{"commitments": {COMMITMENTS}, "as_of": null}}"#)), config_error(AS_OF_REQUIRED));
    // Not a date: the CLI's reason for --as-of, at the request's key.
    for bad in ["2026-13-01", "2026-02-30", "30/09/2026", "2026-9-30", "", " 2026-09-30", "today"] {
        let cli = cli_error(COMMITMENTS, None, &["--as-of", bad]);
        assert_eq!(cli, format!("--as-of {bad:?}: not a date (YYYY-MM-DD)"));
        assert_eq!(
            track_err(&format!(r#"{{"commitments": {COMMITMENTS}, "as_of": "{bad}"}}"#)),
            config_error(&format!("as_of: {bad:?} is not a date (YYYY-MM-DD)")),
            "{bad}"
        );
    }
    // Not text.
    for (member, found) in [("20260930", "20260930"), (r#"["2026-09-30"]"#, "an array"), ("true", "true")] {
        assert_eq!(
            track_err(&format!(r#"{{"commitments": [], "as_of": {member}}}"#)),
            config_error(&format!(r#"as_of: must be a date as text ("YYYY-MM-DD"), found {found}"#))
        );
    }
    // As in the CLI, as_of is read before the commitments and milestones...
    let bad = r#"[{"partner_id": "K1", "kind": "revenue", "field": "x", "target": 1, "start": "2026-01-01", "due": "2026-06-30"}]"#;
    let cli = cli_error(bad, Some("7"), &["--as-of", "2026-13-01"]);
    assert_eq!(cli, r#"--as-of "2026-13-01": not a date (YYYY-MM-DD)"#);
    let request = format!(r#"{{"commitments": {bad}, "milestones": 7, "as_of": "2026-13-01"}}"#);
    assert_eq!(track_err(&request), config_error(r#"as_of: "2026-13-01" is not a date (YYYY-MM-DD)"#));
    assert_eq!(track_err(&format!(r#"{{"commitments": {bad}, "milestones": 7}}"#)), config_error(AS_OF_REQUIRED));
    // ...and the commitments before the milestones.
    let cli = cli_error(bad, Some("7"), &["--as-of", "2026-03-31"]);
    assert!(cli.starts_with("commitments[0] (partner K1), field kind: unknown kind"), "{cli}");
    let request = format!(r#"{{"commitments": {bad}, "milestones": 7, "as_of": "2026-03-31"}}"#);
    assert_eq!(track_err(&request), input_error(&cli));
}

#[test]
fn commitment_errors_are_the_clis() {
    let c = |fields: &str| format!(r#"{{"partner_id": "K1", "field": "x", {fields}}}"#);
    let dates = r#""start": "2026-01-01", "due": "2026-06-30""#;
    for (second, needle) in [
        (
            c(&format!(r#""kind": "revenue", "target": 1, {dates}"#)),
            r#"commitments[1] (partner K1), field kind: unknown kind "revenue": expected one of resources, training, deals, pipeline, marketing, other"#,
        ),
        (
            c(&format!(r#""kind": "deals", "target": 0, {dates}"#)),
            "commitments[1] (partner K1), field target: target must be greater than 0, found 0",
        ),
        (
            c(&format!(r#""kind": "deals", "target": -2, {dates}"#)),
            "commitments[1] (partner K1), field target: target must be greater than 0, found -2",
        ),
        (
            c(r#""kind": "deals", "target": 2, "start": "2026-01-01", "due": "2026-01-01""#),
            "commitments[1] (partner K1), field due: due 2026-01-01 is not after start 2026-01-01",
        ),
        (
            c(r#""kind": "deals", "target": 2, "start": "2026-06-30", "due": "2026-01-01""#),
            "commitments[1] (partner K1), field due: due 2026-01-01 is not after start 2026-06-30",
        ),
        (
            c(r#""kind": "deals", "target": 2, "start": "2026-02-30", "due": "2026-06-30""#),
            r#"commitments[1] (partner K1), field start: start "2026-02-30" is not a date (YYYY-MM-DD)"#,
        ),
        (
            c(r#""kind": "deals", "target": 2, "start": "2026-01-01", "due": "30/06/2026""#),
            r#"commitments[1] (partner K1), field due: due "30/06/2026" is not a date (YYYY-MM-DD)"#,
        ),
        (
            c(&format!(r#""kind": "deals", "target": 2, {dates}, "actual": -1"#)),
            "commitments[1] (partner K1), field actual: actual must not be negative, found -1",
        ),
        (c(&format!(r#""kind": "deals", "target": "lots", {dates}"#)), "commitments[1] (partner K1), field target: "),
        (
            c(&format!(r#""kind": "deals", "target": 2, {dates}, "actual": "some""#)),
            "commitments[1] (partner K1), field actual: ",
        ),
        (c(&format!(r#""kind": "deals", {dates}"#)), "commitments[1] (partner K1), field target: "),
        (c(r#""kind": "deals", "target": 2, "due": "2026-06-30""#), "commitments[1] (partner K1), field start: "),
        (
            format!(r#"{{"kind": "deals", "field": "x", "target": 2, {dates}}}"#),
            "commitments[1], field partner_id: partner_id is required",
        ),
        (c(&format!(r#""kind": ["deals"], "target": 2, {dates}"#)), "commitments[1], field kind: "),
        ("7".to_string(), "commitments[1]: each record must be a JSON object"),
    ] {
        let commitments = format!(
            r#"[{{"partner_id": "K0", "kind": "other", "field": "y", "target": 1, {dates}}},
 {second}]"#
        );
        let cli = cli_error(&commitments, None, &["--as-of", "2026-03-31"]);
        assert!(cli.starts_with(needle), "{needle:?} does not start {cli:?}");
        let request = format!(r#"{{"commitments": {commitments}, "milestones": {MILESTONES}, "as_of": "2026-03-31"}}"#);
        assert_eq!(track_err(&request), input_error(&cli), "{second}");
    }
}

#[test]
fn milestone_errors_are_the_clis() {
    let m = |fields: &str| format!(r#"{{"partner_id": "K1", "name": "x", {fields}}}"#);
    for (second, needle) in [
        (
            m(r#""area": "finance", "due": "2026-03-01""#),
            r#"milestones[1] (partner K1), field area: unknown area "finance": expected one of management, operational, sales_marketing, product"#,
        ),
        (
            m(r#""area": "management", "due": "2026-13-01""#),
            r#"milestones[1] (partner K1), field due: due "2026-13-01" is not a date (YYYY-MM-DD)"#,
        ),
        (
            m(r#""area": "management", "due": "2026-03-01", "done_on": "soon""#),
            r#"milestones[1] (partner K1), field done_on: done_on "soon" is not a date (YYYY-MM-DD)"#,
        ),
        (m(r#""area": "management""#), "milestones[1] (partner K1), field due: "),
        (m(r#""due": "2026-03-01""#), "milestones[1] (partner K1), field area: "),
        (r#"{"area": "product", "name": "x", "due": "2026-03-01"}"#.to_string(), "milestones[1], field partner_id: "),
        ("[]".to_string(), "milestones[1]: each record must be a JSON object"),
    ] {
        let milestones = format!(
            r#"[{{"partner_id": "K1", "area": "management", "name": "Plan", "due": "2026-02-01"}},
 {second}]"#
        );
        let cli = cli_error(COMMITMENTS, Some(&milestones), &["--as-of", "2026-03-31"]);
        assert!(cli.starts_with(needle), "{needle:?} does not start {cli:?}");
        let request = format!(r#"{{"commitments": {COMMITMENTS}, "milestones": {milestones}, "as_of": "2026-03-31"}}"#);
        assert_eq!(track_err(&request), input_error(&cli), "{second}");
    }
}

#[test]
fn null_arguments() {
    check_null_arguments(
        ps_track,
        &small(),
        &[
            ("{}", ps_status::PS_ERR_CONFIG),
            (r#"{"commitments": [7], "as_of": "2026-03-31"}"#, ps_status::PS_ERR_INPUT),
        ],
    );
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = call(b"{\"commitments\": [],\n \"as_of\": \"2026\xff\"}").unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "request_json: line 2, byte 35: not valid UTF-8".into()
        }
    );
}

#[test]
fn the_buffer_length_is_respected() {
    let request = small();
    let padded = [request.as_bytes(), b"} trailing \xff"].concat();
    assert_eq!(call(&padded[..request.len()]).unwrap(), track_ok(&request));
    // A zero-length buffer is an empty document, not a NULL argument.
    let e = call(&padded[..0]).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF"), "{}", e.message);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Beyond serde_json's 128 levels inside a member: an input error naming the member, at the line and
    // column of the request (the 128th bracket: column 17 + 128 on line 1 for the commitments).
    for depth in [200, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            track_err(&format!(r#"{{"commitments": {nested}, "as_of": "2026-03-31"}}"#)),
            input_error("commitments: invalid JSON: recursion limit exceeded at line 1 column 144")
        );
        assert_eq!(
            track_err(&format!(
                r#"{{"commitments": [],
 "milestones": {nested}, "as_of": "2026-03-31"}}"#
            )),
            input_error("milestones: invalid JSON: recursion limit exceeded at line 2 column 143")
        );
        let e = track_err(&format!(r#"{{"commitments": [], "as_of": "2026-03-31", "colour": {nested}}}"#));
        assert!(e.message.starts_with("colour: unknown key"), "{e:?}");
        let e = track_err(&format!(r#"{{"commitments": [], "as_of": {nested}}}"#));
        assert_eq!(e, config_error(r#"as_of: must be a date as text ("YYYY-MM-DD"), found an array"#));
    }
    // The CLI on the same file: the same reason, at the file's line and column.
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(
        cli_error(&nested, None, &["--as-of", "2026-03-31"]),
        "commitments line 1, column 128: invalid JSON: recursion limit exceeded at line 1 column 128"
    );
    // Within the limit: the engine's own errors.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = track_err(&format!(r#"{{"commitments": {nested}, "as_of": "2026-03-31"}}"#));
    assert_eq!(e, input_error("commitments[0]: each record must be a JSON object"));
}
