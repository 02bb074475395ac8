//! The Duration column: how long a batch took, or has been going, and a
//! worded mark when an unfinished one has gone quiet.
//!
//! Units and spacing follow [`crate::time::format_relative`] ("5 min",
//! "3 h", "2 d"), two units at most, so a column of durations reads at a
//! glance. The column describes each row; the list keeps the API's order.

use crate::model::{Batch, BatchStatus};
use crate::time::{self, Instant};
use std::fmt;

/// What the cell shows when a time it needs is missing or unreadable.
pub const DASH: &str = "—";
/// An unfinished batch whose `updated_at` is this old is marked as quiet.
pub const STALE_AFTER_MS: i64 = 30 * 60_000;

/// `ms` as at most two units: `42 s`, `4 min 12 s`, `2 h 5 min`, `3 d 4 h`;
/// a zero second unit is left out (`2 h`). With `seconds` false, seconds
/// only show under a minute, so a ticking cell changes once a minute.
pub fn elapsed(ms: i64, seconds: bool) -> String {
    let s = ms.max(0) / 1000;
    let (big, big_unit, small, small_unit) = if s < 60 {
        return format!("{s} s");
    } else if s < 3600 {
        (s / 60, "min", if seconds { s % 60 } else { 0 }, "s")
    } else if s < 86_400 {
        (s / 3600, "h", s % 3600 / 60, "min")
    } else {
        (s / 86_400, "d", s % 86_400 / 3600, "h")
    };
    if small == 0 {
        format!("{big} {big_unit}")
    } else {
        format!("{big} {big_unit} {small} {small_unit}")
    }
}

/// One Duration cell: the main text, and the quiet mark when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationCell {
    /// `4 min 12 s`, `running 12 min`, or [`DASH`].
    pub text: String,
    /// `no update for 45 min`: in words, so it does not rely on colour.
    pub stale: Option<String>,
}

