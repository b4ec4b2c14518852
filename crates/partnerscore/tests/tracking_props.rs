//! Properties of execution-plan tracking (DESIGN §6).

use std::cmp::Ordering;

use num_bigint::BigUint;
use partnerscore::tracking::{track, CommitmentStatus, Commitments, Milestones, Status, TrackReport};
use partnerscore::{Date, Decimal};
use proptest::prelude::*;

const KINDS: [&str; 6] = ["resources", "training", "deals", "pipeline", "marketing", "other"];
const AREAS: [&str; 4] = ["management", "operational", "sales_marketing", "product"];
const PARTNERS: [&str; 4] = ["A", "B", "C", "D"];

fn base() -> i32 {
    Date::parse("2026-01-01").unwrap().days()
}

fn date(offset: i32) -> Date {
    Date::from_days(base() + offset).unwrap()
}

/// A positive decimal with up to 3 places: 0.001 … 1000.
fn amount() -> impl Strategy<Value = Decimal> {
    (1i64..=1_000_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s).normalize())
}

/// One commitment as a CSV row: (partner, kind, target, start offset, span days, actual).
#[derive(Debug, Clone)]
struct Row {
    partner: usize,
    kind: usize,
    target: Decimal,
    start: i32,
    span: i32,
    actual: Decimal,
}

fn row() -> impl Strategy<Value = Row> {
    (0..PARTNERS.len(), 0..KINDS.len(), amount(), -50i32..300, 1i32..400, 0u32..=120).prop_map(
        |(partner, kind, target, start, span, pct)| {
            // actual from 0 to 1.2 × target, sometimes exactly a round fraction of it
            let actual = (target * Decimal::from(pct) / Decimal::from(100)).round_dp(3);
            Row { partner, kind, target, start, span, actual }
        },
    )
}

fn csv(rows: &[Row]) -> String {
    let mut text = String::from("partner_id,kind,field,target,start,due,actual\n");
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&format!(
            "{},{},field{},{},{},{},{}\n",
            PARTNERS[r.partner],
            KINDS[r.kind],
            i % 3,
            r.target,
            date(r.start),
            date(r.start + r.span),
            r.actual
        ));
    }
    text
}

/// One milestone: (partner, area, due offset, done_on offset).
#[derive(Debug, Clone)]
struct MRow {
    partner: usize,
    area: usize,
    due: i32,
    done_on: Option<i32>,
}

fn mrow() -> impl Strategy<Value = MRow> {
    // management drawn twice as often as each other area; mostly done, on few days, so that same-day
    // completions and partners whose management is all done are common
    (0..PARTNERS.len(), prop_oneof![Just(0usize), 0..AREAS.len()], 0i32..60, proptest::option::weighted(0.85, 0i32..60))
        .prop_map(|(partner, area, due, done_on)| MRow { partner, area, due, done_on })
}

fn mcsv(rows: &[MRow]) -> String {
    let mut text = String::from("partner_id,area,name,due,done_on\n");
    for (i, m) in rows.iter().enumerate() {
        let done = m.done_on.map(|d| date(d).to_string()).unwrap_or_default();
        text.push_str(&format!("{},{},m{i},{},{done}\n", PARTNERS[m.partner], AREAS[m.area], date(m.due)));
    }
    text
}

fn run(rows: &[Row], mrows: &[MRow], as_of: i32) -> TrackReport {
    let c = Commitments::from_csv(&csv(rows)).unwrap();
    let m = Milestones::from_csv(&mcsv(mrows)).unwrap();
    track(&c, &m, date(as_of)).unwrap()
}

fn one(row: &Row, as_of: i32) -> CommitmentStatus {
    run(std::slice::from_ref(row), &[], as_of).commitments.remove(0)
}

/// done > on_track > at_risk > behind.
fn rank(s: Status) -> u8 {
    match s {
        Status::Done => 3,
        Status::OnTrack => 2,
        Status::AtRisk => 1,
        Status::Behind => 0,
        Status::Overdue => u8::MAX,
    }
}

