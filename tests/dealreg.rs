//! Deal registration through the CLI: golden files of the sample registrations (the same answers the
//! Python and C tests compare against), the table, and bad input naming the registration.

use partnerscore_tests::{assert_input_error, check_golden, pretty, repo_path, run_cli, Scratch};

fn dealreg(file: &str, extra: &[&str], format: &str) -> String {
    let registrations = repo_path(file);
    let mut args = vec!["dealreg", "--registrations", &registrations, "--format", format];
    args.extend_from_slice(extra);
    let out = run_cli(&args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

#[test]
fn sample_json_report_matches_golden() {
    check_golden("dealreg_sample.json", &pretty(&dealreg("examples/registrations.csv", &[], "json")));
}

#[test]
fn sample_csv_report_matches_golden() {
    check_golden("dealreg_sample.csv", &dealreg("examples/registrations.csv", &[], "csv"));
}

#[test]
fn json_and_csv_inputs_agree() {
    assert_eq!(dealreg("examples/registrations.json", &[], "json"), dealreg("examples/registrations.csv", &[], "json"));
}

#[test]
fn the_report_is_the_design_result_object() {
    let report: serde_json::Value =
        serde_json::from_str(&dealreg("examples/registrations.csv", &["--window-days", "30"], "json")).unwrap();
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["window_days", "registrations", "conflicts"]);
    assert_eq!(report["window_days"], 30);
    let first = report["registrations"][0].as_object().unwrap();
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        ["id", "partner_id", "customer_key", "status", "lost_to"]
    );
    assert_eq!(report["registrations"].as_array().unwrap().len(), 30);
    let conflict = report["conflicts"][0].as_object().unwrap();
    assert_eq!(
        conflict.keys().map(String::as_str).collect::<Vec<_>>(),
        ["customer_key", "product", "winner", "winner_partner_id", "winner_expires_on", "losers"]
    );
    // With 30-day windows R-1002 (2026-02-03) still falls inside R-1001's window [01-12, 02-11), but
    // R-1006 (02-14) is 40 days after R-1005 (01-05): both clear now.
    let status = |id: &str| {
        report["registrations"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["status"].clone()
    };
    assert_eq!(status("R-1002"), "lost");
    assert_eq!(status("R-1006"), "clear");
    assert_eq!(status("R-1005"), "clear");
}

#[test]
fn table_lists_conflicts_then_counts() {
    let table = dealreg("examples/registrations.csv", &[], "table");
    let conflicts = table.find("Deal registration conflicts (5):").expect("conflicts heading");
    let counts = table.find("Registrations by status:").expect("counts heading");
    assert!(conflicts < counts, "{table}");
    assert!(table.contains("30 registrations (window 90 days): 19 clear, 5 won, 6 lost"), "{table}");
    assert!(table.contains("societe generale"), "{table}");
}

#[test]
fn output_file_is_written() {
    let dir = Scratch::new("dealreg-output");
    let path = dir.0.join("judged.csv").display().to_string();
    let registrations = repo_path("examples/registrations.csv");
    let out = run_cli(&["dealreg", "--registrations", &registrations, "--format", "csv", "--output", &path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), dealreg("examples/registrations.csv", &[], "csv"));
}

fn judge_file(name: &str, text: &str, extra: &[&str]) -> partnerscore_tests::Outcome {
    let dir = Scratch::new(&format!("dealreg-{}", name.replace('.', "-")));
    let path = dir.file(name, text);
    let mut args = vec!["dealreg", "--registrations", &path];
    args.extend_from_slice(extra);
    run_cli(&args)
}

const HEADER: &str = "id,partner_id,customer,product,amount,registered_on,expires_on\n";

#[test]
fn bad_input_names_the_registration() {
    let csv = |row: &str| format!("{HEADER}R1,P1,Acme,,,2026-01-01,\n{row}\n");
    let cases: [(&str, &[&str]); 6] = [
        (
            "R2,P2,Acme,,,2026-02-30,",
            &[
                "bad.csv",
                "registrations line 3, column 6 (registration R2, field registered_on)",
                "\"2026-02-30\" is not a date",
            ],
        ),
        (
            "R2,P2,Acme,,,2026-03-01,2026-03-01",
            &[
                "registrations line 3, column 7 (registration R2, field expires_on)",
                "expires_on 2026-03-01 is not after registered_on 2026-03-01",
            ],
        ),
        ("R2,P2,Acme,,12k,2026-03-01,", &["registrations line 3, column 5 (registration R2, field amount)"]),
        (
            "R1,P2,Acme,,,2026-03-01,",
            &[
                "registrations line 3 (registration R1)",
                "registration id R1 is already used at registrations line 2 (registration R1)",
            ],
        ),
        (
            "R2,P2,\"...\",,,2026-03-01,",
            &["registrations line 3, column 3 (registration R2, field customer)", "normalizes to nothing"],
        ),
        (
            "R2,,Acme,,,2026-03-01,",
            &["registrations line 3, column 2 (registration R2, field partner_id)", "needs a partner_id"],
        ),
    ];
    for (row, needles) in cases {
        assert_input_error(&judge_file("bad.csv", &csv(row), &[]), needles);
    }
    let json = r#"[{"id": "R1", "partner_id": "P1", "customer": "Acme", "registered_on": "2026-01-01"},
                   {"id": 7, "partner_id": "P2", "customer": "Acme", "registered_on": "01/03/2026"}]"#;
    assert_input_error(
        &judge_file("bad.json", json, &[]),
        &["bad.json", "registrations[1] (registration 7), field registered_on", "\"01/03/2026\" is not a date"],
    );
    assert_input_error(
        &judge_file("ok.csv", &csv("R2,P2,Acme,,,2026-03-01,"), &["--window-days", "0"]),
        &["window_days", "must be a whole number of days ≥ 1, found 0"],
    );
    assert_input_error(
        &judge_file("nohead.csv", "id,partner_id\nR1,P1\n", &[]),
        &["registrations line 1", "customer, registered_on"],
    );
    assert_input_error(
        &judge_file("obj.json", "{\"id\": 1}", &[]),
        &["registrations: must be a JSON array of objects"],
    );
}

#[test]
fn windows_past_the_year_9999_are_errors_not_panics() {
    let text = format!("{HEADER}R1,P1,Acme,,,9999-12-01,\n");
    assert_input_error(
        &judge_file("late.csv", &text, &[]),
        &["registrations line 2 (registration R1)", "past the year 9999"],
    );
    assert_input_error(
        &judge_file("huge.csv", &format!("{HEADER}R1,P1,Acme,,,2026-01-01,\n"), &["--window-days", "99999999999"]),
        &["registrations line 2 (registration R1)", "past the year 9999"],
    );
}
