//! The gap analysis through the CLI: golden files of the sample profile on the sample channel (the
//! same answers the Python and C tests compare against), the table, and bad input (exit 2, one line
//! naming the file and the config path).

use partnerscore_tests::{
    assert_input_error, check_golden, pretty, repo_path, run_cli, run_cli_with_stdin, Outcome, Scratch,
};

fn gap(partners: &str, format: &str) -> String {
    let out = run_cli(&[
        "gap",
        "--profile",
        &repo_path("examples/profile.json"),
        "--partners",
        &repo_path(partners),
        "--format",
        format,
    ]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

#[test]
fn sample_json_report_matches_golden() {
    check_golden("profile_sample.json", &pretty(&gap("examples/partners.csv", "json")));
}

#[test]
fn sample_csv_report_matches_golden() {
    check_golden("profile_sample.csv", &gap("examples/partners.csv", "csv"));
}

#[test]
fn json_and_csv_inputs_give_the_same_report() {
    assert_eq!(gap("examples/partners.json", "json"), gap("examples/partners.csv", "json"));
    assert_eq!(gap("examples/partners.json", "csv"), gap("examples/partners.csv", "csv"));
}

#[test]
fn the_report_has_one_partner_per_input_partner_in_input_order() {
    let report: serde_json::Value = serde_json::from_str(&gap("examples/partners.csv", "json")).unwrap();
    assert_eq!(report["profile"], "Sample ideal partner profile");
    let ids: Vec<&str> = report["partners"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = (1..=40).map(|i| format!("P{i:03}")).collect();
    assert_eq!(ids, expected);
    for p in report["partners"].as_array().unwrap() {
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "name", "category", "fit", "verdict", "gaps", "readiness"]);
    }
}

#[test]
fn stdin_reads_json_partners() {
    let partners = std::fs::read_to_string(repo_path("examples/partners.json")).unwrap();
    let out = run_cli_with_stdin(
        &["gap", "--profile", &repo_path("examples/profile.json"), "--partners", "-", "--format", "json"],
        &partners,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, gap("examples/partners.csv", "json"));
}

#[test]
fn output_flag_writes_the_file() {
    let dir = Scratch::new("out");
    let path = dir.0.join("gaps.csv");
    let out = run_cli(&[
        "gap",
        "--profile",
        &repo_path("examples/profile.json"),
        "--partners",
        &repo_path("examples/partners.csv"),
        "--format",
        "csv",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), gap("examples/partners.csv", "csv"));
}

#[test]
fn table_shows_verdict_counts_then_partners_by_fit() {
    let table = gap("examples/partners.csv", "table");
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("Verdicts: ") && lines[0].contains("ideal") && lines[0].contains("poor_fit"));
    assert!(lines[2].starts_with("id "), "{}", lines[2]);
    assert_eq!(lines.len(), 4 + 40);
    // partners by fit, highest first, ties in input order: the same order as sorting the JSON report
    let report: serde_json::Value = serde_json::from_str(&gap("examples/partners.csv", "json")).unwrap();
    let mut expected: Vec<(f64, usize, String)> = report["partners"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| (-p["fit"].as_str().unwrap().parse::<f64>().unwrap(), i, p["id"].as_str().unwrap().to_string()))
        .collect();
    expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let ids: Vec<&str> = lines[4..].iter().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(ids, expected.iter().map(|e| e.2.as_str()).collect::<Vec<_>>());
    assert!(lines[4].contains("ideal"), "{}", lines[4]);
    assert!(lines.last().unwrap().contains("poor_fit"));
}

