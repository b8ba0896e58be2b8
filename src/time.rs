//! Simulated time: whole seconds in UTC, RFC 3339 timestamps and short
//! durations (`"90m"`, `"36h"`, `"7d"`). Nothing here reads the wall clock.

use std::fmt;

use serde::{Serialize, Serializer};

/// An instant of simulated time: seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

/// A span of simulated time in seconds.
pub type Seconds = i64;

pub const MINUTE: Seconds = 60;
pub const HOUR: Seconds = 3_600;
pub const DAY: Seconds = 86_400;

impl SimTime {
    /// 2026-01-01T00:00:00Z: where a scenario starts unless it says.
    pub const DEFAULT_START: SimTime = SimTime(1_767_225_600);

    /// Parses `YYYY-MM-DDTHH:MM:SS` with `Z` or a `±HH:MM` offset
    /// (fractional seconds are truncated).
    pub fn parse_rfc3339(s: &str) -> Result<SimTime, NotRfc3339> {
        let bad = || NotRfc3339(s.to_string());
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r).and_then(|x| x.parse::<i64>().ok()).ok_or_else(bad)
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || se > 60
        {
            return Err(bad());
        }
        let mut rest = &s[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6
                && (rest.starts_with('+') || rest.starts_with('-'))
                && &rest[3..4] == ":" =>
            {
                let oh: i64 = rest[1..3].parse().map_err(|_| bad())?;
                let om: i64 = rest[4..6].parse().map_err(|_| bad())?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * HOUR + om * MINUTE)
            }
            _ => return Err(bad()),
        };
        Ok(SimTime(
            days_from_civil(y, mo, d) * DAY + h * HOUR + mi * MINUTE + se - offset,
        ))
    }

    /// This instant plus `seconds`, saturating at the ends of time.
    pub fn plus(self, seconds: Seconds) -> SimTime {
        SimTime(self.0.saturating_add(seconds))
    }

    /// Seconds from `earlier` to this instant.
    pub fn since(self, earlier: SimTime) -> Seconds {
        self.0 - earlier.0
    }

    /// The calendar month (UTC) this instant falls in: its first instant,
    /// and the first instant of the next month.
    pub fn month(self) -> (SimTime, SimTime) {
        let (y, m, _) = civil_from_days(self.0.div_euclid(DAY));
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        (
            SimTime(days_from_civil(y, m, 1) * DAY),
            SimTime(days_from_civil(ny, nm, 1) * DAY),
        )
    }
}

impl fmt::Display for SimTime {
    /// RFC 3339, in UTC, to the second. A describe's answer and a report
    /// print many: a year of four digits is written digit by digit into a
    /// buffer, without the formatting machinery.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(DAY);
        let secs = self.0.rem_euclid(DAY);
        let (y, m, d) = civil_from_days(days);
        let (h, mi, s) = (secs / HOUR, secs % HOUR / MINUTE, secs % MINUTE);
        if !(0..=9999).contains(&y) {
            return write!(f, "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
        }
        let mut text = *b"0000-00-00T00:00:00Z";
        for (at, n) in [
            (0..4, y),
            (5..7, m),
            (8..10, d),
            (11..13, h),
            (14..16, mi),
            (17..19, s),
        ] {
            digits(&mut text[at], n);
        }
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

/// `n` in decimal, filling `field` (zero-padded on the left).
fn digits(field: &mut [u8], mut n: i64) {
    for c in field.iter_mut().rev() {
        *c = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

impl Serialize for SimTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SimTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        SimTime::parse_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

/// A timestamp that is not RFC 3339: the text as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 time such as 2026-01-01T00:00:00Z")]
pub struct NotRfc3339(pub String);

/// The longest duration accepted anywhere (an `advance`, a workload's
/// `until` or `every`): a century of 365.25-day years, 36,525 days. It
/// keeps every later instant far inside what `SimTime` holds.
pub const MAX_DURATION: Seconds = 36_525 * DAY;

/// Why a duration was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Not of the form `90m`, `36h`, `7d`.
    Malformed(String),
    /// Well formed, but longer than [`MAX_DURATION`].
    TooLong(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Malformed(s) => write!(
                f,
                "`{s}` is not a duration such as \"90m\", \"36h\" or \"7d\""
            ),
            DurationError::TooLong(s) => write!(
                f,
                "`{s}` is longer than a century: at most 36525d (100 years of 365.25 days)"
            ),
        }
    }
}

/// Parses a duration: a whole number and a unit, `s`, `m`, `h` or `d`
/// (`"90m"`, `"36h"`, `"7d"`); several may be joined (`"1d12h"`). At most
/// [`MAX_DURATION`]: a number too large for any clock is refused as too
/// long, not as malformed.
pub fn parse_duration(s: &str) -> Result<Seconds, DurationError> {
    let bad = || DurationError::Malformed(s.to_string());
    let too_long = || DurationError::TooLong(s.to_string());
    let mut total: Seconds = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => MINUTE,
            'h' => HOUR,
            'd' => DAY,
            _ => return Err(bad()),
        };
        if digits.is_empty() {
            return Err(bad());
        }
        // Digits alone can't fail to parse but by overflowing.
        let n: Seconds = digits.parse().map_err(|_| too_long())?;
        total = n
            .checked_mul(unit)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(too_long)?;
        digits.clear();
        any = true;
    }
    if !digits.is_empty() || !any {
        return Err(bad());
    }
    if total > MAX_DURATION {
        return Err(too_long());
    }
    Ok(total)
}

