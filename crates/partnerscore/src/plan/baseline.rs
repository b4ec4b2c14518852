//! Baselines: what a partner produces over the plan whether the manager shows up or not (DESIGN §3).

use rust_decimal::Decimal;

/// How a partner's baseline is projected from its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineMethod {
    /// The sum of the last `periods_per_plan` points (all of them when fewer; not scaled up).
    Trailing,
    /// The mean of the last `window` points (all when fewer) × `periods_per_plan`.
    RunRate {
        /// Points averaged (default: periods_per_plan).
        window: u64,
    },
    /// The least-squares line over the series (t = 0…k−1; one point: a flat line at it), projected for
    /// t = k…k+periods_per_plan−1, each projected point floored at 0, summed.
    Trend,
}

impl BaselineMethod {
    /// The method's name in a config (`trailing`, `run_rate`, `trend`).
    pub fn name(&self) -> &'static str {
        match self {
            BaselineMethod::Trailing => "trailing",
            BaselineMethod::RunRate { .. } => "run_rate",
            BaselineMethod::Trend => "trend",
        }
    }

    /// The baseline of one series over `periods_per_plan` periods, floored at 0; 0 for an empty series.
    /// `None` when the arithmetic overflows a decimal.
    ///
    /// Each method divides at most once, so the result is exact up to that one rounding (28 significant
    /// digits): `run_rate` is Σ × periods / n, and `trend` sums the projected points' numerators over
    /// their common denominator.
    ///
    /// ```
    /// use partnerscore::plan::BaselineMethod;
    /// use partnerscore::Decimal;
    ///
    /// let series: Vec<Decimal> = [10, 20, 30, 40, 50].map(Decimal::from).to_vec();
    /// assert_eq!(BaselineMethod::Trailing.project(&series, 4), Some(Decimal::from(140)));
    /// assert_eq!(BaselineMethod::RunRate { window: 2 }.project(&series, 4), Some(Decimal::from(180)));
    /// // The line 10 + 10t continues with 60, 70, 80, 90.
    /// assert_eq!(BaselineMethod::Trend.project(&series, 4), Some(Decimal::from(300)));
    /// ```
    pub fn project(&self, series: &[Decimal], periods_per_plan: u64) -> Option<Decimal> {
        let value = match *self {
            _ if series.is_empty() => Decimal::ZERO,
            BaselineMethod::Trailing => sum_last(series, periods_per_plan)?,
            BaselineMethod::RunRate { window } => {
                let n = series.len().min(usize::try_from(window).unwrap_or(usize::MAX));
                let sum = sum_last(series, window)?;
                sum.checked_mul(Decimal::from(periods_per_plan))?.checked_div(Decimal::from(n as u64))?
            }
            BaselineMethod::Trend => trend(series, periods_per_plan)?,
        };
        Some(value.max(Decimal::ZERO))
    }
}

/// Σ of the last `count` points (all when fewer).
fn sum_last(series: &[Decimal], count: u64) -> Option<Decimal> {
    let n = series.len().min(usize::try_from(count).unwrap_or(usize::MAX));
    series[series.len() - n..].iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
}

