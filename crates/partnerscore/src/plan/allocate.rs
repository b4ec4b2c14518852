//! Allocation of manager hours (DESIGN §3): one strategy per partner maximizing Σ uplift within the
//! capacity. Exact multiple-choice knapsack by dynamic programming over whole hours when it fits the cell
//! budget, otherwise greedy along each partner's upper hull; the LP relaxation's value is the upper bound.
//!
//! Uplifts are compared by their 20-place values, as integers ([`key_units`]): the DP adds and compares
//! `i128`s. Its choices take one byte per (partner, hours) cell; two rows of values are kept.

use rust_decimal::Decimal;

use super::Strategy;
use crate::decimal::{cmp_key, key_units, POW10};
use crate::error::{Error, Result};

/// The DP is used while partners × strategies × (C + 1) stays within this many cells.
pub const EXACT_CELL_BUDGET: u128 = 50_000_000;

/// How the allocation was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The exact optimum (dynamic programming over whole hours).
    Exact,
    /// Greedy along each partner's upper concave hull.
    Greedy,
}

impl Method {
    /// `exact` or `greedy`, as reported.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Greedy => "greedy",
        }
    }
}

/// The chosen strategy of every partner, how it was found, and the LP bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// Per partner (problem order), the index of its strategy in the problem's strategies.
    pub choice: Vec<u8>,
    /// Exact or greedy.
    pub method: Method,
    /// The LP relaxation's Σ uplift: no allocation does better.
    pub upper_bound: Decimal,
}

/// An allocation problem: every partner's headroom and id, the strategies and the manager's hours.
/// uplift(partner, strategy) = headroom × capture.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    /// Per partner, max(0, potential − baseline).
    pub headroom: &'a [Decimal],
    /// Per partner, its id (ties go by id, byte-wise).
    pub ids: &'a [&'a str],
    /// The strategies (at most 255).
    pub strategies: &'a [Strategy],
    /// The hours available.
    pub capacity: u64,
}

/// One step along a partner's hull: from its current strategy to `to`, `hours` more for `gain` more.
#[derive(Debug, Clone, Copy)]
struct Step {
    partner: u32,
    order: u8,
    to: u8,
    hours: u64,
    gain: Decimal,
    rate: i128,
}

impl Problem<'_> {
    fn uplift(&self, p: usize, s: usize) -> Result<Decimal> {
        self.headroom[p].checked_mul(self.strategies[s].capture).ok_or_else(|| self.too_large(p))
    }

    fn too_large(&self, p: usize) -> Error {
        Error::input(
            format!("partner {}", self.ids[p]),
            "headroom too large to allocate (uplifts must stay below about 10^18)",
        )
    }

    /// Strategy indices by preference: fewer hours first, then listed first.
    fn preference(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.strategies.len()).collect();
        order.sort_by_key(|&s| (self.strategies[s].hours, s));
        order
    }

    /// Partners in id order (byte-wise).
    fn by_id(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.ids.len() as u32).collect();
        let by = |a: &u32, b: &u32| self.ids[*a as usize].cmp(self.ids[*b as usize]).then(a.cmp(b));
        #[cfg(feature = "parallel")]
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut order[..], by);
        #[cfg(not(feature = "parallel"))]
        order.sort_unstable_by(by);
        order
    }

    /// The hours every partner at its cheapest strategy needs, or the infeasibility error.
    fn check_feasible(&self, cheapest: u64) -> Result<()> {
        let n = self.ids.len() as u128;
        let needed = n * u128::from(cheapest);
        if needed > u128::from(self.capacity) {
            return Err(Error::input(
                "capacity_hours",
                format!(
                    "the {n} partners need at least {needed} hours ({cheapest} each at the cheapest strategy), \
                     capacity_hours is {}",
                    self.capacity
                ),
            ));
        }
        Ok(())
    }
}

