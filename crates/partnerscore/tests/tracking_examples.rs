//! Hand-computed execution-plan tracking (DESIGN §6) through the public API.

use partnerscore::tracking::{
    track, CommitmentKind, CommitmentStatus, Commitments, MilestoneState, MilestoneStatus, Milestones, Status,
    TrackCounts, TrackReport,
};
use partnerscore::{Area, Date, Decimal, ErrorKind, Value};

const HEADER: &str = "partner_id,kind,field,target,start,due,actual\n";
const M_HEADER: &str = "partner_id,area,name,due,done_on\n";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn commitments(rows: &str) -> Commitments {
    Commitments::from_csv(&format!("{HEADER}{rows}")).unwrap()
}

fn milestones(rows: &str) -> Milestones {
    Milestones::from_csv(&format!("{M_HEADER}{rows}")).unwrap()
}

fn run(rows: &str, m_rows: &str, as_of: &str) -> TrackReport {
    track(&commitments(rows), &milestones(m_rows), day(as_of)).unwrap()
}

/// The one commitment of `row` at `as_of`.
fn one(row: &str, as_of: &str) -> CommitmentStatus {
    let report = run(&format!("{row}\n"), "", as_of);
    assert_eq!(report.commitments.len(), 1);
    report.commitments[0].clone()
}

// 12 deals from 2026-01-01 to 2026-06-30: 31 + 28 + 31 + 30 + 31 + 29 = 180 days.
const DEALS: &str = "K1,deals,deals_closed,12,2026-01-01,2026-06-30";

#[test]
fn expected_to_date_before_at_start_middle_due_and_after() {
    let expected = |as_of: &str| one(&format!("{DEALS},0"), as_of).expected_to_date;
    // Before the start: (as_of − start) < 0 is clamped to 0.
    assert_eq!(expected("2025-12-15"), d("0"));
    // At the start: 0 of 180 days.
    assert_eq!(expected("2026-01-01"), d("0"));
    // 2026-04-01 is 31 + 28 + 31 = 90 days in: 12 × 90 / 180 = 6.
    assert_eq!(expected("2026-04-01"), d("6"));
    // 2026-03-31 is 89 days in: 12 × 89 / 180 = 5.9333…
    assert_eq!(expected("2026-03-31").round_dp(4), d("5.9333"));
    // One day in: 12 / 180 = 0.0666…
    assert_eq!(expected("2026-01-02").round_dp(6), d("0.066667"));
    // At the due date and after it: the whole target.
    assert_eq!(expected("2026-06-30"), d("12"));
    assert_eq!(expected("2026-07-10"), d("12"));
    assert_eq!(expected("2030-01-01"), d("12"));
}

#[test]
fn status_edges_at_expected_and_three_quarters_of_it() {
    // At 2026-04-01 expected = 6, and 0.75 × 6 = 4.5.
    let at = |actual: &str| {
        let c = one(&format!("{DEALS},{actual}"), "2026-04-01");
        (c.status, c.shortfall)
    };
    assert_eq!(at("6"), (Status::OnTrack, d("0")));
    assert_eq!(at("7"), (Status::OnTrack, d("0")));
    // 6 − 5.9999 = 0.0001 short: at risk.
    assert_eq!(at("5.9999"), (Status::AtRisk, d("0.0001")));
    // Exactly 0.75 × expected is still at risk: 6 − 4.5 = 1.5.
    assert_eq!(at("4.5"), (Status::AtRisk, d("1.5")));
    // Just below it is behind: 6 − 4.4999 = 1.5001.
    assert_eq!(at("4.4999"), (Status::Behind, d("1.5001")));
    assert_eq!(at("0"), (Status::Behind, d("6")));
    // actual = target is done, above it too.
    assert_eq!(at("12"), (Status::Done, d("0")));
    assert_eq!(at("13"), (Status::Done, d("0")));
}

