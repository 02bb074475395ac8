//! "Created within": a relative range, or a custom one with two dates.

use super::date_input::DateInput;
use super::{Change, Edit};
use batches_core::filters::{Filters, RANGE_CHOICES, RANGE_UNITS};
use batches_core::span::Span;
use batches_core::time::Instant;
use leptos::prelude::*;

/// The range select and, for "Custom range", the two date inputs.
#[component]
pub fn RangeSelect(
    #[prop(into)] filters: Signal<Filters>,
    change: Callback<(Edit, Change)>,
) -> impl IntoView {
    let zone = Signal::derive(move || filters.with(|f| f.tz));
    // "Custom range" reveals the date inputs before any date is picked.
    let custom_open = RwSignal::new(false);
    let range_choice = move || {
        filters.with(|f| match f.created_within {
            Some(span) => span.to_string(),
            None if f.created_at_on_or_after.is_some() || f.created_at_on_or_before.is_some() => {
                "custom".into()
            }
            None if custom_open.get() => "custom".into(),
            None => String::new(),
        })
    };
    let show_dates = move || range_choice() == "custom";
    // A link may carry a span the menu does not list: show it as chosen.
    let extra_range = move || {
        filters
            .with(|f| f.created_within)
            .filter(|s| !RANGE_CHOICES.contains(s))
    };
    let on_range = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        custom_open.set(v == "custom");
        let span = Span::parse(&v, &RANGE_UNITS).ok();
        let custom = v == "custom";
        change.run((
            Box::new(move |f| {
                f.created_within = span;
                if !custom {
                    f.created_at_on_or_after = None;
                    f.created_at_on_or_before = None;
                }
            }),
            Change::Push,
        ));
    };
    let pick = move |upper: bool| {
        Callback::new(move |t: Option<Instant>| {
            change.run((
                Box::new(move |f| {
                    if upper {
                        f.created_at_on_or_before = t;
                    } else {
                        f.created_at_on_or_after = t;
                    }
                }),
                Change::Push,
            ))
        })
    };
    view! {
        <label>
            "Created within"
            <select on:change=on_range>
                <option value="" prop:selected=move || range_choice().is_empty()>"Any time"</option>
                {RANGE_CHOICES
                    .iter()
                    .map(|&span| {
                        let value = span.to_string();
                        let key = value.clone();
                        view! {
                            <option value=value prop:selected=move || range_choice() == key>
                                {span.describe()}
                            </option>
                        }
                    })
                    .collect_view()}
                {move || extra_range().map(|span| {
                    view! { <option value=span.to_string() selected>{span.describe()}</option> }
                })}
                <option value="custom" prop:selected=move || range_choice() == "custom">"Custom range"</option>
            </select>
        </label>
        <Show when=show_dates>
            <DateInput
                label="Created on or after"
                value=Signal::derive(move || filters.with(|f| f.created_at_on_or_after))
                zone=zone
                end_of_minute=false
                on_pick=pick(false)
            />
            <DateInput
                label="Created on or before"
                value=Signal::derive(move || filters.with(|f| f.created_at_on_or_before))
                zone=zone
                end_of_minute=true
                on_pick=pick(true)
            />
        </Show>
    }
    .into_any()
}