impl fmt::Display for DurationCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.stale {
            Some(s) => write!(f, "{} · {s}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

fn at(s: Option<&str>) -> Option<Instant> {
    time::parse_rfc3339(s?).ok()
}

/// The cell for `b` at `now`. Re-evaluate it on the page's clock tick for
/// unfinished rows; finished rows never change.
pub fn cell(b: &Batch, now: Instant) -> DurationCell {
    let created = at(b.created_at.as_deref());
    let updated = at(b.updated_at.as_deref());
    let Some(status) = &b.status else {
        return DurationCell {
            text: DASH.into(),
            stale: None,
        };
    };
    if status.is_terminal() {
        let text = match (created, updated) {
            (Some(c), Some(u)) => elapsed(u.0 - c.0, true),
            _ => DASH.into(),
        };
        return DurationCell { text, stale: None };
    }
    let text = match (created, status) {
        (None, _) => DASH.into(),
        (Some(c), BatchStatus::Other(_)) => {
            format!("{} since created", elapsed(now.0 - c.0, false))
        }
        (Some(c), _) => format!("running {}", elapsed(now.0 - c.0, false)),
    };
    let stale = updated
        .map(|u| now.0 - u.0)
        .filter(|quiet| *quiet >= STALE_AFTER_MS)
        .map(|quiet| format!("no update for {}", elapsed(quiet, false)));
    DurationCell { text, stale }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    const CREATED: &str = "2026-11-29T10:00:00Z";

    fn b(status: Option<BatchStatus>, created: Option<&str>, updated: Option<&str>) -> Batch {
        Batch {
            id: "bat-1".into(),
            status,
            created_at: created.map(String::from),
            updated_at: updated.map(String::from),
            ..Batch::default()
        }
    }

    fn plus(secs: i64) -> String {
        time::format_utc(Instant(parse_rfc3339(CREATED).unwrap().0 + secs * 1000))
    }

    fn now(secs: i64) -> Instant {
        parse_rfc3339(&plus(secs)).unwrap()
    }

    fn finished(secs: i64) -> String {
        cell(
            &b(
                Some(BatchStatus::Completed),
                Some(CREATED),
                Some(&plus(secs)),
            ),
            now(999_999),
        )
        .to_string()
    }

    #[test]
    fn finished_batches_show_updated_minus_created() {
        assert_eq!(finished(0), "0 s");
        assert_eq!(finished(59), "59 s");
        assert_eq!(finished(60), "1 min");
        assert_eq!(finished(4 * 60 + 12), "4 min 12 s");
        assert_eq!(finished(3599), "59 min 59 s");
        assert_eq!(finished(3600), "1 h");
        assert_eq!(finished(2 * 3600 + 5 * 60 + 59), "2 h 5 min");
        assert_eq!(finished(86_399), "23 h 59 min");
        assert_eq!(finished(86_400), "1 d");
        assert_eq!(finished(3 * 86_400 + 4 * 3600 + 1800), "3 d 4 h");
        // A clock that ran backwards is not a negative duration.
        assert_eq!(finished(-5), "0 s");
        for s in [BatchStatus::Failed, BatchStatus::Cancelled] {
            let c = cell(&b(Some(s), Some(CREATED), Some(&plus(90))), now(7200));
            assert_eq!(c.to_string(), "1 min 30 s");
        }
    }

    #[test]
    fn unfinished_batches_tick_from_created() {
        let running = |n: i64, upd: i64| {
            cell(
                &b(Some(BatchStatus::Running), Some(CREATED), Some(&plus(upd))),
                now(n),
            )
            .to_string()
        };
        assert_eq!(running(42, 0), "running 42 s");
        assert_eq!(running(12 * 60 + 59, 600), "running 12 min");
        assert_eq!(running(2 * 3600 + 5 * 60, 2 * 3600), "running 2 h 5 min");
        let pending = b(Some(BatchStatus::Pending), Some(CREATED), None);
        assert_eq!(cell(&pending, now(300)).to_string(), "running 5 min");
        let other = b(
            Some(BatchStatus::Other("ARCHIVED".into())),
            Some(CREATED),
            None,
        );
        assert_eq!(cell(&other, now(300)).to_string(), "5 min since created");
    }

    #[test]
    fn quiet_for_30_minutes_is_marked_in_words() {
        let quiet = |since_update: i64| {
            cell(
                &b(Some(BatchStatus::Throttled), Some(CREATED), Some(&plus(60))),
                now(60 + since_update),
            )
        };
        assert_eq!(quiet(30 * 60 - 1).stale, None);
        assert_eq!(
            quiet(30 * 60).stale.as_deref(),
            Some("no update for 30 min")
        );
        assert_eq!(
            quiet(45 * 60 + 30).to_string(),
            "running 46 min · no update for 45 min"
        );
        assert_eq!(
            quiet(3 * 3600).to_string(),
            "running 3 h 1 min · no update for 3 h"
        );
        // Finished batches are never quiet, however old.
        let done = b(Some(BatchStatus::Completed), Some(CREATED), Some(&plus(60)));
        assert_eq!(cell(&done, now(86_400 * 30)).stale, None);
    }

    #[test]
    fn missing_times_give_a_dash() {
        let n = now(600);
        let c = |s: Option<BatchStatus>, cr: Option<&str>, up: Option<&str>| {
            cell(&b(s, cr, up), n).to_string()
        };
        assert_eq!(c(Some(BatchStatus::Completed), None, Some(CREATED)), "—");
        assert_eq!(c(Some(BatchStatus::Completed), Some(CREATED), None), "—");
        assert_eq!(
            c(Some(BatchStatus::Failed), Some("yesterday"), Some(CREATED)),
            "—"
        );
        assert_eq!(c(Some(BatchStatus::Running), None, None), "—");
        assert_eq!(c(None, Some(CREATED), Some(CREATED)), "—");
        // Without a creation time the quiet mark still speaks.
        assert_eq!(
            cell(
                &b(Some(BatchStatus::Running), None, Some(CREATED)),
                now(3600)
            )
            .to_string(),
            "— · no update for 1 h"
        );
    }
}
