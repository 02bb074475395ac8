//! The demo's parse and extract jobs: each file's real outcome, shaped like
//! the API's job endpoints, derived (never stored) from its batch.
//!
//! As in LlamaCloud, a batch's results carry only mapping errors (files that
//! got no job); whether a job COMPLETED, FAILED, is PENDING/RUNNING or was
//! CANCELLED is the job's own status. A job id encodes its batch's position
//! and the file's index under a check derived from the batch's seed, so any
//! id can be answered without an index of ~500,000 jobs, and a made-up id is
//! simply unknown.
//!
//! Fixed for tests: the newest COMPLETED batch with at least 20 files (the
//! "showcase") has, at file index 1, a FAILED job whose error is the
//! hostile text [`HOSTILE_ERROR`]; at index 2 a file without a job; at 3–5
//! FAILED jobs with one cause in varying words ([`SCHEMA_ERROR`]).

use super::data::{display_name, file_id, fnv1a, DemoBatch, Rng};
use batches_core::model::{
    BatchStatus, FileResult, Job, JobReference, JobStatus, JobType, JobUsage,
};
use batches_core::text;
use batches_core::time::{self, Instant};

/// A job error that must show as text, never as HTML.
pub const HOSTILE_ERROR: &str = "Renderer rejected <img src=x onerror=alert(1)> on page 3";

/// The showcase's grouped cause: field and page vary, the cause does not.
pub const SCHEMA_ERROR: &str = "Extraction failed: schema field '{field}' missing on page {page}";

/// Errors where no job could be created for the file (the batch's
/// `error_message`).
const NO_JOB_ERRORS: [&str; 6] = [
    "Unsupported file type: .numbers files cannot be parsed",
    "File exceeds the 400 MB limit (512.4 MB)",
    "Password-protected PDF: no password was provided",
    "File is empty (0 bytes)",
    "Could not download the file from the source directory: object not found",
    "Rate limit exceeded while creating the job; the batch did not retry it",
];

const SCHEMA_FIELDS: [&str; 5] = ["total", "amount", "invoice_date", "vendor_name", "tax_id"];

/// A job's own error, in words that vary like real ones (numbers, quoted
/// values) while the cause stays the same.
fn job_error(rng: &mut Rng, job_type: &JobType) -> String {
    let page = 1 + rng.below(60);
    match (job_type, rng.below(5)) {
        (JobType::ExtractV2, 0 | 1) => SCHEMA_ERROR
            .replace("{field}", SCHEMA_FIELDS[rng.below(5) as usize])
            .replace("{page}", &page.to_string()),
        (_, 0) => format!(
            "Parse job failed: document timed out after {} s",
            [600, 900, 1800][rng.below(3) as usize]
        ),
        (_, 1) => format!("Job failed: page {page} could not be rendered (corrupt XObject stream)"),
        (_, 2) => {
            "Unexpected token '<' in \"<html><body>Bad Gateway</body></html>\" from OCR worker"
                .to_string()
        }
        _ => format!(
            "Job failed: out of memory while processing a {}-page document",
            text::thousands(1_200 + rng.below(3_600))
        ),
    }
}

/// How a batch's files were handed out and how far their jobs got.
struct Plan {
    /// Files listed in `results` (handed to jobs or refused).
    listed: u32,
    /// Files `0..finished` have finished jobs (COMPLETED or FAILED).
    finished: u32,
    /// Files `finished..finished + running` are RUNNING; the rest PENDING.
    running: u32,
    /// Unfinished jobs were CANCELLED instead of waiting.
    cancelled: bool,
    no_job_rate: f64,
    fail_rate: f64,
    /// In a live world, the batch's last update: no job of it was created
    /// or updated later, so none shows a time from the future.
    latest: Option<Instant>,
}

