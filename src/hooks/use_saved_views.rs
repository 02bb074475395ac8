//! Saved views: named filter sets on this device, and the pinned default
//! that `/` opens.

use crate::browser::history;
use crate::browser::storage::{self, Store};
use crate::router::use_location;
use batches_core::filters::Filters;
use batches_core::saved_views::{self, Entry, SavedView, Views};
use leptos::prelude::*;

/// What [`use_saved_views`] returns.
#[derive(Clone, Copy)]
pub struct UseSavedViewsReturn {
    /// The "Views" menu: built-ins, then saved views.
    pub entries: Memo<Vec<Entry>>,
    /// The last problem or confirmation, shown as-is.
    pub message: RwSignal<Option<String>>,
    /// "Save view" under a name; `true` when saved.
    pub save: Callback<String, bool>,
    /// `(old, new)`; `true` when renamed.
    pub rename: Callback<(String, String), bool>,
    pub delete: Callback<String>,
    /// Pins a view as the default (`None` unpins).
    pub pin: Callback<Option<String>>,
    /// "Default view: Failed last 24 h" while the pinned default decides the list.
    pub default_notice: Memo<Option<String>>,
}

/// Loads the views kept on this device and, when the address has no
/// parameters at all, replaces it with the pinned default's (so Back does not
/// bounce). Call it before the page reads its URL. A view is only a URL:
/// opening one is a link, like any filter change.
///
/// ```ignore
/// let views = use_saved_views(url.view);
/// view! { <ViewsMenu entries=views.entries on_save=views.save … /> }
/// ```
pub fn use_saved_views(view: Memo<Filters>) -> UseSavedViewsReturn {
    let loaded =
        saved_views::load(storage::get(Store::Device, saved_views::STORAGE_KEY).as_deref());
    let views = RwSignal::new(loaded.views);
    let message = RwSignal::new(loaded.problem);
    let applied = RwSignal::new(None::<SavedView>);
    let raw = history::search();
    if let Some(path) = views.with_untracked(|v| v.default_redirect(raw.trim_start_matches('?'))) {
        applied.set(views.with_untracked(|v| v.default.as_deref().and_then(|d| v.find(d))));
        use_location().navigate(&path, true, None);
    }
    // Each change is kept at once, or says why it could not be.
    let change = move |edit: &dyn Fn(&mut Views) -> Result<(), String>| -> bool {
        let mut next = views.get_untracked();
        let result = edit(&mut next).and_then(|()| {
            storage::set(
                Store::Device,
                saved_views::STORAGE_KEY,
                &next.store(),
                "saved views",
            )
        });
        match result {
            Ok(()) => {
                views.set(next);
                true
            }
            Err(e) => {
                message.set(Some(e));
                false
            }
        }
    };
    let save = Callback::new(move |name: String| {
        let current = view.get_untracked();
        let done = change(&|v| v.add(&name, &current).map(|_| ()));
        if done {
            message.set(Some(format!("Saved this view as “{}”.", name.trim())));
        }
        done
    });
    let rename =
        Callback::new(move |(old, new): (String, String)| change(&|v| v.rename(&old, &new)));
    let delete = Callback::new(move |name: String| {
        change(&|v| v.delete(&name));
    });
    let pin = Callback::new(move |name: Option<String>| {
        change(&|v| v.pin(name.as_deref()));
    });
    let entries = Memo::new(move |_| views.with(Views::entries));
    let default_notice = Memo::new(move |_| {
        let a = applied.get()?;
        let here = view.with(saved_views::view_query);
        (here == saved_views::view_query(&a.filters())).then(|| saved_views::default_notice(&a))
    });
    UseSavedViewsReturn {
        entries,
        message,
        save,
        rename,
        delete,
        pin,
        default_notice,
    }
}
