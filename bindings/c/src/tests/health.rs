//! `ps_health` called as C calls it: byte-for-byte parity with `partnerscore health --format json` on the
//! sample (with and without a profile, with as_of and every option), the golden files the C test reads,
//! the request's own errors (JSON, keys, options), the CLI's messages for errors inside the profile
//! (prefixed `profile`), partners and history with the kind's status, the boundary's checks, and threads.

use partnerscore_tests::{repo_path, run_cli};

use super::support::{call_one_shot, check_c_golden, check_null_arguments, one_shot_err, one_shot_ok, read, CError};
use crate::*;

/// Calls `ps_health` as C does (see [`call_one_shot`]).
fn call(request: &[u8]) -> Result<String, CError> {
    call_one_shot(ps_health, request)
}

fn health_ok(request: &str) -> String {
    one_shot_ok(ps_health, request)
}

fn health_err(request: &str) -> CError {
    one_shot_err(ps_health, request)
}

fn text(rel: &str) -> String {
    String::from_utf8(read(rel)).unwrap()
}

/// A request of the sample files (`profile` a repository file or none) and `extra` members
/// (`, "as_of": ...`).
fn sample_request(profile: Option<&str>, extra: &str) -> String {
    let profile = profile.map(|p| format!(",\n \"profile\": {}", text(p))).unwrap_or_default();
    format!(
        "{{\"partners\": {},\n \"history\": {}{profile}{extra}}}",
        text("examples/partners.json"),
        text("examples/history.json")
    )
}

/// The CLI's `health --format json` output on repository files and extra flags.
fn cli_json(partners: &str, history: &str, profile: Option<&str>, flags: &[&str]) -> String {
    let (partners, history) = (repo_path(partners), repo_path(history));
    let mut args = vec!["health", "--partners", &partners, "--history", &history];
    let profile = profile.map(repo_path);
    if let Some(p) = &profile {
        args.extend(["--profile", p]);
    }
    args.extend(flags);
    args.extend(["--format", "json"]);
    let cli = run_cli(&args);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    cli.stdout
}

const OPTION_FLAGS: [&str; 6] = ["--as-of", "2026-06-30", "--min-deals-per-year", "4", "--flat-band", "0.05"];

