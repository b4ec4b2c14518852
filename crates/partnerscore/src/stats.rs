//! Small exact statistics: Excel's QUARTILE.INC and PERCENTRANK.INC, and ranks from one sort.
//!
//! Every comparison uses the 20-place key ([`cmp_key`]). Values are sorted once; counts of values
//! strictly below and above each one come from a single pass over runs of equal keys, so ranking n
//! values costs one sort and no binary search per value.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::decimal::{cmp_key, key_units, POW10};

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
/// below / (n − 1), and 1 when n ≤ 1. The quotient is computed in integers and rounded half away
/// from zero at 28 places, identical wherever the same fraction arises.
pub fn percent_rank(below: u32, n: usize) -> Decimal {
    if n <= 1 {
        return Decimal::ONE;
    }
    let (num, den) = (u128::from(below), (n - 1) as u128);
    if num == 0 {
        return Decimal::ZERO;
    }
    if num >= den {
        return Decimal::ONE;
    }
    const SCALE: u128 = 10u128.pow(28);
    // num < den ≤ 2^64 and num · 10^28 < 2^64 · 2^94: fits u128.
    let scaled = num * SCALE;
    let (q, r) = (scaled / den, scaled % den);
    let q = if 2 * r >= den { q + 1 } else { q };
    Decimal::from_i128_with_scale(q as i128, 28).normalize()
}

/// Values sorted with their rows, in the most compact form that keeps their order exact.
#[derive(Debug, Clone)]
enum Keys {
    /// (key − min) << 32 | row, when the key range is under 2^32.
    Packed64 { min: i128, packed: Vec<u64> },
    /// (key − min) << 32 | row, when the key range is under 2^96.
    Packed128 { min: i128, packed: Vec<u128> },
    /// Integer keys too far apart to pack.
    Pairs(Vec<(i128, u32)>),
    /// Keys beyond `i128`: rounded decimals.
    Decimals(Vec<(Decimal, u32)>),
}

/// Values of some rows sorted by their 20-place key, with tie-aware counts.
#[derive(Debug, Clone)]
pub struct Ranked {
    keys: Keys,
    /// The scale of the integer keys.
    scale: u32,
    /// Whether `scale` is the largest scale of the values themselves (≤ 20), so that integer keys
    /// are the values exactly (no rounding to 20 places happened).
    exact: bool,
}

/// Sorts on all cores when the `parallel` feature is on and the slice is large.
fn sort_fast<T: Ord + Send>(v: &mut [T]) {
    #[cfg(feature = "parallel")]
    if v.len() > 200_000 {
        use rayon::slice::ParallelSliceMut;
        v.par_sort_unstable();
        return;
    }
    v.sort_unstable();
}

/// Bits per radix digit (2048 buckets: the counts stay in L1/L2).
const RADIX_BITS: u32 = 11;

/// Stable LSD radix sort of packed `key << 32 | row` values by their key (`key_bits` wide). When the
/// rows come in ascending order, the result equals a full sort of the packed values, in a few linear
/// passes instead of a comparison sort.
fn radix_sort_by_key<T: Copy + Default>(v: &mut Vec<T>, key_bits: u32, digit: impl Fn(T, u32) -> usize) {
    const BUCKETS: usize = 1 << RADIX_BITS;
    let passes = key_bits.div_ceil(RADIX_BITS) as usize;
    if passes == 0 || v.len() < 2 {
        return;
    }
    let mut counts = vec![[0usize; BUCKETS]; passes];
    for &x in v.iter() {
        for (p, c) in counts.iter_mut().enumerate() {
            c[digit(x, p as u32 * RADIX_BITS)] += 1;
        }
    }
    let mut buf: Vec<T> = vec![T::default(); v.len()];
    for (p, c) in counts.iter_mut().enumerate() {
        if c.contains(&v.len()) {
            continue; // every value has the same digit here
        }
        let mut sum = 0;
        for slot in c.iter_mut() {
            let k = *slot;
            *slot = sum;
            sum += k;
        }
        let shift = p as u32 * RADIX_BITS;
        for &x in v.iter() {
            let d = digit(x, shift);
            buf[c[d]] = x;
            c[d] += 1;
        }
        std::mem::swap(v, &mut buf);
    }
}

/// Number of bits needed for values up to `range`.
fn bits_for(range: u128) -> u32 {
    128 - range.leading_zeros()
}

impl Ranked {
    /// Sorts `(value, row)` pairs by the value's 20-place key.
    ///
    /// Keys are integers at the largest scale present (≤ 20) when they fit; a key range under 2^32
    /// (or 2^96) packs key and row into one `u64` (or `u128`), which sorts far faster than pairs.
    pub fn new(items: Vec<(Decimal, u32)>) -> Ranked {
        Self::from_pairs(items.iter().copied())
    }