/// Formats seconds as a short duration (`"5m 30s"`, `"1h 02m"`, `"3d 4h"`).
pub fn format_duration(seconds: Seconds) -> String {
    let s = seconds.max(0);
    match s {
        s if s < MINUTE => format!("{s}s"),
        s if s < HOUR => format!("{}m {:02}s", s / MINUTE, s % MINUTE),
        s if s < DAY => format!("{}h {:02}m", s / HOUR, s % HOUR / MINUTE),
        s => format!("{}d {}h", s / DAY, s % DAY / HOUR),
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_start_is_new_years_day_2026() {
        assert_eq!(
            SimTime::parse_rfc3339("2026-01-01T00:00:00Z"),
            Ok(SimTime::DEFAULT_START)
        );
    }

    #[test]
    fn month_bounds_cross_years_and_leap_days() {
        let t = |s: &str| SimTime::parse_rfc3339(s).unwrap();
        assert_eq!(
            t("2026-12-31T23:00:00Z").month(),
            (t("2026-12-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))
        );
        assert_eq!(
            t("2024-02-29T12:00:00Z").month(),
            (t("2024-02-01T00:00:00Z"), t("2024-03-01T00:00:00Z"))
        );
    }

    #[test]
    fn rfc3339_round_trips() {
        for s in [
            "2026-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "2100-12-31T12:30:05Z",
        ] {
            assert_eq!(SimTime::parse_rfc3339(s).unwrap().to_string(), s);
        }
        assert_eq!(
            SimTime::parse_rfc3339("2026-01-01T02:00:00+02:00").unwrap(),
            SimTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap()
        );
        assert_eq!(
            SimTime::parse_rfc3339("2026-01-01T00:00:00.123Z")
                .unwrap()
                .to_string(),
            "2026-01-01T00:00:00Z"
        );
        assert!(SimTime::parse_rfc3339("2026-02-30T00:00:00Z").is_err());
        assert!(SimTime::parse_rfc3339("yesterday").is_err());
    }

    /// The digit-by-digit writing agrees with the formatting machinery's,
    /// and a year out of four digits is still written.
    #[test]
    fn times_print_as_formatted() {
        let formatted = |t: SimTime| {
            let (y, m, d) = civil_from_days(t.0.div_euclid(DAY));
            let s = t.0.rem_euclid(DAY);
            let (h, mi, s) = (s / HOUR, s % HOUR / MINUTE, s % MINUTE);
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        };
        for t in (-3 * DAY..400 * 366 * DAY).step_by(7_919 * 13) {
            assert_eq!(SimTime(t).to_string(), formatted(SimTime(t)));
        }
        for t in [SimTime(i64::MAX / 2), SimTime(-80_000 * 366 * DAY)] {
            assert_eq!(t.to_string(), formatted(t));
        }
    }

    #[test]
    fn durations_parse_and_format() {
        assert_eq!(parse_duration("90m"), Ok(90 * MINUTE));
        assert_eq!(parse_duration("36h"), Ok(36 * HOUR));
        assert_eq!(parse_duration("1d12h"), Ok(DAY + 12 * HOUR));
        assert!(parse_duration("7 days").is_err());
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("d").is_err());
        assert_eq!(parse_duration("36525d"), Ok(MAX_DURATION));
        assert!(matches!(
            parse_duration("36526d"),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            parse_duration("99999999999999999999d"),
            Err(DurationError::TooLong(_))
        ));
        assert_eq!(format_duration(330), "5m 30s");
        assert_eq!(format_duration(3_720), "1h 02m");
    }
}
