//! Worked examples of DESIGN §3 through `Plan::solve`: a JSON config, partners CSV and history CSV in,
//! every expected number computed by hand in the comments.

use partnerscore::decimal::{cmp_key, format_money};
use partnerscore::history::History;
use partnerscore::plan::{Method, PartnerPlan};
use partnerscore::{Decimal, ErrorKind, Partners, Plan, PlanReport};
use serde_json::{json, Value as Json};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The base config (trailing over 4 periods, one 0-hour strategy, target 1000) with `patch`'s
/// top-level keys replaced.
fn config(patch: Json) -> String {
    let mut base = json!({
        "name": "worked", "goal": {"target": "1000"}, "periods_per_plan": 4,
        "baseline": {"method": "trailing"}, "capacity_hours": 0,
        "strategies": [{"name": "none", "hours": 0, "capture": "0"}],
        "avg_deal_size": "100", "win_rate": "0.5", "deals_per_rep": 2
    });
    for (k, v) in patch.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base.to_string()
}

fn solve(config: &str, partners: &str, history: &str) -> PlanReport {
    let plan = Plan::from_json(config).unwrap();
    let partners = Partners::from_csv(partners).unwrap();
    let history = History::from_csv(history).unwrap();
    plan.solve(&partners, &history).unwrap()
}

fn partner<'a>(report: &'a PlanReport, id: &str) -> &'a PartnerPlan {
    report.partners.iter().find(|p| p.id == id).unwrap()
}

