//! Execution-plan tracking through the CLI: golden files of the sample commitments and milestones (the
//! same answers the Python and C tests compare against), the table, and bad input naming the record.

use partnerscore_tests::{assert_input_error, check_golden, pretty, repo_path, run_cli, Scratch};

fn track(commitments: &str, milestones: Option<&str>, extra: &[&str], format: &str) -> String {
    let commitments = repo_path(commitments);
    let milestones = milestones.map(repo_path);
    let mut args = vec!["track", "--commitments", &commitments, "--format", format];
    if let Some(m) = &milestones {
        args.extend(["--milestones", m]);
    }
    args.extend_from_slice(extra);
    let out = run_cli(&args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

const AS_OF: [&str; 2] = ["--as-of", "2026-09-30"];

#[test]
fn sample_json_report_matches_golden() {
    let json = track("examples/commitments.csv", Some("examples/milestones.csv"), &AS_OF, "json");
    check_golden("track_sample.json", &pretty(&json));
}

#[test]
fn sample_csv_report_matches_golden() {
    let csv = track("examples/commitments.csv", Some("examples/milestones.csv"), &AS_OF, "csv");
    check_golden("track_sample.csv", &csv);
}

#[test]
fn json_and_csv_inputs_agree() {
    assert_eq!(
        track("examples/commitments.json", Some("examples/milestones.json"), &AS_OF, "json"),
        track("examples/commitments.csv", Some("examples/milestones.csv"), &AS_OF, "json")
    );
}

#[test]
fn the_report_is_the_design_result_object() {
    let json = track("examples/commitments.csv", Some("examples/milestones.csv"), &AS_OF, "json");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&report), ["as_of", "commitments", "milestones", "partners"]);
    assert_eq!(report["as_of"], "2026-09-30");
    assert_eq!(
        keys(&report["commitments"][0]),
        ["partner_id", "kind", "field", "target", "actual", "expected_to_date", "status", "shortfall"]
    );
    assert_eq!(
        keys(&report["milestones"][0]),
        ["partner_id", "area", "name", "due", "done_on", "status", "out_of_order"]
    );
    assert_eq!(keys(&report["partners"][0]), ["id", "done", "on_track", "at_risk", "behind", "overdue", "impediments"]);
    // P012's pipeline: 600000 × 272/364 days = 448351.6484 expected; 420000 ≥ 0.75 × that: at_risk.
    let pipeline = &report["commitments"][2];
    assert_eq!(pipeline["expected_to_date"], "448351.6484");
    assert_eq!(pipeline["status"], "at_risk");
    assert_eq!(pipeline["shortfall"], "28351.6484");
    // Partners in order of first appearance: commitments, then milestones (P040 has milestones only).
    let ids: Vec<&str> = report["partners"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["P012", "P016", "P005", "P021", "P026", "P028", "P031", "P036", "P039", "P024", "P040"]);
    assert_eq!(report["commitments"].as_array().unwrap().len(), 20);
    assert_eq!(report["milestones"].as_array().unwrap().len(), 18);
}

#[test]
fn milestones_are_optional_and_as_of_defaults_to_today() {
    let json = track("examples/commitments.csv", None, &[], "json");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(report["milestones"].as_array().unwrap().is_empty());
    let as_of = report["as_of"].as_str().unwrap();
    assert!(partnerscore::Date::parse(as_of).is_some_and(|d| d.days() > 20_000), "{as_of}");
}

#[test]
fn table_shows_each_partner_and_its_impediments() {
    let table = track("examples/commitments.csv", Some("examples/milestones.csv"), &AS_OF, "table");
    assert!(table.starts_with("Execution-plan tracking as of 2026-09-30:"), "{table}");
    // The sample's headline, counted by hand from examples/commitments.csv and milestones.csv at 09-30.
    assert!(
        table.contains(
            "20 commitments: 3 done, 7 on track, 3 at risk, 4 behind, 3 overdue; 18 milestones: 12 done, 3 overdue, 3 out of order"
        ),
        "{table}"
    );
    assert!(table.contains("training: 2 certified_reps short of target, due 2026-07-31 (overdue)"), "{table}");
    assert!(
        table.contains("P005 operational \"Distributor account opened\": done 2026-03-20 before management readiness"),
        "{table}"
    );
}

fn track_files(files: &[(&str, &str)], extra: &[&str]) -> partnerscore_tests::Outcome {
    let dir = Scratch::new(&format!("track-{}", files[0].0.replace('.', "-")));
    let mut args: Vec<String> = vec!["track".into()];
    for (flag, (name, text)) in ["--commitments", "--milestones"].iter().zip(files.iter().map(|(n, t)| (n, t))) {
        args.push(flag.to_string());
        args.push(dir.file(name, text));
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    run_cli(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn bad_input_names_the_record() {
    let header = "partner_id,kind,field,target,start,due,actual\n";
    let good = "K1,deals,deals_closed,12,2026-01-01,2026-06-30,4\n";
    let cases: [(&str, &[&str]); 5] = [
        (
            "K2,revenue,x,1,2026-01-01,2026-06-30,0",
            &["bad.csv", "commitments line 3", "(partner K2, field kind)", "unknown kind \"revenue\""],
        ),
        ("K2,deals,deals_closed,0,2026-01-01,2026-06-30,0", &["commitments line 3", "field target", "greater than 0"]),
        ("K2,deals,deals_closed,5,2026-06-30,2026-06-30,0", &["commitments line 3", "field due", "not after start"]),
        (
            "K2,deals,deals_closed,5,2026-02-30,2026-06-30,0",
            &["commitments line 3", "field start", "\"2026-02-30\" is not a date"],
        ),
        (
            "K2,deals,deals_closed,five,2026-01-01,2026-06-30,0",
            &["commitments line 3", "field target", "\"five\" is not a number"],
        ),
    ];
    for (row, needles) in cases {
        let text = format!("{header}{good}{row}\n");
        assert_input_error(&track_files(&[("bad.csv", &text)], &["--as-of", "2026-03-31"]), needles);
    }
    let milestones = "partner_id,area,name,due,done_on\nK1,finance,Budget,2026-03-01,\n";
    assert_input_error(
        &track_files(&[("ok.csv", &format!("{header}{good}")), ("ms.csv", milestones)], &["--as-of", "2026-03-31"]),
        &["ms.csv", "milestones line 2", "unknown area \"finance\""],
    );
    let json = r#"[{"partner_id": "K1", "kind": "deals", "field": "d", "target": 3, "start": "2026-01-01", "due": "2026/06/30"}]"#;
    assert_input_error(
        &track_files(&[("bad.json", json)], &["--as-of", "2026-03-31"]),
        &["bad.json", "commitments[0] (partner K1), field due"],
    );
    let out = track_files(&[("ok.csv", &format!("{header}{good}"))], &["--as-of", "2026-13-01"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--as-of \"2026-13-01\": not a date"), "{}", out.stderr);
}
