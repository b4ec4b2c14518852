//! Worked examples of DESIGN §1 (capability scorecard), computed by hand in the comments and compared
//! with exact `Decimal` values (or, for non-terminating results, the reported 4-place text).
//!
//! These tests are the contract: when one fails, check the arithmetic in its comment against
//! DESIGN.md's words before suspecting the test.

use std::str::FromStr;

use partnerscore::decimal::{cmp_key, format_measure};
use partnerscore::{Decimal, Error, ErrorKind, Partners, ScoreReport, Scorecard};
use serde_json::{json, Value as Json};

// ---------------------------------------------------------------------------------------------
// helpers

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

/// `a / b`, exactly as a 28-digit Decimal (for comparisons through `cmp_key`).
fn ratio(a: i64, b: i64) -> Decimal {
    Decimal::from(a) / Decimal::from(b)
}

fn card(json: &str) -> Scorecard {
    Scorecard::from_json(json).unwrap_or_else(|e| panic!("config rejected: {e}\n{json}"))
}

fn run(card_json: &str, partners_json: &str) -> ScoreReport {
    let partners =
        Partners::from_json(partners_json).unwrap_or_else(|e| panic!("partners rejected: {e}\n{partners_json}"));
    card(card_json).score(&partners).unwrap_or_else(|e| panic!("scoring failed: {e}"))
}

/// A scorecard with a single metric on field `v` in a section `S`.
fn one_metric(rule: &str, points: &str) -> String {
    format!(
        r#"{{"name": "one", "sections": [{{"name": "S", "metrics": [
            {{"field": "v", "points": {points}, "rule": {rule}}}]}}]}}"#
    )
}

/// Partners `P0, P1, …` with field `v` set to each JSON literal (`absent` leaves the key out).
fn partners_v(values: &[&str]) -> String {
    let rows: Vec<String> = values
        .iter()
        .enumerate()
        .map(
            |(i, v)| {
                if *v == "absent" {
                    format!(r#"{{"id": "P{i}"}}"#)
                } else {
                    format!(r#"{{"id": "P{i}", "v": {v}}}"#)
                }
            },
        )
        .collect();
    format!("[{}]", rows.join(","))
}

/// `earned` of metric `j` for every partner.
fn earned_all(r: &ScoreReport, j: usize) -> Vec<Option<Decimal>> {
    r.partners().map(|p| p.metrics()[j].earned).collect()
}

fn points_all(r: &ScoreReport, j: usize) -> Vec<Option<Decimal>> {
    r.partners().map(|p| p.metrics()[j].points).collect()
}

fn some(v: &[&str]) -> Vec<Option<Decimal>> {
    v.iter().map(|s| Some(d(s))).collect()
}

fn config_error(json: &str) -> (String, String) {
    match Scorecard::from_json(json) {
        Ok(_) => panic!("config accepted but should be rejected:\n{json}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Config, "{e}");
            let text = e.to_string();
            match e {
                Error::Config { path, reason } => {
                    assert!(text.contains(&path), "message {text:?} does not carry the path");
                    (path, reason)
                }
                other => panic!("expected a config error, got {other:?}"),
            }
        }
    }
}

fn score_error(card_json: &str, partners_json: &str) -> Error {
    let partners = Partners::from_json(partners_json).expect("partners load");
    match card(card_json).score(&partners) {
        Ok(_) => panic!("scoring succeeded but should fail"),
        Err(e) => e,
    }
}

fn report_json(r: &ScoreReport) -> Json {
    serde_json::from_str(&r.to_json()).expect("report JSON parses")
}

fn keys(v: &Json) -> Vec<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

/// A scorecard whose score equals the field `pts` (target 100, 100 points: earned = pts / 100).
fn pts_card(extra: &str) -> String {
    format!(
        r#"{{"name": "pts", {extra} "sections": [{{"name": "S", "metrics": [
            {{"field": "pts", "points": 100, "rule": {{"target": 100}}}}]}}]"#
    )
}

// ---------------------------------------------------------------------------------------------
// rule kinds

#[test]
fn target_rule_clamps_v_over_t() {
    // target t = 500000, 20 points: earned = clamp(v / 500000, 0, 1)
    let r = run(
        &one_metric(r#"{"target": "500000"}"#, "20"),
        &partners_v(&[
            "250000",         // 250000 / 500000 = 0.5            → 10 points
            r#""512000.10""#, // above target: clamp → 1         → 20
            "-100",           // negative: clamp → 0               → 0
            "0",              // 0 / t = 0                         → 0
            "500000",         // exactly t → 1                     → 20
            r#""125000""#,    // numeric text: 0.25                → 5
            "375000.5",       // 375000.5 / 500000 = 0.750001      → 15.00002
        ]),
    );
    assert_eq!(earned_all(&r, 0), some(&["0.5", "1", "0", "0", "1", "0.25", "0.750001"]));
    assert_eq!(points_all(&r, 0), some(&["10", "20", "0", "0", "20", "5", "15.00002"]));
    let scores: Vec<Decimal> = r.partners().map(|p| p.score()).collect();
    assert_eq!(scores, ["10", "20", "0", "0", "20", "5", "15.00002"].map(d).to_vec());
}

#[test]
fn target_rule_non_terminating() {
    // target 750000, 10 points: 250000/750000 = 1/3 → 3.3333…; 500000/750000 = 2/3 → 6.6666…
    let r = run(&one_metric(r#"{"target": 750000}"#, "10"), &partners_v(&["250000", "500000"]));
    let e0 = r.partner(0).metrics()[0].earned.unwrap();
    let e1 = r.partner(1).metrics()[0].earned.unwrap();
    assert_eq!(cmp_key(e0), cmp_key(ratio(1, 3)));
    assert_eq!(cmp_key(e1), cmp_key(ratio(2, 3)));
    assert_eq!(format_measure(e0), "0.3333");
    assert_eq!(format_measure(e1), "0.6667");
    assert_eq!(format_measure(r.partner(0).score()), "3.3333");
    assert_eq!(format_measure(r.partner(1).score()), "6.6667");
}

#[test]
fn linear_higher_is_better_clamps_both_ends() {
    // deals: linear 0 → 12, 10 points: (v − 0) / 12
    // ramp:  linear 2 → 6,  8 points:  (v − 2) / 4
    let card_json = r#"{"name": "lin", "sections": [{"name": "S", "metrics": [
        {"field": "deals", "points": 10, "rule": {"linear": {"from": 0, "to": 12}}},
        {"field": "ramp", "points": 8, "rule": {"linear": {"from": "2", "to": "6"}}}]}]}"#;
    let r = run(
        card_json,
        r#"[
        {"id": "A", "deals": 9,  "ramp": 3},
        {"id": "B", "deals": -3, "ramp": 1},
        {"id": "C", "deals": 15, "ramp": 7},
        {"id": "D", "deals": 0,  "ramp": 6},
        {"id": "E", "deals": 12, "ramp": 2},
        {"id": "F", "deals": 4,  "ramp": 5}]"#,
    );
    // deals: 9/12 = 0.75; −3 → clamp 0; 15 → clamp 1; 0 → 0; 12 → 1; 4/12 = 1/3
    let deals = earned_all(&r, 0);
    assert_eq!(deals[..5], some(&["0.75", "0", "1", "0", "1"])[..]);
    assert_eq!(cmp_key(deals[5].unwrap()), cmp_key(ratio(1, 3)));
    // ramp: (3−2)/4 = 0.25; 1 → clamp 0; 7 → clamp 1; 6 → 1; 2 → 0; (5−2)/4 = 0.75
    assert_eq!(earned_all(&r, 1), some(&["0.25", "0", "1", "1", "0", "0.75"]));
    // scores: A 7.5 + 2 = 9.5; B 0; C 10 + 8 = 18; D 0 + 8 = 8; E 10 + 0 = 10; F 3.3333… + 6
    let scores: Vec<Decimal> = r.partners().take(5).map(|p| p.score()).collect();
    assert_eq!(scores, ["9.5", "0", "18", "8", "10"].map(d).to_vec());
    assert_eq!(format_measure(r.partner(5).score()), "9.3333");
}

#[test]
fn linear_lower_is_better_clamps_both_ends() {
    // denial: linear 0.5 → 0 (b < a: lower is better), 15 points: (0.5 − v) / 0.5
    // days:   linear 30 → 10, 4 points: (30 − v) / 20
    let card_json = r#"{"name": "low", "sections": [{"name": "S", "metrics": [
        {"field": "denial", "points": 15, "rule": {"linear": {"from": "0.5", "to": "0"}}},
        {"field": "days", "points": 4, "rule": {"linear": {"from": 30, "to": 10}}}]}]}"#;
    let r = run(
        card_json,
        r#"[
        {"id": "A", "denial": 0.2,   "days": 25},
        {"id": "B", "denial": 0.6,   "days": 40},
        {"id": "C", "denial": -0.1,  "days": 5},
        {"id": "D", "denial": 0,     "days": 10},
        {"id": "E", "denial": 0.5,   "days": 30},
        {"id": "F", "denial": 0.125, "days": 15}]"#,
    );
    // denial: (0.5−0.2)/0.5 = 0.6; 0.6 is worse than 0.5 → 0; −0.1 beyond 0 → 1; 0 → 1; 0.5 → 0;
    //         (0.5−0.125)/0.5 = 0.75
    assert_eq!(earned_all(&r, 0), some(&["0.6", "0", "1", "1", "0", "0.75"]));
    // days: (30−25)/20 = 0.25; 40 → 0; 5 → 1; 10 → 1; 30 → 0; (30−15)/20 = 0.75
    assert_eq!(earned_all(&r, 1), some(&["0.25", "0", "1", "1", "0", "0.75"]));
    // A: 15×0.6 + 4×0.25 = 9 + 1 = 10; F: 11.25 + 3 = 14.25
    assert_eq!(r.partner(0).score(), d("10"));
    assert_eq!(r.partner(5).score(), d("14.25"));
    assert_eq!(r.partner(1).score(), d("0"));
    assert_eq!(r.partner(2).score(), d("19"));
}