/// Allocates hours as DESIGN §3 says: exact when partners × strategies × (C + 1) fits
/// [`EXACT_CELL_BUDGET`], greedy otherwise; `force` picks the method regardless (the exact DP then takes
/// partners × (C + 1) bytes, whatever the budget). Both report the LP bound. Fails when even the cheapest
/// strategy for every partner exceeds the capacity, naming the hours needed.
pub fn allocate(problem: &Problem<'_>, force: Option<Method>) -> Result<Allocation> {
    if problem.strategies.is_empty() || problem.strategies.len() > super::config::MAX_STRATEGIES {
        return Err(Error::input("strategies", "an allocation needs 1 to 255 strategies"));
    }
    if problem.headroom.len() != problem.ids.len() {
        return Err(Error::input("headroom", "one headroom per partner id is needed"));
    }
    let order = problem.preference();
    let cheapest = problem.strategies[order[0]].hours;
    problem.check_feasible(cheapest)?;
    let n = problem.ids.len() as u128;
    let max_hours = problem.strategies.iter().map(|s| s.hours).max().unwrap_or(0);
    let c = u128::from(problem.capacity).min(n * u128::from(max_hours));
    let cells = n * problem.strategies.len() as u128 * (c + 1);
    let steps = hull_steps(problem)?;
    let upper_bound = lp_bound(problem, &steps)?;
    let exact_fits = cells <= EXACT_CELL_BUDGET;
    let (choice, method) = if force.map_or(exact_fits, |m| m == Method::Exact) {
        (exact(problem, &order, c as usize)?, Method::Exact)
    } else {
        (greedy(problem, &steps), Method::Greedy)
    };
    Ok(Allocation { choice, method, upper_bound })
}