#[test]
fn status_compares_values_rounded_to_20_places() {
    // At 2026-03-31 expected = 12 × 89 / 180 = 5.9333… (28 places). Rounded to 20 places it is
    // 5.93333333333333333333, so an actual of exactly that is on track; one 3 fewer is at risk.
    let c = one(&format!("{DEALS},5.93333333333333333333"), "2026-03-31");
    assert_eq!(c.status, Status::OnTrack);
    assert_eq!(c.shortfall, d("0"));
    let c = one(&format!("{DEALS},5.9333333333333333333"), "2026-03-31");
    assert_eq!(c.status, Status::AtRisk);
    // Target 3, 3 days of 9 elapsed: expected 3 × 3 / 9 = 1 exactly; 0.75 × 1 = 0.75.
    let c = one("K1,resources,sales_reps,3,2026-01-01,2026-01-10,0.75", "2026-01-04");
    assert_eq!((c.expected_to_date, c.status, c.shortfall), (d("1"), Status::AtRisk, d("0.25")));
}

#[test]
fn overdue_starts_the_day_after_due() {
    // as_of = due: not overdue. Expected is the whole target 12; 0.75 × 12 = 9 > 5: behind, 12 − 5 = 7 short.
    let c = one(&format!("{DEALS},5"), "2026-06-30");
    assert_eq!((c.status, c.shortfall), (Status::Behind, d("7")));
    // due + 1: overdue, shortfall = target − actual = 12 − 5 = 7.
    let c = one(&format!("{DEALS},5"), "2026-07-01");
    assert_eq!((c.status, c.shortfall), (Status::Overdue, d("7")));
    // Overdue wins over on track: at due + 1, 11.5 ≥ 0.75 × 12 would be at risk, but it is overdue by 0.5.
    let c = one(&format!("{DEALS},11.5"), "2026-07-01");
    assert_eq!((c.status, c.shortfall), (Status::Overdue, d("0.5")));
    // Done wins over overdue: actual = target after due.
    let c = one(&format!("{DEALS},12"), "2026-09-01");
    assert_eq!((c.status, c.shortfall), (Status::Done, d("0")));
    // Absent actual is 0: overdue by the whole target.
    let c = one(&format!("{DEALS},"), "2026-07-01");
    assert_eq!((c.actual, c.status, c.shortfall), (d("0"), Status::Overdue, d("12")));
}

#[test]
fn milestone_status_done_overdue_on_track() {
    let report = run(
        "",
        "K1,management,done on as_of,2026-04-30,2026-03-31\n\
         K1,management,done tomorrow,2026-04-30,2026-04-01\n\
         K1,management,done tomorrow but due yesterday,2026-03-30,2026-04-01\n\
         K1,management,due today,2026-03-31,\n\
         K1,management,due yesterday,2026-03-30,\n\
         K1,management,done late,2026-01-31,2026-02-15\n",
        "2026-03-31",
    );
    let states: Vec<MilestoneState> = report.milestones.iter().map(|m| m.status).collect();
    assert_eq!(
        states,
        [
            MilestoneState::Done,
            MilestoneState::OnTrack,
            MilestoneState::Overdue,
            MilestoneState::OnTrack,
            MilestoneState::Overdue,
            MilestoneState::Done,
        ]
    );
    // done_on is reported as given, even when after as_of.
    assert_eq!(report.milestones[1].done_on, Some(day("2026-04-01")));
    assert_eq!(report.milestones[3].done_on, None);
    assert!(report.milestones.iter().all(|m| !m.out_of_order));
}

#[test]
fn out_of_order_milestones() {
    let report = run(
        "",
        // A: management done 2026-03-01.
        "A,management,Plan agreed,2026-03-01,2026-03-01\n\
         A,operational,Ordering set up,2026-04-01,2026-03-01\n\
         A,product,Demo done,2026-04-01,2026-02-28\n\
         A,sales_marketing,Campaign,2026-04-01,2026-03-02\n\
         B,operational,Ordering set up,2026-04-01,2026-01-10\n\
         B,management,Plan agreed,2026-03-01,\n\
         B,product,Demo,2026-04-01,\n\
         C,management,Plan agreed,2026-03-01,2026-07-15\n\
         C,operational,Ordering set up,2026-04-01,2026-05-01\n\
         D,operational,Ordering set up,2026-04-01,2026-01-01\n\
         E,operational,Ordering set up,2026-04-01,2026-01-01\n\
         F,management,Plan agreed,2026-02-01,2026-02-01\n\
         F,operational,Ordering set up,2026-04-01,2026-03-01\n\
         F,management,Investment signed,2026-04-01,2026-04-01\n\
         G,management,Plan agreed,2026-02-01,2026-02-01\n\
         G,management,Investment signed,2026-04-01,2026-04-01\n",
        "2026-06-30",
    );
    let flags: Vec<(&str, &str, bool)> =
        report.milestones.iter().map(|m| (m.partner_id.as_str(), m.area.as_str(), m.out_of_order)).collect();
    assert_eq!(
        flags,
        [
            // Management milestones are never out of order.
            ("A", "management", false),
            // Done the same day as management: in order.
            ("A", "operational", false),
            // Done the day before management was: out of order.
            ("A", "product", true),
            // Done the day after: in order.
            ("A", "sales_marketing", false),
            // B's management is not done at all: a done milestone is out of order, even listed before it.
            ("B", "operational", true),
            ("B", "management", false),
            // Not done: never out of order.
            ("B", "product", false),
            // C's management is done only after as_of, so not done at as_of.
            ("C", "management", false),
            ("C", "operational", true),
            // D has no management milestone: in order.
            ("D", "operational", false),
            // E neither; the management milestones of A, B, C, F do not count for E.
            ("E", "operational", false),
            // F's second management milestone was done after its operational one.
            ("F", "management", false),
            ("F", "operational", true),
            ("F", "management", false),
            ("G", "management", false),
            ("G", "management", false),
        ]
    );
}

