//! Hand-computed health reviews (DESIGN §4) through the public API.

use partnerscore::health::{health, Direction, HealthOptions, Recommendation};
use partnerscore::history::History;
use partnerscore::{Date, Decimal, Partners, Profile};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn at(date: &str) -> HealthOptions {
    HealthOptions { as_of: Date::parse(date), ..HealthOptions::default() }
}

#[test]
fn contribution_rate_counts_partners_signing_and_terminating_on_period_edges() {
    // Q1 2026 = Jan 1 … Mar 31. A signs on the last day of Q1 (active in Q1); B is terminated on the
    // first day of Q2 (still active in Q2); C signs on the first day of Q2 (not active in Q1); D is
    // terminated the day before Q2 starts (not active in Q2).
    let partners = Partners::from_csv(
        "id,signed_on,terminated_on\nA,2026-03-31,\nB,2025-01-01,2026-04-01\nC,2026-04-01,\nD,2025-01-01,2026-03-31\n",
    )
    .unwrap();
    let history = History::from_csv(
        "partner_id,period,revenue\nA,2026-Q1,10\nB,2026-Q1,0\nD,2026-Q1,5\nB,2026-Q2,7\nC,2026-Q2,1\nD,2026-Q2,3\n",
    )
    .unwrap();
    let report = health(&partners, &history, None, &HealthOptions::default()).unwrap();
    let q: Vec<_> = report.contribution_rate.iter().map(|p| (p.period.as_str(), p.active, p.contributing)).collect();
    // Q1: A, B, D active (C not yet); A and D sold (B's 0 is not above min_revenue 0): 2/3.
    // Q2: A, B, C active (D gone); B and C sold, A has no row: 2/3. D's Q2 row does not count.
    assert_eq!(q, [("2026-Q1", 3, 2), ("2026-Q2", 3, 2)]);
    assert_eq!(report.contribution_rate[0].rate.unwrap().round_dp(4), d("0.6667"));
    assert_eq!(report.as_of, Date::parse("2026-06-30").unwrap());
}

#[test]
fn time_to_revenue_counts_an_event_on_day_90_within_90_days() {
    // Signed 2026-01-01: A produced on day 90 (2026-04-01), B on day 200; C waits (as_of 2026-12-31: 364
    // days); D was terminated on day 50 without revenue (censored at 50, not waiting).
    let partners = Partners::from_csv(
        "id,signed_on,first_revenue_on,terminated_on\nA,2026-01-01,2026-04-01,\nB,2026-01-01,2026-07-20,\n\
         C,2026-01-01,,\nD,2026-01-01,,2026-02-20\nE,2027-01-05,,\n",
    )
    .unwrap();
    let report = health(&partners, &History::default(), None, &at("2026-12-31")).unwrap();
    let t = &report.time_to_revenue;
    // Observations: 50 (censored), 90 (event), 200 (event), 364 (censored); E signs after as_of.
    // At 90: 3 at risk, 1 event → S = 2/3; at 200: 2 at risk → S = 2/3 × 1/2 = 1/3: the median is 200.
    assert_eq!((t.producers, t.waiting, t.censored), (2, 1, 2));
    assert_eq!(t.median_days, Some(200));
    assert_eq!(t.within_90.unwrap().round_dp(4), d("0.3333"));
    assert_eq!(t.within_180.unwrap().round_dp(4), d("0.3333"));
    assert_eq!(t.curve.iter().map(|(days, _)| *days).collect::<Vec<_>>(), [90, 200]);
}

#[test]
fn without_history_and_without_as_of_as_of_is_needed() {
    let partners = Partners::from_csv("id\nA\n").unwrap();
    let err = health(&partners, &History::default(), None, &HealthOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("as_of: --as-of is needed"), "{err}");
}

#[test]
fn first_revenue_before_signing_is_an_input_error() {
    let partners = Partners::from_csv("id,signed_on,first_revenue_on\nA,2026-02-01,2026-01-15\n").unwrap();
    let err = health(&partners, &History::default(), None, &at("2026-06-30")).unwrap_err();
    assert!(err.to_string().starts_with("line 2, column 3 (partner A, field first_revenue_on)"), "{err}");
}