    /// Like [`Ranked::new`], reading the `(value, row)` pairs twice from an iterator instead of a
    /// vector (no intermediate copy). Rows given in ascending order sort by a radix sort.
    pub fn from_pairs(items: impl Iterator<Item = (Decimal, u32)> + Clone) -> Ranked {
        let max_scale = items.clone().map(|(d, _)| d.scale()).max().unwrap_or(0);
        let scale = max_scale.min(20);
        let exact = max_scale <= 20;
        // First pass: the key range and whether rows ascend (no vector of keys is kept; they are
        // recomputed while packing).
        let mut bounds: Option<(i128, i128)> = Some((i128::MAX, i128::MIN));
        let mut ascending = true;
        let mut last_row: Option<u32> = None;
        for (d, row) in items.clone() {
            bounds = bounds.and_then(|(lo, hi)| units_at(d, scale).map(|u| (lo.min(u), hi.max(u))));
            ascending &= last_row.is_none_or(|r| r < row);
            last_row = Some(row);
            if bounds.is_none() {
                break;
            }
        }
        let Some((min, max)) = bounds else {
            let mut pairs: Vec<(Decimal, u32)> = items.map(|(d, r)| (cmp_key(d), r)).collect();
            sort_fast(&mut pairs);
            return Ranked { keys: Keys::Decimals(pairs), scale, exact: false };
        };
        let min = if last_row.is_none() { 0 } else { min };
        let unit = |d: Decimal| units_at(d, scale).unwrap_or(min);
        let keys = match max.checked_sub(min) {
            Some(r) if r < 1 << 32 => {
                let mut packed: Vec<u64> =
                    items.map(|(d, row)| (((unit(d) - min) as u64) << 32) | u64::from(row)).collect();
                if ascending {
                    radix_sort_by_key(&mut packed, bits_for(r as u128), |x, shift| {
                        ((x >> (32 + shift)) as usize) & ((1 << RADIX_BITS) - 1)
                    });
                } else {
                    sort_fast(&mut packed);
                }
                Keys::Packed64 { min, packed }
            }
            Some(r) if r < 1 << 96 => {
                let mut packed: Vec<u128> =
                    items.map(|(d, row)| (((unit(d) - min) as u128) << 32) | u128::from(row)).collect();
                if ascending && packed.len() > 1 << 16 {
                    radix_sort_by_key(&mut packed, bits_for(r as u128), |x, shift| {
                        ((x >> (32 + shift)) as usize) & ((1 << RADIX_BITS) - 1)
                    });
                } else {
                    sort_fast(&mut packed);
                }
                Keys::Packed128 { min, packed }
            }
            _ => {
                let mut pairs: Vec<(i128, u32)> = items.map(|(d, row)| (unit(d), row)).collect();
                sort_fast(&mut pairs);
                Keys::Pairs(pairs)
            }
        };
        Ranked { keys, scale, exact }
    }

    /// The sum and the sum of magnitudes of the values at sorted positions `range`, as integers at
    /// [`Ranked::exact_scale`]; `None` when the keys are not the exact values or a sum leaves `i128`.
    pub fn exact_sum(&self, range: Range<usize>) -> Option<(i128, u128)> {
        if !self.exact {
            return None;
        }
        let add = |(sum, abs): (i128, u128), key: i128| -> Option<(i128, u128)> {
            Some((sum.checked_add(key)?, abs.checked_add(key.unsigned_abs())?))
        };
        match &self.keys {
            Keys::Packed64 { min, packed } if *min >= 0 => {
                // every key ≥ 0: one u128 sum of the offsets (each < 2^32) cannot overflow here
                let offsets: u128 = packed[range.clone()].iter().map(|x| u128::from(*x >> 32)).sum();
                let total = i128::try_from(offsets).ok()?.checked_add(min.checked_mul(range.len() as i128)?)?;
                Some((total, total.unsigned_abs()))
            }
            Keys::Packed64 { min, packed } => {
                packed[range].iter().try_fold((0, 0), |acc, x| add(acc, min + (*x >> 32) as i128))
            }
            Keys::Packed128 { min, packed } => {
                packed[range].iter().try_fold((0, 0), |acc, x| add(acc, min.checked_add((*x >> 32) as i128)?))
            }
            Keys::Pairs(pairs) => pairs[range].iter().try_fold((0, 0), |acc, (k, _)| add(acc, *k)),
            Keys::Decimals(_) => None,
        }
    }

