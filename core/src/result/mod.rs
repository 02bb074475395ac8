//! A file's result itself: the parsed pages of a parse job
//! (`GET /api/v2/parse/{id}?expand=markdown&expand=text`) or the extracted
//! fields of an extract job (`GET /api/v2/extract/{id}`), and the pure rules
//! the result panel shows them by (page summary, find, fields as rows,
//! download names). Shared by the app and the demo server, so both read and
//! write one shape.
//!
//! The two endpoints differ: a parse job comes wrapped
//! (`{"job": {...}, "markdown": ..., "text": ...}`, the SDK's
//! `ParsingGetResponse`), an extract job flat (the job itself with
//! `extract_result`, the SDK's `ExtractV2Job`).

pub mod fields;
pub mod find;
pub mod json;
pub mod names;
pub mod pages;
pub mod view;

use crate::model::{Job, JobStatus};
use json::Node;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `expand` values the dashboard asks a parse job for, in one request:
/// the Markdown and the plain text, so the switch between them costs nothing.
pub const PARSE_EXPAND: [&str; 2] = ["markdown", "text"];

/// One page of `markdown.pages`: parsed (`success: true`, `markdown`) or
/// failed (`success: false`, `error`). One struct for both, so a page the
/// API describes with fields of both kinds still shows what it can.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MarkdownPage {
    pub page_number: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// Absent is read as parsed when there is Markdown and no error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
}

impl MarkdownPage {
    /// Whether the page failed: `success: false`, or an error without Markdown.
    pub fn failed(&self) -> bool {
        self.success == Some(false) || (self.markdown.is_none() && self.error.is_some())
    }
}

/// One page of `text.pages`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TextPage {
    pub page_number: u32,
    #[serde(default)]
    pub text: String,
}

/// `{pages: [...]}`, as both `markdown` and `text` are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pages<P> {
    #[serde(default)]
    pub pages: Vec<P>,
}

/// One entry of `result_content_metadata`: a result too large to come
/// inline, stored for download behind a presigned URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentMetadata {
    #[serde(default)]
    pub size_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presigned_url: Option<String>,
}

/// `GET /api/v2/parse/{id}`: the job, and the content `expand` asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParseAnswer {
    pub job: Job,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<Pages<MarkdownPage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Pages<TextPage>>,
    /// Large results by name (`markdown`, `text`, …) with presigned URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_content_metadata: Option<BTreeMap<String, ContentMetadata>>,
}

/// `GET /api/v2/extract/{id}`: the job itself with its `extract_result`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExtractAnswer {
    #[serde(flatten)]
    pub job: Job,
    /// An object (per document) or an array of objects (per page, per
    /// table row), in the configuration's schema; `None` until COMPLETED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extract_result: Option<Node>,
}

/// A file's result as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum FileResult {
    Parse(ParseAnswer),
    Extract(ExtractAnswer),
}

impl FileResult {
    /// The job the result belongs to (status, credits, times).
    pub fn job(&self) -> &Job {
        match self {
            FileResult::Parse(p) => &p.job,
            FileResult::Extract(e) => &e.job,
        }
    }

    /// A finished job's result never changes, so it is kept for the session.
    pub fn is_final(&self) -> bool {
        self.job().status.is_terminal()
    }
}

/// Why a job shows no content, in words; `None` when it should have some.
pub fn no_content_reason(job: &Job) -> Option<String> {
    let error = job
        .error_message
        .as_deref()
        .map(|e| format!(": {e}"))
        .unwrap_or_default();
    match &job.status {
        JobStatus::Completed => None,
        JobStatus::Failed => Some(format!("The job FAILED, so it has no result{error}")),
        JobStatus::Cancelled => Some("The job was CANCELLED before it finished: no result.".into()),
        s => Some(format!(
            "The job is {s}: its result is not there yet. Open it again once it has finished."
        )),
    }
}