/// Ten commitments of K1 at 2026-04-01; the window 2026-01-01 → 2026-06-30 is 90 of 180 days in.
const K1_PLAN: &str = "\
K1,deals,deals_2025,100,2025-01-01,2025-12-31,90
K1,training,trained_reps,20,2026-01-01,2026-06-30,7.6
K1,resources,sales_reps,4,2026-01-01,2026-06-30,1.5
K1,marketing,campaigns,8,2026-01-01,2026-06-30,2
K1,other,joint_plans,2,2026-01-01,2026-06-30,0.5
K1,pipeline,pipeline_k,100,2026-01-01,2026-06-30,30
K1,deals,deals_closed,12,2026-01-01,2026-06-30,2
K1,training,certifications,10,2026-01-01,2026-03-01,4
K1,pipeline,pipeline_m,100,2026-01-01,2026-06-30,70
K1,resources,sales_engineers,2,2026-01-01,2026-06-30,2
";

#[test]
fn impediments_worst_first_then_ratio_then_input_order() {
    let report = run(K1_PLAN, "", "2026-04-01");
    let statuses: Vec<(Status, Decimal)> = report.commitments.iter().map(|c| (c.status, c.shortfall)).collect();
    assert_eq!(
        statuses,
        [
            // [0] due 2025-12-31: overdue, 100 − 90 = 10 short (ratio 0.1).
            (Status::Overdue, d("10")),
            // [1] expected 10, 0.75 × 10 = 7.5 ≤ 7.6: at risk, 2.4 short (ratio 0.12).
            (Status::AtRisk, d("2.4")),
            // [2] expected 2, 1.5 = 0.75 × 2: at risk, 0.5 short (ratio 0.125).
            (Status::AtRisk, d("0.5")),
            // [3] expected 4, 2 < 3: behind, 2 short (ratio 0.25).
            (Status::Behind, d("2")),
            // [4] expected 1, 0.5 < 0.75: behind, 0.5 short (ratio 0.25, a tie with [3]).
            (Status::Behind, d("0.5")),
            // [5] expected 50, 30 < 37.5: behind, 20 short (ratio 0.2: the largest shortfall, not the worst).
            (Status::Behind, d("20")),
            // [6] expected 6, 2 < 4.5: behind, 4 short (ratio 1/3).
            (Status::Behind, d("4")),
            // [7] due 2026-03-01: overdue, 10 − 4 = 6 short (ratio 0.6).
            (Status::Overdue, d("6")),
            // [8] expected 50 ≤ 70: on track.
            (Status::OnTrack, d("0")),
            // [9] 2 of 2: done.
            (Status::Done, d("0")),
        ]
    );
    let k1 = &report.partners[0];
    assert_eq!((k1.done, k1.on_track, k1.at_risk, k1.behind, k1.overdue), (1, 1, 2, 4, 2));
    let texts: Vec<&str> = k1.impediments.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "training: 6 certifications short of target, due 2026-03-01",
            "deals: 10 deals_2025 short of target, due 2025-12-31",
            "deals: 4 deals_closed short of plan",
            "marketing: 2 campaigns short of plan",
            "other: 0.5 joint_plans short of plan",
            "pipeline: 20 pipeline_k short of plan",
            "resources: 0.5 sales_reps short of plan",
            "training: 2.4 trained_reps short of plan",
        ]
    );
    let first = &k1.impediments[0];
    assert_eq!(
        (first.kind, first.field.as_str(), first.status, first.shortfall),
        (CommitmentKind::Training, "certifications", Status::Overdue, d("6"))
    );
}