#[test]
fn at_least_bands() {
    // certs: [{≥1: 0.5}, {≥3: 1}] × 15;  leads: [{≥10: 0.2}, {≥20: 0.5}, {≥40: 1}] × 10
    let card_json = r#"{"name": "bands", "sections": [{"name": "S", "metrics": [
        {"field": "certs", "points": 15, "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}},
        {"field": "leads", "points": 10, "rule": {"bands": [{"at_least": 10, "earn": 0.2}, {"at_least": 20, "earn": "0.5"}, {"at_least": 40, "earn": 1}]}}]}]}"#;
    let r = run(
        card_json,
        r#"[
        {"id": "A", "certs": 0,     "leads": 5},
        {"id": "B", "certs": 1,     "leads": 10},
        {"id": "C", "certs": 2,     "leads": 19.99},
        {"id": "D", "certs": 3,     "leads": 20},
        {"id": "E", "certs": 2.999, "leads": 39},
        {"id": "F", "certs": 10,    "leads": 40},
        {"id": "G", "certs": -1,    "leads": 1000}]"#,
    );
    // certs: 0 below the first band → 0; 1 exactly on threshold → 0.5; 2 → 0.5; 3 → 1; 2.999 → 0.5;
    //        10 → 1; −1 → 0
    assert_eq!(earned_all(&r, 0), some(&["0", "0.5", "0.5", "1", "0.5", "1", "0"]));
    // leads: 5 → 0; 10 → 0.2; 19.99 → 0.2; 20 → 0.5; 39 → 0.5; 40 → 1; 1000 → 1
    assert_eq!(earned_all(&r, 1), some(&["0", "0.2", "0.2", "0.5", "0.5", "1", "1"]));
    // D: 15 + 5 = 20; B: 7.5 + 2 = 9.5
    assert_eq!(r.partner(3).score(), d("20"));
    assert_eq!(r.partner(1).score(), d("9.5"));
}

#[test]
fn at_most_bands() {
    // response_days: [{≤30: 0.25}, {≤14: 0.5}, {≤7: 1}] × 8 — the last band with v ≤ x_k
    let r = run(
        &one_metric(
            r#"{"bands": [{"at_most": 30, "earn": "0.25"}, {"at_most": 14, "earn": "0.5"}, {"at_most": 7, "earn": "1"}]}"#,
            "8",
        ),
        &partners_v(&["40", "30", "30.01", "20", "14", "8", "7", "0", "-5"]),
    );
    // 40 → beyond the first band → 0; 30 on threshold → 0.25; 30.01 → 0; 20 → 0.25; 14 → 0.5;
    // 8 → 0.5; 7 → 1; 0 → 1; −5 → 1
    assert_eq!(earned_all(&r, 0), some(&["0", "0.25", "0", "0.25", "0.5", "0.5", "1", "1", "1"]));
    assert_eq!(points_all(&r, 0), some(&["0", "2", "0", "2", "4", "4", "8", "8", "8"]));
}