    /// The scale of the integer keys when they are the values exactly (see [`Ranked::exact_sum`]).
    pub fn exact_scale(&self) -> Option<u32> {
        self.exact.then_some(self.scale)
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match &self.keys {
            Keys::Packed64 { packed, .. } => packed.len(),
            Keys::Packed128 { packed, .. } => packed.len(),
            Keys::Pairs(p) => p.len(),
            Keys::Decimals(p) => p.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row at sorted position `p` (ascending by value).
    pub fn row(&self, p: usize) -> u32 {
        match &self.keys {
            Keys::Packed64 { packed, .. } => packed[p] as u32,
            Keys::Packed128 { packed, .. } => packed[p] as u32,
            Keys::Pairs(v) => v[p].1,
            Keys::Decimals(v) => v[p].1,
        }
    }

    /// Whether the values at sorted positions `p` and `q` have equal keys.
    fn same_key(&self, p: usize, q: usize) -> bool {
        match &self.keys {
            Keys::Packed64 { packed, .. } => packed[p] >> 32 == packed[q] >> 32,
            Keys::Packed128 { packed, .. } => packed[p] >> 32 == packed[q] >> 32,
            Keys::Pairs(v) => v[p].0 == v[q].0,
            Keys::Decimals(v) => v[p].0 == v[q].0,
        }
    }

    /// `(row, below, above)` for every value, ascending: the counts of values strictly below and above it.
    pub fn counts(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        let n = self.len();
        let (mut run_start, mut run_end) = (0usize, 0usize);
        (0..n).map(move |p| {
            if p >= run_end {
                run_start = p;
                run_end = p + 1;
                while run_end < n && self.same_key(run_end, p) {
                    run_end += 1;
                }
            }
            (self.row(p), run_start as u32, (n - run_end) as u32)
        })
    }

    /// Number of values whose key is strictly below `v`'s key.
    pub fn count_below(&self, v: Decimal) -> usize {
        // x < v  ⟺  x < ⌈v⌉ for integer keys x
        self.partition(v, |bounds| bounds.1, false)
    }

    /// Number of values whose key is at most `v`'s key.
    pub fn count_at_most(&self, v: Decimal) -> usize {
        // x ≤ v  ⟺  x < ⌊v⌋ + 1 for integer keys x
        self.partition(v, |bounds| bounds.0 + 1, true)
    }

    /// Number of values with integer key below `limit(bounds of v)` (or, for decimal keys, below `v`,
    /// or at most `v` when `inclusive`).
    fn partition(&self, v: Decimal, limit: impl Fn((i128, i128)) -> i128, inclusive: bool) -> usize {
        if let Keys::Decimals(pairs) = &self.keys {
            let key = cmp_key(v);
            return pairs.partition_point(|(x, _)| if inclusive { *x <= key } else { *x < key });
        }
        let Some(bounds) = self.query_bounds(v) else {
            // beyond i128, so beyond every key (which all fit)
            return if v.is_sign_negative() { 0 } else { self.len() };
        };
        let limit = limit(bounds);
        match &self.keys {
            Keys::Packed64 { min, packed } => {
                let offset = limit.saturating_sub(*min);
                if offset <= 0 {
                    0
                } else if offset > i128::from(u32::MAX) {
                    packed.len()
                } else {
                    let bound = (offset as u64) << 32;
                    packed.partition_point(|x| *x < bound)
                }
            }
            Keys::Packed128 { min, packed } => {
                let offset = limit.saturating_sub(*min);
                if offset <= 0 {
                    0
                } else if offset >= 1 << 96 {
                    packed.len()
                } else {
                    let bound = (offset as u128) << 32;
                    packed.partition_point(|x| *x < bound)
                }
            }
            Keys::Pairs(pairs) => pairs.partition_point(|(x, _)| *x < limit),
            Keys::Decimals(_) => 0,
        }
    }

    /// ⌊v⌋ and ⌈v⌉ of `v`'s 20-place key in units of 10^-scale; `None` beyond `i128`.
    fn query_bounds(&self, v: Decimal) -> Option<(i128, i128)> {
        let scale = self.scale.min(20);
        if v.scale() <= scale {
            // exact at the keys' scale (`None` only beyond every key, which all fit)
            let units = v.mantissa().checked_mul(POW10[(scale - v.scale()) as usize])?;
            return Some((units, units));
        }
        // v.scale() > scale: the 20-place key (which fits, the mantissa being under 2^96) at the keys' scale
        let (units, p) = if v.scale() <= 20 {
            (v.mantissa(), POW10[(v.scale() - scale) as usize])
        } else {
            (key_units(v)?, POW10[(20 - scale) as usize])
        };
        let floor = units.div_euclid(p);
        Some((floor, if units.rem_euclid(p) == 0 { floor } else { floor + 1 }))
    }
}

/// `d` as an integer count of 10^-scale, rounded half away from zero at 20 places first (a value
/// with more than 20 places only arises when `scale` is 20). `None` when it does not fit an `i128`.
#[inline]
fn units_at(d: Decimal, scale: u32) -> Option<i128> {
    if d.scale() <= scale {
        d.mantissa().checked_mul(POW10[(scale - d.scale()) as usize])
    } else {
        // only reached for scale 20: the 20-place key itself
        let units = key_units(d)?;
        Some(units / POW10[(20 - scale.min(20)) as usize])
    }
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
        assert_eq!(r.row(0), 2);
    }

    #[test]
    fn percent_rank_is_exact_to_28_places() {
        assert_eq!(percent_rank(1, 4), Decimal::ONE / Decimal::from(3));
        assert_eq!(percent_rank(2, 4).to_string(), "0.6666666666666666666666666667");
        assert_eq!(percent_rank(3, 5), Decimal::new(75, 2));
        assert_eq!(percent_rank(0, 9), Decimal::ZERO);
        assert_eq!(percent_rank(8, 9), Decimal::ONE);
    }

    #[test]
    fn packed_and_pair_sorts_agree() {
        // a small range packs into u64, a wide one into u128, a huge one falls back to pairs
        let tiny = Decimal::new(1, 14);
        let cases: Vec<Vec<Decimal>> = vec![
            (0..200i64).map(|k| Decimal::from((k * 7919) % 101)).collect(),
            (0..200i64).map(|k| Decimal::from(((k * 7919) % 101) << 40)).collect(),
            (0..200i64).map(|k| Decimal::from(((k * 7919) % 101 - 50) * 10i64.pow(13)) + tiny).collect(),
        ];
        for (case, values) in cases.into_iter().enumerate() {
            let spread = case;
            let r = ranked(&values);
            let mut sorted = values.clone();
            sorted.sort();
            let by_rows: Vec<Decimal> = (0..r.len()).map(|p| values[r.row(p) as usize]).collect();
            assert_eq!(by_rows, sorted, "spread {spread}");
            for (row, below, above) in r.counts() {
                let v = values[row as usize];
                assert_eq!(below as usize, values.iter().filter(|x| **x < v).count());
                assert_eq!(above as usize, values.iter().filter(|x| **x > v).count());
            }
        }
    }

    #[test]
    fn integer_keys_and_decimal_fallback_agree() {
        let third = Decimal::ONE / Decimal::from(3);
        // 1/3 × 3 = 0.999…9 shares its 20-place key with 1
        let small: Vec<Decimal> = ds(&[3, 1, 2]).into_iter().chain([third, third * Decimal::from(3)]).collect();
        let huge = Decimal::from_i128_with_scale(10i128.pow(27), 0);
        let with_huge: Vec<Decimal> = small.iter().copied().chain([huge]).collect();
        let (fast, slow) = (ranked(&small), ranked(&with_huge));
        assert!(matches!(fast.keys, Keys::Packed128 { .. }) && matches!(slow.keys, Keys::Decimals(_)));
        for v in [Decimal::ONE, third, Decimal::from(2)] {
            assert_eq!(fast.count_below(v), slow.count_below(v));
            assert_eq!(fast.count_at_most(v), slow.count_at_most(v));
        }
        assert_eq!(fast.count_below(Decimal::from(2)), 3);
        let one_rows: Vec<(u32, u32, u32)> = fast.counts().filter(|c| c.0 == 1 || c.0 == 4).collect();
        assert_eq!(one_rows.len(), 2);
        assert!(one_rows.iter().all(|&(_, below, above)| below == 1 && above == 2));
        assert_eq!(fast.count_below(huge), 5);
        // queries finer than the keys' scale: keys {0, 1} at scale 0 against 0.75
        let r = ranked(&ds(&[0, 1]));
        assert_eq!(r.count_below(Decimal::new(75, 2)), 1);
        assert_eq!(r.count_at_most(Decimal::new(75, 2)), 1);
        assert_eq!(r.count_below(Decimal::new(-25, 2)), 0);
        assert_eq!(r.count_at_most(Decimal::new(-25, 2)), 0);
        assert_eq!(r.count_below(Decimal::ONE), 1);
        assert_eq!(r.count_at_most(Decimal::ONE), 2);
    }
}
