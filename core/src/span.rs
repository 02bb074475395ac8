//! Lengths of time written the way people say them in a URL: `90m`, `24h`,
//! `7d`, `30s`. Used for relative ranges ("created within 24h") and refresh
//! intervals, which must stay relative when a link is shared.

use std::fmt;

/// A length of time with the unit it was written in, so it prints back the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub amount: u32,
    pub unit: Unit,
}

/// The units a span may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl Unit {
    fn suffix(self) -> char {
        match self {
            Unit::Seconds => 's',
            Unit::Minutes => 'm',
            Unit::Hours => 'h',
            Unit::Days => 'd',
        }
    }

    fn millis(self) -> i64 {
        match self {
            Unit::Seconds => 1_000,
            Unit::Minutes => 60_000,
            Unit::Hours => 3_600_000,
            Unit::Days => 86_400_000,
        }
    }
}

impl Span {
    pub const fn new(amount: u32, unit: Unit) -> Self {
        Span { amount, unit }
    }

    /// The span in milliseconds.
    pub fn millis(&self) -> i64 {
        self.amount as i64 * self.unit.millis()
    }

    /// Parses `<N><unit>` with N ≥ 1 and a unit from `allowed`.
    pub fn parse(s: &str, allowed: &[Unit]) -> Result<Span, String> {
        let s = s.trim();
        let Some(last) = s.chars().last() else {
            return Err("is empty".into());
        };
        let unit = allowed
            .iter()
            .copied()
            .find(|u| u.suffix() == last.to_ascii_lowercase())
            .ok_or_else(|| {
                let units: Vec<String> = allowed.iter().map(|u| u.suffix().to_string()).collect();
                format!(
                    "\"{s}\" needs a number and a unit ({}), e.g. 24{}",
                    units.join(", "),
                    allowed.last().map(|u| u.suffix()).unwrap_or('h')
                )
            })?;
        let digits = &s[..s.len() - 1];
        let amount: u32 = digits
            .parse()
            .ok()
            .filter(|n| *n >= 1 && digits.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("\"{s}\" does not start with a whole number of at least 1"))?;
        Ok(Span { amount, unit })
    }

    /// "Last 24 hours", "Last 7 days", "Last hour".
    pub fn describe(&self) -> String {
        let (one, many) = match self.unit {
            Unit::Seconds => ("second", "seconds"),
            Unit::Minutes => ("minute", "minutes"),
            Unit::Hours => ("hour", "hours"),
            Unit::Days => ("day", "days"),
        };
        if self.amount == 1 {
            format!("Last {one}")
        } else {
            format!("Last {} {many}", self.amount)
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANGE: [Unit; 3] = [Unit::Minutes, Unit::Hours, Unit::Days];

    #[test]
    fn parses_and_prints_back() {
        for s in ["90m", "24h", "7d", "1h", "30d"] {
            assert_eq!(Span::parse(s, &RANGE).unwrap().to_string(), s);
        }
        assert_eq!(Span::parse("24H", &RANGE).unwrap().to_string(), "24h");
        assert_eq!(Span::parse("7d", &RANGE).unwrap().millis(), 7 * 86_400_000);
        assert_eq!(Span::parse("90m", &RANGE).unwrap().millis(), 90 * 60_000);
    }

    #[test]
    fn refuses_with_reasons() {
        assert!(Span::parse("24", &RANGE)
            .unwrap_err()
            .contains("needs a number and a unit"));
        assert!(Span::parse("0h", &RANGE)
            .unwrap_err()
            .contains("at least 1"));
        assert!(Span::parse("-1h", &RANGE)
            .unwrap_err()
            .contains("at least 1"));
        assert!(Span::parse("+1h", &RANGE)
            .unwrap_err()
            .contains("at least 1"));
        assert!(Span::parse("h", &RANGE).is_err());
        assert!(Span::parse("30s", &RANGE)
            .unwrap_err()
            .contains("(m, h, d)"));
        assert!(Span::parse("99999999999d", &RANGE).is_err());
    }

    #[test]
    fn describes_for_people() {
        assert_eq!(Span::new(1, Unit::Hours).describe(), "Last hour");
        assert_eq!(Span::new(24, Unit::Hours).describe(), "Last 24 hours");
        assert_eq!(Span::new(7, Unit::Days).describe(), "Last 7 days");
    }
}
