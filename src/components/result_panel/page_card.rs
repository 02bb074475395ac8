//! One page of a parse result: headed by its number, its text (matches of
//! the find marked) or its error, and Copy page. Text is always text: a
//! `<script>` in a result is shown, never run.

use crate::components::copy_button::CopyButton;
use batches_core::result::find::{pieces, Finder};
use batches_core::result::pages::Page;
use leptos::prelude::*;

/// The element id of page `n`, for the links that scroll to it.
pub fn page_anchor(n: u32) -> String {
    format!("result-page-{n}")
}

/// `text` with the finder's matches in `<mark>`: elements built one by
/// one, never parsed as HTML.
fn marked(text: &str, finder: Option<&Finder>) -> Vec<AnyView> {
    pieces(text, finder)
        .into_iter()
        .map(|(s, hit)| {
            let s = s.to_string();
            if hit {
                view! { <mark>{s}</mark> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect()
}

/// Page `page`, with `matches` of the find on it (when there is one).
pub fn page_card(page: &Page, finder: Option<&Finder>, matches: Option<usize>) -> impl IntoView {
    let n = page.number;
    let heading = match matches {
        Some(m) => format!(
            "Page {n} · {}",
            batches_core::text::count(m as u64, "match", "matches")
        ),
        None => format!("Page {n}"),
    };
    let body = match &page.body {
        Ok(text) => {
            let label = format!("Copy page {n}");
            let copy = view! { <CopyButton value=text.clone() label=label /> };
            let shown = marked(text, finder);
            (
                Some(copy),
                view! { <pre class="page-text">{shown}</pre> }.into_any(),
            )
        }
        Err(e) => {
            let shown = marked(e, finder);
            let failed = view! {
                <p class="page-failed" role="note">
                    <strong>{format!("Page {n} failed: ")}</strong>
                    <span class="error-text">{shown}</span>
                </p>
            };
            (None, failed.into_any())
        }
    };
    let class = if page.body.is_err() {
        "result-page result-page-failed"
    } else {
        "result-page"
    };
    view! {
        <section class=class id=page_anchor(n) tabindex="-1" aria-label=format!("Page {n}")>
            <div class="page-head"><h3>{heading}</h3>{body.0}</div>
            {body.1}
        </section>
    }
}