fn plan(b: &DemoBatch) -> Option<Plan> {
    if let Some(progress) = b.live {
        return live_plan(b, progress);
    }
    let now = b.batch.status.clone().unwrap_or(BatchStatus::Pending);
    // A batch the demo cancelled keeps the files its run had handed out.
    let (status, cancelled) = match &b.cancelled_from {
        Some(before) => (before.clone(), true),
        None => (now.clone(), now == BatchStatus::Cancelled),
    };
    let mut rng = Rng::new(b.seed ^ 0xf11e5);
    let n = b.file_count;
    let part = |rng: &mut Rng, lo: f64, hi: f64| (n as f64 * (lo + (hi - lo) * rng.unit())) as u32;
    let p = match status {
        BatchStatus::Pending | BatchStatus::Throttled => return None,
        BatchStatus::Running if rng.unit() < 0.25 => return None,
        BatchStatus::Running => {
            let listed = part(&mut rng, 0.5, 1.0).max(1);
            let finished = (listed as f64 * (0.2 + 0.6 * rng.unit())) as u32;
            let running = (listed - finished).min((n / 10).max(1));
            Plan {
                listed,
                finished,
                running,
                cancelled: false,
                no_job_rate: 0.015,
                fail_rate: 0.05,
                latest: None,
            }
        }
        BatchStatus::Completed => Plan {
            listed: n,
            finished: n,
            running: 0,
            cancelled: false,
            no_job_rate: 0.015,
            fail_rate: 0.04,
            latest: None,
        },
        BatchStatus::Failed => {
            let listed = (n as f64 * (0.6 + 0.4 * rng.unit())).ceil() as u32;
            Plan {
                listed,
                finished: listed,
                running: 0,
                cancelled: false,
                no_job_rate: 0.1,
                fail_rate: 0.25,
                latest: None,
            }
        }
        BatchStatus::Cancelled => {
            let listed = part(&mut rng, 0.1, 0.9).max(1);
            let finished = (listed as f64 * 0.7) as u32;
            Plan {
                listed,
                finished,
                running: 0,
                cancelled: true,
                no_job_rate: 0.015,
                fail_rate: 0.04,
                latest: None,
            }
        }
        BatchStatus::Other(_) => {
            return Some(Plan {
                listed: 0,
                finished: 0,
                running: 0,
                cancelled: false,
                no_job_rate: 0.0,
                fail_rate: 0.0,
                latest: None,
            })
        }
    };
    Some(Plan { cancelled, ..p })
}

/// A moving batch's plan: its run's progress decides which jobs finished,
/// with one set of rates for every status, so a job's outcome, once
/// finished, never changes as the batch moves on.
fn live_plan(b: &DemoBatch, progress: super::live::Progress) -> Option<Plan> {
    let now = b.batch.status.clone().unwrap_or(BatchStatus::Pending);
    let (status, cancelled) = match &b.cancelled_from {
        Some(before) => (before.clone(), true),
        None => (now.clone(), now == BatchStatus::Cancelled),
    };
    let n = b.file_count;
    let (listed, finished) = match status {
        BatchStatus::Pending | BatchStatus::Throttled => return None,
        BatchStatus::Completed | BatchStatus::Failed => (n, n),
        _ if progress.listed == 0 => return None,
        _ => (progress.listed, progress.finished),
    };
    Some(Plan {
        listed,
        finished,
        running: if cancelled {
            0
        } else {
            (listed - finished).min((n / 10).max(1))
        },
        cancelled,
        no_job_rate: 0.015,
        fail_rate: 0.05,
        latest: b
            .batch
            .updated_at
            .as_deref()
            .and_then(|u| time::parse_rfc3339(u).ok()),
    })
}

/// How far the generator's own plan says `b`'s run got, where a live
/// world starts moving it from.
pub fn progress(b: &DemoBatch) -> super::live::Progress {
    plan(b).map_or_else(Default::default, |p| super::live::Progress {
        listed: p.listed,
        finished: p.finished,
    })
}

/// One file of a batch, as the batch and as its job see it.
pub struct DemoFile {
    pub result: FileResult,
    pub job: Option<Job>,
}

const ID_MIX: u64 = 0x9E37_79B9_7F4A_7C15 | 1;
const ID_XOR: u64 = 0x5bd1_e995_c6a4_a793;

fn inverse(m: u64) -> u64 {
    // Newton's iteration for the inverse of an odd number modulo 2^64.
    let mut x = m;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(x)));
    }
    x
}

fn check(b: &DemoBatch, file: u32) -> u64 {
    fnv1a(&[&b.seed.to_le_bytes(), &file.to_le_bytes(), b"job"]) >> 32
}

/// The id of file `file`'s job in batch `b`: `pjb-`/`ejb-` and 16 hex digits.
pub fn job_id(b: &DemoBatch, file: u32, job_type: &JobType) -> String {
    let v = (check(b, file) << 32) | ((b.index as u64 & 0xffff) << 16) | u64::from(file);
    let prefix = match job_type {
        JobType::ExtractV2 => "ejb",
        _ => "pjb",
    };
    format!("{prefix}-{:016x}", (v ^ ID_XOR).wrapping_mul(ID_MIX))
}

