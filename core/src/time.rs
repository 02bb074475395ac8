//! Instants and calendar arithmetic without a date crate.
//!
//! The wasm bundle stays small, and the same code decides what an instant in a
//! URL means in the browser, in native tests and in the demo server, so the
//! three can never disagree about a boundary.

use std::fmt;

/// Milliseconds since the Unix epoch, UTC: the one representation of a moment
/// that every layer passes around, so that time zones only exist at the edges
/// (parsing a person's input, formatting for display).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

/// Why a date-time was refused, phrased for the notice a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError(pub String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const MS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number from [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Wall-clock fields of a moment in some zone; what a date-time input shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub milli: u32,
}

impl LocalDateTime {
    /// The instant these fields denote if they were UTC wall-clock time.
    pub fn as_utc(&self) -> Instant {
        let days = days_from_civil(self.year, self.month, self.day);
        Instant(
            days * MS_PER_DAY
                + (self.hour as i64 * 3600 + self.minute as i64 * 60 + self.second as i64) * 1000
                + self.milli as i64,
        )
    }

    /// The wall-clock fields of `t` shifted by `offset_minutes` east of UTC.
    pub fn from_instant(t: Instant, offset_minutes: i32) -> Self {
        let ms = t.0 + offset_minutes as i64 * 60_000;
        let days = ms.div_euclid(MS_PER_DAY);
        let rem = ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = rem / 1000;
        LocalDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: ((secs / 60) % 60) as u32,
            second: (secs % 60) as u32,
            milli: (rem % 1000) as u32,
        }
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize, what: &str) -> Result<u32, TimeError> {
        let end = self.i + n;
        if end > self.s.len() || !self.s[self.i..end].iter().all(u8::is_ascii_digit) {
            return Err(TimeError(format!("expected {n} digits for the {what}")));
        }
        let v = self.s[self.i..end]
            .iter()
            .fold(0u32, |acc, b| acc * 10 + (b - b'0') as u32);
        self.i = end;
        Ok(v)
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<(), TimeError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(TimeError(format!("expected '{}' {what}", c as char)))
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
}

fn parse_date(c: &mut Cursor) -> Result<(i64, u32, u32), TimeError> {
    let y = c.digits(4, "year")? as i64;
    c.expect(b'-', "after the year")?;
    let m = c.digits(2, "month")?;
    c.expect(b'-', "after the month")?;
    let d = c.digits(2, "day")?;
    if !(1..=12).contains(&m) {
        return Err(TimeError(format!("month {m} does not exist")));
    }
    if d == 0 || d > days_in_month(y, m) {
        return Err(TimeError(format!("day {d} does not exist in {y}-{m:02}")));
    }
    Ok((y, m, d))
}

/// Parses an ISO 8601 / RFC 3339 date-time that names its offset
/// (`2026-11-01T00:00:00Z`, `2026-11-01T00:00:00.5+01:00`).
///
/// A date-time without an offset is refused: it would mean different instants
/// in different browsers, which breaks shared links. A space where the `+` of
/// the offset belongs is read as `+`, because that is what an unencoded `+`
/// in a pasted link turns into.
pub fn parse_rfc3339(s: &str) -> Result<Instant, TimeError> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let (year, month, day) = parse_date(&mut c)?;
    match c.peek() {
        Some(b'T' | b't' | b' ') => c.i += 1,
        _ => {
            return Err(TimeError(
                "expected 'T' between the date and the time".into(),
            ))
        }
    }
    let hour = c.digits(2, "hour")?;
    c.expect(b':', "after the hour")?;
    let minute = c.digits(2, "minute")?;
    let mut second = 0;
    let mut milli = 0;
    if c.peek() == Some(b':') {
        c.i += 1;
        second = c.digits(2, "second")?;
        if c.peek() == Some(b'.') || c.peek() == Some(b',') {
            c.i += 1;
            let start = c.i;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
            let frac = &s[start..c.i];
            if frac.is_empty() {
                return Err(TimeError("expected digits after the decimal point".into()));
            }
            let padded: String = frac.chars().chain("000".chars()).take(3).collect();
            milli = padded.parse::<u32>().unwrap_or(0);
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(TimeError(format!(
            "{hour:02}:{minute:02}:{second:02} is not a time of day"
        )));
    }
    let offset_minutes: i64 = match c.peek() {
        Some(b'Z' | b'z') => {
            c.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-' | b' ')) => {
            c.i += 1;
            let oh = c.digits(2, "offset hours")?;
            c.expect(b':', "in the offset")?;
            let om = c.digits(2, "offset minutes")?;
            if oh > 23 || om > 59 {
                return Err(TimeError("the offset is out of range".into()));
            }
            let v = (oh * 60 + om) as i64;
            if sign == b'-' {
                -v
            } else {
                v
            }
        }
        None => {
            return Err(TimeError(
                "a time zone offset is missing (add Z for UTC, or +01:00)".into(),
            ))
        }
        Some(_) => return Err(TimeError("unexpected text after the time".into())),
    };
    if c.i != s.len() {
        return Err(TimeError("unexpected text after the offset".into()));
    }
    let local = LocalDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        milli,
    };
    Ok(Instant(local.as_utc().0 - offset_minutes * 60_000))
}

