//! Exact decimal helpers: parsing input text, the 20-place comparison key, and output rounding.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serializer;

/// Places kept for every comparison (DESIGN "Exact, then compared").
pub const COMPARE_PLACES: u32 = 20;
/// Places reported for scores, fractions and other measures.
pub const MEASURE_PLACES: u32 = 4;
/// Places reported for amounts of money.
pub const MONEY_PLACES: u32 = 2;

/// 10^k for k = 0…28.
pub(crate) const POW10: [i128; 29] = {
    let mut p = [1i128; 29];
    let mut k = 1;
    while k < 29 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// The mantissa of `d` at 20 places, rounded half away from zero, when it fits an `i128`: the
/// comparison key as an integer count of 10^-20 (|d| up to about 1.7 × 10^18).
#[inline]
pub fn key_units(d: Decimal) -> Option<i128> {
    let (m, s) = (d.mantissa(), d.scale());
    if s <= COMPARE_PLACES {
        let (k, a) = (COMPARE_PLACES - s, m.unsigned_abs());
        // no overflow possible: |m| ≤ 2^32 and 10^k ≤ 10^20 < 2^67, or |m| < 2^64 and 10^k ≤ 10^18 < 2^60
        if a <= 1 << 32 || (a < 1 << 64 && k <= 18) {
            Some(m * POW10[k as usize])
        } else {
            m.checked_mul(POW10[k as usize])
        }
    } else {
        let p = POW10[(s - COMPARE_PLACES) as usize];
        let (q, r) = (m / p, m % p);
        Some(if 2 * r.abs() >= p { q + m.signum() } else { q })
    }
}

/// The value every comparison uses: `d` rounded to 20 decimal places, half away from zero.
#[inline]
pub fn cmp_key(d: Decimal) -> Decimal {
    if d.scale() <= COMPARE_PLACES {
        return d;
    }
    // Scale > 20 means |mantissa| < 2^96, so the rounded mantissa fits a Decimal at scale 20.
    match key_units(d).and_then(|k| Decimal::try_from_i128_with_scale(k, COMPARE_PLACES).ok()) {
        Some(k) => k,
        None => d.round_dp_with_strategy(COMPARE_PLACES, RoundingStrategy::MidpointAwayFromZero),
    }
}

/// Parses decimal text exactly: plain (`-12.50`) or scientific (`1.5e3`) notation, surrounding blanks
/// ignored. NaN, infinities, text and numbers that do not fit 28 significant digits are refused with a
/// reason fit for an error message.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    if let Some(d) = parse_canonical(text.as_bytes()) {
        return Ok(d);
    }
    let t = text.trim();
    if t.is_empty() {
        return Err("empty text is not a number".to_string());
    }
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "nan" | "inf" | "infinity") {
        return Err(format!("{t:?} is not a finite number (NaN and infinities are rejected)"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')) {
        return Err(format!("{t:?} is not a number"));
    }
    let parsed = if t.bytes().any(|b| b == b'e' || b == b'E') {
        Decimal::from_scientific(t).ok().filter(|d| {
            // from_scientific rounds silently: accept only when the digits survive.
            let mantissa: String =
                t.split(['e', 'E']).next().unwrap_or("").chars().filter(|c| c.is_ascii_digit()).collect();
            let significant = mantissa.trim_start_matches('0').trim_end_matches('0').len();
            significant <= 28 && d.scale() <= 28
        })
    } else {
        Decimal::from_str_exact(t).ok()
    };
    parsed.ok_or_else(|| format!("{t:?} is not a decimal number that fits 28 significant digits"))
}

/// Whether `text` is a number written the way [`Decimal`] prints it (`-12.50`, `7`, `0.3`), so that
/// storing it as a number loses nothing of its text.
pub(crate) fn is_canonical_decimal(text: &[u8]) -> bool {
    let digits = match text.first() {
        Some(b'-') => &text[1..],
        _ => text,
    };
    let (int, frac) = match digits.iter().position(|&b| b == b'.') {
        Some(p) => (&digits[..p], Some(&digits[p + 1..])),
        None => (digits, None),
    };
    let int_ok = !int.is_empty() && int.iter().all(u8::is_ascii_digit) && (int.len() == 1 || int[0] != b'0');
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit));
    let negative_zero = text.first() == Some(&b'-') && digits.iter().all(|&b| b == b'0' || b == b'.');
    int_ok && frac_ok && !negative_zero && int.len() + frac.map_or(0, <[u8]>::len) <= 28
}

