//! The achievement plan through the CLI: golden files of the sample plan on the sample channel and its
//! history (the same answers the Python and C tests compare against), the table, and bad input (exit 2,
//! one line naming the file and the config path, history row or partner).

use partnerscore_tests::{
    assert_input_error, check_golden, pretty, repo_path, run_cli, run_cli_with_stdin, Outcome, Scratch,
};

fn plan(partners: &str, history: &str, format: &str) -> String {
    let out = run_cli(&[
        "plan",
        "--plan",
        &repo_path("examples/plan.json"),
        "--partners",
        &repo_path(partners),
        "--history",
        &repo_path(history),
        "--format",
        format,
    ]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

#[test]
fn sample_json_report_matches_golden() {
    check_golden("plan_sample.json", &pretty(&plan("examples/partners.csv", "examples/history.csv", "json")));
}

#[test]
fn sample_csv_report_matches_golden() {
    check_golden("plan_sample.csv", &plan("examples/partners.csv", "examples/history.csv", "csv"));
}

#[test]
fn json_and_csv_inputs_give_the_same_report() {
    let csv = plan("examples/partners.csv", "examples/history.csv", "json");
    assert_eq!(plan("examples/partners.json", "examples/history.json", "json"), csv);
    assert_eq!(plan("examples/partners.csv", "examples/history.json", "json"), csv);
}

#[test]
fn the_report_is_the_design_result_object_with_partners_in_input_order() {
    let report: serde_json::Value =
        serde_json::from_str(&plan("examples/partners.csv", "examples/history.csv", "json")).unwrap();
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "target",
            "baseline_total",
            "uplift_total",
            "expected_total",
            "gap",
            "coverage",
            "hours_used",
            "method",
            "upper_bound",
            "recruits_needed",
            "history_rows_ignored",
            "by_strategy",
            "partners"
        ]
    );
    // 12,500,000 × 1.15
    assert_eq!(report["target"], "14375000.00");
    assert_eq!(report["method"], "exact");
    assert_eq!(report["history_rows_ignored"], 4);
    let ids: Vec<&str> = report["partners"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, (1..=40).map(|i| format!("P{i:03}")).collect::<Vec<_>>());
    for p in report["partners"].as_array().unwrap() {
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "id",
                "baseline",
                "potential",
                "headroom",
                "strategy",
                "hours",
                "uplift",
                "expected",
                "deals_needed",
                "pipeline_needed",
                "reps_needed",
                "reps_short"
            ]
        );
    }
    // The strategies' hours add up to hours_used, within the capacity of examples/plan.json.
    let hours: u64 = report["by_strategy"].as_array().unwrap().iter().map(|s| s["hours"].as_u64().unwrap()).sum();
    assert_eq!(hours, report["hours_used"].as_u64().unwrap());
    assert!(hours <= 600);
}

#[test]
fn sample_partner_worked_by_hand() {
    // P001's revenue in examples/history.csv: the last four quarters (2026-Q1…Q4) averaged × 4 (run_rate,
    // window 4) is their sum.
    let history = std::fs::read_to_string(repo_path("examples/history.csv")).unwrap();
    let mut cents: i64 = 0;
    for line in history.lines().filter(|l| l.starts_with("P001,2026-")) {
        let revenue = line.split(',').nth(2).unwrap();
        cents += revenue.replace('.', "").parse::<i64>().unwrap();
    }
    let report: serde_json::Value =
        serde_json::from_str(&plan("examples/partners.csv", "examples/history.csv", "json")).unwrap();
    let p001 = &report["partners"][0];
    assert_eq!(p001["baseline"], format!("{}.{:02}", cents / 100, cents % 100));
    // uplift = headroom × the strategy's capture, expected = baseline + uplift; deals = ceil(expected /
    // 25,000); pipeline = expected / 0.25; reps = ceil(deals / 8); P001 has 2 sales reps.
    let money = |v: &serde_json::Value| v.as_str().unwrap().parse::<f64>().unwrap();
    let capture = match p001["strategy"].as_str().unwrap() {
        "invest" => 0.5,
        "maintain" => 0.15,
        _ => 0.0,
    };
    let uplift = money(&p001["headroom"]) * capture;
    assert!((money(&p001["uplift"]) - uplift).abs() < 0.006, "{p001}");
    let expected = cents as f64 / 100.0 + uplift;
    assert!((money(&p001["expected"]) - expected).abs() < 0.006, "{p001}");
    assert!((money(&p001["pipeline_needed"]) - expected * 4.0).abs() < 0.006, "{p001}");
    let deals = (expected / 25_000.0).ceil() as u64;
    assert_eq!(p001["deals_needed"], deals);
    assert_eq!(p001["reps_needed"], deals.div_ceil(8));
    assert_eq!(p001["reps_short"], deals.div_ceil(8).saturating_sub(2));
}