/// shortfall / target rounded to 20 places, half up (both ≥ 0), by exact big-integer arithmetic.
fn ratio_20(shortfall: Decimal, target: Decimal) -> BigUint {
    let big = |d: Decimal| BigUint::from(d.mantissa().unsigned_abs());
    // shortfall = a / 10^sa, target = b / 10^sb: ratio × 10^20 = a × 10^(20 + sb) / (b × 10^sa)
    let num = big(shortfall) * BigUint::from(10u8).pow(20 + target.scale());
    let den = big(target) * BigUint::from(10u8).pow(shortfall.scale());
    let (q, r) = (&num / &den, &num % &den);
    if r * 2u8 >= den {
        q + 1u8
    } else {
        q
    }
}

fn worst_first(s: Status) -> u8 {
    match s {
        Status::Overdue => 0,
        Status::Behind => 1,
        _ => 2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn more_actual_never_gives_a_worse_status(r in row(), pct2 in 0u32..=130, as_of in -60i32..720) {
        let mut more = r.clone();
        more.actual = (r.actual + r.target * Decimal::from(pct2) / Decimal::from(100)).round_dp(3);
        let (a, b) = (one(&r, as_of), one(&more, as_of));
        prop_assert!(more.actual >= r.actual);
        match (a.status, b.status) {
            (Status::Done, s) => prop_assert_eq!(s, Status::Done),
            (Status::Overdue, s) => prop_assert!(matches!(s, Status::Overdue | Status::Done), "{s:?}"),
            (_, Status::Overdue) => prop_assert!(false, "{:?} became overdue", a.status),
            (s, t) => prop_assert!(rank(t) >= rank(s), "{s:?} → {t:?}"),
        }
        prop_assert!(b.shortfall <= a.shortfall, "{} → {}", a.shortfall, b.shortfall);
        prop_assert!(a.shortfall >= Decimal::ZERO && a.shortfall <= r.target);
    }

    #[test]
    fn expected_to_date_is_within_target_and_grows_with_as_of(r in row(), a in -60i32..720, b in -60i32..720) {
        let (early, late) = (a.min(b), a.max(b));
        let (x, y) = (one(&r, early).expected_to_date, one(&r, late).expected_to_date);
        for e in [x, y] {
            prop_assert!(e >= Decimal::ZERO && e <= r.target, "{e} outside [0, {}]", r.target);
        }
        prop_assert!(x <= y, "{x} at {early} > {y} at {late}");
        // the ends are exact
        if early <= r.start {
            prop_assert_eq!(x, Decimal::ZERO);
        }
        if late >= r.start + r.span {
            prop_assert_eq!(y, r.target);
        }
    }

    #[test]
    fn results_follow_their_records_under_permutation(
        (rows, order) in proptest::collection::vec(row(), 0..25)
            .prop_flat_map(|rows| { let n = rows.len(); (Just(rows), Just((0..n).collect::<Vec<_>>()).prop_shuffle()) }),
        (mrows, morder) in proptest::collection::vec(mrow(), 0..25)
            .prop_flat_map(|rows| { let n = rows.len(); (Just(rows), Just((0..n).collect::<Vec<_>>()).prop_shuffle()) }),
        as_of in -30i32..450,
    ) {
        let original = run(&rows, &mrows, as_of);
        let permuted_rows: Vec<Row> = order.iter().map(|&i| rows[i].clone()).collect();
        let permuted_mrows: Vec<MRow> = morder.iter().map(|&i| mrows[i].clone()).collect();
        let permuted = run(&permuted_rows, &permuted_mrows, as_of);
        // one result per record, in input order, equal to the record's own result
        prop_assert_eq!(original.commitments.len(), rows.len());
        prop_assert_eq!(original.milestones.len(), mrows.len());
        for (j, &i) in order.iter().enumerate() {
            // the field name carries the original position; compare the rest
            let (mut a, b) = (original.commitments[i].clone(), permuted.commitments[j].clone());
            a.field = b.field.clone();
            prop_assert_eq!(a, b);
        }
        for (j, &i) in morder.iter().enumerate() {
            let (mut a, b) = (original.milestones[i].clone(), permuted.milestones[j].clone());
            a.name = b.name.clone();
            prop_assert_eq!(a, b);
        }
        // the same partners, with the same counts and the same impediments (up to ties in input order)
        let mut ids: Vec<&str> = original.partners.iter().map(|p| p.id.as_str()).collect();
        let mut pids: Vec<&str> = permuted.partners.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        pids.sort_unstable();
        prop_assert_eq!(ids, pids);
        for p in &original.partners {
            let q = permuted.partners.iter().find(|q| q.id == p.id).unwrap();
            prop_assert_eq!((p.done, p.on_track, p.at_risk, p.behind, p.overdue), (q.done, q.on_track, q.at_risk, q.behind, q.overdue));
            let key = |i: &partnerscore::tracking::Impediment| (worst_first(i.status), i.shortfall, i.kind.as_str());
            let (mut a, mut b): (Vec<_>, Vec<_>) = (p.impediments.iter().map(key).collect(), q.impediments.iter().map(key).collect());
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
        }
        // partners in order of first appearance: commitments, then milestones
        let mut first: Vec<&str> = Vec::new();
        for id in rows.iter().map(|r| PARTNERS[r.partner]).chain(mrows.iter().map(|m| PARTNERS[m.partner])) {
            if !first.contains(&id) {
                first.push(id);
            }
        }
        let got: Vec<&str> = original.partners.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(got, first);
    }

    #[test]
    fn impediments_are_the_stable_sort_of_the_bad_commitments(
        rows in proptest::collection::vec(row(), 0..30),
        as_of in -30i32..450,
    ) {
        let report = run(&rows, &[], as_of);
        for p in &report.partners {
            // the partner's at-risk, behind and overdue commitments in input order, stably sorted by the
            // oracle key: worst status, then larger shortfall / target rounded to 20 places
            let mut expected: Vec<&CommitmentStatus> = report
                .commitments
                .iter()
                .filter(|c| c.partner_id == p.id && matches!(c.status, Status::AtRisk | Status::Behind | Status::Overdue))
                .collect();
            expected.sort_by(|a, b| {
                worst_first(a.status).cmp(&worst_first(b.status)).then_with(|| {
                    ratio_20(b.shortfall, b.target).cmp(&ratio_20(a.shortfall, a.target))
                })
            });
            let expected: Vec<(Status, Decimal, &str)> = expected.iter().map(|c| (c.status, c.shortfall, c.field.as_str())).collect();
            let got: Vec<(Status, Decimal, &str)> = p.impediments.iter().map(|i| (i.status, i.shortfall, i.field.as_str())).collect();
            prop_assert_eq!(got, expected);
            let count = p.at_risk + p.behind + p.overdue;
            prop_assert_eq!(p.impediments.len(), count);
            prop_assert_eq!(p.done + p.on_track + count, report.commitments.iter().filter(|c| c.partner_id == p.id).count());
        }
    }

    #[test]
    fn out_of_order_agrees_with_the_pairwise_definition(
        mrows in proptest::collection::vec(mrow(), 0..30),
        as_of in 0i32..70,
    ) {
        let report = run(&[], &mrows, as_of);
        let done_by = |m: &MRow| m.done_on.filter(|d| *d <= as_of);
        for (i, m) in mrows.iter().enumerate() {
            let oracle = m.area != 0
                && done_by(m).is_some_and(|done| {
                    mrows.iter().any(|other| {
                        other.partner == m.partner
                            && other.area == 0
                            && done_by(other).is_none_or(|mgmt| mgmt > done)
                    })
                });
            prop_assert_eq!(report.milestones[i].out_of_order, oracle, "milestone {}", i);
        }
    }
}

#[test]
fn ratio_oracle_rounds_half_up() {
    // 1/3 → 0.33333333333333333333; 2/3 → …67; 1/8 = 0.125 exactly.
    let r = ratio_20(Decimal::ONE, Decimal::from(3));
    assert_eq!(r, BigUint::from(33_333_333_333_333_333_333u128));
    let r = ratio_20(Decimal::from(2), Decimal::from(3));
    assert_eq!(r, BigUint::from(66_666_666_666_666_666_667u128));
    assert_eq!(ratio_20(Decimal::new(5, 1), Decimal::from(4)), BigUint::from(12_500_000_000_000_000_000u128));
    assert_eq!(Ordering::Less, ratio_20(Decimal::ONE, Decimal::from(4)).cmp(&r));
}