#[test]
fn json_is_the_clis_output_byte_for_byte() {
    let (p, h, prof) = ("examples/partners.json", "examples/history.json", "examples/profile.json");
    // Defaults, no profile.
    let c = health_ok(&sample_request(None, ""));
    assert_eq!(c, cli_json(p, h, None, &[]));
    // The CSV files give the CLI the same report.
    assert_eq!(c, cli_json("examples/partners.csv", "examples/history.csv", None, &[]));
    assert!(c.starts_with(r#"{"as_of":"2026-12-31","history_rows_ignored":4,"#) && c.ends_with("}\n"), "{c}");
    // With the profile: verdicts and terminate / keep_without_investment.
    let c = health_ok(&sample_request(Some(prof), ""));
    assert_eq!(c, cli_json(p, h, Some(prof), &[]));
    assert!(c.contains(r#""recommendation":"terminate""#), "{c}");
    // as_of and options, as JSON numbers and as numeric text.
    let cli = cli_json(p, h, Some(prof), &OPTION_FLAGS);
    let numbers = r#", "as_of": "2026-06-30", "min_deals_per_year": 4, "flat_band": 0.05"#;
    let texts = r#", "as_of": "2026-06-30", "min_deals_per_year": "4", "flat_band": "0.05""#;
    assert_eq!(health_ok(&sample_request(Some(prof), numbers)), cli);
    assert_eq!(health_ok(&sample_request(Some(prof), texts)), cli);
    assert!(cli.starts_with(r#"{"as_of":"2026-06-30","#), "{cli}");
    assert_ne!(cli, c);
    // The field options and min_revenue.
    let flags = ["--as-of", "2026-06-30", "--deals-field", "revenue", "--trajectory-field", "deals_closed"];
    let extra = r#", "as_of": "2026-06-30", "deals_field": "revenue", "trajectory_field": "deals_closed""#;
    assert_eq!(health_ok(&sample_request(None, extra)), cli_json(p, h, None, &flags));
    let flags = ["--revenue-field", "deals_closed", "--min-revenue", "1.5"];
    let extra = r#", "revenue_field": "deals_closed", "min_revenue": 1.5"#;
    assert_eq!(health_ok(&sample_request(None, extra)), cli_json(p, h, None, &flags));
}

#[test]
fn null_members_are_absent_and_the_defaults_are_the_clis() {
    let plain = health_ok(&sample_request(None, ""));
    let nulls = r#", "profile": null, "as_of": null, "revenue_field": null, "deals_field": null,
        "trajectory_field": null, "min_revenue": null, "min_deals_per_year": null, "flat_band": null"#;
    assert_eq!(health_ok(&sample_request(None, nulls)), plain);
    let defaults = r#", "revenue_field": "revenue", "deals_field": "deals_closed", "trajectory_field": "revenue",
        "min_revenue": 0, "min_deals_per_year": "3", "flat_band": 2e-2"#;
    assert_eq!(health_ok(&sample_request(None, defaults)), plain);
    // Members in any order, whitespace anywhere.
    let reordered = format!(
        "\n {{ \"history\" :\n{} , \"as_of\" : \"2026-12-31\", \"partners\":{} }} \n",
        text("examples/history.json"),
        text("examples/partners.json")
    );
    assert_eq!(health_ok(&reordered), plain);
}

#[test]
fn golden_files_of_the_c_test_are_the_clis_output() {
    let (p, h, prof) = ("examples/partners.json", "examples/history.json", "examples/profile.json");
    let cli = cli_json(p, h, None, &[]);
    assert_eq!(health_ok(&sample_request(None, "")), cli);
    check_c_golden("health_sample.json", &cli);
    let cli = cli_json(p, h, Some(prof), &OPTION_FLAGS);
    check_c_golden("health_sample_profile.json", &cli);
}

#[test]
fn threads_call_at_once() {
    let request = sample_request(Some("examples/profile.json"), r#", "as_of": "2026-06-30""#);
    let first = health_ok(&request);
    std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..4).map(|_| s.spawn(|| (0..3).map(|_| health_ok(&request)).collect::<Vec<_>>())).collect();
        for h in handles {
            for json in h.join().unwrap() {
                assert_eq!(json, first);
            }
        }
    });
}

const PARTNERS: &str = r#"[{"id": "A", "name": "Alpha", "signed_on": "2024-01-01", "first_revenue_on": "2024-03-01",
  "region": "EMEA", "sql": 80, "mql": 400},
 {"id": "B", "signed_on": "2025-06-01", "region": "APAC"}]"#;
const HISTORY: &str = r#"[{"partner_id": "A", "period": "2025-Q3", "revenue": 100, "deals_closed": 1},
 {"partner_id": "A", "period": "2025-Q4", "revenue": "150", "deals_closed": 1},
 {"partner_id": "B", "period": "2025-Q4", "revenue": 0, "deals_closed": 0},
 {"partner_id": "Z", "period": "2025-Q4", "revenue": 9}]"#;
const PROFILE: &str =
    r#"{"name": "p", "criteria": [{"field": "region", "one_of": ["EMEA", "NA"], "area": "operational"}]}"#;

/// A request of the small partners, history and profile with `extra` members.
fn small(extra: &str) -> String {
    format!(r#"{{"partners": {PARTNERS}, "history": {HISTORY}, "profile": {PROFILE}{extra}}}"#)
}

#[test]
fn small_review_by_hand() {
    let json = health_ok(&small(""));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["as_of"], "2025-12-31");
    assert_eq!(v["history_rows_ignored"], 1);
    assert_eq!(v["contribution_rate"][1]["active"], 2);
    assert_eq!(v["contribution_rate"][1]["contributing"], 1);
    assert_eq!(v["contribution_rate"][1]["rate"], "0.5");
    assert_eq!(v["time_to_revenue"]["median_days"], 60);
    assert_eq!(v["time_to_revenue"]["waiting"], 1);
    let a = &v["partners"][0];
    assert_eq!(a["name"], "Alpha");
    assert_eq!(a["trajectory"]["direction"], "improving");
    assert_eq!(a["derived"]["mql_to_sql"], "0.2");
    // A: 2 deals in the last 12 months ≤ 3, signed 2024-01-01: non-productive, a good fit: keep.
    assert_eq!(a["non_productive"], true);
    assert_eq!(a["verdict"], "ideal");
    assert_eq!(a["recommendation"], "keep_without_investment");
    // B signed 2025-06-01: not judged yet; APAC is a poor fit.
    assert_eq!(v["partners"][1]["non_productive"], false);
    assert_eq!(v["partners"][1]["verdict"], "poor_fit");
    assert_eq!(v["partners"][1]["recommendation"], serde_json::Value::Null);
    // min_deals_per_year 1: A's 2 deals are enough.
    let v: serde_json::Value = serde_json::from_str(&health_ok(&small(r#", "min_deals_per_year": 1"#))).unwrap();
    assert_eq!(v["partners"][0]["non_productive"], false);
    // No partners: empty lists, every history row ignored.
    let json = health_ok(&format!(r#"{{"partners": [], "history": {HISTORY}}}"#));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["partners"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["history_rows_ignored"], 4);
    assert_eq!(v["time_to_revenue"]["median_days"], serde_json::Value::Null);
    // No history, as_of given.
    let json = health_ok(&format!(r#"{{"partners": {PARTNERS}, "history": [], "as_of": "2026-06-30"}}"#));
    assert!(json.starts_with(r#"{"as_of":"2026-06-30","history_rows_ignored":0,"contribution_rate":[]"#), "{json}");
}

fn config_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_CONFIG, message: message.to_string() }
}

fn input_error(message: &str) -> CError {
    CError { status: ps_status::PS_ERR_INPUT, message: message.to_string() }
}

const KEYS_LIST: &str = "partners, history, profile, as_of, revenue_field, deals_field, trajectory_field, \
                         min_revenue, min_deals_per_year, flat_band";

#[test]
fn request_errors_are_config_errors() {
    let e = health_err("");
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF while parsing"), "{}", e.message);
    let e = health_err(r#"{"partners": [], "history": ["#);
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: ") && e.message.ends_with("line 1 column 29"), "{e:?}");
    let e = health_err(r#"{"partners": [], "history": []} x"#);
    assert!(e.message.starts_with("(root): invalid JSON: trailing characters"), "{}", e.message);
    for (request, found) in
        [("[]", "an array"), (r#""text""#, r#""text""#), ("42", "42"), ("null", "null"), (" true", "true")]
    {
        assert_eq!(
            health_err(request),
            config_error(&format!(
                r#"(root): the request must be a JSON object ({{"partners": [...], "history": [...], ...}}), found {found}"#
            ))
        );
    }
    // Unknown keys: the first in document order is named, with the keys a request takes.
    assert_eq!(
        health_err(r#"{"partners": [], "zebra": 1, "history": [], "colour": 2}"#),
        config_error(&format!("zebra: unknown key; a health request takes {KEYS_LIST}"))
    );
    assert_eq!(
        health_err(r#"{"partners": [], "history": [], "as of": "2026-06-30"}"#),
        config_error(&format!(r#""as of": unknown key; a health request takes {KEYS_LIST}"#))
    );
    assert_eq!(
        health_err(r#"{"partners": [], "history": [], "minRevenue": 5}"#).message,
        format!("minRevenue: unknown key; a health request takes {KEYS_LIST}")
    );
    // A repeated key, however far apart and whatever the first value held.
    assert_eq!(
        health_err(r#"{"partners": [{"id": "A", "x": {"partners": []}}], "history": [], "partners": []}"#),
        config_error("partners: repeated key")
    );
    assert_eq!(
        health_err(r#"{"as_of": "2026-06-30", "partners": [], "history": [], "as_of": null}"#),
        config_error("as_of: repeated key")
    );
    assert_eq!(
        health_err(r#"{"partners": [], "history": [], "p\u0061rtners": [], "colour": 1}"#),
        config_error("partners: repeated key")
    );
    // Keys and strings holding quotes, colons and braces do not confuse the scan.
    let tricky = r#"{"partners": [{"id": "A\":{\"", "name": "}:"}], "history": [], "as_of": "2026-06-30"}"#;
    assert!(health_ok(tricky).contains(r#""id":"A\":{\"""#));
    assert_eq!(
        health_err(r#"{"partners": [], "history": [], "a\":b": 1}"#).message,
        format!(r#""a\":b": unknown key; a health request takes {KEYS_LIST}"#)
    );
    // Missing (or null) partners and history.
    assert_eq!(health_err(r#"{"history": []}"#), config_error("partners: required: a JSON array of partner objects"));
    assert_eq!(
        health_err(r#"{"partners": null, "history": []}"#),
        config_error("partners: required: a JSON array of partner objects")
    );
    assert_eq!(
        health_err(r#"{"partners": []}"#),
        config_error(r#"history: required: a JSON array of {"partner_id", "period", ...} rows, [] for none"#)
    );
    assert_eq!(health_err("{}").message, "partners: required: a JSON array of partner objects");
    // Checked with the request, before the options and the profile (the CLI's required arguments).
    assert_eq!(
        health_err(r#"{"partners": [], "profile": 7, "min_revenue": -1}"#).message,
        r#"history: required: a JSON array of {"partner_id", "period", ...} rows, [] for none"#
    );
}

/// Runs `partnerscore health` on the texts written to files with `flags`, expecting exit 2: the error
/// line without `error: ` and, when the CLI names one, the file's `PATH: ` (the file's name is returned
/// too: `p.json`, `h.json`, `profile.json` or "" for an option).
fn cli_error(partners: &str, history: &str, profile: Option<&str>, flags: &[&str]) -> (String, String) {
    let dir = std::env::temp_dir().join(format!(
        "partnerscore-c-health-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = vec![("p.json", partners), ("h.json", history)];
    if let Some(p) = profile {
        files.push(("profile.json", p));
    }
    let paths: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path.display().to_string()
        })
        .collect();
    let mut args = vec!["health", "--partners", &paths[0], "--history", &paths[1]];
    if profile.is_some() {
        args.extend(["--profile", &paths[2]]);
    }
    args.extend(flags);
    args.extend(["--format", "json"]);
    let cli = run_cli(&args);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(cli.code, 2, "{}", cli.stderr);
    assert!(cli.stdout.is_empty(), "{}", cli.stdout);
    let line = cli.stderr.trim_end().strip_prefix("error: ").expect("error: ").to_string();
    for ((name, _), path) in files.iter().zip(&paths) {
        if let Some(rest) = line.strip_prefix(&format!("{path}: ")) {
            return (name.to_string(), rest.to_string());
        }
    }
    (String::new(), line)
}

#[test]
fn option_errors_name_the_option() {
    let cases: [(&str, &[&str], &str); 12] = [
        (r#""as_of": "2026-13-01""#, &["--as-of", "2026-13-01"], r#"as_of: "2026-13-01" is not a date (YYYY-MM-DD)"#),
        (r#""as_of": "30/06/2026""#, &["--as-of", "30/06/2026"], r#"as_of: "30/06/2026" is not a date (YYYY-MM-DD)"#),
        (r#""min_revenue": -1"#, &["--min-revenue=-1"], "min_revenue: must be ≥ 0, found -1"),
        (r#""min_revenue": "-0.5""#, &["--min-revenue=-0.5"], "min_revenue: must be ≥ 0, found -0.5"),
        (r#""min_deals_per_year": -3"#, &["--min-deals-per-year=-3"], "min_deals_per_year: must be ≥ 0, found -3"),
        (r#""flat_band": "-1e-2""#, &["--flat-band=-1e-2"], "flat_band: must be ≥ 0, found -0.01"),
        (r#""flat_band": "wide""#, &["--flat-band", "wide"], r#"flat_band: "wide" is not a number"#),
        (r#""min_revenue": "NaN""#, &["--min-revenue", "NaN"], "min_revenue: "),
        (r#""min_revenue": 1e400"#, &["--min-revenue", "1e400"], "min_revenue: "),
        (r#""revenue_field": """#, &["--revenue-field="], "revenue_field: must name a history field"),
        (r#""deals_field": " ""#, &["--deals-field= "], "deals_field: must name a history field"),
        (r#""trajectory_field": """#, &["--trajectory-field="], "trajectory_field: must name a history field"),
    ];
    for (member, flags, expected) in cases {
        let c = health_err(&small(&format!(", {member}")));
        assert_eq!(c.status, ps_status::PS_ERR_CONFIG, "{member}: {c:?}");
        assert!(c.message.starts_with(expected), "{member}: {c:?}");
        // The CLI says the same after its flag (`--min-revenue: …`, `--as-of "x": …`).
        let (file, cli) = cli_error(PARTNERS, HISTORY, Some(PROFILE), flags);
        assert_eq!(file, "", "{cli}");
        // `--min-revenue: REASON` or `--flat-band "TEXT": REASON`.
        let (key, reason) = c.message.split_once(": ").unwrap();
        let flag = format!("--{}", key.replace('_', "-"));
        let rest = cli.strip_prefix(&flag).unwrap_or_else(|| panic!("{cli}"));
        let cli_reason = rest.split_once(": ").map_or("", |(_, r)| r);
        if key == "as_of" {
            // The CLI shows the text before the colon: `--as-of "x": not a date (YYYY-MM-DD)`.
            assert_eq!(reason, format!("{:?} is {cli_reason}", flags[1]), "{member}");
        } else {
            assert_eq!(reason, cli_reason, "{member}");
        }
    }
    // Wrong JSON types, which the CLI's flags cannot have.
    for (member, expected) in [
        (r#""as_of": 20260630"#, r#"as_of: must be a date as text ("YYYY-MM-DD"), found 20260630"#),
        (r#""as_of": ["2026-06-30"]"#, r#"as_of: must be a date as text ("YYYY-MM-DD"), found an array"#),
        (r#""revenue_field": 7"#, "revenue_field: must be text (a history field name), found 7"),
        (r#""trajectory_field": {"f": 1}"#, "trajectory_field: must be text (a history field name), found an object"),
        (r#""min_revenue": true"#, "min_revenue: must be a number or numeric text, found true"),
        (r#""flat_band": [0.1]"#, "flat_band: must be a number or numeric text, found an array"),
        (r#""min_deals_per_year": "three""#, r#"min_deals_per_year: "three" is not a number"#),
        (r#""min_deals_per_year": """#, "min_deals_per_year: empty text is not a number"),
    ] {
        assert_eq!(health_err(&small(&format!(", {member}"))), config_error(expected), "{member}");
    }
    // Options are read before the profile, the partners and the history, as in the CLI.
    let e = health_err(r#"{"partners": 5, "history": 6, "profile": 7, "flat_band": -1}"#);
    assert_eq!(e, config_error("flat_band: must be ≥ 0, found -1"));
}

#[test]
fn profile_errors_are_the_clis_under_profile() {
    for profile in [
        r#"{"name": "p", "criteria": [{"field": "region", "one_of": ["EMEA"], "area": "finance"}]}"#,
        r#"{"name": "p", "criteria": [{"field": "n", "between": [9, 2], "area": "product"}]}"#,
        r#"{"name": "p", "criteria": [{"field": "n", "at_least": 1, "area": "product", "colour": 1}]}"#,
        r#"{"name": "p", "thresholds": {"ideal": 50, "develop": 60}, "criteria": [{"field": "n", "at_least": 1, "area": "product"}]}"#,
        r#"{"name": "p", "criteria": []}"#,
        r#"{"name": "p", "colour": 1, "criteria": []}"#,
        r#"{"criteria": [{"field": "n", "at_least": 1, "area": "product"}]}"#,
        r#"[1]"#,
        r#""profile""#,
    ] {
        let (file, cli) = cli_error(PARTNERS, HISTORY, Some(profile), &[]);
        assert_eq!(file, "profile.json", "{cli}");
        let expected = match cli.strip_prefix("(root): ") {
            Some(rest) => format!("profile: {rest}"),
            None if cli.starts_with('[') => format!("profile{cli}"),
            None => format!("profile.{cli}"),
        };
        let request = format!(r#"{{"partners": {PARTNERS}, "history": {HISTORY}, "profile": {profile}}}"#);
        assert_eq!(health_err(&request), config_error(&expected), "{profile}");
    }
    let request = format!(
        r#"{{"partners": {PARTNERS}, "history": {HISTORY}, "profile": {{"name": "p", "criteria": [{{"field": "n", "between": [9, 2], "area": "product"}}]}}}}"#
    );
    assert!(health_err(&request).message.starts_with("profile.criteria[0].between: "));
    // A partner value the profile cannot read: the CLI's partner error.
    let profile = r#"{"name": "p", "criteria": [{"field": "employees", "at_least": 5, "area": "management"}]}"#;
    let partners = r#"[{"id": "A", "employees": "many"}]"#;
    let (file, cli) = cli_error(partners, HISTORY, Some(profile), &[]);
    assert_eq!(file, "p.json");
    let request = format!(r#"{{"partners": {partners}, "history": {HISTORY}, "profile": {profile}}}"#);
    assert_eq!(health_err(&request), input_error(&cli));
    assert!(cli.starts_with("partners[0] (partner A), field employees: "), "{cli}");
}

/// The C failure on partners and history is the CLI's message (which names `source`) with `status`.
fn assert_same_error_as_cli(partners: &str, history: &str, source: &str, status: ps_status) -> String {
    let (file, cli) = cli_error(partners, history, None, &[]);
    assert_eq!(file, source, "{cli}");
    let request = format!(r#"{{"partners": {partners}, "history": {history}}}"#);
    assert_eq!(health_err(&request), CError { status, message: cli.clone() });
    cli
}

#[test]
fn partner_and_history_errors_are_the_clis() {
    for (partners, needle) in [
        (r#"[{"id": "A", "signed_on": "2024-02-30"}]"#, "partners[0] (partner A), field signed_on: "),
        (
            r#"[{"id": "A", "signed_on": "2024-02-01", "first_revenue_on": "2024-01-01"}]"#,
            "partners[0] (partner A), field first_revenue_on: ",
        ),
        (
            r#"[{"id": "A", "signed_on": "2024-02-01", "terminated_on": "2024-01-01"}]"#,
            "partners[0] (partner A), field terminated_on: ",
        ),
        (r#"[{"id": "A", "mql": "lots", "sql": 3}]"#, "partners[0] (partner A), field mql"),
        (r#"[{"id": "A", "win_rate": [1]}]"#, "partners[0] (partner A), field win_rate: "),
        (r#"[{"id": "A"}, {"id": "A"}]"#, "partners[1] (partner A): duplicate"),
        (r#"[{"name": "no id"}]"#, "partners[0]: field id"),
        (r#"[7]"#, "partners[0]: "),
    ] {
        let message = assert_same_error_as_cli(partners, HISTORY, "p.json", ps_status::PS_ERR_INPUT);
        assert!(message.starts_with(needle), "{needle:?} does not start {message:?}");
    }
    for (history, needle) in [
        (
            r#"[{"partner_id": "A", "period": "2025-Q1"}, {"partner_id": "A", "period": "2025-Q1"}]"#,
            "history[1] (partner A): partner A already has period 2025-Q1 at history[0]",
        ),
        (r#"[{"partner_id": "A", "period": "2026-Q5", "revenue": 1}]"#, "history[0] (partner A): "),
        (r#"[{"partner_id": "A", "period": "2025-Q1", "revenue": [1]}]"#, "history[0], field revenue: "),
        (r#"[{"period": "2026-Q1"}]"#, "history[0]"),
        (r#"[3]"#, "history[0]"),
        (r#"{"partner_id": "A"}"#, "history: must be a JSON array of objects"),
        (r#"[{"partner_id": "A", "period": "2025-Q1", "revenue": "lots"}]"#, "history[0] (partner A), field revenue: "),
    ] {
        let partners = r#"[{"id": "A", "signed_on": "2024-01-01"}]"#;
        let message = assert_same_error_as_cli(partners, history, "h.json", ps_status::PS_ERR_INPUT);
        assert!(message.starts_with(needle), "{needle:?} does not start {message:?}");
    }
    // Partners before history, as in the CLI.
    let message =
        assert_same_error_as_cli(r#"[{"id": "A"}, {"id": "A"}]"#, r#"[3]"#, "p.json", ps_status::PS_ERR_INPUT);
    assert!(message.starts_with("partners[1]"), "{message}");
    // Partners that are not an array: the request's member is named.
    for (partners, found) in [(r#"{"id": "A"}"#, "an object"), (r#""A""#, r#""A""#), ("12", "12")] {
        let request = format!(r#"{{"partners": {partners}, "history": []}}"#);
        assert_eq!(
            health_err(&request),
            input_error(&format!("partners: must be a JSON array of objects, found {found}"))
        );
    }
}

#[test]
fn as_of_without_history_periods() {
    let request = format!(r#"{{"partners": {PARTNERS}, "history": []}}"#);
    assert_eq!(
        health_err(&request),
        input_error(r#"as_of: needed: the history has no period to take it from (set "as_of": "YYYY-MM-DD")"#)
    );
    // The CLI says the same of its flag, naming the history file.
    let (file, cli) = cli_error(PARTNERS, "[]", None, &[]);
    assert_eq!(
        (file.as_str(), cli.as_str()),
        ("h.json", "as_of: --as-of is needed: the history has no period to take it from")
    );
    // Only rows of other partners still give a period.
    let request = r#"{"partners": [{"id": "A"}], "history": [{"partner_id": "Z", "period": "2026-Q1"}]}"#;
    assert!(health_ok(request).starts_with(r#"{"as_of":"2026-03-31","history_rows_ignored":1,"#));
}

#[test]
fn null_arguments() {
    check_null_arguments(ps_health, &small(""), &[("[]", ps_status::PS_ERR_CONFIG)]);
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = call(b"{\"partners\": [],\n \"history\": [], \"as_of\": \"2026\xff\"}").unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "request_json: line 2, byte 47: not valid UTF-8".into()
        }
    );
}

#[test]
fn the_buffer_length_is_respected() {
    let request = small("");
    let padded = [request.as_bytes(), b"} trailing \xff"].concat();
    assert_eq!(call(&padded[..request.len()]).unwrap(), health_ok(&request));
    // A zero-length buffer is an empty document, not a NULL argument.
    let e = call(&padded[..0]).unwrap_err();
    assert_eq!(e.status, ps_status::PS_ERR_CONFIG);
    assert!(e.message.starts_with("(root): invalid JSON: EOF"), "{}", e.message);
}

#[test]
fn numbers_are_read_exactly() {
    // min_revenue a hair above and below a revenue of 0.3 (comparisons use 20 places; through f64 both
    // would be 0.3 and neither partner-period would contribute).
    let request = r#"{"partners": [{"id": "A"}], "history": [{"partner_id": "A", "period": "2026-Q1", "revenue": 0.3}],
        "min_revenue": 0.30000000000000000001}"#;
    let v: serde_json::Value = serde_json::from_str(&health_ok(request)).unwrap();
    assert_eq!(v["contribution_rate"][0]["contributing"], 0);
    let request = request.replace("0.30000000000000000001", "0.29999999999999999999");
    let v: serde_json::Value = serde_json::from_str(&health_ok(&request)).unwrap();
    assert_eq!(v["contribution_rate"][0]["contributing"], 1);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Beyond serde_json's 128 levels inside partners or history: an input error naming the member, at the
    // line and column of the request (the 128th bracket: column 13 + 128 on line 1, 183 on line 2).
    for depth in [200, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            health_err(&format!(r#"{{"partners": {nested}, "history": []}}"#)),
            input_error("partners: invalid JSON: recursion limit exceeded at line 1 column 141")
        );
        let nested_rows = format!("[{{\"partner_id\": \"A\", \"period\": \"2026\", \"x\": {nested}}}]");
        assert_eq!(
            health_err(&format!("{{\"partners\": [{{\"id\": \"A\"}}],\n  \"history\": {nested_rows}}}")),
            input_error("history: invalid JSON: recursion limit exceeded at line 2 column 183")
        );
        let e = health_err(&format!(r#"{{"partners": [], "history": [], "profile": {nested}}}"#));
        // A struct read from an array (serde's sequence form) fails on its first element, at once.
        assert_eq!(e, config_error("profile[0]: invalid type: sequence, expected a string"));
        let e = health_err(&format!(r#"{{"partners": [], "history": [], "colour": {nested}}}"#));
        assert!(e.message.starts_with("colour: unknown key"), "{e:?}");
    }
    // The CLI on the same partners file: the same reason, at the file's line and column.
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let (file, cli) = cli_error(&nested, "[]", None, &[]);
    assert_eq!(
        (file.as_str(), cli.as_str()),
        ("p.json", "line 1, column 128: invalid JSON: recursion limit exceeded at line 1 column 128")
    );
    // Within the limit: the engine's own errors.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = health_err(&format!(r#"{{"partners": {nested}, "history": []}}"#));
    assert_eq!(e, input_error("partners[0]: each partner must be a JSON object"));
}
