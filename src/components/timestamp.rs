//! A moment in the viewer's zone, with its age beside it and the exact
//! instant on hover, because a table of absolute times hides "how long ago".

use crate::browser;
use crate::filters::Zone;
use crate::time::{self, format_display, format_relative};
use leptos::prelude::*;

/// The zone the page shows times in, provided by the page from its URL
/// (`tz=utc`), so every timestamp below it follows one switch.
#[derive(Clone, Copy)]
pub struct DisplayZone(pub Signal<Zone>);

fn display_zone() -> Zone {
    use_context::<DisplayZone>()
        .map(|z| z.0.get())
        .unwrap_or_default()
}

/// Shows an API timestamp; unparsable text is shown as sent, absent as an em dash.
#[component]
pub fn Timestamp(
    /// The API's RFC 3339 text.
    #[prop(into)]
    value: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        let Some(raw) = value.get() else {
            return view! { <span class="muted">"—"</span> }.into_any();
        };
        match time::parse_rfc3339(&raw) {
            Ok(t) => {
                let shown = format_display(t, browser::offset_minutes(display_zone(), t));
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
}
