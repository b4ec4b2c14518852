//! Time to revenue with the Kaplan–Meier estimator (DESIGN §4), survival kept exact.
//!
//! S is a product of factors (n − d) / n; its numerator and denominator are kept as big integers,
//! never reduced (reducing costs a gcd per step; multiplying by a machine word costs one pass), so
//! 11/12 × 6/11 is exactly 1/2 and no number of event times can overflow.

use num_bigint::BigUint;
use rust_decimal::Decimal;

use crate::decimal::COMPARE_PLACES;

/// One observation: days from signing to first revenue (an event) or to the end of observation
/// (censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    /// Days observed.
    pub days: i64,
    /// Whether first revenue was seen (else censored).
    pub event: bool,
}

/// An exact survival probability num / den.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survival {
    num: BigUint,
    den: BigUint,
}

impl Survival {
    fn one() -> Self {
        Survival { num: BigUint::from(1u8), den: BigUint::from(1u8) }
    }

    /// Whether S ≤ 1/2, exactly.
    pub fn at_most_half(&self) -> bool {
        &self.num * 2u8 <= self.den
    }

    /// The value rounded half away from zero to 20 places (the comparison key), as a Decimal.
    pub fn to_decimal(&self) -> Decimal {
        round_ratio(&self.num, &self.den, COMPARE_PLACES)
    }

    /// 1 − S, rounded to 20 places.
    pub fn complement(&self) -> Decimal {
        round_ratio(&(&self.den - &self.num), &self.den, COMPARE_PLACES)
    }
}

/// num / den (0 ≤ num ≤ den, den > 0) rounded half away from zero to `places`.
fn round_ratio(num: &BigUint, den: &BigUint, places: u32) -> Decimal {
    let scale = BigUint::from(10u8).pow(places);
    // (2 · num · 10^p + den) / (2 · den): half rounds up
    let q: BigUint = (num * &scale * 2u8 + den) / (den * 2u8);
    let digits = q.to_u64_digits();
    let value = match digits.as_slice() {
        [] => 0u128,
        [lo] => u128::from(*lo),
        [lo, hi] => u128::from(*lo) | (u128::from(*hi) << 64),
        _ => return Decimal::ONE, // cannot happen for num ≤ den: q ≤ 10^places
    };
    Decimal::try_from_i128_with_scale(value as i128, places).unwrap_or(Decimal::ONE)
}

/// The Kaplan–Meier estimate over a set of observations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KaplanMeier {
    /// One point per distinct event time, in order: the days and S just after it.
    pub curve: Vec<(i64, Survival)>,
    /// Observations with an event.
    pub events: usize,
    /// Observations censored.
    pub censored: usize,
}

impl KaplanMeier {
    /// Estimates S from observations in any order: at each distinct event time t, S ← S × (1 − d/n)
    /// with n the observations of time ≥ t (one censored at t is still at risk at t).
    pub fn estimate(observations: &[Observation]) -> KaplanMeier {
        let mut sorted: Vec<(i64, bool)> = observations.iter().map(|o| (o.days, o.event)).collect();
        sorted.sort_unstable();
        let events = sorted.iter().filter(|o| o.1).count();
        let mut at_risk = sorted.len();
        let mut s = Survival::one();
        let mut curve = Vec::new();
        let mut i = 0;
        while i < sorted.len() {
            let t = sorted[i].0;
            let mut j = i;
            let mut d = 0usize;
            while j < sorted.len() && sorted[j].0 == t {
                d += usize::from(sorted[j].1);
                j += 1;
            }
            if d > 0 {
                s.num *= (at_risk - d) as u64;
                s.den *= at_risk as u64;
                curve.push((t, s.clone()));
            }
            at_risk -= j - i;
            i = j;
        }
        KaplanMeier { curve, events, censored: observations.len() - events }
    }

    /// S(t): the product over event times ≤ t (1 before the first).
    pub fn survival_at(&self, days: i64) -> Survival {
        match self.curve.partition_point(|(t, _)| *t <= days) {
            0 => Survival::one(),
            k => self.curve[k - 1].1.clone(),
        }
    }

    /// The smallest event time with S ≤ 1/2; `None` while S stays above it.
    pub fn median_days(&self) -> Option<i64> {
        self.curve.iter().find(|(_, s)| s.at_most_half()).map(|(t, _)| *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(list: &[(i64, bool)]) -> Vec<Observation> {
        list.iter().map(|&(days, event)| Observation { days, event }).collect()
    }

    #[test]
    fn s_lands_exactly_on_one_half() {
        // 12 observations: one event at day 10 (12 at risk → 11/12), five at day 20 (11 at risk → 6/11),
        // six still waiting at day 30.
        let mut list = vec![(10, true)];
        list.extend(std::iter::repeat_n((20, true), 5));
        list.extend(std::iter::repeat_n((30, false), 6));
        let km = KaplanMeier::estimate(&obs(&list));
        // S(10) = 11/12, S(20) = 11/12 × 6/11 = 1/2 exactly: the median is day 20.
        assert!(km.curve[1].1.at_most_half());
        assert_eq!(km.curve[1].1.to_decimal(), Decimal::new(5, 1));
        assert_eq!(km.median_days(), Some(20));
        assert_eq!((km.events, km.censored), (6, 6));
    }

    #[test]
    fn censoring_changes_the_median_from_the_naive_one() {
        // Producers at 30, 60, 90, 400 days; four partners still waiting, observed 100 days so far.
        // Naive median of producers: (60 + 90) / 2 = 75. KM: at 30: 7/8, 60: 7/8 × 6/7 = 6/8,
        // 90: 6/8 × 5/6 = 5/8; 100: four censored; 400: 1 at risk, 1 event → 0. Median 400.
        let km = KaplanMeier::estimate(&obs(&[
            (30, true),
            (60, true),
            (90, true),
            (400, true),
            (100, false),
            (100, false),
            (100, false),
            (100, false),
        ]));
        assert_eq!(km.median_days(), Some(400));
        assert_eq!(km.survival_at(90).complement(), Decimal::new(375, 3)); // 3/8 produce within 90 days
        assert_eq!(km.survival_at(89).complement(), Decimal::new(25, 2)); // day 90's event counts at 90 only
        assert_eq!(km.survival_at(5).to_decimal(), Decimal::ONE);
    }

    #[test]
    fn a_censored_observation_at_an_event_time_is_still_at_risk() {
        // 3 observations: event at 10, censored at 10, event at 20. At 10: n = 3, d = 1 → 2/3; at 20:
        // n = 1, d = 1 → 0.
        let km = KaplanMeier::estimate(&obs(&[(10, true), (10, false), (20, true)]));
        assert_eq!(km.curve[0].1.to_decimal().round_dp(4), Decimal::new(6667, 4));
        assert_eq!(km.curve[1].1.to_decimal(), Decimal::ZERO);
    }

    #[test]
    fn many_event_times_stay_exact() {
        // 2,000 distinct event times, one each: S after the k-th is (n − k)/n exactly.
        let list: Vec<(i64, bool)> = (0..2000).map(|t| (t, true)).collect();
        let km = KaplanMeier::estimate(&obs(&list));
        assert_eq!(km.curve[999].1.to_decimal(), Decimal::new(5, 1));
        assert_eq!(km.median_days(), Some(999));
        assert_eq!(km.curve[1999].1.to_decimal(), Decimal::ZERO);
    }
}
