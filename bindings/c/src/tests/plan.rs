//! `ps_plan_new / ps_plan_solve / ps_plan_free` called as C calls them: byte-for-byte parity with
//! `partnerscore plan --format json` on the same JSON files, the golden file, the CLI's error messages
//! (config, history, partners, infeasible capacity) with the kind's status, and the boundary's checks.

use std::ffi::{c_char, CStr};
use std::ptr;

use partnerscore_tests::{check_golden, repo_path, run_cli};

use super::support::{new_with, read, take_error, CError, Owned};
use crate::*;

type Plan = Owned<ps_plan>;

fn new_plan(config: &[u8]) -> Result<Plan, CError> {
    new_with(config, ps_plan_new, ps_plan_free)
}

/// Calls `ps_plan_solve`: the JSON text, or the error. Outputs must stay untouched on failure and `*err`
/// on success.
fn solve(plan: &Plan, partners: &[u8], history: &[u8]) -> Result<String, CError> {
    let sentinel_len = usize::MAX;
    let (mut out, mut len, mut err) = (ptr::null_mut::<c_char>(), sentinel_len, ptr::null_mut());
    // SAFETY: a live plan, live buffers and out-pointers.
    let status = unsafe {
        ps_plan_solve(
            plan.ptr,
            partners.as_ptr().cast(),
            partners.len(),
            history.as_ptr().cast(),
            history.len(),
            &mut out,
            &mut len,
            &mut err,
        )
    };
    if status != ps_status::PS_OK {
        assert!(out.is_null() && len == sentinel_len, "outputs written on failure");
        return Err(take_error(status, err));
    }
    assert!(err.is_null(), "*err written on success");
    // SAFETY: a NUL-terminated string from the call; freed once, after it is copied.
    unsafe {
        let text = CStr::from_ptr(out).to_str().expect("UTF-8 JSON").to_string();
        assert_eq!(text.len(), len, "out_len is the length without the NUL (and there is no NUL inside)");
        ps_string_free(out);
        Ok(text)
    }
}

/// The CLI's `plan --format json` output for repository files.
fn cli_json(plan: &str, partners: &str, history: &str) -> String {
    let cli = run_cli(&[
        "plan",
        "--plan",
        &repo_path(plan),
        "--partners",
        &repo_path(partners),
        "--history",
        &repo_path(history),
        "--format",
        "json",
    ]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    cli.stdout
}

#[test]
fn json_is_the_clis_output_byte_for_byte() {
    let plan = new_plan(&read("examples/plan.json")).unwrap();
    let c = solve(&plan, &read("examples/partners.json"), &read("examples/history.json")).unwrap();
    assert_eq!(c, cli_json("examples/plan.json", "examples/partners.json", "examples/history.json"));
    // The CSV inputs give the CLI the same report.
    assert_eq!(c, cli_json("examples/plan.json", "examples/partners.csv", "examples/history.csv"));
    assert!(c.starts_with(r#"{"target":"14375000.00","#) && c.ends_with("}\n"), "{c}");
}

#[test]
fn json_matches_the_golden_file() {
    let plan = new_plan(&read("examples/plan.json")).unwrap();
    let json = solve(&plan, &read("examples/partners.json"), &read("examples/history.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    check_golden("plan_sample.json", &(serde_json::to_string_pretty(&value).unwrap() + "\n"));
}

#[test]
fn one_plan_solves_again_and_from_several_threads() {
    let plan = new_plan(&read("examples/plan.json")).unwrap();
    let (partners, history) = (read("examples/partners.json"), read("examples/history.json"));
    let first = solve(&plan, &partners, &history).unwrap();
    assert_eq!(solve(&plan, &partners, &history).unwrap(), first);
    /// The plan, shared by threads as C shares it.
    struct Shared<'a>(&'a Plan);
    // SAFETY: a ps_plan is immutable after `ps_plan_new` and documented as usable from many threads at once
    // (which this test checks); it is freed after the scope's threads end.
    unsafe impl Sync for Shared<'_> {}
    impl Shared<'_> {
        fn solve(&self, partners: &[u8], history: &[u8]) -> String {
            solve(self.0, partners, history).unwrap()
        }
    }
    let shared = Shared(&plan);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| shared.solve(&partners, &history))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), first);
        }
    });
}

