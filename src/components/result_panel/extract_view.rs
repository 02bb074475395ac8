//! An extract job's result: the fields as tables, or (`view=json`) the raw
//! value pretty-printed, with Download .json.

use super::download_button::download_button;
use super::fields_table::fields_view;
use super::PanelLinks;
use crate::results::Shared;
use batches_core::result::fields;
use batches_core::result::names::Kind;
use batches_core::result::view::Show;
use batches_core::result::FileResult;
use leptos::prelude::*;
use std::sync::Arc;

/// The extracted value of a result: as tables, or as JSON (`json`).
#[component]
pub fn ExtractView(result: Shared, json: bool, links: PanelLinks) -> impl IntoView {
    let FileResult::Extract(answer) = result.0.as_ref() else {
        return ().into_any();
    };
    let Some(result) = answer.extract_result.clone() else {
        return view! { <p class="files-note">"The job COMPLETED but the API sent no extracted data."</p> }
            .into_any();
    };
    let switch = [(Show::Default, "Fields"), (Show::Json, "JSON")].map(|(s, label)| {
        let current = (json == (s == Show::Json)).then_some("true");
        view! { <a class="switch" href=move || links.href(move |r| r.show = s) aria-current=current>{label}</a> }
    });
    let pretty = Arc::new(result.pretty());
    let for_download = Arc::clone(&pretty);
    let job_id = answer.job.id.clone();
    let download = download_button(
        Kind::Json,
        move || links.download_name(Kind::Json, &job_id),
        move || format!("{for_download}\n"),
    );
    let body = if json {
        view! { <pre class="page-text result-json">{pretty.to_string()}</pre> }.into_any()
    } else {
        fields_view(fields::layout(&result)).into_any()
    };
    view! {
        <div class="result-tools">
            <nav class="result-switch" aria-label="Show the result as">{switch}</nav>
            {download}
        </div>
        {body}
    }
    .into_any()
}
