//! "Failures by cause": the batch's failed files grouped by what went wrong.

use batches_core::outcome::causes::Cause;
use batches_core::text;
use leptos::prelude::*;

/// One group a line, biggest first: its count, the cause, an example
/// message (as text), and a link that narrows the files to the group.
#[component]
pub fn CauseList(
    #[prop(into)] causes: Signal<Vec<Cause>>,
    /// The address that shows only the files of the cause with this key.
    href: Callback<String, String>,
    /// The key of the group the files are narrowed to, if any.
    #[prop(into)]
    current: Signal<Option<String>>,
) -> impl IntoView {
    (move || {
        let causes = causes.get();
        (!causes.is_empty()).then(|| {
            let items = causes
                .into_iter()
                .map(|c| {
                    let here = current.with(|k| k.as_deref() == Some(c.key.as_str()));
                    view! {
                        <li>
                            <span class="cause-count">{text::count(c.count, "file", "files")}</span>
                            " "
                            <span class="cause-label">{c.label}</span>
                            <p class="cause-example">"e.g. " <q>{c.example}</q></p>
                            <a href=href.run(c.key) aria-current=here.then_some("true")>
                                {if here { "Showing these files" } else { "Show these files" }}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="causes" aria-label="Failures by cause">
                    <h2>"Failures by cause"</h2>
                    <ol>{items}</ol>
                </section>
            }
        })
    })
    .into_any()
}
