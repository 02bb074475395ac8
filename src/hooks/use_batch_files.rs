//! A batch's per-file results, loaded when a person opens them, and their
//! job outcomes.

use super::use_batch_outcomes::{self, UseBatchOutcomesReturn};
use crate::api;
use crate::outcomes::{self, Lookups};
use batches_core::api_error::ApiError;
use batches_core::model::Batch;
use batches_core::retry::RetryNotice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::{Arc, Mutex};

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
    /// The files' job lookups: open while anyone holds this state.
    lookups: Arc<Mutex<Option<Lookups>>>,
}

impl UseBatchFilesReturn {
    /// Fetches the files (again, for Retry).
    pub fn load(&self) {
        let state = self.state.clone();
        state.set(FilesLoad::Loading);
        let id = self.id.clone();
        let guard = Arc::clone(&self.lookups);
        spawn_local(async move {
            let retrying = state.clone();
            let result = api::batch_with_results(&id, None, move |n: Option<RetryNotice>| {
                if let Some(n) = n {
                    retrying.set(FilesLoad::Retrying(n));
                }
            })
            .await;
            // Outcomes are looked up as soon as the files are known.
            if let Ok(batch) = &result {
                let lookups = outcomes::look_up(batch);
                if let Ok(mut held) = guard.lock() {
                    *held = Some(lookups);
                }
            }
            // If the page changed meanwhile, nobody holds `state` but us.
            state.set(FilesLoad::Done(result));
        });
    }

    /// The loaded files' outcomes, summary and causes, derived under the
    /// caller's owner (a row's open panel).
    pub fn outcomes(&self) -> UseBatchOutcomesReturn {
        let state = self.state.clone();
        let batch = Memo::new(move |_| match &*state.read() {
            FilesLoad::Done(Ok(b)) => Some(b.clone()),
            _ => None,
        });
        let this = self.clone();
        use_batch_outcomes::derive(batch, Callback::new(move |_| this.retry_outcomes()))
    }

    /// Asks again for the outcomes not known (after a failed lookup).
    pub fn retry_outcomes(&self) {
        if let FilesLoad::Done(Ok(batch)) = &*self.state.read_untracked() {
            let lookups = outcomes::look_up(batch);
            if let Ok(mut held) = self.lookups.lock() {
                *held = Some(lookups);
            }
        }
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
        lookups: Arc::new(Mutex::new(None)),
    }
}
