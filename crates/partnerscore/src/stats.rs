//! Small exact statistics: Excel's QUARTILE.INC and PERCENTRANK.INC, ranks by binary search.
//!
//! Every comparison uses [`cmp_key`] (20 places). Inputs are sorted ascending by exact value, which is
//! also ascending by key, since rounding never reverses an order.

use rust_decimal::Decimal;

use crate::decimal::cmp_key;

/// Overflow while summing or interpolating: the caller names where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// QUARTILE.INC(values, q) for sorted `values` (q = 0…4): linear interpolation at (n − 1)·q/4.
/// `None` for no values.
pub fn quartile_inc(sorted: &[Decimal], q: u32) -> Result<Option<Decimal>, Overflow> {
    let n = sorted.len();
    if n == 0 {
        return Ok(None);
    }
    let scaled = (n - 1) * q as usize; // position × 4
    let (i, rem) = (scaled / 4, scaled % 4);
    if rem == 0 || i + 1 >= n {
        return Ok(Some(sorted[i.min(n - 1)]));
    }
    let frac = Decimal::from(rem as u64) / Decimal::from(4u64);
    let diff = sorted[i + 1].checked_sub(sorted[i]).ok_or(Overflow)?;
    let step = diff.checked_mul(frac).ok_or(Overflow)?;
    sorted[i].checked_add(step).map(Some).ok_or(Overflow)
}

/// Number of sorted values whose key is strictly below `v`'s key.
pub fn count_below(sorted: &[Decimal], v: Decimal) -> usize {
    let k = cmp_key(v);
    sorted.partition_point(|x| cmp_key(*x) < k)
}

/// Number of sorted values whose key is strictly above `v`'s key.
pub fn count_above(sorted: &[Decimal], v: Decimal) -> usize {
    let k = cmp_key(v);
    sorted.len() - sorted.partition_point(|x| cmp_key(*x) <= k)
}

/// PERCENTRANK.INC of `v` among `sorted` (which contains v): (count below) / (n − 1); 1 when n ≤ 1.
pub fn percent_rank_inc(sorted: &[Decimal], v: Decimal) -> Decimal {
    let n = sorted.len();
    if n <= 1 {
        return Decimal::ONE;
    }
    Decimal::from(count_below(sorted, v) as u64) / Decimal::from((n - 1) as u64)
}

/// Σ values, or `Overflow`.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v).ok_or(Overflow))
}

/// Mean of values, `None` for none.
pub fn mean(values: &[Decimal]) -> Result<Option<Decimal>, Overflow> {
    if values.is_empty() {
        return Ok(None);
    }
    let sum = checked_sum(values.iter().copied())?;
    sum.checked_div(Decimal::from(values.len() as u64))
        .map(Some)
        .ok_or(Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn quartiles_match_excel() {
        // Excel: QUARTILE.INC({1,2,3,4,5,6,7,8},1) = 2.75, ,2 = 4.5, ,3 = 6.25
        let v = ds(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let q = |k| {
            quartile_inc(&v, k)
                .unwrap()
                .unwrap()
                .normalize()
                .to_string()
        };
        assert_eq!(q(1), "2.75");
        assert_eq!(q(2), "4.5");
        assert_eq!(q(3), "6.25");
        assert_eq!(quartile_inc(&v, 4).unwrap().unwrap(), Decimal::from(8));
        assert_eq!(
            quartile_inc(&ds(&[7]), 3).unwrap().unwrap(),
            Decimal::from(7)
        );
        assert_eq!(quartile_inc(&[], 3).unwrap(), None);
    }

    #[test]
    fn percent_rank_matches_excel() {
        // PERCENTRANK.INC({10,20,20,40}, 20) = 1/3; of 40 = 1; of 10 = 0
        let v = ds(&[10, 20, 20, 40]);
        assert_eq!(
            percent_rank_inc(&v, Decimal::from(20)),
            Decimal::ONE / Decimal::from(3)
        );
        assert_eq!(percent_rank_inc(&v, Decimal::from(40)), Decimal::ONE);
        assert_eq!(percent_rank_inc(&v, Decimal::from(10)), Decimal::ZERO);
        assert_eq!(percent_rank_inc(&ds(&[5]), Decimal::from(5)), Decimal::ONE);
        assert_eq!(count_above(&v, Decimal::from(20)), 1);
    }
}
