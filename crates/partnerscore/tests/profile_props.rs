//! Property tests of DESIGN §2 on random profiles (every criterion kind, tolerances, weights of zero,
//! required criteria) and random partners (numbers with decimals, text, `;` lists and JSON arrays,
//! missing values): fit in [0, 100]; a partner meeting every criterion is `ideal`; moving a value
//! toward a bound never lowers its criterion fit; results do not depend on the partners' order.

use std::collections::BTreeMap;

use partnerscore::decimal::cmp_key;
use partnerscore::{Decimal, Partners, Profile, Verdict};
use proptest::prelude::*;
use serde_json::Value as Json;

const LETTERS: [&str; 5] = ["a", "b", "c", "d", "e"];

#[derive(Debug, Clone)]
enum Kind {
    AtLeast(i64),
    AtMost(i64),
    Between(i64, i64),
    Equals(usize),
    OneOf(Vec<usize>),
    All(Vec<usize>),
    Any(Vec<usize>),
}

#[derive(Debug, Clone)]
struct Crit {
    kind: Kind,
    tolerance: Option<i64>,
    weight: u32,
    required: bool,
}

fn letters(items: &[usize]) -> String {
    items.iter().map(|&k| format!("\"{}\"", LETTERS[k])).collect::<Vec<_>>().join(", ")
}

