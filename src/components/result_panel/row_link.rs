//! What a file row adds for results: an "Open result" link (where the page
//! provides [`ResultLinks`]) and "2 pages failed" beside the outcome once
//! that file's parse result was opened in this tab (see [`crate::results`]).

use leptos::prelude::*;

/// Provided by a page whose file rows can open a result: the address of
/// file `id`'s result panel (`/batches/{id}?file=…` with the page's other
/// parameters). Reactive: a row's link follows the page's filters.
#[derive(Clone, Copy)]
pub struct ResultLinks(pub Callback<String, String>);

/// "Open result" for file `file_id`, or nothing where no page provides links.
pub fn open_result_link(file_id: &str) -> Option<impl IntoView> {
    let links = use_context::<ResultLinks>()?;
    let id = file_id.to_string();
    // The visible words first: a voice user who says "click Open result" must hit it (WCAG 2.5.3).
    let label = format!("Open result of file {id}");
    Some(view! {
        " " <a class="open-result" href=move || links.0.run(id.clone()) aria-label=label>"Open result"</a>
    })
}

/// "2 pages failed" for job `job_id` once its result was opened. Read inside
/// the row's outcome effect, so a file costs one effect, not two.
pub fn pages_failed_badge(job_id: Option<&str>) -> Option<impl IntoView> {
    let words = crate::results::pages_failed(job_id?)?;
    Some(view! { " " <span class="pages-failed">{words}</span> })
}
