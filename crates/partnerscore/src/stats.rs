//! Small exact statistics: Excel's QUARTILE.INC and PERCENTRANK.INC, and ranks from one sort.
//!
//! Every comparison uses the 20-place key ([`cmp_key`]). Values are sorted once; counts of values
//! strictly below and above each one come from a single pass over runs of equal keys, so ranking n
//! values costs one sort and no binary search per value.

use rust_decimal::Decimal;

use crate::decimal::{cmp_key, key_units};

/// Overflow while summing or interpolating: the caller names where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// QUARTILE.INC(values, q) (q = 0…4) over `n` sorted values read through `at(i)`: linear
/// interpolation at position (n − 1)·q/4. `None` for no values.
pub fn quartile_inc(n: usize, at: impl Fn(usize) -> Decimal, q: u32) -> Result<Option<Decimal>, Overflow> {
    if n == 0 {
        return Ok(None);
    }
    let scaled = (n - 1) * q as usize; // position × 4
    let (i, rem) = (scaled / 4, scaled % 4);
    if rem == 0 || i + 1 >= n {
        return Ok(Some(at(i.min(n - 1))));
    }
    let frac = Decimal::from(rem as u64) / Decimal::from(4u64);
    let diff = at(i + 1).checked_sub(at(i)).ok_or(Overflow)?;
    let step = diff.checked_mul(frac).ok_or(Overflow)?;
    at(i).checked_add(step).map(Some).ok_or(Overflow)
}

/// Σ values, or `Overflow`.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v).ok_or(Overflow))
}

/// Σ / n, `None` for n = 0.
pub fn checked_mean(sum: Decimal, n: usize) -> Option<Decimal> {
    (n > 0).then(|| sum / Decimal::from(n as u64))
}

/// PERCENTRANK.INC from the count of values strictly below and the number of values:
/// below / (n − 1), and 1 when n ≤ 1.
pub fn percent_rank(below: u32, n: usize) -> Decimal {
    if n <= 1 {
        Decimal::ONE
    } else {
        Decimal::from(below) / Decimal::from((n - 1) as u64)
    }
}

/// Sort keys: exact 20-place integers when every value fits, else rounded decimals.
#[derive(Debug, Clone)]
enum Keys {
    Units(Vec<i128>),
    Decimals(Vec<Decimal>),
}

/// Values of some rows sorted by their 20-place key, with tie-aware counts.
#[derive(Debug, Clone)]
pub struct Ranked {
    rows: Vec<u32>,
    keys: Keys,
    /// For each sorted position: values strictly below it.
    below: Vec<u32>,
}

