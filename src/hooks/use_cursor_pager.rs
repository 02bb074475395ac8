//! "Previous page" and "Next page" over the API's cursors.

use super::use_url_view::UseUrlViewReturn;
use crate::browser;
use batches_core::filters::Filters;
use leptos::prelude::*;

/// What [`use_cursor_pager`] returns, ready for the `Pager` component.
#[derive(Clone, Copy)]
pub struct UseCursorPagerReturn {
    pub has_previous: Signal<bool>,
    pub has_next: Signal<bool>,
    pub previous: Callback<()>,
    pub next: Callback<()>,
}

/// Page cursors visited before the current one, kept in `history.state`
/// so "Previous page" can walk back without putting a trail in the shared URL.
fn cursor_trail() -> Vec<String> {
    browser::history::state()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// Paging for a list whose page is `url.view`'s `page_token`. The API only
/// pages forward, so the cursors walked through are kept in this tab's
/// history entries; a shared link of a later page goes back to the first.
///
/// ```ignore
/// let pager = use_cursor_pager(url, list.next_token);
/// view! { <Pager has_previous=pager.has_previous has_next=pager.has_next
///                on_previous=pager.previous on_next=pager.next /> }
/// ```
pub fn use_cursor_pager(
    url: UseUrlViewReturn<Filters>,
    next_token: Memo<Option<String>>,
) -> UseCursorPagerReturn {
    let view = url.view;
    let trail_state = |t: Vec<String>| Some(serde_json::to_string(&t).unwrap_or_default());
    let next = Callback::new(move |_| {
        let Some(token) = next_token.get_untracked() else {
            return;
        };
        let current = view.get_untracked();
        let mut trail = cursor_trail();
        trail.push(current.page_token.clone().unwrap_or_default());
        let next = Filters {
            page_token: Some(token),
            ..current
        };
        url.write(&next, false, trail_state(trail));
    });
    let previous = Callback::new(move |_| {
        let mut trail = cursor_trail();
        let previous = trail.pop().filter(|t| !t.is_empty());
        let f = Filters {
            page_token: previous,
            ..view.get_untracked()
        };
        url.write(&f, false, trail_state(trail));
    });
    UseCursorPagerReturn {
        has_previous: Signal::derive(move || view.with(|f| f.page_token.is_some())),
        has_next: Signal::derive(move || next_token.with(Option::is_some)),
        previous,
        next,
    }
}
