//! What the panel says when there is no result to show, in words.

use batches_core::result::ParseAnswer;
use leptos::prelude::*;

/// A plain note ("Loading the result…").
pub fn note(text: impl Into<String>) -> AnyView {
    let text = text.into();
    view! { <p class="files-note" role="status">{text}</p> }.into_any()
}

/// A file without a job: nothing was parsed or extracted.
pub fn no_job(error: Option<String>) -> AnyView {
    view! {
        <p class="files-note">"No job was created for this file, so it has no result."</p>
        {error.map(|e| view! { <p class="error-text">{e}</p> })}
    }
    .into_any()
}

/// A result the API sends only as links to its storage (`*_content_metadata`).
pub fn too_large(p: &ParseAnswer) -> impl IntoView {
    let parts: Vec<String> = p
        .result_content_metadata
        .iter()
        .flatten()
        .map(|(kind, m)| {
            // Tenths of a MiB in integers: no float formatting shipped for one line.
            let tenths = (m.size_bytes + 52_428) / 104_858;
            format!("{kind}: {}.{} MB", tenths / 10, tenths % 10)
        })
        .collect();
    let sizes = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    };
    view! {
        <p class="files-note">
            {format!("This result is too large for the API to send inline{sizes}. ")}
            "LlamaCloud offers it only as a download link into its own storage, which this dashboard \
             does not open (it reaches the API only through its own server). Fetch it with the API or \
             the SDK, asking for markdown_content_metadata."
        </p>
    }
}
