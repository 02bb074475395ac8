//! The LlamaCloud batches API as data (see shared/api/batches.md).
//!
//! Everything the API marks optional is optional here, and enums keep values
//! they do not know as text: a new status or job type must show up in the
//! table, not break it. The demo server serialises the same types, so the
//! demo can never drift from what the client parses.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A batch's lifecycle state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BatchStatus {
    Pending,
    Throttled,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// A value this build does not know yet, shown as the API wrote it.
    Other(String),
}

impl BatchStatus {
    /// The six documented values, in the order the status filter lists them.
    pub const KNOWN: [BatchStatus; 6] = [
        BatchStatus::Pending,
        BatchStatus::Throttled,
        BatchStatus::Running,
        BatchStatus::Completed,
        BatchStatus::Failed,
        BatchStatus::Cancelled,
    ];

    /// The API's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            BatchStatus::Pending => "PENDING",
            BatchStatus::Throttled => "THROTTLED",
            BatchStatus::Running => "RUNNING",
            BatchStatus::Completed => "COMPLETED",
            BatchStatus::Failed => "FAILED",
            BatchStatus::Cancelled => "CANCELLED",
            BatchStatus::Other(s) => s,
        }
    }

    /// Reads the API's spelling; anything else is kept as [`BatchStatus::Other`].
    pub fn from_api(s: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            .unwrap_or_else(|| BatchStatus::Other(s.to_string()))
    }

    /// Completed, failed and cancelled batches never change again: they
    /// cannot be cancelled, and their results are final.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            BatchStatus::Completed | BatchStatus::Failed | BatchStatus::Cancelled
        )
    }

    /// A CSS class suffix; unknown values share one neutral style.
    pub fn css_class(&self) -> &'static str {
        match self {
            BatchStatus::Pending => "pending",
            BatchStatus::Throttled => "throttled",
            BatchStatus::Running => "running",
            BatchStatus::Completed => "completed",
            BatchStatus::Failed => "failed",
            BatchStatus::Cancelled => "cancelled",
            BatchStatus::Other(_) => "other",
        }
    }
}

impl fmt::Display for BatchStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which kind of job a batch runs for each file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JobType {
    ParseV2,
    ExtractV2,
    /// A job type this build does not know yet, shown as the API wrote it.
    Other(String),
}

impl JobType {
    /// The API's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            JobType::ParseV2 => "parse_v2",
            JobType::ExtractV2 => "extract_v2",
            JobType::Other(s) => s,
        }
    }

    /// Reads the API's spelling; anything else is kept as [`JobType::Other`].
    pub fn from_api(s: &str) -> Self {
        match s {
            "parse_v2" => JobType::ParseV2,
            "extract_v2" => JobType::ExtractV2,
            other => JobType::Other(other.to_string()),
        }
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! string_enum_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(<$t>::from_api(&s))
            }
        }
    };
}
string_enum_serde!(BatchStatus);
string_enum_serde!(JobType);

/// `config.job` of a batch: which configuration every file's job uses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobConfig {
    #[serde(default)]
    pub configuration_id: Option<String>,
    #[serde(default, rename = "type")]
    pub job_type: Option<JobType>,
}

/// `config` of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchConfig {
    #[serde(default)]
    pub job: Option<JobConfig>,
}

/// The job a file's processing created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobReference {
    pub id: String,
    #[serde(default, rename = "type")]
    pub job_type: Option<JobType>,
}

/// One file's outcome in a batch; `job_reference` is absent when no job
/// could be created, and `error_message` then says why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileResult {
    #[serde(default)]
    pub source_directory_file_id: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_reference: Option<JobReference>,
}

/// A batch as the list and the single-batch endpoints return it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub id: String,
    #[serde(default)]
    pub config: Option<BatchConfig>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub source_directory_id: Option<String>,
    #[serde(default)]
    pub status: Option<BatchStatus>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `None` in list rows, and while a batch runs even when expanded.
    #[serde(default)]
    pub results: Option<Vec<FileResult>>,
}

impl Batch {
    /// The job type from the nested config, if the API sent one.
    pub fn job_type(&self) -> Option<&JobType> {
        self.config.as_ref()?.job.as_ref()?.job_type.as_ref()
    }

    /// The configuration id from the nested config, if the API sent one.
    pub fn configuration_id(&self) -> Option<&str> {
        self.config
            .as_ref()?
            .job
            .as_ref()?
            .configuration_id
            .as_deref()
    }
}