#[test]
fn boolean_rule_reads_words_numbers_and_booleans() {
    let r = run(
        &one_metric(r#""boolean""#, "5"),
        &partners_v(&[
            "true",
            "false",
            r#""yes""#,
            r#""no""#,
            r#""YES""#,
            r#""No""#,
            r#""1""#,
            r#""0""#,
            "1",
            "0",
            "2",
            "-0.5",
            r#""True""#,
            r#""FALSE""#,
            "0.0",
        ]),
    );
    // true/yes/1/non-zero numbers → 1 (5 points), false/no/0 → 0
    assert_eq!(earned_all(&r, 0), some(&["1", "0", "1", "0", "1", "0", "1", "0", "1", "0", "1", "1", "1", "0", "0"]));
    assert_eq!(r.partner(0).score(), d("5"));
    // the object form means the same
    let r2 = run(&one_metric(r#"{"boolean": {}}"#, "5"), &partners_v(&["true", r#""no""#]));
    assert_eq!(earned_all(&r2, 0), some(&["1", "0"]));
    // a boolean metric reports its value as a JSON boolean
    let j = report_json(&r);
    assert_eq!(j["partners"][0]["metrics"][0]["value"], json!(true));
    assert_eq!(j["partners"][3]["metrics"][0]["value"], json!(false));
}

#[test]
fn boolean_rule_from_csv() {
    let partners = Partners::from_csv("id,v\nA,yes\nB,no\nC,1\nD,0\nE,2\nF,True\nG,false\nH,\n").unwrap();
    let r = card(&one_metric(r#""boolean""#, "5")).score(&partners).unwrap();
    // H: empty cell is missing → missing zero → 0
    assert_eq!(earned_all(&r, 0), some(&["1", "0", "1", "0", "1", "1", "0", "0"]));
}

#[test]
fn boolean_rule_reads_numeric_text_as_a_number_in_json_as_in_csv() {
    // Data contract: numeric strings are accepted as numbers; for a boolean rule "a number: non-zero
    // is true". The CSV cell `2` is a number; the JSON string "2" is the same value.
    let csv = card(&one_metric(r#""boolean""#, "5")).score(&Partners::from_csv("id,v\nA,2\n").unwrap()).unwrap();
    assert_eq!(earned_all(&csv, 0), some(&["1"]));
    let json_text =
        card(&one_metric(r#""boolean""#, "5")).score(&Partners::from_json(r#"[{"id": "A", "v": "2"}]"#).unwrap());
    match json_text {
        Ok(r) => assert_eq!(earned_all(&r, 0), some(&["1"])),
        Err(e) => panic!("JSON \"2\" under a boolean rule was refused ({e}), but CSV 2 is true"),
    }
}

#[test]
fn bad_values_are_input_errors_naming_partner_and_field() {
    let e = score_error(&one_metric(r#""boolean""#, "5"), r#"[{"id": "A", "v": true}, {"id": "B7", "v": "maybe"}]"#);
    assert_eq!(e.kind(), ErrorKind::Input);
    let msg = e.to_string();
    assert!(msg.contains("B7") && msg.contains('v'), "{msg}");

    let e = score_error(&one_metric(r#"{"target": 10}"#, "5"), r#"[{"id": "Q1", "v": "ten"}]"#);
    assert_eq!(e.kind(), ErrorKind::Input);
    assert!(e.to_string().contains("Q1"), "{e}");

    // CSV: the line and column as well
    let partners = Partners::from_csv("id,x,v\nA,1,3\nB,1,abc\n").unwrap();
    let e = card(&one_metric(r#"{"target": 10}"#, "5")).score(&partners).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("line 3") && msg.contains("column 3") && msg.contains('B'), "{msg}");
}

#[test]
fn percentile_rule_with_ties_and_missing_values() {
    // cohort of v: {10, 20, 20, 40} — the missing value is not in the cohort (n = 4, not 5).
    // PERCENTRANK.INC: 10 → 0/3 = 0; 20 → 1/3; 40 → 3/3 = 1. Missing (policy zero) earns 0.
    let r = run(&one_metric(r#""percentile""#, "10"), &partners_v(&["20", "10", "40", "absent", "20"]));
    let e = earned_all(&r, 0);
    assert_eq!(cmp_key(e[0].unwrap()), cmp_key(ratio(1, 3)));
    assert_eq!(e[1], Some(d("0")));
    assert_eq!(e[2], Some(d("1")));
    assert_eq!(e[3], Some(d("0")));
    assert_eq!(cmp_key(e[4].unwrap()), cmp_key(ratio(1, 3)));
    assert_eq!(format_measure(e[0].unwrap()), "0.3333");
    // 10 points × 1/3 = 3.3333…
    assert_eq!(format_measure(r.partner(0).score()), "3.3333");
    assert_eq!(r.partner(2).score(), d("10"));
    // the object form means the same
    let r2 = run(&one_metric(r#"{"percentile": {}}"#, "10"), &partners_v(&["1", "2"]));
    assert_eq!(earned_all(&r2, 0), some(&["0", "1"]));
}

#[test]
fn percentile_cohort_of_one_earns_one() {
    let r = run(&one_metric(r#""percentile""#, "10"), &partners_v(&["3"]));
    assert_eq!(earned_all(&r, 0), some(&["1"]));
    // also when everybody else lacks the value
    let r = run(&one_metric(r#""percentile""#, "10"), &partners_v(&["absent", "-7", "absent"]));
    assert_eq!(earned_all(&r, 0), some(&["0", "1", "0"]));
    assert_eq!(r.partner(1).percentile(), d("1")); // score percentile among {0, 10, 0}: 2/2
}

#[test]
fn percentile_cohorts_by_benchmark_by() {
    // Cohorts by category: A = {A1: 5, A2: 7}; B = {B1: 1}; no category = {N1: 3, N2 (""): 9, N3 (null): 6}.
    let card_json = r#"{"name": "c", "benchmark_by": "category", "sections": [{"name": "S", "metrics": [
        {"field": "v", "points": 10, "rule": "percentile"}]}]}"#;
    let r = run(
        card_json,
        r#"[
        {"id": "A1", "category": "A", "v": 5},
        {"id": "N1", "v": 3},
        {"id": "B1", "category": "B", "v": 1},
        {"id": "A2", "category": "A", "v": 7},
        {"id": "N2", "category": "", "v": 9},
        {"id": "N3", "category": null, "v": 6}]"#,
    );
    // A: 5 → 0/1 = 0, 7 → 1/1 = 1; B: n = 1 → 1; none: 3 → 0/2 = 0, 9 → 2/2 = 1, 6 → 1/2 = 0.5
    assert_eq!(earned_all(&r, 0), some(&["0", "0", "1", "1", "1", "0.5"]));
    // scores: A1 0, N1 0, B1 10, A2 10, N2 10, N3 5
    // rank: 1 + strictly higher: the three 10s → 1; N3 → 4; A1, N1 → 5
    let ranks: Vec<u32> = r.partners().map(|p| p.rank()).collect();
    assert_eq!(ranks, vec![5, 5, 1, 1, 1, 4]);
    // rank in cohort: A: A2 1, A1 2; B: B1 1; none: N2 1, N3 2, N1 3
    let in_cohort: Vec<u32> = r.partners().map(|p| p.rank_in_cohort()).collect();
    assert_eq!(in_cohort, vec![2, 3, 1, 1, 1, 2]);
    // percentile of the score within the cohort: A1 0/1; N1 0/2; B1 1 (n = 1); A2 1/1; N2 2/2; N3 1/2
    let pct: Vec<Decimal> = r.partners().map(|p| p.percentile()).collect();
    assert_eq!(pct, ["0", "0", "1", "1", "1", "0.5"].map(d).to_vec());
}

// ---------------------------------------------------------------------------------------------
// sections, missing policies, score_pct

const CAPS_CARD: &str = r#"{"name": "caps", "sections": [
    {"name": "Sales", "max_points": 40, "metrics": [
        {"field": "revenue", "points": 20, "rule": {"target": 500000}},
        {"field": "deals", "points": 10, "rule": {"linear": {"from": 0, "to": 12}}},
        {"field": "win", "points": 20, "rule": "boolean", "missing": "exclude"}]},
    {"name": "Enablement", "metrics": [
        {"field": "certs", "points": 15, "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}}]}]}"#;

#[test]
fn section_caps_and_section_maximum() {
    let r = run(
        CAPS_CARD,
        r#"[
        {"id": "P1", "revenue": 500000, "deals": 9, "win": true,  "certs": 3},
        {"id": "P2", "revenue": 250000, "deals": 3, "win": false, "certs": 1},
        {"id": "P3", "revenue": 500000, "deals": 9,               "certs": 0}]"#,
    );
    // P1: Sales 20 + 7.5 + 20 = 47.5 → capped at 40; max min(40, 50) = 40; Enablement 15 of 15
    //     score 55, max 55, pct 100
    let p1 = r.partner(0);
    let s = p1.sections();
    assert_eq!((s[0].points, s[0].max_points), (d("40"), d("40")));
    assert_eq!((s[1].points, s[1].max_points), (d("15"), d("15")));
    assert_eq!((p1.score(), p1.max_score(), p1.score_pct()), (d("55"), d("55"), d("100")));
    // P2: Sales 10 + 2.5 + 0 = 12.5 of 40; Enablement 7.5 of 15; score 20 of 55;
    //     pct 100 × 20 / 55 = 36.3636…
    let p2 = r.partner(1);
    assert_eq!(p2.sections()[0].points, d("12.5"));
    assert_eq!((p2.score(), p2.max_score()), (d("20"), d("55")));
    assert_eq!(format_measure(p2.score_pct()), "36.3636");
    // P3: win missing and excluded: Sales 20 + 7.5 = 27.5, maximum min(40, 20 + 10) = 30;
    //     Enablement 0 of 15; score 27.5 of 45; pct 2750 / 45 = 61.1111…
    let p3 = r.partner(2);
    let s = p3.sections();
    assert_eq!((s[0].points, s[0].max_points), (d("27.5"), d("30")));
    assert_eq!((s[1].points, s[1].max_points), (d("0"), d("15")));
    assert_eq!((p3.score(), p3.max_score()), (d("27.5"), d("45")));
    assert_eq!(format_measure(p3.score_pct()), "61.1111");
    let win = &p3.metrics()[2];
    assert!(win.excluded);
    assert_eq!((win.value, win.earned, win.points), (None, None, None));
    assert_eq!(win.max_points, d("0"));
}

#[test]
fn section_cap_still_binds_when_a_metric_is_excluded() {
    // cap 25 over 20 + 10 + 20; deals excluded: maximum = min(25, 20 + 20) = 25;
    // revenue 20 + win 20 = 40 → capped 25
    let card_json = r#"{"name": "c", "sections": [{"name": "Sales", "max_points": "25", "metrics": [
        {"field": "revenue", "points": 20, "rule": {"target": 500000}},
        {"field": "deals", "points": 10, "rule": {"linear": {"from": 0, "to": 12}}, "missing": "exclude"},
        {"field": "win", "points": 20, "rule": "boolean"}]}]}"#;
    let r = run(card_json, r#"[{"id": "A", "revenue": 600000, "win": "yes"}]"#);
    let p = r.partner(0);
    assert_eq!(p.sections()[0].points, d("25"));
    assert_eq!(p.sections()[0].max_points, d("25"));
    assert_eq!((p.score(), p.max_score(), p.score_pct()), (d("25"), d("25"), d("100")));
    // a cap of 0 makes a section worth nothing
    let zero_cap = r#"{"name": "c", "sections": [{"name": "S", "max_points": 0, "metrics": [
        {"field": "v", "points": 10, "rule": {"target": 1}}]},
        {"name": "T", "metrics": [{"field": "w", "points": 10, "rule": {"target": 1}}]}]}"#;
    let r = run(zero_cap, r#"[{"id": "A", "v": 1, "w": "0.5"}]"#);
    let p = r.partner(0);
    assert_eq!((p.score(), p.max_score(), p.score_pct()), (d("5"), d("10"), d("50")));
}

#[test]
fn missing_zero_scorecard_wide_with_exclude_override() {
    let card_json = r#"{"name": "m", "missing": "zero", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}},
        {"field": "b", "points": 30, "rule": {"target": 10}, "missing": "exclude"}]}]}"#;
    let r = run(card_json, r#"[{"id": "P1"}, {"id": "P2", "a": 5, "b": 5}]"#);
    // P1: a missing → 0 of 10 (counts); b missing → excluded: score 0, max 10
    let p1 = r.partner(0);
    assert_eq!((p1.score(), p1.max_score()), (d("0"), d("10")));
    let m = p1.metrics();
    assert!(!m[0].excluded && m[0].earned == Some(d("0")) && m[0].max_points == d("10"));
    assert!(m[1].excluded && m[1].earned.is_none() && m[1].max_points == d("0"));
    // P2: 5 + 15 = 20 of 40 → 50 %
    let p2 = r.partner(1);
    assert_eq!((p2.score(), p2.max_score(), p2.score_pct()), (d("20"), d("40"), d("50")));
}

#[test]
fn missing_exclude_scorecard_wide_with_zero_override() {
    let card_json = r#"{"name": "m", "missing": "exclude", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}},
        {"field": "b", "points": 30, "rule": {"target": 10}, "missing": "zero"}]}]}"#;
    let r = run(card_json, r#"[{"id": "P1"}, {"id": "P2", "a": 5}]"#);
    // P1: a excluded, b zero: score 0 of 30
    let p1 = r.partner(0);
    assert_eq!((p1.score(), p1.max_score()), (d("0"), d("30")));
    assert!(p1.metrics()[0].excluded && !p1.metrics()[1].excluded);
    // P2: a 5 of 10, b 0 of 30 → 5 of 40 = 12.5 %
    let p2 = r.partner(1);
    assert_eq!((p2.score(), p2.max_score(), p2.score_pct()), (d("5"), d("40"), d("12.5")));
}

#[test]
fn missing_error_names_partner_and_field() {
    // scorecard-wide error; a's override zero lets a partner without `a` through
    let card_json = r#"{"name": "m", "missing": "error", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}, "missing": "zero"},
        {"field": "deals", "points": 10, "rule": {"target": 10}}]}]}"#;
    let ok = run(card_json, r#"[{"id": "P1", "deals": 5}]"#);
    assert_eq!(ok.partner(0).score(), d("5"));
    let e = score_error(card_json, r#"[{"id": "P1", "deals": 5}, {"id": "P2", "a": 1}]"#);
    assert_eq!(e.kind(), ErrorKind::Input);
    let msg = e.to_string();
    assert!(msg.contains("P2") && msg.contains("deals"), "{msg}");

    // per-metric error on a zero scorecard
    let card_json = r#"{"name": "m", "missing": "zero", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}},
        {"field": "certs", "points": 10, "rule": "boolean", "missing": "error"}]}]}"#;
    let e = score_error(card_json, r#"[{"id": "X9", "certs": true}, {"id": "Y3", "a": 2, "certs": null}]"#);
    assert_eq!(e.kind(), ErrorKind::Input);
    let msg = e.to_string();
    assert!(msg.contains("Y3") && msg.contains("certs"), "{msg}");
}

#[test]
fn score_pct_is_zero_when_every_metric_is_excluded() {
    let card_json = r#"{"name": "m", "missing": "exclude", "sections": [{"name": "S", "max_points": 5, "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}}]},
        {"name": "T", "metrics": [{"field": "b", "points": 10, "rule": "percentile"}]}],
        "tiers": [{"name": "Any", "min_score": 0}]}"#;
    let r = run(card_json, r#"[{"id": "P1"}, {"id": "P2", "a": 10}]"#);
    let p = r.partner(0);
    // section maxima: min(5, 0) = 0 and 0 → max_score 0 → score_pct 0 (no division by zero)
    assert_eq!((p.score(), p.max_score(), p.score_pct()), (d("0"), d("0"), d("0")));
    assert_eq!(p.tier(), Some("Any"));
    let j = report_json(&r);
    assert_eq!(j["partners"][0]["score_pct"], json!("0"));
    assert_eq!(j["partners"][0]["max_score"], json!("0"));
    // P2: a 10 of 10 → capped 5 of 5; b excluded → 5 of 5 = 100 %
    let p2 = r.partner(1);
    assert_eq!((p2.score(), p2.max_score(), p2.score_pct()), (d("5"), d("5"), d("100")));
}

// ---------------------------------------------------------------------------------------------
// tiers and requirements

#[test]
fn tier_is_first_listed_whose_min_score_and_requires_hold() {
    let card_json = pts_card(
        r#""tiers": [
        {"name": "Platinum", "min_score": 85, "requires": [{"field": "certified_reps", "at_least": 3}]},
        {"name": "Gold", "min_score": 70},
        {"name": "Silver", "min_score": 50}],"#,
    ) + "}";
    let r = run(
        &card_json,
        r#"[
        {"id": "P1", "pts": 90, "certified_reps": 3},
        {"id": "P2", "pts": 90, "certified_reps": 2},
        {"id": "P3", "pts": 70},
        {"id": "P4", "pts": 69.99},
        {"id": "P5", "pts": 49.9999},
        {"id": "P6", "pts": 85}]"#,
    );
    // P1: 90 ≥ 85 and 3 ≥ 3 → Platinum. P2: reps 2 < 3 → next listed, Gold (90 ≥ 70).
    // P3: 70 ≥ 70 → Gold. P4: 69.99 → Silver. P5: below 50 → none. P6: reps missing → Gold.
    let tiers: Vec<Option<&str>> = r.partners().map(|p| p.tier()).collect();
    assert_eq!(tiers, vec![Some("Platinum"), Some("Gold"), Some("Gold"), Some("Silver"), None, Some("Gold")]);
}