/// The fast path for plainly written decimals (`-12.50`): digits accumulated in an integer.
/// `None` when `text` is not canonical (see [`is_canonical_decimal`]).
pub(crate) fn parse_canonical(text: &[u8]) -> Option<Decimal> {
    if !is_canonical_decimal(text) {
        return None;
    }
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let mut mantissa: i128 = 0;
    let mut scale = 0u32;
    let mut after_point = false;
    for &b in digits {
        if b == b'.' {
            after_point = true;
            continue;
        }
        // at most 28 digits (checked above): fits i128 and a Decimal's 96-bit mantissa
        mantissa = mantissa * 10 + i128::from(b - b'0');
        if after_point {
            scale += 1;
        }
    }
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale).ok()
}

/// Rounds half away from zero to 4 places and drops trailing zeros (`85`, `72.5`, `0.3333`).
pub fn round_measure(d: Decimal) -> Decimal {
    let (m, s) = rounded_mantissa(d, MEASURE_PLACES, false);
    Decimal::from_i128_with_scale(m, s)
}

/// The mantissa and scale of `d` rounded half away from zero to at most `places`; trailing zeros
/// dropped, or the scale padded up to `places` when `pad`. |mantissa| < 2^96 always holds.
fn rounded_mantissa(d: Decimal, places: u32, pad: bool) -> (i128, u32) {
    let (mut m, mut s) = (d.mantissa(), d.scale());
    if s > places {
        let p = POW10[(s - places) as usize];
        let (q, r) = (m / p, m % p);
        m = if 2 * r.abs() >= p { q + m.signum() } else { q };
        s = places;
    }
    if pad {
        m *= POW10[(places - s) as usize];
        s = places;
    } else if let Ok(mut small) = i64::try_from(m) {
        // the common case, in hardware-width arithmetic
        while s > 0 && small % 10 == 0 {
            small /= 10;
            s -= 1;
        }
        m = i128::from(small);
    } else {
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
    }
    (m, s)
}

/// Appends a mantissa at a scale as decimal text (`-12.50`); zero never carries a sign.
fn push_fixed(out: &mut Vec<u8>, m: i128, s: u32) {
    let mut digits = [0u8; 40];
    let mut len = 0;
    let mut push_digits = |mut v: u128| {
        // u64 division by a constant compiles to a multiplication; u128 division does not
        while v > u128::from(u64::MAX) {
            digits[len] = b'0' + (v % 10) as u8;
            len += 1;
            v /= 10;
        }
        let mut v = v as u64;
        loop {
            digits[len] = b'0' + (v % 10) as u8;
            len += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
    };
    push_digits(m.unsigned_abs());
    let s = s as usize;
    while len <= s {
        digits[len] = b'0';
        len += 1;
    }
    if m < 0 {
        out.push(b'-');
    }
    for k in (0..len).rev() {
        if k + 1 == s {
            out.push(b'.');
        }
        out.push(digits[k]);
    }
}

/// Appends a measure as reported (4 places, half away from zero, no trailing zeros).
pub fn write_measure(out: &mut Vec<u8>, d: Decimal) {
    let (m, s) = rounded_mantissa(d, MEASURE_PLACES, false);
    push_fixed(out, m, s);
}

/// Appends an amount of money as reported (2 places, half away from zero, both written).
pub fn write_money(out: &mut Vec<u8>, d: Decimal) {
    let (m, s) = rounded_mantissa(d, MONEY_PLACES, true);
    push_fixed(out, m, s);
}

/// A measure (score, fraction) as reported: 4 places, half away from zero, no trailing zeros.
pub fn format_measure(d: Decimal) -> String {
    let mut out = Vec::with_capacity(24);
    write_measure(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

/// An amount of money as reported: 2 places, half away from zero, always both written (`1200.50`).
pub fn format_money(d: Decimal) -> String {
    let mut out = Vec::with_capacity(24);
    write_money(&mut out, d);
    String::from_utf8(out).unwrap_or_default()
}

/// serde `serialize_with` for a measure.
pub(crate) fn ser_measure<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_measure(*d))
}

/// serde `serialize_with` for an optional measure (null when absent).
pub(crate) fn ser_opt_measure<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&format_measure(*d)),
        None => s.serialize_none(),
    }
}

/// serde `serialize_with` for an amount of money.
pub(crate) fn ser_money<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_money(*d))
}

