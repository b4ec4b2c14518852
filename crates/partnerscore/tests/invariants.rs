//! Property tests of DESIGN §1 on random partners and a fixed scorecard that uses every rule kind,
//! a section cap, per-metric missing policies, cohorts and every kind of tier requirement.
//!
//! Besides range invariants, every report is checked against a straightforward reference
//! implementation written from DESIGN's words (O(n²) ranks and percentiles, rules, caps, tiers,
//! benchmarks), and against itself under shuffling, JSON vs CSV input, and raising a value.

use std::collections::BTreeMap;

use partnerscore::decimal::{cmp_key, format_measure};
use partnerscore::{Decimal, Partners, ScoreReport, Scorecard};
use proptest::prelude::*;
use serde_json::Value as Json;

// ---------------------------------------------------------------------------------------------
// the scorecard, and its reference model

const CARD: &str = r#"{
  "name": "Invariants",
  "benchmark_by": "category",
  "missing": "zero",
  "sections": [
    {"name": "Sales", "max_points": 40, "metrics": [
      {"field": "revenue", "points": 20, "rule": {"target": "500000"}},
      {"field": "deals", "points": 10, "rule": {"linear": {"from": 0, "to": 12}}},
      {"field": "win_rate", "points": 10, "rule": "percentile"},
      {"field": "margin", "points": 5, "rule": {"target": 3}, "missing": "exclude"}]},
    {"name": "Enablement", "metrics": [
      {"field": "certs", "points": 15, "rule": {"bands": [{"at_least": 1, "earn": "0.5"}, {"at_least": 3, "earn": "1"}]}},
      {"field": "denial", "points": 15, "rule": {"linear": {"from": "0.5", "to": "0"}}},
      {"field": "response_days", "points": "7.5", "rule": {"bands": [{"at_most": 30, "earn": "0.25"}, {"at_most": 14, "earn": "0.5"}, {"at_most": 7, "earn": "1"}]}, "missing": "exclude"},
      {"field": "certified", "points": 5, "rule": "boolean"}]}
  ],
  "tiers": [
    {"name": "Platinum", "min_score": 75, "requires": [{"field": "certs", "at_least": 3}, {"every_metric_scores": true}]},
    {"name": "Gold", "min_score": 60, "requires": [{"field": "denial", "below": "0.2"}, {"field": "response_days", "at_most": 14}]},
    {"name": "Gold-", "min_score": 60},
    {"name": "Silver", "min_score": "33.3333", "requires": [{"field": "deals", "above": 2}]},
    {"name": "Bronze", "min_score": 10, "requires": [{"field": "category", "equals": "A"}]},
    {"name": "Certified", "min_score": 0, "requires": [{"field": "certified", "equals": true}]}
  ]
}"#;

/// Numeric fields, in the order of the first seven metrics; the eighth metric is `certified`.
const FIELDS: [&str; 7] = ["revenue", "deals", "win_rate", "margin", "certs", "denial", "response_days"];
const M: usize = 8;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[derive(Clone, Debug)]
enum RefRule {
    Target(Decimal),
    Linear(Decimal, Decimal),
    AtLeast(Vec<(Decimal, Decimal)>),
    AtMost(Vec<(Decimal, Decimal)>),
    Boolean,
    Percentile,
}

impl RefRule {
    fn lower_is_better(&self) -> bool {
        match self {
            RefRule::Linear(a, b) => b < a,
            RefRule::AtMost(_) => true,
            _ => false,
        }
    }
}

struct RefMetric {
    points: Decimal,
    rule: RefRule,
    exclude: bool,
    section: usize,
}

