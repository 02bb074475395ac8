//! "Copy link" of the list: builds the link and copies it.

use crate::browser::{self, clipboard, history};
use batches_core::filters::Filters;
use batches_core::share_link::{self, LinkMode};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What [`use_copy_link`] returns.
#[derive(Clone, Copy)]
pub struct UseCopyLinkReturn {
    /// Copies the view's link in the chosen mode.
    pub copy: Callback<LinkMode>,
    /// What was copied ("Copied a link to … as of …"), or why not.
    pub message: RwSignal<Option<String>>,
}

/// Copies the link of `view`: as the address shows it, or with a relative
/// range pinned to the instants it means right now (for incident reports).
/// The time is read at the click, so the link is what the person saw then.
///
/// ```ignore
/// let link = use_copy_link(url.view);
/// view! { <CopyLink on_copy=link.copy message=link.message /> }
/// ```
pub fn use_copy_link(view: Memo<Filters>) -> UseCopyLinkReturn {
    let message = RwSignal::new(None::<String>);
    let copy = Callback::new(move |mode: LinkMode| {
        let f = view.get_untracked();
        let now = browser::now();
        let link = share_link::link(&history::origin(), &f, mode, now);
        let said = share_link::copied_message(&f, mode, now, browser::offset_minutes(f.tz, now));
        spawn_local(async move {
            let done = clipboard::copy(&link).await;
            let _ = message.try_set(Some(if done {
                said
            } else {
                format!("The browser did not allow copying. The link is: {link}")
            }));
        });
    });
    UseCopyLinkReturn { copy, message }
}