#[test]
fn impediment_text_rounds_the_shortfall_to_4_places() {
    // Expected 12 × 89 / 180 = 5.9333…; 0 actual: behind by 5.9333.
    let report = run(&format!("{DEALS},0\n"), "", "2026-03-31");
    assert_eq!(report.partners[0].impediments[0].text, "deals: 5.9333 deals_closed short of plan");
}

#[test]
fn partners_in_order_of_first_appearance_with_counts_over_commitments() {
    let report = run(
        "K2,deals,deals_closed,12,2026-01-01,2026-06-30,12\n\
         K1,deals,deals_closed,12,2026-01-01,2026-06-30,1\n\
         K2,resources,sales_reps,3,2026-01-01,2026-06-30,3\n\
         K2,training,certs,4,2026-01-01,2026-06-30,1\n",
        "K3,management,Plan agreed,2026-02-01,\n\
         K1,product,Demo,2026-02-01,2026-01-15\n\
         K4,product,Demo,2026-05-01,\n",
        "2026-04-01",
    );
    let ids: Vec<&str> = report.partners.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["K2", "K1", "K3", "K4"]);
    let counts: Vec<(usize, usize, usize, usize, usize, usize)> = report
        .partners
        .iter()
        .map(|p| (p.done, p.on_track, p.at_risk, p.behind, p.overdue, p.impediments.len()))
        .collect();
    // K2: two done; certs expected 2, 1 < 1.5: behind. K1: expected 6, 1: behind. K3, K4: milestones only.
    assert_eq!(counts, [(2, 0, 0, 1, 0, 1), (0, 0, 0, 1, 0, 1), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0)]);
    // Every record comes back, in input order.
    let c: Vec<&str> = report.commitments.iter().map(|c| c.partner_id.as_str()).collect();
    assert_eq!(c, ["K2", "K1", "K2", "K2"]);
    let m: Vec<&str> = report.milestones.iter().map(|m| m.partner_id.as_str()).collect();
    assert_eq!(m, ["K3", "K1", "K4"]);
    // The headline: 2 done, 2 behind (both impediments); K3's plan overdue since 02-01, K1's demo done
    // (K1 has no management milestone: in order), K4's demo not due yet.
    let total = report.counts();
    assert_eq!(
        total,
        TrackCounts {
            done: 2,
            on_track: 0,
            at_risk: 0,
            behind: 2,
            overdue: 0,
            impediments: 2,
            milestones_done: 1,
            milestones_overdue: 1,
            out_of_order: 0,
        }
    );
}

#[test]
fn the_json_result_exactly() {
    // 12 deals, 90 of 180 days: expected 6; 4.00005 < 4.5: behind by 1.99995, written "2" (4 places);
    // actual 4.00005 is written 4.0001 (half away from zero).
    let commitments = Commitments::from_json(
        r#"[{"partner_id": "K1", "kind": "deals", "field": "deals_closed", "target": 12,
             "start": "2026-01-01", "due": "2026-06-30", "actual": "4.00005", "owner": "ignored"}]"#,
    )
    .unwrap();
    let milestones = Milestones::from_json(
        r#"[{"partner_id": "K1", "area": "management", "name": "Plan signed", "due": "2026-02-01", "done_on": "2026-01-20"},
            {"partner_id": "K2", "area": "product", "name": "Demo kit", "due": "2026-03-01", "done_on": null}]"#,
    )
    .unwrap();
    let report = track(&commitments, &milestones, day("2026-04-01")).unwrap();
    assert_eq!(
        report.to_json(),
        concat!(
            r#"{"as_of":"2026-04-01","#,
            r#""commitments":[{"partner_id":"K1","kind":"deals","field":"deals_closed","target":"12","#,
            r#""actual":"4.0001","expected_to_date":"6","status":"behind","shortfall":"2"}],"#,
            r#""milestones":[{"partner_id":"K1","area":"management","name":"Plan signed","due":"2026-02-01","#,
            r#""done_on":"2026-01-20","status":"done","out_of_order":false},"#,
            r#"{"partner_id":"K2","area":"product","name":"Demo kit","due":"2026-03-01","done_on":null,"#,
            r#""status":"overdue","out_of_order":false}],"#,
            r#""partners":[{"id":"K1","done":0,"on_track":0,"at_risk":0,"behind":1,"overdue":0,"#,
            r#""impediments":[{"kind":"deals","field":"deals_closed","status":"behind","shortfall":"2","#,
            r#""text":"deals: 2 deals_closed short of plan"}]},"#,
            r#"{"id":"K2","done":0,"on_track":0,"at_risk":0,"behind":0,"overdue":0,"impediments":[]}]}"#,
        )
    );
    // serde gives the same document.
    assert_eq!(serde_json::to_string(&report).unwrap(), report.to_json());
}

