//! Property tests of DESIGN §3 (achievement plan).
//!
//! Allocation, on random problems (1–4 strategies with ties in hours and capture, headrooms with ties,
//! in cents and in thirds/sevenths that take all 28 digits, unique ids in random byte order):
//! - the exact solver equals a brute force over every strategy choice (up to 7 partners): the same best
//!   Σ uplift at 20 places and, by DESIGN's tie rule, the same choice for every partner;
//! - both methods keep hours_used ≤ capacity, exact ≥ greedy, Σ uplift ≤ upper_bound, and the upper
//!   bound equals the LP relaxation's value computed independently through LP duality;
//! - greedy equals a reference written from DESIGN's words (hull steps by uplift per hour, ties by id
//!   then step order, a step that does not fit stops that partner), in exact rational arithmetic;
//! - more capacity never lowers the exact Σ uplift.
//!
//! Whole plans, through `Plan::solve` on generated configs, partners and CSV history:
//! - one result per partner in input order, each following §3 (baseline = the method on the series,
//!   potential, headroom, uplift, expected, deals, reps), totals, gap, coverage;
//! - recruits_needed covers the gap and one fewer would not;
//! - results do not depend on the order of partners or history rows (apart from the output order).
//!
//! Baselines: trailing / run_rate / trend against a reference in exact rational arithmetic.

use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Sub};

use partnerscore::decimal::{cmp_key, key_units};
use partnerscore::history::History;
use partnerscore::plan::{allocate, Allocation, BaselineMethod, Method, Problem, Strategy as PlanStrategy};
use partnerscore::{Decimal, Partners, Plan, PlanReport};
use proptest::prelude::*;

/// `n` cases, or `PROPTEST_CASES` when set (for a longer run).
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n);
    ProptestConfig { cases: n, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// exact rationals (i128), for the references

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// n / d in lowest terms, d > 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q {
    n: i128,
    d: i128,
}

impl Q {
    fn new(n: i128, d: i128) -> Q {
        assert!(d != 0, "zero denominator");
        let s = if d < 0 { -1 } else { 1 };
        let g = gcd(n, d).max(1);
        Q { n: s * n / g, d: s * d / g }
    }
    fn int(v: i128) -> Q {
        Q { n: v, d: 1 }
    }
    fn max0(self) -> Q {
        if self.n < 0 {
            Q::int(0)
        } else {
            self
        }
    }
}

impl Add for Q {
    type Output = Q;
    fn add(self, o: Q) -> Q {
        Q::new(self.n * o.d + o.n * self.d, self.d * o.d)
    }
}
impl Sub for Q {
    type Output = Q;
    fn sub(self, o: Q) -> Q {
        Q::new(self.n * o.d - o.n * self.d, self.d * o.d)
    }
}
impl Mul for Q {
    type Output = Q;
    fn mul(self, o: Q) -> Q {
        Q::new(self.n * o.n, self.d * o.d)
    }
}
impl Div for Q {
    type Output = Q;
    fn div(self, o: Q) -> Q {
        Q::new(self.n * o.d, self.d * o.n)
    }
}
impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Q {
    fn cmp(&self, o: &Q) -> Ordering {
        (self.n * o.d).cmp(&(o.n * self.d))
    }
}

/// Whether the engine's `value` is the rational `q` to 20 places: |round20(value) − q| ≤ 10^-20
/// (the 20-place rounding costs half a unit, the one division at 28 significant digits less).
fn agrees_to_20_places(value: Decimal, q: Q) -> bool {
    let key = key_units(value).expect("small values");
    (key * q.d - q.n * 10i128.pow(20)).abs() <= q.d
}

// ---------------------------------------------------------------------------------------------
// allocation problems

/// Byte-wise order: `P10` < `P2` < `P9` < `a`.
const ID_POOL: [&str; 10] = ["A", "B", "P1", "P10", "P2", "P9", "Z", "a", "b", "p"];

/// An allocation problem with its headrooms also as exact rationals (num / den).
#[derive(Debug, Clone)]
struct Alloc {
    headroom: Vec<(i64, i64)>,
    ids: Vec<&'static str>,
    /// (hours, capture in thousandths)
    strategies: Vec<(u64, u32)>,
    capacity: u64,
}

