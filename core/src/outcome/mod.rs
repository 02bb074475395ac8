//! What really became of each file of a batch.
//!
//! A batch's `results[i].error_message` is only the mapping error (no job
//! could be created); whether the file was parsed or extracted is its job's
//! own status, from the job list endpoints. This module joins the two so
//! that no view ever says "ok" for a file whose job failed or has not
//! answered yet: [`lookup`] plans and records the bulk job requests,
//! [`summary`] counts the outcomes, [`causes`] groups failures by cause.

pub mod causes;
pub mod lookup;
pub mod summary;
pub mod verdict;

use crate::model::{FileResult, JobStatus};

/// One file's outcome as far as the dashboard knows it right now.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// No job could be created; `error` is the batch's mapping error (a
    /// file with neither job nor error is shown, but neither failed nor ok).
    NoJob { error: Option<String> },
    /// The file has a job and its lookup has not answered yet: never "ok".
    Checking,
    /// The job as the job endpoint reports it.
    Job {
        status: JobStatus,
        error: Option<String>,
        credits: Option<f64>,
    },
    /// The lookup answered without this job (deleted, or another project's).
    NotFound,
    /// The lookup was refused or failed: only what the batch knows is shown.
    Unavailable,
}

/// The summary's and the filters' coarse classes of [`Outcome`], so every
/// count and every `files=` choice agree on where a file belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    Completed,
    Failed,
    Running,
    Pending,
    Cancelled,
    NoJob,
    /// A job status this build does not know (e.g. THROTTLED).
    OtherStatus,
    Checking,
    NotFound,
    Unavailable,
}

impl Bucket {
    /// Every bucket, in the order the summary names them.
    pub const ALL: [Bucket; 10] = [
        Bucket::Completed,
        Bucket::Failed,
        Bucket::Running,
        Bucket::Pending,
        Bucket::Cancelled,
        Bucket::NoJob,
        Bucket::OtherStatus,
        Bucket::Checking,
        Bucket::NotFound,
        Bucket::Unavailable,
    ];

    /// The words after a count in the summary ("37 failed"); the same for
    /// one or many so the line reads as a tally.
    pub fn words(self) -> &'static str {
        match self {
            Bucket::Completed => "completed",
            Bucket::Failed => "failed",
            Bucket::Running => "running",
            Bucket::Pending => "pending",
            Bucket::Cancelled => "cancelled",
            Bucket::NoJob => "without a job",
            Bucket::OtherStatus => "in another state",
            Bucket::Checking => "being checked",
            Bucket::NotFound => "job not found",
            Bucket::Unavailable => "outcome unavailable",
        }
    }

    /// Whether the summary names this bucket even at zero: the five the
    /// issue's line always shows, so the line keeps its shape as counts move.
    pub fn always_shown(self) -> bool {
        matches!(
            self,
            Bucket::Completed | Bucket::Failed | Bucket::Running | Bucket::Pending | Bucket::NoJob
        )
    }
}

impl Outcome {
    /// What a file's outcome is before (or without) any job lookup: a file
    /// with a job is [`Outcome::Checking`], never "ok".
    pub fn from_result(r: &FileResult) -> Outcome {
        match r.job_reference {
            None => Outcome::NoJob {
                error: r.error_message.clone(),
            },
            Some(_) => Outcome::Checking,
        }
    }

    /// The outcome's class for counts and filters.
    pub fn bucket(&self) -> Bucket {
        match self {
            Outcome::NoJob { .. } => Bucket::NoJob,
            Outcome::Checking => Bucket::Checking,
            Outcome::NotFound => Bucket::NotFound,
            Outcome::Unavailable => Bucket::Unavailable,
            Outcome::Job { status, .. } => match status {
                JobStatus::Pending => Bucket::Pending,
                JobStatus::Running => Bucket::Running,
                JobStatus::Completed => Bucket::Completed,
                JobStatus::Failed => Bucket::Failed,
                JobStatus::Cancelled => Bucket::Cancelled,
                JobStatus::Other(_) => Bucket::OtherStatus,
            },
        }
    }