#[test]
fn csv_output_one_row_per_commitment() {
    // Row 2: 3 reps, 90 of 180 days: expected 1.5; 1.2 ≥ 0.75 × 1.5 = 1.125: at risk by 0.3. Row 3: due 2026-03-01,
    // overdue by 10 − 2.5 = 7.5. A field with a comma is quoted.
    let report = run(
        "K1,deals,deals_closed,12,2026-01-01,2026-06-30,4.00005\n\
         \"K2, Inc\",resources,\"reps, certified\",3,2026-01-01,2026-06-30,1.2\n\
         K2,training,certs,10,2026-01-01,2026-03-01,2.5\n",
        "",
        "2026-04-01",
    );
    let mut out = Vec::new();
    report.write_csv(&mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "partner_id,kind,field,target,actual,expected_to_date,status,shortfall,due\n\
         K1,deals,deals_closed,12,4.0001,6,behind,2,2026-06-30\n\
         \"K2, Inc\",resources,\"reps, certified\",3,1.2,1.5,at_risk,0.3,2026-06-30\n\
         K2,training,certs,10,2.5,10,overdue,7.5,2026-03-01\n"
    );
    assert_eq!(TrackReport::csv_header().len(), 9);
}

#[test]
fn json_csv_and_columns_load_the_same_records() {
    let csv = Commitments::from_csv(
        "partner_id,kind,field,target,start,due,actual,notes\n\
         K1,Deals,deals_closed,12,2026-01-01,2026-06-30,,x\n\
         K2, training ,certs,4.50,2026-01-01,2026-06-30,1,y\n",
    )
    .unwrap();
    let json = Commitments::from_json(
        r#"[{"partner_id": "K1", "kind": "deals", "field": "deals_closed", "target": "12", "start": "2026-01-01",
             "due": "2026-06-30", "actual": null},
            {"partner_id": "K2", "kind": "training", "field": "certs", "target": 4.50, "start": "2026-01-01",
             "due": "2026-06-30", "actual": 1}]"#,
    )
    .unwrap();
    let text = |s: &str| Some(Value::Text(s.into()));
    let columns = Commitments::from_columns(&[
        ("partner_id".to_string(), vec![text("K1"), text("K2")]),
        ("kind".to_string(), vec![text("deals"), text("training")]),
        ("field".to_string(), vec![text("deals_closed"), text("certs")]),
        ("target".to_string(), vec![Some(Value::Number(d("12"))), Some(Value::Number(d("4.50")))]),
        ("start".to_string(), vec![text("2026-01-01"), text("2026-01-01")]),
        ("due".to_string(), vec![text("2026-06-30"), text("2026-06-30")]),
        ("actual".to_string(), vec![None, Some(Value::Number(d("1")))]),
        ("region".to_string(), vec![text("EMEA"), text("APAC")]),
    ])
    .unwrap();
    assert_eq!(csv, json);
    assert_eq!(csv, columns);
    assert_eq!(csv.len(), 2);
    assert!(!csv.is_empty());
    let first = &csv.records()[0];
    assert_eq!((first.kind, first.actual, first.target), (CommitmentKind::Deals, d("0"), d("12")));
    assert_eq!(csv.records()[1].kind, CommitmentKind::Training);
    // from_text picks the format by name, else by content.
    let as_json = r#"[{"partner_id":"K1","kind":"deals","field":"deals_closed","target":12,"start":"2026-01-01","due":"2026-06-30"}]"#;
    assert_eq!(Commitments::from_text(as_json, "plan.json").unwrap().records()[0], *first);
    assert_eq!(Commitments::from_text(as_json, "plan").unwrap().records()[0], *first);
    let as_csv = format!("{HEADER}K1,deals,deals_closed,12,2026-01-01,2026-06-30,\n");
    assert_eq!(Commitments::from_text(&as_csv, "plan.csv").unwrap().records()[0], *first);
    assert!(Commitments::from_csv(HEADER).unwrap().is_empty());

    let m_csv = Milestones::from_csv("partner_id,area,name,due\nK1,Sales_Marketing,Campaign,2026-02-01\n").unwrap();
    let m_json = Milestones::from_text(
        r#"[{"partner_id":"K1","area":"sales_marketing","name":"Campaign","due":"2026-02-01","done_on":""}]"#,
        "m.json",
    )
    .unwrap();
    let m_columns = Milestones::from_columns(&[
        ("partner_id".to_string(), vec![text("K1")]),
        ("area".to_string(), vec![text("sales_marketing")]),
        ("name".to_string(), vec![text("Campaign")]),
        ("due".to_string(), vec![text("2026-02-01")]),
    ])
    .unwrap();
    assert_eq!(m_csv, m_json);
    assert_eq!(m_csv, m_columns);
    assert_eq!(m_csv.records()[0].area, Area::SalesMarketing);
    assert_eq!(m_csv.records()[0].done_on, None);
    assert_eq!(m_csv.len(), 1);
}

