//! The app's router: the address as signals, in-app navigation with the
//! History API, Back/Forward, and which page a path shows
//! ([`batches_core::route::Page`]).
//!
//! Hand-written because the app has two routes and one parameter:
//! `leptos_router` cost ~25 KB gzip of the shipped wasm for them
//! (bench/SIZE_EXPERIMENTS.md).

use crate::browser::{self, history};
use batches_core::route::Page;
use leptos::ev;
use leptos::prelude::*;

/// The current address, reactive: pages read it, [`Location::navigate`] and Back/Forward write it.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path (`/batches/bat-1`), percent-encoded as the address bar has it.
    pub path: Memo<String>,
    /// The query without its `?` (`status=FAILED&tz=utc`).
    pub search: Memo<String>,
    url: RwSignal<(String, String)>,
}

fn read_address() -> (String, String) {
    (
        history::path().unwrap_or_else(|| "/".into()),
        history::search(),
    )
}

/// Starts routing for the whole app: reads the address, follows Back and
/// Forward, and opens same-origin links without a page load. Call once, at
/// the root; the pages then read [`use_location`].
pub fn provide_router() -> Location {
    let url = RwSignal::new(read_address());
    let location = Location {
        path: Memo::new(move |_| url.with(|u| u.0.clone())),
        search: Memo::new(move |_| url.with(|u| u.1.clone())),
        url,
    };
    provide_context(location);
    let on_pop = window_event_listener(ev::popstate, move |_| url.set(read_address()));
    let on_click = window_event_listener(ev::click, move |ev| {
        if let Some(to) = browser::links::in_app_destination(&ev) {
            ev.prevent_default();
            location.navigate(&to, false, None);
            history::scroll_to_top();
        }
    });
    on_cleanup(move || {
        on_pop.remove();
        on_click.remove();
    });
    location
}

/// The address, as [`provide_router`] keeps it.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

impl Location {
    /// Opens `to` (an in-app path with its query) without a page load: a
    /// new history entry, or the current one rewritten (`replace`), with
    /// `state` as its `history.state`. A push to the address already shown
    /// adds no entry.
    pub fn navigate(&self, to: &str, replace: bool, state: Option<&str>) {
        let here = history::here().unwrap_or_default();
        if replace || here != to {
            history::go(to, replace, state);
        }
        self.url.set(read_address());
    }
}

/// Which page the current path shows, without its parameter, so moving
/// from one batch to another keeps the page and changes only its id.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    List,
    Batch,
    NotFound,
}

/// The page the address shows, re-evaluated on every navigation.
pub fn use_page_kind() -> Memo<PageKind> {
    let path = use_location().path;
    Memo::new(move |_| {
        path.with(|p| match Page::of(p) {
            Page::List => PageKind::List,
            Page::Batch(_) => PageKind::Batch,
            Page::NotFound => PageKind::NotFound,
        })
    })
}

/// The batch id of a `/batches/{id}` address (empty on any other page).
pub fn use_batch_id() -> Memo<String> {
    let path = use_location().path;
    Memo::new(move |_| {
        path.with(|p| match Page::of(p) {
            Page::Batch(id) => id.to_owned(),
            _ => String::new(),
        })
    })
}