#[test]
fn stdin_reads_json_partners() {
    let partners = std::fs::read_to_string(repo_path("examples/partners.json")).unwrap();
    let out = run_cli_with_stdin(
        &[
            "plan",
            "--plan",
            &repo_path("examples/plan.json"),
            "--partners",
            "-",
            "--history",
            &repo_path("examples/history.csv"),
            "--format",
            "json",
        ],
        &partners,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, plan("examples/partners.csv", "examples/history.csv", "json"));
}

#[test]
fn table_shows_the_headline_strategies_then_partners_by_uplift() {
    let table = plan("examples/partners.csv", "examples/history.csv", "table");
    for needle in ["target", "baseline", "uplift", "expected", "gap", "coverage", "recruits needed", "hours used"] {
        assert!(table.contains(needle), "{needle} missing:\n{table}");
    }
    assert!(table.contains("Hours by strategy:") && table.contains("Partners by uplift:"), "{table}");
    let partners: Vec<&str> = table.lines().skip_while(|l| !l.starts_with("Partners by uplift")).skip(3).collect();
    assert_eq!(partners.len(), 40);
    assert!(partners[0].contains("invest"), "{}", partners[0]);
}

#[test]
fn demo_shows_the_plan() {
    let out = run_cli(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Achievement plan"), "{}", out.stdout);
    assert!(out.stdout.contains("partnerscore plan --plan examples/plan.json"));
}

const GOOD_PLAN: &str = r#"{"name": "p", "goal": {"target": 1000}, "capacity_hours": 10,
  "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "none", "hours": 0, "capture": 0}],
  "avg_deal_size": 100, "win_rate": "0.25", "deals_per_rep": 4}"#;
const PARTNERS: &str = "id,category,potential,sales_reps\nA,MSP,500,1\nB,MSP,,\n";
const HISTORY: &str = "partner_id,period,revenue\nA,2026-Q1,50\nB,2026-Q1,80\n";

fn plan_files(tag: &str, config: &str, partners: (&str, &str), history: (&str, &str)) -> Outcome {
    let dir = Scratch::new(tag);
    let config = dir.file("plan.json", config);
    let partners = dir.file(partners.0, partners.1);
    let history = dir.file(history.0, history.1);
    run_cli(&["plan", "--plan", &config, "--partners", &partners, "--history", &history, "--format", "json"])
}

#[test]
fn good_inputs_succeed() {
    let out = plan_files("good", GOOD_PLAN, ("p.csv", PARTNERS), ("h.csv", HISTORY));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // A: baseline 50 × 4 = 200, potential 500, headroom 300, invest: uplift 150, expected 350,
    // deals ceil(3.5) = 4, pipeline 1400, reps ceil(4/4) = 1, short 1 − 1 = 0.
    let a = &report["partners"][0];
    assert_eq!(
        (&a["baseline"], &a["headroom"], &a["strategy"], &a["uplift"], &a["expected"]),
        (&"200.00".into(), &"300.00".into(), &"invest".into(), &"150.00".into(), &"350.00".into())
    );
    assert_eq!(
        (&a["deals_needed"], &a["pipeline_needed"], &a["reps_needed"]),
        (&4.into(), &"1400.00".into(), &1.into())
    );
    assert_eq!(a["reps_short"], 0);
    // B: baseline 320; no potential field: max(320, Q3 of (200, 320) = 290) = 320; no sales_reps: null.
    let b = &report["partners"][1];
    assert_eq!(
        (&b["potential"], &b["strategy"], &b["reps_short"]),
        (&"320.00".into(), &"none".into(), &serde_json::Value::Null)
    );
    // expected 350 + 320 = 670 of 1000: gap 330, coverage 0.67, no new_partner: recruits null.
    assert_eq!((&report["gap"], &report["coverage"]), (&"330.00".into(), &"0.67".into()));
    assert_eq!(report["recruits_needed"], serde_json::Value::Null);
}

fn config_error(tag: &str, config: &str, needles: &[&str]) {
    let out = plan_files(tag, config, ("p.csv", PARTNERS), ("h.csv", HISTORY));
    let mut all = vec!["plan.json: "];
    all.extend_from_slice(needles);
    assert_input_error(&out, &all);
}

