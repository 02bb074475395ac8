//! A batch's per-file results, loaded when a person opens them.

use crate::api;
use batches_core::api_error::ApiError;
use batches_core::model::Batch;
use batches_core::retry::RetryNotice;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a batch's files are.
#[derive(Clone)]
pub enum FilesLoad {
    Idle,
    Loading,
    Retrying(RetryNotice),
    Done(Result<Batch, ApiError>),
}

/// What [`use_batch_files`] returns. Reference-counted, so whoever keeps it
/// (a list row's state) keeps the loaded files across re-renders.
#[derive(Clone)]
pub struct UseBatchFilesReturn {
    pub state: ArcRwSignal<FilesLoad>,
    id: String,
}

impl UseBatchFilesReturn {
    /// Fetches the files (again, for Retry).
    pub fn load(&self) {
        let state = self.state.clone();
        state.set(FilesLoad::Loading);
        let id = self.id.clone();
        spawn_local(async move {
            let retrying = state.clone();
            let result = api::batch_with_results(&id, None, move |n: Option<RetryNotice>| {
                if let Some(n) = n {
                    retrying.set(FilesLoad::Retrying(n));
                }
            })
            .await;
            // If the page changed meanwhile, nobody holds `state` but us.
            state.set(FilesLoad::Done(result));
        });
    }

    /// Fetches the files unless they were asked for already.
    pub fn load_once(&self) {
        if matches!(*self.state.read_untracked(), FilesLoad::Idle) {
            self.load();
        }
    }
}

/// The files of batch `id` (`expand=results`), idle until first loaded.
///
/// ```ignore
/// let files = use_batch_files(batch.id.clone());
/// let open = move |_| files.load_once();
/// ```
pub fn use_batch_files(id: String) -> UseBatchFilesReturn {
    UseBatchFilesReturn {
        state: ArcRwSignal::new(FilesLoad::Idle),
        id,
    }
}