fn baselines(report: &PlanReport) -> Vec<(String, String)> {
    report.partners.iter().map(|p| (p.id.clone(), format_money(p.baseline))).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn strategies(report: &PlanReport) -> Vec<&str> {
    report.partners.iter().map(|p| p.strategy.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// baselines

const BASELINE_PARTNERS: &str = "id\nA\nB\nC\nD\nE\nF\nG\nH\n";

/// The axis is 2025-Q1 … 2026-Q2 (6 periods); rows in no particular order. Series (from each partner's
/// first row to the axis' end, 0 where no row):
/// A 10, 20, 30, 40, 50, 60 · B 100, 0, 0, 40 · C 70, 0 (stopped selling) · D none ·
/// E 50, −80 · F 25 (one period) · G 60, 45, 30 · H 10, 20, 40. Z is not a plan partner.
const BASELINE_HISTORY: &str = "partner_id,period,revenue
A,2026-Q2,60
B,2026-Q2,40
A,2025-Q1,10
A,2025-Q2,20
Z,2026-Q1,999
A,2025-Q3,30
A,2025-Q4,40
A,2026-Q1,50
B,2025-Q3,100
C,2026-Q1,70
E,2026-Q1,50
E,2026-Q2,-80
F,2026-Q2,25
G,2025-Q4,60
G,2026-Q1,45
G,2026-Q2,30
H,2025-Q4,10
H,2026-Q1,20
H,2026-Q2,40
";

#[test]
fn trailing_sums_the_last_periods_without_scaling_up() {
    let report = solve(&config(json!({})), BASELINE_PARTNERS, BASELINE_HISTORY);
    // A: 30 + 40 + 50 + 60 = 180. B: 100 + 0 + 0 + 40 = 140 (the gap quarters count as 0).
    // C: 70 + 0 = 70 (two points: not scaled up). D: no history, 0. E: 50 − 80 = −30, floored: 0.
    // F: one period, 25. G: 60 + 45 + 30 = 135. H: 10 + 20 + 40 = 70.
    let want = [
        ("A", "180.00"),
        ("B", "140.00"),
        ("C", "70.00"),
        ("D", "0.00"),
        ("E", "0.00"),
        ("F", "25.00"),
        ("G", "135.00"),
        ("H", "70.00"),
    ];
    assert_eq!(baselines(&report), pairs(&want));
    // 180 + 140 + 70 + 0 + 0 + 25 + 135 + 70 = 620; Z's row is left out and counted
    assert_eq!(report.baseline_total, Decimal::from(620));
    assert_eq!(report.history_rows_ignored, 1);
    // one 0-hour strategy: nothing to allocate, expected = baseline; gap 1000 − 620 = 380
    assert_eq!(report.expected_total, Decimal::from(620));
    assert_eq!(report.gap, Decimal::from(380));
    assert_eq!(report.coverage, d("0.62"));
    assert_eq!(report.recruits_needed, None); // no new_partner
}

#[test]
fn run_rate_is_the_window_mean_times_the_periods() {
    let report =
        solve(&config(json!({"baseline": {"method": "run_rate", "window": 3}})), BASELINE_PARTNERS, BASELINE_HISTORY);
    // Window 3, × 4 periods:
    // A: (40 + 50 + 60) / 3 × 4 = 200. B: (0 + 0 + 40) / 3 × 4 = 160/3 = 53.333…
    // C: two points only: (70 + 0) / 2 × 4 = 140. D: 0. E: (50 − 80) / 2 × 4 = −60, floored: 0.
    // F: one point: 25 × 4 = 100. G: (60 + 45 + 30) / 3 × 4 = 180. H: (10 + 20 + 40) / 3 × 4 = 280/3.
    let a = &report.partners;
    assert_eq!(a[0].baseline, Decimal::from(200));
    assert_eq!(a[1].baseline, d("160") / d("3"));
    assert_eq!(format_money(a[1].baseline), "53.33");
    assert_eq!(a[2].baseline, Decimal::from(140));
    assert_eq!(a[3].baseline, Decimal::ZERO);
    assert_eq!(a[4].baseline, Decimal::ZERO);
    assert_eq!(a[5].baseline, Decimal::from(100));
    assert_eq!(a[6].baseline, Decimal::from(180));
    assert_eq!(a[7].baseline, d("280") / d("3"));
    // 200 + 160/3 + 140 + 100 + 180 + 280/3 = 620 + 440/3 = 766.666…: summed exactly, rounded once
    assert_eq!(format_money(report.baseline_total), "766.67");
    assert_eq!(cmp_key(report.baseline_total), cmp_key(d("2300") / d("3")));

    // No window: periods_per_plan (4). A: (30 + 40 + 50 + 60) / 4 × 4 = 180; C: (70 + 0) / 2 × 4 = 140;
    // G: 135 / 3 × 4 = 180; H: 70 / 3 × 4 = 280/3 = 93.33.
    let report = solve(&config(json!({"baseline": {"method": "run_rate"}})), BASELINE_PARTNERS, BASELINE_HISTORY);
    let want = [
        ("A", "180.00"),
        ("B", "140.00"),
        ("C", "140.00"),
        ("D", "0.00"),
        ("E", "0.00"),
        ("F", "100.00"),
        ("G", "180.00"),
        ("H", "93.33"),
    ];
    assert_eq!(baselines(&report), pairs(&want));
}

#[test]
fn trend_projects_the_least_squares_line_and_floors_each_point() {
    let report = solve(&config(json!({"baseline": {"method": "trend"}})), BASELINE_PARTNERS, BASELINE_HISTORY);
    // A: y = 10 + 10t on t = 0…5; t = 6…9: 70 + 80 + 90 + 100 = 340.
    // B: y = 100, 0, 0, 40: t̄ = 1.5, ȳ = 35, Σ(t − t̄)(y − ȳ) = −1.5·65 − 0.5·(−35) + 0.5·(−35) + 1.5·5
    //    = −90, Σ(t − t̄)² = 5: slope −18, intercept 35 + 18·1.5 = 62. t = 4: −10, then lower: all
    //    floored, 0.
    // C: 70, 0: 70 − 70t, t = 2…5 all negative: 0. D: 0. E: 50, −80: 50 − 130t: 0.
    // F: one point: a flat line at 25: 4 × 25 = 100.
    // G: 60, 45, 30: 60 − 15t; t = 3…6: 15, 0, −15 → 0, −30 → 0: 15 (floored as a sum it would be
    //    15 + 0 − 15 − 30 = −30 → 0: the floor is per point).
    // H: 10, 20, 40: t̄ = 1, ȳ = 70/3, Σ(t − 1)·y = −10 + 40 = 30, Σ(t − 1)² = 2: slope 15, intercept
    //    70/3 − 15 = 25/3; t = 3…6: 4 · 25/3 + 15·(3 + 4 + 5 + 6) = 100/3 + 270 = 910/3 = 303.33.
    let want = [
        ("A", "340.00"),
        ("B", "0.00"),
        ("C", "0.00"),
        ("D", "0.00"),
        ("E", "0.00"),
        ("F", "100.00"),
        ("G", "15.00"),
        ("H", "303.33"),
    ];
    assert_eq!(baselines(&report), pairs(&want));
    assert_eq!(cmp_key(report.partners[7].baseline), cmp_key(d("910") / d("3")));
    // 340 + 100 + 15 + 910/3 = 455 + 303.33… = 758.33
    assert_eq!(format_money(report.baseline_total), "758.33");
}

#[test]
fn trend_of_a_rising_line_with_periods_two() {
    // 2 periods: A's line continues at t = 6, 7: 70 + 80 = 150; G: t = 3, 4: 15 + 0 = 15.
    let report = solve(
        &config(json!({"baseline": {"method": "trend"}, "periods_per_plan": 2})),
        BASELINE_PARTNERS,
        BASELINE_HISTORY,
    );
    assert_eq!(report.partners[0].baseline, Decimal::from(150));
    assert_eq!(report.partners[5].baseline, Decimal::from(50)); // F: 25 × 2
    assert_eq!(report.partners[6].baseline, Decimal::from(15));
}

// ---------------------------------------------------------------------------------------------
// potential and headroom

#[test]
fn potential_is_the_categorys_third_quartile_or_the_given_value() {
    let cfg = config(json!({
        "capacity_hours": 10,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "none", "hours": 0, "capture": "0"}]
    }));
    let partners = "id,category,potential
A,MSP,
B,MSP,
C,MSP,
D,MSP,
E,VAR,30
F,VAR,1000
G,VAR,
H,,
I,,
J,,
K,SI,
";
    // One period each (trailing: the value itself); G and J have no history (baseline 0).
    let history = "partner_id,period,revenue
A,2026-Q4,100
B,2026-Q4,200
C,2026-Q4,400
D,2026-Q4,800
E,2026-Q4,50
F,2026-Q4,10
H,2026-Q4,60
I,2026-Q4,20
K,2026-Q4,70
";
    let report = solve(&cfg, partners, history);
    let row = |id: &str| {
        let p = partner(&report, id);
        (p.baseline, p.potential, p.headroom)
    };
    let n = |v: i64| Decimal::from(v);
    // MSP baselines 100, 200, 400, 800: QUARTILE.INC(·, 3) at position (4 − 1) × 3/4 = 2.25:
    // 400 + 0.25 × (800 − 400) = 500. A: max(100, 500) = 500, headroom 400; B 300; C 100;
    // D: max(800, 500) = 800, headroom 0.
    assert_eq!(row("A"), (n(100), n(500), n(400)));
    assert_eq!(row("B"), (n(200), n(500), n(300)));
    assert_eq!(row("C"), (n(400), n(500), n(100)));
    assert_eq!(row("D"), (n(800), n(800), n(0)));
    // VAR baselines 50 (E: its given potential does not take it out of the quartile), 10, 0 (G, no
    // history): sorted 0, 10, 50, position 2 × 3/4 = 1.5: 10 + 0.5 × 40 = 30.
    // E: given 30, below its baseline 50: potential 30 as given, headroom max(0, −20) = 0.
    // F: given 1000: headroom 990. G: max(0, 30) = 30, headroom 30.
    assert_eq!(row("E"), (n(50), n(30), n(0)));
    assert_eq!(row("F"), (n(10), n(1000), n(990)));
    assert_eq!(row("G"), (n(0), n(30), n(30)));
    // No category: one category of H 60, I 20, J 0: sorted 0, 20, 60, position 1.5: 20 + 0.5 × 40 = 40.
    // H: max(60, 40) = 60, headroom 0; I: 40, 20; J: 40, 40.
    assert_eq!(row("H"), (n(60), n(60), n(0)));
    assert_eq!(row("I"), (n(20), n(40), n(20)));
    assert_eq!(row("J"), (n(0), n(40), n(40)));
    // SI: one partner, the quartile of one value is that value: 70, headroom 0.
    assert_eq!(row("K"), (n(70), n(70), n(0)));
    // 10 hours: one invest, to the largest headroom (F: 990 × 0.5 = 495).
    assert_eq!(
        strategies(&report),
        ["none", "none", "none", "none", "none", "invest", "none", "none", "none", "none", "none"]
    );
    assert_eq!(report.uplift_total, n(495));
    // baselines 100 + 200 + 400 + 800 + 50 + 10 + 60 + 20 + 70 = 1710; expected 2205; gap 0
    assert_eq!(report.baseline_total, n(1710));
    assert_eq!(report.expected_total, n(2205));
    assert_eq!(report.gap, Decimal::ZERO);
    assert_eq!(report.coverage, d("2.205"));
    assert_eq!(report.recruits_needed, Some(0)); // no gap: 0 even without new_partner
}

// ---------------------------------------------------------------------------------------------
// the tie rules (exact)

const NO_HISTORY: &str = "partner_id,period,revenue\n";

#[test]
fn equal_uplift_takes_the_fewest_hours() {
    // A and B: no history (baseline 0), potential 100: headroom 100 each.
    // invest 10 h → 50, maintain 4 h → 25. Capacity 10: invest one (50, 10 h) or maintain both
    // (25 + 25 = 50, 8 h); invest + maintain needs 14 h. Equal Σ uplift: the fewest hours, 8.
    let cfg = config(json!({
        "capacity_hours": 10,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"},
                       {"name": "maintain", "hours": 4, "capture": "0.25"},
                       {"name": "none", "hours": 0, "capture": "0"}]
    }));
    let report = solve(&cfg, "id,potential\nA,100\nB,100\n", NO_HISTORY);
    assert_eq!(strategies(&report), ["maintain", "maintain"]);
    assert_eq!((report.uplift_total, report.hours_used), (Decimal::from(50), 8));
    assert_eq!(report.method, Method::Exact);
    // by_strategy in config order, with counts, hours and uplift
    let totals: Vec<(&str, usize, u64, Decimal)> =
        report.by_strategy.iter().map(|s| (s.name.as_str(), s.partners, s.hours, s.uplift)).collect();
    assert_eq!(
        totals,
        [("invest", 0, 0, Decimal::ZERO), ("maintain", 2, 8, Decimal::from(50)), ("none", 0, 0, Decimal::ZERO)]
    );
}

