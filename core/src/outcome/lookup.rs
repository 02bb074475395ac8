//! Bulk job lookups: which requests to send for a batch's files, and what
//! their answers say about each file.
//!
//! One request per ≤ [`MAX_IDS_PER_REQUEST`] ids of one job type (a
//! 1,000-file batch takes 10, plus one per `next_page_token`), never one
//! request per job. Finished jobs are kept for the session; unfinished,
//! missing and failed lookups are asked again on the next [`Lookup::plan`].

use super::Outcome;
use crate::model::{FileResult, Job, JobPage, JobType};
use crate::query;
use std::collections::{HashMap, HashSet};

/// The most ids one request carries (and the `page_size` it asks for): the
/// API documents no maximum, and the demo refuses more than 100.
pub const MAX_IDS_PER_REQUEST: usize = 100;

/// Which job list endpoint answers for a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobKind {
    Parse,
    Extract,
}

impl JobKind {
    /// The endpoint for a reference's `type`; `None` for a type this build
    /// does not know how to look up.
    pub fn of(t: &JobType) -> Option<JobKind> {
        match t {
            JobType::ParseV2 => Some(JobKind::Parse),
            JobType::ExtractV2 => Some(JobKind::Extract),
            JobType::Other(_) => None,
        }
    }

    /// The list endpoint's path.
    pub fn path(self) -> &'static str {
        match self {
            JobKind::Parse => "/api/v2/parse",
            JobKind::Extract => "/api/v2/extract",
        }
    }
}

/// One planned request: up to [`MAX_IDS_PER_REQUEST`] ids of one kind. Keep
/// it until the last page has been passed to [`Lookup::accept`], which
/// notes in it which ids its pages returned, to tell "not found" from "on
/// the next page" (or from "found by an earlier lookup").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRequest {
    pub kind: JobKind,
    pub ids: Vec<String>,
    answered: HashSet<String>,
}

impl JobRequest {
    /// The first page's path and query, ids percent-encoded and repeated
    /// as the API reads arrays: `/api/v2/parse?job_ids=a&job_ids=b&page_size=100`.
    pub fn path(&self) -> String {
        let mut pairs: Vec<(&str, &str)> =
            self.ids.iter().map(|id| ("job_ids", id.as_str())).collect();
        let size = MAX_IDS_PER_REQUEST.to_string();
        pairs.push(("page_size", &size));
        format!("{}?{}", self.kind.path(), query::build(&pairs))
    }

    /// The path of the page after one that answered `token`: the same
    /// query, so the cursor is used with the filters it was issued for.
    pub fn next_path(&self, token: &str) -> String {
        format!("{}&{}", self.path(), query::build(&[("page_token", token)]))
    }
}

/// What the last answer about one job said.
#[derive(Clone, Debug, PartialEq)]
enum Known {
    Found(Box<Job>),
    Absent,
}

/// The job lookups of one batch page (or of a tab's session, when shared
/// across batches: job ids are unique). Feed it each page's answer; ask it
/// for each file's [`Outcome`].
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    known: HashMap<String, Known>,
    /// Ids whose latest lookup was refused or failed.
    failed: HashSet<String>,
}

impl Lookup {
    /// Nothing looked up yet: every file with a job is being checked.
    pub fn new() -> Self {
        Self::default()
    }