/// Reads a job id back to (batch position, file index); the caller checks
/// it against the batch with [`file`].
pub fn decode_job_id(id: &str) -> Option<(usize, u32)> {
    let hex = id
        .strip_prefix("pjb-")
        .or_else(|| id.strip_prefix("ejb-"))?;
    if hex.len() != 16 {
        return None;
    }
    let v = u64::from_str_radix(hex, 16)
        .ok()?
        .wrapping_mul(inverse(ID_MIX))
        ^ ID_XOR;
    Some((((v >> 16) & 0xffff) as usize, (v & 0xffff) as u32))
}

/// File `i` of batch `b`, if the batch lists it.
pub fn file(b: &DemoBatch, i: u32) -> Option<DemoFile> {
    let p = plan(b)?;
    (i < p.listed).then(|| make_file(b, &p, i))
}

/// The job with `id` if `b` holds it (its check matches and the file got a job).
pub fn job_in(b: &DemoBatch, id: &str) -> Option<Job> {
    let (_, i) = decode_job_id(id)?;
    let f = file(b, i)?;
    f.job.filter(|j| j.id == id)
}

/// A batch's per-file results as `expand=results` returns them: `None`
/// while nothing has been handed out; a FAILED batch's set may be incomplete.
pub fn results(b: &DemoBatch) -> Option<Vec<FileResult>> {
    files(b).map(|fs| fs.into_iter().map(|f| f.result).collect())
}

/// Every file the batch lists, with its job.
pub fn files(b: &DemoBatch) -> Option<Vec<DemoFile>> {
    let p = plan(b)?;
    Some((0..p.listed).map(|i| make_file(b, &p, i)).collect())
}

