//! The real binary: exit codes and one-line errors, never a panic message or backtrace.

use std::process::Command;

fn partnerscore() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerscore"));
    cmd.env("RUST_BACKTRACE", "1");
    cmd
}

#[test]
fn demo_exits_zero() {
    let out = partnerscore().arg("demo").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Try next:"));
}

#[test]
fn bad_input_is_one_line_and_exit_two() {
    let dir = std::env::temp_dir().join(format!("partnerscore-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let card = dir.join("card.json");
    std::fs::write(&card, r#"{"name": "t", "sections": [{"name": "S", "metrics": [{"field": "r", "points": 1, "rule": {"target": 0}}]}]}"#)
        .unwrap();
    let partners = dir.join("p.csv");
    std::fs::write(&partners, "id,r\nP1,1\n").unwrap();
    let out = partnerscore()
        .args(["score", "--scorecard", card.to_str().unwrap(), "--partners", partners.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("card.json: sections[0].metrics[0].rule.target: must be > 0"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn closed_stdout_is_not_a_crash() {
    use std::process::Stdio;
    let mut child = partnerscore().arg("demo").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