#[test]
fn the_lowest_id_byte_wise_gets_the_cheaper_strategy() {
    // Two partners with headroom 100, 10 hours for one invest: P9 or P10 investing both give 50 in
    // 10 h. Byte-wise P10 < P9 ('1' < '9'), so P10 gets the cheaper strategy (none) and P9 invests,
    // whatever the input order.
    let cfg = config(json!({
        "capacity_hours": 10,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "none", "hours": 0, "capture": "0"}]
    }));
    let report = solve(&cfg, "id,potential\nP9,100\nP10,100\n", NO_HISTORY);
    assert_eq!(strategies(&report), ["invest", "none"]);
    let report = solve(&cfg, "id,potential\nP10,100\nP9,100\n", NO_HISTORY);
    assert_eq!(strategies(&report), ["none", "invest"]);
}

#[test]
fn equal_hours_go_to_the_strategy_listed_first() {
    // idle and watch both take 0 hours. A has no headroom (potential 0): every strategy gives 0, so
    // the fewest hours (0) and of those the one listed first: idle. B and C (headroom 100): watch
    // gives 10 at 0 h. 10 hours for one invest (+40 over watch): B invest + C watch = C invest +
    // B watch = 60 in 10 h; B, the lower id, gets the cheaper strategy (watch: 0 h), C invests.
    let cfg = config(json!({
        "capacity_hours": 10,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"},
                       {"name": "idle", "hours": 0, "capture": "0"},
                       {"name": "watch", "hours": 0, "capture": "0.1"}]
    }));
    let report = solve(&cfg, "id,potential\nA,0\nC,100\nB,100\n", NO_HISTORY);
    assert_eq!(strategies(&report), ["idle", "invest", "watch"]);
    assert_eq!(report.uplift_total, Decimal::from(60));

    // Two identical strategies (5 h, 0.3): the one listed first.
    let cfg = config(json!({
        "capacity_hours": 5,
        "strategies": [{"name": "first", "hours": 5, "capture": "0.3"},
                       {"name": "second", "hours": 5, "capture": "0.3"},
                       {"name": "none", "hours": 0, "capture": "0"}]
    }));
    let report = solve(&cfg, "id,potential\nA,100\n", NO_HISTORY);
    assert_eq!(strategies(&report), ["first"]);
}