    /// Finished for the progress bar: the job COMPLETED, FAILED or was
    /// CANCELLED, or no job will ever run for the file.
    pub fn is_finished(&self) -> bool {
        match self {
            Outcome::NoJob { .. } => true,
            Outcome::Job { status, .. } => status.is_terminal(),
            _ => false,
        }
    }

    /// Failed as `files=failed` and the causes mean it: a mapping error or a
    /// FAILED job. A lookup that failed says nothing about the file.
    pub fn is_failure(&self) -> bool {
        match self {
            Outcome::NoJob { error } => error.is_some(),
            Outcome::Job { status, .. } => *status == JobStatus::Failed,
            _ => false,
        }
    }

    /// The error text to show, search and group: the mapping error or the
    /// job's own error. Text, never HTML.
    pub fn error(&self) -> Option<&str> {
        match self {
            Outcome::NoJob { error } | Outcome::Job { error, .. } => error.as_deref(),
            _ => None,
        }
    }

    /// The job's status, when the lookup returned the job.
    pub fn job_status(&self) -> Option<&JobStatus> {
        match self {
            Outcome::Job { status, .. } => Some(status),
            _ => None,
        }
    }

    /// The credits the job reports, when it reports any.
    pub fn credits(&self) -> Option<f64> {
        match self {
            Outcome::Job { credits, .. } => *credits,
            _ => None,
        }
    }

    /// What a row says in words (status is never shown by colour alone).
    pub fn label(&self) -> String {
        match self {
            Outcome::NoJob { .. } => "No job".to_string(),
            Outcome::Checking => "Checking the job…".to_string(),
            Outcome::Job { status, .. } => status.as_str().to_string(),
            Outcome::NotFound => "Job not found".to_string(),
            Outcome::Unavailable => "Outcome unavailable".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{JobReference, JobType};

    fn job(status: JobStatus) -> Outcome {
        Outcome::Job {
            status,
            error: None,
            credits: None,
        }
    }

    #[test]
    fn without_a_lookup_a_file_with_a_job_is_being_checked_not_ok() {
        let with_job = FileResult {
            source_directory_file_id: Some("dfl-1".into()),
            error_message: None,
            job_reference: Some(JobReference {
                id: "pjb-1".into(),
                job_type: Some(JobType::ParseV2),
            }),
        };
        assert_eq!(Outcome::from_result(&with_job), Outcome::Checking);
        assert!(!Outcome::Checking.is_finished());
        assert!(!Outcome::Checking.is_failure());
        let no_job = FileResult {
            error_message: Some("Unsupported file type".into()),
            ..FileResult::default()
        };
        let o = Outcome::from_result(&no_job);
        assert!(o.is_failure() && o.is_finished());
        assert_eq!(o.error(), Some("Unsupported file type"));
        assert_eq!(o.label(), "No job");
    }

    #[test]
    fn finished_and_failed_follow_the_job() {
        let finished: Vec<bool> = JobStatus::KNOWN
            .iter()
            .map(|s| job(s.clone()).is_finished())
            .collect();
        assert_eq!(finished, [false, false, true, true, true]);
        assert!(job(JobStatus::Failed).is_failure());
        assert!(!job(JobStatus::Cancelled).is_failure());
        assert!(!job(JobStatus::Other("THROTTLED".into())).is_finished());
        assert_eq!(
            job(JobStatus::Other("THROTTLED".into())).label(),
            "THROTTLED"
        );
        assert!(!Outcome::NotFound.is_finished() && !Outcome::Unavailable.is_failure());
        assert!(!Outcome::NoJob { error: None }.is_failure());
        assert!(Outcome::NoJob { error: None }.is_finished());
    }
}
