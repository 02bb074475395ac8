//! Where the batch page's "Back to batches" goes: the list view this tab
//! last opened a batch from, so the filters a person had are not lost. Kept
//! per tab (sessionStorage: survives a reload of the batch page), never in
//! the batch page's shareable URL.

use crate::browser::{
    history,
    storage::{self, Store},
};

const LIST_VIEW_KEY: &str = "batches-dashboard.list-view";

/// Remembers the list view shown now (path and query). Called as a batch
/// link is followed from the list.
pub fn remember_list_view() {
    if let Some(here) = history::here() {
        // Not remembered only means "Back" goes to the unfiltered list.
        let _ = storage::set(Store::Tab, LIST_VIEW_KEY, &here, "the list view");
    }
}

/// The remembered list view, or the unfiltered list. Only a same-site list
/// path is accepted, whatever the storage holds.
pub fn list_view_href() -> String {
    storage::get(Store::Tab, LIST_VIEW_KEY)
        .filter(|p| (p == "/" || p.starts_with("/?")) && !p.contains(['\\', '#']))
        .unwrap_or_else(|| "/".to_string())
}