    /// The requests to send for `results`: every referenced job not already
    /// known to be finished, deduplicated, grouped by kind (parse first) in
    /// the batch's order and chunked. A reference without a `type` uses
    /// `batch_type` (the batch's `config.job.type`); one whose type cannot be
    /// looked up is left out and shows as unavailable.
    pub fn plan(&self, results: &[FileResult], batch_type: Option<&JobType>) -> Vec<JobRequest> {
        let mut seen = HashSet::new();
        let mut by_kind: Vec<(JobKind, Vec<String>)> =
            vec![(JobKind::Parse, vec![]), (JobKind::Extract, vec![])];
        for r in results {
            let Some(job) = &r.job_reference else {
                continue;
            };
            let Some(kind) = job.job_type.as_ref().or(batch_type).and_then(JobKind::of) else {
                continue;
            };
            if self.is_final(&job.id) || !seen.insert(job.id.as_str()) {
                continue;
            }
            let slot = by_kind.iter_mut().find(|(k, _)| *k == kind);
            if let Some((_, ids)) = slot {
                ids.push(job.id.clone());
            }
        }
        by_kind
            .into_iter()
            .flat_map(|(kind, ids)| {
                ids.chunks(MAX_IDS_PER_REQUEST)
                    .map(|c| JobRequest {
                        kind,
                        ids: c.to_vec(),
                        answered: HashSet::new(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Records one page of `request`'s answer and returns the path of the
    /// next page, if any. When the last page is in, every id of the request
    /// its pages did not return is "job not found". Jobs the request did not
    /// ask for are ignored: the answer cannot speak for other files.
    pub fn accept(&mut self, request: &mut JobRequest, page: JobPage) -> Option<String> {
        let next = page.next_token().map(|t| request.next_path(t));
        for job in page.items {
            if request.ids.contains(&job.id) {
                self.failed.remove(&job.id);
                request.answered.insert(job.id.clone());
                self.known
                    .insert(job.id.clone(), Known::Found(Box::new(job)));
            }
        }
        if next.is_none() {
            for id in &request.ids {
                if !request.answered.contains(id) {
                    self.failed.remove(id);
                    self.known.insert(id.clone(), Known::Absent);
                }
            }
        }
        next
    }

    /// Records that `request` was refused or failed (after the usual
    /// retries): its jobs show as unavailable, so the rows fall back to what
    /// the batch knows and the page can offer a Retry. A job found by an
    /// earlier answer keeps showing that answer.
    pub fn fail(&mut self, request: &JobRequest) {
        self.failed.extend(request.ids.iter().cloned());
    }

    /// Whether any job's latest lookup failed: the page then says outcomes
    /// are unavailable and offers a Retry (which is simply a new
    /// [`Lookup::plan`]).
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }

    /// A finished job never changes: no need to ask again this session.
    fn is_final(&self, id: &str) -> bool {
        matches!(self.known.get(id), Some(Known::Found(j)) if j.status.is_terminal())
    }

    /// The job as last answered, for a row's details.
    pub fn job(&self, id: &str) -> Option<&Job> {
        match self.known.get(id) {
            Some(Known::Found(j)) => Some(j),
            _ => None,
        }
    }

    /// What is known of `r`'s outcome now. A reference whose type cannot be
    /// looked up is unavailable rather than "being checked" forever.
    pub fn outcome(&self, r: &FileResult, batch_type: Option<&JobType>) -> Outcome {
        let Some(job) = &r.job_reference else {
            return Outcome::from_result(r);
        };
        if job
            .job_type
            .as_ref()
            .or(batch_type)
            .and_then(JobKind::of)
            .is_none()
        {
            return Outcome::Unavailable;
        }
        let failed = self.failed.contains(&job.id);
        match self.known.get(&job.id) {
            None | Some(Known::Absent) if failed => Outcome::Unavailable,
            None => Outcome::Checking,
            Some(Known::Absent) => Outcome::NotFound,
            Some(Known::Found(j)) => Outcome::Job {
                status: j.status.clone(),
                error: j.error_message.clone(),
                credits: j.credits(),
            },
        }
    }

    /// Every file's outcome, in the batch's order: what the summary, the
    /// causes, the filters and the export take.
    pub fn outcomes(&self, results: &[FileResult], batch_type: Option<&JobType>) -> Vec<Outcome> {
        results
            .iter()
            .map(|r| self.outcome(r, batch_type))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{JobReference, JobStatus, JobUsage};

    fn files(n: usize, kind: impl Fn(usize) -> Option<JobType>) -> Vec<FileResult> {
        (0..n)
            .map(|i| FileResult {
                source_directory_file_id: Some(format!("dfl-{i}")),
                error_message: None,
                job_reference: Some(JobReference {
                    id: match kind(i) {
                        Some(JobType::ExtractV2) => format!("ejb-{i:04}"),
                        _ => format!("pjb-{i:04}"),
                    },
                    job_type: kind(i),
                }),
            })
            .collect()
    }

    fn job(id: &str, status: JobStatus) -> Job {
        Job {
            id: id.into(),
            project_id: Some("prj-1".into()),
            status,
            error_message: None,
            created_at: None,
            updated_at: None,
            name: None,
            usage: Some(JobUsage { credits: Some(2.5) }),
            file_input: None,
        }
    }

    fn ids_of(path: &str) -> Vec<String> {
        let (_, q) = path.split_once('?').unwrap();
        query::parse_pairs(q)
            .into_iter()
            .filter(|(k, _)| k == "job_ids")
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn a_thousand_files_take_at_most_twelve_requests_of_one_type_each() {
        // Mixed types, no-job files and a duplicate reference.
        let mut rs = files(1000, |i| {
            Some(if i % 3 == 0 {
                JobType::ExtractV2
            } else {
                JobType::ParseV2
            })
        });
        rs[5].job_reference = None;
        rs[7].job_reference = rs[8].job_reference.clone();
        let plan = Lookup::new().plan(&rs, None);
        assert!(plan.len() <= 12, "{} requests", plan.len());
        assert_eq!(plan.len(), 11, "666 parse → 7, 334 extract → 4");
        let mut all = Vec::new();
        for req in &plan {
            let path = req.path();
            let ids = ids_of(&path);
            assert!(!ids.is_empty() && ids.len() <= 100, "{}", ids.len());
            let prefix = match req.kind {
                JobKind::Parse => "/api/v2/parse?",
                JobKind::Extract => "/api/v2/extract?",
            };
            assert!(path.starts_with(prefix), "{path}");
            assert!(path.ends_with("&page_size=100"), "{path}");
            let want = if req.kind == JobKind::Parse {
                "pjb-"
            } else {
                "ejb-"
            };
            assert!(ids.iter().all(|id| id.starts_with(want)), "{path}");
            all.extend(ids);
        }
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "each job asked once");
        assert_eq!(
            all.len(),
            998,
            "1,000 files − 1 without a job − 1 duplicate"
        );
        assert_eq!(plan[0].kind, JobKind::Parse);
    }

    #[test]
    fn ids_are_percent_encoded_and_a_missing_type_uses_the_batch_type() {
        let mut rs = files(2, |_| None);
        rs[0].job_reference.as_mut().unwrap().id = "pjb-a&b=c d".into();
        let plan = Lookup::new().plan(&rs, Some(&JobType::ExtractV2));
        assert_eq!(plan.len(), 1);
        assert_eq!(
            plan[0].path(),
            "/api/v2/extract?job_ids=pjb-a%26b%3Dc%20d&job_ids=pjb-0001&page_size=100"
        );
        assert_eq!(
            plan[0].next_path("t+/="),
            "/api/v2/extract?job_ids=pjb-a%26b%3Dc%20d&job_ids=pjb-0001&page_size=100&page_token=t%2B%2F%3D"
        );
        // Without any type the file cannot be looked up: no request, and not "checking" forever.
        let lookup = Lookup::new();
        assert_eq!(lookup.plan(&rs, None), vec![]);
        assert_eq!(lookup.outcome(&rs[0], None), Outcome::Unavailable);
    }

    #[test]
    fn pages_are_followed_and_only_the_last_one_decides_not_found() {
        let rs = files(3, |_| Some(JobType::ParseV2));
        let mut lookup = Lookup::new();
        let mut plan = lookup.plan(&rs, None);
        let first = JobPage {
            items: vec![
                job("pjb-0000", JobStatus::Completed),
                job("pjb-9999", JobStatus::Failed),
            ],
            next_page_token: Some("next+1".into()),
        };
        let next = lookup.accept(&mut plan[0], first);
        assert_eq!(
            next.as_deref(),
            Some("/api/v2/parse?job_ids=pjb-0000&job_ids=pjb-0001&job_ids=pjb-0002&page_size=100&page_token=next%2B1")
        );
        assert_eq!(
            lookup.outcome(&rs[1], None),
            Outcome::Checking,
            "may be on the next page"
        );
        assert!(lookup.job("pjb-9999").is_none(), "not asked for");
        let last = JobPage {
            items: vec![job("pjb-0001", JobStatus::Running)],
            next_page_token: Some(String::new()),
        };
        assert_eq!(lookup.accept(&mut plan[0], last), None);
        assert_eq!(
            lookup.outcome(&rs[0], None),
            Outcome::Job {
                status: JobStatus::Completed,
                error: None,
                credits: Some(2.5)
            }
        );
        assert_eq!(
            lookup.outcome(&rs[1], None).job_status(),
            Some(&JobStatus::Running)
        );
        assert_eq!(lookup.outcome(&rs[2], None), Outcome::NotFound);
        // The refresh asks again for the running and the missing job, not the finished one.
        let again = lookup.plan(&rs, None);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].ids, ["pjb-0001", "pjb-0002"]);
    }

    #[test]
    fn a_failed_lookup_is_unavailable_keeps_known_answers_and_is_retried() {
        let rs = files(2, |_| Some(JobType::ParseV2));
        let mut lookup = Lookup::new();
        let mut plan = lookup.plan(&rs, None);
        lookup.accept(
            &mut plan[0],
            JobPage {
                items: vec![job("pjb-0000", JobStatus::Running)],
                next_page_token: Some("x".into()),
            },
        );
        lookup.fail(&plan[0]);
        assert!(lookup.has_failures());
        assert_eq!(
            lookup.outcome(&rs[0], None).job_status(),
            Some(&JobStatus::Running)
        );
        assert_eq!(lookup.outcome(&rs[1], None), Outcome::Unavailable);
        let mut retry = lookup.plan(&rs, None);
        assert_eq!(retry[0].ids, ["pjb-0000", "pjb-0001"]);
        lookup.accept(
            &mut retry[0],
            JobPage {
                items: vec![
                    job("pjb-0000", JobStatus::Completed),
                    job("pjb-0001", JobStatus::Failed),
                ],
                next_page_token: None,
            },
        );
        assert!(!lookup.has_failures());
        assert_eq!(lookup.plan(&rs, None), vec![], "both finished: cached");
        let failures = lookup
            .outcomes(&rs, None)
            .iter()
            .filter(|o| o.is_failure())
            .count();
        assert_eq!(failures, 1);
    }

    #[test]
    fn a_running_job_missing_from_a_later_answer_is_not_found_then() {
        let rs = files(1, |_| Some(JobType::ParseV2));
        let mut lookup = Lookup::new();
        let mut first = lookup.plan(&rs, None);
        let running = JobPage {
            items: vec![job("pjb-0000", JobStatus::Running)],
            next_page_token: None,
        };
        lookup.accept(&mut first[0], running);
        let mut refresh = lookup.plan(&rs, None);
        lookup.accept(&mut refresh[0], JobPage::default());
        assert_eq!(lookup.outcome(&rs[0], None), Outcome::NotFound);
        assert!(
            !lookup.outcome(&rs[0], None).is_failure(),
            "not found says nothing about the file"
        );
    }
}
