//! Worked examples of DESIGN §2, computed by hand: every criterion kind, the tolerance ramp on both
//! sides of `between`, required knockouts, missing values, weights of zero, the readiness order, lists
//! from JSON arrays and `;` text; and every config error, each naming its config path.

use partnerscore::profile::Kind;
use partnerscore::{Area, Decimal, ErrorKind, Partners, Profile, ProfileReport, Verdict};
use serde_json::Value as Json;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn profile(criteria: &str) -> Profile {
    Profile::from_json(&format!(r#"{{"name": "p", "criteria": [{criteria}]}}"#)).unwrap()
}

fn eval_json(p: &Profile, partners: &str) -> ProfileReport {
    p.evaluate(&Partners::from_json(partners).unwrap()).unwrap()
}

/// The fits of criterion 0 for partners whose field `x` holds each of `values` (JSON literals).
fn fits(criterion: &str, values: &[&str]) -> Vec<String> {
    let p = profile(criterion);
    let partners: Vec<String> =
        values.iter().enumerate().map(|(i, v)| format!(r#"{{"id": "P{i}", "x": {v}}}"#)).collect();
    let report = eval_json(&p, &format!("[{}]", partners.join(",")));
    report.partners().map(|r| partnerscore::decimal::format_measure(r.criterion_fit(0))).collect()
}

/// The partner's JSON object in the report.
fn json_of(report: &ProfileReport, i: usize) -> Json {
    let all: Json = serde_json::from_str(&report.to_json()).unwrap();
    all["partners"][i].clone()
}

#[test]
fn at_least_ramps_down_over_the_tolerance() {
    let c = r#"{"field": "x", "at_least": 4, "tolerance": 2, "area": "sales_marketing"}"#;
    // 5, 4 meet; 3 is 1 short of 2 → 1 − 1/2; 3.5 → 1 − 0.5/2; 2 and below → 0
    assert_eq!(fits(c, &["5", "4", "3", "\"3.5\"", "2", "1", "-7"]), ["1", "1", "0.5", "0.75", "0", "0", "0"]);
    let strict = r#"{"field": "x", "at_least": 4, "area": "sales_marketing"}"#;
    assert_eq!(fits(strict, &["4", "3.99", "0"]), ["1", "0", "0"]);
}

#[test]
fn at_most_ramps_down_over_the_tolerance() {
    let c = r#"{"field": "x", "at_most": "0.3", "tolerance": "0.2", "area": "sales_marketing"}"#;
    // 0.35 is 0.05 over: 1 − 0.05/0.2 = 0.75; 0.45 → 0.25; 0.5 → 0
    assert_eq!(fits(c, &["0", "0.3", "0.35", "0.45", "0.5", "0.9"]), ["1", "1", "0.75", "0.25", "0", "0"]);
}

#[test]
fn between_ramps_on_both_sides() {
    let c = r#"{"field": "x", "between": [20, 500], "tolerance": 10, "area": "management"}"#;
    // below: 15 is 5 under 20 → 0.5; 12 → 0.2; 10 → 0; above: 505 → 0.5; 508 → 0.2; 510 → 0
    assert_eq!(
        fits(c, &["20", "250", "500", "15", "12", "10", "505", "508", "510", "1000"]),
        ["1", "1", "1", "0.5", "0.2", "0", "0.5", "0.2", "0", "0"]
    );
    let report = eval_json(&profile(c), r#"[{"id": "A", "x": 15}, {"id": "B", "x": 503}]"#);
    assert_eq!(report.partner(0).gaps()[0].shortfall, Some(d("5")), "distance to the nearest bound");
    assert_eq!(report.partner(1).gaps()[0].shortfall, Some(d("3")));
    let no_tolerance = r#"{"field": "x", "between": [20, 500], "area": "management"}"#;
    assert_eq!(fits(no_tolerance, &["19", "20", "501"]), ["0", "1", "0"]);
    let point = r#"{"field": "x", "between": [7, 7], "tolerance": 4, "area": "management"}"#;
    assert_eq!(fits(point, &["7", "6", "9"]), ["1", "0.75", "0.5"]);
}

#[test]
fn equals_compares_numbers_booleans_and_text_as_requires_equals_does() {
    let num = r#"{"field": "x", "equals": 3, "area": "product"}"#;
    assert_eq!(fits(num, &["3", "\"3.0\"", "\"3.00000000000000000000001\"", "4", "true"]), ["1", "1", "1", "0", "0"]);
    let boolean = r#"{"field": "x", "equals": true, "area": "product"}"#;
    assert_eq!(
        fits(boolean, &["true", "\"yes\"", "\"TRUE\"", "1", "false", "\"no\"", "0"]),
        ["1", "1", "1", "1", "0", "0", "0"]
    );
    let text = r#"{"field": "x", "equals": "EMEA", "area": "product"}"#;
    assert_eq!(fits(text, &["\"EMEA\"", "\"emea\"", "\"EMEA \""]), ["1", "0", "0"]);
}

#[test]
fn equals_reports_the_value_as_read_the_same_from_csv_and_json() {
    let p = profile(
        r#"{"field": "flag", "equals": true, "area": "operational"},
           {"field": "n", "one_of": [5, 6], "area": "operational"}"#,
    );
    let csv = p.evaluate(&Partners::from_csv("id,flag,n\nA,false,7.0\n").unwrap()).unwrap();
    let json = eval_json(&p, r#"[{"id": "A", "flag": false, "n": "7.0"}]"#);
    assert_eq!(csv.to_json(), json.to_json());
    assert_eq!(json_of(&csv, 0)["gaps"][0]["actual"], false);
    assert_eq!(json_of(&csv, 0)["gaps"][1]["actual"], "7");
}

#[test]
fn one_of_holds_when_any_item_equals() {
    let c = r#"{"field": "x", "one_of": ["EMEA", "NA"], "area": "operational"}"#;
    assert_eq!(fits(c, &["\"EMEA\"", "\"NA\"", "\"APAC\""]), ["1", "1", "0"]);
    let mixed = r#"{"field": "x", "one_of": [1, 2, "none"], "area": "operational"}"#;
    assert_eq!(fits(mixed, &["2", "\"2.0\"", "\"none\"", "3", "\"other\""]), ["1", "1", "1", "0", "0"]);
}

#[test]
fn includes_all_counts_the_share_of_wanted_items() {
    let c = r#"{"field": "x", "includes_all": ["a", "b", "c"], "area": "product"}"#;
    // 2 of 3 → 0.6667 (reported), exactly 2/3 inside
    assert_eq!(
        fits(c, &[r#"["a", "b", "c", "d"]"#, r#"["c", "a"]"#, r#""a;c""#, r#"" b ; ;a;c ""#, r#""x""#, "[]"]),
        ["1", "0.6667", "0.6667", "1", "0", "0"]
    );
    let report = eval_json(&profile(c), r#"[{"id": "A", "x": ["a", "c"]}]"#);
    assert_eq!(report.partner(0).criterion_fit(0), Decimal::from(2) / Decimal::from(3));
}

#[test]
fn includes_any_is_zero_or_one() {
    let c = r#"{"field": "x", "includes_any": ["security", "cloud"], "area": "product"}"#;
    assert_eq!(
        fits(c, &[r#"["cloud"]"#, r#""services;security""#, r#""services""#, "[]", r#"";""#]),
        ["1", "1", "0", "0", "0"]
    );
}

#[test]
fn lists_from_csv_text_and_json_arrays_agree() {
    let p = profile(r#"{"field": "sells", "includes_all": ["services", "infrastructure"], "area": "product"}"#);
    let csv =
        p.evaluate(&Partners::from_csv("id,sells\nA,services;infrastructure\nB,services\nC,;\nD,\n").unwrap()).unwrap();
    let json = eval_json(
        &p,
        r#"[{"id": "A", "sells": ["services", "infrastructure"]}, {"id": "B", "sells": ["services"]},
            {"id": "C", "sells": []}, {"id": "D", "sells": null}]"#,
    );
    assert_eq!(csv.to_json(), json.to_json());
    let c = json_of(&json, 2);
    // an empty list is a value: not missing, fits 0
    assert_eq!(c["gaps"][0]["actual"], serde_json::json!([]));
    assert_eq!(c["gaps"][0]["missing"], false);
    let b = json_of(&json, 1);
    assert_eq!(b["gaps"][0]["actual"], serde_json::json!(["services"]));
    assert_eq!(b["gaps"][0]["fit"], "0.5");
    let missing = json_of(&json, 3);
    assert_eq!(missing["gaps"][0]["missing"], true);
}

#[test]
fn fit_is_the_weighted_mean_of_criterion_fits() {
    let p = Profile::from_json(
        r#"{"name": "w", "thresholds": {"ideal": 90, "develop": 40}, "criteria": [
          {"field": "reps", "at_least": 4, "tolerance": 2, "weight": 3, "area": "sales_marketing"},
          {"field": "region", "one_of": ["EMEA", "NA"], "area": "operational"},
          {"field": "sells", "includes_all": ["a", "b"], "weight": 2, "area": "product"}]}"#,
    )
    .unwrap();
    let report = eval_json(
        &p,
        r#"[{"id": "A", "reps": 3, "region": "EMEA", "sells": "c"},
            {"id": "B", "reps": 4, "region": "EMEA", "sells": "a;b"},
            {"id": "C", "reps": 3, "region": "NA", "sells": "a"},
            {"id": "D", "reps": 0, "region": "APAC", "sells": "b"}]"#,
    );
    // A: 100 × (3 × 0.5 + 1 × 1 + 2 × 0) / 6 = 250 / 6 = 41.6667 → develop (≥ 40)
    assert_eq!(json_of(&report, 0)["fit"], "41.6667");
    assert_eq!(report.partner(0).verdict(), Verdict::Develop);
    // B meets all → 100, ideal
    assert_eq!(report.partner(1).fit(), Decimal::ONE_HUNDRED);
    assert_eq!(report.partner(1).verdict(), Verdict::Ideal);
    assert!(report.partner(1).gaps().is_empty());
    // C: (1.5 + 1 + 1) / 6 = 58.3333 → develop
    assert_eq!(json_of(&report, 2)["fit"], "58.3333");
    // D: (0 + 0 + 1) / 6 = 16.6667 → poor_fit
    assert_eq!(json_of(&report, 3)["fit"], "16.6667");
    assert_eq!(report.partner(3).verdict(), Verdict::PoorFit);
    assert_eq!(report.verdict_counts(), [(Verdict::Ideal, 1), (Verdict::Develop, 2), (Verdict::PoorFit, 1)]);
}

#[test]
fn thresholds_are_inclusive_and_default_to_85_and_60() {
    let p = profile(
        r#"{"field": "a", "equals": true, "weight": 17, "area": "product"},
           {"field": "b", "equals": true, "weight": 3, "area": "product"},
           {"field": "c", "equals": true, "weight": 5, "area": "product"},
           {"field": "d", "equals": true, "weight": 15, "area": "product"}"#,
    );
    assert_eq!((p.ideal(), p.develop()), (Decimal::from(85), Decimal::from(60)));
    // weights total 40: a + b + c + d(part) … 34/40 = 85 exactly; 24/40 = 60 exactly
    let report = eval_json(
        &p,
        r#"[{"id": "A", "a": true, "b": false, "c": true, "d": true},
            {"id": "B", "a": true, "b": true, "c": true, "d": false},
            {"id": "C", "a": false, "b": true, "c": true, "d": true},
            {"id": "D", "a": true, "b": true, "c": false, "d": false}]"#,
    );
    let fits: Vec<String> = report.partners().map(|p| partnerscore::decimal::format_measure(p.fit())).collect();
    assert_eq!(fits, ["92.5", "62.5", "57.5", "50"]);
    let p2 = profile(
        r#"{"field": "a", "equals": true, "weight": 17, "area": "product"},
           {"field": "b", "equals": true, "weight": 3, "area": "product"}"#,
    );
    // 17/20 = 85 → ideal; 3/20 = 15 → poor_fit
    let report = eval_json(&p2, r#"[{"id": "A", "a": true, "b": false}, {"id": "B", "a": false, "b": true}]"#);
    assert_eq!(report.partner(0).fit(), Decimal::from(85));
    assert_eq!(report.partner(0).verdict(), Verdict::Ideal);
    assert_eq!(report.partner(1).verdict(), Verdict::PoorFit);
    let p3 = Profile::from_json(
        r#"{"name": "t", "thresholds": {"ideal": 90, "develop": 60}, "criteria": [
          {"field": "a", "equals": true, "weight": 3, "area": "product"},
          {"field": "b", "equals": true, "weight": 2, "area": "product"}]}"#,
    )
    .unwrap();
    // 3/5 = 60 → develop exactly at the threshold
    let report = eval_json(&p3, r#"[{"id": "A", "a": true, "b": false}]"#);
    assert_eq!(report.partner(0).verdict(), Verdict::Develop);
}

#[test]
fn a_required_criterion_knocks_out_even_at_weight_zero() {
    let p = profile(
        r#"{"field": "reps", "at_least": 4, "weight": 5, "area": "sales_marketing"},
           {"field": "region", "one_of": ["EMEA", "NA"], "required": true, "weight": 0, "area": "operational"},
           {"field": "certs", "at_least": 2, "tolerance": 2, "required": true, "area": "product"}"#,
    );
    let report = eval_json(
        &p,
        r#"[{"id": "A", "reps": 9, "region": "APAC", "certs": 5},
            {"id": "B", "reps": 9, "region": "EMEA", "certs": 1},
            {"id": "C", "reps": 9, "region": "NA", "certs": 2},
            {"id": "D", "reps": 9, "certs": 2}]"#,
    );
    // A: fit 100 (region weighs 0) but region is required → poor_fit
    assert_eq!(report.partner(0).fit(), Decimal::ONE_HUNDRED);
    assert_eq!(report.partner(0).verdict(), Verdict::PoorFit);
    assert_eq!(report.partner(0).gaps().len(), 1, "a weight-0 criterion still shows as a gap");
    // B: certs fits 0.5 (partly) — a required criterion must fit 1: (5 + 0.5) / 6 = 91.6667 but poor_fit
    assert_eq!(json_of(&report, 1)["fit"], "91.6667");
    assert_eq!(report.partner(1).verdict(), Verdict::PoorFit);
    assert_eq!(report.partner(2).verdict(), Verdict::Ideal);
    // D: region missing → required unmet
    assert_eq!(report.partner(3).verdict(), Verdict::PoorFit);
}

#[test]
fn missing_values_fit_zero_even_with_a_tolerance() {
    let p = profile(r#"{"field": "reps", "at_least": 4, "tolerance": 100, "area": "sales_marketing"}"#);
    let report =
        eval_json(&p, r#"[{"id": "A"}, {"id": "B", "reps": null}, {"id": "C", "reps": ""}, {"id": "D", "reps": 3}]"#);
    for i in 0..3 {
        let p = report.partner(i);
        assert_eq!(p.fit(), Decimal::ZERO);
        let g = &p.gaps()[0];
        assert!(g.missing && g.actual.is_none() && g.shortfall.is_none(), "{g:?}");
        assert_eq!(json_of(&report, i)["gaps"][0]["actual"], Json::Null);
    }
    assert_eq!(json_of(&report, 3)["gaps"][0]["fit"], "0.99");
    // a field no partner has, and an empty CSV cell
    let csv = p.evaluate(&Partners::from_csv("id,reps\nA,\nB,4\n").unwrap()).unwrap();
    assert!(csv.partner(0).gaps()[0].missing);
    assert_eq!(csv.partner(1).verdict(), Verdict::Ideal);
    let none = p.evaluate(&Partners::from_csv("id,other\nA,1\n").unwrap()).unwrap();
    assert!(none.partner(0).gaps()[0].missing);
    // a missing list is missing too
    let lists = profile(r#"{"field": "sells", "includes_any": ["a"], "area": "product"}"#);
    let r = eval_json(&lists, r#"[{"id": "A", "sells": null}, {"id": "B", "sells": ""}]"#);
    assert!(r.partners().all(|p| p.gaps()[0].missing));
}

#[test]
fn zero_weights_count_nothing_but_still_report_gaps() {
    let p = profile(
        r#"{"field": "a", "at_least": 1, "weight": 0, "area": "management"},
           {"field": "b", "at_least": 1, "weight": 2, "area": "product"}"#,
    );
    let report = eval_json(&p, r#"[{"id": "A", "a": 0, "b": 1}, {"id": "B", "a": 1, "b": 0}]"#);
    assert_eq!(report.partner(0).fit(), Decimal::ONE_HUNDRED);
    assert_eq!(report.partner(0).verdict(), Verdict::Ideal);
    assert_eq!(report.partner(0).gaps()[0].name, "a");
    assert_eq!(report.partner(1).fit(), Decimal::ZERO);
}

#[test]
fn readiness_groups_gaps_management_first() {
    let p = profile(
        r#"{"field": "p1", "at_least": 1, "area": "product"},
           {"field": "s1", "at_least": 1, "area": "sales_marketing"},
           {"field": "o1", "at_least": 1, "area": "operational"},
           {"field": "m1", "at_least": 1, "area": "management"},
           {"field": "p2", "at_least": 1, "area": "product"},
           {"field": "m2", "at_least": 1, "area": "management"}"#,
    );
    let report = eval_json(
        &p,
        r#"[{"id": "A", "p1": 0, "s1": 0, "o1": 0, "m1": 0, "p2": 0, "m2": 0},
            {"id": "B", "p1": 0, "s1": 1, "o1": 1, "m1": 1, "p2": 0, "m2": 1}]"#,
    );
    let a = report.partner(0);
    let gaps: Vec<&str> = a.gaps().iter().map(|g| g.name).collect();
    assert_eq!(gaps, ["p1", "s1", "o1", "m1", "p2", "m2"], "gaps in criteria order");
    let plan: Vec<(Area, Vec<&str>)> =
        a.readiness().iter().map(|r| (r.area, r.gaps.iter().map(|g| g.name).collect())).collect();
    assert_eq!(
        plan,
        [
            (Area::Management, vec!["m1", "m2"]),
            (Area::Operational, vec!["o1"]),
            (Area::SalesMarketing, vec!["s1"]),
            (Area::Product, vec!["p1", "p2"]),
        ]
    );
    assert_eq!(a.gap_count_and_first(), (6, Some("m1")));
    let b = json_of(&report, 1);
    assert_eq!(b["readiness"].as_array().unwrap().len(), 1, "empty areas are omitted");
    assert_eq!(b["readiness"][0]["area"], "product");
}

#[test]
fn a_gap_names_everything_about_the_criterion() {
    let p = profile(
        r#"{"field": "employees", "name": "size", "between": [20, "500.0"], "tolerance": 10, "weight": 2, "area": "management"}"#,
    );
    let report = eval_json(&p, r#"[{"id": "A", "name": "Acme", "category": "MSP", "employees": 12.5}]"#);
    assert_eq!(
        json_of(&report, 0),
        serde_json::json!({"id": "A", "name": "Acme", "category": "MSP", "fit": "25", "verdict": "poor_fit",
            "gaps": [{"name": "size", "field": "employees", "kind": "between", "expected": "between 20 and 500.0",
                      "actual": "12.5", "fit": "0.25", "shortfall": "7.5", "area": "management", "missing": false}],
            "readiness": [{"area": "management", "gaps": [{"name": "size", "field": "employees", "kind": "between",
                      "expected": "between 20 and 500.0", "actual": "12.5", "fit": "0.25", "shortfall": "7.5",
                      "area": "management", "missing": false}]}]})
    );
    assert_eq!(report.csv_header(), ["id", "name", "category", "fit", "verdict", "gaps", "first_gap", "fit:size"]);
    let mut csv = Vec::new();
    report.write_csv(&mut csv).unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "id,name,category,fit,verdict,gaps,first_gap,fit:size\nA,Acme,MSP,25,poor_fit,1,size,0.25\n"
    );
}

#[test]
fn expected_text_is_short() {
    let p = profile(
        r#"{"field": "a", "at_least": 4, "area": "product"},
           {"field": "b", "at_most": "0.30", "area": "product"},
           {"field": "c", "between": [20, 500], "area": "product"},
           {"field": "d", "equals": true, "area": "product"},
           {"field": "e", "one_of": ["EMEA", "NA"], "area": "product"},
           {"field": "f", "includes_all": ["services", "infrastructure"], "area": "product"},
           {"field": "g", "includes_any": ["x", "y"], "area": "product"}"#,
    );
    let texts: Vec<&str> = p.criteria().iter().map(|c| c.expected()).collect();
    assert_eq!(
        texts,
        [
            "≥ 4",
            "≤ 0.30",
            "between 20 and 500",
            "= true",
            "one of EMEA, NA",
            "includes all of services, infrastructure",
            "includes any of x, y"
        ]
    );
    assert!(matches!(p.criteria()[2].kind, Kind::Between(..)));
}

#[test]
fn results_come_back_in_input_order_one_per_partner() {
    let p = profile(r#"{"field": "x", "at_least": 1, "area": "product"}"#);
    let rows: Vec<String> = (0..10_000).map(|i| format!(r#"{{"id": "P{i}", "x": {}}}"#, i % 3)).collect();
    let report = eval_json(&p, &format!("[{}]", rows.join(",")));
    assert_eq!(report.len(), 10_000);
    for (i, r) in report.partners().enumerate() {
        assert_eq!(r.id(), format!("P{i}"));
        assert_eq!(r.verdict() == Verdict::Ideal, i % 3 != 0);
    }
}

#[test]
fn values_that_cannot_be_read_are_input_errors_naming_partner_and_field() {
    let p = profile(r#"{"field": "reps", "at_least": 4, "area": "product"}"#);
    let err = p.evaluate(&Partners::from_csv("id,reps\nA,4\nB,four\nC,x\n").unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Input);
    assert!(err.to_string().starts_with("line 3, column 2 (partner B, field reps):"), "{err}");
    let p = profile(r#"{"field": "flag", "equals": true, "area": "product"}"#);
    let err = p.evaluate(&Partners::from_json(r#"[{"id": "A", "flag": "perhaps"}]"#).unwrap()).unwrap_err();
    assert!(err.to_string().contains("partners[0] (partner A), field flag"), "{err}");
    let p = profile(r#"{"field": "n", "one_of": [1, 2], "area": "product"}"#);
    let err = p.evaluate(&Partners::from_json(r#"[{"id": "A", "n": ["a"]}]"#).unwrap()).unwrap_err();
    assert!(err.to_string().contains("field n"), "{err}");
}

/// Asserts a config error at `path` whose message holds `needle`.
fn config_error(json: &str, path: &str, needle: &str) {
    let err = Profile::from_json(json).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert_eq!(err.location(), path, "{err}");
    assert!(err.to_string().contains(needle), "{needle:?} not in {err}");
}

fn one(criterion: &str) -> String {
    format!(r#"{{"name": "p", "criteria": [{criterion}]}}"#)
}

#[test]
fn config_errors_name_the_path() {
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "area": "product", "colour": "red"}"#),
        "criteria[0].colour",
        "unknown key `colour`",
    );
    config_error(
        &one(r#"{"field": "x", "greater_than": 1, "area": "product"}"#),
        "criteria[0].greater_than",
        "one kind of at_least, at_most, between",
    );
    config_error(&one(r#"{"field": "x", "area": "product"}"#), "criteria[0]", "exactly one kind");
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "at_most": 3, "area": "product"}"#),
        "criteria[0]",
        "`at_least` and `at_most`",
    );
    config_error(&one(r#"{"field": "x", "between": [500, 20], "area": "product"}"#), "criteria[0].between", "reversed");
    config_error(
        &one(r#"{"field": "x", "between": [1, 2, 3], "area": "product"}"#),
        "criteria[0].between",
        "two numbers",
    );
    config_error(
        &one(r#"{"field": "x", "between": [1, "a"], "area": "product"}"#),
        "criteria[0].between[1]",
        "not a number",
    );
    config_error(
        r#"{"name": "p", "thresholds": {"ideal": 60, "develop": 85}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "thresholds",
        "out of order",
    );
    config_error(
        r#"{"name": "p", "thresholds": {"ideal": 101}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "thresholds.ideal",
        "≤ 100",
    );
    config_error(
        r#"{"name": "p", "thresholds": {"develop": -1}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "thresholds.develop",
        "≥ 0",
    );
    config_error(
        r#"{"name": "p", "thresholds": {"develop": 90}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "thresholds",
        "out of order",
    );
    config_error(
        r#"{"name": "p", "thresholds": {"best": 90}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "thresholds.best",
        "unknown field `best`",
    );
    config_error(
        &one(r#"{"field": "x", "equals": "a", "tolerance": 2, "area": "product"}"#),
        "criteria[0].tolerance",
        "numeric kinds",
    );
    config_error(
        &one(r#"{"field": "x", "includes_all": ["a"], "tolerance": 0, "area": "product"}"#),
        "criteria[0].tolerance",
        "numeric kinds",
    );
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "tolerance": -1, "area": "product"}"#),
        "criteria[0].tolerance",
        "≥ 0",
    );
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "weight": -1, "area": "product"}"#),
        "criteria[0].weight",
        "≥ 0",
    );
    config_error(
        &one(
            r#"{"field": "x", "at_least": 1, "weight": 0, "area": "product"}, {"field": "y", "at_least": 1, "weight": "0.0", "area": "product"}"#,
        ),
        "criteria",
        "sum to 0",
    );
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "area": "product"}, {"field": "x", "at_most": 9, "area": "product"}"#),
        "criteria[1].name",
        "duplicate criterion name \"x\"",
    );
    config_error(
        &one(
            r#"{"field": "x", "name": "n", "at_least": 1, "area": "product"}, {"field": "y", "name": "n", "at_most": 9, "area": "product"}"#,
        ),
        "criteria[1].name",
        "duplicate",
    );
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "area": "sales"}"#),
        "criteria[0].area",
        "unknown variant `sales`",
    );
    config_error(&one(r#"{"field": "x", "at_least": 1}"#), "criteria[0]", "missing field `area`");
    config_error(&one(r#"{"field": "x", "one_of": [], "area": "product"}"#), "criteria[0].one_of", "at least one item");
    config_error(&one(r#"{"field": "x", "one_of": [1, 1.0], "area": "product"}"#), "criteria[0].one_of[1]", "twice");
    config_error(
        &one(r#"{"field": "x", "one_of": ["a", null], "area": "product"}"#),
        "criteria[0].one_of[1]",
        "number, boolean or text",
    );
    config_error(
        &one(r#"{"field": "x", "includes_all": ["a", "a"], "area": "product"}"#),
        "criteria[0].includes_all[1]",
        "twice",
    );
    config_error(
        &one(r#"{"field": "x", "includes_any": [], "area": "product"}"#),
        "criteria[0].includes_any",
        "at least one",
    );
    config_error(
        &one(r#"{"field": "x", "includes_any": [" a"], "area": "product"}"#),
        "criteria[0].includes_any[0]",
        "blanks",
    );
    config_error(
        &one(r#"{"field": "x", "equals": [1], "area": "product"}"#),
        "criteria[0].equals",
        "number, boolean or text",
    );
    config_error(&one(r#"{"field": "x", "at_least": "NaN", "area": "product"}"#), "criteria[0].at_least", "NaN");
    config_error(
        &one(r#"{"field": "x", "at_least": 1, "required": "yes", "area": "product"}"#),
        "criteria[0].required",
        "invalid type",
    );
    config_error(r#"{"name": "p", "criteria": []}"#, "criteria", "at least one criterion");
    config_error(r#"{"name": "p", "criteria": [}"#, "criteria[0]", "invalid JSON");
    config_error(r#"{"criteria": []}"#, "(root)", "missing field `name`");
    config_error(
        r#"{"name": "p", "derive": {"a": 5}, "criteria": [{"field": "x", "at_least": 1, "area": "product"}]}"#,
        "derive.a",
        "expected an expression as text",
    );
}
