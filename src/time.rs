//! Time as a value. Nothing in the core reads a clock: `now` is always a parameter
//! (`SystemTime::now()` panics on `wasm32-unknown-unknown`).

use alloc::string::{String, ToString};
use core::fmt::Write as _;

use serde::de::{self, Deserialize, Deserializer};

use crate::error::ToleranceError;
use crate::spec::{Direction, TimeUnit, TimestampSpec};

/// An instant, in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime {
    millis: i64,
}

impl UnixTime {
    /// From whole seconds since the epoch.
    #[must_use]
    pub const fn from_secs(secs: i64) -> Self {
        Self {
            millis: secs.saturating_mul(1000),
        }
    }

    /// From milliseconds since the epoch.
    #[must_use]
    pub const fn from_millis(millis: i64) -> Self {
        Self { millis }
    }

    /// Whole seconds since the epoch (floored).
    #[must_use]
    pub const fn as_secs(self) -> i64 {
        self.millis.div_euclid(1000)
    }

    /// Milliseconds since the epoch.
    #[must_use]
    pub const fn as_millis(self) -> i64 {
        self.millis
    }

    /// The system clock. Only with `std`; never on `wasm32-unknown-unknown`, where callers
    /// pass `Date.now()` instead.
    #[cfg(all(feature = "std", not(target_arch = "wasm32")))]
    #[must_use]
    pub fn now() -> Self {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Self::from_millis(since)
    }

    /// RFC 3339 in UTC with second precision: `2026-11-23T17:11:49Z`.
    #[must_use]
    pub fn to_rfc3339(self) -> String {
        let secs = self.as_secs();
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let mut s = String::with_capacity(20);
        let _ = write!(
            s,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        );
        s
    }

    /// Parses RFC 3339 (`2026-11-23T17:11:49.123Z`, `...+01:00`); `None` if it is not one.
    #[must_use]
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        parse_date_time(text, false)
    }
}