// ---------------------------------------------------------------------------------------------
// recruits

fn recruits(new_partner: Json, plan_days: Json, baseline: Option<i64>) -> (Option<u64>, Decimal) {
    let cfg = config(json!({"new_partner": new_partner, "plan_days": plan_days}));
    let history = match baseline {
        Some(b) => format!("partner_id,period,revenue\nA,2026-Q1,{b}\n"),
        None => NO_HISTORY.to_string(),
    };
    let report = solve(&cfg, "id\nA\n", &history);
    (report.recruits_needed, report.gap)
}

#[test]
fn recruits_close_the_gap_at_the_ramped_revenue() {
    let np = json!({"annual_revenue": "1200", "time_to_revenue_days": 120});
    // ramp = (360 − 120) / 360 = 2/3: a recruit brings 1200 × 2/3 = 800.
    // No history: gap 1000, 1000 / 800 = 1.25 → 2.
    assert_eq!(recruits(np.clone(), json!(360), None), (Some(2), Decimal::from(1000)));
    // baseline 200: gap 800 = exactly one recruit → 1.
    assert_eq!(recruits(np.clone(), json!(360), Some(200)), (Some(1), Decimal::from(800)));
    // baseline 1000: gap 0 → 0; baseline 1500: the gap is max(0, −500) = 0 → 0.
    assert_eq!(recruits(np.clone(), json!(360), Some(1000)), (Some(0), Decimal::ZERO));
    assert_eq!(recruits(np, json!(360), Some(1500)), (Some(0), Decimal::ZERO));
    // plan_days defaults to 365: ramp (365 − 0) / 365 = 1, 365 per recruit: 1000 / 365 = 2.74 → 3.
    let np = json!({"annual_revenue": "365", "time_to_revenue_days": 0});
    assert_eq!(recruits(np, Json::Null, None).0, Some(3));
    // ramp (300 − 200) / 300 = 1/3 (not a finite decimal): 3000 × 1/3 = 1000 per recruit, gap 1000:
    // exactly 1 (a ramp rounded to 0.3333… first would give 999.99… and ceil 2).
    let np = json!({"annual_revenue": "3000", "time_to_revenue_days": 200});
    assert_eq!(recruits(np, json!(300), None).0, Some(1));
}

