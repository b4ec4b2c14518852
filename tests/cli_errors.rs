//! Every scorecard and data-loading error of DESIGN through the CLI: exit code 2 and one line on
//! stderr naming the file, where (config path, partner and field, CSV line and column) and why.

use partnerscore_tests::{assert_input_error, run_cli, run_cli_with_stdin, Outcome, Scratch};

const GOOD_CARD: &str = r#"{"name": "t", "benchmark_by": "category", "sections": [{"name": "S", "max_points": 20, "metrics": [
  {"field": "revenue", "points": 10, "rule": {"target": 100}},
  {"field": "certified", "points": 10, "rule": "boolean"},
  {"field": "win_rate", "points": 10, "rule": "percentile"}]}],
  "tiers": [{"name": "Gold", "min_score": 10, "requires": [{"field": "region", "equals": "EMEA"}]}]}"#;
const GOOD_PARTNERS_CSV: &str =
    "id,name,category,revenue,certified,win_rate,region\nP1,A,MSP,50,true,0.5,EMEA\nP2,B,VAR,150,no,0.25,NA\n";

fn score_files(tag: &str, card: &str, partners_name: &str, partners: &[u8]) -> Outcome {
    let dir = Scratch::new(tag);
    let card = dir.file("card.json", card);
    let partners = dir.file(partners_name, partners);
    run_cli(&["score", "--scorecard", &card, "--partners", &partners, "--format", "json"])
}

fn config_error(tag: &str, card: &str, needles: &[&str]) {
    let out = score_files(tag, card, "p.csv", GOOD_PARTNERS_CSV.as_bytes());
    let mut all = vec!["card.json: "];
    all.extend_from_slice(needles);
    assert_input_error(&out, &all);
}

fn input_error(tag: &str, name: &str, partners: &str, needles: &[&str]) {
    let out = score_files(tag, GOOD_CARD, name, partners.as_bytes());
    let mut all = vec![name];
    all.extend_from_slice(needles);
    assert_input_error(&out, &all);
}

