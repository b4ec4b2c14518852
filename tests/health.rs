//! The health review through the CLI: golden files of the sample channel and its history (the same
//! answers the Python and C tests compare against), the table, and bad input.

use partnerscore_tests::{assert_input_error, check_golden, pretty, repo_path, run_cli, Scratch};

fn health(extra: &[&str], format: &str) -> String {
    let partners = repo_path("examples/partners.csv");
    let history = repo_path("examples/history.csv");
    let mut args = vec!["health", "--partners", &partners, "--history", &history, "--format", format];
    args.extend_from_slice(extra);
    let out = run_cli(&args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

#[test]
fn sample_json_report_matches_golden() {
    let profile = repo_path("examples/profile.json");
    check_golden("health_sample.json", &pretty(&health(&["--profile", &profile], "json")));
}

#[test]
fn sample_csv_report_matches_golden() {
    let profile = repo_path("examples/profile.json");
    check_golden("health_sample.csv", &health(&["--profile", &profile], "csv"));
}

#[test]
fn json_and_csv_inputs_agree() {
    let out = run_cli(&[
        "health",
        "--partners",
        &repo_path("examples/partners.json"),
        "--history",
        &repo_path("examples/history.json"),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, health(&[], "json"));
}

#[test]
fn the_report_is_the_design_result_object() {
    let report: serde_json::Value = serde_json::from_str(&health(&["--as-of", "2026-06-30"], "json")).unwrap();
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["as_of", "history_rows_ignored", "contribution_rate", "time_to_revenue", "partners"]);
    assert_eq!(report["as_of"], "2026-06-30");
    // History is cut at as_of: the last period is 2026-Q2.
    assert_eq!(report["contribution_rate"].as_array().unwrap().last().unwrap()["period"], "2026-Q2");
    let ttr: Vec<&str> = report["time_to_revenue"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(ttr, ["median_days", "within_90", "within_180", "producers", "waiting", "censored", "curve"]);
    let partners = report["partners"].as_array().unwrap();
    assert_eq!(partners.len(), 40);
    let keys: Vec<&str> = partners[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["id", "name", "deals_last_12_months", "non_productive", "recommendation", "verdict", "trajectory", "derived"]
    );
    // Without a profile, no verdicts and no termination.
    assert!(partners.iter().all(|p| p["verdict"].is_null() && p["recommendation"] != "terminate"));
    let derived: Vec<&str> = partners[0]["derived"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        derived,
        [
            "romi",
            "mdf_approval_rate",
            "mdf_denial_rate",
            "mdf_amount_per_claim",
            "mdf_utilization",
            "mql_to_sql",
            "win_rate"
        ]
    );
}

#[test]
fn options_change_the_review() {
    let strict: serde_json::Value = serde_json::from_str(&health(&["--min-deals-per-year", "100"], "json")).unwrap();
    let loose: serde_json::Value = serde_json::from_str(&health(&["--min-deals-per-year", "0"], "json")).unwrap();
    let count = |r: &serde_json::Value| {
        r["partners"].as_array().unwrap().iter().filter(|p| p["non_productive"] == true).count()
    };
    assert!(count(&strict) > count(&loose), "{} vs {}", count(&strict), count(&loose));
}

#[test]
fn table_shows_the_review() {
    let table = health(&[], "table");
    for needle in ["Channel health review", "time to revenue", "Contribution rate by period", "non-productive"] {
        assert!(table.contains(needle), "{needle} missing:\n{table}");
    }
}

#[test]
fn demo_ends_with_the_health_review() {
    let out = run_cli(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Channel health review"), "{}", out.stdout);
    assert!(out.stdout.contains("partnerscore health --partners examples/partners.csv"));
}

#[test]
fn bad_input_exits_2_naming_where() {
    let dir = Scratch::new("health-bad-input");
    let file = |name: &str, text: &str| dir.file(name, text);
    let partners = file("p.csv", "id,signed_on\nA,2025-01-01\n");
    let bad_period = file("h.csv", "partner_id,period,revenue\nA,2026-Q5,1\n");
    let out = run_cli(&["health", "--partners", &partners, "--history", &bad_period]);
    assert_input_error(&out, &["h.csv: history line 2 (partner A)", "2026-Q5"]);
    let empty = file("e.csv", "partner_id,period,revenue\n");
    let out = run_cli(&["health", "--partners", &partners, "--history", &empty]);
    assert_input_error(&out, &["--as-of is needed"]);
    let history = file("h2.csv", "partner_id,period,revenue\nA,2026-Q1,1\n");
    let out = run_cli(&["health", "--partners", &partners, "--history", &history, "--as-of", "2026-13-01"]);
    assert_input_error(&out, &["--as-of", "not a date"]);
    let out = run_cli(&["health", "--partners", &partners, "--history", &history, "--min-revenue", "-5"]);
    assert_input_error(&out, &["--min-revenue", "≥ 0"]);
    let bad_first = file("p2.csv", "id,signed_on,first_revenue_on\nA,2025-02-01,2025-01-01\n");
    let out = run_cli(&["health", "--partners", &bad_first, "--history", &history]);
    assert_input_error(&out, &["p2.csv: line 2, column 3 (partner A, field first_revenue_on)", "before signed_on"]);
}
