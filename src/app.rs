//! The application shell: the top bar and the page the address names.

use crate::components::top_bar::TopBar;
use crate::pages::batch_detail::BatchDetailPage;
use crate::pages::batches::BatchesPage;
use crate::pages::not_found::NotFound;
use crate::router::{provide_router, use_page_kind, PageKind};
use leptos::prelude::*;

/// The root component trunk mounts.
#[component]
pub fn App() -> impl IntoView {
    provide_router();
    let page = use_page_kind();
    view! {
        <TopBar />
        {move || match page.get() {
            PageKind::List => view! { <BatchesPage /> }.into_any(),
            PageKind::Batch => view! { <BatchDetailPage /> }.into_any(),
            PageKind::NotFound => view! { <NotFound /> }.into_any(),
        }}
    }
}
