//! The few statistics an outcome report needs: Student's t quantile for a 95% interval, a
//! median, and rounding for display. Small schemes have small n, so the interval uses
//! Student's t, not the normal 1.96 (which would overstate certainty).

/// The 0.975 quantile of Student's t with `df` degrees of freedom: the multiplier of a
/// two-sided 95% confidence interval. `None` for `df == 0` (one value: no interval).
///
/// Solved from the t distribution itself (the regularised incomplete beta function,
/// Numerical Recipes 6.4), so it holds for every `df`, not just a printed table; tests check
/// it against the printed table (3.182 for df 3, 2.262 for df 9, 2.045 for df 29).
pub fn t_975(df: u64) -> Option<f64> {
    if df == 0 {
        return None;
    }
    let nu = df as f64;
    if df > 1_000 {
        return Some(cornish_fisher(nu));
    }
    // The two-sided tail beyond t is I_{nu/(nu+t^2)}(nu/2, 1/2); find t where it is 0.05.
    let tail = |t: f64| incomplete_beta(nu / 2.0, 0.5, nu / (nu + t * t));
    let (mut low, mut high) = (0.0_f64, 1_000.0_f64);
    for _ in 0..200 {
        let middle = (low + high) / 2.0;
        if tail(middle) > 0.05 {
            low = middle;
        } else {
            high = middle;
        }
        if high - low < 1e-12 {
            break;
        }
    }
    Some((low + high) / 2.0)
}

/// Abramowitz & Stegun 26.7.5: the t quantile from the normal one, accurate to far better
/// than a thousandth once there are over a thousand degrees of freedom.
fn cornish_fisher(nu: f64) -> f64 {
    let x: f64 = 1.959_963_984_540_054;
    let g1 = (x.powi(3) + x) / 4.0;
    let g2 = (5.0 * x.powi(5) + 16.0 * x.powi(3) + 3.0 * x) / 96.0;
    let g3 = (3.0 * x.powi(7) + 19.0 * x.powi(5) + 17.0 * x.powi(3) - 15.0 * x) / 384.0;
    x + g1 / nu + g2 / nu.powi(2) + g3 / nu.powi(3)
}

/// ln Γ(x) for x ≥ 0.5 (Lanczos, g = 7).
fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 8] = [
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut sum = 0.999_999_999_999_809_9;
    for (i, c) in COEFFICIENTS.iter().enumerate() {
        sum += c / (x + i as f64 + 1.0);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularised incomplete beta function I_x(a, b).
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(a, b, x) / a
    } else {
        1.0 - front * continued_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The median of values sorted in ascending order, in the values' own unit (for an even
/// count, the mean of the middle two).
pub fn median_of_sorted(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    let middle = sorted.get(n / 2).copied()?;
    if n % 2 == 1 {
        Some(middle as f64)
    } else {
        let below = sorted.get(n / 2 - 1).copied()?;
        Some((below as f64 + middle as f64) / 2.0)
    }
}

/// Rounds to `places` decimal places for display, without a negative zero.
pub fn round(value: f64, places: i32) -> f64 {
    let scale = 10_f64.powi(places);
    let rounded = (value * scale).round() / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn matches_the_printed_t_table() {
        // Two-sided 95% critical values of Student's t, as printed in any statistics table.
        let table = [
            (1, 12.706),
            (2, 4.303),
            (3, 3.182),
            (4, 2.776),
            (5, 2.571),
            (9, 2.262),
            (10, 2.228),
            (20, 2.086),
            (29, 2.045),
            (30, 2.042),
            (60, 2.000),
            (120, 1.980),
            (1_000, 1.962),
            (100_000, 1.960),
        ];
        for (df, printed) in table {
            let t = t_975(df).unwrap();
            assert!(
                (t - printed).abs() < 0.0005,
                "df {df}: {t} against {printed}"
            );
        }
        assert_eq!(t_975(0), None);
    }

    #[test]
    fn the_formula_and_the_series_agree_where_they_meet() {
        let exact = t_975(1_000).unwrap();
        assert!((exact - cornish_fisher(1_000.0)).abs() < 1e-6, "{exact}");
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median_of_sorted(&[]), None);
        assert_eq!(median_of_sorted(&[-3, 1, 5]), Some(1.0));
        assert_eq!(median_of_sorted(&[-3, 1, 2, 5]), Some(1.5));
        assert_eq!(round(-0.001, 2).to_string(), "0");
    }
}