impl Ranked {
    /// Sorts `(value, row)` pairs by the value's 20-place key.
    pub fn new(items: Vec<(Decimal, u32)>) -> Ranked {
        let units: Option<Vec<(i128, u32)>> = items.iter().map(|&(d, r)| key_units(d).map(|k| (k, r))).collect();
        let (rows, keys) = match units {
            Some(mut pairs) => {
                pairs.sort_unstable();
                let rows = pairs.iter().map(|p| p.1).collect();
                (rows, Keys::Units(pairs.into_iter().map(|p| p.0).collect()))
            }
            None => {
                let mut pairs: Vec<(Decimal, u32)> = items.into_iter().map(|(d, r)| (cmp_key(d), r)).collect();
                pairs.sort_unstable();
                let rows = pairs.iter().map(|p| p.1).collect();
                (rows, Keys::Decimals(pairs.into_iter().map(|p| p.0).collect()))
            }
        };
        let below = match &keys {
            Keys::Units(k) => below_counts(k),
            Keys::Decimals(k) => below_counts(k),
        };
        Ranked { rows, keys, below }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows in ascending order of value.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    /// `(row, below, above)` for every value: the counts of values strictly below and above it.
    pub fn counts(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        let n = self.rows.len() as u32;
        let mut above = 0u32;
        let mut run_end = 0usize;
        (0..self.rows.len()).map(move |p| {
            if p >= run_end {
                // the run of equal keys starting here ends where `below` next changes
                run_end = p + 1;
                while run_end < self.below.len() && self.below[run_end] == self.below[p] {
                    run_end += 1;
                }
                above = n - run_end as u32;
            }
            (self.rows[p], self.below[p], above)
        })
    }

    /// Number of values whose key is strictly below `v`'s key.
    pub fn count_below(&self, v: Decimal) -> usize {
        match (&self.keys, key_units(v)) {
            (Keys::Units(k), Some(u)) => k.partition_point(|x| *x < u),
            (Keys::Units(k), None) => {
                if v.is_sign_negative() {
                    0
                } else {
                    k.len()
                }
            }
            (Keys::Decimals(k), _) => {
                let key = cmp_key(v);
                k.partition_point(|x| *x < key)
            }
        }
    }

    /// Number of values whose key is at most `v`'s key.
    pub fn count_at_most(&self, v: Decimal) -> usize {
        match (&self.keys, key_units(v)) {
            (Keys::Units(k), Some(u)) => k.partition_point(|x| *x <= u),
            (Keys::Units(k), None) => {
                if v.is_sign_negative() {
                    0
                } else {
                    k.len()
                }
            }
            (Keys::Decimals(k), _) => {
                let key = cmp_key(v);
                k.partition_point(|x| *x <= key)
            }
        }
    }
}

/// For sorted keys: at each position, the number of keys strictly below it.
fn below_counts<K: PartialEq>(keys: &[K]) -> Vec<u32> {
    let mut below = Vec::with_capacity(keys.len());
    let mut run_start = 0u32;
    for (p, k) in keys.iter().enumerate() {
        if p > 0 && *k != keys[p - 1] {
            run_start = p as u32;
        }
        below.push(run_start);
    }
    below
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    fn quartile(v: &[Decimal], q: u32) -> String {
        quartile_inc(v.len(), |i| v[i], q).unwrap().unwrap().normalize().to_string()
    }

    #[test]
    fn quartiles_match_excel() {
        // Excel: QUARTILE.INC({1,2,3,4,5,6,7,8},1) = 2.75, ,2 = 4.5, ,3 = 6.25
        let v = ds(&[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(quartile(&v, 1), "2.75");
        assert_eq!(quartile(&v, 2), "4.5");
        assert_eq!(quartile(&v, 3), "6.25");
        assert_eq!(quartile(&v, 4), "8");
        assert_eq!(quartile(&ds(&[7]), 3), "7");
        assert_eq!(quartile_inc(0, |_| Decimal::ZERO, 3).unwrap(), None);
    }

    fn ranked(values: &[Decimal]) -> Ranked {
        Ranked::new(values.iter().enumerate().map(|(r, d)| (*d, r as u32)).collect())
    }

    #[test]
    fn percent_rank_matches_excel() {
        // PERCENTRANK.INC({10,20,20,40}, 20) = 1/3; of 40 = 1; of 10 = 0
        let r = ranked(&ds(&[40, 20, 10, 20]));
        let mut counts: Vec<(u32, u32, u32)> = r.counts().collect();
        counts.sort_unstable();
        assert_eq!(counts, vec![(0, 3, 0), (1, 1, 1), (2, 0, 3), (3, 1, 1)]);
        assert_eq!(percent_rank(1, 4), Decimal::ONE / Decimal::from(3));
        assert_eq!(percent_rank(0, 1), Decimal::ONE);
        assert_eq!(r.rows()[0], 2);
    }

    #[test]
    fn integer_keys_and_decimal_fallback_agree() {
        let third = Decimal::ONE / Decimal::from(3);
        // 1/3 × 3 = 0.999…9 shares its 20-place key with 1
        let small: Vec<Decimal> = ds(&[3, 1, 2]).into_iter().chain([third, third * Decimal::from(3)]).collect();
        let huge = Decimal::from_i128_with_scale(10i128.pow(27), 0);
        let with_huge: Vec<Decimal> = small.iter().copied().chain([huge]).collect();
        let (fast, slow) = (ranked(&small), ranked(&with_huge));
        assert!(matches!(fast.keys, Keys::Units(_)) && matches!(slow.keys, Keys::Decimals(_)));
        for v in [Decimal::ONE, third, Decimal::from(2)] {
            assert_eq!(fast.count_below(v), slow.count_below(v));
            assert_eq!(fast.count_at_most(v), slow.count_at_most(v));
        }
        assert_eq!(fast.count_below(Decimal::from(2)), 3);
        let one_rows: Vec<(u32, u32, u32)> = fast.counts().filter(|c| c.0 == 1 || c.0 == 4).collect();
        assert_eq!(one_rows.len(), 2);
        assert!(one_rows.iter().all(|&(_, below, above)| below == 1 && above == 2));
        assert_eq!(fast.count_below(huge), 5);
    }
}