/// One page of `GET /api/v2/batches`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchPage {
    /// Required: a 200 without it is a wrongly shaped answer, not an empty list.
    pub items: Vec<Batch>,
    /// Absent or empty on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    /// Optional and possibly an estimate: for display only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_size: Option<u64>,
}

impl BatchPage {
    /// The cursor for the next page, treating an empty token as "no more".
    pub fn next_token(&self) -> Option<&str> {
        self.next_page_token.as_deref().filter(|t| !t.is_empty())
    }
}

/// `GET /api/v1/beta/directories/{dir}/files/{file}`: what turns a
/// file id into a name people recognise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryFile {
    pub id: String,
    #[serde(default)]
    pub directory_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
}

/// A parse or extract job's lifecycle state, from the job endpoints. This,
/// not the batch's `error_message`, says whether a file was processed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// A value this build does not know (extract may answer `THROTTLED`),
    /// shown as the API wrote it and treated as not finished yet.
    Other(String),
}

impl JobStatus {
    /// The five documented values, in the order a summary lists them.
    pub const KNOWN: [JobStatus; 5] = [
        JobStatus::Pending,
        JobStatus::Running,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    /// The API's spelling, also what a person reads (never colour alone).
    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Pending => "PENDING",
            JobStatus::Running => "RUNNING",
            JobStatus::Completed => "COMPLETED",
            JobStatus::Failed => "FAILED",
            JobStatus::Cancelled => "CANCELLED",
            JobStatus::Other(s) => s,
        }
    }

    /// Reads the API's spelling; anything else is kept as [`JobStatus::Other`].
    pub fn from_api(s: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|k| k.as_str() == s)
            .cloned()
            .unwrap_or_else(|| JobStatus::Other(s.to_string()))
    }

    /// A finished job never changes again, so its answer can be cached for
    /// the session; anything else must be looked up again on refresh.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
        )
    }

    /// A CSS class suffix, named like the batch statuses' so one style
    /// sheet serves both; unknown values share one neutral style.
    pub fn css_class(&self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Other(_) => "other",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_enum_serde!(JobStatus);

/// `usage` of a job: what it cost, once billing has recorded it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobUsage {
    /// Null until billing has recorded it; may be fractional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<f64>,
}

/// One job as `GET /api/v2/parse` and `GET /api/v2/extract` list it: the
/// file's real outcome, which a batch's results only point to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    /// Required by the SDKs, but a missing one is no reason to lose the
    /// job's status.
    #[serde(default)]
    pub project_id: Option<String>,
    pub status: JobStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<JobUsage>,
    /// Extract jobs only: the file (or parse job) that was extracted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_input: Option<String>,
}

impl Job {
    /// The credits the job reports, if billing has recorded any.
    pub fn credits(&self) -> Option<f64> {
        self.usage.as_ref()?.credits
    }
}

/// One page of a job list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobPage {
    /// Required: a 200 without it is a wrongly shaped answer, not "no jobs".
    pub items: Vec<Job>,
    /// Absent or empty on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
}

impl JobPage {
    /// The cursor for the next page, treating an empty token as "no more".
    pub fn next_token(&self) -> Option<&str> {
        self.next_page_token.as_deref().filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC_EXAMPLE: &str = r#"{
      "items": [
        {
          "id": "bat-1",
          "config": {"job": {"configuration_id": "cfg-1", "type": "parse_v2"}},
          "project_id": "prj-1",
          "source_directory_id": "dir-1",
          "status": "RUNNING",
          "created_at": "2026-11-20T09:43:00.117Z",
          "updated_at": "2026-11-20T09:48:00.117Z",
          "results": null
        }
      ],
      "next_page_token": "abc",
      "total_size": 1234
    }"#;

    #[test]
    fn parses_the_documented_example() {
        let page: BatchPage = serde_json::from_str(DOC_EXAMPLE).unwrap();
        assert_eq!(page.total_size, Some(1234));
        assert_eq!(page.next_token(), Some("abc"));
        let b = &page.items[0];
        assert_eq!(b.status, Some(BatchStatus::Running));
        assert_eq!(b.job_type(), Some(&JobType::ParseV2));
        assert_eq!(b.configuration_id(), Some("cfg-1"));
        assert_eq!(b.results, None);
    }

