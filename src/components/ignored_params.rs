//! The notice for parameters dropped from a shared address, so a teammate
//! who opens a broken link learns what was ignored instead of seeing a view
//! that silently differs from the sender's.

use batches_core::filters::ParamIssue;
use leptos::prelude::*;

/// Lists each ignored parameter with why; shows nothing when there are none.
#[component]
pub fn IgnoredParams(
    /// What the page's parser dropped from the address.
    #[prop(into)]
    issues: Signal<Vec<ParamIssue>>,
) -> impl IntoView {
    (move || {
        let issues = issues.get();
        (!issues.is_empty()).then(|| {
            view! {
                <div class="notice" role="status">
                    <p>"Some parameters in the address were ignored:"</p>
                    <ul>
                        {issues
                            .into_iter()
                            .map(|i| view! { <li><code>{i.key}</code> " " {i.reason}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    })
    .into_any()
}
