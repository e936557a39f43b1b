//! Simulated time. Nothing in dsp-core reads a clock: `SimTime` is milliseconds since the
//! simulation's time zero and only moves when the caller advances it. Durations parse and print
//! in Go's `time.Duration` syntax because that is what kubectl users type and read, and
//! `human_age` reproduces kubectl's AGE column.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// An instant in simulated time: milliseconds since time zero (may be negative, e.g. for
/// nodes that were "created" before the simulation started).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

/// A span of simulated time in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub i64);

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    pub const fn from_millis(ms: i64) -> Self {
        SimDuration(ms)
    }
    /// Seconds as a duration, saturating at `i64::MAX` milliseconds (about 292 million years):
    /// user data (`sleep 9223372036854775807`, `tolerationSeconds`, grace periods) is int64
    /// seconds, and a wrap would turn a long wait into a negative one.
    pub const fn from_secs(s: i64) -> Self {
        SimDuration(s.saturating_mul(1000))
    }
    /// Minutes as a duration, saturating like [`SimDuration::from_secs`].
    pub const fn from_mins(m: i64) -> Self {
        SimDuration(m.saturating_mul(60_000))
    }
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// Parses Go duration syntax: `500ms`, `30s`, `1m30s`, `2h45m10s`, `1.5h`, `0`.
    /// Units: ns, us, µs, ms, s, m, h. Sub-millisecond parts are truncated.
    pub fn parse(text: &str) -> Result<SimDuration, String> {
        let err = || format!("time: invalid duration \"{text}\"");
        let mut s = text.trim();
        if s.is_empty() {
            return Err(err());
        }
        let mut negative = false;
        if let Some(rest) = s.strip_prefix('-') {
            negative = true;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        }
        if s == "0" {
            return Ok(SimDuration(0));
        }
        if s.is_empty() {
            return Err(err());
        }
        // Accumulate in nanoseconds (as f64-free integer arithmetic where possible).
        let mut total_ns: i128 = 0;
        let bytes: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let int_part: String = bytes[start..i].iter().collect();
            let mut frac_part = String::new();
            if i < bytes.len() && bytes[i] == '.' {
                i += 1;
                let fs = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                frac_part = bytes[fs..i].iter().collect();
            }
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(err());
            }
            let us = i;
            while i < bytes.len() && !bytes[i].is_ascii_digit() && bytes[i] != '.' {
                i += 1;
            }
            let unit: String = bytes[us..i].iter().collect();
            let unit_ns: i128 = match unit.as_str() {
                "ns" => 1,
                "us" | "µs" | "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                "" => return Err(format!("time: missing unit in duration \"{text}\"")),
                other => {
                    return Err(format!(
                        "time: unknown unit \"{other}\" in duration \"{text}\""
                    ))
                }
            };
            let whole: i128 = if int_part.is_empty() {
                0
            } else {
                int_part.parse::<i128>().map_err(|_| err())?
            };
            total_ns = total_ns
                .checked_add(whole.checked_mul(unit_ns).ok_or_else(err)?)
                .ok_or_else(err)?;
            if !frac_part.is_empty() {
                // Take at most 18 fractional digits; more precision cannot matter at ms scale.
                let digits: String = frac_part.chars().take(18).collect();
                let frac: i128 = digits.parse::<i128>().map_err(|_| err())?;
                let scale: i128 = 10i128.pow(digits.len() as u32);
                total_ns = total_ns.saturating_add(frac * unit_ns / scale);
            }
            if total_ns > i64::MAX as i128 {
                return Err(err());
            }
        }
        let ms = (total_ns / 1_000_000) as i64;
        Ok(SimDuration(if negative { -ms } else { ms }))
    }
}

impl fmt::Display for SimDuration {
    /// Go's `Duration.String()` at millisecond resolution: `0s`, `500ms`, `1.5s`, `1m30s`, `2h0m0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ms = self.0;
        if ms == 0 {
            return f.write_str("0s");
        }
        if ms < 0 {
            f.write_str("-")?;
            ms = ms.checked_neg().unwrap_or(i64::MAX);
        }
        if ms < 1000 {
            return write!(f, "{ms}ms");
        }
        let h = ms / 3_600_000;
        let m = (ms / 60_000) % 60;
        let s = (ms / 1000) % 60;
        let frac = ms % 1000;
        if h > 0 {
            write!(f, "{h}h{m}m")?;
        } else if m > 0 {
            write!(f, "{m}m")?;
        }
        if frac == 0 {
            write!(f, "{s}s")
        } else {
            let frac_text = format!("{frac:03}");
            write!(f, "{s}.{}s", frac_text.trim_end_matches('0'))
        }
    }
}

impl fmt::Display for SimTime {
    /// RFC 3339 rendering with simulated time zero at 2026-01-01T00:00:00Z.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Unix seconds of simulated time zero (2026-01-01T00:00:00Z), used only to render timestamps:
/// the one epoch of every timestamp the API server writes and kubectl prints.
pub const EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Unix seconds of this instant (milliseconds dropped).
    pub fn unix_seconds(self) -> i64 {
        EPOCH_UNIX_SECONDS.saturating_add(self.0.div_euclid(1000))
    }

