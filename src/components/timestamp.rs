//! A moment in the page's zone, with its age beside it and the exact
//! instant on hover, because a table of absolute times hides "how long ago".

use crate::browser;
use batches_core::filters::Zone;
use batches_core::time::{self, format_display, format_relative, Instant};
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// Shows an API timestamp; unparsable text is shown as sent, absent as an em dash.
///
/// Plain values, no signals: a list shows two per row, and a row is
/// re-rendered as a whole when its batch or the zone changes, so a timestamp
/// that watched either would only add subscriptions to long-lived sources.
#[component]
pub fn Timestamp(
    /// The API's RFC 3339 text.
    value: Option<String>,
    /// The zone to show it in (`tz=` in the URL).
    zone: Zone,
) -> impl IntoView {
    stamp_view(value.as_deref(), zone, browser::now()).into_any()
}

/// The view of [`Timestamp`] without a component's props, for the list's
/// rows (two a row); its age counted from `now`. Its three kinds are an
/// `Either`, so a refreshed row rebuilds the same kind in place.
pub fn stamp_view(value: Option<&str>, zone: Zone, now: Instant) -> impl IntoView {
    match Stamp::of(value, zone, now) {
        Stamp::Absent => EitherOf3::A(view! { <span class="muted">"—"</span> }),
        Stamp::At { iso, shown, ago } => EitherOf3::B(view! {
            <time datetime=iso.clone() title=iso>
                {shown}
                <span class="ago">{ago}</span>
            </time>
        }),
        Stamp::AsSent(raw) => EitherOf3::C(view! { <span>{raw}</span> }),
    }
}

/// What a timestamp shows.
pub enum Stamp {
    /// The API sent none: an em dash.
    Absent,
    /// A moment: its exact instant (on hover), how it reads in the zone, its age.
    At {
        iso: String,
        shown: String,
        ago: String,
    },
    /// Text that is not RFC 3339, shown as sent.
    AsSent(String),
}

impl Stamp {
    /// The API's `value` shown in `zone`, its age counted from `now`.
    pub fn of(value: Option<&str>, zone: Zone, now: Instant) -> Self {
        let Some(raw) = value else {
            return Stamp::Absent;
        };
        match time::parse_rfc3339(raw) {
            Ok(t) => Stamp::At {
                iso: time::format_utc(t),
                shown: format_display(t, browser::offset_minutes(zone, t)),
                ago: format_relative(now, t),
            },
            Err(_) => Stamp::AsSent(raw.to_string()),
        }
    }
}