#[test]
fn next_tier_points_needed_and_unmet_requires() {
    let card_json = pts_card(
        r#""tiers": [
        {"name": "Platinum", "min_score": 85, "requires": [{"field": "certified_reps", "at_least": 3}]},
        {"name": "Gold", "min_score": 70},
        {"name": "Silver", "min_score": 50}],"#,
    ) + "}";
    let r = run(
        &card_json,
        r#"[
        {"id": "P1", "pts": 90, "certified_reps": 3},
        {"id": "P2", "pts": 90, "certified_reps": 2},
        {"id": "P3", "pts": 70},
        {"id": "P4", "pts": 69.99},
        {"id": "P5", "pts": 40}]"#,
    );
    // P1 is at the top: null
    assert!(r.partner(0).next_tier().is_none());
    // P2 Gold → Platinum: points_needed max(0, 85 − 90) = 0; unmet: certified_reps ≥ 3
    let n = r.partner(1).next_tier().unwrap();
    assert_eq!((n.name, n.min_score, n.points_needed), ("Platinum", d("85"), d("0")));
    assert_eq!(n.unmet_requires.len(), 1);
    // P3 Gold (70) → Platinum: 85 − 70 = 15; reps missing → unmet
    let n = r.partner(2).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed, n.unmet_requires.len()), ("Platinum", d("15"), 1));
    // P4 Silver → Gold: 70 − 69.99 = 0.01, nothing else unmet
    let n = r.partner(3).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed, n.unmet_requires.len()), ("Gold", d("0.01"), 0));
    // P5 no tier → the lowest-listed tier, Silver: 50 − 40 = 10
    let n = r.partner(4).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed), ("Silver", d("10")));

    let j = report_json(&r);
    assert_eq!(j["partners"][0]["next_tier"], Json::Null);
    let nt = &j["partners"][1]["next_tier"];
    assert_eq!(keys(nt), ["name", "min_score", "points_needed", "unmet_requires"]);
    assert_eq!(nt["name"], json!("Platinum"));
    assert_eq!(nt["min_score"], json!("85"));
    assert_eq!(nt["points_needed"], json!("0"));
    let unmet = nt["unmet_requires"].as_array().unwrap();
    assert_eq!(unmet.len(), 1);
    assert_eq!(unmet[0]["field"], json!("certified_reps"));
    let at_least = &unmet[0]["at_least"];
    let x = at_least
        .as_str()
        .map(d)
        .or_else(|| at_least.as_number().map(|n| d(&n.to_string())))
        .expect("at_least is a number");
    assert_eq!(x, d("3"));
    assert_eq!(j["partners"][3]["next_tier"]["points_needed"], json!("0.01"));
    assert_eq!(j["partners"][3]["next_tier"]["unmet_requires"], json!([]));
    assert_eq!(j["partners"][4]["next_tier"]["name"], json!("Silver"));
    assert_eq!(j["partners"][4]["tier"], Json::Null);
}