#[test]
fn good_inputs_succeed() {
    let out = score_files("good", GOOD_CARD, "p.csv", GOOD_PARTNERS_CSV.as_bytes());
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn config_errors_name_the_path() {
    let metric = |rule: &str| {
        format!(
            r#"{{"name": "t", "sections": [{{"name": "S", "metrics": [{{"field": "revenue", "points": 10, "rule": {rule}}}]}}]}}"#
        )
    };
    config_error("c1", &metric(r#"{"target": 0}"#), &["sections[0].metrics[0].rule.target", "> 0"]);
    config_error("c2", &metric(r#"{"target": -5}"#), &["sections[0].metrics[0].rule.target"]);
    config_error(
        "c3",
        &metric(r#"{"linear": {"from": 3, "to": 3}}"#),
        &["sections[0].metrics[0].rule.linear", "differ"],
    );
    config_error(
        "c4",
        &metric(r#"{"bands": [{"at_least": 3, "earn": 1}, {"at_least": 1, "earn": 0.5}]}"#),
        &["sections[0].metrics[0].rule", "strictly increase"],
    );
    config_error(
        "c5",
        &metric(r#"{"bands": [{"at_most": 1, "earn": 1}, {"at_most": 3, "earn": 0.5}]}"#),
        &["sections[0].metrics[0].rule", "strictly decrease"],
    );
    config_error(
        "c6",
        &metric(r#"{"bands": [{"at_least": 1, "earn": 1.5}]}"#),
        &["sections[0].metrics[0].rule", "[0, 1]"],
    );
    config_error(
        "c7",
        &metric(r#"{"bands": [{"at_least": 1, "earn": 1}, {"at_most": 0, "earn": 1}]}"#),
        &["sections[0].metrics[0].rule", "at_least / at_most"],
    );
    config_error("c8", &metric(r#""median""#), &["sections[0].metrics[0].rule", "median"]);
    config_error(
        "c9",
        &metric(r#"{"target": 5, "linear": {"from": 0, "to": 1}}"#),
        &["sections[0].metrics[0].rule", "exactly one kind"],
    );
    config_error("c10", &metric(r#"{"percentile": {"cap": 3}}"#), &["sections[0].metrics[0].rule", "cap"]);
    config_error("c11", &metric(r#"{"target": "NaN"}"#), &["sections[0].metrics[0].rule", "NaN"]);
    config_error(
        "c12",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": -1, "rule": "boolean"}]}]}"#,
        &["sections[0].metrics[0].points", "≥ 0"],
    );
    config_error(
        "c13",
        r#"{"name": "t", "sections": [{"name": "S", "max_points": -2, "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]}]}"#,
        &["sections[0].max_points", "≥ 0"],
    );
    config_error(
        "c14",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean", "weight": 2}]}]}"#,
        &["sections[0].metrics[0]", "unknown field `weight`"],
    );
    config_error(
        "c15",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}, {"field": "a", "points": 1, "rule": "boolean"}]}]}"#,
        &["sections[0].metrics[1].name", "duplicate metric name"],
    );
    config_error(
        "c16",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]}],
            "tiers": [{"name": "Silver", "min_score": 50}, {"name": "Gold", "min_score": 70}]}"#,
        &["tiers[1].min_score", "highest down"],
    );
    config_error(
        "c17",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]}],
            "tiers": [{"name": "Gold", "min_score": 70, "requires": [{"field": "a", "at_least": 1, "below": 3}]}]}"#,
        &["tiers[0].requires[0]", "exactly one of"],
    );
    config_error(
        "c18",
        r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]}],
            "tiers": [{"name": "Gold", "min_score": 70, "requires": [{"field": "a", "equals": {"x": 1}}]}]}"#,
        &["tiers[0].requires[0].equals"],
    );
    config_error("c19", r#"{"name": "t", "sections": [}"#, &["invalid JSON"]);
    config_error("c20", r#"{"name": "t", "sections": []}"#, &["sections", "at least one metric"]);
    config_error(
        "c21",
        r#"{"name": "t", "missing": "skip", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]}]}"#,
        &["missing", "skip"],
    );
}

#[test]
fn partner_errors_name_partner_field_and_line() {
    let h = "id,name,category,revenue,certified,win_rate,region\n";
    input_error(
        "p1",
        "p.csv",
        &format!("{h}P1,A,MSP,abc,true,0.5,EMEA\n"),
        &["line 2, column 4", "partner P1", "field revenue", "not a number"],
    );
    input_error(
        "p2",
        "p.csv",
        &format!("{h}P1,A,MSP,1,true,0.5,EMEA\nP1,B,MSP,2,true,0.5,EMEA\n"),
        &["line 3", "duplicate partner id", "P1"],
    );
    input_error("p3", "p.csv", &format!("{h}P1,A,MSP,NaN,true,0.5,EMEA\n"), &["line 2, column 4", "NaN"]);
    input_error("p4", "p.csv", &format!("{h}P1,A,MSP,inf,true,0.5,EMEA\n"), &["line 2, column 4", "infinities"]);
    input_error(
        "p5",
        "p.csv",
        &format!("{h}P1,A,MSP,1,maybe,0.5,EMEA\n"),
        &["line 2, column 5", "field certified", "not a boolean"],
    );
    input_error("p6", "p.csv", &format!("{h}P1,A,MSP,1,true,0.5\n"), &["line 2", "expected 7 cells"]);
    input_error("p7", "p.csv", &format!("{h},A,MSP,1,true,0.5,EMEA\n"), &["line 2", "id"]);
    input_error("p8", "p.csv", "name,revenue\nA,1\n", &["line 1", "no `id` column"]);
    input_error("p9", "p.csv", "id,signed_on\nP1,2023-02-30\n", &["line 2, column 2", "field signed_on", "not a date"]);
    input_error(
        "p10",
        "p.json",
        r#"[{"id": "P1", "revenue": "NaN"}]"#,
        &["partners[0] (partner P1), field revenue", "NaN"],
    );
    input_error("p11", "p.json", r#"[{"id": "P1"}, {"id": "P1"}]"#, &["partners[1] (partner P1)", "duplicate"]);
    input_error("p12", "p.json", r#"[{"name": "x"}]"#, &["partners[0]", "id"]);
    input_error("p13", "p.json", r#"{"id": "P1"}"#, &["JSON array"]);
    input_error(
        "p14",
        "p.json",
        r#"[{"id": "P1", "revenue": {"v": 1}}]"#,
        &["partners[0] (partner P1), field revenue", "nested"],
    );
    input_error("p15", "p.json", r#"[{"id": "P1", "revenue": 1e400}]"#, &["partners[0] (partner P1), field revenue"]);
    input_error("p16", "p.json", r#"[{"id": "P1", "revenue": 1"#, &["line 1", "invalid JSON"]);
    input_error("p17", "p.csv", "id,region\nP1,\"EMEA\n", &["line 2", "unreadable CSV"]);
}

#[test]
fn missing_policy_error_names_partner_and_field() {
    let card = r#"{"name": "t", "missing": "error", "sections": [{"name": "S", "metrics": [{"field": "revenue", "points": 10, "rule": {"target": 100}}]}]}"#;
    let out = score_files("m1", card, "p.csv", b"id,revenue\nP1,5\nP2,\n");
    assert_input_error(&out, &["p.csv", "line 3, column 2 (partner P2, field revenue)", "missing"]);
}

#[test]
fn requirement_on_a_non_number_names_partner_and_field() {
    let card = r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "revenue", "points": 10, "rule": {"target": 100}}]}],
                  "tiers": [{"name": "Gold", "min_score": 1, "requires": [{"field": "reps", "at_least": 3}]}]}"#;
    let out = score_files("r1", card, "p.json", br#"[{"id": "P1", "revenue": 50, "reps": "three"}]"#);
    assert_input_error(&out, &["p.json", "partners[0] (partner P1), field reps", "not a number"]);
}

#[test]
fn unreadable_files_are_named() {
    let out = run_cli(&["score", "--scorecard", "/nonexistent/card.json", "--partners", "x.csv"]);
    assert_input_error(&out, &["/nonexistent/card.json"]);
    let dir = Scratch::new("utf8");
    let card = dir.file("card.json", GOOD_CARD);
    let bad = dir.file("p.csv", b"id,name\nP1,\xff\xfe\n");
    let out = run_cli(&["score", "--scorecard", &card, "--partners", &bad]);
    assert_input_error(&out, &["p.csv", "line 2", "UTF-8"]);
}

#[test]
fn bad_usage_exits_2() {
    let out = run_cli(&["score", "--scorecard", "x.json"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--partners"), "{}", out.stderr);
    let out = run_cli(&["score", "--scorecard", "x", "--partners", "y", "--format", "xml"]);
    assert_eq!(out.code, 2);
}

#[test]
fn stdin_errors_are_named_stdin() {
    let dir = Scratch::new("stdin");
    let card = dir.file("card.json", GOOD_CARD);
    let out =
        run_cli_with_stdin(&["score", "--scorecard", &card, "--partners", "-"], r#"[{"id": "P1", "revenue": "x"}]"#);
    assert_input_error(&out, &["stdin: partners[0] (partner P1), field revenue"]);
}