impl Crit {
    fn json(&self, j: usize) -> String {
        let kind = match &self.kind {
            Kind::AtLeast(x) => format!(r#""at_least": {x}"#),
            Kind::AtMost(x) => format!(r#""at_most": {x}"#),
            Kind::Between(lo, hi) => format!(r#""between": [{lo}, {hi}]"#),
            Kind::Equals(k) => format!(r#""equals": "{}""#, LETTERS[*k]),
            Kind::OneOf(items) => format!(r#""one_of": [{}]"#, letters(items)),
            Kind::All(items) => format!(r#""includes_all": [{}]"#, letters(items)),
            Kind::Any(items) => format!(r#""includes_any": [{}]"#, letters(items)),
        };
        let tolerance = match (self.tolerance, self.numeric()) {
            (Some(t), true) => format!(r#", "tolerance": {t}"#),
            _ => String::new(),
        };
        let area = ["management", "operational", "sales_marketing", "product"][j % 4];
        format!(
            r#"{{"field": "f{j}", {kind}{tolerance}, "weight": {}, "required": {}, "area": "{area}"}}"#,
            self.weight, self.required
        )
    }

    fn numeric(&self) -> bool {
        matches!(self.kind, Kind::AtLeast(_) | Kind::AtMost(_) | Kind::Between(..))
    }
}

fn profile_json(criteria: &[Crit], ideal: u32, develop: u32) -> String {
    let list: Vec<String> = criteria.iter().enumerate().map(|(j, c)| c.json(j)).collect();
    format!(
        r#"{{"name": "prop", "thresholds": {{"ideal": {ideal}, "develop": {develop}}}, "criteria": [{}]}}"#,
        list.join(", ")
    )
}

fn items() -> impl Strategy<Value = Vec<usize>> {
    proptest::sample::subsequence((0..LETTERS.len()).collect::<Vec<_>>(), 1..=3)
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        (-50i64..500).prop_map(Kind::AtLeast),
        (-50i64..500).prop_map(Kind::AtMost),
        ((-50i64..500), (0i64..200)).prop_map(|(lo, w)| Kind::Between(lo, lo + w)),
        (0..LETTERS.len()).prop_map(Kind::Equals),
        items().prop_map(Kind::OneOf),
        items().prop_map(Kind::All),
        items().prop_map(Kind::Any),
    ]
}

fn crit() -> impl Strategy<Value = Crit> {
    (kind(), proptest::option::of(0i64..60), 0u32..4, proptest::bool::weighted(0.2))
        .prop_map(|(kind, tolerance, weight, required)| Crit { kind, tolerance, weight, required })
}

/// A profile: 1–6 criteria, the first weighing at least 1; thresholds 0 ≤ develop ≤ ideal ≤ 100.
fn profile() -> impl Strategy<Value = (Vec<Crit>, u32, u32)> {
    (proptest::collection::vec(crit(), 1..=6), 0u32..=100, 0u32..=100).prop_map(|(mut cs, a, b)| {
        cs[0].weight = cs[0].weight.max(1);
        (cs, a.max(b), a.min(b))
    })
}

/// A value for criterion `c` as JSON: a number (up to 2 decimals) for numeric kinds, a letter for
/// equals/one_of, a `;` text or a JSON array for lists; sometimes missing (absent, null or "").
fn value_for(c: &Crit) -> BoxedStrategy<Option<Json>> {
    let present: BoxedStrategy<Json> = match c.kind {
        Kind::AtLeast(_) | Kind::AtMost(_) | Kind::Between(..) => {
            ((-10_000i64..60_000), 0u32..3).prop_map(|(m, s)| Json::String(Decimal::new(m, s).to_string())).boxed()
        }
        Kind::Equals(_) | Kind::OneOf(_) => (0..LETTERS.len()).prop_map(|k| Json::String(LETTERS[k].into())).boxed(),
        Kind::All(_) | Kind::Any(_) => {
            (proptest::sample::subsequence((0..LETTERS.len()).collect::<Vec<_>>(), 0..=4), any::<bool>())
                .prop_map(|(items, as_text)| {
                    let names: Vec<&str> = items.iter().map(|&k| LETTERS[k]).collect();
                    if as_text && !names.is_empty() {
                        Json::String(names.join(" ; "))
                    } else {
                        Json::Array(names.into_iter().map(|n| Json::String(n.into())).collect())
                    }
                })
                .boxed()
        }
    };
    prop_oneof![
        8 => present.prop_map(Some),
        1 => Just(None),
        1 => prop_oneof![Just(Json::Null), Just(Json::String(String::new()))].prop_map(Some),
    ]
    .boxed()
}

fn partners_for(criteria: &[Crit], n: std::ops::Range<usize>) -> BoxedStrategy<Vec<Vec<Option<Json>>>> {
    let row: Vec<BoxedStrategy<Option<Json>>> = criteria.iter().map(value_for).collect();
    proptest::collection::vec(row, n).boxed()
}

fn partners_json(rows: &[Vec<Option<Json>>]) -> String {
    let list: Vec<Json> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut obj = serde_json::Map::new();
            obj.insert("id".into(), Json::String(format!("P{i}")));
            for (j, v) in row.iter().enumerate() {
                if let Some(v) = v {
                    obj.insert(format!("f{j}"), v.clone());
                }
            }
            Json::Object(obj)
        })
        .collect();
    Json::Array(list).to_string()
}

/// A profile (criteria, ideal, develop) and partner rows (one value per criterion).
type Case = ((Vec<Crit>, u32, u32), Vec<Vec<Option<Json>>>);

fn case() -> impl Strategy<Value = Case> {
    profile().prop_flat_map(|p| {
        let rows = partners_for(&p.0, 1..25);
        (Just(p), rows)
    })
}

/// The criterion fit of a single-criterion profile for the value `v`.
fn single_fit(c: &Crit, v: Decimal) -> Decimal {
    let profile = Profile::from_json(&profile_json(std::slice::from_ref(c), 85, 60)).unwrap();
    let partners = Partners::from_json(&format!(r#"[{{"id": "A", "f0": "{v}"}}]"#)).unwrap();
    profile.evaluate(&partners).unwrap().partner(0).criterion_fit(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fits_stay_in_range_and_verdicts_follow_thresholds(((criteria, ideal, develop), rows) in case()) {
        let profile = Profile::from_json(&profile_json(&criteria, ideal, develop)).unwrap();
        let report = profile.evaluate(&Partners::from_json(&partners_json(&rows)).unwrap()).unwrap();
        prop_assert_eq!(report.len(), rows.len());
        for p in report.partners() {
            let fit = p.fit();
            prop_assert!(fit >= Decimal::ZERO && fit <= Decimal::ONE_HUNDRED, "fit {}", fit);
            let fits = p.criterion_fits();
            for f in &fits {
                prop_assert!(*f >= Decimal::ZERO && *f <= Decimal::ONE, "criterion fit {}", f);
            }
            let knocked_out = criteria.iter().zip(&fits).any(|(c, f)| c.required && cmp_key(*f) < Decimal::ONE);
            let key = cmp_key(fit);
            let expected = if knocked_out {
                Verdict::PoorFit
            } else if key >= Decimal::from(ideal) {
                Verdict::Ideal
            } else if key >= Decimal::from(develop) {
                Verdict::Develop
            } else {
                Verdict::PoorFit
            };
            prop_assert_eq!(p.verdict(), expected);
            // gaps: exactly the criteria with fit < 1, in criteria order; missing values fit 0
            let gaps: Vec<String> = p.gaps().iter().map(|g| g.name.to_string()).collect();
            let want: Vec<String> = fits.iter().enumerate().filter(|(_, f)| cmp_key(**f) < Decimal::ONE).map(|(j, _)| format!("f{j}")).collect();
            prop_assert_eq!(gaps, want);
            for g in p.gaps() {
                if g.missing {
                    prop_assert_eq!(g.fit, Decimal::ZERO);
                    prop_assert!(g.actual.is_none());
                }
            }
            // the weighted mean, recomputed
            let total: u32 = criteria.iter().map(|c| c.weight).sum();
            let sum: Decimal = criteria.iter().zip(&fits).map(|(c, f)| Decimal::from(c.weight) * *f).sum();
            let diff = (fit - sum * Decimal::ONE_HUNDRED / Decimal::from(total)).abs();
            prop_assert!(diff < Decimal::new(1, 20), "fit {} vs {}", fit, sum);
        }
    }

    #[test]
    fn a_partner_meeting_every_criterion_is_ideal(((criteria, ideal, develop), picks) in profile().prop_flat_map(|p| {
        let n = p.0.len();
        (Just(p), proptest::collection::vec((0i64..50, 0usize..5, any::<bool>()), n))
    })) {
        let profile = Profile::from_json(&profile_json(&criteria, ideal, develop)).unwrap();
        let mut obj = serde_json::Map::new();
        obj.insert("id".into(), Json::String("A".into()));
        for (j, (c, (k, pick, as_text))) in criteria.iter().zip(&picks).enumerate() {
            let v = match &c.kind {
                Kind::AtLeast(x) => Json::String((x + k).to_string()),
                Kind::AtMost(x) => Json::String((x - k).to_string()),
                Kind::Between(lo, hi) => Json::String((lo + k.min(&(hi - lo))).to_string()),
                Kind::Equals(e) => Json::String(LETTERS[*e].into()),
                Kind::OneOf(items) => Json::String(LETTERS[items[pick % items.len()]].into()),
                Kind::All(items) | Kind::Any(items) => {
                    let mut names: Vec<&str> = items.iter().map(|&i| LETTERS[i]).collect();
                    names.push("extra");
                    if *as_text {
                        Json::String(names.join(";"))
                    } else {
                        Json::Array(names.into_iter().map(|n| Json::String(n.into())).collect())
                    }
                }
            };
            obj.insert(format!("f{j}"), v);
        }
        let partners = Partners::from_json(&Json::Array(vec![Json::Object(obj)]).to_string()).unwrap();
        let report = profile.evaluate(&partners).unwrap();
        let p = report.partner(0);
        prop_assert_eq!(p.fit(), Decimal::ONE_HUNDRED);
        prop_assert_eq!(p.verdict(), Verdict::Ideal);
        prop_assert!(p.gaps().is_empty());
    }

    #[test]
    fn moving_a_value_toward_a_bound_never_lowers_its_fit(
        kind in prop_oneof![
            (-50i64..500).prop_map(Kind::AtLeast),
            (-50i64..500).prop_map(Kind::AtMost),
            ((-50i64..500), (0i64..200)).prop_map(|(lo, w)| Kind::Between(lo, lo + w)),
        ],
        tolerance in proptest::option::of(0i64..60),
        (m, s) in ((-10_000i64..60_000), 0u32..3),
        (step_m, step_s) in ((0i64..5_000), 0u32..3),
    ) {
        let c = Crit { kind: kind.clone(), tolerance, weight: 1, required: false };
        let v = Decimal::new(m, s);
        let step = Decimal::new(step_m, step_s);
        let moved = match kind {
            Kind::AtLeast(_) => v + step,
            Kind::AtMost(_) => v - step,
            Kind::Between(lo, hi) => {
                let (lo, hi) = (Decimal::from(lo), Decimal::from(hi));
                if v < lo { v + step.min(lo - v) } else if v > hi { v - step.min(v - hi) } else { v }
            }
            _ => unreachable!(),
        };
        let (before, after) = (single_fit(&c, v), single_fit(&c, moved));
        prop_assert!(after >= before, "{:?}: fit {} at {} but {} at {}", c, before, v, after, moved);
    }

    #[test]
    fn results_do_not_depend_on_the_partners_order(
        (((criteria, ideal, develop), rows), perm) in case().prop_flat_map(|(p, rows)| {
            let n = rows.len();
            (Just((p, rows)), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let profile = Profile::from_json(&profile_json(&criteria, ideal, develop)).unwrap();
        let report = |rows: &[Vec<Option<Json>>], ids: &[usize]| -> BTreeMap<String, Json> {
            // ids follow their rows: P<original index>
            let mut text: Json = serde_json::from_str(&partners_json(rows)).unwrap();
            for (obj, id) in text.as_array_mut().unwrap().iter_mut().zip(ids) {
                obj["id"] = Json::String(format!("P{id}"));
            }
            let partners = Partners::from_json(&text.to_string()).unwrap();
            let out: Json = serde_json::from_str(&profile.evaluate(&partners).unwrap().to_json()).unwrap();
            out["partners"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap().to_string(), p.clone())).collect()
        };
        let original: Vec<usize> = (0..rows.len()).collect();
        let shuffled: Vec<Vec<Option<Json>>> = perm.iter().map(|&i| rows[i].clone()).collect();
        prop_assert_eq!(report(&rows, &original), report(&shuffled, &perm));
    }
}
