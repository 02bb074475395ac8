//! A date-time bound typed in the shown zone.

use crate::browser;
use batches_core::filters::Zone;
use batches_core::time::Instant;
use leptos::prelude::*;

/// A date-time bound in the shown zone.
#[component]
pub fn DateInput(
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
    .into_any()
}