fn ref_metrics() -> Vec<RefMetric> {
    let band = |x: &str, e: &str| (d(x), d(e));
    vec![
        RefMetric { points: d("20"), rule: RefRule::Target(d("500000")), exclude: false, section: 0 },
        RefMetric { points: d("10"), rule: RefRule::Linear(d("0"), d("12")), exclude: false, section: 0 },
        RefMetric { points: d("10"), rule: RefRule::Percentile, exclude: false, section: 0 },
        RefMetric { points: d("5"), rule: RefRule::Target(d("3")), exclude: true, section: 0 },
        RefMetric {
            points: d("15"),
            rule: RefRule::AtLeast(vec![band("1", "0.5"), band("3", "1")]),
            exclude: false,
            section: 1,
        },
        RefMetric { points: d("15"), rule: RefRule::Linear(d("0.5"), d("0")), exclude: false, section: 1 },
        RefMetric {
            points: d("7.5"),
            rule: RefRule::AtMost(vec![band("30", "0.25"), band("14", "0.5"), band("7", "1")]),
            exclude: true,
            section: 1,
        },
        RefMetric { points: d("5"), rule: RefRule::Boolean, exclude: false, section: 1 },
    ]
}

const SECTION_CAPS: [Option<i64>; 2] = [Some(40), None];

/// (name, min_score) of the tiers, listed from the highest down.
fn ref_tiers() -> Vec<(&'static str, Decimal)> {
    vec![
        ("Platinum", d("75")),
        ("Gold", d("60")),
        ("Gold-", d("60")),
        ("Silver", d("33.3333")),
        ("Bronze", d("10")),
        ("Certified", d("0")),
    ]
}

// ---------------------------------------------------------------------------------------------
// generated partners

#[derive(Clone, Debug)]
struct P {
    id: String,
    name: Option<&'static str>,
    category: Option<&'static str>,
    vals: [Option<Decimal>; 7],
    certified: Option<bool>,
    /// write numbers (and booleans) as JSON text: `"0.5"`, `"yes"`
    as_text: bool,
    /// how a missing value is written in JSON: 0 key left out, 1 null, 2 ""
    missing_style: u8,
}

impl P {
    /// The value metric `j` reads (booleans as 1/0).
    fn value(&self, j: usize) -> Option<Decimal> {
        if j < 7 {
            self.vals[j]
        } else {
            self.certified.map(|b| if b { Decimal::ONE } else { Decimal::ZERO })
        }
    }
}

fn opt<S: Strategy<Value = Decimal>>(s: S) -> impl Strategy<Value = Option<Decimal>> {
    prop::option::weighted(0.85, s)
}

fn revenue() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-2i64..12).prop_map(|k| Decimal::from(k * 62_500)),
        (-10_000_000i64..80_000_000).prop_map(|c| Decimal::new(c, 2)),
    ]
}