impl Alloc {
    fn headroom(&self) -> Vec<Decimal> {
        self.headroom.iter().map(|&(n, d)| Decimal::from(n) / Decimal::from(d)).collect()
    }
    fn strategies(&self) -> Vec<PlanStrategy> {
        self.strategies
            .iter()
            .enumerate()
            .map(|(k, &(hours, capture))| PlanStrategy {
                name: format!("s{k}"),
                hours,
                capture: Decimal::new(capture.into(), 3),
            })
            .collect()
    }
    fn solve(&self, capacity: u64, force: Option<Method>) -> Allocation {
        let (headroom, strategies) = (self.headroom(), self.strategies());
        let problem = Problem { headroom: &headroom, ids: &self.ids, strategies: &strategies, capacity };
        allocate(&problem, force).expect("feasible by construction")
    }
    /// Every headroom an exact decimal (cents): no rounding anywhere in the uplifts.
    fn exact_decimals(&self) -> bool {
        self.headroom.iter().all(|&(_, d)| d == 1 || d == 100)
    }
    /// The uplift of (partner, strategy) exactly.
    fn uplift_q(&self, p: usize, s: usize) -> Q {
        let (n, d) = self.headroom[p];
        Q::new(i128::from(n) * i128::from(self.strategies[s].1), i128::from(d) * 1000)
    }
    /// The uplift as the engine computes it: headroom × capture in decimals.
    fn uplift(&self, p: usize, s: usize) -> Decimal {
        self.headroom()[p] * self.strategies()[s].capture
    }
    fn hours(&self, choice: &[u8]) -> u64 {
        choice.iter().map(|&s| self.strategies[s as usize].0).sum()
    }
    /// Σ uplift of a choice, exactly (the engine's Decimal sum).
    fn total(&self, choice: &[u8]) -> Decimal {
        let headroom = self.headroom();
        let strategies = self.strategies();
        choice.iter().enumerate().map(|(p, &s)| headroom[p] * strategies[s as usize].capture).sum()
    }
    /// Σ of the uplifts' 20-place keys: the quantity the exact solver maximizes.
    fn key_total(&self, choice: &[u8]) -> i128 {
        choice.iter().enumerate().map(|(p, &s)| key_units(self.uplift(p, s as usize)).unwrap()).sum()
    }
    /// Strategy indices by preference: fewer hours first, then listed first.
    fn preference_rank(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.strategies.len()).collect();
        order.sort_by_key(|&s| (self.strategies[s].0, s));
        let mut rank = vec![0; order.len()];
        for (r, &s) in order.iter().enumerate() {
            rank[s] = r;
        }
        rank
    }
    /// Partner indices in id order (byte-wise).
    fn by_id(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by(|&a, &b| self.ids[a].as_bytes().cmp(self.ids[b].as_bytes()));
        order
    }
}

fn headroom() -> impl Strategy<Value = (i64, i64)> {
    prop_oneof![
        3 => (0i64..=5).prop_map(|x| (x * 20, 1)), // few values: many ties
        3 => (0i64..=100_000).prop_map(|x| (x, 100)),
        1 => (1i64..=3_000).prop_map(|x| (x, 3)),  // 28 significant digits
        1 => (1i64..=3_000).prop_map(|x| (x, 7)),
    ]
}

fn strategy() -> impl Strategy<Value = (u64, u32)> {
    let hours = prop_oneof![1 => Just(0u64), 3 => 0u64..=8];
    let capture = prop_oneof![(0u32..=20).prop_map(|k| k * 50), 0u32..=1000];
    (hours, capture)
}

