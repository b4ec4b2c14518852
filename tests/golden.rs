//! Golden files: the CLI's output on the sample channel is checked in under `tests/golden/` and is the
//! same answer the Python and C tests compare against.

use partnerscore_tests::{check_golden, pretty, repo_path, run_cli, run_cli_with_stdin};

fn score(partners: &str, format: &str) -> String {
    let out = run_cli(&[
        "score",
        "--scorecard",
        &repo_path("examples/scorecard.json"),
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
    check_golden("scorecard_sample.json", &pretty(&score("examples/partners.csv", "json")));
}

#[test]
fn sample_csv_report_matches_golden() {
    check_golden("scorecard_sample.csv", &score("examples/partners.csv", "csv"));
}

#[test]
fn json_and_csv_inputs_give_the_same_report() {
    assert_eq!(score("examples/partners.json", "json"), score("examples/partners.csv", "json"));
}

#[test]
fn stdin_reads_json_partners() {
    let partners = std::fs::read_to_string(repo_path("examples/partners.json")).unwrap();
    let out = run_cli_with_stdin(
        &["score", "--scorecard", &repo_path("examples/scorecard.json"), "--partners", "-", "--format", "json"],
        &partners,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, score("examples/partners.csv", "json"));
}

#[test]
fn output_flag_writes_the_file() {
    let dir = std::env::temp_dir().join(format!("partnerscore-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scores.csv");
    let out = run_cli(&[
        "score",
        "--scorecard",
        &repo_path("examples/scorecard.json"),
        "--partners",
        &repo_path("examples/partners.csv"),
        "--format",
        "csv",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), score("examples/partners.csv", "csv"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn table_lists_every_partner_by_rank() {
    let table = score("examples/partners.csv", "table");
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("rank  id"), "{}", lines[0]);
    assert_eq!(lines.len(), 2 + 40);
    assert!(lines[2].contains("P012") && lines[2].contains("Platinum"), "{}", lines[2]);
}

#[test]
fn demo_runs_from_the_embedded_sample() {
    let out = run_cli(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Northwind Systems"));
    assert!(out.stdout.contains("Top opportunities"));
    assert!(out.stdout.contains("Try next:"));
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for cmd in ["score", "demo"] {
        let out = run_cli(&[cmd, "--help"]);
        assert_eq!(out.code, 0);
        assert!(out.stdout.contains("Example:"), "{cmd}: {}", out.stdout);
    }
}

#[test]
fn score_owned_gives_the_same_report_as_score() {
    use partnerscore::{Partners, Scorecard};
    let card = Scorecard::from_json(&std::fs::read_to_string(repo_path("examples/scorecard.json")).unwrap()).unwrap();
    let partners = Partners::from_csv(&std::fs::read_to_string(repo_path("examples/partners.csv")).unwrap()).unwrap();
    let borrowed = card.score(&partners).unwrap().to_json();
    assert_eq!(card.score_owned(partners).unwrap().to_json(), borrowed);
}