/// serde `serialize_with` for an optional amount of money (null when absent).
pub(crate) fn ser_opt_money<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&format_money(*d)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn measures_round_half_away_and_drop_zeros() {
        assert_eq!(format_measure(d("85.0000")), "85");
        assert_eq!(format_measure(d("72.50")), "72.5");
        assert_eq!(format_measure(d("0.33333")), "0.3333");
        assert_eq!(format_measure(d("0.00005")), "0.0001");
        assert_eq!(format_measure(d("-0.00005")), "-0.0001");
        assert_eq!(format_measure(d("-0.00001")), "0");
        assert_eq!(format_measure(d("2.00025")), "2.0003");
    }

    #[test]
    fn fast_formatting_agrees_with_rust_decimal() {
        let samples = [
            "0",
            "1",
            "-1",
            "85.0000",
            "0.33333",
            "2.00025",
            "-2.00025",
            "123456789.987654321",
            "0.00004999",
            "-0.00005",
            "7.9228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.1000",
            "100",
            "1e-28",
        ];
        for s in samples {
            let x = Decimal::from_scientific(s).or_else(|_| Decimal::from_str(s)).unwrap();
            let slow = x.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero).normalize();
            let slow = if slow.is_zero() { "0".to_string() } else { slow.to_string() };
            assert_eq!(format_measure(x), slow, "{s}");
            if x.abs() > Decimal::from(10i128.pow(25)) {
                continue; // rust_decimal cannot add places to the largest magnitudes; we can
            }
            let mut money = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            if money.is_zero() {
                money = Decimal::ZERO;
            }
            money.rescale(2);
            assert_eq!(format_money(x), money.to_string(), "{s}");
        }
    }

    #[test]
    fn money_keeps_two_places() {
        assert_eq!(format_money(d("1200.5")), "1200.50");
        assert_eq!(format_money(d("3")), "3.00");
        assert_eq!(format_money(d("0.005")), "0.01");
        assert_eq!(format_money(d("-0.001")), "0.00");
    }

    #[test]
    fn parsing_is_exact_and_rejects_non_numbers() {
        assert_eq!(parse_decimal("1278166.21").unwrap(), d("1278166.21"));
        assert_eq!(parse_decimal(" 0.1 ").unwrap(), d("0.1"));
        assert_eq!(parse_decimal("1.5e3").unwrap(), d("1500"));
        assert_eq!(parse_decimal("-2E-2").unwrap(), d("-0.02"));
        for bad in ["NaN", "inf", "-Infinity", "abc", "1,5", "", "12x", "0.12345678901234567890123456789"] {
            assert!(parse_decimal(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn canonical_fast_path_matches_from_str_exact() {
        for s in
            ["0", "7", "-12.50", "0.3", "512000.10", "1234567890123456789012345678", "-0.000000000000000000000000001"]
        {
            assert_eq!(parse_canonical(s.as_bytes()), Some(Decimal::from_str_exact(s).unwrap()), "{s}");
            assert_eq!(parse_canonical(s.as_bytes()).unwrap().to_string(), s);
        }
        assert_eq!(parse_canonical(b"007"), None);
    }

    #[test]
    fn canonical_decimals() {
        for ok in ["0", "7", "-12.50", "0.3", "512000.10"] {
            assert!(is_canonical_decimal(ok.as_bytes()), "{ok}");
        }
        for no in ["007", "+5", "1.", ".5", "-0", "-0.0", "1e3", "", "-", "1 "] {
            assert!(!is_canonical_decimal(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn integer_keys_round_like_decimal() {
        let samples = [
            "0.123456789012345678905",
            "-0.123456789012345678905",
            "0.123456789012345678904999",
            "7.9228162514264337593543950335",
            "-0.0000000000000000000049",
            "0.00000000000000000000500",
            "1234567.5",
            "0",
        ];
        for s in samples {
            let x = d(s);
            let slow = x.round_dp_with_strategy(20, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(cmp_key(x), slow, "{s}");
            let units = key_units(x).unwrap();
            assert_eq!(Decimal::from_i128_with_scale(units, 20), slow, "{s}");
        }
        assert_eq!(key_units(Decimal::MAX), None);
    }

    #[test]
    fn compare_key_rounds_to_twenty_places() {
        let a = (Decimal::ONE / Decimal::from(3)) * Decimal::from(3);
        assert_ne!(a, Decimal::ONE);
        assert_eq!(cmp_key(a), Decimal::ONE);
    }
}