/// 1–4 strategies, partners with unique ids (random byte order), a feasible capacity from the hours
/// every partner needs at its cheapest up to a little more than every partner at its dearest.
fn alloc(partners: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Alloc> {
    (proptest::collection::vec(strategy(), 1..=4), proptest::collection::vec(headroom(), partners))
        .prop_flat_map(|(strategies, headroom)| {
            let n = headroom.len() as u64;
            let min = strategies.iter().map(|s| s.0).min().unwrap();
            let max = strategies.iter().map(|s| s.0).max().unwrap();
            let ids = Just(ID_POOL.to_vec()).prop_shuffle();
            (Just(strategies), Just(headroom), ids, n * min..=n * max + 3)
        })
        .prop_map(|(strategies, headroom, ids, capacity)| {
            let ids = ids[..headroom.len()].to_vec();
            Alloc { headroom, ids, strategies, capacity }
        })
}

/// Larger problems (no brute force): up to 40 partners; ids P000… in random order.
fn big_alloc() -> impl Strategy<Value = Alloc> {
    (proptest::collection::vec(strategy(), 1..=4), proptest::collection::vec(headroom(), 1..=40))
        .prop_flat_map(|(strategies, headroom)| {
            let n = headroom.len() as u64;
            let min = strategies.iter().map(|s| s.0).min().unwrap();
            let max = strategies.iter().map(|s| s.0).max().unwrap();
            let ids = Just((0..headroom.len()).collect::<Vec<usize>>()).prop_shuffle();
            (Just(strategies), Just(headroom), ids, n * min..=n * min + (n * (max - min)) / 2 + 3)
        })
        .prop_map(|(strategies, headroom, order, capacity)| {
            // Leaked once per case: a few bytes, and it keeps `Alloc` plain `&'static str`.
            let ids = order.iter().map(|k| &*Box::leak(format!("P{k:03}").into_boxed_str())).collect();
            Alloc { headroom, ids, strategies, capacity }
        })
}

/// The best choice by enumerating every strategy for every partner: the largest Σ of 20-place uplift
/// keys, then the fewest hours, then going through partners in id order the first difference takes the
/// more preferred strategy (fewer hours; equal hours: listed first).
fn brute_force(a: &Alloc) -> (Vec<u8>, i128) {
    let n = a.ids.len();
    let s = a.strategies.len();
    let keys: Vec<Vec<i128>> = (0..n).map(|p| (0..s).map(|k| key_units(a.uplift(p, k)).unwrap()).collect()).collect();
    let rank = a.preference_rank();
    let by_id = a.by_id();
    let mut pick = vec![0usize; n];
    let mut best: Option<(i128, u64, Vec<usize>, Vec<usize>)> = None;
    loop {
        let hours: u64 = pick.iter().map(|&k| a.strategies[k].0).sum();
        if hours <= a.capacity {
            let sum: i128 = pick.iter().enumerate().map(|(p, &k)| keys[p][k]).sum();
            let ranks: Vec<usize> = by_id.iter().map(|&p| rank[pick[p]]).collect();
            let better = match &best {
                None => true,
                Some((bs, bh, br, _)) => sum > *bs || (sum == *bs && (hours < *bh || (hours == *bh && ranks < *br))),
            };
            if better {
                best = Some((sum, hours, ranks, pick.clone()));
            }
        }
        let mut i = 0;
        loop {
            if i == n {
                let (sum, _, _, pick) = best.expect("the capacity fits every partner's cheapest");
                return (pick.into_iter().map(|k| k as u8).collect(), sum);
            }
            pick[i] += 1;
            if pick[i] < s {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
    }
}

/// Greedy as DESIGN §3 words it, in exact rationals: a partner with headroom starts at the best uplift
/// at the fewest hours (one without headroom at its cheapest, listed first); each partner's upper
/// concave hull of (hours, uplift) (collinear points kept as separate steps); all steps by uplift per
/// hour, highest first, ties by partner id then step order; a step that does not fit is skipped and
/// that partner takes no further step.
fn reference_greedy(a: &Alloc) -> Vec<u8> {
    let n = a.ids.len();
    let rank = a.preference_rank();
    let mut order: Vec<usize> = (0..a.strategies.len()).collect();
    order.sort_by_key(|&s| rank[s]);
    let mut id_rank = vec![0; n];
    for (r, p) in a.by_id().into_iter().enumerate() {
        id_rank[p] = r;
    }
    let mut choice = vec![order[0] as u8; n];
    // (rate, partner, step order, to, hours)
    let mut steps: Vec<(Q, usize, usize, usize, u64)> = Vec::new();
    for (p, start) in choice.iter_mut().enumerate() {
        if a.headroom[p].0 == 0 {
            continue; // no headroom: stays at its cheapest
        }
        // best uplift at each distinct hours (first listed on ties)
        let mut points: Vec<(u64, Q, usize)> = Vec::new();
        for &s in &order {
            let (h, u) = (a.strategies[s].0, a.uplift_q(p, s));
            match points.last_mut() {
                Some(last) if last.0 == h => {
                    if u > last.1 {
                        *last = (h, u, s);
                    }
                }
                _ => points.push((h, u, s)),
            }
        }
        let mut hull: Vec<(u64, Q, usize)> = Vec::new();
        for pt in points {
            if let Some(last) = hull.last() {
                if pt.1 <= last.1 {
                    continue;
                }
            }
            while hull.len() >= 2 {
                let (x, y) = (hull[hull.len() - 2], hull[hull.len() - 1]);
                // y strictly below the chord from x to pt
                let left = (y.1 - x.1) * Q::int((pt.0 - y.0).into());
                let right = (pt.1 - y.1) * Q::int((y.0 - x.0).into());
                if left < right {
                    hull.pop();
                } else {
                    break;
                }
            }
            hull.push(pt);
        }
        *start = hull[0].2 as u8;
        for (k, w) in hull.windows(2).enumerate() {
            let hours = w[1].0 - w[0].0;
            steps.push(((w[1].1 - w[0].1) / Q::int(hours.into()), p, k, w[1].2, hours));
        }
    }
    steps.sort_by(|x, y| y.0.cmp(&x.0).then(id_rank[x.1].cmp(&id_rank[y.1])).then(x.2.cmp(&y.2)));
    let mut left = a.capacity - a.hours(&choice);
    let mut blocked = vec![false; n];
    for (_, p, _, to, hours) in steps {
        if blocked[p] {
            continue;
        }
        if hours <= left {
            left -= hours;
            choice[p] = to as u8;
        } else {
            blocked[p] = true;
        }
    }
    choice
}

/// The LP relaxation's value by duality: min over λ ≥ 0 of λ·C + Σ_p max_s (u_ps − λ·h_s). The
/// function is convex and piecewise linear in λ, so its minimum is at 0 or at a breakpoint (a slope
/// between two strategies of one partner). In f64: an independent check, not a bit-exact one.
fn lp_by_duality(a: &Alloc) -> f64 {
    let n = a.ids.len();
    let u: Vec<Vec<f64>> = (0..n)
        .map(|p| (0..a.strategies.len()).map(|s| a.uplift_q(p, s)).map(|q| q.n as f64 / q.d as f64).collect())
        .collect();
    let h: Vec<f64> = a.strategies.iter().map(|s| s.0 as f64).collect();
    let mut lambdas = vec![0.0];
    for row in &u {
        for i in 0..h.len() {
            for j in 0..h.len() {
                if h[i] > h[j] && row[i] > row[j] {
                    lambdas.push((row[i] - row[j]) / (h[i] - h[j]));
                }
            }
        }
    }
    let dual = |l: f64| {
        l * a.capacity as f64
            + u.iter().map(|row| row.iter().zip(&h).map(|(u, h)| u - l * h).fold(f64::MIN, f64::max)).sum::<f64>()
    };
    lambdas.into_iter().map(dual).fold(f64::MAX, f64::min)
}

/// Σ uplift ≤ bound. With cents-only headrooms every uplift and the bound's whole steps are exact
/// decimals, and a gap between the LP and an allocation is at least 1/(1000 × hours), so the exact
/// Decimals compare directly. Headrooms in thirds or sevenths carry 28 significant digits: products
/// and sums round in the last digit (about 10^-24 here), so there the 20-place keys are compared with
/// one unit of slack per partner.
fn within_bound(a: &Alloc, total: Decimal, bound: Decimal) -> bool {
    if a.exact_decimals() {
        total <= bound
    } else {
        key_units(total).unwrap() <= key_units(bound).unwrap() + a.ids.len() as i128
    }
}

proptest! {
    #![proptest_config(cases(160))]

    /// (a) The exact solver equals a brute force over all strategy choices: the same best Σ uplift at
    /// 20 places, and by the tie rule the same strategy for every partner.
    #[test]
    fn exact_equals_brute_force_with_the_tie_rule(a in alloc(1..=7)) {
        let found = a.solve(a.capacity, None);
        prop_assert_eq!(found.method, Method::Exact);
        let (want, best) = brute_force(&a);
        prop_assert_eq!(a.key_total(&found.choice), best, "best Σ uplift");
        prop_assert_eq!(&found.choice, &want, "tie rule: fewest hours, then the cheaper strategy by id");
        // forcing the method that the budget picks changes nothing
        prop_assert_eq!(a.solve(a.capacity, Some(Method::Exact)), found);
    }

    /// (e) More capacity never lowers the exact Σ uplift.
    #[test]
    fn more_capacity_never_lowers_the_exact_uplift(a in alloc(1..=7), more in 1u64..=12) {
        let before = a.solve(a.capacity, Some(Method::Exact));
        let after = a.solve(a.capacity + more, Some(Method::Exact));
        prop_assert!(a.key_total(&after.choice) >= a.key_total(&before.choice));
        // and the LP bound does not fall either
        prop_assert!(cmp_key(after.upper_bound) >= cmp_key(before.upper_bound));
    }
}

proptest! {
    #![proptest_config(cases(128))]

    /// (b, c, d) Both methods fit the capacity, exact ≥ greedy, both ≤ upper_bound, and upper_bound is
    /// the LP relaxation's value; greedy is DESIGN's greedy. Up to 40 partners, and the small problems.
    #[test]
    fn both_methods_fit_and_stay_under_the_lp_bound(a in prop_oneof![alloc(1..=7), big_alloc()]) {
        let exact = a.solve(a.capacity, Some(Method::Exact));
        let greedy = a.solve(a.capacity, Some(Method::Greedy));
        prop_assert_eq!((exact.method, greedy.method), (Method::Exact, Method::Greedy));
        prop_assert_eq!(exact.choice.len(), a.ids.len());
        prop_assert_eq!(greedy.choice.len(), a.ids.len());
        prop_assert_eq!(exact.upper_bound, greedy.upper_bound, "the bound does not depend on the method");
        prop_assert!(a.hours(&exact.choice) <= a.capacity, "exact hours {} > {}", a.hours(&exact.choice), a.capacity);
        prop_assert!(a.hours(&greedy.choice) <= a.capacity, "greedy hours {} > {}", a.hours(&greedy.choice), a.capacity);
        prop_assert!(a.key_total(&exact.choice) >= a.key_total(&greedy.choice), "exact < greedy");
        let bound = exact.upper_bound;
        prop_assert!(within_bound(&a, a.total(&exact.choice), bound), "exact {} > bound {}", a.total(&exact.choice), bound);
        prop_assert!(within_bound(&a, a.total(&greedy.choice), bound), "greedy {} > bound {}", a.total(&greedy.choice), bound);
        let lp = lp_by_duality(&a);
        let b: f64 = bound.to_string().parse().unwrap();
        prop_assert!((b - lp).abs() <= 1e-9 * (1.0 + lp.abs()), "upper_bound {} vs LP {}", bound, lp);
        prop_assert_eq!(&greedy.choice, &reference_greedy(&a), "greedy per DESIGN");
    }
}

// ---------------------------------------------------------------------------------------------
// whole plans

const PERIODS: [&str; 6] = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"];
const CATEGORIES: [&str; 3] = ["MSP", "VAR", "SI"];

#[derive(Debug, Clone)]
struct PartnerCase {
    category: Option<usize>,
    /// in cents
    potential: Option<i64>,
    sales_reps: Option<u32>,
    /// (period index, revenue in cents or an empty cell)
    rows: Vec<(usize, Option<i64>)>,
}

#[derive(Debug, Clone)]
struct PlanCase {
    baseline: String,
    periods: u64,
    strategies: Vec<(u64, u32)>,
    capacity_extra: u64,
    target: i64,
    /// (annual revenue, time to revenue in days)
    new_partner: Option<(i64, u64)>,
    plan_days: Option<u64>,
    /// avg deal size in cents, win rate in thousandths, deals per rep
    deals: (i64, u32, u32),
    partners: Vec<PartnerCase>,
    ids: Vec<&'static str>,
    stray_rows: usize,
}

impl PlanCase {
    fn capacity(&self) -> u64 {
        self.partners.len() as u64 * self.strategies.iter().map(|s| s.0).min().unwrap() + self.capacity_extra
    }

    fn config(&self) -> String {
        let strategies: Vec<String> = self
            .strategies
            .iter()
            .enumerate()
            .map(|(k, (h, c))| {
                format!(r#"{{"name": "s{k}", "hours": {h}, "capture": "{}"}}"#, Decimal::new((*c).into(), 3))
            })
            .collect();
        let new_partner = match self.new_partner {
            Some((r, t)) => format!(r#", "new_partner": {{"annual_revenue": "{r}", "time_to_revenue_days": {t}}}"#),
            None => String::new(),
        };
        let plan_days = self.plan_days.map_or(String::new(), |d| format!(r#", "plan_days": {d}"#));
        let (deal, win, per_rep) = self.deals;
        format!(
            r#"{{"name": "prop", "goal": {{"target": "{}"}}, "periods_per_plan": {}, "baseline": {},
               "capacity_hours": {}, "strategies": [{}], "avg_deal_size": "{}", "win_rate": "{}",
               "deals_per_rep": {per_rep}{new_partner}{plan_days}}}"#,
            self.target,
            self.periods,
            self.baseline,
            self.capacity(),
            strategies.join(", "),
            Decimal::new(deal, 2),
            Decimal::new(win.into(), 3),
        )
    }

    /// Partners CSV in the order `order` (indices into `partners`).
    fn partners_csv(&self, order: &[usize]) -> String {
        let mut out = String::from("id,category,potential,sales_reps\n");
        for &i in order {
            let p = &self.partners[i];
            let category = p.category.map_or("", |c| CATEGORIES[c]);
            let potential = p.potential.map_or(String::new(), |v| Decimal::new(v, 2).to_string());
            let reps = p.sales_reps.map_or(String::new(), |r| r.to_string());
            out.push_str(&format!("{},{category},{potential},{reps}\n", self.ids[i]));
        }
        out
    }

    /// History CSV, partners in the order `order`; `reversed` writes each partner's rows last period
    /// first. Rows of a partner outside the plan (`ZZ`) come first.
    fn history_csv(&self, order: &[usize], reversed: bool) -> String {
        let mut out = String::from("partner_id,period,revenue\n");
        for period in &PERIODS[..self.stray_rows] {
            out.push_str(&format!("ZZ,{period},5\n"));
        }
        for &i in order {
            let mut rows = self.partners[i].rows.clone();
            if reversed {
                rows.reverse();
            }
            for (q, v) in rows {
                let v = v.map_or(String::new(), |v| Decimal::new(v, 2).to_string());
                out.push_str(&format!("{},{},{v}\n", self.ids[i], PERIODS[q]));
            }
        }
        out
    }

    fn solve(&self, order: &[usize], reversed: bool) -> (PlanReport, Plan, Partners, History) {
        let plan = Plan::from_json(&self.config()).expect("valid config");
        let partners = Partners::from_csv(&self.partners_csv(order)).expect("valid partners");
        let history = History::from_csv(&self.history_csv(order, reversed)).expect("valid history");
        let report = plan.solve(&partners, &history).expect("solves");
        (report, plan, partners, history)
    }
}

fn partner_case() -> impl Strategy<Value = PartnerCase> {
    let value = prop_oneof![8 => (-5_000i64..200_000).prop_map(Some), 1 => Just(None)];
    (
        proptest::option::of(0usize..3),
        proptest::option::weighted(0.3, 0i64..300_000),
        proptest::option::of(0u32..5),
        proptest::sample::subsequence((0..PERIODS.len()).collect::<Vec<_>>(), 0..=PERIODS.len()),
        proptest::collection::vec(value, PERIODS.len()),
    )
        .prop_map(|(category, potential, sales_reps, periods, values)| PartnerCase {
            category,
            potential,
            sales_reps,
            rows: periods.into_iter().map(|q| (q, values[q])).collect(),
        })
}

fn baseline_json() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"method": "trailing"}"#.to_string()),
        Just(r#"{"method": "trend"}"#.to_string()),
        Just(r#"{"method": "run_rate"}"#.to_string()),
        (1u64..=5).prop_map(|w| format!(r#"{{"method": "run_rate", "window": {w}}}"#)),
    ]
}

fn plan_case() -> impl Strategy<Value = PlanCase> {
    let config = (
        baseline_json(),
        1u64..=4,
        proptest::collection::vec(strategy(), 1..=3),
        0u64..=30,
        prop_oneof![1i64..=5_000, 1i64..=20_000],
        proptest::option::of((1i64..=3_000, prop_oneof![0u64..=200, 300u64..=500])),
        proptest::option::of(100u64..=400),
        (1i64..=100_000, 0u32..=1000, 1u32..=5),
    );
    let partners =
        (proptest::collection::vec(partner_case(), 1..=9), Just(ID_POOL.to_vec()).prop_shuffle(), 0usize..=2);
    (config, partners).prop_map(
        |(
            (baseline, periods, strategies, capacity_extra, target, new_partner, plan_days, deals),
            (partners, ids, stray),
        )| {
            let ids = ids[..partners.len()].to_vec();
            PlanCase {
                baseline,
                periods,
                strategies,
                capacity_extra,
                target,
                new_partner,
                plan_days,
                deals,
                partners,
                ids,
                stray_rows: stray,
            }
        },
    )
}

/// ceil at the 20-place value, checked from both sides: n × unit ≥ x (to the 20-place slack) and
/// (n − 1) × unit < x.
fn is_ceil(n: u64, x: Decimal, unit: Decimal) -> bool {
    let slack = unit * Decimal::new(1, 18);
    let covers = Decimal::from(n) * unit >= x - slack;
    let minimal = n == 0 || Decimal::from(n - 1) * unit < x;
    covers && minimal && (n > 0 || cmp_key(x) <= Decimal::ZERO)
}

/// QUARTILE.INC(values, 3), written out: position (n − 1) × 3/4, interpolated.
fn third_quartile(values: &mut [Decimal]) -> Decimal {
    if values.is_empty() {
        return Decimal::ZERO;
    }
    values.sort();
    let pos = Decimal::from(values.len() - 1) * Decimal::new(75, 2);
    let i = pos.floor();
    let lo = values[usize::try_from(i).unwrap()];
    let frac = pos - i;
    if frac.is_zero() {
        lo
    } else {
        let hi = values[usize::try_from(i).unwrap() + 1];
        lo + (hi - lo) * frac
    }
}

fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 18)
}

proptest! {
    #![proptest_config(cases(96))]

    /// (f) and every per-partner figure of §3, on whole plans.
    #[test]
    fn the_report_follows_design_and_recruits_cover_the_gap(case in plan_case()) {
        let n = case.partners.len();
        let order: Vec<usize> = (0..n).collect();
        let (report, plan, partners, history) = case.solve(&order, false);
        // one per partner, in input order
        let ids: Vec<&str> = report.partners.iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(ids, case.ids.clone());
        prop_assert_eq!(report.history_rows_ignored, case.stray_rows);
        let series = history.series(&partners, "revenue", None).unwrap();
        let strategies = plan.strategies();
        // baselines: the method on each series; potential: given, else max(baseline, category Q3)
        let baselines: Vec<Decimal> = series.values.iter().map(|s| plan.baseline().project(s, case.periods).unwrap()).collect();
        for (i, (p, pc)) in report.partners.iter().zip(&case.partners).enumerate() {
            prop_assert_eq!(p.baseline, baselines[i]);
            let potential = match pc.potential {
                Some(v) => Decimal::new(v, 2),
                None => {
                    let mut group: Vec<Decimal> = (0..n).filter(|&j| case.partners[j].category == pc.category).map(|j| baselines[j]).collect();
                    let q3 = third_quartile(&mut group);
                    if cmp_key(q3) > cmp_key(baselines[i]) { q3 } else { baselines[i] }
                }
            };
            prop_assert!(close(p.potential, potential), "{}: potential {} vs {}", p.id, p.potential, potential);
            prop_assert_eq!(p.headroom, (p.potential - p.baseline).max(Decimal::ZERO));
            let s = strategies.iter().find(|s| s.name == p.strategy).expect("a configured strategy");
            prop_assert_eq!(p.hours, s.hours);
            prop_assert_eq!(p.uplift, p.headroom * s.capture);
            prop_assert_eq!(p.expected, p.baseline + p.uplift);
            let (deal, win, per_rep) = case.deals;
            let (deal, win, per_rep) = (Decimal::new(deal, 2), Decimal::new(win.into(), 3), Decimal::from(per_rep));
            prop_assert!(is_ceil(p.deals_needed, p.expected, deal), "{}: deals {} for {} / {}", p.id, p.deals_needed, p.expected, deal);
            prop_assert!(is_ceil(p.reps_needed, Decimal::from(p.deals_needed), per_rep), "{}: reps", p.id);
            let pipeline = if p.expected.is_zero() { Some(Decimal::ZERO) } else if win.is_zero() { None } else { Some(p.expected / win) };
            prop_assert_eq!(p.pipeline_needed, pipeline);
            prop_assert_eq!(p.reps_short, pc.sales_reps.map(|have| p.reps_needed.saturating_sub(have.into())));
        }
        // totals, summed from the exact per-partner values
        let sum = |f: fn(&partnerscore::plan::PartnerPlan) -> Decimal| report.partners.iter().map(f).sum::<Decimal>();
        prop_assert_eq!(report.baseline_total, sum(|p| p.baseline));
        prop_assert_eq!(report.uplift_total, sum(|p| p.uplift));
        prop_assert_eq!(report.expected_total, sum(|p| p.expected));
        prop_assert_eq!(report.hours_used, report.partners.iter().map(|p| p.hours).sum::<u64>());
        prop_assert!(report.hours_used <= case.capacity());
        let target = Decimal::from(case.target);
        prop_assert_eq!(report.gap, (target - report.expected_total).max(Decimal::ZERO));
        prop_assert!(close(report.coverage, report.expected_total / target));
        for (k, t) in report.by_strategy.iter().enumerate() {
            let mine: Vec<_> = report.partners.iter().filter(|p| p.strategy == format!("s{k}")).collect();
            prop_assert_eq!(&t.name, &format!("s{k}"));
            prop_assert_eq!(t.partners, mine.len());
            prop_assert_eq!(t.hours, mine.iter().map(|p| p.hours).sum::<u64>());
            prop_assert_eq!(t.uplift, mine.iter().map(|p| p.uplift).sum::<Decimal>());
        }
        prop_assert!(cmp_key(report.uplift_total) <= cmp_key(report.upper_bound) + Decimal::new(n as i64, 20));

        // (f) recruits: gap 0 → 0; no new_partner or ramp 0 → null; else r × revenue × ramp ≥ gap > (r − 1) × …
        let plan_days = case.plan_days.unwrap_or(365);
        match (case.new_partner, report.recruits_needed) {
            _ if cmp_key(report.gap).is_zero() => prop_assert_eq!(report.recruits_needed, Some(0)),
            (None, got) => prop_assert_eq!(got, None),
            (Some((_, ttr)), got) if ttr >= plan_days => prop_assert_eq!(got, None),
            (Some((revenue, ttr)), got) => {
                let r = got.expect("reachable by recruiting");
                // r × revenue × (plan_days − ttr) / plan_days ≥ gap, multiplied out by plan_days
                let per_recruit = Decimal::from(revenue) * Decimal::from(plan_days - ttr);
                let need = report.gap * Decimal::from(plan_days);
                prop_assert!(is_ceil(r, need, per_recruit), "recruits {} for gap {} at {} / {}", r, report.gap, per_recruit, plan_days);
                prop_assert!(r >= 1);
            }
        }
    }

    /// (g) Shuffling the partners (and writing the history rows in another order) changes nothing but
    /// the order of the results: every partner's record, its strategy included (ids are unique), and
    /// every total.
    #[test]
    fn results_do_not_depend_on_the_partners_order(
        (case, order) in plan_case().prop_flat_map(|c| {
            let n = c.partners.len();
            (Just(c), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let n = case.partners.len();
        let (a, ..) = case.solve(&(0..n).collect::<Vec<_>>(), false);
        let (b, ..) = case.solve(&order, true);
        prop_assert_eq!(b.partners.len(), n);
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(&b.partners[k], &a.partners[i]);
        }
        // totals are sums in input order: equal up to the 28th digit
        for (x, y) in [(a.baseline_total, b.baseline_total), (a.uplift_total, b.uplift_total), (a.expected_total, b.expected_total),
                       (a.gap, b.gap), (a.coverage, b.coverage), (a.upper_bound, b.upper_bound)] {
            prop_assert!(close(x, y), "{} vs {}", x, y);
        }
        prop_assert_eq!((a.hours_used, a.method, a.recruits_needed, a.history_rows_ignored),
                        (b.hours_used, b.method, b.recruits_needed, b.history_rows_ignored));
        for (x, y) in a.by_strategy.iter().zip(&b.by_strategy) {
            prop_assert_eq!((&x.name, x.partners, x.hours), (&y.name, y.partners, y.hours));
            prop_assert!(close(x.uplift, y.uplift));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// baselines

#[derive(Debug, Clone, Copy)]
enum Method3 {
    Trailing,
    RunRate(u64),
    Trend,
}

/// The baseline straight from DESIGN's words, in exact rationals.
fn reference_baseline(method: Method3, ys: &[Q], periods: u64) -> Q {
    let k = ys.len();
    if k == 0 {
        return Q::int(0);
    }
    let last = |m: usize| ys[k - m.min(k)..].iter().fold(Q::int(0), |acc, y| acc + *y);
    let value = match method {
        Method3::Trailing => last(periods as usize),
        Method3::RunRate(w) => {
            let m = (w as usize).min(k);
            last(m) * Q::int(periods.into()) / Q::int(m as i128)
        }
        Method3::Trend if k == 1 => ys[0].max0() * Q::int(periods.into()),
        Method3::Trend => {
            // slope = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², intercept = ȳ − slope·t̄
            let kq = Q::int(k as i128);
            let t_bar = Q::new(k as i128 - 1, 2);
            let y_bar = ys.iter().fold(Q::int(0), |acc, y| acc + *y) / kq;
            let (mut sxy, mut sxx) = (Q::int(0), Q::int(0));
            for (t, y) in ys.iter().enumerate() {
                let dt = Q::int(t as i128) - t_bar;
                sxy = sxy + dt * (*y - y_bar);
                sxx = sxx + dt * dt;
            }
            let slope = sxy / sxx;
            let intercept = y_bar - slope * t_bar;
            (k..k + periods as usize)
                .map(|t| (intercept + slope * Q::int(t as i128)).max0())
                .fold(Q::int(0), |acc, v| acc + v)
        }
    };
    value.max0()
}

proptest! {
    #![proptest_config(cases(256))]

    /// (h) trailing / run_rate / trend against the rational reference, to 20 places; floored at 0.
    #[test]
    fn baselines_match_a_rational_reference(
        method in prop_oneof![Just(Method3::Trailing), Just(Method3::Trend), (1u64..=8).prop_map(Method3::RunRate)],
        ys in proptest::collection::vec(-50i64..=300, 0..=8),
        cents in any::<bool>(),
        falling in any::<bool>(),
        periods in 1u64..=6,
    ) {
        // `falling`: sort descending, so trend lines cross zero and their points are floored
        let mut ys = ys;
        if falling {
            ys.sort_unstable_by(|a, b| b.cmp(a));
        }
        let scale = if cents { 2 } else { 0 };
        let series: Vec<Decimal> = ys.iter().map(|&y| Decimal::new(y, scale)).collect();
        let exact: Vec<Q> = ys.iter().map(|&y| Q::new(y.into(), 10i128.pow(scale))).collect();
        let engine = match method {
            Method3::Trailing => BaselineMethod::Trailing,
            Method3::RunRate(w) => BaselineMethod::RunRate { window: w },
            Method3::Trend => BaselineMethod::Trend,
        };
        let got = engine.project(&series, periods).expect("no overflow");
        let want = reference_baseline(method, &exact, periods);
        prop_assert!(got >= Decimal::ZERO);
        prop_assert!(agrees_to_20_places(got, want), "{:?} of {:?} over {}: engine {} vs {}/{}", method, series, periods, got, want.n, want.d);
    }
}
