//! "Copy link": the view as shown, or the view pinned to this exact time.
//!
//! "As shown" is what the address bar already says (today's behaviour:
//! relative ranges stay relative, the page cursor stays, so the link opens
//! this page). "At this exact time" is for incident reports: a relative range
//! becomes the instants it means now (the same resolution the list request
//! uses, [`filters::api_filters`]), and the upper bound is pinned to now, so
//! next week the link still lists the same batches rather than newer ones.

use crate::filters::{self, Filters};
use crate::time::{self, Instant};

/// The two choices of the "Copy link" button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkMode {
    AsShown,
    ExactTime,
}

impl LinkMode {
    /// The menu item's words.
    pub fn label(self) -> &'static str {
        match self {
            LinkMode::AsShown => "Copy link as shown",
            LinkMode::ExactTime => "Copy link at this exact time",
        }
    }
}

/// The view with its range fixed at `now`. The page cursor is dropped: it
/// belongs to the old filters, and the API refuses it for new ones.
pub fn exact_filters(f: &Filters, now: Instant) -> Filters {
    let after = filters::api_filters(f, now).created_at_on_or_after;
    let pinned = f.created_at_on_or_before.map_or(now, |b| b.min(now));
    // A lower bound in the future would make `now` an impossible upper
    // bound; the view then keeps the upper bound it had.
    let before = match after {
        Some(a) if a > pinned => f.created_at_on_or_before,
        _ => Some(pinned),
    };
    Filters {
        created_within: None,
        created_at_on_or_after: after,
        created_at_on_or_before: before,
        page_token: None,
        ..f.clone()
    }
}

/// The query string (no `?`) the link carries in `mode` at `now`.
pub fn query(f: &Filters, mode: LinkMode, now: Instant) -> String {
    match mode {
        LinkMode::AsShown => filters::to_query(f),
        LinkMode::ExactTime => filters::to_query(&exact_filters(f, now)),
    }
}

/// The whole link for the clipboard: `origin` is `location.origin`
/// (`https://dash.example.com`, no trailing slash).
pub fn link(origin: &str, f: &Filters, mode: LinkMode, now: Instant) -> String {
    let origin = origin.trim_end_matches('/');
    match query(f, mode, now) {
        q if q.is_empty() => format!("{origin}/"),
        q => format!("{origin}/?{q}"),
    }
}

