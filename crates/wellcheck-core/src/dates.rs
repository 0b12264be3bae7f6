//! Calendar dates as the records write them (`YYYY-MM-DD`): checking them, and the day
//! arithmetic the outcomes (days to follow-up) and the tablet app (follow-up due) need.
//! Dates are numbers that sort by date (`20260314`), so no clock or time zone is involved.

/// `YYYY-MM-DD` as a number that sorts by date (`20260314`), or `None` if it is not of that
/// shape (the calendar itself is checked where forms are read).
pub fn date_number(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let mut number: u32 = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if index == 4 || index == 7 {
            continue;
        }
        if !byte.is_ascii_digit() {
            return None;
        }
        number = number * 10 + u32::from(byte - b'0');
    }
    Some(number)
}

/// Days since 1970-01-01 of a date number (`20260314`), by the proleptic Gregorian calendar
/// (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(date: u32) -> i64 {
    let (year, month, day) = (
        i64::from(date / 10_000),
        i64::from(date / 100 % 100),
        i64::from(date % 100),
    );
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date number (`20260314`) of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`); `None` outside years 1 to 9999.
pub fn from_days(days: i64) -> Option<u32> {
    let days = days.checked_add(719_468)?;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    if !(1..=9999).contains(&year) {
        return None;
    }
    u32::try_from(year * 10_000 + month * 100 + day).ok()
}

/// A date number written as `YYYY-MM-DD`.
pub fn text(date: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

/// `date` plus `days` (which may be negative), if the result is a date in years 1 to 9999.
pub fn add_days(date: u32, days: i64) -> Option<u32> {
    from_days(days_from_civil(date).checked_add(days)?)
}

/// Checks that `text` is a real calendar date written `YYYY-MM-DD`, saying what is wrong.
pub fn check(text: &str) -> Result<(), String> {
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let shape = text.len() == 10 && text.get(4..5) == Some("-") && text.get(7..8) == Some("-");
    let (Some(year), Some(month), Some(day), true) =
        (digits(0..4), digits(5..7), digits(8..10), shape)
    else {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => {
            return Err(format!(
                "`{text}` is not a date: there is no month {month:02} (months run 01 to 12)"
            ));
        }
    };
    if year == 0 {
        return Err(format!(
            "`{text}` is not a date: there is no year 0000 in the calendar"
        ));
    }
    if day == 0 || day > days_in_month {
        return Err(format!(
            "`{text}` is not a date: month {month:02} of {year:04} has {days_in_month} days"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_convert_both_ways_across_leap_years_and_centuries() {
        assert_eq!(days_from_civil(19700101), 0);
        assert_eq!(from_days(0), Some(19700101));
        for date in [
            20000229, 19000228, 19000301, 20241231, 20250101, 20260314, 99991231,
        ] {
            assert_eq!(from_days(days_from_civil(date)), Some(date), "{date}");
        }
        // Every day of 1999 to 2001 follows the one before (2000 is a leap year).
        let mut previous = days_from_civil(19990101);
        let mut date = 19990101;
        while date < 20020101 {
            let next = add_days(date, 1).unwrap_or_default();
            assert!(check(&text(next)).is_ok(), "{next}");
            assert_eq!(days_from_civil(next), previous + 1);
            previous += 1;
            date = next;
        }
        assert_eq!(add_days(20260314, 84), Some(20260606));
        assert_eq!(add_days(20260314, -365), Some(20250314));
        assert_eq!(add_days(99991231, 1), None);
        assert_eq!(add_days(20260314, i64::MAX), None);
        assert_eq!(from_days(i64::MAX), None);
        assert_eq!(from_days(i64::MIN), None);
        assert_eq!(text(20260606), "2026-06-06");
    }
}