fn make_file(b: &DemoBatch, p: &Plan, i: u32) -> DemoFile {
    let mut rng = Rng::new(fnv1a(&[&b.seed.to_le_bytes(), &i.to_le_bytes(), b"file"]));
    let file_id = file_id(b.seed, i);
    let job_type = b.batch.job_type().cloned().unwrap_or(JobType::ParseV2);
    let showcase = b.showcase && i <= 5;
    // The results showcase's fixed files all have COMPLETED jobs.
    let fixed_result = b.results_showcase && super::results::FIXED_FILES.contains(&i);
    let no_job = if showcase {
        i == 2
    } else if fixed_result {
        false
    } else {
        rng.unit() < p.no_job_rate
    };
    if no_job {
        return DemoFile {
            result: FileResult {
                source_directory_file_id: Some(file_id),
                error_message: Some(
                    NO_JOB_ERRORS[rng.below(NO_JOB_ERRORS.len() as u64) as usize].to_string(),
                ),
                job_reference: None,
            },
            job: None,
        };
    }
    let (status, error) = if showcase && i == 1 {
        (JobStatus::Failed, Some(HOSTILE_ERROR.to_string()))
    } else if showcase && i >= 3 {
        let msg = SCHEMA_ERROR
            .replace("{field}", SCHEMA_FIELDS[i as usize % SCHEMA_FIELDS.len()])
            .replace("{page}", &(7 + 10 * (i - 3)).to_string());
        (JobStatus::Failed, Some(msg))
    } else if fixed_result {
        (JobStatus::Completed, None)
    } else if i < p.finished {
        if rng.unit() < p.fail_rate {
            (JobStatus::Failed, Some(job_error(&mut rng, &job_type)))
        } else {
            (JobStatus::Completed, None)
        }
    } else if p.cancelled {
        (JobStatus::Cancelled, None)
    } else if i < p.finished + p.running {
        (JobStatus::Running, None)
    } else {
        (JobStatus::Pending, None)
    };
    let credits = match status {
        JobStatus::Completed => Some(
            (1 + rng.below(40)) as f64
                * if job_type == JobType::ExtractV2 {
                    1.5
                } else {
                    1.0
                },
        ),
        JobStatus::Failed => Some(rng.below(3) as f64),
        _ => None,
    };
    let created = Instant(b.created.0 + i64::from(i) * 250);
    let updated = match status {
        JobStatus::Pending => created,
        _ => Instant(created.0 + 1_000 + rng.below(120_000) as i64),
    };
    let (created, updated) = match p.latest {
        Some(latest) => (created.min(latest), updated.min(latest)),
        None => (created, updated),
    };
    let id = job_id(b, i, &job_type);
    DemoFile {
        result: FileResult {
            source_directory_file_id: Some(file_id.clone()),
            error_message: None,
            job_reference: Some(JobReference {
                id: id.clone(),
                job_type: Some(job_type.clone()),
            }),
        },
        job: Some(Job {
            id,
            project_id: b.batch.project_id.clone(),
            status,
            error_message: error,
            created_at: Some(time::format_utc(created)),
            updated_at: Some(time::format_utc(updated)),
            name: display_name(&file_id),
            usage: credits.map(|c| JobUsage { credits: Some(c) }),
            file_input: (job_type == JobType::ExtractV2).then(|| file_id.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::data::generate;
    use std::collections::HashSet;

    fn all() -> Vec<DemoBatch> {
        generate(1, time::parse_rfc3339("2026-11-29T12:00:00Z").unwrap())
    }

    fn statuses(b: &DemoBatch) -> HashSet<JobStatus> {
        files(b)
            .unwrap()
            .into_iter()
            .filter_map(|f| f.job.map(|j| j.status))
            .collect()
    }

    #[test]
    fn ids_round_trip_and_made_up_ids_are_unknown() {
        assert_eq!(inverse(ID_MIX).wrapping_mul(ID_MIX), 1);
        let all = all();
        let b = all
            .iter()
            .find(|b| b.batch.status == Some(BatchStatus::Completed) && b.file_count > 10)
            .unwrap();
        for f in files(b).unwrap() {
            if let Some(j) = f.job {
                assert_eq!(job_in(b, &j.id).as_ref(), Some(&j));
                let (pos, _) = decode_job_id(&j.id).unwrap();
                assert_eq!(pos, b.index);
            }
        }
        assert_eq!(job_in(b, "pjb-0000000000000000"), None);
        assert_eq!(job_in(b, "pjb-nothex"), None);
        let other = &all[(b.index + 1) % all.len()];
        let id = files(b)
            .unwrap()
            .into_iter()
            .find_map(|f| f.job)
            .unwrap()
            .id;
        assert_eq!(job_in(other, &id), None, "another batch's check fails");
    }

    #[test]
    fn mapping_errors_only_without_a_job_and_job_failures_only_in_jobs() {
        for b in all().iter().take(300) {
            for f in files(b).unwrap_or_default() {
                assert_eq!(
                    f.result.error_message.is_some(),
                    f.result.job_reference.is_none()
                );
                assert_eq!(f.result.job_reference.is_some(), f.job.is_some());
                if let Some(j) = &f.job {
                    assert_eq!(j.error_message.is_some(), j.status == JobStatus::Failed);
                    assert_eq!(
                        j.credits().is_some(),
                        matches!(j.status, JobStatus::Completed | JobStatus::Failed)
                    );
                }
            }
        }
    }

    #[test]
    fn statuses_match_the_batch() {
        let all = all();
        let of = |s: BatchStatus| {
            all.iter()
                .filter(move |b| b.batch.status == Some(s.clone()) && b.file_count >= 50)
        };
        let completed = of(BatchStatus::Completed)
            .find(|b| statuses(b).contains(&JobStatus::Failed))
            .unwrap();
        assert_eq!(
            statuses(completed),
            HashSet::from([JobStatus::Completed, JobStatus::Failed])
        );
        let running = of(BatchStatus::Running)
            .find(|b| results(b).is_some())
            .unwrap();
        assert_eq!(
            statuses(running),
            HashSet::from([
                JobStatus::Completed,
                JobStatus::Failed,
                JobStatus::Running,
                JobStatus::Pending
            ]),
            "a progress bar has something to show"
        );
        let cancelled = of(BatchStatus::Cancelled).next().unwrap();
        assert!(statuses(cancelled).contains(&JobStatus::Cancelled));
        assert!(!statuses(cancelled).contains(&JobStatus::Running));
    }

    #[test]
    fn the_showcase_batch_is_deterministic() {
        let all = all();
        let showcase: Vec<_> = all.iter().filter(|b| b.showcase).collect();
        assert_eq!(showcase.len(), 1);
        let b = showcase[0];
        assert_eq!(b.batch.status, Some(BatchStatus::Completed));
        let newest = all
            .iter()
            .find(|b| b.batch.status == Some(BatchStatus::Completed) && b.file_count >= 20)
            .unwrap();
        assert_eq!(newest.batch.id, b.batch.id);
        let fs = files(b).unwrap();
        assert_eq!(
            fs[1].job.as_ref().unwrap().error_message.as_deref(),
            Some(HOSTILE_ERROR)
        );
        assert!(fs[2].job.is_none() && fs[2].result.error_message.is_some());
        let schema: Vec<_> = fs[3..=5]
            .iter()
            .map(|f| f.job.as_ref().unwrap().error_message.clone().unwrap())
            .collect();
        assert_eq!(
            schema,
            [
                "Extraction failed: schema field 'vendor_name' missing on page 7",
                "Extraction failed: schema field 'tax_id' missing on page 17",
                "Extraction failed: schema field 'total' missing on page 27",
            ]
        );
    }
}