fn partner() -> impl Strategy<Value = P> {
    (
        prop::option::of(prop_oneof![Just("A"), Just("B"), Just("C")]),
        prop_oneof![Just(None), Just(Some("Acme, Inc.")), Just(Some("Plain Co"))],
        (
            opt(revenue()),
            opt((-2i64..16).prop_map(Decimal::from)),
            opt((0i64..=10).prop_map(|k| Decimal::new(k, 1))),
            opt((-1i64..8).prop_map(Decimal::from)),
        ),
        (
            opt((0i64..5).prop_map(Decimal::from)),
            opt((-1i64..=12).prop_map(|k| Decimal::new(k * 5, 2))),
            opt((0i64..40).prop_map(Decimal::from)),
            prop::option::weighted(0.85, any::<bool>()),
        ),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(|(category, name, (r, dl, w, mg), (c, dn, rd, certified), as_text, missing_style)| P {
            id: String::new(),
            name,
            category,
            vals: [r, dl, w, mg, c, dn, rd],
            certified,
            as_text,
            missing_style,
        })
}

fn partners(max: usize) -> impl Strategy<Value = Vec<P>> {
    prop::collection::vec(partner(), 1..max).prop_map(|mut v| {
        for (i, p) in v.iter_mut().enumerate() {
            p.id = format!("P{i:03}");
        }
        v
    })
}

fn json_of(ps: &[P]) -> String {
    let mut rows = Vec::with_capacity(ps.len());
    for p in ps {
        let missing = |key: &str, out: &mut Vec<String>| match p.missing_style {
            0 => {}
            1 => out.push(format!("\"{key}\": null")),
            _ => out.push(format!("\"{key}\": \"\"")),
        };
        let mut f = vec![format!("\"id\": \"{}\"", p.id)];
        match p.name {
            Some(n) => f.push(format!("\"name\": {}", serde_json::to_string(n).unwrap())),
            None => missing("name", &mut f),
        }
        match p.category {
            Some(c) => f.push(format!("\"category\": \"{c}\"")),
            None => missing("category", &mut f),
        }
        for (key, v) in FIELDS.iter().zip(&p.vals) {
            match v {
                Some(v) if p.as_text => f.push(format!("\"{key}\": \"{v}\"")),
                Some(v) => f.push(format!("\"{key}\": {v}")),
                None => missing(key, &mut f),
            }
        }
        match p.certified {
            Some(b) if p.as_text => f.push(format!("\"certified\": \"{}\"", if b { "yes" } else { "no" })),
            Some(b) => f.push(format!("\"certified\": {b}")),
            None => missing("certified", &mut f),
        }
        rows.push(format!("{{{}}}", f.join(", ")));
    }
    format!("[{}]", rows.join(",\n"))
}

fn csv_of(ps: &[P]) -> String {
    let mut out = String::from("id,name,category,");
    out.push_str(&FIELDS.join(","));
    out.push_str(",certified\n");
    for p in ps {
        let mut cells = vec![p.id.clone()];
        cells.push(match p.name {
            Some(n) if n.contains(',') => format!("\"{n}\""),
            Some(n) => n.to_string(),
            None => String::new(),
        });
        cells.push(p.category.unwrap_or("").to_string());
        for v in &p.vals {
            cells.push(v.map(|v| v.to_string()).unwrap_or_default());
        }
        cells.push(match p.certified {
            Some(b) if p.as_text => (if b { "yes" } else { "no" }).to_string(),
            Some(b) => b.to_string(),
            None => String::new(),
        });
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn card() -> Scorecard {
    Scorecard::from_json(CARD).expect("the invariants scorecard loads")
}

fn score_json(ps: &[P]) -> ScoreReport {
    let partners = Partners::from_json(&json_of(ps)).expect("generated JSON partners load");
    card().score(&partners).expect("generated partners score")
}

fn score_csv(ps: &[P]) -> ScoreReport {
    let partners = Partners::from_csv(&csv_of(ps)).expect("generated CSV partners load");
    card().score(&partners).expect("generated partners score")
}

// ---------------------------------------------------------------------------------------------
// the reference implementation (written from DESIGN §1, brute force)

fn clamp01(x: Decimal) -> Decimal {
    x.max(Decimal::ZERO).min(Decimal::ONE)
}

fn same_cohort(a: &P, b: &P) -> bool {
    a.category == b.category
}

/// PERCENTRANK.INC by counting: (number of cohort values < v) / (n − 1); 1 when n = 1.
fn percent_rank(values: &[Decimal], v: Decimal) -> Decimal {
    let n = values.len();
    if n <= 1 {
        return Decimal::ONE;
    }
    let below = values.iter().filter(|x| cmp_key(**x) < cmp_key(v)).count();
    Decimal::from(below as u64) / Decimal::from((n - 1) as u64)
}

fn ref_earned(all: &[P], metrics: &[RefMetric], i: usize, j: usize) -> Option<Decimal> {
    let m = &metrics[j];
    let Some(v) = all[i].value(j) else {
        return if m.exclude { None } else { Some(Decimal::ZERO) };
    };
    Some(match &m.rule {
        RefRule::Target(t) => clamp01(v / *t),
        RefRule::Linear(a, b) => clamp01((v - *a) / (*b - *a)),
        RefRule::AtLeast(bands) => bands.iter().rfind(|(x, _)| *x <= v).map_or(Decimal::ZERO, |(_, e)| *e),
        RefRule::AtMost(bands) => bands.iter().rfind(|(x, _)| v <= *x).map_or(Decimal::ZERO, |(_, e)| *e),
        RefRule::Boolean => {
            if v.is_zero() {
                Decimal::ZERO
            } else {
                Decimal::ONE
            }
        }
        RefRule::Percentile => {
            let cohort: Vec<Decimal> =
                all.iter().filter(|q| same_cohort(q, &all[i])).filter_map(|q| q.value(j)).collect();
            percent_rank(&cohort, v)
        }
    })
}

struct RefScore {
    earned: Vec<Option<Decimal>>,
    sections: Vec<(Decimal, Decimal)>,
    score: Decimal,
    max_score: Decimal,
}

fn ref_score(all: &[P], metrics: &[RefMetric], i: usize) -> RefScore {
    let earned: Vec<Option<Decimal>> = (0..M).map(|j| ref_earned(all, metrics, i, j)).collect();
    let mut sections = Vec::new();
    for (s, cap) in SECTION_CAPS.iter().enumerate() {
        let (mut pts, mut max) = (Decimal::ZERO, Decimal::ZERO);
        for (j, m) in metrics.iter().enumerate() {
            if m.section == s {
                if let Some(e) = earned[j] {
                    pts += m.points * e;
                    max += m.points;
                }
            }
        }
        if let Some(cap) = cap {
            pts = pts.min(Decimal::from(*cap));
            max = max.min(Decimal::from(*cap));
        }
        sections.push((pts, max));
    }
    let score = sections.iter().map(|s| s.0).sum();
    let max_score = sections.iter().map(|s| s.1).sum();
    RefScore { earned, sections, score, max_score }
}

/// The requirements of tier `t` that partner `p` does not meet (count), given its earned fractions.
fn ref_unmet(p: &P, metrics: &[RefMetric], earned: &[Option<Decimal>], t: usize) -> usize {
    let num = |k: usize| p.vals[k];
    let holds: Vec<bool> = match t {
        // certs ≥ 3; every counting metric earns > 0 points
        0 => vec![
            num(4).is_some_and(|v| v >= d("3")),
            metrics.iter().zip(earned).all(|(m, e)| e.is_none_or(|e| cmp_key(m.points * e) > Decimal::ZERO)),
        ],
        // denial < 0.2; response_days ≤ 14
        1 => vec![num(5).is_some_and(|v| v < d("0.2")), num(6).is_some_and(|v| v <= d("14"))],
        2 => vec![],
        // deals > 2
        3 => vec![num(1).is_some_and(|v| v > d("2"))],
        // category = "A"
        4 => vec![p.category == Some("A")],
        // certified = true
        5 => vec![p.certified == Some(true)],
        _ => unreachable!(),
    };
    holds.iter().filter(|h| !**h).count()
}

/// QUARTILE.INC of sorted values: interpolation at position (n − 1) · q / 4.
fn quartile(sorted: &[Decimal], q: usize) -> Decimal {
    let pos4 = (sorted.len() - 1) * q;
    let (i, rem) = (pos4 / 4, pos4 % 4);
    if rem == 0 {
        return sorted[i];
    }
    sorted[i] + (sorted[i + 1] - sorted[i]) * Decimal::from(rem as u64) / Decimal::from(4u64)
}

fn mean(v: &[Decimal]) -> Decimal {
    v.iter().copied().sum::<Decimal>() / Decimal::from(v.len() as u64)
}

fn key_opt(d: Option<Decimal>) -> Option<Decimal> {
    d.map(cmp_key)
}

fn per_id(report: &ScoreReport) -> BTreeMap<String, Json> {
    let doc: Json = serde_json::from_str(&report.to_json()).expect("report JSON parses");
    doc["partners"]
        .as_array()
        .expect("partners array")
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_string(), p.clone()))
        .collect()
}

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig { cases: n, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// properties

proptest! {
    #![proptest_config(cases(96))]

    /// earned ∈ [0, 1]; 0 ≤ section points ≤ section max; 0 ≤ score ≤ max_score; percentile ∈ [0, 1];
    /// the tier's min_score ≤ score; rank 1 has the highest score; results in input order.
    #[test]
    fn ranges_and_orders(ps in partners(30)) {
        let r = score_json(&ps);
        prop_assert_eq!(r.len(), ps.len());
        let tiers = r.scorecard().tiers();
        let best = r.partners().map(|p| cmp_key(p.score())).max().unwrap();
        for (i, p) in r.partners().enumerate() {
            prop_assert_eq!(p.id(), ps[i].id.as_str());
            for m in p.metrics() {
                if let Some(e) = m.earned {
                    prop_assert!(e >= Decimal::ZERO && e <= Decimal::ONE, "earned {} out of [0, 1]", e);
                    let pts = m.points.unwrap();
                    prop_assert!(pts >= Decimal::ZERO && pts <= m.max_points);
                } else {
                    prop_assert!(m.excluded && m.points.is_none() && m.value.is_none());
                    prop_assert_eq!(m.max_points, Decimal::ZERO);
                }
            }
            let mut sum = Decimal::ZERO;
            for s in p.sections() {
                prop_assert!(s.points >= Decimal::ZERO && cmp_key(s.points) <= cmp_key(s.max_points));
                sum += s.points;
            }
            prop_assert_eq!(cmp_key(sum), cmp_key(p.score()));
            prop_assert!(p.score() >= Decimal::ZERO);
            prop_assert!(cmp_key(p.score()) <= cmp_key(p.max_score()));
            let pct = p.score_pct();
            prop_assert!(pct >= Decimal::ZERO && cmp_key(pct) <= Decimal::ONE_HUNDRED);
            if p.max_score().is_zero() {
                prop_assert_eq!(pct, Decimal::ZERO);
            }
            prop_assert!(p.percentile() >= Decimal::ZERO && p.percentile() <= Decimal::ONE);
            if let Some(name) = p.tier() {
                let t = tiers.iter().find(|t| t.name == name).unwrap();
                prop_assert!(cmp_key(t.min_score) <= cmp_key(p.score()));
            }
            prop_assert!(p.rank() >= 1 && p.rank() as usize <= ps.len());
            prop_assert!(p.rank_in_cohort() >= 1 && p.rank_in_cohort() <= p.rank());
            prop_assert_eq!(p.rank() == 1, cmp_key(p.score()) == best);
            // opportunities: at most 5, positive, within the metric's points left, largest first,
            // never an excluded metric
            let opps = p.opportunities();
            prop_assert!(opps.len() <= 5);
            let metrics = p.metrics();
            for w in opps.windows(2) {
                prop_assert!(cmp_key(w[0].available) >= cmp_key(w[1].available));
            }
            for o in &opps {
                let m = metrics.iter().find(|m| m.name == o.name).unwrap();
                prop_assert!(!m.excluded);
                prop_assert!(cmp_key(o.available) > Decimal::ZERO);
                prop_assert!(cmp_key(o.available) <= cmp_key(m.max_points - m.points.unwrap()));
            }
        }
    }

    /// Rank, rank in cohort and percentile agree with an O(n²) count over 20-place scores.
    #[test]
    fn ranks_and_percentiles_match_brute_force(ps in partners(30)) {
        let r = score_json(&ps);
        let scores: Vec<Decimal> = r.partners().map(|p| cmp_key(p.score())).collect();
        for i in 0..ps.len() {
            let higher = (0..ps.len()).filter(|&k| scores[k] > scores[i]).count();
            let cohort: Vec<usize> = (0..ps.len()).filter(|&k| same_cohort(&ps[k], &ps[i])).collect();
            let higher_in = cohort.iter().filter(|&&k| scores[k] > scores[i]).count();
            let below_in = cohort.iter().filter(|&&k| scores[k] < scores[i]).count();
            let pct = if cohort.len() == 1 {
                Decimal::ONE
            } else {
                Decimal::from(below_in as u64) / Decimal::from((cohort.len() - 1) as u64)
            };
            let p = r.partner(i);
            prop_assert_eq!(p.rank() as usize, 1 + higher, "rank of {}", p.id());
            prop_assert_eq!(p.rank_in_cohort() as usize, 1 + higher_in, "rank_in_cohort of {}", p.id());
            prop_assert_eq!(cmp_key(p.percentile()), cmp_key(pct), "percentile of {}", p.id());
            prop_assert_eq!(p.cohort(), ps[i].category);
        }
    }

    /// Every earned fraction, section, score, max_score, tier and next tier agrees with the reference.
    #[test]
    fn scores_and_tiers_match_reference(ps in partners(30)) {
        let r = score_json(&ps);
        let metrics = ref_metrics();
        let tiers = ref_tiers();
        for i in 0..ps.len() {
            let want = ref_score(&ps, &metrics, i);
            let p = r.partner(i);
            let got = p.metrics();
            prop_assert_eq!(got.len(), M);
            for (j, m) in got.iter().enumerate() {
                prop_assert_eq!(key_opt(m.earned), key_opt(want.earned[j]),
                    "earned of metric {} for {}", m.name, p.id());
                // the value beside: numbers as reported measures, the boolean as a JSON boolean
                let value = serde_json::to_value(m.value).unwrap();
                let want_value = match (j, ps[i].value(j)) {
                    (_, None) => Json::Null,
                    (7, Some(v)) => Json::Bool(!v.is_zero()),
                    (_, Some(v)) => Json::String(format_measure(v)),
                };
                prop_assert_eq!(value, want_value, "value of metric {} for {}", m.name, p.id());
            }
            for (s, sec) in p.sections().iter().enumerate() {
                prop_assert_eq!(cmp_key(sec.points), cmp_key(want.sections[s].0));
                prop_assert_eq!(cmp_key(sec.max_points), cmp_key(want.sections[s].1));
            }
            prop_assert_eq!(cmp_key(p.score()), cmp_key(want.score));
            prop_assert_eq!(cmp_key(p.max_score()), cmp_key(want.max_score));
            // tier: the first listed whose min_score ≤ score and whose requires all hold
            let tier = (0..tiers.len()).find(|&t| {
                cmp_key(tiers[t].1) <= cmp_key(want.score)
                    && ref_unmet(&ps[i], &metrics, &want.earned, t) == 0
            });
            prop_assert_eq!(p.tier(), tier.map(|t| tiers[t].0), "tier of {}", p.id());
            // next tier: the one listed just above (the lowest for none; none at the top)
            let next = match tier {
                Some(0) => None,
                Some(t) => Some(t - 1),
                None => Some(tiers.len() - 1),
            };
            let got_next = p.next_tier();
            prop_assert_eq!(got_next.as_ref().map(|n| n.name), next.map(|t| tiers[t].0));
            if let (Some(n), Some(t)) = (got_next, next) {
                let needed = (tiers[t].1 - want.score).max(Decimal::ZERO);
                prop_assert_eq!(cmp_key(n.points_needed), cmp_key(needed));
                prop_assert_eq!(n.unmet_requires.len(), ref_unmet(&ps[i], &metrics, &want.earned, t));
            }
        }
    }

    /// Benchmarks: mean, median, top-quartile mean and best over the cohort's present values.
    #[test]
    fn benchmarks_match_reference(ps in partners(30)) {
        let r = score_json(&ps);
        let metrics = ref_metrics();
        for i in 0..ps.len() {
            let p = r.partner(i);
            let got = p.metrics();
            for j in 0..M {
                let mut values: Vec<Decimal> = ps
                    .iter()
                    .filter(|q| same_cohort(q, &ps[i]))
                    .filter_map(|q| q.value(j))
                    .collect();
                values.sort();
                let b = got[j].benchmark;
                if values.is_empty() {
                    prop_assert!(b.mean.is_none() && b.median.is_none()
                        && b.top_quartile_mean.is_none() && b.best.is_none());
                    continue;
                }
                let low = metrics[j].rule.lower_is_better();
                let top: Vec<Decimal> = if low {
                    let q1 = quartile(&values, 1);
                    values.iter().copied().filter(|v| *v <= q1).collect()
                } else {
                    let q3 = quartile(&values, 3);
                    values.iter().copied().filter(|v| *v >= q3).collect()
                };
                let best = if low { values[0] } else { *values.last().unwrap() };
                prop_assert_eq!(key_opt(b.mean), Some(cmp_key(mean(&values))), "mean of {}", got[j].name);
                prop_assert_eq!(key_opt(b.median), Some(cmp_key(quartile(&values, 2))), "median of {}", got[j].name);
                prop_assert_eq!(key_opt(b.top_quartile_mean), Some(cmp_key(mean(&top))),
                    "top_quartile_mean of {} over {:?}", got[j].name, values);
                prop_assert_eq!(b.best, Some(best), "best of {}", got[j].name);
            }
        }
    }

    /// Shuffling the partners gives each partner the same result.
    #[test]
    fn shuffling_changes_nothing_per_partner(
        (ps, shuffled) in partners(25).prop_flat_map(|ps| (Just(ps.clone()), Just(ps).prop_shuffle()))
    ) {
        let a = per_id(&score_json(&ps));
        let b_report = score_json(&shuffled);
        let ids: Vec<&str> = b_report.partners().map(|p| p.id()).collect();
        let want: Vec<&str> = shuffled.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(ids, want, "results come back in input order");
        let b = per_id(&b_report);
        prop_assert_eq!(a, b);
    }

    /// JSON input and CSV input of the same data give identical JSON reports.
    #[test]
    fn json_and_csv_inputs_agree(ps in partners(25)) {
        let from_json = score_json(&ps).to_json();
        let from_csv = score_csv(&ps).to_json();
        prop_assert_eq!(from_json, from_csv);
    }
}

/// Which value of partner `k` to improve: metric index (0–7) and a step.
#[derive(Clone, Debug)]
struct Raise {
    k: usize,
    metric: usize,
    step: Decimal,
    set_to: Decimal,
}

fn raise() -> impl Strategy<Value = Raise> {
    (
        any::<prop::sample::Index>(),
        0usize..M,
        (1i64..200_000).prop_map(|c| Decimal::new(c, 2)),
        (-1i64..20).prop_map(Decimal::from),
    )
        .prop_map(|(k, metric, step, set_to)| Raise { k: k.index(usize::MAX), metric, step, set_to })
}

proptest! {
    #![proptest_config(cases(128))]

    /// Improving one value of one partner (raising a higher-is-better value, lowering a
    /// lower-is-better one, turning a boolean true, or filling a missing value) never lowers that
    /// partner's score, nor its own earned fraction on that metric (percentile included).
    #[test]
    fn improving_a_value_never_lowers_the_score(ps in partners(20), change in raise()) {
        let k = change.k % ps.len();
        let j = change.metric;
        let metrics = ref_metrics();
        let mut better = ps.clone();
        {
            let p = &mut better[k];
            if j == 7 {
                p.certified = Some(true);
            } else {
                let lower = metrics[j].rule.lower_is_better();
                p.vals[j] = Some(match p.vals[j] {
                    Some(v) if lower => v - change.step,
                    Some(v) => v + change.step,
                    None => change.set_to,
                });
            }
        }
        let before = score_json(&ps);
        let after = score_json(&better);
        let (b, a) = (before.partner(k), after.partner(k));
        prop_assert!(cmp_key(a.score()) >= cmp_key(b.score()),
            "score of {} fell from {} to {} after improving {}", b.id(), b.score(), a.score(), FIELDS.get(j).unwrap_or(&"certified"));
        let (eb, ea) = (b.metrics()[j].earned, a.metrics()[j].earned);
        if let (Some(eb), Some(ea)) = (eb, ea) {
            prop_assert!(cmp_key(ea) >= cmp_key(eb), "earned fell from {} to {}", eb, ea);
        }
        // every other partner's non-percentile metrics are untouched
        for i in (0..ps.len()).filter(|&i| i != k) {
            for jj in (0..M).filter(|&jj| jj != 2) {
                prop_assert_eq!(before.partner(i).metrics()[jj].earned, after.partner(i).metrics()[jj].earned);
            }
        }
    }
}
