//! Kaplan–Meier invariants (DESIGN §4): survival never increases, stays within [0, 1], and agrees with
//! a straightforward product in exact rationals; the median is the first event time at or below 1/2.

use partnerscore::health::{KaplanMeier, Observation};
use partnerscore::Decimal;
use proptest::prelude::*;

fn observations() -> impl Strategy<Value = Vec<Observation>> {
    prop::collection::vec((0i64..16, any::<bool>()), 0..80) // ≤ 16 event times: 80^16 fits u128
        .prop_map(|list| list.into_iter().map(|(days, event)| Observation { days, event }).collect())
}

/// The survival after each distinct event time, as (numerator, denominator) in u128 (small inputs).
fn reference(obs: &[Observation]) -> Vec<(i64, u128, u128)> {
    let mut times: Vec<i64> = obs.iter().filter(|o| o.event).map(|o| o.days).collect();
    times.sort_unstable();
    times.dedup();
    let (mut num, mut den) = (1u128, 1u128);
    let mut out = Vec::new();
    for t in times {
        let at_risk = obs.iter().filter(|o| o.days >= t).count() as u128;
        let events = obs.iter().filter(|o| o.event && o.days == t).count() as u128;
        num *= at_risk - events;
        den *= at_risk;
        let g = gcd(num, den);
        (num, den) = (num / g, den / g);
        out.push((t, num, den));
    }
    out
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn survival_is_non_increasing_within_bounds_and_exact(obs in observations()) {
        let km = KaplanMeier::estimate(&obs);
        let expected = reference(&obs);
        prop_assert_eq!(km.curve.len(), expected.len());
        let mut last = Decimal::ONE;
        for ((t, s), (rt, num, den)) in km.curve.iter().zip(&expected) {
            prop_assert_eq!(t, rt);
            let value = s.to_decimal();
            prop_assert!(value >= Decimal::ZERO && value <= Decimal::ONE, "{value}");
            prop_assert!(value <= last, "S rose from {last} to {value} at {t}");
            last = value;
            // Exact: S ≤ 1/2 exactly when 2 · num ≤ den.
            prop_assert_eq!(s.at_most_half(), 2 * num <= *den);
            let direct = Decimal::from_i128_with_scale(*num as i128, 0) / Decimal::from_i128_with_scale(*den as i128, 0);
            prop_assert!((value - direct).abs() < Decimal::new(1, 19), "{value} vs {direct}");
        }
        let median = expected.iter().find(|(_, n, d)| 2 * n <= *d).map(|(t, _, _)| *t);
        prop_assert_eq!(km.median_days(), median);
        prop_assert_eq!(km.events + km.censored, obs.len());
        // S(t) between event times is the last step's value.
        for probe in [0i64, 3, 8, 15, 90] {
            let want = expected.iter().rev().find(|(t, _, _)| *t <= probe).map_or(Decimal::ONE, |(_, n, d)| {
                Decimal::from_i128_with_scale(*n as i128, 0) / Decimal::from_i128_with_scale(*d as i128, 0)
            });
            prop_assert!((km.survival_at(probe).to_decimal() - want).abs() < Decimal::new(1, 19));
        }
    }
}
