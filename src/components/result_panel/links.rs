//! How the panel's parts link to the panel's own states and name their
//! downloads: the page builds the addresses, so they keep its filters.

use batches_core::result::names::{self, Kind};
use batches_core::result::view::ResultView;
use leptos::prelude::*;

/// How the panel links to its own states (switches, close) and reports the
/// find being typed; the page builds the addresses, so they keep its filters.
#[derive(Clone, Copy)]
pub struct PanelLinks {
    pub view: Signal<ResultView>,
    pub(super) href_of: Callback<ResultView, String>,
    pub on_find: Callback<String>,
    pub(super) name: Signal<Option<String>>,
}

impl PanelLinks {
    /// `view` as the URL says; `href_of` the address of a panel state;
    /// `on_find` hears the find field; `name` is the file's name, once known.
    pub fn new(
        view: Signal<ResultView>,
        href_of: Callback<ResultView, String>,
        on_find: Callback<String>,
        name: Signal<Option<String>>,
    ) -> Self {
        PanelLinks {
            view,
            href_of,
            on_find,
            name,
        }
    }

    /// The address of the panel as it is now, changed by `change`; tracks
    /// the panel's view, so a link built in a closure follows it.
    pub fn href(&self, change: impl FnOnce(&mut ResultView)) -> String {
        let mut r = self.view.get();
        change(&mut r);
        self.href_of.run(r)
    }

    /// What a download of job `job_id`'s result is called.
    pub fn download_name(&self, kind: Kind, job_id: &str) -> String {
        let file = self
            .view
            .with_untracked(|v| v.file.clone())
            .unwrap_or_default();
        names::file_name(self.name.get_untracked().as_deref(), &file, job_id, kind)
    }
}