#[test]
fn demo_shows_the_profile_view() {
    let out = run_cli(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Ideal partner profile"), "{}", out.stdout);
    assert!(out.stdout.contains("Verdicts: "));
    assert!(out.stdout.contains("partnerscore gap --profile examples/profile.json"));
}

#[test]
fn gap_help_has_examples() {
    let out = run_cli(&["gap", "--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Examples:") && out.stdout.contains("--profile"), "{}", out.stdout);
}

fn gap_files(tag: &str, profile: &str, partners_name: &str, partners: &str) -> Outcome {
    let dir = Scratch::new(tag);
    let profile = dir.file("profile.json", profile);
    let partners = dir.file(partners_name, partners);
    run_cli(&["gap", "--profile", &profile, "--partners", &partners, "--format", "json"])
}

const PARTNERS: &str = "id,region,reps\nP1,EMEA,3\n";

fn config_error(tag: &str, profile: &str, needles: &[&str]) {
    let out = gap_files(tag, profile, "p.csv", PARTNERS);
    let mut all = vec!["profile.json: "];
    all.extend_from_slice(needles);
    assert_input_error(&out, &all);
}

#[test]
fn good_inputs_succeed() {
    let out = gap_files(
        "good",
        r#"{"name": "p", "criteria": [{"field": "reps", "at_least": 4, "tolerance": 2, "area": "product"}]}"#,
        "p.csv",
        PARTNERS,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(r#""fit":"50""#), "{}", out.stdout);
}

#[test]
fn config_errors_exit_2_naming_the_config_path() {
    let one = |c: &str| format!(r#"{{"name": "p", "criteria": [{c}]}}"#);
    config_error(
        "unknown-key",
        &one(r#"{"field": "reps", "at_least": 4, "area": "product", "colour": 1}"#),
        &["criteria[0].colour", "unknown key `colour`"],
    );
    config_error(
        "unknown-kind",
        &one(r#"{"field": "reps", "more_than": 4, "area": "product"}"#),
        &["criteria[0].more_than", "unknown key `more_than`", "one kind of"],
    );
    config_error(
        "between",
        &one(r#"{"field": "reps", "between": [9, 2], "area": "product"}"#),
        &["criteria[0].between", "reversed"],
    );
    config_error(
        "thresholds",
        r#"{"name": "p", "thresholds": {"ideal": 50, "develop": 70}, "criteria": [{"field": "reps", "at_least": 4, "area": "product"}]}"#,
        &["profile.json: thresholds: ", "out of order"],
    );
    config_error(
        "tolerance",
        &one(r#"{"field": "region", "equals": "EMEA", "tolerance": 1, "area": "product"}"#),
        &["criteria[0].tolerance", "numeric kinds"],
    );
    config_error(
        "duplicate",
        &one(
            r#"{"field": "reps", "at_least": 4, "area": "product"}, {"field": "reps", "at_most": 9, "area": "product"}"#,
        ),
        &["criteria[1].name", "duplicate"],
    );
    config_error(
        "weights",
        &one(r#"{"field": "reps", "at_least": 4, "weight": 0, "area": "product"}"#),
        &["profile.json: criteria: ", "sum to 0"],
    );
    config_error(
        "area",
        &one(r#"{"field": "reps", "at_least": 4, "area": "finance"}"#),
        &["criteria[0].area", "finance"],
    );
    config_error("json", r#"{"name": "p", "criteria": ["#, &["invalid JSON"]);
}

#[test]
fn partner_errors_name_partner_field_and_line() {
    let profile = r#"{"name": "p", "criteria": [{"field": "reps", "at_least": 4, "area": "product"}]}"#;
    let out = gap_files("bad-number", profile, "p.csv", "id,reps\nP1,4\nP2,many\n");
    assert_input_error(&out, &["p.csv: line 3, column 2 (partner P2, field reps)", "not a number"]);
    let out = gap_files("dup", profile, "p.json", r#"[{"id": "A"}, {"id": "A"}]"#);
    assert_input_error(&out, &["p.json: partners[1] (partner A)", "duplicate"]);
    let out = run_cli(&["gap", "--profile", "/nonexistent/profile.json", "--partners", "x.csv"]);
    assert_input_error(&out, &["/nonexistent/profile.json"]);
}

#[test]
fn bad_usage_exits_2() {
    let out = run_cli(&["gap", "--profile", "x.json"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--partners"), "{}", out.stderr);
    let out = run_cli(&["gap", "--profile", "x", "--partners", "y", "--format", "xml"]);
    assert_eq!(out.code, 2);
}
