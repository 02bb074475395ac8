//! One file of a batch as a table row: name and id, what became of it (from
//! its job), the error, the credits and the job. The one file row of the
//! app: the batch's page shows it with buttons, an expanded list row without.

use crate::components::copy_button::CopyButton;
use crate::components::job_details::JobDetails;
use crate::components::result_panel::row_link;
use batches_core::model::{FileResult, JobReference};
use batches_core::outcome::{Bucket, Outcome};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// A file's name, once (and if) its lookup answers.
pub type Name = Option<ArcReadSignal<Option<String>>>;

/// The files table around its body: a `<tbody>` of keyed rows (the batch's
/// page) or of every file once (an expanded list row).
pub fn files_table(tbody: impl IntoView) -> impl IntoView {
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
                {tbody}
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

/// What a file's outcome, error and credits cells say.
struct OutcomeText<'a> {
    class: &'static str,
    label: String,
    error: &'a str,
    credits: String,
}

impl<'a> OutcomeText<'a> {
    /// The words and colour of `o`; a dash where it has no error or credits.
    fn of(o: &'a Outcome) -> Self {
        OutcomeText {
            class: outcome_class(o),
            label: o.label(),
            error: o.error().unwrap_or("—"),
            credits: o
                .credits()
                .map(batches_core::text::number)
                .unwrap_or_else(|| "—".into()),
        }
    }
}

/// The outcome, error and credits cells of one file, as its outcome is now;
/// `badge` follows the outcome ("2 pages failed", see [`row_link`]).
fn outcome_cells(o: Outcome, badge: impl IntoView) -> impl IntoView {
    let t = OutcomeText::of(&o);
    let error = t.error.to_string();
    view! {
        <td><span class=t.class>{t.label}</span>{badge}</td>
        <td class="error-text">{error}</td>
        <td class="credits">{t.credits}</td>
    }
}

/// The job type shown after a job's id; empty when the API sent none.
fn job_kind(j: &JobReference) -> &str {
    j.job_type.as_ref().map(|t| t.as_str()).unwrap_or_default()
}

/// One file's row, for the batch page (`actions`: Copy buttons and the
/// job's own details) and for an expanded list row (without them). A plain
/// function rather than a component, since a batch has up to 1,000 of them
/// and it needs no props builder. Two effects at most: the name, when it
/// arrives (its own cell's text), and `outcome`, the file's outcome as shown
/// now (the outcome, error and credits cells, their texts changed in place).
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
            let open = row_link::open_result_link(&id);
            Either::Left(view! {
                {name}
                <code class="file-id">{id}</code>
                {copy}
                {open}
            })
        }
        None => Either::Right(view! { <span class="muted">"—"</span> }),
    };
    let job_id = result.job_reference.as_ref().map(|j| j.id.clone());
    let job = match result.job_reference {
        Some(j) if actions => EitherOf3::A(view! { <JobDetails job=j /> }),
        Some(j) => {
            let kind = job_kind(&j).to_string();
            EitherOf3::B(view! { <code>{j.id}</code> " " <span class="muted">{kind}</span> })
        }
        None => EitherOf3::C(view! { <span class="muted">"—"</span> }),
    };
    view! {
        <tr>
            <td class="file">{file}</td>
            {move || outcome_cells(outcome(), row_link::pages_failed_badge(job_id.as_deref()))}
            <td class="job">{job}</td>
        </tr>
    }
}