/// The exact optimum: partners are added in descending id order, so reading the choices back from the
/// first id picks, at each partner, the most preferred strategy that still reaches the optimum.
/// `best[h]` is the largest Σ uplift of the partners so far using exactly `h` hours.
fn exact(problem: &Problem<'_>, order: &[usize], c: usize) -> Result<Vec<u8>> {
    const NONE: i128 = i128::MIN;
    let n = problem.ids.len();
    let by_id = problem.by_id();
    let width = c + 1;
    // The 20-place keys of every uplift; their sum must fit an i128 so no DP addition overflows.
    let mut keys = vec![0i128; n * problem.strategies.len()];
    let mut bound: i128 = 0;
    for p in 0..n {
        let mut most = 0i128;
        for s in 0..problem.strategies.len() {
            let key = key_units(problem.uplift(p, s)?).ok_or_else(|| problem.too_large(p))?;
            keys[p * problem.strategies.len() + s] = key;
            most = most.max(key);
        }
        bound = bound.checked_add(most).ok_or_else(|| problem.too_large(p))?;
    }
    let usable: Vec<(usize, usize)> =
        order.iter().map(|&s| (s, problem.strategies[s].hours as usize)).filter(|&(_, h)| h <= c).collect();
    let mut choices = vec![0u8; n * width];
    let mut prev = vec![NONE; width];
    let mut cur = vec![NONE; width];
    prev[0] = 0;
    for (row, &p) in by_id.iter().rev().enumerate() {
        let p = p as usize;
        let cells = &mut choices[row * width..(row + 1) * width];
        cur.fill(NONE);
        for &(s, h) in &usable {
            let key = keys[p * problem.strategies.len() + s];
            for (i, (slot, &before)) in cur[h..].iter_mut().zip(&prev[..width - h]).enumerate() {
                if before != NONE && before + key > *slot {
                    *slot = before + key;
                    cells[i + h] = s as u8;
                }
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // The fewest hours among the largest sums.
    let mut hours = 0;
    for (h, &value) in prev.iter().enumerate() {
        if value > prev[hours] {
            hours = h;
        }
    }
    if prev[hours] == NONE {
        return Err(Error::Internal("the allocation DP found no feasible total".into()));
    }
    let mut choice = vec![0u8; n];
    for (row, &p) in by_id.iter().rev().enumerate().rev() {
        let s = choices[row * width + hours];
        choice[p as usize] = s;
        hours -= problem.strategies[s as usize].hours as usize;
    }
    Ok(choice)
}

/// Hull vertices of the strategies' (hours, capture) points: the best capture at the fewest hours, then
/// each point not strictly below the upper concave hull with more hours and more capture. Collinear points
/// stay, as separate steps. Uplift = headroom × capture, so this is every partner's hull (headroom > 0).
fn hull(strategies: &[Strategy], order: &[usize]) -> Vec<usize> {
    // The best capture at each distinct number of hours (first listed on ties).
    let mut points: Vec<usize> = Vec::new();
    for &s in order {
        if let Some(last) = points.last_mut() {
            if strategies[*last].hours == strategies[s].hours {
                if strategies[s].capture > strategies[*last].capture {
                    *last = s;
                }
                continue;
            }
        }
        points.push(s);
    }
    let below = |a: usize, b: usize, c: usize| {
        // b strictly below the line from a to c: slope(a→b) < slope(b→c)
        let (a, b, c) = (&strategies[a], &strategies[b], &strategies[c]);
        let left = (b.capture - a.capture) * Decimal::from(c.hours - b.hours);
        let right = (c.capture - b.capture) * Decimal::from(b.hours - a.hours);
        left < right
    };
    let mut vertices: Vec<usize> = Vec::new();
    for s in points {
        if let Some(&last) = vertices.last() {
            if strategies[s].capture <= strategies[last].capture {
                continue;
            }
        }
        while vertices.len() >= 2 && below(vertices[vertices.len() - 2], vertices[vertices.len() - 1], s) {
            vertices.pop();
        }
        vertices.push(s);
    }
    vertices
}

/// Every partner's hull steps, sorted by uplift per hour (highest first), then partner id, then step
/// order. A partner's later step never sorts before its earlier one: rates are clamped non-increasing.
fn hull_steps(problem: &Problem<'_>) -> Result<Vec<Step>> {
    let order = problem.preference();
    let vertices = hull(problem.strategies, &order);
    let mut steps = Vec::with_capacity(problem.ids.len() * vertices.len().saturating_sub(1));
    for p in 0..problem.ids.len() {
        if cmp_key(problem.headroom[p]) <= Decimal::ZERO {
            continue;
        }
        let mut last_rate = i128::MAX;
        for (k, pair) in vertices.windows(2).enumerate() {
            let (from, to) = (&problem.strategies[pair[0]], &problem.strategies[pair[1]]);
            let hours = to.hours - from.hours;
            // headroom × (capture_to − capture_from): one product instead of two
            let gain =
                problem.headroom[p].checked_mul(to.capture - from.capture).ok_or_else(|| problem.too_large(p))?;
            let rate = rate_key(gain, hours).ok_or_else(|| problem.too_large(p))?;
            last_rate = last_rate.min(rate);
            steps.push(Step { partner: p as u32, order: k as u8, to: pair[1] as u8, hours, gain, rate: last_rate });
        }
    }
    // Ids are compared only between steps of equal rate.
    let ids = problem.ids;
    sort_steps(&mut steps, |a, b| {
        b.rate
            .cmp(&a.rate)
            .then_with(|| ids[a.partner as usize].cmp(ids[b.partner as usize]))
            .then(a.partner.cmp(&b.partner))
            .then(a.order.cmp(&b.order))
    });
    Ok(steps)
}

/// gain / hours rounded half away from zero to 20 places, as an integer count of 10^-20, computed
/// exactly in integers: gain = m × 10^-s, so gain / hours × 10^20 = m × 10^(20 − s) / hours.
fn rate_key(gain: Decimal, hours: u64) -> Option<i128> {
    let (m, s) = (gain.mantissa(), gain.scale());
    let places = crate::decimal::COMPARE_PLACES;
    let (numerator, denominator) = if s <= places {
        (m.checked_mul(POW10[(places - s) as usize])?, i128::from(hours))
    } else {
        (m, i128::from(hours).checked_mul(POW10[(s - places) as usize])?)
    };
    let (q, r) = (numerator / denominator, numerator % denominator);
    Some(if r.unsigned_abs() >= (denominator - r.abs()).unsigned_abs() { q + numerator.signum() } else { q })
}

#[cfg(feature = "parallel")]
fn sort_steps(steps: &mut [Step], by: impl Fn(&Step, &Step) -> std::cmp::Ordering + Sync) {
    use rayon::slice::ParallelSliceMut;
    steps.par_sort_unstable_by(by);
}

#[cfg(not(feature = "parallel"))]
fn sort_steps(steps: &mut [Step], by: impl Fn(&Step, &Step) -> std::cmp::Ordering) {
    steps.sort_unstable_by(by);
}

/// Every partner's starting strategy: the best at the fewest hours, or the cheapest (listed first) for a
/// partner without headroom.
fn starts(problem: &Problem<'_>) -> Vec<u8> {
    let order = problem.preference();
    let best = hull(problem.strategies, &order)[0] as u8;
    problem.headroom.iter().map(|h| if cmp_key(*h) <= Decimal::ZERO { order[0] as u8 } else { best }).collect()
}

/// Greedy: every partner at its start, then steps by uplift per hour; a step that does not fit is
/// skipped and that partner takes no further step.
fn greedy(problem: &Problem<'_>, steps: &[Step]) -> Vec<u8> {
    let mut choice = starts(problem);
    let cheapest = problem.strategies[problem.preference()[0]].hours;
    let mut left = problem.capacity - problem.ids.len() as u64 * cheapest;
    let mut blocked = vec![false; problem.ids.len()];
    for step in steps {
        let p = step.partner as usize;
        if blocked[p] {
            continue;
        }
        if step.hours <= left {
            left -= step.hours;
            choice[p] = step.to;
        } else {
            blocked[p] = true;
        }
    }
    choice
}

/// The LP relaxation's value: every partner at its start, then steps by uplift per hour, the last one
/// taken in part.
fn lp_bound(problem: &Problem<'_>, steps: &[Step]) -> Result<Decimal> {
    let starts = starts(problem);
    let mut total = Decimal::ZERO;
    for (p, &s) in starts.iter().enumerate() {
        total = total.checked_add(problem.uplift(p, s as usize)?).ok_or_else(|| problem.too_large(p))?;
    }
    let cheapest = problem.strategies[problem.preference()[0]].hours;
    let mut left = problem.capacity - problem.ids.len() as u64 * cheapest;
    for step in steps {
        let p = step.partner as usize;
        let gain = if step.hours <= left {
            left -= step.hours;
            step.gain
        } else {
            let part =
                step.gain.checked_mul(Decimal::from(left)).and_then(|g| g.checked_div(Decimal::from(step.hours)));
            left = 0;
            part.ok_or_else(|| problem.too_large(p))?
        };
        total = total.checked_add(gain).ok_or_else(|| problem.too_large(p))?;
        if left == 0 {
            break;
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategies(list: &[(&str, u64, &str)]) -> Vec<Strategy> {
        list.iter()
            .map(|(name, hours, capture)| Strategy {
                name: name.to_string(),
                hours: *hours,
                capture: capture.parse().unwrap(),
            })
            .collect()
    }

    fn solve(headroom: &[i64], ids: &[&str], strategies: &[Strategy], capacity: u64) -> (Vec<u8>, Method, Decimal) {
        let headroom: Vec<Decimal> = headroom.iter().map(|h| Decimal::from(*h)).collect();
        let a = allocate(&Problem { headroom: &headroom, ids, strategies, capacity }, None).unwrap();
        (a.choice, a.method, a.upper_bound)
    }

    fn greedy_of(headroom: &[i64], ids: &[&str], strategies: &[Strategy], capacity: u64) -> Vec<u8> {
        let headroom: Vec<Decimal> = headroom.iter().map(|h| Decimal::from(*h)).collect();
        let problem = Problem { headroom: &headroom, ids, strategies, capacity };
        greedy(&problem, &hull_steps(&problem).unwrap())
    }

    #[test]
    fn exact_takes_the_best_sum_then_fewest_hours_then_cheaper_for_the_lower_id() {
        let s = strategies(&[("invest", 10, "0.5"), ("maintain", 4, "0.2"), ("none", 0, "0")]);
        // Capacity 10: invest one (50 or 40) or maintain both (20 + 16 = 36): invest A.
        assert_eq!(solve(&[100, 80], &["A", "B"], &s, 10).0, [0, 2]);
        // Equal headroom, capacity for one invest (maintaining both: 40): B and A tie at 50; A (lower id) gets the cheaper
        // strategy, so B invests — input order B, A.
        assert_eq!(solve(&[100, 100], &["B", "A"], &s, 10).0, [0, 2]);
        // Headroom 0: the cheapest strategy, whatever the capacity.
        assert_eq!(solve(&[0, 100], &["A", "B"], &s, 100).0, [2, 0]);
        // Equal sums with different hours: maintain+maintain (8 h, 50) vs invest+none (10 h, 50) → 8 hours.
        let s2 = strategies(&[("invest", 10, "0.5"), ("maintain", 4, "0.5"), ("none", 0, "0")]);
        let (choice, method, _) = solve(&[100, 0], &["A", "B"], &s2, 20);
        assert_eq!((choice, method), (vec![1, 2], Method::Exact));
    }

    #[test]
    fn rate_keys_are_the_20_place_quotient() {
        for (gain, hours) in [
            ("100", 3u64),
            ("0.0000000000000000000149", 3),
            ("-7.5", 2),
            ("12345.6789012345678901234567", 7),
            ("2", 3),
            ("0", 80),
            ("79228162514264.337593543950335", 999_999),
        ] {
            let g: Decimal = gain.parse().unwrap();
            let decimal = key_units(g / Decimal::from(hours));
            assert_eq!(rate_key(g, hours), decimal, "{gain} / {hours}");
        }
        // Exactly half a unit at the 21st place rounds away from zero.
        let half: Decimal = "0.000000000000000000015".parse().unwrap();
        assert_eq!(rate_key(half, 1), Some(2));
        assert_eq!(rate_key(-half, 1), Some(-2));
    }

    #[test]
    fn upper_bound_is_the_lp_relaxation() {
        let s = strategies(&[("invest", 10, "0.5"), ("none", 0, "0")]);
        // Rates: A 100×0.5/10 = 5 per hour, B 80×0.5/10 = 4. Capacity 15: A fully (50), half of B (20).
        let (choice, _, bound) = solve(&[100, 80], &["A", "B"], &s, 15);
        assert_eq!(choice, [0, 1]);
        assert_eq!(bound, Decimal::from(70));
    }

    #[test]
    fn hull_skips_points_below_it_and_keeps_collinear_ones() {
        // (0, 0), (4, 0.1) below the line to (8, 0.4), (12, 0.6) collinear with (8, 0.4) → (16, 0.8)
        let s = strategies(&[
            ("a", 0, "0"),
            ("b", 4, "0.1"),
            ("c", 8, "0.4"),
            ("d", 12, "0.6"),
            ("e", 16, "0.8"),
            ("f", 16, "0.7"),
            ("g", 20, "0.8"),
        ]);
        let order: Vec<usize> = (0..s.len()).collect();
        assert_eq!(hull(&s, &order), [0, 2, 3, 4]);
    }

    #[test]
    fn greedy_skips_a_step_that_does_not_fit_and_stops_that_partner() {
        // Hull: none (0 h) → maintain (4 h, 0.3) → invest (10 h, 0.5).
        let s = strategies(&[("invest", 10, "0.5"), ("maintain", 4, "0.3"), ("none", 0, "0")]);
        // Steps by rate: A maintain 7.5/h, B maintain 6/h, A invest 100×0.2/6 = 3.33/h, B invest 2.67/h.
        // Capacity 12: A maintain (8 left), B maintain (4 left), A invest needs 6: skipped, A stops;
        // B invest needs 6: skipped.
        assert_eq!(greedy_of(&[100, 80], &["A", "B"], &s, 12), [1, 1]);
        // Capacity 14: A maintain, B maintain, A invest (6 → 0 left).
        assert_eq!(greedy_of(&[100, 80], &["A", "B"], &s, 14), [0, 1]);
    }

    #[test]
    fn infeasible_capacity_names_the_hours_needed() {
        let s = strategies(&[("invest", 10, "0.5"), ("maintain", 4, "0.3")]);
        let headroom = [Decimal::ONE, Decimal::ONE, Decimal::ONE];
        let err = allocate(&Problem { headroom: &headroom, ids: &["A", "B", "C"], strategies: &s, capacity: 11 }, None)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "capacity_hours: the 3 partners need at least 12 hours (4 each at the cheapest strategy), \
             capacity_hours is 11"
        );
    }

    #[test]
    fn greedy_beyond_the_cell_budget() {
        let s = strategies(&[("invest", 1000, "0.5"), ("none", 0, "0")]);
        let n = 60_000;
        let ids: Vec<String> = (0..n).map(|i| format!("P{i:06}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let headroom: Vec<i64> = (0..n).map(|i| (i % 97) as i64).collect();
        // 60,000 × 2 × (min(2,500, 60,000,000) + 1) > 50,000,000? No: 300M cells with capacity 2,500.
        let (choice, method, _) = solve(&headroom, &ids, &s, 2_500);
        assert_eq!(method, Method::Greedy);
        // Two invest slots of 1,000 hours: the two largest headrooms (96) with the lowest ids.
        let invested: Vec<usize> = (0..n).filter(|&p| choice[p] == 0).collect();
        assert_eq!(invested, [96, 193]);
    }
}
