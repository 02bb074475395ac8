//! Which files of one batch the detail page shows, as its URL says.
//!
//! `/batches/{id}?files=failed&cause=…&q=timeout&tz=utc` is a link a person can
//! share: the page parses the raw query once with [`parse`] and writes every
//! change back with [`to_query`], as the list does with [`crate::filters`].
//! Invalid values are dropped and reported with the list's [`ParamIssue`],
//! never fatal. `tz` is the list's own switch (read by the same
//! [`filters::parse_zone`]), so a team in several zones reads the same clock
//! on both pages. Matching is here too, so what "Failed only" and a search
//! mean is tested natively, not only in a browser.
//!
//! A file's outcome is its job's, not the batch's mapping error (see
//! [`crate::outcome`]): the rules take each file's [`Outcome`], and a file
//! whose job is still being checked is neither `ok` nor `failed`.

use crate::filters::{self, ParamIssue, Zone};
use crate::model::{FileResult, JobStatus};
use crate::outcome::{causes, Bucket, Outcome};
use crate::query;
use crate::result::view::{self as result_view, ResultView};
use crate::span::Span;

/// The longest search the URL may carry; longer is surely not typed.
pub const MAX_SEARCH_LEN: usize = 200;

/// The "Files" control: which outcomes to show (`files=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FileFilter {
    /// Every file (absent from the URL).
    #[default]
    All,
    /// A mapping error or a FAILED job (`files=failed`).
    Failed,
    /// A COMPLETED job (`files=ok`).
    Succeeded,
    /// A PENDING or RUNNING job: what is still to come (`files=running`).
    Running,
    /// A CANCELLED job (`files=cancelled`).
    Cancelled,
}

impl FileFilter {
    /// The choices in the order the control lists them.
    pub const CHOICES: [FileFilter; 5] = [
        FileFilter::All,
        FileFilter::Failed,
        FileFilter::Succeeded,
        FileFilter::Running,
        FileFilter::Cancelled,
    ];

    /// The URL's (and the control's) value; empty for [`FileFilter::All`].
    pub fn as_param(self) -> &'static str {
        match self {
            FileFilter::All => "",
            FileFilter::Failed => "failed",
            FileFilter::Succeeded => "ok",
            FileFilter::Running => "running",
            FileFilter::Cancelled => "cancelled",
        }
    }

    /// What the control says.
    pub fn label(self) -> &'static str {
        match self {
            FileFilter::All => "All",
            FileFilter::Failed => "Failed only",
            FileFilter::Succeeded => "Succeeded",
            FileFilter::Running => "Pending or running",
            FileFilter::Cancelled => "Cancelled",
        }
    }

    /// Reads the URL's value; `all` is accepted and means no filter.
    pub fn from_param(v: &str) -> Option<Self> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "all" => Some(FileFilter::All),
            "failed" => Some(FileFilter::Failed),
            "ok" => Some(FileFilter::Succeeded),
            "running" => Some(FileFilter::Running),
            "cancelled" => Some(FileFilter::Cancelled),
            _ => None,
        }
    }

    /// Whether a file's outcome belongs to this choice. A file with neither
    /// a job nor an error, and one whose job is still being checked, not
    /// found or unavailable, is shown only under "All": it did not fail,
    /// but nobody can say it succeeded either.
    pub fn admits(self, o: &Outcome) -> bool {
        match self {
            FileFilter::All => true,
            FileFilter::Failed => o.is_failure(),
            FileFilter::Succeeded => o.job_status() == Some(&JobStatus::Completed),
            FileFilter::Running => matches!(o.bucket(), Bucket::Running | Bucket::Pending),
            FileFilter::Cancelled => o.job_status() == Some(&JobStatus::Cancelled),
        }
    }
}

/// Everything the detail page's URL says about its file table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileView {
    pub files: FileFilter,
    /// One cause group of failures (`cause=`, a [`causes::cause_key`]), as
    /// the "Failures by cause" links narrow the table.
    pub cause: Option<String>,
    /// The search as typed (kept verbatim so the input never loses a
    /// trailing space); `None` when blank.
    pub q: Option<String>,
    /// Auto-refresh (`refresh=`, as on the list): the batch and its
    /// unfinished jobs are fetched again this often. Not a filter.
    pub refresh: Option<Span>,
}

