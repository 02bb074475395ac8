//! One file of a batch as a table row: name and id, what became of it (from
//! its job), the error, the credits and the job.

use crate::components::copy_button::CopyButton;
use crate::components::job_details::JobDetails;
use batches_core::model::FileResult;
use batches_core::outcome::{Bucket, Outcome};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// A file's name, once (and if) its lookup answers.
pub type Name = Option<ArcReadSignal<Option<String>>>;

/// The files table around its rows.
pub fn files_table(body: impl IntoView) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="files">
                <thead>
                    <tr>
                        <th scope="col">"File"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Error"</th>
                        <th scope="col">"Credits"</th>
                        <th scope="col">"Job"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The class that colours an outcome; the words always say it too.
fn outcome_class(o: &Outcome) -> &'static str {
    match o.bucket() {
        Bucket::Completed => "outcome outcome-ok",
        Bucket::Failed => "outcome outcome-error",
        Bucket::NoJob if o.is_failure() => "outcome outcome-error",
        Bucket::Running | Bucket::Pending | Bucket::Checking => "outcome outcome-running",
        _ => "outcome outcome-none",
    }
}

/// The outcome, error and credits cells of one file, as its outcome is now.
fn outcome_cells(o: Outcome) -> impl IntoView {
    let error = o.error().unwrap_or("—").to_string();
    let credits = o
        .credits()
        .map(batches_core::text::number)
        .unwrap_or_else(|| "—".into());
    view! {
        <td><span class=outcome_class(&o)>{o.label()}</span></td>
        <td class="error-text">{error}</td>
        <td class="credits">{credits}</td>
    }
}

/// One file's row: a plain function rather than a component, since a batch
/// has up to 1,000 of them and it needs no props builder. `outcome` is the
/// file's outcome as shown now; its cells follow it.
pub fn file_row(
    result: FileResult,
    name: Name,
    outcome: impl Fn() -> Outcome + Send + Sync + 'static,
    actions: bool,
) -> impl IntoView {
    // Either, not `into_any()`: a 1,000-file batch makes 2,000 of these
    // cells, and each boxed view costs an allocation and a dynamic build.
    let file = match result.source_directory_file_id {
        Some(id) => {
            let copy = actions.then(|| {
                let label = format!("Copy file id {id}");
                view! { <CopyButton value=id.clone() label=label /> }
            });
            let name = name.map(|n| {
                move || {
                    n.get()
                        .map(|n| view! { <span class="file-name">{n}</span> })
                }
            });
            Either::Left(view! {
                {name}
                <code class="file-id">{id}</code>
                {copy}
            })
        }
        None => Either::Right(view! { <span class="muted">"—"</span> }),
    };
    let job = match result.job_reference {
        Some(j) if actions => EitherOf3::A(view! { <JobDetails job=j /> }),
        Some(j) => {
            let kind = j
                .job_type
                .as_ref()
                .map(|t| t.as_str().to_string())
                .unwrap_or_default();
            EitherOf3::B(view! { <code>{j.id}</code> " " <span class="muted">{kind}</span> })
        }
        None => EitherOf3::C(view! { <span class="muted">"—"</span> }),
    };
    view! {
        <tr>
            <td class="file">{file}</td>
            {move || outcome_cells(outcome())}
            <td class="job">{job}</td>
        </tr>
    }
}
