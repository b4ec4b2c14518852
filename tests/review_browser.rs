//! The review pack in a real browser: headless Chromium takes 1280×900 screenshots of the sample's
//! channel page and one partner page (each must be a non-blank PNG) and dumps the rendered DOM of the
//! partner page, which must show the partner's name and score.
//!
//! `scripts/test-all.sh` installs Debian's `chromium` when it is missing and sets
//! `PARTNERSCORE_BROWSER_TESTS=1`, which makes a missing browser a failure; a plain `cargo test` without
//! a browser skips these tests with a note. `PARTNERSCORE_CHROMIUM` names another browser binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use partnerscore_tests::{repo_path, run_cli, Scratch};
use serde_json::Value;

/// The browser, or None (with a note) when there is none and the test command did not ask for one.
fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("PARTNERSCORE_CHROMIUM").map(PathBuf::from);
    let found = named.or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("PARTNERSCORE_BROWSER_TESTS").is_none(),
            "PARTNERSCORE_BROWSER_TESTS is set but no chromium was found (install Debian's `chromium`)"
        );
        eprintln!("note: no chromium on PATH; the browser tests are skipped (scripts/test-all.sh installs it)");
    }
    found
}

/// Runs the browser headless on `page` with `action` flags; returns its stdout. Killed after 120 s.
fn browse(browser: &Path, profile: &Path, page: &Path, action: &[&str]) -> String {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(action)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(_) => break,
            None if started.elapsed() > Duration::from_secs(120) => {
                child.kill().ok();
                panic!("chromium did not finish within 120 s on {url}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    let out = child.wait_with_output().expect("chromium output");
    assert!(out.status.success(), "chromium failed on {url}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Decodes a PNG and checks it is 1280×900 and not blank: many pixels differ from the background.
fn assert_non_blank_png(path: &Path) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    assert_eq!((info.width, info.height), (1280, 900), "{}", path.display());
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = bytes.chunks_exact(channels).collect();
    let background = pixels[0];
    let differing = pixels.iter().filter(|p| **p != background).count();
    let mut colors: Vec<&[u8]> = pixels.clone();
    colors.sort_unstable();
    colors.dedup();
    assert!(
        differing > pixels.len() / 50 && colors.len() > 8,
        "{} looks blank: {differing} pixels differ from the background, {} colors",
        path.display(),
        colors.len()
    );
}

#[test]
fn sample_pack_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let scratch = Scratch::new("review-browser");
    let pack = scratch.0.join("pack");
    let p = repo_path;
    let (partners, card) = (p("examples/partners.csv"), p("examples/scorecard.json"));
    let pack_text = pack.display().to_string();
    let inputs = [
        ("--profile", p("examples/profile.json")),
        ("--plan", p("examples/plan.json")),
        ("--history", p("examples/history.csv")),
        ("--registrations", p("examples/registrations.csv")),
        ("--commitments", p("examples/commitments.csv")),
        ("--milestones", p("examples/milestones.csv")),
    ];
    let mut args = vec!["review", "--partners", &partners, "--scorecard", &card, "--as-of", "2026-09-30"];
    for (flag, path) in &inputs {
        args.extend([*flag, path.as_str()]);
    }
    args.extend(["--output", &pack_text]);
    let out = run_cli(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let profile = scratch.0.join("browser-profile");
    let shots = scratch.0.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let partner = pack.join("partners/P012.html");
    for (page, shot) in [(pack.join("index.html"), "channel.png"), (partner.clone(), "partner.png")] {
        let target = shots.join(shot);
        browse(&browser, &profile, &page, &[&format!("--screenshot={}", target.display())]);
        assert_non_blank_png(&target);
    }

    // The rendered page, read back: the partner's name and the score the JSON reports.
    let scores = run_cli(&["score", "--scorecard", &card, "--partners", &partners, "--format", "json"]);
    let scores: Value = serde_json::from_str(&scores.stdout).unwrap();
    let p012 = scores["partners"].as_array().unwrap().iter().find(|p| p["id"] == "P012").unwrap();
    let dom = browse(&browser, &profile, &partner, &["--dump-dom"]);
    let name = p012["name"].as_str().unwrap();
    let score = p012["score"].as_str().unwrap();
    assert!(dom.contains(&format!("<h1 id=\"partner-name\">{name}</h1>")), "name {name} not on the rendered page");
    assert!(
        dom.contains(&format!("<span class=\"value\" id=\"score\">{score}</span>")),
        "score {score} not on the page"
    );
}
