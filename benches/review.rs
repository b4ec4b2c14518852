//! Review pack rendering: the sample channel copied to 1,000 partners (every section present: scorecard,
//! profile, plan, health, deal registrations, commitments and milestones), results already computed
//! (`render`: the HTML and SVG of 1,001 pages) and end to end (`review + render + write`: the core's
//! capabilities, the pages, and writing them to a temporary folder).
//!
//! Run: `cargo bench -p partnerscore-benches --bench review`

use criterion::{criterion_group, criterion_main, Criterion};
use partnerscore::dealreg::Registrations;
use partnerscore::history::History;
use partnerscore::tracking::{Commitments, Milestones};
use partnerscore::{Date, Partners, Plan, Profile, Scorecard};
use partnerscore_review::{review, ReviewInputs, ReviewOptions};

const SCORECARD: &str = include_str!("../examples/scorecard.json");
const PROFILE: &str = include_str!("../examples/profile.json");
const PLAN: &str = include_str!("../examples/plan.json");

fn bench(c: &mut Criterion) {
    let [partners, history, registrations, commitments, milestones] = partnerscore_benches::sample_channel_csvs(25);
    let partners = Partners::from_csv(&partners).unwrap();
    assert_eq!(partners.len(), 1000);
    let history = History::from_csv(&history).unwrap();
    let registrations = Registrations::from_csv(&registrations).unwrap();
    let commitments = Commitments::from_csv(&commitments).unwrap();
    let milestones = Milestones::from_csv(&milestones).unwrap();
    // The plan's manager hours grow with the channel (600 for the 40 sample partners).
    let plan = PLAN.replace("\"capacity_hours\": 600", "\"capacity_hours\": 15000");
    let (card, profile, plan) = (
        Scorecard::from_json(SCORECARD).unwrap(),
        Profile::from_json(PROFILE).unwrap(),
        Plan::from_json(&plan).unwrap(),
    );
    let inputs = ReviewInputs {
        partners: &partners,
        scorecard: &card,
        profile: Some(&profile),
        plan: Some(&plan),
        history: Some(&history),
        registrations: Some(&registrations),
        commitments: Some(&commitments),
        milestones: Some(&milestones),
    };
    let options = ReviewOptions { as_of: Date::parse("2026-09-30"), ..ReviewOptions::default() };
    let dir = std::env::temp_dir().join(format!("partnerscore-bench-review-{}", std::process::id()));

    let mut group = c.benchmark_group("review_pack_1000_partners");
    group.sample_size(10);
    let computed = review(&inputs, &options).unwrap();
    group.bench_function("render", |b| b.iter(|| computed.render().unwrap()));
    group.bench_function("review + render + write", |b| {
        b.iter(|| review(&inputs, &options).unwrap().render().unwrap().write(&dir).unwrap())
    });
    group.finish();
    std::fs::remove_dir_all(&dir).ok();
}

criterion_group!(benches, bench);
criterion_main!(benches);