/// Which end of a bare calendar day a date stands for: filters read
/// `on_or_after=2026-11-01` as the day's first millisecond and
/// `on_or_before=2026-11-01` as its last, so both bounds include the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayEdge {
    Start,
    End,
}

/// Parses a bare `YYYY-MM-DD` as a UTC day edge.
pub fn parse_date_utc(s: &str, edge: DayEdge) -> Result<Instant, TimeError> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let (y, m, d) = parse_date(&mut c)?;
    if c.i != s.len() {
        return Err(TimeError("unexpected text after the date".into()));
    }
    let start = days_from_civil(y, m, d) * MS_PER_DAY;
    Ok(Instant(match edge {
        DayEdge::Start => start,
        DayEdge::End => start + MS_PER_DAY - 1,
    }))
}

/// Parses what a URL may carry for a date bound: an RFC 3339 instant, or a
/// bare date that means the given edge of that UTC day.
pub fn parse_bound(s: &str, edge: DayEdge) -> Result<Instant, TimeError> {
    if s.len() == 10 {
        parse_date_utc(s, edge)
    } else {
        parse_rfc3339(s)
    }
}

/// The canonical text of an instant: UTC with `Z`, milliseconds only when
/// present. URLs carry this form because it has no `+` for a decoder to eat.
pub fn format_utc(t: Instant) -> String {
    let l = LocalDateTime::from_instant(t, 0);
    let mut s = String::with_capacity(24);
    push_date(&mut s, &l, 'T');
    s.push(':');
    push_num(&mut s, l.second as i64, 2);
    if l.milli != 0 {
        s.push('.');
        push_num(&mut s, l.milli as i64, 3);
    }
    s.push('Z');
    s
}

/// Appends `n` zero-padded to `width` characters, sign included, as
/// `format!("{n:0width$}")` would. Hand-written: a 1,000-row list formats
/// ~30,000 numbers, and `core::fmt`'s padding was the page's costliest
/// function in the browser's profile.
fn push_num(s: &mut String, n: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut v = n.unsigned_abs();
    let mut len = 0;
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let sign = usize::from(n < 0);
    if n < 0 {
        s.push('-');
    }
    for _ in (len + sign)..width {
        s.push('0');
    }
    for &d in digits[..len].iter().rev() {
        s.push(char::from(d));
    }
}

/// `YYYY-MM-DD`, then `sep`, then `hh:mm`.
fn push_date(s: &mut String, l: &LocalDateTime, sep: char) {
    push_num(s, l.year, 4);
    s.push('-');
    push_num(s, l.month as i64, 2);
    s.push('-');
    push_num(s, l.day as i64, 2);
    s.push(sep);
    push_num(s, l.hour as i64, 2);
    s.push(':');
    push_num(s, l.minute as i64, 2);
}

/// A zone's name as shown next to every time: `UTC`, or `UTC+01:00`.
pub fn offset_label(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".into();
    }
    let a = offset_minutes.unsigned_abs() as i64;
    let mut s = String::from(if offset_minutes < 0 { "UTC-" } else { "UTC+" });
    push_num(&mut s, a / 60, 2);
    s.push(':');
    push_num(&mut s, a % 60, 2);
    s
}

/// A moment as people read it in a table: `2026-11-20 09:43 UTC+01:00`.
pub fn format_display(t: Instant, offset_minutes: i32) -> String {
    let l = LocalDateTime::from_instant(t, offset_minutes);
    let mut s = String::with_capacity(26);
    push_date(&mut s, &l, ' ');
    s.push(' ');
    s.push_str(&offset_label(offset_minutes));
    s
}

/// The value a `<input type="datetime-local">` takes: `2026-11-20T09:43`.
pub fn format_input(l: &LocalDateTime) -> String {
    let mut s = String::with_capacity(16);
    push_date(&mut s, l, 'T');
    s
}

