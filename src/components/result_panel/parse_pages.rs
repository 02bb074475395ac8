//! A parse result's pages: the summary line ("38 of 40 pages parsed · 2
//! failed") with the failed pages as links, the Markdown / plain text
//! switch, find with its counts per page, downloads, and the pages
//! themselves, the first [`PAGE_STEP`] at once and more as the reader asks,
//! so a 2,000-page result opens without building 2,000 pages.

use super::download_button::download_button;
use super::page_card::{page_anchor, page_card};
use super::PanelLinks;
use crate::browser::scroll;
use crate::results::Shared;
use batches_core::result::find::{self, Finder};
use batches_core::result::names::Kind;
use batches_core::result::pages::{self, Mode, Page, Summary};
use batches_core::result::view::Show;
use batches_core::result::{FileResult, ParseAnswer};
use batches_core::text;
use leptos::prelude::*;
use std::sync::Arc;

/// How many pages are added at a time.
pub const PAGE_STEP: usize = 20;

/// Links to pages ("7", "23"): each shows its page (rendering the pages up
/// to it first) and scrolls there, without leaving the address.
fn page_links(
    targets: Vec<(u32, String)>,
    order: Arc<Vec<u32>>,
    limit: RwSignal<usize>,
) -> impl IntoView {
    targets
        .into_iter()
        .map(|(n, label)| {
            let order = Arc::clone(&order);
            let go = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                let at = order.iter().position(|p| *p == n).unwrap_or(0);
                limit.update(|l| *l = (*l).max((at / PAGE_STEP + 1) * PAGE_STEP));
                scroll::into_view_next_frame(page_anchor(n));
            };
            view! { " " <a href=format!("#{}", page_anchor(n)) on:click=go>{label}</a> }
        })
        .collect_view()
}

/// The pages of `answer` as `links.view` says (text or Markdown, find).
#[component]
pub fn ParsePages(result: Shared, links: PanelLinks) -> impl IntoView {
    let FileResult::Parse(answer) = result.0.as_ref() else {
        return ().into_any();
    };
    let answer: &ParseAnswer = answer;
    let v = links.view.get_untracked();
    let mode = v.show.mode();
    let all = pages::list(answer, mode);
    let summary = Summary::of(answer);
    let finder = v.rq.as_deref().and_then(Finder::new);
    let hits = finder.as_ref().map(|f| find::per_page(&all, f));
    // With a find, only the pages it found are listed.
    let shown: Arc<Vec<Page>> = Arc::new(match &hits {
        Some(h) => all
            .iter()
            .filter(|p| h.iter().any(|(n, _)| *n == p.number))
            .cloned()
            .collect(),
        None => all.clone(),
    });
    let order = Arc::new(shown.iter().map(|p| p.number).collect::<Vec<_>>());
    let limit = RwSignal::new(PAGE_STEP);
    let failed = (!summary.failed.is_empty()).then(|| {
        let targets = summary.failed.iter().map(|n| (*n, format!("page {n}"))).collect();
        view! { <span class="failed-pages">" Failed:" {page_links(targets, Arc::new(all.iter().map(|p| p.number).collect()), limit)}</span> }
    });
    let found = hits.map(|h| {
        let total: usize = h.iter().map(|(_, c)| c).sum();
        let words = format!("{} on {}", text::count(total as u64, "match", "matches"), text::count(h.len() as u64, "page", "pages"));
        let targets = h.iter().take(50).map(|(n, c)| (*n, format!("p. {n} ({c})"))).collect();
        view! { <p class="find-summary" role="status">{words} {page_links(targets, Arc::clone(&order), limit)}</p> }
    });
    let kind = if mode == Mode::Text {
        Kind::Text
    } else {
        Kind::Markdown
    };
    let everything = Arc::new(all);
    let download = download_button(kind, links.download_name(kind, &answer.job.id), move || {
        pages::document(&everything, mode)
    });
    let switch = [(Show::Default, "Markdown"), (Show::Text, "Plain text")].map(|(s, label)| {
        let href = links.href(|r| r.show = s);
        let current = (v.show.mode() == s.mode()).then_some("true");
        view! { <a class="switch" href=href aria-current=current>{label}</a> }
    });
    let total = shown.len();
    let cards = Arc::clone(&shown);
    let finder = Arc::new(finder);
    let card = move |i: usize| {
        let p = &cards[i];
        let matches = hits_of(&finder, p);
        page_card(p, finder.as_ref().as_ref(), matches)
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
            <For each=move || 0..limit.get().min(total) key=|i| *i children=card />
        </div>
        <Show when=move || { limit.get() < total }>
            <button type="button" class="more-pages" on:click=move |_| limit.update(|l| *l += PAGE_STEP)>
                {move || format!("Show {} more pages", PAGE_STEP.min(total - limit.get().min(total)))}
            </button>
            <span class="muted">{move || format!(" {} of {} shown", limit.get().min(total), text::thousands(total as u64))}</span>
        </Show>
    }
    .into_any()
}

fn hits_of(finder: &Option<Finder>, p: &Page) -> Option<usize> {
    let f = finder.as_ref()?;
    Some(f.count(match &p.body {
        Ok(t) | Err(t) => t,
    }))
}