impl FileView {
    /// The same view with the search text a person typed; blank clears it.
    pub fn with_search(&self, text: &str) -> Self {
        FileView {
            q: Some(text.to_string()).filter(|t| !t.trim().is_empty()),
            ..self.clone()
        }
    }

    /// Whether any file could be hidden.
    pub fn is_filtered(&self) -> bool {
        self.files != FileFilter::All || self.cause.is_some() || !self.search().is_empty()
    }

    /// The search, ready to match many rows.
    pub fn search(&self) -> Search {
        Search::new(self.q.as_deref().unwrap_or(""))
    }

    /// The view's rule, prepared once for a pass over many files.
    pub fn rule(&self) -> Rule {
        Rule {
            files: self.files,
            cause: self.cause.clone(),
            search: self.search(),
        }
    }
}

/// Which files a view shows. One rule for the table and for the export of
/// "the files shown", so the two can never disagree.
pub struct Rule {
    files: FileFilter,
    cause: Option<String>,
    search: Search,
}

impl Rule {
    /// Whether `r`, whose outcome is `o`, is shown. `name` is asked for only
    /// when a search needs it (the table then waits on names only while
    /// someone searches).
    pub fn admits(
        &self,
        r: &FileResult,
        o: &Outcome,
        name: impl FnOnce() -> Option<String>,
    ) -> bool {
        self.files.admits(o)
            && self
                .cause
                .as_ref()
                .is_none_or(|c| causes::key_of(o).as_ref() == Some(c))
            && (self.search.is_empty() || self.search.matches(r, o.error(), name().as_deref()))
    }
}

/// A text search over a file's name, id, mapping error and job error: every
/// word must appear in one of them, ignoring case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    words: Vec<String>,
}

impl Search {
    pub fn new(text: &str) -> Self {
        Search {
            words: text.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    /// No words: matches everything.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `r` matches, its job's error `job_error` included.
    pub fn matches(&self, r: &FileResult, job_error: Option<&str>, name: Option<&str>) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let fields: Vec<String> = [
            name,
            r.source_directory_file_id.as_deref(),
            r.error_message.as_deref(),
            job_error,
        ]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect();
        self.words
            .iter()
            .all(|w| fields.iter().any(|f| f.contains(w.as_str())))
    }
}

/// The result of reading the detail page's query: the valid part, and what was dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFileView {
    pub view: FileView,
    /// The zone the page's times are shown in (`tz=utc`); kept apart from
    /// [`FileView`] because it changes how times look, not which files show.
    pub tz: Zone,
    /// The result panel (`file=`, `view=`, `rq=`, see [`crate::result::view`]).
    pub result: ResultView,
    pub issues: Vec<ParamIssue>,
}

/// Reads a raw query string (with or without `?`). Unknown keys are
/// ignored; an empty, invalid or conflicting repeated `files`, `cause`, `q`
/// or `tz` is dropped and reported, as the list page does.
pub fn parse(raw: &str) -> ParsedFileView {
    let pairs = query::parse_pairs(raw);
    let mut out = ParsedFileView::default();
    for key in ["files", "cause", "q", "tz", "refresh"] {
        let Some((value, checked)) = query::single(&pairs, key) else {
            continue;
        };
        let reason = if let Err(reason) = checked {
            Some(reason)
        } else if key == "files" {
            match FileFilter::from_param(value) {
                Some(f) => {
                    out.view.files = f;
                    None
                }
                None => Some(format!(
                    "\"{}\" is not a file filter (use failed, ok, running or cancelled)",
                    value.chars().take(60).collect::<String>()
                )),
            }
        } else if key == "cause" {
            let v = value.trim().to_ascii_lowercase();
            if v.len() == 12 && v.chars().all(|c| c.is_ascii_hexdigit()) {
                out.view.cause = Some(v);
                None
            } else {
                Some("is not a cause from this page's \"Failures by cause\" list".to_string())
            }
        } else if key == "refresh" {
            match filters::parse_refresh(value) {
                Ok(span) => {
                    out.view.refresh = Some(span);
                    None
                }
                Err(reason) => Some(reason),
            }
        } else if key == "tz" {
            match filters::parse_zone(value) {
                Ok(z) => {
                    out.tz = z;
                    None
                }
                Err(reason) => Some(reason),
            }
        } else if value.chars().count() > MAX_SEARCH_LEN {
            Some(format!("is longer than {MAX_SEARCH_LEN} characters"))
        } else {
            out.view.q = Some(value.to_string());
            None
        };
        if let Some(reason) = reason {
            out.issues.push(ParamIssue {
                key: key.to_string(),
                value: value.to_string(),
                reason,
            });
        }
    }
    out.result = result_view::parse(&pairs, &mut out.issues);
    out
}

