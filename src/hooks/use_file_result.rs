//! One file's result for the batch page's result panel (`?file=`): which
//! job it is, fetched only while the panel is open on it, in one request,
//! kept for the session once finished (see [`crate::results`]), cancelled
//! when the panel closes or opens another file.

use crate::api::{self, ApiError, RetryNotice};
use crate::hooks::use_api_answer::use_api_answer;
use crate::names;
use crate::results::{self, Shared};
use batches_core::model::{Batch, JobReference};
use batches_core::result::view::ResultView;
use leptos::prelude::*;
use std::sync::Arc;

/// What the panel is about, from the URL's file and the batch's results.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Closed,
    /// The batch has not loaded yet: which job the file has is not known.
    Waiting(String),
    /// The batch lists no such file.
    NotInBatch(String),
    /// The file got no job; the batch's mapping error says why.
    NoJob(String, Option<String>),
    Job(String, JobReference),
}

impl Target {
    /// The file the panel is open on.
    pub fn file_id(&self) -> Option<&str> {
        match self {
            Target::Closed => None,
            Target::Waiting(f)
            | Target::NotInBatch(f)
            | Target::NoJob(f, _)
            | Target::Job(f, _) => Some(f),
        }
    }
}

/// What [`use_file_result`] returns.
#[derive(Clone, Copy)]
pub struct UseFileResult {
    pub target: Memo<Target>,
    /// The file's name, once its lookup answers (see [`crate::names`]).
    pub name: Signal<Option<String>>,
    /// `None` while nothing is asked for or the first answer is on its way.
    pub answer: Memo<Option<Result<Option<Shared>, ApiError>>>,
    pub loading: RwSignal<bool>,
    pub retrying: RwSignal<Option<RetryNotice>>,
    /// Asks again (Retry).
    pub retry: Callback<()>,
}

/// The result of the file the panel names (the URL's `file=`) among `batch`'s files.
pub fn use_file_result(panel: Memo<ResultView>, batch: Memo<Option<Batch>>) -> UseFileResult {
    let file = Memo::new(move |_| panel.with(|p| p.file.clone()));
    let target = Memo::new(move |_| {
        let Some(f) = file.get() else {
            return Target::Closed;
        };
        batch.with(|b| {
            let Some(b) = b else {
                return Target::Waiting(f.clone());
            };
            let results = b.results.as_deref().unwrap_or_default();
            match results
                .iter()
                .find(|r| r.source_directory_file_id.as_deref() == Some(&f))
            {
                None => Target::NotInBatch(f.clone()),
                Some(r) => match &r.job_reference {
                    Some(j) => {
                        let mut j = j.clone();
                        j.job_type = j.job_type.or_else(|| b.job_type().cloned());
                        Target::Job(f.clone(), j)
                    }
                    None => Target::NoJob(f.clone(), r.error_message.clone()),
                },
            }
        })
    });
    let job = Memo::new(move |_| match target.get() {
        Target::Job(_, j) => Some(j),
        _ => None,
    });
    let answer = use_api_answer(
        job,
        |j: &Option<JobReference>| j.as_ref().map(|j| j.id.clone()).unwrap_or_default(),
        |j, slot, on_retry| async move {
            let Some(j) = j else { return Ok(None) };
            if let Some(kept) = results::kept(&j.id) {
                return Ok(Some(kept));
            }
            let got = Shared(Arc::new(api::file_result(&j, slot, on_retry).await?));
            results::keep(&j.id, &got);
            Ok(Some(got))
        },
    );
    let resource = answer.resource;
    let name = Memo::new(move |_| {
        let dir = batch.with(|b| b.as_ref().and_then(|b| b.source_directory_id.clone()))?;
        let f = file.get()?;
        names::display_names(&dir, &[Some(f)]).pop()??.get()
    });
    UseFileResult {
        target,
        name: name.into(),
        answer: answer.shown,
        loading: answer.loading,
        retrying: answer.retrying,
        retry: Callback::new(move |_| resource.refetch()),
    }
}