#[test]
fn milestone_status_record_fields() {
    let report = run("", "K1,product,Demo,2026-02-01,2026-01-15\n", "2026-04-01");
    assert_eq!(
        report.milestones[0],
        MilestoneStatus {
            partner_id: "K1".to_string(),
            area: Area::Product,
            name: "Demo".to_string(),
            due: day("2026-02-01"),
            done_on: Some(day("2026-01-15")),
            status: MilestoneState::Done,
            out_of_order: false,
        }
    );
}

fn input_error<T: std::fmt::Debug>(result: partnerscore::Result<T>) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Input, "{err}");
    err.to_string()
}

fn json_commitment(fields: &str) -> String {
    input_error(Commitments::from_json(&format!(
        r#"[{{"partner_id":"K0","kind":"deals","field":"f","target":1,"start":"2026-01-01","due":"2026-02-01"}}, {{{fields}}}]"#
    )))
}

const OK: &str =
    r#""partner_id":"K1","kind":"deals","field":"deals_closed","target":12,"start":"2026-03-01","due":"2026-06-30""#;

#[test]
fn bad_commitments_in_json_name_the_record_and_field() {
    let without = |key: &str| {
        let fields: Vec<&str> = OK.split(',').filter(|f| !f.starts_with(&format!("\"{key}\""))).collect();
        json_commitment(&fields.join(","))
    };
    assert_eq!(without("partner_id"), "commitments[1], field partner_id: partner_id is required");
    assert_eq!(without("kind"), "commitments[1] (partner K1), field kind: kind is required");
    assert_eq!(without("field"), "commitments[1] (partner K1), field field: field is required");
    assert_eq!(without("target"), "commitments[1] (partner K1), field target: target is required");
    assert_eq!(without("start"), "commitments[1] (partner K1), field start: start is required");
    assert_eq!(without("due"), "commitments[1] (partner K1), field due: due is required");
    assert_eq!(
        json_commitment(&OK.replace(r#""partner_id":"K1""#, r#""partner_id":"  ""#)),
        "commitments[1], field partner_id: partner_id is required"
    );
    assert_eq!(
        json_commitment(&OK.replace(r#""kind":"deals""#, r#""kind":"revenue""#)),
        "commitments[1] (partner K1), field kind: unknown kind \"revenue\": expected one of resources, training, \
         deals, pipeline, marketing, other"
    );
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":0"#)),
        "commitments[1] (partner K1), field target: target must be greater than 0, found 0"
    );
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":"-3""#)),
        "commitments[1] (partner K1), field target: target must be greater than 0, found -3"
    );
    // Rounded to 20 places, 10^-21 is 0.
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":0.000000000000000000001"#)),
        "commitments[1] (partner K1), field target: target must be greater than 0, found 0.000000000000000000001"
    );
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":"twelve""#)),
        "commitments[1] (partner K1), field target: target \"twelve\" is not a number"
    );
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":"NaN""#)),
        "commitments[1] (partner K1), field target: target \"NaN\" is not a finite number (NaN and infinities are \
         rejected)"
    );
    assert_eq!(
        json_commitment(&OK.replace("2026-03-01", "2026-02-30")),
        "commitments[1] (partner K1), field start: start \"2026-02-30\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        json_commitment(&OK.replace("2026-06-30", "30/06/2026")),
        "commitments[1] (partner K1), field due: due \"30/06/2026\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        json_commitment(&OK.replace("2026-06-30", "2026-01-01")),
        "commitments[1] (partner K1), field due: due 2026-01-01 is not after start 2026-03-01"
    );
    assert_eq!(
        json_commitment(&OK.replace("2026-06-30", "2026-03-01")),
        "commitments[1] (partner K1), field due: due 2026-03-01 is not after start 2026-03-01"
    );
    assert_eq!(
        json_commitment(&format!(r#"{OK},"actual":-1"#)),
        "commitments[1] (partner K1), field actual: actual must not be negative, found -1"
    );
    assert_eq!(
        json_commitment(&format!(r#"{OK},"actual":"lots""#)),
        "commitments[1] (partner K1), field actual: actual \"lots\" is not a number"
    );
    // 2026-03-01 → 2026-06-30 is 121 days; the largest decimal × 121 does not fit.
    assert_eq!(
        json_commitment(&OK.replace(r#""target":12"#, r#""target":"79228162514264337593543950335""#)),
        "commitments[1] (partner K1), field target: target 79228162514264337593543950335 over 121 days overflows \
         the decimal range"
    );
    assert_eq!(
        json_commitment(&format!(r#"{OK},"actual":[1]"#)),
        "commitments[1], field actual: must be text or a number, found [1]"
    );
    assert_eq!(input_error(Commitments::from_json("[1]")), "commitments[0]: each record must be a JSON object");
    assert_eq!(input_error(Commitments::from_json("{}")), "commitments: must be a JSON array of objects");
    assert!(input_error(Commitments::from_json("[{")).starts_with("commitments line 1, column 2: invalid JSON"));
}

#[test]
fn bad_commitments_in_csv_name_the_line_and_column() {
    let csv = |row: &str| {
        input_error(Commitments::from_csv(&format!("{HEADER}K0,deals,f,1,2026-01-01,2026-02-01,\n{row}\n")))
    };
    assert_eq!(
        csv("K1,deals,deals_closed,12,2026-03-01,2026-01-01,"),
        "commitments line 3, column 6 (partner K1, field due): due 2026-01-01 is not after start 2026-03-01"
    );
    assert_eq!(
        csv(",deals,deals_closed,12,2026-03-01,2026-06-30,"),
        "commitments line 3, column 1 (field partner_id): partner_id is required"
    );
    assert_eq!(
        csv("K1,sales,deals_closed,12,2026-03-01,2026-06-30,"),
        "commitments line 3, column 2 (partner K1, field kind): unknown kind \"sales\": expected one of resources, \
         training, deals, pipeline, marketing, other"
    );
    assert_eq!(
        csv("K1,deals,,12,2026-03-01,2026-06-30,"),
        "commitments line 3, column 3 (partner K1, field field): field is required"
    );
    assert_eq!(
        csv("K1,deals,deals_closed,-1,2026-03-01,2026-06-30,"),
        "commitments line 3, column 4 (partner K1, field target): target must be greater than 0, found -1"
    );
    assert_eq!(
        csv("K1,deals,deals_closed,12,2026-3-1,2026-06-30,"),
        "commitments line 3, column 5 (partner K1, field start): start \"2026-3-1\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        csv("K1,deals,deals_closed,12,2026-03-01,2026-06-30,-0.5"),
        "commitments line 3, column 7 (partner K1, field actual): actual must not be negative, found -0.5"
    );
    // Without the optional actual column, a missing required one is named in the header.
    assert_eq!(
        input_error(Commitments::from_csv("partner_id,kind,field,target\nK1,deals,x,1\n")),
        "commitments line 1: the CSV header needs the column(s) start, due"
    );
    // Fields may come in any order: columns are named as they are.
    assert_eq!(
        input_error(Commitments::from_csv(
            "due,start,target,field,kind,partner_id\n2026-01-01,2026-01-01,1,x,deals,K1\n"
        )),
        "commitments line 2, column 1 (partner K1, field due): due 2026-01-01 is not after start 2026-01-01"
    );
}

#[test]
fn bad_milestones_name_the_record_and_field() {
    let json = |fields: &str| input_error(Milestones::from_json(&format!("[{{{fields}}}]")));
    assert_eq!(
        json(r#""area":"management","name":"Plan","due":"2026-01-01""#),
        "milestones[0], field partner_id: partner_id is required"
    );
    assert_eq!(
        json(r#""partner_id":"K1","name":"Plan","due":"2026-01-01""#),
        "milestones[0] (partner K1), field area: area is required"
    );
    assert_eq!(
        json(r#""partner_id":"K1","area":"finance","name":"Plan","due":"2026-01-01""#),
        "milestones[0] (partner K1), field area: unknown area \"finance\": expected one of management, operational, \
         sales_marketing, product"
    );
    assert_eq!(
        json(r#""partner_id":"K1","area":"management","due":"2026-01-01""#),
        "milestones[0] (partner K1), field name: name is required"
    );
    assert_eq!(
        json(r#""partner_id":"K1","area":"management","name":"Plan""#),
        "milestones[0] (partner K1), field due: due is required"
    );
    assert_eq!(
        json(r#""partner_id":"K1","area":"management","name":"Plan","due":"2026-02-29""#),
        "milestones[0] (partner K1), field due: due \"2026-02-29\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        json(r#""partner_id":"K1","area":"management","name":"Plan","due":"2026-01-01","done_on":"yesterday""#),
        "milestones[0] (partner K1), field done_on: done_on \"yesterday\" is not a date (YYYY-MM-DD)"
    );
    let csv = |row: &str| input_error(Milestones::from_csv(&format!("{M_HEADER}{row}\n")));
    assert_eq!(
        csv("K1,marketing,Plan,2026-01-01,"),
        "milestones line 2, column 2 (partner K1, field area): unknown area \"marketing\": expected one of \
         management, operational, sales_marketing, product"
    );
    assert_eq!(
        csv("K1,management,Plan,2026-01-01,2026-13-01"),
        "milestones line 2, column 5 (partner K1, field done_on): done_on \"2026-13-01\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        input_error(Milestones::from_csv("partner_id,area,due\nK1,management,2026-01-01\n")),
        "milestones line 1: the CSV header needs the column(s) name"
    );
}

#[test]
fn bad_columns_name_the_record() {
    let text = |s: &str| Some(Value::Text(s.into()));
    let columns = |target: Vec<Option<Value>>| {
        input_error(Commitments::from_columns(&[
            ("partner_id".to_string(), vec![text("K1"), text("K2")]),
            ("kind".to_string(), vec![text("deals"), text("deals")]),
            ("field".to_string(), vec![text("x"), text("x")]),
            ("target".to_string(), target),
            ("start".to_string(), vec![text("2026-01-01"), text("2026-01-01")]),
            ("due".to_string(), vec![text("2026-02-01"), text("2026-02-01")]),
        ]))
    };
    assert_eq!(
        columns(vec![Some(Value::Number(d("1"))), Some(Value::Number(d("0")))]),
        "commitments[1] (partner K2), field target: target must be greater than 0, found 0"
    );
    assert_eq!(
        columns(vec![Some(Value::Number(d("1"))), None]),
        "commitments[1] (partner K2), field target: target is required"
    );
    assert_eq!(
        columns(vec![Some(Value::Number(d("1")))]),
        "commitments column target: has 1 values, the first column has 2"
    );
    assert_eq!(
        input_error(Milestones::from_columns(&[
            ("partner_id".to_string(), vec![text("K1")]),
            ("area".to_string(), vec![text("legal")]),
            ("name".to_string(), vec![text("x")]),
            ("due".to_string(), vec![text("2026-01-01")]),
        ])),
        "milestones[0] (partner K1), field area: unknown area \"legal\": expected one of management, operational, \
         sales_marketing, product"
    );
}

#[test]
fn empty_inputs_give_an_empty_report() {
    let report = track(&Commitments::default(), &Milestones::default(), day("2026-01-01")).unwrap();
    assert_eq!(report.to_json(), r#"{"as_of":"2026-01-01","commitments":[],"milestones":[],"partners":[]}"#);
}
