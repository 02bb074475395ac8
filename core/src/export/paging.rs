//! The list export's paging loop: every page of a view, one instant, a cap.

use super::EXPORT_PAGE_SIZE;
use crate::api_error::ApiError;
use crate::filters::{self, Filters};
use crate::model::{Batch, BatchPage};
use crate::text;
use crate::time::Instant;

/// What an export has so far, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Batches collected.
    pub done: u64,
    /// How many there will be when the API said (`total_size`, never more
    /// than the cap, never less than `done`); `None` while unknown.
    pub of: Option<u64>,
}

impl Progress {
    /// "1,200 of 2,400 batches", or "200 batches so far" without a total.
    pub fn label(&self) -> String {
        match self.of {
            Some(of) => format!(
                "{} of {}",
                text::thousands(self.done),
                text::count(of, "batch", "batches")
            ),
            None => format!("{} so far", text::count(self.done, "batch", "batches")),
        }
    }
}

/// The notice shown when an export reached its cap with batches left over.
pub fn cap_notice(cap: usize) -> String {
    format!(
        "Export stopped at {}; narrow the filters to export the rest.",
        text::count(cap as u64, "batch", "batches")
    )
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Next {
    First,
    Token(String),
    Finished,
}

/// An export of a filtered list in progress: which page to ask for next, and
/// what has arrived. The caller fetches [`BatchExport::next_path`] and hands
/// the answer to [`BatchExport::accept`] until there is no next path.
///
/// The view's relative range is resolved once, at the start, so every page
/// asks about the same instant (a cursor from one instant would not fit
/// another); the view's own page size and cursor are ignored: an export
/// always starts at the first page and asks for [`EXPORT_PAGE_SIZE`] rows.
#[derive(Clone, Debug)]
pub struct BatchExport {
    filters: Filters,
    at: Instant,
    cap: usize,
    next: Next,
    batches: Vec<Batch>,
    total: Option<u64>,
    capped: bool,
}

impl BatchExport {
    /// An export of `view` as of `at`, stopping after `cap` batches (at least 1).
    pub fn new(view: &Filters, at: Instant, cap: usize) -> Self {
        let filters = Filters {
            page_size: Some(EXPORT_PAGE_SIZE),
            page_token: None,
            ..filters::api_filters(view, at)
        };
        BatchExport {
            filters,
            at,
            cap: cap.max(1),
            next: Next::First,
            batches: Vec::new(),
            total: None,
            capped: false,
        }
    }

    /// The request for the next page, or `None` when the export is complete.
    pub fn next_path(&self) -> Option<String> {
        let token = match &self.next {
            Next::First => None,
            Next::Token(t) => Some(t.clone()),
            Next::Finished => return None,
        };
        let f = Filters {
            page_token: token,
            ..self.filters.clone()
        };
        // Already resolved: `at` changes nothing here, it only satisfies the signature.
        Some(filters::list_request_path(&f, self.at))
    }

    /// Takes the answer to [`BatchExport::next_path`]. A cursor that repeats
    /// the one just used would loop forever, so it fails the export instead.
    pub fn accept(&mut self, page: BatchPage) -> Result<(), ApiError> {
        if page.total_size.is_some() {
            self.total = page.total_size;
        }
        let room = self.cap - self.batches.len();
        let more_here = page.items.len() > room;
        let token = page.next_token().map(String::from);
        self.batches.extend(page.items.into_iter().take(room));
        if self.batches.len() >= self.cap {
            self.capped = more_here || token.is_some();
            self.next = Next::Finished;
            return Ok(());
        }
        self.next = match token {
            Some(t) if self.next == Next::Token(t.clone()) => {
                self.next = Next::Finished;
                return Err(ApiError::Malformed(
                    "the API sent the same page cursor twice".into(),
                ));
            }
            Some(t) => Next::Token(t),
            None => Next::Finished,
        };
        Ok(())
    }

    /// Whether the cap cut the export short of what the filters match.
    pub fn capped(&self) -> bool {
        self.capped
    }

    /// The cap this export stops at.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The instant relative ranges were resolved at (and the file is stamped with).
    pub fn at(&self) -> Instant {
        self.at
    }

    /// What the progress bar shows.
    pub fn progress(&self) -> Progress {
        let done = self.batches.len() as u64;
        Progress {
            done,
            of: self.total.map(|t| t.min(self.cap as u64).max(done)),
        }
    }

    /// The batches collected, in the API's order.
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }
}