/// The query for a view shown in zone `tz` (no leading `?`): only what
/// narrows the table, and `tz=utc` when the times are in UTC, so changing
/// the files shown never loses the zone the link was shared in.
pub fn to_query(v: &FileView, tz: Zone) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if v.files != FileFilter::All {
        pairs.push(("files", v.files.as_param()));
    }
    if let Some(c) = v.cause.as_deref() {
        pairs.push(("cause", c));
    }
    if let Some(q) = v.q.as_deref().filter(|q| !q.trim().is_empty()) {
        pairs.push(("q", q));
    }
    if tz == Zone::Utc {
        pairs.push(("tz", "utc"));
    }
    let refresh = v.refresh.map(|s| s.to_string());
    if let Some(r) = refresh.as_deref() {
        pairs.push(("refresh", r));
    }
    query::build(&pairs)
}

/// The page's whole query: the files shown and the zone ([`to_query`]),
/// then the result panel's parameters when it is open.
pub fn page_query(v: &FileView, tz: Zone, r: &ResultView) -> String {
    let page = to_query(v, tz);
    let panel = query::build(&result_view::pairs(r));
    match (page.is_empty(), panel.is_empty()) {
        (_, true) => page,
        (true, false) => panel,
        (false, false) => format!("{page}&{panel}"),
    }
}

/// The path of batch `id`'s page with every file shown, in zone `tz`: what
/// the list links to, so a list read in UTC opens a batch in UTC too.
pub fn detail_path(id: &str, tz: Zone) -> String {
    DetailLinks::new(tz).path(id)
}

/// Links to batch pages from a list shown in one zone: the zone's query is
/// worked out once for a page of 1,000 links, not once per link.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailLinks {
    query: String,
}

impl DetailLinks {
    /// Links that open every file, in zone `tz`.
    pub fn new(tz: Zone) -> Self {
        let query = match to_query(&FileView::default(), tz) {
            q if q.is_empty() => q,
            q => format!("?{q}"),
        };
        Self { query }
    }

    /// The path of batch `id`'s page.
    pub fn path(&self, id: &str) -> String {
        let mut path = String::from("/batches/");
        path.push_str(&query::encode(id));
        path.push_str(&self.query);
        path
    }

    /// The path of batch `id`'s page with file `file_id`'s result open: an
    /// expanded list row's "Open result" (the same query as the page writes).
    pub fn result_path(&self, id: &str, file_id: &str) -> String {
        let mut path = self.path(id);
        path.push(if self.query.is_empty() { '?' } else { '&' });
        path.push_str("file=");
        path.push_str(&query::encode(file_id));
        path
    }
}

