//! Cancelling a batch, safely: a button that only asks, a modal dialog that
//! names what will be cancelled, and words for the ways it can be refused.
//!
//! The dialog is a native `<dialog>` opened with `showModal()`: the browser
//! makes the rest of the page inert, moves focus into it (to "Keep running",
//! the harmless choice), closes it on Escape and gives focus back to the
//! button afterwards, so none of that is re-implemented here.

use crate::components::error_alert::ErrorAlert;
use crate::hooks::use_cancel::Cancel;
use batches_core::api_error::ApiError;
use batches_core::text;
use leptos::html;
use leptos::prelude::*;

/// The "Cancel batch" button and its confirmation dialog. Shown by the page
/// only for batches that can still be cancelled.
#[component]
pub fn CancelBatch(
    /// The batch to cancel, named in the question.
    #[prop(into)]
    batch_id: String,
    /// How many files the API lists for the batch, when it lists them.
    #[prop(into)]
    file_count: Signal<Option<usize>>,
    /// A cancel request is in flight: the button waits.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called once a person confirms.
    #[prop(into)]
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let question = {
        let id = batch_id.clone();
        move || match file_count.get() {
            Some(n) => format!(
                "Cancel batch {id} ({})?",
                text::count(n as u64, "file", "files")
            ),
            None => format!("Cancel batch {id}?"),
        }
    };
    let unknown_count = move || {
        file_count.get().is_none().then(|| {
            view! { <p>"The API does not list this batch's files yet, so their number is not known."</p> }
        })
    };
    view! {
        <button type="button" class="danger" disabled=move || busy.get() on:click=open>
            {move || if busy.get() { "Cancelling…" } else { "Cancel batch" }}
        </button>
        <dialog node_ref=dialog class="confirm" aria-labelledby="cancel-title">
            <h2 id="cancel-title">{question}</h2>
            <p>"Files already processed keep their results."</p>
            {unknown_count}
            <div class="buttons">
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        close();
                        on_confirm.run(());
                    }
                >
                    "Cancel batch"
                </button>
                <button type="button" autofocus on:click=move |_| close()>"Keep running"</button>
            </div>
        </dialog>
    }
    .into_any()
}

/// Why a cancel did not happen, in words: the two refusals people meet
/// (the batch already finished; this server does not allow cancelling) get
/// their own explanation, anything else the usual alert with a retry.
#[component]
pub fn CancelProblem(
    error: ApiError,
    /// Sends the cancel again (for failures that may pass on a second try).
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let (headline, advice) = match error.status() {
        Some(409) => (
            "This batch can no longer be cancelled: it already finished (409 Conflict).",
            "Its current status is shown above.",
        ),
        Some(403) => (
            "This dashboard's server does not allow cancelling; start it with --allow-cancel.",
            "If it was started with --allow-cancel, the API key may not cancel batches of this project.",
        ),
        _ => return view! { <ErrorAlert error=error on_retry=on_retry /> }.into_any(),
    };
    let detail = error.detail();
    view! {
        <div class="alert" role="alert">
            <p class="alert-headline">{headline}</p>
            {detail.map(|d| view! { <p class="alert-detail">{d}</p> })}
            <p class="alert-advice">{advice}</p>
        </div>
    }
    .into_any()
}

/// The batch page's cancel area: the button (only while the batch can still
/// be cancelled) and what the last cancel request did.
#[component]
pub fn CancelArea(
    #[prop(into)] batch_id: Signal<String>,
    #[prop(into)] file_count: Signal<Option<usize>>,
    /// Whether the batch's status allows cancelling.
    #[prop(into)]
    cancellable: Signal<bool>,
    #[prop(into)] state: Signal<Cancel>,
    send: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="actions">
            {move || cancellable.get().then(|| view! {
                <CancelBatch
                    batch_id=batch_id.get_untracked()
                    file_count=file_count
                    busy=Signal::derive(move || state.get() == Cancel::Sending)
                    on_confirm=send
                />
            })}
        </div>
        {move || match state.get() {
            Cancel::Sent => Some(view! {
                <p class="notice cancel-sent" role="status">
                    "Cancel requested. The batch stops taking new files; files already processed keep their results."
                </p>
            }.into_any()),
            Cancel::Refused(e) => Some(view! { <CancelProblem error=e on_retry=send /> }.into_any()),
            Cancel::Idle | Cancel::Sending => None,
        }}
    }
    .into_any()
}