/// Reads a `datetime-local` value (minutes, optionally seconds) into fields.
pub fn parse_input(s: &str) -> Result<LocalDateTime, TimeError> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let (year, month, day) = parse_date(&mut c)?;
    c.expect(b'T', "between the date and the time")?;
    let hour = c.digits(2, "hour")?;
    c.expect(b':', "after the hour")?;
    let minute = c.digits(2, "minute")?;
    let mut second = 0;
    if c.peek() == Some(b':') {
        c.i += 1;
        second = c.digits(2, "second")?;
        if c.peek() == Some(b'.') {
            // Browsers may add milliseconds; the minute is what people pick.
            c.i = s.len();
        }
    }
    if c.i != s.len() || hour > 23 || minute > 59 || second > 59 {
        return Err(TimeError(format!("{s} is not a date and time")));
    }
    Ok(LocalDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        milli: 0,
    })
}

/// Turns wall-clock fields in a zone into an instant, given the zone's offset
/// (minutes east of UTC) at any instant. Trying the offsets in force a day
/// before and after settles any DST change; a wall time skipped by a spring-forward gap resolves to the
/// instant after the gap (as browsers do), a repeated one to its first occurrence.
pub fn local_to_instant(l: &LocalDateTime, offset_at: impl Fn(Instant) -> i32) -> Instant {
    let naive = l.as_utc().0;
    // The offsets in force a day either side bracket any single change.
    let candidates = [-MS_PER_DAY, MS_PER_DAY].map(|shift| {
        let offset = offset_at(Instant(naive + shift)) as i64;
        let t = naive - offset * 60_000;
        (t, offset_at(Instant(t)) as i64 == offset)
    });
    match candidates {
        [(a, true), (b, true)] => Instant(a.min(b)),
        [(a, true), _] | [_, (a, true)] => Instant(a),
        [(a, false), (b, false)] => Instant(a.max(b)),
    }
}

