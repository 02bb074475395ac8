//! Links to pages of a result ("page 7", "p. 12 (3)") and how many pages
//! are built: a link to a page beyond them builds the pages up to it first,
//! then scrolls there, without changing the address.

use super::page_card::page_anchor;
use crate::browser::scroll;
use leptos::prelude::*;

/// How many pages are added at a time.
pub const PAGE_STEP: usize = 20;

/// How many pages are built, for the find it was raised under: a new find
/// starts again from the first [`PAGE_STEP`].
pub type Limit = RwSignal<(Option<String>, usize)>;

pub fn limit_for(limit: Limit, rq: &Option<String>) -> usize {
    limit.with(|(q, n)| if q == rq { *n } else { PAGE_STEP })
}

/// Links to pages ("page 7"): each builds the pages up to it if needed and
/// scrolls there, without changing the address.
pub fn page_links(
    targets: Vec<(usize, u32, String)>,
    limit: Limit,
    rq: Option<String>,
) -> impl IntoView {
    let go = move |at: usize, n: u32| {
        let wanted = (at / PAGE_STEP + 1) * PAGE_STEP;
        let now = limit_for(limit, &rq);
        limit.set((rq.clone(), now.max(wanted)));
        scroll::into_view_next_frame(page_anchor(n));
    };
    targets
        .into_iter()
        .map(|(at, n, label)| {
            let go = go.clone();
            let click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                go(at, n);
            };
            view! { " " <a href=format!("#{}", page_anchor(n)) on:click=click>{label}</a> }
        })
        .collect_view()
}