/// The least-squares projection. With St = Σt, Sy = Σy, Sty = Σt·y and D = k·Σt² − St², the line at t is
/// (Sy·D + N·(k·t − St)) / (k·D) where N = k·Sty − St·Sy, so every projected point is an exact
/// numerator over one common denominator: the points are floored at 0 by their numerators' sign and
/// summed before the one division.
fn trend(series: &[Decimal], periods: u64) -> Option<Decimal> {
    let k = series.len() as u64;
    if k == 1 {
        return series[0].max(Decimal::ZERO).checked_mul(Decimal::from(periods));
    }
    let (kd, kk) = (Decimal::from(k), i128::from(k));
    let st = kk * (kk - 1) / 2;
    let stt = (kk - 1) * kk * (2 * kk - 1) / 6;
    let d = Decimal::try_from_i128_with_scale(kk * stt - st * st, 0).ok()?;
    let st = Decimal::try_from_i128_with_scale(st, 0).ok()?;
    let mut sy = Decimal::ZERO;
    let mut sty = Decimal::ZERO;
    for (t, y) in series.iter().enumerate() {
        sy = sy.checked_add(*y)?;
        sty = sty.checked_add(y.checked_mul(Decimal::from(t as u64))?)?;
    }
    let n = kd.checked_mul(sty)?.checked_sub(st.checked_mul(sy)?)?;
    let base = sy.checked_mul(d)?;
    let mut total = Decimal::ZERO;
    for t in k..k.checked_add(periods)? {
        let x = kd.checked_mul(Decimal::from(t))?.checked_sub(st)?;
        let numerator = base.checked_add(n.checked_mul(x)?)?;
        if numerator > Decimal::ZERO {
            total = total.checked_add(numerator)?;
        }
    }
    total.checked_div(kd.checked_mul(d)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn series(values: &[&str]) -> Vec<Decimal> {
        values.iter().map(|v| Decimal::from_str(v).unwrap()).collect()
    }

    fn project(method: BaselineMethod, values: &[&str], periods: u64) -> String {
        method.project(&series(values), periods).unwrap().normalize().to_string()
    }

    #[test]
    fn trailing_sums_the_last_periods_without_scaling_up() {
        assert_eq!(project(BaselineMethod::Trailing, &["5", "1", "2", "3", "4"], 4), "10");
        assert_eq!(project(BaselineMethod::Trailing, &["7", "8"], 4), "15"); // fewer points: not scaled
        assert_eq!(project(BaselineMethod::Trailing, &[], 4), "0");
        assert_eq!(project(BaselineMethod::Trailing, &["10", "-30"], 4), "0"); // floored at 0
    }

    #[test]
    fn run_rate_is_the_mean_of_the_window_times_the_periods() {
        let rr = |w| BaselineMethod::RunRate { window: w };
        // last 2 of (100, 50, 70): mean 60, × 4 = 240
        assert_eq!(project(rr(2), &["100", "50", "70"], 4), "240");
        // window larger than the series: mean of all 3 = 220/3, × 4 = 880/3
        assert_eq!(project(rr(6), &["100", "50", "70"], 4), "293.33333333333333333333333333");
        assert_eq!(project(rr(4), &["12.5"], 4), "50"); // one point
        assert_eq!(project(rr(4), &[], 4), "0");
        assert_eq!(project(rr(2), &["100", "-150"], 4), "0"); // mean −25: floored
    }

    #[test]
    fn trend_projects_the_least_squares_line_flooring_each_point() {
        // y = 10, 30, 20: slope 5, intercept 15 → t = 3…6: 30, 35, 40, 45 = 150
        assert_eq!(project(BaselineMethod::Trend, &["10", "30", "20"], 4), "150");
        // y = 100, 60, 20: the line 100 − 40t → t = 3: −20 (0), t = 4: −60 (0): every point floored
        assert_eq!(project(BaselineMethod::Trend, &["100", "60", "20"], 2), "0");
        // y = 90, 60, 30, 0 → t = 4…7: −30, −60, … all 0; with y = 50, 40: 30, 20, 10, 0 → 60
        assert_eq!(project(BaselineMethod::Trend, &["50", "40"], 4), "60");
        // Only some points floored: y = 30, 20 → 10, 0, −10: 10
        assert_eq!(project(BaselineMethod::Trend, &["30", "20"], 3), "10");
        // One point: a flat line at it; none: 0; a negative single point: 0
        assert_eq!(project(BaselineMethod::Trend, &["42.5"], 4), "170");
        assert_eq!(project(BaselineMethod::Trend, &[], 4), "0");
        assert_eq!(project(BaselineMethod::Trend, &["-5"], 4), "0");
        // Non-integral slope: y = 1, 2, 4 → slope 1.5, intercept 5/6 → t = 3: 5.3333…, t = 4: 6.8333…
        assert_eq!(project(BaselineMethod::Trend, &["1", "2", "4"], 2), "12.166666666666666666666666667");
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let huge = series(&["79228162514264337593543950335", "79228162514264337593543950335"]);
        assert_eq!(BaselineMethod::Trailing.project(&huge, 4), None);
        assert_eq!(BaselineMethod::Trend.project(&huge, 4), None);
        assert_eq!(BaselineMethod::RunRate { window: 4 }.project(&huge, 4), None);
    }
}