/// What the page says once the link is on the clipboard; for an exact link
/// it names the fixed range, in the zone the page shows (`offset_minutes`).
pub fn copied_message(f: &Filters, mode: LinkMode, now: Instant, offset_minutes: i32) -> String {
    if mode == LinkMode::AsShown {
        return "Link copied.".into();
    }
    let e = exact_filters(f, now);
    let show = |t: Instant| time::format_display(t, offset_minutes);
    match (e.created_at_on_or_after, e.created_at_on_or_before) {
        (Some(a), Some(b)) => format!(
            "Link copied: batches created from {} to {}.",
            show(a),
            show(b)
        ),
        (None, Some(b)) => format!("Link copied: batches created until {}.", show(b)),
        (Some(a), None) => format!("Link copied: batches created from {}.", show(a)),
        (None, None) => "Link copied.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    const NOW: &str = "2026-11-29T12:00:00Z";

    fn now() -> Instant {
        parse_rfc3339(NOW).unwrap()
    }

    fn both(raw: &str) -> (String, String) {
        let f = filters::parse(raw).filters;
        (
            link("https://dash.example.com/", &f, LinkMode::AsShown, now()),
            link("https://dash.example.com", &f, LinkMode::ExactTime, now()),
        )
    }

    #[test]
    fn no_range() {
        assert_eq!(
            both(""),
            (
                "https://dash.example.com/".into(),
                "https://dash.example.com/?created_at_on_or_before=2026-11-29T12:00:00Z".into()
            )
        );
        let f = filters::parse("status=FAILED&page_token=abc&tz=utc").filters;
        assert_eq!(
            query(&f, LinkMode::AsShown, now()),
            "status=FAILED&page_token=abc&tz=utc"
        );
        assert_eq!(
            query(&f, LinkMode::ExactTime, now()),
            "status=FAILED&created_at_on_or_before=2026-11-29T12:00:00Z&tz=utc"
        );
        assert_eq!(
            copied_message(&f, LinkMode::ExactTime, now(), 60),
            "Link copied: batches created until 2026-11-29 13:00 UTC+01:00."
        );
        assert_eq!(
            copied_message(&f, LinkMode::AsShown, now(), 0),
            "Link copied."
        );
    }

    #[test]
    fn relative_range_becomes_the_instants_the_list_asked_for() {
        let raw = "status=FAILED&created_within=24h&page_size=50&page_token=p2&refresh=30s";
        let f = filters::parse(raw).filters;
        assert_eq!(query(&f, LinkMode::AsShown, now()), raw);
        let exact = query(&f, LinkMode::ExactTime, now());
        assert_eq!(
            exact,
            "status=FAILED&created_at_on_or_after=2026-11-28T12:00:00Z\
             &created_at_on_or_before=2026-11-29T12:00:00Z&page_size=50&refresh=30s"
        );
        // Opened a week later, the link asks the API for the same window.
        let later = Instant(now().0 + 7 * 86_400_000);
        assert_eq!(
            filters::list_request_path(&filters::parse(&exact).filters, later),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T12:00:00Z\
             &created_at_on_or_before=2026-11-29T12:00:00Z&page_size=50"
        );
        assert_eq!(
            copied_message(&f, LinkMode::ExactTime, now(), 0),
            "Link copied: batches created from 2026-11-28 12:00 UTC to 2026-11-29 12:00 UTC."
        );
    }

    #[test]
    fn relative_range_with_an_absolute_upper_bound() {
        let f = filters::parse("created_within=7d&created_at_on_or_before=2026-11-25").filters;
        assert_eq!(
            query(&f, LinkMode::ExactTime, now()),
            "created_at_on_or_after=2026-11-22T12:00:00Z&created_at_on_or_before=2026-11-25T23:59:59.999Z"
        );
    }

    #[test]
    fn absolute_ranges_stay_and_a_future_end_is_pinned_to_now() {
        let past = "created_at_on_or_after=2026-11-01T00:00:00Z&created_at_on_or_before=2026-11-02T00:00:00Z";
        assert_eq!(
            both(past),
            (
                format!("https://dash.example.com/?{past}"),
                format!("https://dash.example.com/?{past}")
            )
        );
        assert_eq!(
            both("created_at_on_or_after=2026-11-20&created_at_on_or_before=2026-12-31").1,
            "https://dash.example.com/?created_at_on_or_after=2026-11-20T00:00:00Z\
             &created_at_on_or_before=2026-11-29T12:00:00Z"
        );
        // A start after now: pinning the end to now would list nothing.
        assert_eq!(
            both("created_at_on_or_after=2026-12-01").1,
            "https://dash.example.com/?created_at_on_or_after=2026-12-01T00:00:00Z"
        );
        let f = filters::parse("created_at_on_or_after=2026-12-01").filters;
        assert_eq!(
            copied_message(&f, LinkMode::ExactTime, now(), 0),
            "Link copied: batches created from 2026-12-01 00:00 UTC."
        );
    }

    #[test]
    fn relative_and_absolute_in_conflict() {
        // From an address the absolute date wins (and the page says so), so the link does too.
        let (shown, exact) = both("created_within=24h&created_at_on_or_after=2026-11-01");
        assert_eq!(
            shown,
            "https://dash.example.com/?created_at_on_or_after=2026-11-01T00:00:00Z"
        );
        assert_eq!(
            exact,
            "https://dash.example.com/?created_at_on_or_after=2026-11-01T00:00:00Z\
             &created_at_on_or_before=2026-11-29T12:00:00Z"
        );
        // Built in code with both, the link follows what the list request sends.
        let f = Filters {
            created_within: filters::parse("created_within=1h").filters.created_within,
            created_at_on_or_after: Some(parse_rfc3339("2026-11-01T00:00:00Z").unwrap()),
            ..Filters::default()
        };
        let exact = exact_filters(&f, now());
        assert_eq!(
            filters::list_request_path(&exact, now()),
            "/api/v2/batches?created_at_on_or_after=2026-11-29T11:00:00Z\
             &created_at_on_or_before=2026-11-29T12:00:00Z&page_size=20"
        );
    }

    #[test]
    fn labels() {
        assert_eq!(LinkMode::AsShown.label(), "Copy link as shown");
        assert_eq!(LinkMode::ExactTime.label(), "Copy link at this exact time");
    }
}
