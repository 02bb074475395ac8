//! The plain selects of the filter bar: status, zone, page size, refresh.

use super::{Change, Edit};
use batches_core::filters::{refresh_label, Filters, Zone, PAGE_SIZES, REFRESH_CHOICES};
use batches_core::model::BatchStatus;
use batches_core::span::{Span, Unit};
use leptos::prelude::*;

/// One status, or all.
#[component]
pub fn StatusSelect(
    #[prop(into)] filters: Signal<Filters>,
    change: Callback<(Edit, Change)>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let status = (!v.is_empty()).then(|| BatchStatus::from_api(&v));
        change.run((Box::new(move |f| f.status = status.clone()), Change::Push));
    };
    view! {
        <label>
            "Status"
            <select on:change=on_change>
                <option value="" prop:selected=move || filters.with(|f| f.status.is_none())>"All"</option>
                {BatchStatus::KNOWN
                    .iter()
                    .map(|s| {
                        let name = s.as_str().to_string();
                        let value = name.clone();
                        let s = s.clone();
                        view! {
                            <option value=value prop:selected=move || filters.with(|f| f.status.as_ref() == Some(&s))>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// The zone times are shown and typed in.
#[component]
pub fn ZoneSelect(
    zone: Signal<Zone>,
    /// The viewer's zone, as a name or (until looked up) an offset.
    #[prop(into)]
    local_name: Signal<String>,
    /// Asks for the zone's name at once (the control is about to be used).
    on_focus: Callback<()>,
    restyle: Callback<Edit>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let z = if event_target_value(&ev) == "utc" {
            Zone::Utc
        } else {
            Zone::Local
        };
        restyle.run(Box::new(move |f| f.tz = z));
    };
    view! {
        <label>
            "Time zone"
            <select on:focus=move |_| on_focus.run(()) on:change=on_change>
                <option value="local" prop:selected=move || zone.get() == Zone::Local>{move || format!("Local ({})", local_name.get())}</option>
                <option value="utc" prop:selected=move || zone.get() == Zone::Utc>"UTC"</option>
            </select>
        </label>
    }
    .into_any()
}

/// Rows per page.
#[component]
pub fn PageSizeSelect(
    #[prop(into)] filters: Signal<Filters>,
    change: Callback<(Edit, Change)>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse::<u32>().ok();
        change.run((Box::new(move |f| f.page_size = v), Change::Push));
    };
    view! {
        <label>
            "Page size"
            <select on:change=on_change>
                {PAGE_SIZES
                    .iter()
                    .map(|&n| view! {
                        <option value=n.to_string() prop:selected=move || filters.with(|f| f.effective_page_size() == n)>
                            {n.to_string()}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// How often the view refreshes itself, or never.
#[component]
pub fn RefreshSelect(
    #[prop(into)] filters: Signal<Filters>,
    restyle: Callback<Edit>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let span = Span::parse(&event_target_value(&ev), &[Unit::Seconds, Unit::Minutes]).ok();
        restyle.run(Box::new(move |f| f.refresh = span));
    };
    view! {
        <label>
            "Auto-refresh"
            <select on:change=on_change>
                <option value="" prop:selected=move || filters.with(|f| f.refresh.is_none())>"Off"</option>
                {REFRESH_CHOICES
                    .iter()
                    .map(|&span| {
                        let label = refresh_label(span);
                        view! {
                            <option value=span.to_string() prop:selected=move || filters.with(|f| f.refresh == Some(span))>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}
