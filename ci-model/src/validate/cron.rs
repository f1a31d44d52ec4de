//! Cron expressions as GitHub's scheduler reads them: five fields (minute,
//! hour, day of month, month, day of week), each `*`, a number, a range
//! `a-b`, a list `a,b`, with an optional step `/n`; months `JAN`-`DEC` and days
//! `SUN`-`SAT` by name.

const FIELDS: [(&str, u32, u32); 5] =
    [("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6)];

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// `Ok` for a valid expression, else why it is not.
pub(crate) fn check(cron: &str) -> Result<(), String> {
    let parts: Vec<&str> = cron.split_whitespace().collect();
    if parts.len() != 5 {
        return Err(format!("expected 5 fields (minute hour day-of-month month day-of-week), found {}", parts.len()));
    }
    for (i, (part, (name, lo, hi))) in parts.iter().zip(FIELDS).enumerate() {
        field(part, i, lo, hi).map_err(|e| format!("{name} field `{part}`: {e}"))?;
    }
    Ok(())
}

fn field(text: &str, index: usize, lo: u32, hi: u32) -> Result<(), String> {
    for item in text.split(',') {
        if item.is_empty() {
            return Err("empty list item".to_owned());
        }
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if let Some(s) = step {
            let n: u32 = s.parse().map_err(|_| format!("step `{s}` is not a number"))?;
            if n == 0 {
                return Err("step must be at least 1".to_owned());
            }
        }
        if range == "*" {
            continue;
        }
        let (a, b) = match range.split_once('-') {
            Some((a, b)) => (value(a, index, lo, hi)?, Some(value(b, index, lo, hi)?)),
            None => (value(range, index, lo, hi)?, None),
        };
        if let Some(b) = b
            && b < a
        {
            return Err(format!("range {a}-{b} runs backwards"));
        }
    }
    Ok(())
}

fn value(text: &str, index: usize, lo: u32, hi: u32) -> Result<u32, String> {
    let upper = text.to_ascii_uppercase();
    let named = match index {
        3 => MONTHS.iter().position(|m| *m == upper).map(|i| i as u32 + 1),
        4 => DAYS.iter().position(|d| *d == upper).map(|i| i as u32),
        _ => None,
    };
    if let Some(n) = named {
        return Ok(n);
    }
    let n: u32 = text.parse().map_err(|_| match index {
        3 => format!("`{text}` is not a number {lo}-{hi} or a month `JAN`-`DEC`"),
        4 => format!("`{text}` is not a number {lo}-{hi} or a day `SUN`-`SAT`"),
        _ => format!("`{text}` is not a number {lo}-{hi}"),
    })?;
    if n < lo || n > hi {
        return Err(format!("{n} is out of range {lo}-{hi}"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn valid_expressions() {
        for c in ["0 9 * * 1", "*/15 * * * *", "0 0 1,15 * *", "30 2 * JAN-MAR mon-fri", "0 0 * * 0", "5 4 * * SUN"] {
            assert_eq!(check(c), Ok(()), "{c}");
        }
    }

    #[test]
    fn invalid_expressions_say_why() {
        assert_eq!(
            check("0 9 * *").unwrap_err(),
            "expected 5 fields (minute hour day-of-month month day-of-week), found 4"
        );
        assert_eq!(check("60 * * * *").unwrap_err(), "minute field `60`: 60 is out of range 0-59");
        assert_eq!(check("0 24 * * *").unwrap_err(), "hour field `24`: 24 is out of range 0-23");
        assert_eq!(check("0 0 0 * *").unwrap_err(), "day of month field `0`: 0 is out of range 1-31");
        assert_eq!(check("0 0 * 13 *").unwrap_err(), "month field `13`: 13 is out of range 1-12");
        assert_eq!(check("0 0 * * 7").unwrap_err(), "day of week field `7`: 7 is out of range 0-6");
        assert_eq!(check("*/0 * * * *").unwrap_err(), "minute field `*/0`: step must be at least 1");
        assert_eq!(check("5-1 * * * *").unwrap_err(), "minute field `5-1`: range 5-1 runs backwards");
        assert_eq!(
            check("0 0 * * FOO").unwrap_err(),
            "day of week field `FOO`: `FOO` is not a number 0-6 or a day `SUN`-`SAT`"
        );
    }
}
