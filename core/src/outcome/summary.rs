//! The batch summary above the files: counts by outcome, credits, progress.

use super::{Bucket, Outcome};
use crate::text;

/// Counts over all of a batch's files, whatever the table shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Every file the batch's results list.
    pub files: u64,
    /// The progress bar's `aria-valuenow`: files whose outcome is final.
    pub finished: u64,
    /// Files that failed as `files=failed` means it (mapping error or
    /// FAILED job): the list row's badge.
    pub failures: u64,
    /// The sum of the credits the jobs report (jobs without usage add 0).
    pub credits: f64,
    counts: [u64; Bucket::ALL.len()],
}

impl Summary {
    /// Tallies `outcomes` (one per file, e.g. from [`super::lookup::Lookup::outcomes`]).
    pub fn of(outcomes: &[Outcome]) -> Summary {
        let mut s = Summary {
            files: outcomes.len() as u64,
            ..Summary::default()
        };
        for o in outcomes {
            s.counts[o.bucket() as usize] += 1;
            s.finished += u64::from(o.is_finished());
            s.failures += u64::from(o.is_failure());
            s.credits += o.credits().unwrap_or(0.0);
        }
        s
    }

    /// How many files are in `bucket`.
    pub fn count(&self, bucket: Bucket) -> u64 {
        self.counts[bucket as usize]
    }

    /// The summary line: "1,000 files: 812 completed · 37 failed · 120
    /// running · 31 pending · 0 without a job", plus any other bucket that
    /// is not empty (cancelled, being checked, job not found, …).
    pub fn words(&self) -> String {
        let parts: Vec<String> = Bucket::ALL
            .iter()
            .filter(|b| b.always_shown() || self.count(**b) > 0)
            .map(|b| format!("{} {}", text::thousands(self.count(*b)), b.words()))
            .collect();
        format!(
            "{}: {}",
            text::count(self.files, "file", "files"),
            parts.join(" · ")
        )
    }

    /// The progress bar's text twin: "849 of 1,000 files finished".
    pub fn progress_words(&self) -> String {
        format!(
            "{} of {} finished",
            text::thousands(self.finished),
            text::count(self.files, "file", "files")
        )
    }

    /// The list row's badge beside a batch's status: "37 of 1,000 files failed".
    pub fn failed_words(&self) -> String {
        format!(
            "{} of {} failed",
            text::thousands(self.failures),
            text::count(self.files, "file", "files")
        )
    }

    /// "1,234.5 credits": at most two decimals, none when whole.
    pub fn credits_words(&self) -> String {
        let cents = (self.credits * 100.0).round().max(0.0) as u64;
        let whole = text::thousands(cents / 100);
        let frac = cents % 100;
        let n = match frac {
            0 => whole,
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        };
        format!("{n} {}", if cents == 100 { "credit" } else { "credits" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JobStatus;

    fn job(status: JobStatus, credits: Option<f64>) -> Outcome {
        Outcome::Job {
            status,
            error: None,
            credits,
        }
    }

    #[test]
    fn the_issue_example_line() {
        let mut all = Vec::new();
        all.extend(std::iter::repeat_n(
            job(JobStatus::Completed, Some(1.25)),
            812,
        ));
        all.extend(std::iter::repeat_n(job(JobStatus::Failed, Some(0.5)), 37));
        all.extend(std::iter::repeat_n(job(JobStatus::Running, None), 120));
        all.extend(std::iter::repeat_n(job(JobStatus::Pending, None), 31));
        let s = Summary::of(&all);
        assert_eq!(
            s.words(),
            "1,000 files: 812 completed · 37 failed · 120 running · 31 pending · 0 without a job"
        );
        assert_eq!(s.finished, 849);
        assert_eq!(s.progress_words(), "849 of 1,000 files finished");
        assert_eq!(s.credits_words(), "1,033.5 credits");
        assert_eq!(s.failed_words(), "37 of 1,000 files failed");
    }

    #[test]
    fn other_buckets_appear_only_when_present() {
        let s = Summary::of(&[
            Outcome::NoJob {
                error: Some("too big".into()),
            },
            Outcome::Checking,
            Outcome::NotFound,
            Outcome::Unavailable,
            job(JobStatus::Cancelled, Some(0.333)),
            job(JobStatus::Other("THROTTLED".into()), None),
        ]);
        assert_eq!(
            s.words(),
            "6 files: 0 completed · 0 failed · 0 running · 0 pending · 1 cancelled · 1 without a job · 1 in another state · 1 being checked · 1 job not found · 1 outcome unavailable"
        );
        assert_eq!(s.finished, 2, "no job and cancelled");
        assert_eq!(s.failed_words(), "1 of 6 files failed", "the mapping error");
        assert_eq!(s.credits_words(), "0.33 credits");
        assert_eq!(
            Summary::of(&[]).words(),
            "0 files: 0 completed · 0 failed · 0 running · 0 pending · 0 without a job"
        );
        assert_eq!(
            Summary::of(&[job(JobStatus::Completed, Some(1.0))]).credits_words(),
            "1 credit"
        );
        assert_eq!(
            Summary::of(&[Outcome::Checking]).progress_words(),
            "0 of 1 file finished"
        );
    }
}