    /// Calendar rendering (`2026-01-01T00:00:05Z`) for YAML timestamps and restartedAt.
    pub fn rfc3339(self) -> String {
        dsp_schema::time::format(self.unix_seconds())
    }

    /// Reads an RFC 3339 time back (`2026-01-01T00:00:05Z`, or with an offset or a fraction,
    /// which is dropped).
    pub fn parse_rfc3339(text: &str) -> Option<SimTime> {
        let (secs, _) = dsp_schema::time::parse(text)?;
        Some(SimTime(
            secs.checked_sub(EPOCH_UNIX_SECONDS)?.checked_mul(1000)?,
        ))
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}
impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        self.0 = self.0.saturating_add(d.0);
    }
}
impl Sub<SimDuration> for SimTime {
    type Output = SimTime;
    fn sub(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(d.0))
    }
}
impl Sub for SimTime {
    type Output = SimDuration;
    fn sub(self, other: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(other.0))
    }
}
impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, o: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(o.0))
    }
}
impl Sub for SimDuration {
    type Output = SimDuration;
    fn sub(self, o: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_sub(o.0))
    }
}

/// kubectl's `HumanDuration`: `0s`…`119s`, `2m3s`, `10m`, `3h5m`, `8h`, `3d4h`, `75d`, `2y3d`.
pub fn human_age(d: SimDuration) -> String {
    let ms = d.0;
    if ms < -1000 {
        return "<invalid>".to_string();
    }
    if ms < 0 {
        return "0s".to_string();
    }
    let secs = ms / 1000;
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        let days = hours / 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    let days = hours / 24;
    if days < 730 {
        return format!("{days}d");
    }
    let years = days / 365;
    if years < 8 {
        let dd = days % 365;
        return if dd == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{dd}d")
        };
    }
    format!("{years}y")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(SimDuration::parse("1m30s"), Ok(SimDuration(90_000)));
        assert_eq!(SimDuration::parse("500ms"), Ok(SimDuration(500)));
        assert_eq!(SimDuration::parse("2h45m10s"), Ok(SimDuration(9_910_000)));
        assert_eq!(SimDuration::parse("1.5h"), Ok(SimDuration(5_400_000)));
        assert_eq!(SimDuration::parse("0"), Ok(SimDuration(0)));
        assert!(SimDuration::parse("").is_err());
        assert!(SimDuration::parse("5").is_err());
        assert!(SimDuration::parse("5x").is_err());
        assert!(SimDuration::parse("ms").is_err());
    }

    #[test]
    fn seconds_and_minutes_saturate_instead_of_wrapping() {
        assert_eq!(SimDuration::from_secs(i64::MAX), SimDuration(i64::MAX));
        assert_eq!(SimDuration::from_secs(i64::MIN), SimDuration(i64::MIN));
        assert_eq!(
            SimDuration::from_mins(i64::MAX / 1000),
            SimDuration(i64::MAX)
        );
        assert_eq!(
            SimTime(5) + SimDuration::from_secs(i64::MAX),
            SimTime(i64::MAX)
        );
        // Go's ParseDuration refuses what does not fit int64 nanoseconds.
        assert!(SimDuration::parse("2562047788015215h").is_err());
        assert_eq!(
            SimDuration::parse("2562047h47m16.854775807s"),
            Ok(SimDuration(9_223_372_036_854))
        );
        assert!(SimDuration::parse("0.99999999999999999999999h").is_ok());
    }

    #[test]
    fn prints_go_durations() {
        assert_eq!(SimDuration(90_000).to_string(), "1m30s");
        assert_eq!(SimDuration(500).to_string(), "500ms");
        assert_eq!(SimDuration(0).to_string(), "0s");
        assert_eq!(SimDuration(1_500).to_string(), "1.5s");
        assert_eq!(SimDuration(7_200_000).to_string(), "2h0m0s");
    }

    #[test]
    fn human_age_matches_kubectl_buckets() {
        let s = |x: i64| human_age(SimDuration(x * 1000));
        assert_eq!(s(19), "19s");
        assert_eq!(s(119), "119s");
        assert_eq!(s(123), "2m3s");
        assert_eq!(s(120), "2m");
        assert_eq!(s(600), "10m");
        assert_eq!(s(3 * 3600 + 300), "3h5m");
        assert_eq!(s(8 * 3600), "8h");
        assert_eq!(s(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(s(75 * 86_400), "75d");
        assert_eq!(s(733 * 86_400), "2y3d");
        assert_eq!(human_age(SimDuration(-500)), "0s");
        assert_eq!(human_age(SimDuration(-5000)), "<invalid>");
    }

    #[test]
    fn rfc3339_reads_back() {
        for t in [0, 5_000, -75 * 86_400_000, 400 * 86_400_000 + 3_723_000] {
            let t = SimTime(t);
            assert_eq!(SimTime::parse_rfc3339(&t.rfc3339()), Some(t));
        }
        assert_eq!(SimTime::parse_rfc3339("2025-13-01T00:00:00Z"), None);
        assert_eq!(
            SimTime::parse_rfc3339("2026-01-01T02:00:05+02:00"),
            Some(SimTime(5_000))
        );
    }

    #[test]
    fn rfc3339_of_time_zero() {
        assert_eq!(SimTime(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(SimTime(-86_400_000).rfc3339(), "2025-12-31T00:00:00Z");
    }
}
