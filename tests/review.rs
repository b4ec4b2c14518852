//! The review pack through the CLI: the HTML parsed back and checked against the JSON results of the same
//! run (scores, tiers, fit, verdicts, plan strategies, statuses), one page per partner linked from the
//! channel page, escaping, nothing fetched from elsewhere, sections left out with a note, and bad input.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use partnerscore_tests::{assert_input_error, repo_path, run_cli, Scratch};
use scraper::{Html, Selector};
use serde_json::Value;

const AS_OF: &str = "2026-09-30";

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

/// The text of the first element matching `css`, trimmed.
fn text(doc: &Html, css: &str) -> Option<String> {
    doc.select(&sel(css)).next().map(|e| e.text().collect::<String>().trim().to_string())
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// `field` (text) of every row of the JSON array `rows` that `keep` keeps, in order.
fn column(rows: &Value, field: &str, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let rows = rows.as_array().map(Vec::as_slice).unwrap_or_default();
    rows.iter().filter(|r| keep(r)).map(|r| r[field].as_str().unwrap_or("—").to_string()).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_of(args: &[&str]) -> Value {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run_cli(&all);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON report")
}

/// `review` with the sample's files; `extra` adds options. Returns the output folder.
fn review(scratch: &Scratch, folder: &str, inputs: &[(&str, &str)], extra: &[&str]) -> std::path::PathBuf {
    let out_dir = scratch.0.join(folder);
    let paths: Vec<(String, String)> =
        inputs.iter().map(|(flag, file)| (format!("--{flag}"), repo_path(file))).collect();
    let out_text = out_dir.display().to_string();
    let mut args: Vec<&str> = vec!["review", "--output", &out_text];
    for (flag, path) in &paths {
        args.extend([flag.as_str(), path.as_str()]);
    }
    args.extend_from_slice(extra);
    let out = run_cli(&args);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(out.stdout.contains(&out_dir.join("index.html").display().to_string()), "{}", out.stdout);
    out_dir
}

const ALL_INPUTS: [(&str, &str); 8] = [
    ("partners", "examples/partners.csv"),
    ("scorecard", "examples/scorecard.json"),
    ("profile", "examples/profile.json"),
    ("plan", "examples/plan.json"),
    ("history", "examples/history.csv"),
    ("registrations", "examples/registrations.csv"),
    ("commitments", "examples/commitments.csv"),
    ("milestones", "examples/milestones.csv"),
];

/// Every partner-page link of the channel page, by partner id (from the partner table's rows).
fn partner_links(index: &Html) -> Vec<(String, String)> {
    index
        .select(&sel("#partner-table tbody tr"))
        .map(|row| {
            let id = row.value().attr("data-id").expect("row has data-id").to_string();
            let href =
                row.select(&sel("a")).next().and_then(|a| a.value().attr("href")).expect("row links").to_string();
            (id, href)
        })
        .collect()
}

#[test]
fn sample_pack_shows_the_numbers_of_the_json_results() {
    let scratch = Scratch::new("review-sample");
    let dir = review(&scratch, "pack", &ALL_INPUTS, &["--as-of", AS_OF]);
    let p = |f: &str| repo_path(f);
    let (partners, card, profile, plan, history) = (
        p("examples/partners.csv"),
        p("examples/scorecard.json"),
        p("examples/profile.json"),
        p("examples/plan.json"),
        p("examples/history.csv"),
    );
    let (commitments, milestones) = (p("examples/commitments.csv"), p("examples/milestones.csv"));
    let scores = json_of(&["score", "--scorecard", &card, "--partners", &partners]);
    let fits = json_of(&["gap", "--profile", &profile, "--partners", &partners]);
    let planned = json_of(&["plan", "--plan", &plan, "--partners", &partners, "--history", &history]);
    let health =
        json_of(&["health", "--partners", &partners, "--history", &history, "--profile", &profile, "--as-of", AS_OF]);
    let tracked = json_of(&["track", "--commitments", &commitments, "--milestones", &milestones, "--as-of", AS_OF]);

    let index = Html::parse_document(&read(&dir.join("index.html")));
    let links = partner_links(&index);
    let score_rows = scores["partners"].as_array().unwrap();
    // One row per partner, each linking to its own page, and one page file per partner.
    assert_eq!(links.len(), score_rows.len());
    let hrefs: BTreeSet<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(hrefs.len(), links.len(), "two partners share a page");
    let files: BTreeSet<String> = std::fs::read_dir(dir.join("partners"))
        .unwrap()
        .map(|e| format!("partners/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(files, hrefs.iter().map(|h| h.to_string()).collect::<BTreeSet<_>>());
    let href_of: HashMap<&str, &str> = links.iter().map(|(id, h)| (id.as_str(), h.as_str())).collect();

    // The channel's partner table, by score (rank), with the JSON's score, tier, fit and verdict.
    let rows = index.select(&sel("#partner-table tbody tr")).collect::<Vec<_>>();
    let ranks: Vec<u64> =
        rows.iter().map(|r| r.select(&sel("td")).next().unwrap().text().collect::<String>().parse().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "not by score: {ranks:?}");
    let by_id = |v: &Value, id: &str| -> Value {
        v["partners"].as_array().unwrap().iter().find(|p| p["id"] == id).cloned().unwrap_or(Value::Null)
    };
    for row in &rows {
        let id = row.value().attr("data-id").unwrap();
        let cell = |css: &str| row.select(&sel(css)).next().unwrap().text().collect::<String>();
        let s = by_id(&scores, id);
        assert_eq!(cell(".score"), s["score"].as_str().unwrap(), "{id}");
        assert_eq!(cell(".tier"), s["tier"].as_str().unwrap_or("no tier"), "{id}");
        let f = by_id(&fits, id);
        assert_eq!(cell(".fit"), f["fit"].as_str().unwrap(), "{id}");
        assert_eq!(cell(".verdict"), f["verdict"].as_str().unwrap(), "{id}");
    }
    // Tier counts add up to the partners; verdict counts equal the JSON's.
    let tier_total: u64 = texts(&index, "#tier-counts td.num").iter().map(|t| t.parse::<u64>().unwrap()).sum();
    assert_eq!(tier_total as usize, score_rows.len());
    for verdict in ["ideal", "develop", "poor_fit"] {
        let count = fits["partners"].as_array().unwrap().iter().filter(|p| p["verdict"] == verdict).count();
        let shown = index
            .select(&sel("#verdict-counts tbody tr"))
            .find(|r| r.text().next() == Some(verdict))
            .map(|r| r.select(&sel("td.num")).next().unwrap().text().collect::<String>());
        assert_eq!(shown.as_deref(), Some(count.to_string().as_str()), "{verdict}");
    }
    // Health and plan headline figures.
    let periods = texts(&index, "#contribution-table tbody td:last-child");
    assert_eq!(periods, column(&health["contribution_rate"], "rate", |_| true));
    assert_eq!(text(&index, "#median-days").unwrap(), health["time_to_revenue"]["median_days"].to_string());
    assert_eq!(text(&index, "#plan-target").unwrap(), planned["target"].as_str().unwrap());
    assert_eq!(text(&index, "#plan-gap").unwrap(), planned["gap"].as_str().unwrap());
    let hours: Vec<String> = texts(&index, "#strategy-table tbody td:nth-child(3)");
    let want: Vec<String> = planned["by_strategy"].as_array().unwrap().iter().map(|s| s["hours"].to_string()).collect();
    assert_eq!(hours, want);
    let non_productive = health["partners"].as_array().unwrap().iter().filter(|p| p["non_productive"] == true).count();
    assert_eq!(index.select(&sel("#non-productive-table tbody tr")).count(), non_productive);

    // Every partner page: its own figures, as the JSON reports them.
    for s in score_rows {
        let id = s["id"].as_str().unwrap();
        let page = Html::parse_document(&read(&dir.join(href_of[id])));
        assert_eq!(text(&page, "#partner-id").as_deref(), Some(id));
        assert_eq!(text(&page, "#partner-name").as_deref(), Some(s["name"].as_str().unwrap()));
        assert_eq!(text(&page, "#score").as_deref(), s["score"].as_str(), "{id}");
        assert_eq!(text(&page, "#tier").unwrap(), s["tier"].as_str().unwrap_or("no tier"), "{id}");
        assert_eq!(text(&page, "#rank").unwrap(), s["rank"].to_string(), "{id}");
        match &s["next_tier"] {
            Value::Null => assert_eq!(text(&page, "#next-tier").as_deref(), Some("In the top tier.")),
            next => {
                assert_eq!(text(&page, "#next-tier strong").as_deref(), next["name"].as_str(), "{id}");
                assert_eq!(text(&page, "#points-needed").as_deref(), next["points_needed"].as_str(), "{id}");
            }
        }
        let opportunities: Vec<String> = texts(&page, "#opportunity-table tbody td:first-child");
        assert_eq!(opportunities, column(&s["opportunities"], "name", |_| true), "{id}");
        let values = texts(&page, "#metric-table tbody td:nth-child(2)");
        let json_values: Vec<String> = s["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| match &m["value"] {
                Value::String(v) => v.clone(),
                Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
                _ => "missing".to_string(),
            })
            .collect();
        assert_eq!(values, json_values, "{id}");
        for (nth, key) in [(3, "mean"), (4, "top_quartile_mean")] {
            let shown = texts(&page, &format!("#metric-table tbody td:nth-child({nth})"));
            let benchmarks: Vec<Value> =
                s["metrics"].as_array().unwrap().iter().map(|m| m["benchmark"].clone()).collect();
            assert_eq!(shown, column(&Value::Array(benchmarks), key, |_| true), "{id} {key}");
        }
        let f = by_id(&fits, id);
        assert_eq!(text(&page, "#fit").as_deref(), f["fit"].as_str(), "{id}");
        assert_eq!(text(&page, "#verdict").as_deref(), f["verdict"].as_str(), "{id}");
        let h = by_id(&health, id);
        for row in page.select(&sel("#marketing-table tbody tr[data-field]")) {
            let field = row.value().attr("data-field").unwrap();
            let shown = row.select(&sel("td.num")).next().unwrap().text().collect::<String>();
            assert_eq!(shown, h["derived"][field].as_str().unwrap_or("—"), "{id} {field}");
        }
        assert_eq!(page.select(&sel("#marketing-table tbody tr[data-field]")).count(), 7, "{id}");
        assert_eq!(text(&page, "#direction").as_deref(), h["trajectory"]["direction"].as_str(), "{id}");
        let points = texts(&page, "#trajectory-table tbody td:nth-child(2)");
        assert_eq!(points, column(&h["trajectory"]["points"], "value", |_| true), "{id}");
        match by_id(&planned, id) {
            Value::Null => assert!(text(&page, "#plan .note").is_some(), "{id}"),
            pp => {
                assert_eq!(text(&page, "#strategy").as_deref(), pp["strategy"].as_str(), "{id}");
                assert_eq!(
                    text(&page, "#pipeline-needed").as_deref(),
                    Some(pp["pipeline_needed"].as_str().unwrap_or("—"))
                );
                for key in ["deals_needed", "reps_needed"] {
                    assert_eq!(text(&page, &format!("#{}", key.replace('_', "-"))), Some(pp[key].to_string()), "{id}");
                }
            }
        }
        let statuses = texts(&page, "#commitment-table td.status");
        assert_eq!(statuses, column(&tracked["commitments"], "status", |c| c["partner_id"] == id), "{id}");
        let milestones: Vec<String> = texts(&page, "#milestone-table td.status")
            .iter()
            .map(|t| t.split(' ').next().unwrap().to_string())
            .collect();
        assert_eq!(milestones, column(&tracked["milestones"], "status", |m| m["partner_id"] == id), "{id}");
        let impediments = texts(&page, "#impediments li");
        let t = by_id(&tracked, id);
        let want: Vec<String> = t["impediments"]
            .as_array()
            .map(|a| a.iter().map(|i| i["text"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(impediments, want, "{id}");
        // The agenda: one item per impediment and per top-3 opportunity; the next review 90 days on.
        let agenda = texts(&page, "#agenda li");
        assert_eq!(agenda.len(), want.len() + opportunities.len().min(3), "{id}");
        assert_eq!(text(&page, "#next-review").as_deref(), Some("2026-12-29"));
        // Back to the channel page.
        assert!(page.select(&sel("a[href='../index.html']")).next().is_some());
    }
}

#[test]
fn conflicts_open_at_as_of_are_listed() {
    let scratch = Scratch::new("review-conflicts");
    let inputs = [
        ("partners", "examples/partners.csv"),
        ("scorecard", "examples/scorecard.json"),
        ("registrations", "examples/registrations.csv"),
    ];
    let judged = json_of(&["dealreg", "--registrations", &repo_path("examples/registrations.csv")]);
    let given: Value = serde_json::from_str(&read(Path::new(&repo_path("examples/registrations.json")))).unwrap();
    let registered: HashMap<&str, &str> = given
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["registered_on"].as_str().unwrap()))
        .collect();
    let mut listed = 0;
    for as_of in ["2026-03-20", "2026-05-01", "2026-07-01", "2026-12-31"] {
        let dir = review(&scratch, as_of, &inputs, &["--as-of", as_of]);
        let index = Html::parse_document(&read(&dir.join("index.html")));
        // Open: registered on or before as_of and expiring after it (YYYY-MM-DD compares as text).
        let want: Vec<String> = judged["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                let on = registered[c["winner"].as_str().unwrap()];
                on <= as_of && as_of < c["winner_expires_on"].as_str().unwrap()
            })
            .map(|c| c["customer_key"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(texts(&index, "#conflict-table tbody td:first-child"), want, "{as_of}");
        listed += want.len();
        if want.is_empty() {
            assert!(read(&dir.join("index.html")).contains("No conflict is open at"));
        }
    }
    assert!(listed >= 3, "the dates chosen list too few conflicts: {listed}");
}

#[test]
fn partners_and_a_scorecard_alone_make_a_pack_with_notes() {
    let scratch = Scratch::new("review-minimal");
    let inputs = [("partners", "examples/partners.csv"), ("scorecard", "examples/scorecard.json")];
    let dir = review(&scratch, "pack", &inputs, &["--as-of", AS_OF]);
    let index = Html::parse_document(&read(&dir.join("index.html")));
    for note in ["#health-note", "#plan-note", "#dealreg-note"] {
        assert!(text(&index, note).is_some(), "{note} missing");
    }
    assert!(index.select(&sel("#verdict-counts")).next().is_none());
    let page = Html::parse_document(&read(&dir.join("partners/P001.html")));
    for section in ["#profile", "#marketing", "#plan", "#execution"] {
        assert!(text(&page, &format!("{section} .note")).is_some(), "{section} has no note");
    }
    assert!(text(&page, "#score").is_some());

    // A plan without a history says what it needs.
    let with_plan = [
        ("partners", "examples/partners.csv"),
        ("scorecard", "examples/scorecard.json"),
        ("plan", "examples/plan.json"),
    ];
    let dir = review(&scratch, "plan-only", &with_plan, &["--as-of", AS_OF]);
    let index = read(&dir.join("index.html"));
    assert!(index.contains("the plan needs a history"), "{index}");
}

#[test]
fn as_of_defaults_to_the_end_of_the_history() {
    let scratch = Scratch::new("review-as-of");
    let inputs = [
        ("partners", "examples/partners.csv"),
        ("scorecard", "examples/scorecard.json"),
        ("history", "examples/history.csv"),
    ];
    let dir = review(&scratch, "pack", &inputs, &["--review-every-days", "30"]);
    let page = Html::parse_document(&read(&dir.join("partners/P001.html")));
    assert!(read(&dir.join("index.html")).contains("2026-12-31"));
    assert_eq!(text(&page, "#next-review").as_deref(), Some("2027-01-30"));
}

/// Partners whose names and ids hold markup, quotes, path characters and non-ASCII text.
const NASTY_PARTNERS: &str = "id,name,category,revenue,deals_closed\n\
    P<1>,<script>alert('x')</script>,\"A&B \"\"quoted\"\"\",1000,3\n\
    ../etc,Société Générale — Ünïcödé & Co,<b>bold</b>,500,1\n\
    p1,Lower,MSP,10,0\n\
    P1,Upper,MSP,20,0\n\
    a/b c,\"Quote ' and \"\" \",VAR,30,2\n";

#[test]
fn text_is_escaped_and_nothing_is_fetched() {
    let scratch = Scratch::new("review-safety");
    let partners = scratch.file("partners.csv", NASTY_PARTNERS);
    let card = scratch.file(
        "card.json",
        r#"{"name": "<i>Card</i> & co", "benchmark_by": "category", "sections": [{"name": "S<1>", "metrics": [
            {"field": "revenue", "name": "rev<enue>", "points": 50, "rule": {"linear": {"from": 0, "to": 1000}}},
            {"field": "deals_closed", "points": 50, "rule": {"target": 3}}]}],
            "tiers": [{"name": "<Gold>", "min_score": 60}]}"#,
    );
    let out_dir = scratch.0.join("pack");
    let out_text = out_dir.display().to_string();
    let out =
        run_cli(&["review", "--partners", &partners, "--scorecard", &card, "--as-of", AS_OF, "--output", &out_text]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let mut documents = vec![read(&out_dir.join("index.html"))];
    let index = Html::parse_document(&documents[0]);
    let links = partner_links(&index);
    assert_eq!(links.len(), 5);
    let hrefs: BTreeSet<String> = links.iter().map(|(_, h)| h.to_ascii_lowercase()).collect();
    assert_eq!(hrefs.len(), 5, "two partners share a page, ignoring case: {links:?}");
    for (id, href) in &links {
        assert!(href.starts_with("partners/") && !href[9..].contains('/'), "{href}");
        let html = read(&out_dir.join(href));
        let page = Html::parse_document(&html);
        assert_eq!(text(&page, "#partner-id").as_deref(), Some(id.as_str()));
        documents.push(html);
    }
    let names: Vec<String> = links
        .iter()
        .map(|(_, href)| text(&Html::parse_document(&read(&out_dir.join(href))), "#partner-name").unwrap())
        .collect();
    assert!(names.contains(&"<script>alert('x')</script>".to_string()), "{names:?}");
    assert!(names.contains(&"Société Générale — Ünïcödé & Co".to_string()), "{names:?}");
    assert!(names.contains(&"Quote ' and \"".to_string()), "{names:?}");

    for html in &documents {
        let doc = Html::parse_document(html);
        // Markup in the data stays text: no script, no <b> or <i> elements, no event handlers.
        for tag in ["script", "b", "i", "iframe", "img", "link", "object"] {
            assert!(doc.select(&sel(tag)).next().is_none(), "a <{tag}> element was rendered");
        }
        assert!(!html.contains("<script"), "raw <script in the output");
        assert!(!html.to_ascii_lowercase().contains("url("), "url() in the output");
        // Nothing fetched: no src at all; every href relative to the pack.
        assert!(doc.select(&sel("[src]")).next().is_none(), "an element with src");
        for a in doc.select(&sel("[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(!href.contains(':') && !href.starts_with("//"), "remote href {href}");
        }
        // The only absolute URL is SVG's namespace.
        let rest = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!rest.contains("http://") && !rest.contains("https://"), "absolute URL in the output");
    }
    // The tier name and metric name with markup show as text.
    let page = Html::parse_document(&documents[1]);
    assert!(texts(&page, "#metric-table td").iter().any(|t| t.starts_with("rev<enue>")));
    assert!(texts(&index, "#tier-counts td").contains(&"<Gold>".to_string()));
    let tiers: Vec<String> = documents[1..].iter().map(|d| text(&Html::parse_document(d), "#tier").unwrap()).collect();
    assert!(tiers.contains(&"<Gold>".to_string()), "{tiers:?}");
}

#[test]
fn bad_input_names_the_file_and_where() {
    let scratch = Scratch::new("review-errors");
    let history = scratch.file("history.csv", "partner_id,period,revenue\nP001,2026-Q1,lots\n");
    let out_dir = scratch.0.join("pack").display().to_string();
    let (partners, card) = (repo_path("examples/partners.csv"), repo_path("examples/scorecard.json"));
    let out = run_cli(&[
        "review",
        "--partners",
        &partners,
        "--scorecard",
        &card,
        "--history",
        &history,
        "--output",
        &out_dir,
    ]);
    assert_input_error(&out, &["history.csv", "line 2", "revenue"]);

    let commitments = scratch.file(
        "commitments.csv",
        "partner_id,kind,field,target,start,due\nP001,deals,deals_closed,5,2026-01-01,2025-01-01\n",
    );
    let out = run_cli(&[
        "review",
        "--partners",
        &partners,
        "--scorecard",
        &card,
        "--commitments",
        &commitments,
        "--as-of",
        AS_OF,
        "--output",
        &out_dir,
    ]);
    assert_input_error(&out, &["commitments.csv"]);

    let out = run_cli(&[
        "review",
        "--partners",
        &partners,
        "--scorecard",
        &card,
        "--review-every-days",
        "0",
        "--output",
        &out_dir,
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--review-every-days: must be at least 1, found 0"), "{}", out.stderr);

    // A plan that cannot fit the channel is the plan file's error, not the partners'.
    let plan_text =
        read(Path::new(&repo_path("examples/plan.json"))).replace("\"capacity_hours\": 600", "\"capacity_hours\": 1");
    let plan = scratch.file("small-plan.json", plan_text);
    let (history, as_of) = (repo_path("examples/history.csv"), ["--as-of", AS_OF]);
    let with_plan = ["--plan", plan.as_str(), "--history", history.as_str(), "--output", out_dir.as_str()];
    let out = run_cli(&[&["review", "--partners", &partners, "--scorecard", &card][..], &with_plan, &as_of].concat());
    assert_input_error(&out, &["small-plan.json", "capacity_hours"]);

    let window = ["--window-days", "0", "--output", &out_dir];
    let out = run_cli(&[&["review", "--partners", &partners, "--scorecard", &card][..], &window].concat());
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--window-days: must be at least 1, found 0"), "{}", out.stderr);

    let out = run_cli(&[
        "review",
        "--partners",
        &partners,
        "--scorecard",
        &card,
        "--as-of",
        "2026-13-01",
        "--output",
        &out_dir,
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--as-of"), "{}", out.stderr);

    let out = run_cli(&["review", "--partners", &partners, "--scorecard", &card]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--output"), "{}", out.stderr);

    // An output folder that cannot be made (a file is in the way).
    let blocker = scratch.file("blocker", "x");
    let out = run_cli(&["review", "--partners", &partners, "--scorecard", &card, "--output", &blocker]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("blocker"), "{}", out.stderr);
}

#[test]
fn demo_writes_the_sample_pack_and_prints_where() {
    let out = run_cli(&["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out.stdout.lines().find(|l| l.starts_with("Review pack of the sample channel")).expect("pack line");
    let index = line.rsplit("open ").next().unwrap();
    assert!(index.ends_with("index.html"), "{line}");
    let doc = Html::parse_document(&read(Path::new(index)));
    let links = partner_links(&doc);
    assert_eq!(links.len(), 40);
    for (_, href) in links {
        assert!(Path::new(index).with_file_name(href).is_file());
    }
    // A fresh folder each run.
    let again = run_cli(&["demo"]);
    let other = again.stdout.lines().find(|l| l.starts_with("Review pack of the sample channel")).unwrap();
    assert_ne!(other, line);
    for l in [line, other] {
        let index = Path::new(l.rsplit("open ").next().unwrap());
        std::fs::remove_dir_all(index.parent().unwrap()).ok();
    }
}

#[test]
fn health_options_reach_the_pack() {
    // The sample history with its revenue column named `bookings`: with the fields named, the channel
    // page shows what `health` reports with the same options; without, no partner has revenue.
    let scratch = Scratch::new("review-health-options");
    let history = read(Path::new(&repo_path("examples/history.csv")));
    let (header, rows) = history.split_once('\n').unwrap();
    let renamed = format!("{}\n{rows}", header.replace("revenue", "bookings"));
    let history = scratch.file("history.csv", renamed);
    let partners = repo_path("examples/partners.csv");
    let flags = ["--revenue-field", "bookings", "--trajectory-field", "bookings", "--min-deals-per-year", "1"];
    let health = json_of(&[&["health", "--partners", &partners, "--history", &history][..], &flags].concat());
    let out_dir = scratch.0.join("pack").display().to_string();
    let card = repo_path("examples/scorecard.json");
    let args = [&["review", "--partners", &partners, "--scorecard", &card, "--history", &history][..], &flags];
    let out = run_cli(&[&args.concat()[..], &["--output", &out_dir]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let index = Html::parse_document(&read(&Path::new(&out_dir).join("index.html")));
    let rates = texts(&index, "#contribution-table tbody td:last-child");
    assert_eq!(rates, column(&health["contribution_rate"], "rate", |_| true));
    assert!(rates.iter().any(|r| r != "0"), "{rates:?}");
    let non_productive = health["partners"].as_array().unwrap().iter().filter(|p| p["non_productive"] == true).count();
    assert_eq!(index.select(&sel("#non-productive-table tbody tr")).count(), non_productive);

    let bad =
        run_cli(&["review", "--partners", &partners, "--scorecard", &card, "--flat-band", "-1", "--output", &out_dir]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--flat-band"), "{}", bad.stderr);
}
