//! The application shell: the router, the bar above every page, and the routes.

use crate::components::top_bar::TopBar;
use crate::hooks::use_watches::use_watches;
use crate::pages::batch_detail::BatchDetailPage;
use crate::pages::batches::BatchesPage;
use crate::pages::not_found::NotFound;
use batches_core::{filters, goto};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

/// The root component trunk mounts.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// Everything inside the router: the watches live here (one set for every
/// page), and "Go to a batch" navigates from here.
#[component]
fn Shell() -> impl IntoView {
    let watches = use_watches();
    let navigate = StoredValue::new_local(use_navigate());
    let search = use_location().search;
    // The batch opens in the zone the current page shows (`tz=utc` stays).
    let on_go = Callback::new(move |input: String| {
        let tz = search.with_untracked(|s| filters::parse(s).filters.tz);
        goto::target_path(&input, tz)
            .map(|path| navigate.with_value(|go| go(&path, Default::default())))
    });
    view! {
        <TopBar
            watching=watches.lines
            watch_notice=watches.notice
            on_unwatch=watches.unwatch
            on_seen=watches.seen
            on_go=on_go
        />
        <Routes fallback=NotFound>
            <Route path=path!("/") view=BatchesPage />
            <Route path=path!("/batches/:id") view=BatchDetailPage />
        </Routes>
    }
}
