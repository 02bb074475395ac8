//! The batch page's result panel (`?file=`): one file's result beside the
//! files table, with the job's facts on top, then the parsed pages or the
//! extracted fields. Everything from the API is shown as text.

mod download_button;
mod extract_view;
mod facts;
mod fields_table;
mod find_box;
mod links;
mod notices;
mod page_card;
mod page_links;
mod parse_pages;
pub mod row_link;

pub use links::PanelLinks;

use crate::components::error_alert::ErrorAlert;
use crate::components::retry_status::RetryStatus;
use crate::hooks::use_file_result::{Target, UseFileResult};
use crate::results::Shared;
use batches_core::filters::Zone;
use batches_core::result::view::{ResultView, Show};
use batches_core::result::{no_content_reason, FileResult};
use leptos::prelude::*;

/// The result itself, once it is the answer for the job shown, as `show` says.
fn content(result: Shared, show: Show, links: PanelLinks, zone: Zone) -> impl IntoView {
    let job = result.0.job();
    let facts = facts::job_facts(job, zone);
    let body = match (no_content_reason(job), result.0.as_ref()) {
        (Some(why), _) => view! { <p class="files-note">{why}</p> }.into_any(),
        (None, FileResult::Parse(p)) if p.markdown.is_none() && p.text.is_none() => {
            notices::too_large(p).into_any()
        }
        (None, FileResult::Parse(_)) => {
            view! { <parse_pages::ParsePages result=result.clone() mode=show.mode() links=links /> }.into_any()
        }
        (None, FileResult::Extract(_)) => {
            view! { <extract_view::ExtractView result=result.clone() json=show == Show::Json links=links /> }.into_any()
        }
    };
    view! { {facts} {body} }
}

/// The panel; nothing while the URL names no file.
#[component]
pub fn ResultPanel(
    /// The file's result, from [`crate::hooks::use_file_result`].
    file: UseFileResult,
    /// The panel as the URL says.
    #[prop(into)]
    view: Signal<ResultView>,
    /// The address of a panel state, with the page's other parameters.
    href_of: Callback<ResultView, String>,
    /// Hears the find field as it is typed (the page applies it after a pause).
    on_find: Callback<String>,
    /// Closes the panel (Escape while focus is in it; the Close link does the same).
    on_close: Callback<()>,
    #[prop(into)] zone: Signal<Zone>,
) -> impl IntoView {
    let links = PanelLinks::new(view, href_of, on_find, file.name);
    // Only the switch rebuilds the result; a find changes the pages listed.
    let show = Memo::new(move |_| view.with(|v| v.show));
    let body = move || {
        let show = show.get();
        let target = file.target.get();
        match &target {
            Target::Closed => None,
            Target::Waiting(_) => Some(notices::note("Loading the batch…")),
            Target::NotInBatch(f) => Some(notices::note(format!("This batch has no file {f}."))),
            Target::NoJob(_, e) => Some(notices::no_job(e.clone())),
            Target::Job(_, j) => Some(if let Some(n) = file.retrying.get() {
                view! { <RetryStatus notice=n /> }.into_any()
            } else if file.loading.get() {
                notices::note("Loading the result…")
            } else {
                match file.answer.get() {
                    Some(Err(e)) => view! { <ErrorAlert error=e on_retry=file.retry /> }.into_any(),
                    Some(Ok(Some(s))) if s.0.job().id == j.id => {
                        content(s, show, links, zone.get()).into_any()
                    }
                    _ => notices::note("Loading the result…"),
                }
            }),
        }
    };
    let open = move || file.target.with(|t| t.file_id().is_some());
    let title = move || {
        let id = file
            .target
            .with(|t| t.file_id().map(String::from))
            .unwrap_or_default();
        links.name.get().unwrap_or(id)
    };
    view! {
        <Show when=open>
            <aside
                class="result-panel"
                aria-labelledby="result-title"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        on_close.run(());
                    }
                }
            >
                <header class="result-head">
                    <h2 id="result-title">"Result of " <span class="result-file">{title}</span></h2>
                    <a class="result-close" href=move || links.href_of.run(ResultView::default())>"Close"</a>
                </header>
                {body}
            </aside>
        </Show>
    }
    .into_any()
}