#[test]
fn recruits_are_null_when_recruiting_cannot_close_the_gap() {
    // time to revenue = the plan's length: ramp 0; longer: ramp max(0, negative) = 0 → null.
    let np = |days: u64| json!({"annual_revenue": "1200", "time_to_revenue_days": days});
    assert_eq!(recruits(np(360), json!(360), None), (None, Decimal::from(1000)));
    assert_eq!(recruits(np(400), json!(360), None), (None, Decimal::from(1000)));
    // but no gap: 0
    assert_eq!(recruits(np(400), json!(360), Some(1000)), (Some(0), Decimal::ZERO));
    // no new_partner: null with a gap, 0 without
    assert_eq!(recruits(Json::Null, Json::Null, None), (None, Decimal::from(1000)));
    assert_eq!(recruits(Json::Null, Json::Null, Some(1200)), (Some(0), Decimal::ZERO));
}

// ---------------------------------------------------------------------------------------------
// deals, pipeline, reps

const DEALS_PARTNERS: &str = "id,potential,sales_reps\nA,1500,1\nB,,4\nC,0,\n";
const DEALS_HISTORY: &str = "partner_id,period,revenue\nA,2026-Q1,1000\nB,2026-Q1,600\n";

fn deals_config(win_rate: &str) -> String {
    config(json!({
        "capacity_hours": 10,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "none", "hours": 0, "capture": "0"}],
        "avg_deal_size": "300", "win_rate": win_rate, "deals_per_rep": 2
    }))
}