#[test]
fn no_tiers_means_no_tier_and_no_next_tier() {
    let r = run(&(pts_card("") + "}"), r#"[{"id": "A", "pts": 99}]"#);
    assert_eq!(r.partner(0).tier(), None);
    assert!(r.partner(0).next_tier().is_none());
}

/// Whether a partner with `pts` 50 and field `f` = `value` (JSON literal, or `absent`) reaches tier T
/// (min_score 0) whose only requirement is `req`.
fn requirement_holds(req: &str, value: &str) -> bool {
    let card_json = pts_card(&format!(r#""tiers": [{{"name": "T", "min_score": 0, "requires": [{req}]}}],"#)) + "}";
    let partner = if value == "absent" {
        r#"[{"id": "P", "pts": 50}]"#.to_string()
    } else {
        format!(r#"[{{"id": "P", "pts": 50, "f": {value}}}]"#)
    };
    let r = run(&card_json, &partner);
    let holds = r.partner(0).tier() == Some("T");
    // a tier that fails only on requires is the partner's next tier, with that requirement unmet
    if !holds {
        let n = r.partner(0).next_tier().expect("T is the next tier");
        assert_eq!(n.unmet_requires.len(), 1);
        assert_eq!(n.points_needed, d("0"));
    }
    holds
}

#[test]
fn requires_at_least_at_most_above_below() {
    let at_least = r#"{"field": "f", "at_least": 3}"#;
    assert!(requirement_holds(at_least, "3"));
    assert!(requirement_holds(at_least, r#""3.5""#));
    assert!(!requirement_holds(at_least, "2.99"));
    assert!(!requirement_holds(at_least, "absent"));

    let at_most = r#"{"field": "f", "at_most": "3"}"#;
    assert!(requirement_holds(at_most, "3"));
    assert!(requirement_holds(at_most, "-10"));
    assert!(!requirement_holds(at_most, "3.01"));
    assert!(!requirement_holds(at_most, "absent"));

    // above and below are strict
    let above = r#"{"field": "f", "above": 3}"#;
    assert!(!requirement_holds(above, "3"));
    assert!(requirement_holds(above, "3.01"));
    assert!(!requirement_holds(above, "absent"));

    let below = r#"{"field": "f", "below": 3}"#;
    assert!(!requirement_holds(below, "3"));
    assert!(requirement_holds(below, "2.99"));
    assert!(!requirement_holds(below, "absent"));

    // a boolean counts as 1 or 0 where a number is needed
    assert!(requirement_holds(r#"{"field": "f", "at_least": 1}"#, "true"));
    assert!(!requirement_holds(r#"{"field": "f", "at_least": 1}"#, "false"));
}

#[test]
fn requires_equals_number_boolean_text() {
    // numbers as numbers
    let num = r#"{"field": "f", "equals": 5}"#;
    assert!(requirement_holds(num, "5"));
    assert!(requirement_holds(num, "5.00"));
    assert!(requirement_holds(num, r#""5.0""#));
    assert!(!requirement_holds(num, "6"));
    assert!(!requirement_holds(num, "absent"));
    // booleans as booleans
    let yes = r#"{"field": "f", "equals": true}"#;
    assert!(requirement_holds(yes, "true"));
    assert!(requirement_holds(yes, r#""yes""#));
    assert!(requirement_holds(yes, r#""TRUE""#));
    assert!(!requirement_holds(yes, "false"));
    assert!(!requirement_holds(yes, "absent"));
    let no = r#"{"field": "f", "equals": false}"#;
    assert!(requirement_holds(no, "false"));
    assert!(requirement_holds(no, r#""no""#));
    // a missing value meets no requirement, not even `equals false`
    assert!(!requirement_holds(no, "absent"));
    // text exactly
    let text = r#"{"field": "f", "equals": "MSP"}"#;
    assert!(requirement_holds(text, r#""MSP""#));
    assert!(!requirement_holds(text, r#""msp""#));
    assert!(!requirement_holds(text, r#""MSP ""#));
    assert!(!requirement_holds(text, "absent"));
}

#[test]
fn requires_every_metric_scores() {
    let card_json = r#"{"name": "e", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}},
        {"field": "b", "points": 10, "rule": {"target": 10}, "missing": "exclude"}]}],
        "tiers": [{"name": "All", "min_score": 0, "requires": [{"every_metric_scores": true}]}]}"#;
    let r = run(
        card_json,
        r#"[
        {"id": "P1", "a": 5, "b": 5},
        {"id": "P2", "a": 5, "b": 0},
        {"id": "P3", "a": 5},
        {"id": "P4", "b": 5}]"#,
    );
    // P1: both > 0 → holds. P2: b earns 0 → fails. P3: b excluded (does not count), a > 0 → holds.
    // P4: a missing with policy zero counts and earns 0 → fails.
    let tiers: Vec<Option<&str>> = r.partners().map(|p| p.tier()).collect();
    assert_eq!(tiers, vec![Some("All"), None, Some("All"), None]);
    let n = r.partner(1).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed, n.unmet_requires.len()), ("All", d("0"), 1));
    let j = report_json(&r);
    assert_eq!(j["partners"][1]["next_tier"]["unmet_requires"], json!([{"every_metric_scores": true}]));

    // true when no metric counts
    let all_excluded = r#"{"name": "e", "missing": "exclude", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 10, "rule": {"target": 10}}]}],
        "tiers": [{"name": "All", "min_score": 0, "requires": [{"every_metric_scores": true}]}]}"#;
    let r = run(all_excluded, r#"[{"id": "P1"}]"#);
    assert_eq!(r.partner(0).tier(), Some("All"));
}

#[test]
fn equal_min_scores_differ_in_requires() {
    let card_json = pts_card(
        r#""tiers": [
        {"name": "Gold Certified", "min_score": 70, "requires": [{"field": "certified", "equals": true}]},
        {"name": "Gold", "min_score": 70},
        {"name": "Silver", "min_score": 50}],"#,
    ) + "}";
    let r = run(
        &card_json,
        r#"[
        {"id": "P1", "pts": 75, "certified": "yes"},
        {"id": "P2", "pts": 75, "certified": false},
        {"id": "P3", "pts": 60, "certified": true}]"#,
    );
    let tiers: Vec<Option<&str>> = r.partners().map(|p| p.tier()).collect();
    assert_eq!(tiers, vec![Some("Gold Certified"), Some("Gold"), Some("Silver")]);
    // P2's next tier is the one listed above Gold: Gold Certified, 0 points, the requirement unmet
    let n = r.partner(1).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed, n.unmet_requires.len()), ("Gold Certified", d("0"), 1));
    // P3 Silver → Gold: 70 − 60 = 10
    let n = r.partner(2).next_tier().unwrap();
    assert_eq!((n.name, n.points_needed, n.unmet_requires.len()), ("Gold", d("10"), 0));
}

// ---------------------------------------------------------------------------------------------
// ranks

#[test]
fn ranks_ties_and_cohorts() {
    let card_json = pts_card(r#""benchmark_by": "category","#) + "}";
    let r = run(
        &card_json,
        r#"[
        {"id": "P1", "category": "A", "pts": 50},
        {"id": "P2", "category": "A", "pts": 70},
        {"id": "P3", "category": "B", "pts": 70},
        {"id": "P4", "category": "B", "pts": 30},
        {"id": "P5", "category": "A", "pts": 70},
        {"id": "P6", "pts": 10}]"#,
    );
    // rank = 1 + number strictly higher: 70s → 1; 50 → 4 (three 70s above); 30 → 5; 10 → 6
    let ranks: Vec<u32> = r.partners().map(|p| p.rank()).collect();
    assert_eq!(ranks, vec![4, 1, 1, 5, 1, 6]);
    // in cohort: A {50, 70, 70}: 3, 1, 1; B {70, 30}: 1, 2; none {10}: 1
    let rc: Vec<u32> = r.partners().map(|p| p.rank_in_cohort()).collect();
    assert_eq!(rc, vec![3, 1, 1, 2, 1, 1]);
    // percentile in cohort: A: 50 → 0/2, 70 → 1/2; B: 70 → 1/1, 30 → 0; none: n = 1 → 1
    let pct: Vec<Decimal> = r.partners().map(|p| p.percentile()).collect();
    assert_eq!(pct, ["0", "0.5", "1", "0", "0.5", "1"].map(d).to_vec());
    // results come back in input order
    let ids: Vec<&str> = r.partners().map(|p| p.id()).collect();
    assert_eq!(ids, ["P1", "P2", "P3", "P4", "P5", "P6"]);
}

#[test]
fn score_percentile_thirds() {
    // scores {10, 20, 20, 40} in one cohort: 20 → 1/3 → "0.3333"
    let r = run(
        &(pts_card("") + "}"),
        r#"[{"id": "a", "pts": 20}, {"id": "b", "pts": 10}, {"id": "c", "pts": 40}, {"id": "d", "pts": 20}]"#,
    );
    assert_eq!(cmp_key(r.partner(0).percentile()), cmp_key(ratio(1, 3)));
    assert_eq!(format_measure(r.partner(0).percentile()), "0.3333");
    assert_eq!(r.partner(2).percentile(), d("1"));
    assert_eq!(r.partner(1).percentile(), d("0"));
    let ranks: Vec<u32> = r.partners().map(|p| p.rank()).collect();
    assert_eq!(ranks, vec![2, 4, 1, 2]);
}

#[test]
fn exact_then_compared() {
    // Three metrics, target 3, 5 points each; points are computed as points × value / target.
    // X: a = b = c = 1 → each 5/3 = 1.6666666666666666666666666667 (28 places); the sum is
    //    5.0000000000000000000000000001 — mathematically 5.
    // Y: a = 3 → 5 exactly; b = c = 0.
    // Rounded to 20 places both are 5: they share rank 1, the percentile, and the tier min_score 5.
    let card_json = r#"{"name": "x", "sections": [{"name": "S", "metrics": [
        {"field": "a", "points": 5, "rule": {"target": 3}},
        {"field": "b", "points": 5, "rule": {"target": 3}},
        {"field": "c", "points": 5, "rule": {"target": 3}}]}],
        "tiers": [{"name": "Gold", "min_score": 5}, {"name": "Silver", "min_score": 2}]}"#;
    let r = run(
        card_json,
        r#"[{"id": "X", "a": 1, "b": 1, "c": 1}, {"id": "Y", "a": 3, "b": 0, "c": 0}, {"id": "Z", "a": 2}]"#,
    );
    let (x, y) = (r.partner(0), r.partner(1));
    assert_ne!(x.score(), y.score(), "the example should reach 5 along an inexact path");
    assert_eq!(y.score(), d("5"));
    assert_eq!(cmp_key(x.score()), cmp_key(y.score()));
    assert_eq!((x.rank(), y.rank()), (1, 1));
    assert_eq!((x.rank_in_cohort(), y.rank_in_cohort()), (1, 1));
    assert_eq!(x.percentile(), y.percentile());
    // cohort {X ≈ 5, Y 5, Z 3.33}: both have one score strictly below → 1/2
    assert_eq!(x.percentile(), d("0.5"));
    assert_eq!(x.tier(), Some("Gold"));
    assert_eq!(y.tier(), Some("Gold"));
    assert_eq!(r.partner(2).rank(), 3);
    let j = report_json(&r);
    assert_eq!(j["partners"][0]["score"], json!("5"));
    assert_eq!(j["partners"][0]["score_pct"], json!("33.3333"));
}

#[test]
fn exact_then_compared_in_requires_and_bands() {
    // v = 1 on a target-3 metric with 3 points: earned 1/3 = 0.3333…3 (28 places), points
    // 3 × that = 0.9999…9 — mathematically 1. The tier's min_score 1 compares the score rounded to
    // 20 places (1.00000000000000000000), so the tier holds.
    let card_json = r#"{"name": "x", "sections": [{"name": "S", "metrics": [
        {"field": "v", "points": 3, "rule": {"target": 3}}]}],
        "tiers": [{"name": "One", "min_score": 1}]}"#;
    let r = run(card_json, r#"[{"id": "A", "v": 1}]"#);
    assert_eq!(r.partner(0).tier(), Some("One"));
    assert_eq!(format_measure(r.partner(0).score()), "1");
}

// ---------------------------------------------------------------------------------------------
// opportunities

const OPP_CARD: &str = r#"{"name": "opp", "sections": [
    {"name": "Sales", "max_points": 40, "metrics": [
        {"field": "revenue", "points": 20, "rule": {"target": 500000}},
        {"field": "deals", "points": 10, "rule": {"linear": {"from": 0, "to": 12}}},
        {"field": "win", "points": 20, "rule": "boolean"}]},
    {"name": "Enablement", "metrics": [
        {"field": "certs", "points": 15, "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}},
        {"field": "mdf", "points": 5, "rule": {"target": 10}, "missing": "exclude"}]}]}"#;

fn opps(r: &ScoreReport, i: usize) -> Vec<(String, Decimal)> {
    r.partner(i).opportunities().iter().map(|o| (o.name.to_string(), o.available)).collect()
}

fn o(name: &str, v: &str) -> (String, Decimal) {
    (name.to_string(), d(v))
}

#[test]
fn opportunities_limited_by_section_room_and_ordered() {
    let r = run(
        OPP_CARD,
        r#"[
        {"id": "X", "revenue": 250000, "deals": 6, "win": false, "certs": 1},
        {"id": "Y", "revenue": 500000, "deals": 6, "win": false, "certs": 3, "mdf": 2.5},
        {"id": "Z", "revenue": 500000, "deals": 0, "win": true,  "certs": 0, "mdf": 10},
        {"id": "W", "revenue": 0,      "deals": 0, "win": false, "certs": 0, "mdf": 0}]"#,
    );
    // X: Sales 10 + 5 + 0 = 15, room 40 − 15 = 25. revenue min(10, 25) = 10; deals min(5, 25) = 5;
    //    win min(20, 25) = 20; certs 15 − 7.5 = 7.5 (no cap); mdf excluded → absent.
    assert_eq!(opps(&r, 0), vec![o("win", "20"), o("revenue", "10"), o("certs", "7.5"), o("deals", "5")]);
    // Y: Sales 20 + 5 + 0 = 25, room 15. revenue 0 → absent; deals min(5, 15) = 5; win min(20, 15) = 15;
    //    certs full → absent; mdf 5 − 5 × 0.25 = 3.75.
    assert_eq!(opps(&r, 1), vec![o("win", "15"), o("deals", "5"), o("mdf", "3.75")]);
    // Z: Sales 20 + 0 + 20 = 40 = cap, room 0: deals (10 short) is limited to 0 → absent;
    //    certs 15; mdf full → absent.
    assert_eq!(opps(&r, 2), vec![o("certs", "15")]);
    // W: room 40: revenue 20, deals 10, win 20; certs 15; mdf 5 (present, value 0).
    //    Largest first, ties in config order: revenue 20, win 20, certs 15, deals 10, mdf 5.
    assert_eq!(
        opps(&r, 3),
        vec![o("revenue", "20"), o("win", "20"), o("certs", "15"), o("deals", "10"), o("mdf", "5")]
    );
    let j = report_json(&r);
    let first = &j["partners"][0]["opportunities"][0];
    assert_eq!(keys(first), ["name", "field", "section", "available"]);
    assert_eq!(*first, json!({"name": "win", "field": "win", "section": "Sales", "available": "20"}));
}

#[test]
fn opportunities_at_most_five() {
    // seven boolean metrics, all false: available = points: 1, 2, 3, 3, 5, 1, 4
    // largest first, ties in config order: m5 5, m7 4, m3 3, m4 3, m2 2 — m1 and m6 left out
    let card_json = r#"{"name": "seven", "sections": [{"name": "S", "metrics": [
        {"field": "m1", "points": 1, "rule": "boolean"},
        {"field": "m2", "points": 2, "rule": "boolean"},
        {"field": "m3", "points": 3, "rule": "boolean"},
        {"field": "m4", "points": 3, "rule": "boolean"},
        {"field": "m5", "points": 5, "rule": "boolean"},
        {"field": "m6", "points": 1, "rule": "boolean"},
        {"field": "m7", "points": 4, "rule": "boolean"}]}]}"#;
    let r = run(card_json, r#"[{"id": "A"}]"#);
    assert_eq!(opps(&r, 0), vec![o("m5", "5"), o("m7", "4"), o("m3", "3"), o("m4", "3"), o("m2", "2")]);
}

// ---------------------------------------------------------------------------------------------
// benchmarks

#[test]
fn benchmarks_higher_and_lower_is_better() {
    // hi: linear 0 → 10 (higher is better); lo: linear 10 → 0 (lower is better);
    // cut: at_most bands (lower is better); pct: percentile (higher is better). Same value v in each.
    let card_json = r#"{"name": "b", "benchmark_by": "category", "sections": [{"name": "S", "metrics": [
        {"field": "v", "name": "hi", "points": 10, "rule": {"linear": {"from": 0, "to": 10}}},
        {"field": "v", "name": "lo", "points": 10, "rule": {"linear": {"from": 10, "to": 0}}},
        {"field": "v", "name": "cut", "points": 10, "rule": {"bands": [{"at_most": 5, "earn": 1}]}},
        {"field": "v", "name": "pct", "points": 10, "rule": "percentile"}]}]}"#;
    let mut rows = Vec::new();
    // cohort A: {3, 1, 4, 1, 5, 9}
    for (k, v) in [3, 1, 4, 1, 5, 9].iter().enumerate() {
        rows.push(format!(r#"{{"id": "A{k}", "category": "A", "v": {v}}}"#));
    }
    // cohort B: {10, 20, 30, 40, 50} and one partner without a value (not in the cohort's values)
    for (k, v) in [10, 20, 30, 40, 50].iter().enumerate() {
        rows.push(format!(r#"{{"id": "B{k}", "category": "B", "v": {v}}}"#));
    }
    rows.push(r#"{"id": "B9", "category": "B"}"#.to_string());
    // cohort C: {1, …, 8}
    for v in 1..=8 {
        rows.push(format!(r#"{{"id": "C{v}", "category": "C", "v": {v}}}"#));
    }
    // cohort E: {1, 2, 2, 2}
    for (k, v) in [1, 2, 2, 2].iter().enumerate() {
        rows.push(format!(r#"{{"id": "E{k}", "category": "E", "v": {v}}}"#));
    }
    // cohort D: nobody has a value
    rows.push(r#"{"id": "D1", "category": "D"}"#.to_string());
    let r = run(card_json, &format!("[{}]", rows.join(",")));
    let by_id = |id: &str| r.partners().find(|p| p.id() == id).unwrap();
    let bench = |id: &str, j: usize| by_id(id).metrics()[j].benchmark.clone();

    // A sorted {1, 1, 3, 4, 5, 9}, n = 6: mean 23/6 = 3.8333…; median at position 2.5 → 3.5;
    // Q3 at position 5 × 3/4 = 3.75 → 4 + 0.75 × (5 − 4) = 4.75 → values ≥ 4.75: {5, 9} → mean 7; best 9.
    // Q1 at position 1.25 → 1 + 0.25 × (3 − 1) = 1.5 → values ≤ 1.5: {1, 1} → mean 1; best (min) 1.
    let hi = bench("A0", 0);
    assert_eq!(format_measure(hi.mean.unwrap()), "3.8333");
    assert_eq!(cmp_key(hi.mean.unwrap()), cmp_key(ratio(23, 6)));
    assert_eq!(hi.median, Some(d("3.5")));
    assert_eq!(hi.top_quartile_mean, Some(d("7")));
    assert_eq!(hi.best, Some(d("9")));
    let lo = bench("A0", 1);
    assert_eq!(lo.median, Some(d("3.5")));
    assert_eq!(lo.top_quartile_mean, Some(d("1")));
    assert_eq!(lo.best, Some(d("1")));
    let cut = bench("A3", 2);
    assert_eq!((cut.top_quartile_mean, cut.best), (Some(d("1")), Some(d("1"))));
    let pct = bench("A3", 3);
    assert_eq!((pct.top_quartile_mean, pct.best), (Some(d("7")), Some(d("9"))));

    // B {10, 20, 30, 40, 50}, n = 5 (B9's missing value left out): mean 30, median 30;
    // Q3 at position 3 → 40 → {40, 50} → 45, best 50; Q1 at position 1 → 20 → {10, 20} → 15, best 10.
    for id in ["B0", "B9"] {
        let hi = bench(id, 0);
        assert_eq!(
            (hi.mean, hi.median, hi.top_quartile_mean, hi.best),
            (Some(d("30")), Some(d("30")), Some(d("45")), Some(d("50")))
        );
        let lo = bench(id, 1);
        assert_eq!(
            (lo.mean, lo.median, lo.top_quartile_mean, lo.best),
            (Some(d("30")), Some(d("30")), Some(d("15")), Some(d("10")))
        );
    }
    // B9's own value is null beside the cohort's numbers
    assert_eq!(by_id("B9").metrics()[0].value, None);

    // C {1…8}: mean 4.5, median 4.5; Q3 at 5.25 → 6 + 0.25 = 6.25 → {7, 8} → 7.5; Q1 at 1.75 →
    // 2 + 0.75 = 2.75 → {1, 2} → 1.5.
    let hi = bench("C1", 0);
    assert_eq!(
        (hi.mean, hi.median, hi.top_quartile_mean, hi.best),
        (Some(d("4.5")), Some(d("4.5")), Some(d("7.5")), Some(d("8")))
    );
    let lo = bench("C1", 1);
    assert_eq!((lo.top_quartile_mean, lo.best), (Some(d("1.5")), Some(d("1"))));

    // E {1, 2, 2, 2}: mean 1.75, median at 1.5 → 2; Q3 at 2.25 → 2 → values ≥ 2: {2, 2, 2} → 2;
    // Q1 at 0.75 → 1 + 0.75 × 1 = 1.75 → values ≤ 1.75: {1} → 1.
    let hi = bench("E0", 0);
    assert_eq!(
        (hi.mean, hi.median, hi.top_quartile_mean, hi.best),
        (Some(d("1.75")), Some(d("2")), Some(d("2")), Some(d("2")))
    );
    let lo = bench("E0", 1);
    assert_eq!((lo.top_quartile_mean, lo.best), (Some(d("1")), Some(d("1"))));

    // D: the cohort has no value → every benchmark null
    let none = bench("D1", 0);
    assert_eq!((none.mean, none.median, none.top_quartile_mean, none.best), (None, None, None, None));
    let j = report_json(&r);
    let d1 = j["partners"].as_array().unwrap().iter().find(|p| p["id"] == json!("D1")).unwrap();
    assert_eq!(
        d1["metrics"][0]["benchmark"],
        json!({"mean": null, "median": null, "top_quartile_mean": null, "best": null})
    );
    let a0 = &j["partners"][0]["metrics"][0];
    assert_eq!(a0["value"], json!("3"));
    assert_eq!(a0["benchmark"], json!({"mean": "3.8333", "median": "3.5", "top_quartile_mean": "7", "best": "9"}));
}

// ---------------------------------------------------------------------------------------------
// JSON output

const DESIGN_CARD: &str = r#"{
  "name": "Partner capability scorecard",
  "benchmark_by": "category",
  "missing": "zero",
  "sections": [
    {"name": "Sales", "max_points": 40, "metrics": [
      {"field": "revenue",       "points": 20, "rule": {"target": "500000"}},
      {"field": "deals_closed",  "points": 10, "rule": {"linear": {"from": 0, "to": 12}}},
      {"field": "win_rate",      "points": 10, "rule": {"percentile": {}}}]},
    {"name": "Enablement", "metrics": [
      {"field": "certified_reps", "points": 15, "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}},
      {"field": "mdf_denial_rate", "points": 15, "rule": {"linear": {"from": "0.5", "to": "0"}}}]}
  ],
  "tiers": [
    {"name": "Platinum", "min_score": 85, "requires": [{"field": "certified_reps", "at_least": 3}]},
    {"name": "Gold", "min_score": 70},
    {"name": "Silver", "min_score": 50}
  ]
}"#;

const DESIGN_PARTNERS: &str = r#"[
  {"id": "P001", "name": "Northwind Systems", "category": "MSP", "revenue": "512000.00", "deals_closed": 9,
   "win_rate": 0.4, "certified_reps": 3, "mdf_denial_rate": "0.1"},
  {"id": "P002", "name": "Bluefin IT", "category": "MSP", "revenue": 250000, "deals_closed": 8,
   "win_rate": "0.25", "certified_reps": 1, "mdf_denial_rate": 0.3},
  {"id": "P003", "category": "VAR", "revenue": 1000000, "deals_closed": 12, "win_rate": 0.5, "certified_reps": 2}
]"#;

#[test]
fn design_example_full_json() {
    let r = run(DESIGN_CARD, DESIGN_PARTNERS);
    let j = report_json(&r);
    assert_eq!(keys(&j), ["scorecard", "partners"]);
    assert_eq!(j["scorecard"], json!("Partner capability scorecard"));
    let p = &j["partners"][0];
    assert_eq!(
        keys(p),
        [
            "id",
            "name",
            "category",
            "score",
            "max_score",
            "score_pct",
            "tier",
            "rank",
            "rank_in_cohort",
            "percentile",
            "sections",
            "metrics",
            "next_tier",
            "opportunities"
        ]
    );
    assert_eq!(keys(&p["sections"][0]), ["name", "points", "max_points"]);
    assert_eq!(
        keys(&p["metrics"][0]),
        ["name", "field", "section", "value", "earned", "points", "max_points", "excluded", "benchmark"]
    );
    assert_eq!(keys(&p["metrics"][0]["benchmark"]), ["mean", "median", "top_quartile_mean", "best"]);
    // P001 (MSP): revenue 512000 ≥ target → 20; deals 9/12 → 7.5; win_rate cohort MSP {0.25, 0.4}:
    // 0.4 → 1/1 → 10; Sales 37.5 (under the cap 40). certs 3 → 15; denial (0.5 − 0.1)/0.5 = 0.8 → 12;
    // Enablement 27. score 64.5 of 70 → 92.142857… %. Tier: below 70, ≥ 50 → Silver; next Gold, 5.5.
    // Benchmarks over MSP: revenue {250000, 512000}: mean = median = 381000, Q3 = 250000 + 0.75 ×
    // 262000 = 446500 → {512000}; deals {8, 9}: 8.5, Q3 8.75 → {9}; win_rate {0.25, 0.4}: 0.325,
    // Q3 0.3625 → {0.4}; certs {1, 3}: 2, Q3 2.5 → {3}; denial (lower is better) {0.1, 0.3}: 0.2,
    // Q1 = 0.1 + 0.25 × 0.2 = 0.15 → {0.1}, best 0.1.
    // Opportunities: Sales room 40 − 37.5 = 2.5: deals min(2.5, 2.5) = 2.5; denial 15 − 12 = 3.
    let expected = json!({
        "id": "P001", "name": "Northwind Systems", "category": "MSP",
        "score": "64.5", "max_score": "70", "score_pct": "92.1429", "tier": "Silver",
        "rank": 1, "rank_in_cohort": 1, "percentile": "1",
        "sections": [
            {"name": "Sales", "points": "37.5", "max_points": "40"},
            {"name": "Enablement", "points": "27", "max_points": "30"}],
        "metrics": [
            {"name": "revenue", "field": "revenue", "section": "Sales", "value": "512000",
             "earned": "1", "points": "20", "max_points": "20", "excluded": false,
             "benchmark": {"mean": "381000", "median": "381000", "top_quartile_mean": "512000", "best": "512000"}},
            {"name": "deals_closed", "field": "deals_closed", "section": "Sales", "value": "9",
             "earned": "0.75", "points": "7.5", "max_points": "10", "excluded": false,
             "benchmark": {"mean": "8.5", "median": "8.5", "top_quartile_mean": "9", "best": "9"}},
            {"name": "win_rate", "field": "win_rate", "section": "Sales", "value": "0.4",
             "earned": "1", "points": "10", "max_points": "10", "excluded": false,
             "benchmark": {"mean": "0.325", "median": "0.325", "top_quartile_mean": "0.4", "best": "0.4"}},
            {"name": "certified_reps", "field": "certified_reps", "section": "Enablement", "value": "3",
             "earned": "1", "points": "15", "max_points": "15", "excluded": false,
             "benchmark": {"mean": "2", "median": "2", "top_quartile_mean": "3", "best": "3"}},
            {"name": "mdf_denial_rate", "field": "mdf_denial_rate", "section": "Enablement", "value": "0.1",
             "earned": "0.8", "points": "12", "max_points": "15", "excluded": false,
             "benchmark": {"mean": "0.2", "median": "0.2", "top_quartile_mean": "0.1", "best": "0.1"}}],
        "next_tier": {"name": "Gold", "min_score": "70", "points_needed": "5.5", "unmet_requires": []},
        "opportunities": [
            {"name": "mdf_denial_rate", "field": "mdf_denial_rate", "section": "Enablement", "available": "3"},
            {"name": "deals_closed", "field": "deals_closed", "section": "Sales", "available": "2.5"}]
    });
    assert_eq!(*p, expected);

    // P002 (MSP): revenue 0.5 → 10; deals 8/12 = 2/3 → 6.6667; win_rate 0.25 → 0/1 → 0;
    // Sales 16.6667. certs 1 → 7.5; denial (0.5 − 0.3)/0.5 = 0.4 → 6; Enablement 13.5.
    // score 30.1667 of 70 → 43.0952 %; no tier; next Silver, 50 − 30.1667 = 19.8333.
    // Opportunities (room 40 − 16.6667 = 23.3333): revenue 10, win_rate 10 (tie: config order),
    // denial 9, certs 7.5, deals 3.3333.
    let q = &j["partners"][1];
    assert_eq!(q["name"], json!("Bluefin IT"));
    assert_eq!(q["score"], json!("30.1667"));
    assert_eq!(q["score_pct"], json!("43.0952"));
    assert_eq!(q["tier"], Json::Null);
    assert_eq!((q["rank"].clone(), q["rank_in_cohort"].clone()), (json!(3), json!(2)));
    assert_eq!(q["percentile"], json!("0"));
    assert_eq!(q["metrics"][1]["earned"], json!("0.6667"));
    assert_eq!(q["metrics"][1]["points"], json!("6.6667"));
    assert_eq!(q["metrics"][2]["earned"], json!("0"));
    assert_eq!(q["sections"][0]["points"], json!("16.6667"));
    assert_eq!(
        q["next_tier"],
        json!({"name": "Silver", "min_score": "50", "points_needed": "19.8333", "unmet_requires": []})
    );
    let names: Vec<&str> = q["opportunities"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["revenue", "win_rate", "mdf_denial_rate", "certified_reps", "deals_closed"]);
    assert_eq!(q["opportunities"][4]["available"], json!("3.3333"));

    // P003 (VAR, no name, no denial value): Sales 20 + 10 + 10 (cohort of one → 1) = 40 = cap;
    // Enablement 7.5 + 0 (missing → zero) = 7.5; score 47.5 of 70 → 67.857142… %; next Silver 2.5.
    // Its cohort has no denial value → benchmark null. Opportunities: Sales has no room;
    // denial 15, certs 7.5.
    let v = &j["partners"][2];
    assert_eq!(v["name"], Json::Null);
    assert_eq!(v["score"], json!("47.5"));
    assert_eq!(v["score_pct"], json!("67.8571"));
    assert_eq!((v["rank"].clone(), v["rank_in_cohort"].clone()), (json!(2), json!(1)));
    assert_eq!(v["percentile"], json!("1"));
    assert_eq!(
        v["metrics"][4],
        json!({"name": "mdf_denial_rate", "field": "mdf_denial_rate", "section": "Enablement",
               "value": null, "earned": "0", "points": "0", "max_points": "15", "excluded": false,
               "benchmark": {"mean": null, "median": null, "top_quartile_mean": null, "best": null}})
    );
    assert_eq!(v["next_tier"]["points_needed"], json!("2.5"));
    let names: Vec<&str> = v["opportunities"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["mdf_denial_rate", "certified_reps"]);

    // exact values behind the JSON
    assert_eq!(r.partner(0).score(), d("64.5"));
    assert_eq!(r.partner(2).score(), d("47.5"));
    // report JSON is deterministic
    assert_eq!(r.to_json(), run(DESIGN_CARD, DESIGN_PARTNERS).to_json());
}

#[test]
fn excluded_metric_json_shape() {
    let r = run(CAPS_CARD, r#"[{"id": "P", "revenue": 1, "deals": 1, "certs": 1}]"#);
    let j = report_json(&r);
    let win = &j["partners"][0]["metrics"][2];
    assert_eq!(win["value"], Json::Null);
    assert_eq!(win["earned"], Json::Null);
    assert_eq!(win["points"], Json::Null);
    assert_eq!(win["max_points"], json!("0"));
    assert_eq!(win["excluded"], json!(true));
    // absent from opportunities
    assert!(j["partners"][0]["opportunities"].as_array().unwrap().iter().all(|o| o["name"] != json!("win")));
}

#[test]
fn measures_round_to_four_places_half_away_from_zero() {
    // target 1, "0.0001" points: the reported value is the input value rounded; points = 0.0001 × v
    let r = run(
        &one_metric(r#"{"target": 1}"#, r#""0.0001""#),
        &partners_v(&[r#""-0.00005""#, r#""2.00025""#, r#""0.00004""#, r#""72.50""#, "0.5", r#""0.33335""#]),
    );
    let j = report_json(&r);
    let vals: Vec<Json> = (0..6).map(|i| j["partners"][i]["metrics"][0]["value"].clone()).collect();
    assert_eq!(vals, vec![json!("-0.0001"), json!("2.0003"), json!("0"), json!("72.5"), json!("0.5"), json!("0.3334")]);
    // points: 0.0001 × 0.5 = 0.00005 → "0.0001" (half away from zero); 0.0001 × 0.33335 → "0"
    assert_eq!(j["partners"][4]["score"], json!("0.0001"));
    assert_eq!(j["partners"][5]["score"], json!("0"));
    assert_eq!(j["partners"][4]["score_pct"], json!("50"));
    // 2/3 → "0.6667"
    assert_eq!(format_measure(ratio(2, 3)), "0.6667");
    assert_eq!(format_measure(d("85.0000")), "85");
}

#[test]
fn csv_partners_give_the_same_report_as_json() {
    let csv = "id,name,category,revenue,deals_closed,win_rate,certified_reps,mdf_denial_rate\n\
               P001,Northwind Systems,MSP,512000.00,9,0.4,3,0.1\n\
               P002,Bluefin IT,MSP,250000,8,0.25,1,0.3\n\
               P003,,VAR,1000000,12,0.5,2,\n";
    let from_csv = card(DESIGN_CARD).score(&Partners::from_csv(csv).unwrap()).unwrap();
    assert_eq!(from_csv.to_json(), run(DESIGN_CARD, DESIGN_PARTNERS).to_json());
}

#[test]
fn metric_names_label_outputs() {
    let card_json = r#"{"name": "n", "sections": [{"name": "S", "metrics": [
        {"field": "v", "name": "v as target", "points": 10, "rule": {"target": 10}},
        {"field": "v", "name": "v as band", "points": 10, "rule": {"bands": [{"at_least": 5, "earn": 1}]}}]}]}"#;
    let r = run(card_json, r#"[{"id": "A", "v": 4}]"#);
    let m = r.partner(0).metrics();
    assert_eq!((m[0].name, m[0].field), ("v as target", "v"));
    assert_eq!((m[1].name, m[1].field), ("v as band", "v"));
    // 10 × 0.4 = 4; band not reached: 0
    assert_eq!(r.partner(0).score(), d("4"));
    assert!(r.csv_header().contains(&"points:v as band".to_string()));
}

// ---------------------------------------------------------------------------------------------
// config validation

fn metric_card(metric: &str) -> String {
    format!(r#"{{"name": "c", "sections": [{{"name": "S", "metrics": [{metric}]}}]}}"#)
}

#[test]
fn config_target_must_be_positive() {
    for t in ["0", "-1", r#""0""#] {
        let (path, _) =
            config_error(&metric_card(&format!(r#"{{"field": "v", "points": 1, "rule": {{"target": {t}}}}}"#)));
        assert!(path.ends_with("rule.target"), "{path}");
        assert!(path.starts_with("sections[0].metrics[0]"), "{path}");
    }
}

#[test]
fn config_linear_from_equals_to() {
    let (path, _) =
        config_error(&metric_card(r#"{"field": "v", "points": 1, "rule": {"linear": {"from": 5, "to": "5.0"}}}"#));
    assert!(path.starts_with("sections[0].metrics[0].rule"), "{path}");
}

#[test]
fn config_bands_validation() {
    for bands in [
        // not increasing
        r#"[{"at_least": 3, "earn": 0.5}, {"at_least": 1, "earn": 1}]"#,
        // equal thresholds are not strictly increasing
        r#"[{"at_least": 1, "earn": 0.5}, {"at_least": 1, "earn": 1}]"#,
        // at_most not decreasing
        r#"[{"at_most": 1, "earn": 0.5}, {"at_most": 3, "earn": 1}]"#,
        // earn > 1
        r#"[{"at_least": 1, "earn": "1.01"}]"#,
        // earn < 0
        r#"[{"at_least": 1, "earn": -0.5}]"#,
        // mixed at_least and at_most
        r#"[{"at_least": 1, "earn": 0.5}, {"at_most": 3, "earn": 1}]"#,
    ] {
        let (path, reason) = config_error(&format!(
            r#"{{"name": "c", "sections": [{{"name": "S", "metrics": [
                {{"field": "ok", "points": 1, "rule": "boolean"}},
                {{"field": "v", "points": 1, "rule": {{"bands": {bands}}}}}]}}]}}"#
        ));
        assert!(path.starts_with("sections[0].metrics[1].rule"), "{bands}: path {path:?} ({reason})");
    }
}

#[test]
fn config_negative_points_and_max_points() {
    let (path, _) = config_error(
        r#"{"name": "c", "sections": [{"name": "S", "metrics": [
            {"field": "a", "points": 1, "rule": "boolean"},
            {"field": "b", "points": -1, "rule": "boolean"}]}]}"#,
    );
    assert_eq!(path, "sections[0].metrics[1].points");
    let (path, _) = config_error(
        r#"{"name": "c", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]},
            {"name": "T", "max_points": "-0.5", "metrics": [{"field": "b", "points": 1, "rule": "boolean"}]}]}"#,
    );
    assert_eq!(path, "sections[1].max_points");
    // zero points and a zero cap are allowed
    card(
        r#"{"name": "c", "sections": [{"name": "S", "max_points": 0, "metrics": [{"field": "a", "points": 0, "rule": "boolean"}]}]}"#,
    );
}

#[test]
fn config_tiers_must_not_increase() {
    let (path, _) = config_error(
        &(pts_card(r#""tiers": [{"name": "Gold", "min_score": 70}, {"name": "Platinum", "min_score": 85}],"#) + "}"),
    );
    assert_eq!(path, "tiers[1].min_score");
    let (path, _) = config_error(
        &(pts_card(
            r#""tiers": [{"name": "A", "min_score": 70}, {"name": "B", "min_score": 70}, {"name": "C", "min_score": "70.0001"}],"#,
        ) + "}"),
    );
    assert_eq!(path, "tiers[2].min_score");
}

#[test]
fn config_duplicate_metric_names() {
    // the same field twice without names: both are named after the field
    let (path, _) = config_error(
        r#"{"name": "c", "sections": [{"name": "S", "metrics": [
            {"field": "a", "points": 1, "rule": "boolean"},
            {"field": "a", "points": 1, "rule": {"target": 1}}]}]}"#,
    );
    assert!(path.starts_with("sections[0].metrics[1]"), "{path}");
    // a name in another section equal to a field-named metric
    let (path, _) = config_error(
        r#"{"name": "c", "sections": [{"name": "S", "metrics": [{"field": "a", "points": 1, "rule": "boolean"}]},
            {"name": "T", "metrics": [{"field": "b", "name": "a", "points": 1, "rule": "boolean"}]}]}"#,
    );
    assert!(path.starts_with("sections[1].metrics[0]"), "{path}");
}