/// The digits of `part` as a number (`None` if any is not a digit).
fn digits(part: &[u8]) -> Option<i64> {
    part.iter().try_fold(0i64, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// RFC 3339; with `zone_optional`, a date-time without an offset is read as UTC (Orb sends
/// ISO 8601 without one).
fn parse_date_time(text: &str, zone_optional: bool) -> Option<UnixTime> {
    let b = text.as_bytes();
    let num = |r: core::ops::Range<usize>| digits(b.get(r)?);
    let sep = |i: usize, set: &[u8]| b.get(i).is_some_and(|c| set.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if sep(i, b".") {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = b.get(start..i)?;
        millis = frac
            .iter()
            .take(3)
            .chain(core::iter::repeat(&b'0'))
            .take(3)
            .fold(0, |acc, c| acc * 10 + i64::from(c.saturating_sub(b'0')));
        if i == start {
            return None;
        }
    }
    let offset_s = match b.get(i) {
        None if zone_optional => 0,
        None => return None,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && sep(i + 3, b":") => {
            let off = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
            if *sign == b'+' { -off } else { off }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s + offset_s;
    Some(UnixTime::from_millis(secs * 1000 + millis))
}

/// How far a timestamp may be from `now`. The default is the scheme's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tolerance(ToleranceKind);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum ToleranceKind {
    #[default]
    SchemeDefault,
    Seconds(u64),
    Window {
        past_s: Option<u64>,
        future_s: Option<u64>,
    },
}

impl Tolerance {
    /// The scheme's own tolerance and direction.
    #[must_use]
    pub const fn scheme_default() -> Self {
        Self(ToleranceKind::SchemeDefault)
    }

    /// `seconds`, in the scheme's own direction (both ways, or past only).
    #[must_use]
    pub const fn seconds(seconds: u64) -> Self {
        Self(ToleranceKind::Seconds(seconds))
    }

    /// An explicit window; `None` leaves that side unlimited.
    #[must_use]
    pub const fn window(past_s: Option<u64>, future_s: Option<u64>) -> Self {
        Self(ToleranceKind::Window { past_s, future_s })
    }

    /// Accepts any timestamp. **Dangerous**: without an age limit, a captured request can be
    /// replayed forever. Use only for reprocessing stored events whose ids you deduplicate.
    #[must_use]
    pub const fn dangerous_unlimited() -> Self {
        Self(ToleranceKind::Window {
            past_s: None,
            future_s: None,
        })
    }

    /// The effective `(past, future)` window in seconds for a scheme's timestamp spec;
    /// `None` is unlimited that way.
    #[must_use]
    pub fn effective_window(self, spec: &TimestampSpec) -> (Option<u64>, Option<u64>) {
        let directed = |s: u64| match spec.direction {
            Direction::Both => (Some(s), Some(s)),
            Direction::PastOnly => (Some(s), None),
        };
        match self.0 {
            ToleranceKind::SchemeDefault => spec.tolerance_s.map_or((None, None), directed),
            ToleranceKind::Seconds(s) => directed(s),
            ToleranceKind::Window { past_s, future_s } => (past_s, future_s),
        }
    }
}

/// A tolerance's configuration form, as the Worker's routes write it: a number of seconds
/// (`300`, in the scheme's own direction), a window `{"past_s": 600, "future_s": 60}` where
/// `null` (or a missing side) is unlimited that way, or `"dangerous_unlimited"`. An unlimited
/// past must say so: `"dangerous_unlimited_past": true`.
impl<'de> Deserialize<'de> for Tolerance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize_checked(deserializer)?.map_err(de::Error::custom)
    }
}

impl Tolerance {
    /// Reads the configuration form (see the `Deserialize` impl), keeping apart its two ways
    /// of being wrong: the outer error is a value of none of its shapes (serde's message), the
    /// inner one a value of the right shape that is refused.
    ///
    /// # Errors
    /// The deserializer's error when the value has none of the shapes; inside the `Ok`, a
    /// [`ToleranceError`] for an unknown name or an unlimited past not marked dangerous.
    pub fn deserialize_checked<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Result<Self, ToleranceError>, D::Error> {
        Ok(match RawTolerance::deserialize(deserializer)? {
            RawTolerance::Seconds(s) => Ok(Self::seconds(s)),
            RawTolerance::Named(name) if name == "dangerous_unlimited" => {
                Ok(Self::dangerous_unlimited())
            }
            RawTolerance::Named(name) => Err(ToleranceError::UnknownName { name }),
            RawTolerance::Window(w) if w.past_s.is_none() && !w.dangerous_unlimited_past => {
                Err(ToleranceError::UnlimitedPastNotMarked)
            }
            RawTolerance::Window(w) => Ok(Self::window(w.past_s, w.future_s)),
        })
    }
}

/// The shapes of the configuration form. Its name is in serde's message for a value of none
/// of them ("data did not match any variant of untagged enum RawTolerance").
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum RawTolerance {
    Seconds(u64),
    Named(String),
    Window(RawWindow),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    past_s: Option<u64>,
    future_s: Option<u64>,
    #[serde(default)]
    dangerous_unlimited_past: bool,
}

/// Why a timestamp was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimestampProblem {
    TooOld { age_s: u64, tolerance_s: u64 },
    InFuture { ahead_s: u64, tolerance_s: u64 },
}

/// Parses a timestamp as sent into an instant: digits only for the numeric units, RFC 3339
/// (no offset read as UTC) for dates.
pub(crate) fn parse_timestamp(text: &str, unit: TimeUnit) -> Option<UnixTime> {
    match unit {
        TimeUnit::Rfc3339 => return parse_date_time(text, true),
        TimeUnit::Seconds | TimeUnit::Milliseconds => {}
    }
    if text.is_empty() {
        return None;
    }
    // One pass: digits only (no sign, unlike `str::parse`), and `None` past `i64::MAX`.
    let mut value: i64 = 0;
    for b in text.bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i64::from(digit))?;
    }
    match unit {
        TimeUnit::Seconds => value.checked_mul(1000).map(UnixTime::from_millis),
        _ => Some(UnixTime::from_millis(value)),
    }
}

/// A timestamp as a scheme writes it (for signing).
pub(crate) fn format_timestamp(t: UnixTime, unit: TimeUnit) -> String {
    match unit {
        TimeUnit::Seconds => t.as_secs().to_string(),
        TimeUnit::Milliseconds => t.as_millis().to_string(),
        TimeUnit::Rfc3339 => t.to_rfc3339(),
    }
}