#[test]
fn deals_pipeline_and_reps_per_partner() {
    let report = solve(&deals_config("0.25"), DEALS_PARTNERS, DEALS_HISTORY);
    // Baselines A 1000, B 600, C 0 (no history). No categories: one category 0, 600, 1000, QUARTILE.INC
    // at 1.5: 600 + 0.5 × 400 = 800. A: potential 1500 (given), headroom 500, invest → 250.
    // B: potential max(600, 800) = 800, headroom 200 (invest would be 100 < 250). C: potential 0 given.
    let a = partner(&report, "A");
    assert_eq!((a.strategy.as_str(), a.uplift, a.expected), ("invest", d("250"), d("1250")));
    // deals ceil(1250 / 300 = 4.17) = 5; pipeline 1250 / 0.25 = 5000; reps ceil(5 / 2 = 2.5) = 3;
    // 1 sales rep: 2 short
    assert_eq!((a.deals_needed, a.pipeline_needed, a.reps_needed, a.reps_short), (5, Some(d("5000")), 3, Some(2)));
    let b = partner(&report, "B");
    assert_eq!((b.potential, b.headroom, b.strategy.as_str(), b.expected), (d("800"), d("200"), "none", d("600")));
    // 600 / 300 = exactly 2 deals; pipeline 2400; reps ceil(2 / 2) = 1; 4 reps: none short
    assert_eq!((b.deals_needed, b.pipeline_needed, b.reps_needed, b.reps_short), (2, Some(d("2400")), 1, Some(0)));
    let c = partner(&report, "C");
    // nothing expected: 0 deals, pipeline 0, 0 reps; no sales_reps field: reps_short null
    assert_eq!(
        (c.expected, c.deals_needed, c.pipeline_needed, c.reps_needed, c.reps_short),
        (d("0"), 0, Some(d("0")), 0, None)
    );
    // totals: baseline 1600, uplift 250, expected 1850; target 1000: gap 0, coverage 1.85
    assert_eq!((report.baseline_total, report.uplift_total, report.expected_total), (d("1600"), d("250"), d("1850")));
    assert_eq!((report.gap, report.coverage, report.hours_used), (d("0"), d("1.85"), 10));
    let json = report.to_json();
    assert!(json.contains(r#""id":"C","baseline":"0.00","potential":"0.00","headroom":"0.00","strategy":"none","hours":0,"uplift":"0.00","expected":"0.00","deals_needed":0,"pipeline_needed":"0.00","reps_needed":0,"reps_short":null"#), "{json}");
    assert!(json.contains(r#""coverage":"1.85","hours_used":10,"method":"exact""#), "{json}");
}

#[test]
fn win_rate_zero_leaves_the_pipeline_null_where_something_is_expected() {
    let report = solve(&deals_config("0"), DEALS_PARTNERS, DEALS_HISTORY);
    // A expects 1250: 1250 / 0 has no value → null; C expects 0: pipeline 0. Deals and reps as before.
    assert_eq!(partner(&report, "A").pipeline_needed, None);
    assert_eq!(partner(&report, "A").deals_needed, 5);
    assert_eq!(partner(&report, "B").pipeline_needed, None);
    assert_eq!(partner(&report, "C").pipeline_needed, Some(Decimal::ZERO));
    assert!(report.to_json().contains(r#""deals_needed":5,"pipeline_needed":null,"reps_needed":3"#));
}

// ---------------------------------------------------------------------------------------------
// exact vs greedy

fn knapsack_config(unit: u64, capacity: u64) -> String {
    config(json!({
        "capacity_hours": capacity,
        "strategies": [{"name": "none", "hours": 0, "capture": "0"},
                       {"name": "small", "hours": 3 * unit, "capture": "0.2"},
                       {"name": "big", "hours": 10 * unit, "capture": "0.8"}]
    }))
}

#[test]
fn greedy_beyond_the_cell_budget_exact_within_it() {
    // A: headroom 100 (small 20, big 80); B: headroom 90 (small 18, big 72).
    // In millions of hours: small 3, big 10, capacity 13. C = min(13M, 2 × 10M) = 13M:
    // 2 partners × 3 strategies × (13,000,000 + 1) = 78,000,006 cells > 50,000,000 → greedy.
    // Hull of (0, 0), (3M, 0.2), (10M, 0.8): small lies below the chord (0.24 at 3M) → one step
    // none → big. Rates: A 80 / 10M, B 72 / 10M. A takes big (3M left); B's 10M does not fit: B stays
    // at none. Σ 80 in 10M hours — though A big + B small (98) would fit.
    let m = 1_000_000;
    let report = solve(&knapsack_config(m, 13 * m), "id,potential\nA,100\nB,90\n", NO_HISTORY);
    assert_eq!(report.method, Method::Greedy);
    assert_eq!(strategies(&report), ["big", "none"]);
    assert_eq!((report.uplift_total, report.hours_used), (Decimal::from(80), 10 * m));
    // LP bound: A's step whole (80), then 3M of B's 10M step: 72 × 3/10 = 21.6 → 101.6
    assert_eq!(report.upper_bound, d("101.6"));
    assert!(report.to_json().contains(r#""method":"greedy","upper_bound":"101.60""#));

    // The same in thousands of hours: 2 × 3 × 13,001 cells → exact: A big + B small = 80 + 18 = 98
    // in 13,000 h (A small + B big = 92). Same LP bound.
    let k = 1_000;
    let report = solve(&knapsack_config(k, 13 * k), "id,potential\nA,100\nB,90\n", NO_HISTORY);
    assert_eq!(report.method, Method::Exact);
    assert_eq!(strategies(&report), ["big", "small"]);
    assert_eq!((report.uplift_total, report.hours_used), (Decimal::from(98), 13 * k));
    assert_eq!(report.upper_bound, d("101.6"));
}

#[test]
fn greedy_ties_go_to_the_lower_id_and_collinear_steps_stay_separate() {
    // Equal rates: P9 and P10 (headroom 100 each), one 20M-hour step each, 20M hours:
    // 2 × 2 × (20,000,000 + 1) > 50,000,000 → greedy; the tie goes by id: P10 (byte-wise lower)
    // steps first and takes the hours. (Greedy gives the lower id the step; exact gives it the
    // cheaper strategy — both as DESIGN words them.)
    let m = 1_000_000;
    let cfg = config(json!({
        "capacity_hours": 20 * m,
        "strategies": [{"name": "none", "hours": 0, "capture": "0"}, {"name": "big", "hours": 20 * m, "capture": "0.8"}]
    }));
    let report = solve(&cfg, "id,potential\nP9,100\nP10,100\n", NO_HISTORY);
    assert_eq!(report.method, Method::Greedy);
    assert_eq!(strategies(&report), ["none", "big"]);

    // Collinear strategies (0, 0), (5M, 0.25), (10M, 0.5): two steps at the same rate. A (headroom
    // 100), B (80), C (60); 7M hours; 3 × 3 × (7,000,001) cells > 50M → greedy. A's first step (25,
    // 5M) fits, its second (5M more) does not: A stops at half; B's and C's 5M steps do not fit.
    let cfg = config(json!({
        "capacity_hours": 7 * m,
        "strategies": [{"name": "none", "hours": 0, "capture": "0"},
                       {"name": "half", "hours": 5 * m, "capture": "0.25"},
                       {"name": "full", "hours": 10 * m, "capture": "0.5"}]
    }));
    let report = solve(&cfg, "id,potential\nA,100\nB,80\nC,60\n", NO_HISTORY);
    assert_eq!(report.method, Method::Greedy);
    assert_eq!(strategies(&report), ["half", "none", "none"]);
    assert_eq!(report.uplift_total, Decimal::from(25));
    // LP: A's rate 25 / 5M on 7M hours: 35
    assert_eq!(report.upper_bound, Decimal::from(35));
}

#[test]
fn infeasible_capacity_is_an_input_error_naming_the_hours() {
    // cheapest strategy 4 h × 3 partners = 12 h > 11
    let cfg = config(json!({
        "capacity_hours": 11,
        "strategies": [{"name": "invest", "hours": 10, "capture": "0.5"}, {"name": "maintain", "hours": 4, "capture": "0.3"}]
    }));
    let plan = Plan::from_json(&cfg).unwrap();
    let partners = Partners::from_csv("id\nA\nB\nC\n").unwrap();
    let err = plan.solve(&partners, &History::from_csv(NO_HISTORY).unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Input);
    assert_eq!(
        err.to_string(),
        "capacity_hours: the 3 partners need at least 12 hours (4 each at the cheapest strategy), capacity_hours is 11"
    );
}