#[test]
fn config_unknown_fields_are_rejected_with_their_path() {
    let (path, reason) = config_error(&metric_card(r#"{"field": "v", "points": 1, "rule": "boolean", "weight": 2}"#));
    assert!(path.starts_with("sections[0].metrics[0]"), "{path}");
    assert!(reason.contains("weight"), "{reason}");

    let (path, reason) = config_error(
        r#"{"name": "c", "sections": [{"name": "S", "cap": 3, "metrics": [{"field": "v", "points": 1, "rule": "boolean"}]}]}"#,
    );
    assert!(path.starts_with("sections[0]"), "{path}");
    assert!(reason.contains("cap"), "{reason}");

    let (path, reason) = config_error(
        r#"{"name": "c", "benchmark": "category", "sections": [{"name": "S", "metrics": [{"field": "v", "points": 1, "rule": "boolean"}]}]}"#,
    );
    assert!(reason.contains("benchmark"), "{path}: {reason}");

    let (path, _) = config_error(&metric_card(
        r#"{"field": "v", "points": 1, "rule": {"linear": {"from": 0, "to": 1, "step": 2}}}"#,
    ));
    assert!(path.starts_with("sections[0].metrics[0].rule"), "{path}");

    let (path, reason) = config_error(
        &(pts_card(
            r#""tiers": [{"name": "A", "min_score": 1, "requires": [{"field": "x", "at_least": 1, "or": 2}]}],"#,
        ) + "}"),
    );
    assert!(path.starts_with("tiers[0].requires[0]"), "{path}");
    assert!(reason.contains("or"), "{reason}");

    // an unknown rule kind
    let (path, _) = config_error(&metric_card(r#"{"field": "v", "points": 1, "rule": {"sigmoid": 3}}"#));
    assert!(path.starts_with("sections[0].metrics[0].rule"), "{path}");
}

#[test]
fn config_equals_with_an_object_or_list() {
    for bad in [r#"{"a": 1}"#, "[1, 2]", "null"] {
        let (path, _) = config_error(
            &(pts_card(&format!(
                r#""tiers": [{{"name": "A", "min_score": 1}}, {{"name": "B", "min_score": 0, "requires": [{{"field": "x", "equals": {bad}}}]}}],"#
            )) + "}"),
        );
        assert!(path.starts_with("tiers[1].requires[0]"), "{bad}: {path}");
    }
}

#[test]
fn config_errors_are_config_kind_with_readable_messages() {
    let e = Scorecard::from_json(&metric_card(r#"{"field": "v", "points": 1, "rule": {"target": 0}}"#)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().starts_with("sections[0].metrics[0].rule.target"), "{e}");
    // not JSON at all
    assert_eq!(Scorecard::from_json("{").unwrap_err().kind(), ErrorKind::Config);
}

#[test]
fn numeric_rule_reads_a_boolean_as_one_or_zero_in_csv_as_in_json() {
    // Data contract: "a numeric rule parses a decimal (a boolean counts as 1 or 0)".
    // target 1, 10 points: true → 1/1 → 10; false → 0.
    let json = run(&one_metric(r#"{"target": 1}"#, "10"), r#"[{"id": "A", "v": true}, {"id": "B", "v": false}]"#);
    assert_eq!(earned_all(&json, 0), some(&["1", "0"]));
    // the same partners as CSV: a CSV cell has no type, `true` is the boolean there
    let csv =
        card(&one_metric(r#"{"target": 1}"#, "10")).score(&Partners::from_csv("id,v\nA,true\nB,false\n").unwrap());
    match csv {
        Ok(r) => assert_eq!(r.to_json(), json.to_json()),
        Err(e) => {
            panic!("CSV `true` under a numeric rule was refused ({e}), but JSON true counts as 1")
        }
    }
}
