//! A moment in the page's zone, with its age beside it and the exact
//! instant on hover, because a table of absolute times hides "how long ago".

use crate::browser;
use batches_core::filters::Zone;
use batches_core::time::{self, format_display, format_relative};
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
    let Some(raw) = value else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    match time::parse_rfc3339(&raw) {
        Ok(t) => {
            let shown = format_display(t, browser::offset_minutes(zone, t));
            let ago = format_relative(browser::now(), t);
            let iso = time::format_utc(t);
            view! {
                <time datetime=iso.clone() title=iso>
                    {shown}
                    <span class="ago">{ago}</span>
                </time>
            }
            .into_any()
        }
        Err(_) => view! { <span>{raw}</span> }.into_any(),
    }
}
