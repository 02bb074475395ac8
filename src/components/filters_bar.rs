//! The filter controls. They show the view they are given and report the
//! view a person asks for; the page turns that into a URL. No control keeps
//! its own copy of a filter, so Back and Forward restore every control.

use crate::browser;
use batches_core::filters::{Filters, Zone, PAGE_SIZES, RANGE_CHOICES, REFRESH_CHOICES};
use batches_core::model::BatchStatus;
use batches_core::span::{Span, Unit};
use batches_core::time::{self, Instant};
use leptos::prelude::*;
use leptos::web_sys;
use std::time::Duration;

/// How a change should enter history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A deliberate change (a select, a date, a button): a new history entry.
    Push,
    /// A later keystroke of the same typing session: replaces the entry the
    /// session's first change created, so Back skips the half-typed states.
    Replace,
}

/// How long typing must pause before an id filter applies.
pub const TYPING_DEBOUNCE: Duration = Duration::from_millis(400);

/// The filter bar.
#[component]
pub fn FiltersBar(
    /// The view the URL describes.
    #[prop(into)]
    filters: Signal<Filters>,
    /// Called with the view a person asked for (always from its first page).
    #[prop(into)]
    on_change: Callback<(Filters, Change)>,
    /// Whether the page has shown its first answer (rows or an error): the
    /// local zone's name is looked up only then, see below.
    #[prop(optional, into)]
    settled: Signal<bool>,
) -> impl IntoView {
    let change = move |edit: &dyn Fn(&mut Filters), how: Change| {
        let mut f = filters.get_untracked().first_page();
        edit(&mut f);
        on_change.run((f, how));
    };
    // Display settings keep the page: they change how rows look, not which.
    let restyle = move |edit: &dyn Fn(&mut Filters)| {
        let mut f = filters.get_untracked();
        edit(&mut f);
        on_change.run((f, Change::Push));
    };
    let zone = Signal::derive(move || filters.with(|f| f.tz));
    // The zone's IANA name costs the page's first Intl call (~65 ms in a
    // fresh renderer, which would delay the first rows): label with the UTC
    // offset at first, and name it once the first answer is on screen, or
    // as soon as the control is used.
    let local_name = RwSignal::new(time::offset_label(browser::local_offset_minutes(
        browser::now(),
    )));
    let name_zone = move || {
        let _ = local_name.try_set(browser::local_zone_name());
    };
    Effect::new(move |named: Option<bool>| {
        if named == Some(true) {
            return true;
        }
        let now = settled.get();
        if now {
            // After the frame that paints the answer.
            set_timeout(name_zone, Duration::from_millis(100));
        }
        now
    });
    let zone_note = move || {
        let name = match zone.get() {
            Zone::Utc => "UTC".to_string(),
            Zone::Local => local_name.get(),
        };
        format!("Times are shown and typed in {name}.")
    };
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
    let extra_range = move || {
        filters
            .with(|f| f.created_within)
            .filter(|s| !RANGE_CHOICES.contains(s))
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label="Filters">
            <label>
                "Status"
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    change(&|f| f.status = (!v.is_empty()).then(|| BatchStatus::from_api(&v)), Change::Push);
                }>
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
            <label>
                "Created within"
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    custom_open.set(v == "custom");
                    let span = Span::parse(&v, &batches_core::filters::RANGE_UNITS).ok();
                    change(&|f| {
                        f.created_within = span;
                        if v != "custom" {
                            f.created_at_on_or_after = None;
                            f.created_at_on_or_before = None;
                        }
                    }, Change::Push);
                }>
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
                    on_pick=Callback::new(move |t: Option<Instant>| change(&|f| f.created_at_on_or_after = t, Change::Push))
                />
                <DateInput
                    label="Created on or before"
                    value=Signal::derive(move || filters.with(|f| f.created_at_on_or_before))
                    zone=zone
                    end_of_minute=true
                    on_pick=Callback::new(move |t: Option<Instant>| change(&|f| f.created_at_on_or_before = t, Change::Push))
                />
            </Show>
            <label>
                "Time zone"
                <select on:focus=move |_| name_zone() on:change=move |ev| {
                    let utc = event_target_value(&ev) == "utc";
                    restyle(&|f| f.tz = if utc { Zone::Utc } else { Zone::Local });
                }>
                    <option value="local" prop:selected=move || zone.get() == Zone::Local>{move || format!("Local ({})", local_name.get())}</option>
                    <option value="utc" prop:selected=move || zone.get() == Zone::Utc>"UTC"</option>
                </select>
            </label>
            <p class="zone-note">{zone_note}</p>
            <IdInput
                label="Project"
                placeholder="prj-…"
                value=Signal::derive(move || filters.with(|f| f.project_id.clone()))
                on_commit=Callback::new(move |(v, how): (Option<String>, Change)| change(&|f| f.project_id = v.clone(), how))
            />
            <IdInput
                label="Organization"
                placeholder="org-…"
                value=Signal::derive(move || filters.with(|f| f.organization_id.clone()))
                on_commit=Callback::new(move |(v, how): (Option<String>, Change)| change(&|f| f.organization_id = v.clone(), how))
            />
            <IdInput
                label="Source directory"
                placeholder="dir-…"
                value=Signal::derive(move || filters.with(|f| f.source_directory_id.clone()))
                on_commit=Callback::new(move |(v, how): (Option<String>, Change)| change(&|f| f.source_directory_id = v.clone(), how))
            />
            <label>
                "Page size"
                <select on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u32>().ok();
                    change(&|f| f.page_size = v, Change::Push);
                }>
                    {PAGE_SIZES
                        .iter()
                        .map(|&n| {
                            view! {
                                <option value=n.to_string() prop:selected=move || filters.with(|f| f.effective_page_size() == n)>
                                    {n.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Auto-refresh"
                <select on:change=move |ev| {
                    let span = Span::parse(&event_target_value(&ev), &[Unit::Seconds, Unit::Minutes]).ok();
                    restyle(&|f| f.refresh = span);
                }>
                    <option value="" prop:selected=move || filters.with(|f| f.refresh.is_none())>"Off"</option>
                    {REFRESH_CHOICES
                        .iter()
                        .map(|&span| {
                            let label = match span.unit {
                                Unit::Seconds => format!("Every {} s", span.amount),
                                _ => format!("Every {} min", span.amount),
                            };
                            view! {
                                <option value=span.to_string() prop:selected=move || filters.with(|f| f.refresh == Some(span))>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button
                type="button"
                class="clear"
                disabled=move || filters.with(|f| !f.is_filtered())
                on:click=move |_| on_change.run((filters.get_untracked().cleared(), Change::Push))
            >
                "Clear filters"
            </button>
        </form>
    }
}

/// A date-time bound in the shown zone.
#[component]
fn DateInput(
    label: &'static str,
    #[prop(into)] value: Signal<Option<Instant>>,
    /// The zone the value is shown and typed in.
    zone: Signal<Zone>,
    /// Upper bounds include the whole picked minute.
    end_of_minute: bool,
    on_pick: Callback<Option<Instant>>,
) -> impl IntoView {
    let (error, set_error) = signal(None::<String>);
    view! {
        <label>
            {label}
            <input
                type="datetime-local"
                prop:value=move || value.get().map(|t| browser::instant_to_input(t, zone.get())).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v.is_empty() {
                        set_error.set(None);
                        on_pick.run(None);
                        return;
                    }
                    match browser::input_to_instant(&v, end_of_minute, zone.get_untracked()) {
                        Ok(t) => {
                            set_error.set(None);
                            on_pick.run(Some(t));
                        }
                        Err(e) => set_error.set(Some(e.to_string())),
                    }
                }
            />
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </label>
    }
}

/// A free-text id filter, applied after typing pauses.
#[component]
fn IdInput(
    label: &'static str,
    placeholder: &'static str,
    #[prop(into)] value: Signal<Option<String>>,
    on_commit: Callback<(Option<String>, Change)>,
) -> impl IntoView {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    // The first commit of a focus session pushes; later ones replace it.
    let pushed = StoredValue::new(false);
    let commit = move |raw: String| {
        if let Some(h) = pending.try_update_value(|p| p.take()).flatten() {
            h.clear();
        }
        let v = Some(raw.trim().to_string()).filter(|s| !s.is_empty());
        if v == value.get_untracked() {
            return;
        }
        let how = if pushed.get_value() {
            Change::Replace
        } else {
            Change::Push
        };
        pushed.set_value(true);
        on_commit.run((v, how));
    };
    view! {
        <label>
            {label}
            <input
                type="text"
                spellcheck="false"
                autocomplete="off"
                placeholder=placeholder
                prop:value=move || value.get().unwrap_or_default()
                on:focus=move |_| pushed.set_value(false)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(h) = pending.try_update_value(|p| p.take()).flatten() {
                        h.clear();
                    }
                    let handle = set_timeout_with_handle(move || commit(v), TYPING_DEBOUNCE).ok();
                    pending.set_value(handle);
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        commit(event_target_value(&ev));
                    }
                }
            />
        </label>
    }
}