/// The indices of the files a view shows, in the batch's order: what the
/// table lists. `outcomes[i]` is file `i`'s outcome (a missing one counts
/// as being checked); `name` gives a file's name where it is known (a
/// search matches names too), by file id.
pub fn shown(
    results: &[FileResult],
    outcomes: &[Outcome],
    v: &FileView,
    name: impl Fn(&str) -> Option<String>,
) -> Vec<usize> {
    let rule = v.rule();
    results
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let o = outcomes.get(*i).unwrap_or(&Outcome::Checking);
            rule.admits(r, o, || {
                r.source_directory_file_id.as_deref().and_then(&name)
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// The files a view shows with their outcomes: what an export of "the
/// files shown" holds, so it can never disagree with the table.
pub fn select(
    results: &[FileResult],
    outcomes: &[Outcome],
    v: &FileView,
    name: impl Fn(&str) -> Option<String>,
) -> (Vec<FileResult>, Vec<Outcome>) {
    shown(results, outcomes, v, name)
        .into_iter()
        .map(|i| {
            (
                results[i].clone(),
                outcomes.get(i).cloned().unwrap_or(Outcome::Checking),
            )
        })
        .unzip()
}

/// How many of all the batch's files each `files=` choice would show
/// (whatever the search), in [`FileFilter::CHOICES`] order: the control
/// shows each choice with its count.
pub fn choice_counts(outcomes: &[Outcome]) -> Vec<(FileFilter, u64)> {
    FileFilter::CHOICES
        .iter()
        .map(|f| (*f, outcomes.iter().filter(|o| f.admits(o)).count() as u64))
        .collect()
}

/// How many of a batch's files there are, have an error, and got a job.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileCounts {
    pub files: u64,
    pub errors: u64,
    pub jobs: u64,
}

/// Counts over all of a batch's files, whatever is shown.
pub fn counts(results: &[FileResult]) -> FileCounts {
    FileCounts {
        files: results.len() as u64,
        errors: results.iter().filter(|r| r.error_message.is_some()).count() as u64,
        jobs: results.iter().filter(|r| r.job_reference.is_some()).count() as u64,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn refresh_is_read_and_written_like_the_lists() {
        let v = super::parse("files=failed&refresh=30s");
        assert_eq!(v.view.refresh.map(|s| s.to_string()), Some("30s".into()));
        assert!(v.issues.is_empty());
        assert_eq!(super::to_query(&v.view, v.tz), "files=failed&refresh=30s");
        assert!(
            !super::parse("refresh=30s").view.is_filtered(),
            "refreshing is not filtering"
        );
        let bad = super::parse("refresh=1s");
        assert_eq!(bad.view.refresh, None);
        assert_eq!(bad.issues[0].key, "refresh");
    }

    use super::*;

    #[test]
    fn a_list_rows_result_link_is_the_query_the_batch_page_writes() {
        let r = ResultView::open("dfl a/1");
        for tz in [Zone::Local, Zone::Utc] {
            let links = DetailLinks::new(tz);
            let page = page_query(&FileView::default(), tz, &r);
            assert_eq!(
                links.result_path("bat-1", "dfl a/1"),
                format!("/batches/bat-1?{page}")
            );
        }
    }
    use crate::model::{JobReference, JobType};
    use crate::outcome::causes;

    fn file(id: &str, error: Option<&str>, job: bool) -> FileResult {
        FileResult {
            source_directory_file_id: Some(id.into()),
            error_message: error.map(String::from),
            job_reference: job.then(|| JobReference {
                id: format!("pjb-{id}"),
                job_type: Some(JobType::ParseV2),
            }),
        }
    }

    #[test]
    fn views_round_trip_through_the_query() {
        for v in [
            FileView::default(),
            FileView {
                files: FileFilter::Failed,
                cause: None,
                q: None,
                refresh: None,
            },
            FileView {
                files: FileFilter::Succeeded,
                cause: None,
                q: Some("invoice 2026".into()),
                refresh: None,
            },
            FileView {
                files: FileFilter::All,
                cause: None,
                q: Some("a+b%c&d=e <b> ünï ".into()),
                refresh: None,
            },
        ] {
            for tz in [Zone::Local, Zone::Utc] {
                let q = to_query(&v, tz);
                let back = parse(&q);
                assert_eq!(back.issues, vec![], "{q}");
                assert_eq!(back.view, v, "{q}");
                assert_eq!(back.tz, tz, "{q}");
            }
        }
        assert_eq!(to_query(&FileView::default(), Zone::Local), "");
        assert_eq!(
            to_query(
                &FileView {
                    files: FileFilter::Failed,
                    cause: None,
                    q: Some("time out".into()),
                    refresh: None,
                },
                Zone::Local
            ),
            "files=failed&q=time%20out"
        );
        assert_eq!(
            to_query(
                &FileView {
                    files: FileFilter::Failed,
                    cause: None,
                    q: Some("time out".into()),
                    refresh: None,
                },
                Zone::Utc
            ),
            "files=failed&q=time%20out&tz=utc"
        );
        assert_eq!(to_query(&FileView::default(), Zone::Utc), "tz=utc");
    }

    #[test]
    fn tz_reads_as_the_list_reads_it() {
        assert_eq!(parse("tz=utc").tz, Zone::Utc);
        assert_eq!(parse("?files=failed&tz=UTC").tz, Zone::Utc);
        assert_eq!(parse("files=failed").tz, Zone::Local);
        let local = parse("tz=local");
        assert_eq!((local.tz, local.issues), (Zone::Local, vec![]));
        assert_eq!(to_query(&parse("tz=local").view, parse("tz=local").tz), "");
        // The same value means the same zone on the list.
        for raw in ["tz=utc", "tz=Utc", "tz=local", "tz=mars"] {
            assert_eq!(
                parse(raw).tz,
                crate::filters::parse(raw).filters.tz,
                "{raw}"
            );
        }
    }

    #[test]
    fn a_bad_tz_is_reported_and_dropped_with_the_rest_kept() {
        let v = parse("files=failed&tz=mars&q=x");
        assert_eq!(v.tz, Zone::Local);
        assert_eq!(v.view.files, FileFilter::Failed);
        assert_eq!(v.view.q.as_deref(), Some("x"));
        assert_eq!(v.issues.len(), 1);
        assert_eq!(v.issues[0].key, "tz");
        assert_eq!(v.issues[0].value, "mars");
        assert_eq!(
            v.issues[0].reason,
            "\"mars\" is not a zone (use utc or local)"
        );
        // Cleaning the address keeps what was valid.
        assert_eq!(to_query(&v.view, v.tz), "files=failed&q=x");

        assert_eq!(parse("tz=").issues[0].reason, "is empty");
        let twice = parse("tz=utc&tz=local");
        assert_eq!(twice.tz, Zone::Local);
        assert!(twice.issues[0]
            .reason
            .contains("2 times with different values"));
        assert_eq!(parse("tz=utc&tz=utc").issues, vec![]);
        assert_eq!(parse("tz=utc&tz=utc").tz, Zone::Utc);
    }

    #[test]
    fn the_list_links_a_batch_in_its_own_zone() {
        assert_eq!(detail_path("bat-1", Zone::Local), "/batches/bat-1");
        assert_eq!(detail_path("bat-1", Zone::Utc), "/batches/bat-1?tz=utc");
        assert_eq!(detail_path("a/b?c", Zone::Local), "/batches/a%2Fb%3Fc");
        let linked = parse(
            detail_path("bat-1", Zone::Utc)
                .split_once('?')
                .map(|(_, q)| q)
                .unwrap(),
        );
        assert_eq!((linked.tz, linked.view), (Zone::Utc, FileView::default()));
    }

    fn job(status: JobStatus, error: Option<&str>) -> Outcome {
        Outcome::Job {
            status,
            error: error.map(String::from),
            credits: None,
        }
    }

    /// One file per kind of outcome, with the outcomes a lookup gave.
    fn batch() -> (Vec<FileResult>, Vec<Outcome>) {
        let rows = vec![
            file("dfl-1", None, true),
            file("dfl-2", None, true),
            file("dfl-3", Some("Unsupported file type"), false),
            file("dfl-4", Some("Timed out"), false),
            FileResult {
                source_directory_file_id: None,
                error_message: Some("timed out, no id".into()),
                job_reference: None,
            },
            file("dfl-6", None, true),
            file("dfl-7", None, true),
            file("dfl-8", None, true),
            file("dfl-9", None, true),
            file("dfl-10", None, false),
            file("dfl-11", None, true),
        ];
        let outcomes = vec![
            job(JobStatus::Completed, None),
            job(
                JobStatus::Failed,
                Some("Parse job failed: timed out after 1800 s"),
            ),
            Outcome::from_result(&rows[2]),
            Outcome::from_result(&rows[3]),
            Outcome::from_result(&rows[4]),
            job(JobStatus::Running, None),
            job(JobStatus::Pending, None),
            job(JobStatus::Cancelled, None),
            Outcome::Checking,
            Outcome::from_result(&rows[9]),
            job(
                JobStatus::Failed,
                Some("Parse job failed: timed out after 900 s"),
            ),
        ];
        (rows, outcomes)
    }

    #[test]
    fn select_is_what_the_table_shows() {
        let (rows, outcomes) = batch();
        let names = |id: &str| (id == "dfl-3").then(|| "Timesheet.xlsx".to_string());
        let ids = |v: &FileView| -> Vec<Option<String>> {
            select(&rows, &outcomes, v, names)
                .0
                .into_iter()
                .map(|r| r.source_directory_file_id)
                .collect()
        };
        let some = |ids: &[&str]| ids.iter().map(|i| Some(i.to_string())).collect::<Vec<_>>();
        let all = select(&rows, &outcomes, &FileView::default(), names);
        assert_eq!((all.0, all.1), (rows.clone(), outcomes.clone()));
        let failed = FileView {
            files: FileFilter::Failed,
            cause: None,
            q: None,
            refresh: None,
        };
        assert_eq!(
            ids(&failed),
            [
                some(&["dfl-2", "dfl-3", "dfl-4"]),
                vec![None],
                some(&["dfl-11"])
            ]
            .concat(),
            "mapping errors and FAILED jobs"
        );
        assert_eq!(
            ids(&failed.with_search("TIMED")),
            [some(&["dfl-2", "dfl-4"]), vec![None], some(&["dfl-11"])].concat(),
            "the job's error is searched too"
        );
        assert_eq!(
            ids(&failed.with_search("1800")),
            some(&["dfl-2"]),
            "job error text"
        );
        assert_eq!(
            ids(&failed.with_search("times")),
            some(&["dfl-3"]),
            "by name"
        );
        let only = |files| {
            ids(&FileView {
                files,
                cause: None,
                q: None,
                refresh: None,
            })
        };
        assert_eq!(only(FileFilter::Succeeded), some(&["dfl-1"]));
        assert_eq!(only(FileFilter::Running), some(&["dfl-6", "dfl-7"]));
        assert_eq!(only(FileFilter::Cancelled), some(&["dfl-8"]));
        // The job being checked (dfl-9) and the file with neither job nor
        // error (dfl-10) show only under All.
        for f in FileFilter::CHOICES.into_iter().skip(1) {
            let shown = only(f);
            assert!(!shown.contains(&Some("dfl-9".into())), "{f:?}");
            assert!(!shown.contains(&Some("dfl-10".into())), "{f:?}");
        }
        // A name not looked up yet cannot match: the table would not show it either.
        assert_eq!(
            select(&rows, &outcomes, &failed.with_search("times"), |_| None).0,
            vec![]
        );
        assert_eq!(shown(&rows, &outcomes, &failed, names), [1, 2, 3, 4, 10]);
    }

    #[test]
    fn a_cause_link_narrows_to_its_group() {
        let (rows, outcomes) = batch();
        let groups = causes::group(&outcomes);
        let timed_out = groups
            .iter()
            .find(|g| g.label == "Parse job failed: timed out after # s")
            .unwrap();
        assert_eq!(timed_out.count, 2);
        let q = to_query(
            &FileView {
                files: FileFilter::Failed,
                cause: Some(timed_out.key.clone()),
                q: None,
                refresh: None,
            },
            Zone::Local,
        );
        assert_eq!(q, format!("files=failed&cause={}", timed_out.key));
        let view = parse(&q).view;
        assert!(view.is_filtered());
        assert_eq!(shown(&rows, &outcomes, &view, |_| None), [1, 10]);
        // The group alone narrows the table too, and matches what its count says.
        let cause_only = FileView {
            cause: view.cause.clone(),
            ..FileView::default()
        };
        assert!(cause_only.is_filtered());
        assert_eq!(
            shown(&rows, &outcomes, &cause_only, |_| None).len() as u64,
            timed_out.count
        );
        // Upper case in a hand-edited link is the same group; junk is dropped.
        assert_eq!(
            parse(&format!("cause={}", timed_out.key.to_uppercase()))
                .view
                .cause,
            view.cause
        );
        let bad = parse("cause=../etc&files=failed");
        assert_eq!(bad.view.cause, None);
        assert_eq!(bad.view.files, FileFilter::Failed);
        assert_eq!(bad.issues.len(), 1);
        assert_eq!(bad.issues[0].key, "cause");
        assert_eq!(
            bad.issues[0].reason,
            "is not a cause from this page's \"Failures by cause\" list"
        );
        assert_eq!(parse("cause=").issues[0].reason, "is empty");
        assert!(parse("cause=aaaaaaaaaaaa&cause=bbbbbbbbbbbb").issues[0]
            .reason
            .contains("2 times"));
    }

    #[test]
    fn each_choice_shows_its_count() {
        let (_, outcomes) = batch();
        let counts: Vec<(&str, u64)> = choice_counts(&outcomes)
            .into_iter()
            .map(|(f, n)| (f.as_param(), n))
            .collect();
        assert_eq!(
            counts,
            [
                ("", 11),
                ("failed", 5),
                ("ok", 1),
                ("running", 2),
                ("cancelled", 1)
            ]
        );
    }

    #[test]
    fn the_address_bar_forms_are_forgiven() {
        let v = parse("?files=FAILED&q=time+out&utm_source=chat");
        assert_eq!(v.issues, vec![]);
        assert_eq!(v.view.files, FileFilter::Failed);
        assert_eq!(v.view.q.as_deref(), Some("time out"));
        assert_eq!(parse("files=all").view, FileView::default());
        assert_eq!(parse("files=all").issues, vec![]);
        assert_eq!(to_query(&parse("files=all").view, Zone::Local), "");
    }

    #[test]
    fn invalid_values_are_dropped_and_named() {
        let v = parse("files=broken&q=");
        let reasons: Vec<(&str, &str)> = v
            .issues
            .iter()
            .map(|i| (i.key.as_str(), i.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "files",
                    "\"broken\" is not a file filter (use failed, ok, running or cancelled)"
                ),
                ("q", "is empty")
            ]
        );
        assert_eq!(v.view, FileView::default());

        let v = parse("files=failed&files=ok&q=x");
        assert_eq!(v.issues.len(), 1);
        assert!(v.issues[0].reason.contains("2 times with different values"));
        assert_eq!(v.view.files, FileFilter::All);
        assert_eq!(v.view.q.as_deref(), Some("x"));

        let long = "x".repeat(MAX_SEARCH_LEN + 1);
        let v = parse(&format!("q={long}"));
        assert!(v.issues[0].reason.contains("longer than 200"));
        assert_eq!(v.view.q, None);
        assert_eq!(parse("q=%20%20").issues[0].reason, "is empty");
        assert_eq!(parse("files=failed&files=failed").issues, vec![]);
    }

    #[test]
    fn outcome_filters() {
        let outcomes = [
            job(JobStatus::Completed, None),
            job(JobStatus::Failed, Some("Parse job failed")),
            Outcome::NoJob {
                error: Some("Unsupported file type".into()),
            },
            Outcome::NoJob { error: None },
            job(JobStatus::Pending, None),
            job(JobStatus::Running, None),
            job(JobStatus::Cancelled, None),
            job(JobStatus::Other("THROTTLED".into()), None),
            Outcome::Checking,
            Outcome::NotFound,
            Outcome::Unavailable,
        ];
        let pick = |f: FileFilter| {
            outcomes
                .iter()
                .enumerate()
                .filter(|(_, o)| f.admits(o))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        assert_eq!(pick(FileFilter::All).len(), outcomes.len());
        assert_eq!(pick(FileFilter::Failed), [1, 2]);
        assert_eq!(pick(FileFilter::Succeeded), [0]);
        assert_eq!(pick(FileFilter::Running), [4, 5]);
        assert_eq!(pick(FileFilter::Cancelled), [6]);
        for f in FileFilter::CHOICES {
            assert_eq!(FileFilter::from_param(f.as_param()), Some(f));
        }
        assert_eq!(FileFilter::from_param("Running"), Some(FileFilter::Running));
    }

    #[test]
    fn search_covers_name_id_and_error_ignoring_case() {
        let r = file(
            "dfl-00ab",
            Some("Parse job failed: document timed out after 1800 s"),
            true,
        );
        let s = |q: &str| Search::new(q);
        assert!(s("").matches(&r, None, None));
        assert!(s("   ").is_empty());
        assert!(s("TIMED").matches(&r, None, None), "error, any case");
        assert!(s("DFL-00AB").matches(&r, None, None), "file id");
        assert!(!s("invoice").matches(&r, None, None), "no name known yet");
        assert!(
            s("invoice").matches(&r, None, Some("Invoice-0042.pdf")),
            "name"
        );
        assert!(
            s("invoice timed").matches(&r, None, Some("Invoice-0042.pdf")),
            "words in different fields"
        );
        assert!(
            !s("invoice missing").matches(&r, None, Some("Invoice-0042.pdf")),
            "every word must match"
        );
        assert!(
            !s("pjb-dfl").matches(&r, None, None),
            "job ids are not searched"
        );
        assert!(
            s("RÉSUMÉ").matches(&r, None, Some("résumé (final) <draft>.pdf")),
            "non-ASCII case"
        );
        assert!(
            s("<draft>").matches(&r, None, Some("résumé (final) <draft>.pdf")),
            "markup is just text"
        );
        let empty = FileResult::default();
        assert!(!s("x").matches(&empty, None, None));
    }

    #[test]
    fn filtered_means_something_could_be_hidden() {
        assert!(!FileView::default().is_filtered());
        assert!(!FileView::default().with_search("  ").is_filtered());
        assert_eq!(FileView::default().with_search("  ").q, None);
        assert_eq!(
            FileView::default().with_search("a ").q.as_deref(),
            Some("a ")
        );
        assert!(FileView::default().with_search("a").is_filtered());
        assert!(FileView {
            files: FileFilter::Succeeded,
            cause: None,
            q: None,
            refresh: None,
        }
        .is_filtered());
    }

    #[test]
    fn counts_are_over_all_files() {
        let rows = [
            file("dfl-1", None, true),
            file("dfl-2", Some("x"), true),
            file("dfl-3", Some("y"), false),
        ];
        assert_eq!(
            counts(&rows),
            FileCounts {
                files: 3,
                errors: 2,
                jobs: 2
            }
        );
        assert_eq!(counts(&[]), FileCounts::default());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        prop_compose! {
            fn views()(files in 0usize..5, cause in proptest::option::of("[0-9a-f]{12}"), q in proptest::option::of("\\PC{1,80}")) -> FileView {
                FileView { files: FileFilter::CHOICES[files], cause, q: None, refresh: None }.with_search(q.as_deref().unwrap_or(""))
            }
        }

        fn zone(utc: bool) -> Zone {
            if utc {
                Zone::Utc
            } else {
                Zone::Local
            }
        }

        proptest! {
            #[test]
            fn parse_inverts_serialise(v in views(), utc in any::<bool>()) {
                let back = parse(&to_query(&v, zone(utc)));
                prop_assert_eq!(back.issues, vec![]);
                prop_assert_eq!(back.view, v);
                prop_assert_eq!(back.tz, zone(utc));
            }

            #[test]
            fn whatever_parse_accepts_round_trips(raw in "[a-z_=&%+ 0-9A-Z<>-]{0,80}|(tz=(utc|UTC|local|x)&)?(cause=[0-9a-fA-F]{11,13}&)?[a-z=&q ]{0,20}") {
                let v = parse(&raw);
                let again = parse(&to_query(&v.view, v.tz));
                prop_assert_eq!(again.issues, vec![]);
                prop_assert_eq!(again.view, v.view);
                prop_assert_eq!(again.tz, v.tz);
            }
        }
    }
}

#[cfg(test)]
mod result_panel_tests {
    use super::*;

    #[test]
    fn the_panel_rides_along_with_the_files_shown() {
        let p = parse("files=failed&file=dfl-7&view=text&rq=total&tz=utc");
        assert_eq!(p.issues, vec![]);
        assert_eq!(p.result.file.as_deref(), Some("dfl-7"));
        assert_eq!(
            page_query(&p.view, p.tz, &p.result),
            "files=failed&tz=utc&file=dfl-7&view=text&rq=total"
        );
        assert_eq!(
            to_query(&p.view, p.tz),
            "files=failed&tz=utc",
            "the table's own query"
        );
        let closed = ResultView::default();
        assert_eq!(page_query(&FileView::default(), Zone::Local, &closed), "");
        assert_eq!(
            page_query(
                &FileView::default(),
                Zone::Local,
                &ResultView::open("dfl-1")
            ),
            "file=dfl-1"
        );
        let bad = parse("file=a/b");
        assert_eq!(bad.result, ResultView::default());
        assert_eq!(bad.issues[0].key, "file");
    }
}