#[test]
fn config_errors_exit_2_naming_the_config_path() {
    let with = |from: &str, to: &str| {
        assert!(GOOD_PLAN.contains(from), "{from}");
        GOOD_PLAN.replacen(from, to, 1)
    };
    config_error("half-hour", &with(r#""hours": 10"#, r#""hours": 10.5"#), &["strategies[0].hours", "whole number"]);
    config_error(
        "neg-capacity",
        &with(r#""capacity_hours": 10"#, r#""capacity_hours": -1"#),
        &["capacity_hours", "≥ 0"],
    );
    config_error("capture", &with(r#""capture": "0.5""#, r#""capture": "1.5""#), &["strategies[0].capture", "[0, 1]"]);
    config_error("win-rate", &with(r#""win_rate": "0.25""#, r#""win_rate": 2"#), &["win_rate", "[0, 1]"]);
    config_error("deal-size", &with(r#""avg_deal_size": 100"#, r#""avg_deal_size": 0"#), &["avg_deal_size", "> 0"]);
    config_error("reps", &with(r#""deals_per_rep": 4"#, r#""deals_per_rep": -4"#), &["deals_per_rep", "> 0"]);
    config_error(
        "growth",
        &with(r#""goal": {"target": 1000}"#, r#""goal": {"prior_revenue": 1000, "growth": "-1.5"}"#),
        &["goal.growth", "≥ -1"],
    );
    config_error(
        "two-forms",
        &with(r#""goal": {"target": 1000}"#, r#""goal": {"target": 1000, "prior_revenue": 900, "growth": 0}"#),
        &["goal: ", "not both"],
    );
    config_error("target", &with(r#""target": 1000"#, r#""target": 0"#), &["goal: ", "> 0"]);
    config_error(
        "huge-growth",
        &with(
            r#""goal": {"target": 1000}"#,
            r#""goal": {"prior_revenue": 2, "growth": "79228162514264337593543950335"}"#,
        ),
        &["goal: ", "overflows"],
    );
    config_error(
        "window",
        &with(r#""capacity_hours""#, r#""baseline": {"method": "run_rate", "window": 0}, "capacity_hours""#),
        &["baseline.window", "≥ 1"],
    );
    config_error(
        "method",
        &with(r#""capacity_hours""#, r#""baseline": {"method": "average"}, "capacity_hours""#),
        &["baseline.method", "average"],
    );
    config_error("duplicate", &with(r#""name": "none""#, r#""name": "invest""#), &["strategies[1].name", "duplicate"]);
    config_error("unknown", &with(r#""name": "p","#, r#""name": "p", "colour": 1,"#), &["colour"]);
    config_error(
        "new-partner",
        &with(r#""name": "p","#, r#""name": "p", "new_partner": {"annual_revenue": 0, "time_to_revenue_days": 90},"#),
        &["new_partner.annual_revenue", "> 0"],
    );
    config_error("json", r#"{"name": "p", "#, &["invalid JSON"]);
}

#[test]
fn history_errors_name_the_history_rows() {
    let dup = "partner_id,period,revenue\nA,2026-Q1,50\nB,2026-Q1,80\nA,2026-Q1,7\n";
    let out = plan_files("dup", GOOD_PLAN, ("p.csv", PARTNERS), ("h.csv", dup));
    assert_input_error(&out, &["h.csv: history line 4 (partner A)", "already has period 2026-Q1 at history line 2"]);
    let bad_period = r#"[{"partner_id": "A", "period": "2026-Q5", "revenue": 1}]"#;
    let out = plan_files("period", GOOD_PLAN, ("p.csv", PARTNERS), ("h.json", bad_period));
    assert_input_error(&out, &["h.json: history[0] (partner A)", "2026-Q5"]);
    let bad_value = "partner_id,period,revenue\nA,2026-Q1,lots\n";
    let out = plan_files("value", GOOD_PLAN, ("p.csv", PARTNERS), ("h.csv", bad_value));
    assert_input_error(&out, &["h.csv: history line 2, column 3 (partner A, field revenue)"]);
}

#[test]
fn partner_errors_name_partner_field_and_line() {
    let out = plan_files("potential", GOOD_PLAN, ("p.csv", "id,potential\nA,big\n"), ("h.csv", HISTORY));
    assert_input_error(&out, &["p.csv: line 2, column 2 (partner A, field potential)"]);
    let out = plan_files("reps", GOOD_PLAN, ("p.csv", "id,sales_reps\nA,2.5\n"), ("h.csv", HISTORY));
    assert_input_error(&out, &["p.csv: line 2, column 2 (partner A, field sales_reps)", "whole number"]);
    let out = plan_files("dup-id", GOOD_PLAN, ("p.json", r#"[{"id": "A"}, {"id": "A"}]"#), ("h.csv", HISTORY));
    assert_input_error(&out, &["p.json: partners[1] (partner A)", "duplicate"]);
}

#[test]
fn capacity_below_the_cheapest_strategies_names_the_hours_needed() {
    let config = GOOD_PLAN.replace(r#""hours": 0"#, r#""hours": 6"#);
    let out = plan_files("infeasible", &config, ("p.csv", PARTNERS), ("h.csv", HISTORY));
    assert_input_error(&out, &["plan.json: capacity_hours: ", "need at least 12 hours", "capacity_hours is 10"]);
}

#[test]
fn bad_usage_exits_2() {
    let out = run_cli(&["plan", "--plan", "x.json", "--partners", "p.csv"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--history"), "{}", out.stderr);
    let out = run_cli(&["plan", "--plan", "x.json", "--partners", "-", "--history", "-"]);
    assert_input_error(&out, &["cannot both read stdin"]);
}

#[test]
fn plan_help_has_examples() {
    let out = run_cli(&["plan", "--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Examples:") && out.stdout.contains("--history"), "{}", out.stdout);
}