#[test]
fn deals_in_the_last_12_months_and_non_productive_partners() {
    // as_of 2026-12-31: the window is periods ending after 2025-12-31 and not after 2026-12-31.
    // A: 2025-12 (ends on the window's first excluded day) 5 deals, 2026-01 1, 2026-12 1 → 2 deals.
    // B: 4 deals in 2026-06 → productive. C: signed 2026-03-01 (less than 365 days): never judged.
    // D: terminated before as_of: not judged. E: no signed_on: never judged.
    let partners = Partners::from_csv(
        "id,signed_on,terminated_on\nA,2024-01-01,\nB,2024-01-01,\nC,2026-03-01,\nD,2024-01-01,2026-11-30\nE,,\n",
    )
    .unwrap();
    let history = History::from_csv(
        "partner_id,period,deals_closed\nA,2025-12,5\nA,2026-01,1\nA,2026-12,1\nB,2026-06,4\nC,2026-06,0\nD,2026-06,0\nE,2026-06,0\n",
    )
    .unwrap();
    let profile = Profile::from_json(
        r#"{"name": "p", "criteria": [{"field": "tier_ok", "equals": true, "area": "management", "required": true}]}"#,
    )
    .unwrap();
    let report = health(&partners, &history, None, &at("2026-12-31")).unwrap();
    let np: Vec<_> =
        report.partners.iter().map(|p| (p.deals_last_12_months, p.non_productive, p.recommendation)).collect();
    assert_eq!(np[0], (d("2"), true, Some(Recommendation::KeepWithoutInvestment)));
    assert_eq!(np[1], (d("4"), false, None));
    assert!(!np[2].1 && !np[3].1 && !np[4].1);
    // With a profile, a poor_fit non-productive partner is recommended for termination (A lacks tier_ok).
    let with_profile = health(&partners, &history, Some(&profile), &at("2026-12-31")).unwrap();
    assert_eq!(with_profile.partners[0].recommendation, Some(Recommendation::Terminate));
    let counts = with_profile.counts();
    assert_eq!((counts.non_productive, counts.terminate, counts.keep_without_investment), (1, 1, 0));
    assert_eq!(with_profile.partners[1].verdict.map(|v| v.as_str()), Some("poor_fit"));
    // A period that ends exactly 365 days before as_of (2025-12-31) is outside; one ending on as_of inside.
    let edge = health(&partners, &history, None, &at("2026-12-30")).unwrap();
    // as_of 2026-12-30: the window is periods ending after 2025-12-30 and not after 2026-12-30, so
    // 2025-12 (ends 2025-12-31) comes in and 2026-12 (ends after as_of) drops out: 5 + 1 = 6 deals.
    assert_eq!(edge.partners[0].deals_last_12_months, d("6"));
}

#[test]
fn trajectories_improving_declining_flat() {
    let partners = Partners::from_csv("id\nUp\nStopped\nFlat\nOne\nNone\n").unwrap();
    let history = History::from_csv(
        "partner_id,period,revenue\nUp,2026-Q1,100\nUp,2026-Q2,120\nUp,2026-Q3,140\nUp,2026-Q4,160\n\
         Stopped,2026-Q1,100\nStopped,2026-Q2,100\nFlat,2026-Q1,100\nFlat,2026-Q2,101\nFlat,2026-Q3,100\n\
         Flat,2026-Q4,101\nOne,2026-Q4,50\n",
    )
    .unwrap();
    let report = health(&partners, &history, None, &HealthOptions::default()).unwrap();
    let t: Vec<_> = report.partners.iter().map(|p| &p.trajectory).collect();
    // Up: slope 20, mean 130, relative change (160 − 100) / 100 = 0.6.
    assert_eq!((t[0].slope, t[0].mean, t[0].relative_change), (Some(d("20")), Some(d("130")), Some(d("0.6"))));
    assert_eq!(t[0].direction, Direction::Improving);
    // Stopped: 100, 100, 0, 0 (it stopped selling two quarters ago): slope −40, declining, change −1.
    assert_eq!(t[1].values, [d("100"), d("100"), d("0"), d("0")]);
    assert_eq!(
        (t[1].slope, t[1].direction, t[1].relative_change),
        (Some(d("-40")), Direction::Declining, Some(d("-1")))
    );
    // Flat: slope 0.2 ≤ 0.02 × 100.5 = 2.01.
    assert_eq!((t[2].slope, t[2].direction), (Some(d("0.2")), Direction::Flat));
    // One point: flat, slope and relative change null; no rows: no points, mean null.
    assert_eq!((t[3].values.len(), t[3].slope, t[3].relative_change, t[3].direction), (1, None, None, Direction::Flat));
    assert_eq!((t[4].values.len(), t[4].mean), (0, None));
    let counts = report.counts();
    assert_eq!((counts.improving, counts.declining, counts.flat), (1, 1, 3));
    let json = report.to_json();
    assert!(json.contains(r#""points":[{"period":"2026-Q1","value":"100"},{"period":"2026-Q2","value":"100"},{"period":"2026-Q3","value":"0"}"#), "{json}");
}
