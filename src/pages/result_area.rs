//! The batch page's result panel as the page wires it: its part of the
//! address (`file=`, `view=`, `rq=`, see [`batches_core::result::view`]),
//! the file rows' links into it, and the hook that fetches the result.
//! Page code (it writes the address), kept apart so the page stays short.

use crate::browser::timers::Debounce;
use crate::components::result_panel::{row_link::ResultLinks, ResultPanel};
use crate::hooks::use_file_result::use_file_result;
use crate::hooks::use_url_view::UseUrlViewReturn;
use crate::pages::batch_detail::SEARCH_DEBOUNCE;
use batches_core::detail_filters::{self, FileView};
use batches_core::filters::Zone;
use batches_core::model::Batch;
use batches_core::result::view::ResultView;
use leptos::prelude::*;

/// What the batch page's address holds: the files shown, the zone, the panel.
pub type PageView = (FileView, Zone, ResultView);

/// Reads the batch page's query (for [`crate::hooks::use_url_view`]).
pub fn parse(q: &str) -> (PageView, Vec<batches_core::filters::ParamIssue>) {
    let p = detail_filters::parse(q);
    ((p.view, p.tz, p.result), p.issues)
}

/// Writes the batch page's query.
pub fn to_query((v, tz, r): &PageView) -> String {
    detail_filters::page_query(v, *tz, r)
}

/// The panel, and the context that gives the file rows their "Open result"
/// links (opening one adds a history entry, so Back closes it again).
pub fn result_area(url: UseUrlViewReturn<PageView>, batch: Memo<Option<Batch>>) -> impl IntoView {
    let file_view = Memo::new(move |_| url.view.with(|(v, _, _)| v.clone()));
    let zone = Memo::new(move |_| url.view.with(|(_, z, _)| *z));
    let panel = Memo::new(move |_| url.view.with(|(_, _, r)| r.clone()));
    let href = move |r: ResultView| format!("?{}", to_query(&(file_view.get(), zone.get(), r)));
    provide_context(ResultLinks(Callback::new(move |f: String| {
        href(ResultView::open(&f))
    })));
    let file = use_file_result(panel, batch);
    let typing = Debounce::new(SEARCH_DEBOUNCE);
    let on_find = Callback::new(move |text: String| {
        typing.call(move || {
            let r = panel.get_untracked().with_find(&text);
            if r != panel.get_untracked() {
                url.change(&(file_view.get_untracked(), zone.get_untracked(), r), true);
            }
        })
    });
    let on_close = Callback::new(move |_| {
        typing.cancel();
        url.change(
            &(
                file_view.get_untracked(),
                zone.get_untracked(),
                ResultView::default(),
            ),
            false,
        )
    });
    view! { <ResultPanel file=file view=panel href_of=Callback::new(href) on_find=on_find on_close=on_close zone=zone /> }
}