/// Checks `ts` against `now` within `window` (seconds; `None` = unlimited that way).
pub(crate) fn check_window(
    ts: UnixTime,
    now: UnixTime,
    unit: TimeUnit,
    window: (Option<u64>, Option<u64>),
) -> Result<(), TimestampProblem> {
    // Second-unit schemes compare whole seconds, as every SDK does.
    let now_ms = match unit {
        TimeUnit::Seconds => now.as_secs().saturating_mul(1000),
        _ => now.as_millis(),
    };
    let diff = i128::from(now_ms) - i128::from(ts.as_millis());
    let ceil_s = |ms: i128| u64::try_from((ms + 999) / 1000).unwrap_or(u64::MAX);
    let (past, future) = window;
    if let Some(tol) = past
        && diff > i128::from(tol) * 1000
    {
        return Err(TimestampProblem::TooOld {
            age_s: ceil_s(diff),
            tolerance_s: tol,
        });
    }
    if let Some(tol) = future
        && -diff > i128::from(tol) * 1000
    {
        return Err(TimestampProblem::InFuture {
            ahead_s: ceil_s(-diff),
            tolerance_s: tol,
        });
    }
    Ok(())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
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
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn date_units_parse_and_format() {
        let t = parse_timestamp("2024-03-27T15:42:29.551", TimeUnit::Rfc3339).unwrap();
        assert_eq!(t.as_millis(), 1_711_554_149_551, "no offset: UTC");
        assert_eq!(
            parse_timestamp("2020-01-01T00:00:00-07:00", TimeUnit::Rfc3339),
            UnixTime::parse_rfc3339("2020-01-01T07:00:00Z")
        );
        let nanos = parse_timestamp("2019-11-16T10:11:12.634234626Z", TimeUnit::Rfc3339).unwrap();
        assert_eq!(nanos.as_millis() % 1000, 634);
        assert_eq!(UnixTime::parse_rfc3339("2024-03-27T15:42:29"), None);
        assert_eq!(parse_timestamp("1700000000", TimeUnit::Rfc3339), None);

        let t = UnixTime::from_millis(1_700_000_000_123);
        assert_eq!(format_timestamp(t, TimeUnit::Seconds), "1700000000");
        assert_eq!(format_timestamp(t, TimeUnit::Milliseconds), "1700000000123");
        assert_eq!(
            format_timestamp(t, TimeUnit::Rfc3339),
            "2023-11-14T22:13:20Z"
        );
    }

    #[test]
    fn rfc3339_round_trip() {
        let t = UnixTime::parse_rfc3339("2022-04-07T21:39:13.123Z").unwrap();
        assert_eq!(t.as_millis(), 1_649_367_553_123);
        assert_eq!(t.to_rfc3339(), "2022-04-07T21:39:13Z");
        let off = UnixTime::parse_rfc3339("2022-04-07T23:39:13+02:00").unwrap();
        assert_eq!(off.as_secs(), 1_649_367_553);
        assert_eq!(UnixTime::from_secs(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert!(UnixTime::parse_rfc3339("2022-13-07T21:39:13Z").is_none());
        assert!(UnixTime::parse_rfc3339("yesterday").is_none());
    }

    #[test]
    fn window_boundaries() {
        let now = UnixTime::from_secs(1000);
        let w = (Some(300), Some(300));
        let s = TimeUnit::Seconds;
        assert!(check_window(UnixTime::from_secs(700), now, s, w).is_ok());
        assert_eq!(
            check_window(UnixTime::from_secs(699), now, s, w),
            Err(TimestampProblem::TooOld {
                age_s: 301,
                tolerance_s: 300
            })
        );
        assert!(check_window(UnixTime::from_secs(1300), now, s, w).is_ok());
        assert_eq!(
            check_window(UnixTime::from_secs(1301), now, s, w),
            Err(TimestampProblem::InFuture {
                ahead_s: 301,
                tolerance_s: 300
            })
        );
        assert!(
            check_window(
                UnixTime::from_secs(i64::MAX / 1000),
                now,
                s,
                (Some(1), None)
            )
            .is_ok()
        );
    }

    #[test]
    fn tolerance_configuration_form() {
        let read = |json: &str| serde_json::from_str::<Tolerance>(json).map_err(|e| e.to_string());
        assert_eq!(read("300"), Ok(Tolerance::seconds(300)));
        assert_eq!(
            read(r#""dangerous_unlimited""#),
            Ok(Tolerance::dangerous_unlimited())
        );
        assert_eq!(
            read(r#"{"past_s":600,"future_s":null}"#),
            Ok(Tolerance::window(Some(600), None))
        );
        assert_eq!(
            read(r#"{"past_s":60}"#),
            Ok(Tolerance::window(Some(60), None))
        );
        assert_eq!(
            read(r#"{"past_s":null,"future_s":0,"dangerous_unlimited_past":true}"#),
            Ok(Tolerance::window(None, Some(0)))
        );
        assert_eq!(
            read(r#"{"future_s":5}"#),
            Err(ToleranceError::UnlimitedPastNotMarked.to_string())
        );
        assert_eq!(
            read(r#""forever""#).unwrap_err(),
            r#"tolerance "forever": use seconds, a window, or "dangerous_unlimited""#
        );
        for shapeless in [
            "-1",
            "1.5",
            "true",
            "[300]",
            r#"{"past_s":1,"x":2}"#,
            "null",
        ] {
            assert_eq!(
                read(shapeless).unwrap_err(),
                "data did not match any variant of untagged enum RawTolerance",
                "{shapeless}"
            );
        }
    }

    #[test]
    fn timestamp_text() {
        assert_eq!(
            parse_timestamp("12", TimeUnit::Seconds),
            Some(UnixTime::from_secs(12))
        );
        assert_eq!(parse_timestamp("-1", TimeUnit::Seconds), None);
        assert_eq!(parse_timestamp("1.5", TimeUnit::Seconds), None);
        assert_eq!(parse_timestamp("", TimeUnit::Seconds), None);
        assert_eq!(
            parse_timestamp("99999999999999999999", TimeUnit::Seconds),
            None
        );
        assert_eq!(
            parse_timestamp("9223372036854775807", TimeUnit::Seconds),
            None
        );
    }
}