    #[test]
    fn unknown_enums_and_missing_fields_are_kept_not_fatal() {
        let page: BatchPage = serde_json::from_str(
            r#"{"items":[{"id":"bat-2","status":"ARCHIVED","config":{"job":{"type":"classify_v3"}}},
                         {"id":"bat-3","config":null,"status":null,"created_at":null}]}"#,
        )
        .unwrap();
        assert_eq!(page.next_token(), None);
        assert_eq!(page.total_size, None);
        assert_eq!(
            page.items[0].status,
            Some(BatchStatus::Other("ARCHIVED".into()))
        );
        assert_eq!(page.items[0].status.as_ref().unwrap().css_class(), "other");
        assert_eq!(
            page.items[0].job_type(),
            Some(&JobType::Other("classify_v3".into()))
        );
        assert_eq!(page.items[1].job_type(), None);
        assert_eq!(page.items[1].created_at, None);
    }

    #[test]
    fn a_page_without_items_is_refused() {
        assert!(serde_json::from_str::<BatchPage>(r#"{"results":[]}"#).is_err());
        assert!(serde_json::from_str::<BatchPage>(r#"{"items":"nope"}"#).is_err());
        assert!(serde_json::from_str::<BatchPage>(r#"{"items":[{"status":"RUNNING"}]}"#).is_err());
    }

    #[test]
    fn empty_next_token_means_last_page() {
        let page: BatchPage = serde_json::from_str(r#"{"items":[],"next_page_token":""}"#).unwrap();
        assert_eq!(page.next_token(), None);
    }

    #[test]
    fn expanded_results_with_and_without_jobs() {
        let b: Batch = serde_json::from_str(
            r#"{"id":"bat-4","status":"COMPLETED","results":[
              {"source_directory_file_id":"dfl-1","error_message":null,
               "job_reference":{"id":"pjb-1","type":"parse_v2"}},
              {"source_directory_file_id":"dfl-2","error_message":"Unsupported file type"}]}"#,
        )
        .unwrap();
        let r = b.results.unwrap();
        assert_eq!(r[0].job_reference.as_ref().unwrap().id, "pjb-1");
        assert_eq!(r[1].job_reference, None);
        assert_eq!(r[1].error_message.as_deref(), Some("Unsupported file type"));
    }

    #[test]
    fn serialises_list_rows_with_null_results_and_no_empty_cursor() {
        let page = BatchPage {
            items: vec![Batch {
                id: "bat-5".into(),
                config: None,
                project_id: None,
                source_directory_id: None,
                status: Some(BatchStatus::Failed),
                created_at: None,
                updated_at: None,
                results: None,
            }],
            next_page_token: None,
            total_size: Some(1),
        };
        let v = serde_json::to_value(&page).unwrap();
        assert!(v["items"][0]["results"].is_null());
        assert!(v.get("next_page_token").is_none());
        assert_eq!(v["items"][0]["status"], "FAILED");
    }

    #[test]
    fn job_pages_parse_tolerantly() {
        let page: JobPage = serde_json::from_str(
            r#"{"items":[
              {"id":"pjb-1","project_id":"prj-1","status":"FAILED","error_message":"boom",
               "created_at":"2026-11-20T09:43:00Z","updated_at":null,"name":"a.pdf",
               "tier":"agentic","usage":{"credits":12.5},"user_metadata":{"k":"v"}},
              {"id":"ejb-2","status":"THROTTLED","usage":null},
              {"id":"ejb-3","project_id":"prj-1","status":"COMPLETED","usage":{}}],
             "next_page_token":""}"#,
        )
        .unwrap();
        assert_eq!(page.next_token(), None);
        assert_eq!(page.items[0].status, JobStatus::Failed);
        assert_eq!(page.items[0].credits(), Some(12.5));
        assert_eq!(page.items[0].error_message.as_deref(), Some("boom"));
        assert_eq!(page.items[1].status, JobStatus::Other("THROTTLED".into()));
        assert!(!page.items[1].status.is_terminal());
        assert_eq!(page.items[1].status.css_class(), "other");
        assert_eq!(page.items[1].credits(), None);
        assert_eq!(page.items[2].credits(), None);
        assert!(serde_json::from_str::<JobPage>(r#"{"jobs":[]}"#).is_err());
        assert!(serde_json::from_str::<JobPage>(r#"{"items":[{"id":"x"}]}"#).is_err());
        let back: JobPage = serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
        assert_eq!(back.items, page.items);
        assert!(JobStatus::KNOWN
            .iter()
            .all(|s| JobStatus::from_api(s.as_str()) == *s));
        let terminal: Vec<_> = JobStatus::KNOWN
            .iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(
            terminal,
            [
                &JobStatus::Completed,
                &JobStatus::Failed,
                &JobStatus::Cancelled
            ]
        );
    }
}