const GOOD_PLAN: &str = r#"{"name": "p", "goal": {"target": 1000}, "capacity_hours": 10,
  "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "none", "hours": 0, "capture": 0}],
  "avg_deal_size": 100, "win_rate": "0.25", "deals_per_rep": 4}"#;
const PARTNERS: &str = r#"[{"id": "A", "category": "MSP", "potential": 500, "sales_reps": 1},
  {"id": "B", "category": "MSP"}]"#;
const HISTORY: &str = r#"[{"partner_id": "A", "period": "2026-Q1", "revenue": 50},
  {"partner_id": "B", "period": "2026-Q1", "revenue": "80"}]"#;

fn with(from: &str, to: &str) -> String {
    assert!(GOOD_PLAN.contains(from), "{from}");
    GOOD_PLAN.replacen(from, to, 1)
}

/// Which input the CLI names in its error line (`error: FILE: …`).
#[derive(Clone, Copy, Debug)]
enum Source {
    Plan,
    Partners,
    History,
}

/// Runs `partnerscore plan` on the three texts written to `plan.json`, `p.json` and `h.json`, expecting
/// exit 2: the error line without `error: FILE: `, where FILE must be the file `source` names.
fn cli_error(config: &str, partners: &str, history: &str, source: Source) -> String {
    let dir = std::env::temp_dir().join(format!(
        "partnerscore-c-plan-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [("plan.json", config), ("p.json", partners), ("h.json", history)];
    let paths: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path.display().to_string()
        })
        .collect();
    let cli =
        run_cli(&["plan", "--plan", &paths[0], "--partners", &paths[1], "--history", &paths[2], "--format", "json"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(cli.code, 2, "{}", cli.stderr);
    assert!(cli.stdout.is_empty(), "{}", cli.stdout);
    let prefix = format!("error: {}: ", paths[source as usize]);
    match cli.stderr.trim_end().strip_prefix(&prefix) {
        Some(message) => message.to_string(),
        None => panic!("CLI line without the file prefix {prefix:?} ({source:?}): {}", cli.stderr),
    }
}

/// The C failure (from `ps_plan_new` for a config error, else from `ps_plan_solve`) is the CLI's message
/// with the kind's status; returns the message.
fn assert_same_error_as_cli(config: &str, partners: &str, history: &str, source: Source, status: ps_status) -> String {
    let expected = cli_error(config, partners, history, source);
    let c = match new_plan(config.as_bytes()) {
        Err(e) => e,
        Ok(plan) => solve(&plan, partners.as_bytes(), history.as_bytes()).expect_err("solving must fail"),
    };
    assert_eq!(c, CError { status, message: expected });
    c.message
}

#[test]
fn good_inputs_give_the_clis_report() {
    let plan = new_plan(GOOD_PLAN.as_bytes()).unwrap();
    let json = solve(&plan, PARTNERS.as_bytes(), HISTORY.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    // A: baseline 50 × 4 = 200, potential 500, headroom 300, invest: uplift 150, expected 350.
    assert_eq!(value["partners"][0]["strategy"], "invest");
    assert_eq!(value["partners"][0]["expected"], "350.00");
    assert_eq!(value["partners"][1]["reps_short"], serde_json::Value::Null);
    assert_eq!(value["gap"], "330.00");
}

#[test]
fn config_errors_are_the_clis() {
    for (config, needle) in [
        (with(r#""hours": 10"#, r#""hours": 10.5"#), "strategies[0].hours"),
        (with(r#""hours": 10"#, r#""hours": "ten""#), "strategies[0].hours"),
        (with(r#""capacity_hours": 10"#, r#""capacity_hours": -1"#), "capacity_hours"),
        (with(r#""capture": "0.5""#, r#""capture": "1.5""#), "strategies[0].capture"),
        (with(r#""win_rate": "0.25""#, r#""win_rate": 2"#), "win_rate"),
        (with(r#""avg_deal_size": 100"#, r#""avg_deal_size": 0"#), "avg_deal_size"),
        (with(r#""deals_per_rep": 4"#, r#""deals_per_rep": -4"#), "deals_per_rep"),
        (with(r#""goal": {"target": 1000}"#, r#""goal": {"prior_revenue": 1000, "growth": "-1.5"}"#), "goal.growth"),
        (with(r#""goal": {"target": 1000}"#, r#""goal": {"target": 1000, "prior_revenue": 9, "growth": 0}"#), "goal"),
        (with(r#""target": 1000"#, r#""target": 0"#), "goal"),
        (
            with(r#""capacity_hours""#, r#""baseline": {"method": "run_rate", "window": 0}, "capacity_hours""#),
            "baseline.window",
        ),
        (with(r#""capacity_hours""#, r#""baseline": {"method": "average"}, "capacity_hours""#), "baseline.method"),
        (with(r#""name": "none""#, r#""name": "invest""#), "strategies[1].name"),
        (with(r#""name": "p","#, r#""name": "p", "colour": 1,"#), "colour"),
        (
            with(r#""name": "p","#, r#""name": "p", "new_partner": {"annual_revenue": 0, "time_to_revenue_days": 9},"#),
            "new_partner.annual_revenue",
        ),
        (r#"{"name": "p", "#.to_string(), "invalid JSON"),
        (String::new(), "invalid JSON"),
    ] {
        let message = assert_same_error_as_cli(&config, PARTNERS, HISTORY, Source::Plan, ps_status::PS_ERR_CONFIG);
        assert!(message.contains(needle), "{needle:?} not in {message:?}");
    }
}

#[test]
fn history_errors_are_the_clis() {
    for (history, needle) in [
        // A repeated partner/period names both rows.
        (
            r#"[{"partner_id": "A", "period": "2026-Q1", "revenue": 50}, {"partner_id": "B", "period": "2026-Q1"},
                {"partner_id": "A", "period": "2026-Q1", "revenue": 7}]"#,
            "history[2] (partner A)",
        ),
        (r#"[{"partner_id": "A", "period": "2026-Q5", "revenue": 1}]"#, "history[0] (partner A)"),
        (r#"[{"partner_id": "A", "period": "2026-Q1", "revenue": "lots"}]"#, "history"),
        (r#"[{"partner_id": "A", "period": "2026-Q1", "revenue": [1]}]"#, "history[0], field revenue"),
        (r#"[{"period": "2026-Q1", "revenue": 1}]"#, "history[0]"),
        (r#"[{"partner_id": "A", "revenue": 1}]"#, "history[0]"),
        (r#"[3]"#, "history[0]"),
        (r#"{"partner_id": "A"}"#, "history"),
        (r#"[{"partner_id": "A", "#, "history line 1"),
        ("", "history line 1"),
    ] {
        let message = assert_same_error_as_cli(GOOD_PLAN, PARTNERS, history, Source::History, ps_status::PS_ERR_INPUT);
        assert!(message.starts_with(needle), "{needle:?} does not start {message:?}");
    }
    // The duplicate names the first row too; the bad period is named.
    let plan = new_plan(GOOD_PLAN.as_bytes()).unwrap();
    let dup = r#"[{"partner_id": "A", "period": "2026-Q1"}, {"partner_id": "A", "period": "2026-Q1"}]"#;
    let e = solve(&plan, PARTNERS.as_bytes(), dup.as_bytes()).unwrap_err();
    assert!(e.message.contains("history[0]") && e.message.contains("2026-Q1"), "{}", e.message);
    let q5 = r#"[{"partner_id": "A", "period": "2026-Q5"}]"#;
    let e = solve(&plan, PARTNERS.as_bytes(), q5.as_bytes()).unwrap_err();
    assert!(e.message.contains("2026-Q5"), "{}", e.message);
}

#[test]
fn partner_errors_are_the_clis() {
    for (partners, needle) in [
        (r#"[{"id": "A", "potential": "big"}]"#, "partners[0] (partner A), field potential"),
        (r#"[{"id": "A", "sales_reps": 2.5}]"#, "partners[0] (partner A), field sales_reps"),
        (r#"[{"id": "A", "potential": "NaN"}]"#, "partners[0] (partner A), field potential"),
        (r#"[{"id": "A"}, {"id": "A"}]"#, "partners[1] (partner A)"),
        (r#"[{"name": "no id"}]"#, "partners[0]"),
        (r#"[7]"#, "partners[0]"),
        (r#"{"id": "A"}"#, "(root)"),
        (r#"[{"id": "A""#, "line 1, column"),
        ("", "line 1, column"),
    ] {
        let message = assert_same_error_as_cli(GOOD_PLAN, partners, HISTORY, Source::Partners, ps_status::PS_ERR_INPUT);
        assert!(message.starts_with(needle), "{needle:?} does not start {message:?}");
    }
}

#[test]
fn partners_are_read_before_the_history() {
    // Both bad: the partners' error comes first, as in the CLI.
    let partners = r#"[{"id": "A"}, {"id": "A"}]"#;
    let history = r#"[{"partner_id": "A", "period": "2026-Q5"}]"#;
    let message = assert_same_error_as_cli(GOOD_PLAN, partners, history, Source::Partners, ps_status::PS_ERR_INPUT);
    assert!(message.starts_with("partners[1] (partner A)"), "{message}");
}

#[test]
fn capacity_below_the_cheapest_strategies_is_an_input_error_naming_the_hours() {
    let config = GOOD_PLAN.replace(r#""hours": 0"#, r#""hours": 6"#);
    // The CLI names the plan file: the error's location is the config's capacity_hours.
    let message = assert_same_error_as_cli(&config, PARTNERS, HISTORY, Source::Plan, ps_status::PS_ERR_INPUT);
    assert_eq!(
        message,
        "capacity_hours: the 2 partners need at least 12 hours (6 each at the cheapest strategy), capacity_hours is 10"
    );
    // The sample plan on more partners than its hours allow at 4 hours each.
    let sample = String::from_utf8(read("examples/plan.json"))
        .unwrap()
        .replace("\"capacity_hours\": 600", "\"capacity_hours\": 150");
    let message = assert_same_error_as_cli(
        &sample,
        &String::from_utf8(read("examples/partners.json")).unwrap(),
        &String::from_utf8(read("examples/history.json")).unwrap(),
        Source::Plan,
        ps_status::PS_ERR_INPUT,
    );
    assert!(message.starts_with("capacity_hours: the 40 partners need at least 160 hours"), "{message}");
}

#[test]
fn null_arguments() {
    let plan = new_plan(GOOD_PLAN.as_bytes()).unwrap();
    let config = GOOD_PLAN.as_bytes();
    let (p, pn) = (PARTNERS.as_ptr().cast::<c_char>(), PARTNERS.len());
    let (h, hn) = (HISTORY.as_ptr().cast::<c_char>(), HISTORY.len());
    let (mut out, mut json, mut len, mut err) = (ptr::null_mut(), ptr::null_mut(), 0usize, ptr::null_mut());
    let null = |argument: &str| CError {
        status: ps_status::PS_ERR_NULL_ARGUMENT,
        message: format!("{argument}: NULL pointer for a required argument"),
    };
    // SAFETY: NULL where tested, live buffers and out-pointers elsewhere.
    unsafe {
        let s = ps_plan_new(ptr::null(), 5, &mut out, &mut err);
        assert_eq!(take_error(s, err), null("config_json"));
        let s = ps_plan_new(config.as_ptr().cast(), config.len(), ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out"));
        assert_eq!(ps_plan_new(ptr::null(), 0, ptr::null_mut(), ptr::null_mut()), ps_status::PS_ERR_NULL_ARGUMENT);
        assert!(out.is_null());

        let s = ps_plan_solve(ptr::null(), p, pn, h, hn, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("plan"));
        let s = ps_plan_solve(plan.ptr, ptr::null(), pn, h, hn, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("partners_json"));
        let s = ps_plan_solve(plan.ptr, p, pn, ptr::null(), hn, &mut json, &mut len, &mut err);
        assert_eq!(take_error(s, err), null("history_json"));
        let s = ps_plan_solve(plan.ptr, p, pn, h, hn, ptr::null_mut(), &mut len, &mut err);
        assert_eq!(take_error(s, err), null("out_json"));
        let s = ps_plan_solve(plan.ptr, p, pn, h, hn, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        // NULL wins over other problems: the pointers are checked first.
        let s = ps_plan_solve(plan.ptr, b"\xff".as_ptr().cast(), 1, h, hn, &mut json, ptr::null_mut(), &mut err);
        assert_eq!(take_error(s, err), null("out_len"));
        let s = ps_plan_solve(
            ptr::null(),
            ptr::null(),
            0,
            ptr::null(),
            0,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
        );
        assert_eq!(s, ps_status::PS_ERR_NULL_ARGUMENT);
        assert!(json.is_null() && len == 0);

        ps_plan_free(ptr::null_mut());
    }
}

#[test]
fn invalid_utf8_names_argument_line_and_byte() {
    let e = new_plan(b"{\"name\": \"t\xe9\"}").err().unwrap();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "config_json: line 1, byte 11: not valid UTF-8".into()
        }
    );
    let plan = new_plan(GOOD_PLAN.as_bytes()).unwrap();
    let e = solve(&plan, b"[{\"id\": \"A\"},\n {\"id\": \"\xc3\x28\"}]", HISTORY.as_bytes()).unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "partners_json: line 2, byte 23: not valid UTF-8".into()
        }
    );
    let e = solve(&plan, PARTNERS.as_bytes(), b"[{\"partner_id\": \"A\xff\"}]").unwrap_err();
    assert_eq!(
        e,
        CError {
            status: ps_status::PS_ERR_INVALID_UTF8,
            message: "history_json: line 1, byte 18: not valid UTF-8".into()
        }
    );
    // Both bad: the partners are checked first.
    let e = solve(&plan, b"\xff", b"\xff").unwrap_err();
    assert!(e.message.starts_with("partners_json: "), "{}", e.message);
}

#[test]
fn the_buffer_lengths_are_respected() {
    let text = [GOOD_PLAN.as_bytes(), b"\xff"].concat();
    let mut out = ptr::null_mut();
    // SAFETY: live buffer (all but its last byte passed) and out-pointer.
    let status = unsafe { ps_plan_new(text.as_ptr().cast(), text.len() - 1, &mut out, ptr::null_mut()) };
    assert_eq!(status, ps_status::PS_OK);
    let plan = Owned { ptr: out, free: ps_plan_free };
    let partners = [PARTNERS.as_bytes(), b"\xff"].concat();
    let history = [HISTORY.as_bytes(), b"\xff"].concat();
    let json = solve(&plan, &partners[..PARTNERS.len()], &history[..HISTORY.len()]).unwrap();
    assert_eq!(json, solve(&plan, PARTNERS.as_bytes(), HISTORY.as_bytes()).unwrap());
}

#[test]
fn no_partners_no_history_and_ignored_rows() {
    let plan = new_plan(GOOD_PLAN.as_bytes()).unwrap();
    // No history: every baseline is 0.
    let json = solve(&plan, PARTNERS.as_bytes(), b"[]").unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["baseline_total"], "0.00");
    assert_eq!(value["history_rows_ignored"], 0);
    // Rows of partners outside the plan are left out and counted.
    let history = r#"[{"partner_id": "A", "period": "2026-Q1", "revenue": 50},
        {"partner_id": "Z", "period": "2026-Q1", "revenue": 9}, {"partner_id": "Z", "period": "2026-Q2"}]"#;
    let json = solve(&plan, PARTNERS.as_bytes(), history.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["history_rows_ignored"], 2);
    // No partners: an empty plan, the whole target is the gap.
    let json = solve(&plan, b"[]", HISTORY.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["partners"].as_array().map(Vec::len), Some(0));
    assert_eq!(value["gap"], "1000.00");
    assert_eq!(value["history_rows_ignored"], 2);
}
