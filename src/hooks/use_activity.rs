//! The "Batches per day" chart's data: which requests, their answers, and
//! cancelling them when the view changes.

use crate::api::{self, ApiError, LatestOnly};
use crate::browser::{self, clock};
use batches_core::activity::{self, Chart, Plan, Table};
use batches_core::filters::{self, Filters};
use leptos::prelude::*;

/// What the chart shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Waiting for the list's first answer, or for the chart's own.
    Loading,
    /// The API gives no totals: the chart is hidden and this note says why.
    Hidden(&'static str),
    /// A request failed (the list itself reports errors; this is a note).
    Failed(String),
    Shown {
        chart: Chart,
        table: Table,
        /// False when listing stopped at its page cap (the counts are a floor).
        complete: bool,
    },
}

/// What [`use_activity`] returns.
#[derive(Clone, Copy)]
pub struct UseActivityReturn {
    pub activity: Signal<Activity>,
}

/// Fills the chart for `view` (its page and page size aside: they do not
/// change which batches exist) once `ready` (the list answered) and the
/// list's rows are painted: one total request, then the cheaper of listing
/// the range at 1,000 rows a page or one-row counts per day and status
/// ([`Chart::plan`]). All of it runs in one latest-only slot, so a view
/// change cuts the old requests short.
///
/// ```ignore
/// let activity = use_activity(url.view, answered);
/// view! { <ActivityChart activity=activity.activity on_day=… /> }
/// ```
pub fn use_activity(view: Memo<Filters>, ready: Signal<bool>) -> UseActivityReturn {
    let slot = LatestOnly::new();
    on_cleanup(move || slot.abort());
    let key = Memo::new(move |_| {
        view.with(|f| Filters {
            page_size: None,
            page_token: None,
            refresh: None,
            ..f.clone()
        })
    });
    Effect::new(move |_| slot.supersede(&filters::to_query(&key.get())));
    let answer = LocalResource::new(move || {
        let f = key.get();
        let ready = ready.get();
        async move {
            if !ready {
                return Activity::Loading;
            }
            // After the list's rows are painted: the chart reads up to
            // 1,000 batches a page, and a long list's first paint waited
            // for those answers to be parsed.
            browser::timers::idle().await;
            let chart = activity::chart(&f, browser::now(), clock::local_offset_minutes);
            match fill(&chart, &filters::to_query(&f), slot).await {
                Ok(Some((table, complete))) => Activity::Shown {
                    chart,
                    table,
                    complete,
                },
                Ok(None) => Activity::Hidden(activity::NO_TOTALS_NOTE),
                // A newer view cut this one short; its own answer follows.
                Err(ApiError::Cancelled) => Activity::Loading,
                Err(e) => {
                    Activity::Failed(format!("The chart could not be drawn: {}", e.headline()))
                }
            }
        }
    });
    UseActivityReturn {
        activity: Signal::derive(move || answer.get().unwrap_or(Activity::Loading)),
    }
}

/// The chart's counts, `None` when the API gives no totals.
async fn fill(
    chart: &Chart,
    what: &str,
    slot: LatestOnly,
) -> Result<Option<(Table, bool)>, ApiError> {
    let Some(total_path) = chart.total_path() else {
        return Ok(Some((chart.empty_table(), true)));
    };
    let total = api::chart_page(&total_path, what, slot).await?.total_size;
    match chart.plan(total) {
        Plan::NoTotals => Ok(None),
        Plan::Empty => Ok(Some((chart.empty_table(), true))),
        Plan::List => {
            let mut listing = chart.listing();
            while let Some(path) = listing.next_path() {
                let page = api::chart_page(&path, what, slot).await?;
                listing.accept(&page);
            }
            Ok(Some((listing.table(), listing.complete())))
        }
        Plan::Counts(reqs) => {
            let paths: Vec<String> = reqs.iter().map(|r| r.path.clone()).collect();
            let totals = api::chart_totals(&paths, what, slot).await?;
            Ok(chart.fold_counts(&reqs, &totals).ok().map(|t| (t, true)))
        }
    }
}
