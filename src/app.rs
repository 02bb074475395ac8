//! The application shell: the router and its routes.

use crate::components::top_bar::TopBar;
use crate::pages::batch_detail::BatchDetailPage;
use crate::pages::batches::BatchesPage;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The root component trunk mounts.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <TopBar />
            <Routes fallback=NotFound>
                <Route path=path!("/") view=BatchesPage />
                <Route path=path!("/batches/:id") view=BatchDetailPage />
            </Routes>
        </Router>
    }
}
