//! One sentence for a finished batch, from its files' outcomes: what a
//! watch's notification and the Watching menu say once the jobs answered.
//!
//! A batch's own answer knows only which files got no job; a COMPLETED batch
//! can hold failed jobs. So "all files processed" is said only when every
//! job COMPLETED, and files whose jobs could not be looked up are named as
//! such, never counted as fine, and never as "0 failed".

use super::summary::Summary;
use super::{causes, Bucket, Outcome};
use crate::text;

/// Causes named in the sentence; the rest are counted as "N more causes".
const CAUSES_NAMED: usize = 3;

/// "12 of 240 files failed (8 out of memory, 4 unsupported type)", with
/// what else is not done ("· 3 cancelled", "· 5 could not be checked"), or
/// "all 240 files processed" when every job COMPLETED.
pub fn verdict(outcomes: &[Outcome]) -> String {
    let s = Summary::of(outcomes);
    if s.files == 0 {
        return "the batch lists no files".into();
    }
    if s.count(Bucket::Completed) == s.files {
        return format!("all {} processed", files(s.files));
    }
    // Jobs that could not be looked up may have failed too: never "0 failed" then.
    let unknown = s.count(Bucket::Checking) + s.count(Bucket::Unavailable);
    let mut out = match (unknown, s.failures) {
        (0, n) => format!("{} of {} failed", text::thousands(n), files(s.files)),
        (_, 0) => format!(
            "{} of {} not checked",
            text::thousands(unknown),
            files(s.files)
        ),
        (_, n) => format!(
            "at least {} of {} failed",
            text::thousands(n),
            files(s.files)
        ),
    };
    let groups = causes::group(outcomes);
    if !groups.is_empty() {
        let mut named: Vec<String> = groups
            .iter()
            .take(CAUSES_NAMED)
            .map(|c| format!("{} {}", text::thousands(c.count), c.label))
            .collect();
        if groups.len() > CAUSES_NAMED {
            let more = (groups.len() - CAUSES_NAMED) as u64;
            named.push(text::count(more, "more cause", "more causes"));
        }
        out.push_str(&format!(" ({})", named.join(", ")));
    }
    let rest = [
        (Bucket::Cancelled, "cancelled"),
        (Bucket::Running, "still running"),
        (Bucket::Pending, "still pending"),
        (Bucket::OtherStatus, "in another state"),
        (Bucket::NotFound, "with no job found"),
    ];
    for (bucket, words) in rest {
        let n = s.count(bucket);
        if n > 0 {
            out.push_str(&format!(" · {} {words}", text::thousands(n)));
        }
    }
    // Files without a job and without an error neither failed nor ran.
    let quiet = s.count(Bucket::NoJob).saturating_sub(
        outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::NoJob { error: Some(_) }))
            .count() as u64,
    );
    if quiet > 0 {
        out.push_str(&format!(" · {} without a job", text::thousands(quiet)));
    }
    if unknown > 0 && s.failures > 0 {
        out.push_str(&format!(" · {} not checked", text::thousands(unknown)));
    }
    out
}

fn files(n: u64) -> String {
    text::count(n, "file", "files")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JobStatus;

    fn job(status: JobStatus, error: Option<&str>) -> Outcome {
        Outcome::Job {
            status,
            error: error.map(Into::into),
            credits: None,
        }
    }

    fn done() -> Outcome {
        job(JobStatus::Completed, None)
    }

    #[test]
    fn all_processed_only_when_every_job_completed() {
        assert_eq!(verdict(&vec![done(); 240]), "all 240 files processed");
        assert_eq!(verdict(&[done()]), "all 1 file processed");
        let mut cancelled = vec![done(); 239];
        cancelled.push(job(JobStatus::Cancelled, None));
        assert_eq!(verdict(&cancelled), "0 of 240 files failed · 1 cancelled");
        assert_eq!(verdict(&[]), "the batch lists no files");
    }

    #[test]
    fn failures_are_counted_with_their_causes_biggest_first() {
        let mut outcomes = vec![done(); 228];
        outcomes.extend(vec![job(JobStatus::Failed, Some("Out of memory")); 8]);
        outcomes.extend(vec![
            Outcome::NoJob {
                error: Some("Unsupported file type".into())
            };
            4
        ]);
        assert_eq!(
            verdict(&outcomes),
            "12 of 240 files failed (8 Out of memory, 4 Unsupported file type)"
        );
    }

    #[test]
    fn more_than_three_causes_are_summed_up() {
        let outcomes: Vec<Outcome> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|e| job(JobStatus::Failed, Some(e)))
            .collect();
        assert_eq!(
            verdict(&outcomes),
            "5 of 5 files failed (1 a, 1 b, 1 c, 2 more causes)"
        );
    }

    #[test]
    fn what_could_not_be_checked_is_never_counted_as_fine() {
        let outcomes = vec![
            done(),
            Outcome::Unavailable,
            Outcome::Unavailable,
            Outcome::Checking,
            Outcome::NotFound,
            Outcome::NoJob { error: None },
            job(JobStatus::Running, None),
        ];
        assert_eq!(
            verdict(&outcomes),
            "3 of 7 files not checked · 1 still running · 1 with no job found · 1 without a job"
        );
        let mut with_failure = outcomes.clone();
        with_failure.push(job(JobStatus::Failed, Some("Timeout")));
        assert_eq!(
            verdict(&with_failure),
            "at least 1 of 8 files failed (1 Timeout) · 1 still running · 1 with no job found · 1 without a job · 3 not checked"
        );
    }
}
