//! A parse result's pages: the summary line ("38 of 40 pages parsed · 2
//! failed") with the failed pages as links, the Markdown / plain text
//! switch, find with its counts per page, downloads, and the pages
//! themselves, the first [`PAGE_STEP`] at once and more as the reader asks,
//! so a 2,000-page result opens without building 2,000 pages.
//!
//! Built once per result and text; the find (`rq=`) changes only the
//! pages listed, so the field being typed in stays as it is.

use super::download_button::download_button;
use super::page_card::page_card;
use super::page_links::{limit_for, page_links, Limit, PAGE_STEP};
use super::PanelLinks;
use crate::results::Shared;
use batches_core::result::find::{self, Finder};
use batches_core::result::names::Kind;
use batches_core::result::pages::{self, Mode, Summary};
use batches_core::result::view::Show;
use batches_core::result::FileResult;
use batches_core::text;
use leptos::prelude::*;
use std::sync::Arc;

/// The pages of a parse result in `mode`, with the find `links.view` names.
#[component]
pub fn ParsePages(result: Shared, mode: Mode, links: PanelLinks) -> impl IntoView {
    let FileResult::Parse(answer) = result.0.as_ref() else {
        return ().into_any();
    };
    let all = Arc::new(pages::list(answer, mode));
    let summary = Summary::of(answer);
    let limit: Limit = RwSignal::new((None, PAGE_STEP));
    let rq = Memo::new(move |_| links.view.with(|v| v.rq.clone()));
    let failed = (!summary.failed.is_empty()).then(|| {
        let at = |n: u32| all.iter().position(|p| p.number == n).unwrap_or(0);
        let targets: Vec<_> = summary.failed.iter().map(|n| (at(*n), *n, format!("page {n}"))).collect();
        view! { <span class="failed-pages">" Failed:" {move || page_links(targets.clone(), limit, rq.get())}</span> }
    });
    // Which pages are listed (indices into `all`) and, with a find, how often each matches.
    let listed = {
        let all = Arc::clone(&all);
        Memo::new(move |_| match rq.get().as_deref().and_then(Finder::new) {
            None => (0..all.len()).map(|i| (i, None)).collect::<Vec<_>>(),
            Some(f) => {
                let hits = find::per_page(&all, &f);
                let at = |n: u32| all.iter().position(|p| p.number == n).unwrap_or(0);
                hits.into_iter().map(|(n, c)| (at(n), Some(c))).collect()
            }
        })
    };
    let numbers = Arc::clone(&all);
    let found = move || {
        rq.get().and_then(|q| Finder::new(&q).map(|_| q))?;
        let hits = listed.get();
        let total: usize = hits.iter().filter_map(|(_, c)| *c).sum();
        let words = format!(
            "{} on {}",
            text::count(total as u64, "match", "matches"),
            text::count(hits.len() as u64, "page", "pages")
        );
        let targets = hits.iter().enumerate().take(50).map(|(at, (i, c))| {
            let n = numbers[*i].number;
            (at, n, format!("p. {n} ({})", c.unwrap_or(0)))
        });
        let targets: Vec<_> = targets.collect();
        Some(
            view! { <p class="find-summary" role="status">{words} {page_links(targets, limit, rq.get())}</p> },
        )
    };
    let kind = if mode == Mode::Text {
        Kind::Text
    } else {
        Kind::Markdown
    };
    let everything = Arc::clone(&all);
    let job_id = answer.job.id.clone();
    let download = download_button(
        kind,
        move || links.download_name(kind, &job_id),
        move || pages::document(&everything, mode),
    );
    let switch = [(Show::Default, "Markdown"), (Show::Text, "Plain text")].map(|(s, label)| {
        let current = (mode == s.mode()).then_some("true");
        view! { <a class="switch" href=move || links.href(move |r| r.show = s) aria-current=current>{label}</a> }
    });
    let shown = move || {
        let n = limit_for(limit, &rq.get());
        let q = rq.get();
        listed.with(|l| {
            l.iter()
                .take(n)
                .map(|(i, c)| (*i, *c, q.clone()))
                .collect::<Vec<_>>()
        })
    };
    let card = move |(i, c, q): (usize, Option<usize>, Option<String>)| {
        page_card(&all[i], q.as_deref().and_then(Finder::new).as_ref(), c)
    };
    let remaining = move || {
        listed
            .with(Vec::len)
            .saturating_sub(limit_for(limit, &rq.get()))
    };
    let more = move |_| {
        limit.set((
            rq.get_untracked(),
            limit_for(limit, &rq.get_untracked()) + PAGE_STEP,
        ))
    };
    view! {
        <p class="page-summary">{summary.words()} {failed}</p>
        <div class="result-tools">
            <nav class="result-switch" aria-label="Show the pages as">{switch}</nav>
            {download}
        </div>
        {super::find_box::find_box(links)}
        {found}
        <div class="result-pages">
            <For each=shown key=|(i, _, q)| (*i, q.clone()) children=card />
        </div>
        <Show when=move || { remaining() > 0 }>
            <button type="button" class="more-pages" on:click=more>
                {move || format!("Show {} more pages", PAGE_STEP.min(remaining()))}
            </button>
            <span class="muted">{move || format!(" {} of {} listed", text::thousands((listed.with(Vec::len) - remaining()) as u64), text::thousands(listed.with(Vec::len) as u64))}</span>
        </Show>
    }
    .into_any()
}
