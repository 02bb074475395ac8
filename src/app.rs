//! The application shell: the router, the bar above every page, and the
//! page the address names.

use crate::components::top_bar::TopBar;
use crate::hooks::use_watches::use_watches;
use crate::pages::batch_detail::BatchDetailPage;
use crate::pages::batches::BatchesPage;
use crate::pages::not_found::NotFound;
use crate::router::{provide_router, use_page_kind, PageKind};
use batches_core::{filters, goto};
use leptos::prelude::*;

/// The root component trunk mounts. The watches live here (one set for
/// every page), and "Go to a batch" navigates from here.
#[component]
pub fn App() -> impl IntoView {
    let location = provide_router();
    let page = use_page_kind();
    let watches = use_watches();
    // The batch opens in the zone the current page shows (`tz=utc` stays).
    let on_go = Callback::new(move |input: String| {
        let tz = location
            .search
            .with_untracked(|s| filters::parse(s).filters.tz);
        goto::target_path(&input, tz).map(|path| location.navigate(&path, false, None))
    });
    view! {
        <TopBar
            watching=watches.lines
            watch_notice=watches.notice
            on_unwatch=watches.unwatch
            on_seen=watches.seen
            on_go=on_go
        />
        {move || match page.get() {
            PageKind::List => view! { <BatchesPage /> }.into_any(),
            PageKind::Batch => view! { <BatchDetailPage /> }.into_any(),
            PageKind::NotFound => view! { <NotFound /> }.into_any(),
        }}
    }
    .into_any()
}