/// "5 min ago", "3 h ago", "2 d ago": the sense of age that a column of
/// absolute times does not give at a glance.
pub fn format_relative(now: Instant, then: Instant) -> String {
    let secs = (now.0 - then.0) / 1000;
    let (n, future) = if secs < 0 {
        (-secs, true)
    } else {
        (secs, false)
    };
    if n < 45 {
        return "just now".into();
    }
    let (count, unit) = if n < 3600 {
        ((n + 30) / 60, " min")
    } else if n < 86_400 {
        (n / 3600, " h")
    } else {
        (n / 86_400, " d")
    };
    let mut s = String::with_capacity(12);
    if future {
        s.push_str("in ");
    }
    push_num(&mut s, count, 0);
    s.push_str(unit);
    if !future {
        s.push_str(" ago");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_pad_as_format_does() {
        for (n, w) in [
            (0, 0),
            (7, 2),
            (42, 2),
            (123, 2),
            (5, 4),
            (2026, 4),
            (-5, 4),
            (-12345, 3),
            (i64::MIN, 4),
        ] {
            let mut s = String::new();
            push_num(&mut s, n, w);
            assert_eq!(s, format!("{n:0w$}"), "{n} to width {w}");
        }
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for z in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn rfc3339_with_offsets_denotes_one_instant() {
        let z = parse_rfc3339("2026-11-01T00:00:00Z").unwrap();
        assert_eq!(z, parse_rfc3339("2026-11-01T01:00:00+01:00").unwrap());
        assert_eq!(z, parse_rfc3339("2026-10-31T19:00:00-05:00").unwrap());
        assert_eq!(z, parse_rfc3339("2026-11-01 01:00:00 01:00").unwrap());
        assert_eq!(z.0, 1_793_491_200_000);
    }

    #[test]
    fn rfc3339_fractions_and_minutes_only() {
        let t = parse_rfc3339("2026-11-20T09:43:00.117Z").unwrap();
        assert_eq!(format_utc(t), "2026-11-20T09:43:00.117Z");
        let t = parse_rfc3339("2026-11-20T09:43:00.1234567Z").unwrap();
        assert_eq!(format_utc(t), "2026-11-20T09:43:00.123Z");
        let t = parse_rfc3339("2026-11-20T09:43Z").unwrap();
        assert_eq!(format_utc(t), "2026-11-20T09:43:00Z");
    }

    #[test]
    fn rfc3339_refusals_say_why() {
        for (bad, why) in [
            ("2026-11-01T00:00:00", "offset is missing"),
            ("2026-13-01T00:00:00Z", "month 13"),
            ("2026-02-29T00:00:00Z", "day 29"),
            ("2026-11-01T24:00:00Z", "not a time of day"),
            ("2026-11-01T00:00:00Zjunk", "after the offset"),
            ("yesterday", "digits for the year"),
            ("", "digits for the year"),
            ("2026-11-01T00:00:00+1:00", "offset hours"),
        ] {
            let e = parse_rfc3339(bad).unwrap_err();
            assert!(e.0.contains(why), "{bad}: {e}");
        }
        assert!(parse_rfc3339("2024-02-29T00:00:00Z").is_ok());
    }

    #[test]
    fn bare_dates_cover_the_whole_utc_day() {
        let a = parse_bound("2026-11-01", DayEdge::Start).unwrap();
        let b = parse_bound("2026-11-01", DayEdge::End).unwrap();
        assert_eq!(format_utc(a), "2026-11-01T00:00:00Z");
        assert_eq!(format_utc(b), "2026-11-01T23:59:59.999Z");
    }

    #[test]
    fn display_names_the_zone() {
        let t = parse_rfc3339("2026-11-20T09:43:00Z").unwrap();
        assert_eq!(format_display(t, 0), "2026-11-20 09:43 UTC");
        assert_eq!(format_display(t, 60), "2026-11-20 10:43 UTC+01:00");
        assert_eq!(format_display(t, -330), "2026-11-20 04:13 UTC-05:30");
    }

    /// Europe/Berlin's rule for 2026: UTC+2 from 29 March 01:00Z to 25 October 01:00Z.
    fn berlin(t: Instant) -> i32 {
        let start = parse_rfc3339("2026-03-29T01:00:00Z").unwrap();
        let end = parse_rfc3339("2026-10-25T01:00:00Z").unwrap();
        if t >= start && t < end {
            120
        } else {
            60
        }
    }

    #[test]
    fn local_input_across_dst_changes() {
        let at = |s: &str| local_to_instant(&parse_input(s).unwrap(), berlin);
        assert_eq!(format_utc(at("2026-01-15T12:00")), "2026-01-15T11:00:00Z");
        assert_eq!(format_utc(at("2026-07-15T12:00")), "2026-07-15T10:00:00Z");
        // 02:30 on 29 March does not exist in Berlin: the instant after the gap.
        assert_eq!(format_utc(at("2026-03-29T02:30")), "2026-03-29T01:30:00Z");
        // 02:30 on 25 October happens twice: the first one (still summer time).
        assert_eq!(format_utc(at("2026-10-25T02:30")), "2026-10-25T00:30:00Z");
        // Just before and after the changes.
        assert_eq!(format_utc(at("2026-03-29T01:59")), "2026-03-29T00:59:00Z");
        assert_eq!(format_utc(at("2026-03-29T03:00")), "2026-03-29T01:00:00Z");
        assert_eq!(format_utc(at("2026-10-25T03:00")), "2026-10-25T02:00:00Z");
    }

    #[test]
    fn display_across_dst_changes_names_the_offset_in_force() {
        let show = |s: &str| {
            let t = parse_rfc3339(s).unwrap();
            format_display(t, berlin(t))
        };
        assert_eq!(show("2026-03-29T00:59:00Z"), "2026-03-29 01:59 UTC+01:00");
        assert_eq!(show("2026-03-29T01:00:00Z"), "2026-03-29 03:00 UTC+02:00");
        assert_eq!(show("2026-10-25T00:30:00Z"), "2026-10-25 02:30 UTC+02:00");
        assert_eq!(show("2026-10-25T01:30:00Z"), "2026-10-25 02:30 UTC+01:00");
    }

    #[test]
    fn input_fields_round_trip() {
        let t = parse_rfc3339("2026-11-20T09:43:00Z").unwrap();
        let l = LocalDateTime::from_instant(t, 60);
        assert_eq!(format_input(&l), "2026-11-20T10:43");
        assert_eq!(parse_input("2026-11-20T10:43").unwrap(), l);
        assert_eq!(parse_input("2026-11-20T10:43:00.000").unwrap(), l);
        assert!(parse_input("2026-11-20").is_err());
    }

    #[test]
    fn relative_ages() {
        let now = Instant(10_000_000_000);
        let ago = |s: i64| format_relative(now, Instant(now.0 - s * 1000));
        assert_eq!(ago(10), "just now");
        assert_eq!(ago(300), "5 min ago");
        assert_eq!(ago(3 * 3600 + 5), "3 h ago");
        assert_eq!(ago(2 * 86_400), "2 d ago");
        assert_eq!(ago(-600), "in 10 min");
    }
}
