//! The Watch feature's rules: which batches are watched, when each is asked
//! about again, what the notification says when one finishes, and what the
//! tab title counts.
//!
//! Watches live in `localStorage` (per device), so everything stored here is
//! read back defensively: another version of the app, a person editing storage
//! or a full disk may leave anything behind, and the page must still load.
//!
//! A finished batch's own answer says only which files got no job; whether
//! the jobs failed is theirs to say. So a finish is announced only after the
//! jobs were looked up ([`needs_jobs`], [`on_jobs`], with the words of
//! [`crate::outcome::verdict`]); until then every text says they are being
//! checked, never that nothing failed.
//!
//! Polling is not [`crate::retry`]'s job: that module retries one request twice
//! within seconds; a watch keeps asking for as long as the batch runs, so its
//! errors stretch the interval instead of giving up, by the same rule as the
//! list's background refresh ([`live::refresh_wait`]).

use crate::detail_filters;
use crate::live;
use crate::model::{Batch, BatchStatus};
use crate::query;
use crate::text;
use crate::time::{self, Instant};
use serde::{Deserialize, Serialize};

/// The `localStorage` key; the version suffix lets a later format start clean.
pub const STORAGE_KEY: &str = "batches.watches.v1";
/// One request per watched batch at most this often, while nothing fails.
pub const POLL_INTERVAL_MS: i64 = 30_000;
/// Watches one device keeps: each unfinished one costs a request every 30 s.
pub const MAX_WATCHES: usize = 50;

/// One watched batch. Short serde names keep the stored string compact; the
/// poll schedule is not stored, so a reload asks about every batch at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    #[serde(rename = "i")]
    pub id: String,
    /// The status last read from the API (`None` until the first answer).
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BatchStatus>,
    /// When the batch was seen to finish (its `updated_at`, else the poll's time), in ms.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub finished_at_ms: Option<i64>,
    /// Whether the person has looked since it finished; unseen ones count in the tab title.
    #[serde(rename = "v", default)]
    pub seen: bool,
    /// Files with an error, once the finished batch's results were read.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub failed_files: Option<u64>,
    /// What the jobs said once looked up after the finish; `None` until then.
    #[serde(rename = "j", default, skip_serializing_if = "Option::is_none")]
    pub jobs: Option<String>,
    /// The API answered 404: nothing to poll or announce any more, but the
    /// person is told rather than the watch vanishing.
    #[serde(rename = "g", default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// Errors in a row since the last good answer; drives the backoff.
    #[serde(skip)]
    pub errors: u32,
    /// When this batch may be asked about next (`None`: now).
    #[serde(skip)]
    pub next_poll: Option<Instant>,
}

impl Watch {
    /// Whether the batch is done: no more requests, and a notification was due.
    pub fn is_finished(&self) -> bool {
        self.status.as_ref().is_some_and(BatchStatus::is_terminal)
    }
}

/// What was read from storage, and what to tell the person if it was unreadable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Valid watches, without blanks or repeats, at most [`MAX_WATCHES`].
    pub watches: Vec<Watch>,
    /// Set when something was stored but could not be read; the list starts empty.
    pub problem: Option<String>,
}

/// Reads the stored value (`None` when the key is absent). Garbage gives an
/// empty list and a sentence to show once, never a page that fails to load.
pub fn load(stored: Option<&str>) -> Loaded {
    let Some(raw) = stored.filter(|s| !s.trim().is_empty()) else {
        return Loaded::default();
    };
    match serde_json::from_str::<Vec<Watch>>(raw) {
        Ok(mut watches) => {
            let mut ids = std::collections::HashSet::new();
            watches.retain(|w| !w.id.trim().is_empty() && ids.insert(w.id.clone()));
            watches.truncate(MAX_WATCHES);
            Loaded {
                watches,
                problem: None,
            }
        }
        Err(e) => Loaded {
            watches: Vec::new(),
            problem: Some(format!(
                "The watched batches saved on this device could not be read ({e}), so the list starts empty."
            )),
        },
    }
}

/// The string to store under [`STORAGE_KEY`] after any change.
pub fn store(watches: &[Watch]) -> String {
    serde_json::to_string(watches).unwrap_or_else(|_| "[]".into())
}

fn failed_files(b: &Batch) -> Option<u64> {
    b.results
        .as_deref()
        .map(|r| detail_filters::counts(r).errors)
}

fn finished_at(b: &Batch, now: Instant) -> i64 {
    b.updated_at
        .as_deref()
        .and_then(|t| time::parse_rfc3339(t).ok())
        .unwrap_or(now)
        .0
}

/// The Watch button's action, given the batch as the page shows it. A batch
/// that is already finished is recorded as seen: nobody needs telling what
/// they are looking at. Refuses past [`MAX_WATCHES`] with a sentence to show.
pub fn add(watches: &mut Vec<Watch>, batch: &Batch, now: Instant) -> Result<(), String> {
    if is_watched(watches, &batch.id) {
        return Ok(());
    }
    if watches.len() >= MAX_WATCHES {
        return Err(format!(
            "You are already watching {MAX_WATCHES} batches; unwatch one before watching another."
        ));
    }
    let finished = batch.status.as_ref().is_some_and(BatchStatus::is_terminal);
    watches.push(Watch {
        id: batch.id.clone(),
        status: batch.status.clone(),
        finished_at_ms: finished.then(|| finished_at(batch, now)),
        seen: finished,
        failed_files: if finished { failed_files(batch) } else { None },
        jobs: None,
        gone: false,
        errors: 0,
        next_poll: Some(Instant(now.0 + POLL_INTERVAL_MS)),
    });
    Ok(())
}

/// The Unwatch action (menu or button).
pub fn remove(watches: &mut Vec<Watch>, id: &str) {
    watches.retain(|w| w.id != id);
}

/// Whether the Watch button shows as pressed.
pub fn is_watched(watches: &[Watch], id: &str) -> bool {
    watches.iter().any(|w| w.id == id)
}

/// The ids to ask about at `now`: unfinished watches whose wait is over.
/// Call it from one timer (a tick every few seconds is enough, hidden tab too).
pub fn due(watches: &[Watch], now: Instant) -> Vec<String> {
    watches
        .iter()
        .filter(|w| !w.gone && !w.is_finished() && w.next_poll.is_none_or(|t| t <= now))
        .map(|w| w.id.clone())
        .collect()
}

/// The request for one watched batch. Results are expanded so a finished
/// batch's failed files are counted in the same request (the API sends none
/// while it runs, so this costs nothing until then).
pub fn request_path(id: &str) -> String {
    format!("/api/v2/batches/{}?expand=results", query::encode(id))
}

/// What a desktop notification says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// `Batch bat-7 FAILED`: the batch and its status, readable in a glance.
    pub title: String,
    /// The failed files, when the results were read.
    pub body: String,
}

/// Records a good answer for watch `id`. Returns whether this answer is the
/// one that saw the batch finish: then its jobs are to be looked up
/// ([`needs_jobs`] lists it) before anyone is told.
pub fn on_answer(watches: &mut [Watch], id: &str, batch: &Batch, now: Instant) -> bool {
    let Some(w) = watches.iter_mut().find(|w| w.id == id) else {
        return false;
    };
    let was_finished = w.is_finished();
    w.errors = 0;
    w.next_poll = Some(Instant(now.0 + POLL_INTERVAL_MS));
    if was_finished {
        return false;
    }
    w.status = batch.status.clone();
    if !w.is_finished() {
        return false;
    }
    w.finished_at_ms = Some(finished_at(batch, now));
    w.failed_files = failed_files(batch);
    w.jobs = None;
    w.seen = false;
    true
}

/// Finished watches whose jobs have not been told yet and that nobody has
/// looked at: their notification waits for the job lookup. Survives a
/// reload in the middle of one (the lookup starts again).
pub fn needs_jobs(watches: &[Watch]) -> Vec<String> {
    watches
        .iter()
        .filter(|w| w.is_finished() && !w.gone && !w.seen && w.jobs.is_none())
        .map(|w| w.id.clone())
        .collect()
}

/// Records what the jobs of finished watch `id` said (a
/// [`crate::outcome::verdict`] sentence). Returns the notification, once,
/// unless the person has already opened the batch.
pub fn on_jobs(watches: &mut [Watch], id: &str, verdict: String) -> Option<Notice> {
    let w = watches.iter_mut().find(|w| w.id == id && w.is_finished())?;
    let first = w.jobs.is_none();
    w.jobs = Some(verdict);
    (first && !w.seen).then(|| notice(w))
}

/// Records that watch `id`'s batch answered 404: it is never polled or
/// announced again, and stays listed as gone until removed.
pub fn on_gone(watches: &mut [Watch], id: &str) {
    if let Some(w) = watches.iter_mut().find(|w| w.id == id) {
        w.gone = true;
        w.next_poll = None;
    }
}

/// Records a failed request for watch `id`: the wait doubles per error in a
/// row (60 s, 2 min, 4 min), never beyond [`live::MAX_BACKOFF_MS`] (5 min).
/// A batch that no longer exists (404) stays listed at that slow pace, with
/// its error in the menu, until the person unwatches it.
pub fn on_error(watches: &mut [Watch], id: &str, now: Instant) {
    if let Some(w) = watches.iter_mut().find(|w| w.id == id) {
        w.errors = w.errors.saturating_add(1);
        let wait = live::refresh_wait(POLL_INTERVAL_MS as u64, w.errors);
        w.next_poll = Some(Instant(now.0 + wait as i64));
    }
}

/// The notification for a finished watch: the batch, its status, and what
/// its jobs said; before they answered, only what the batch itself knows
/// (files that got no job) and that the rest is being checked.
pub fn notice(w: &Watch) -> Notice {
    let status = w.status.as_ref().map_or("finished", BatchStatus::as_str);
    Notice {
        title: format!("{} finished: {status}", w.id),
        body: w.jobs.clone().unwrap_or_else(|| checking_words(w)),
    }
}

/// What is known of a finished batch while its jobs are being looked up.
fn checking_words(w: &Watch) -> String {
    match w.failed_files {
        Some(n) if n > 0 => format!(
            "{} got no job; checking the other files' jobs",
            text::count(n, "file", "files")
        ),
        _ => "checking its files' jobs".into(),
    }
}

/// Marks watch `id` as seen (its page was opened, or its menu entry shown).
pub fn mark_seen(watches: &mut [Watch], id: &str) {
    if let Some(w) = watches.iter_mut().find(|w| w.id == id) {
        w.seen = true;
    }
}

/// Finished watches nobody has looked at yet.
pub fn unseen_count(watches: &[Watch]) -> usize {
    watches
        .iter()
        .filter(|w| w.is_finished() && !w.seen)
        .count()
}

/// The document title: `(2) Batches` while two finished watches are unseen,
/// `base` alone otherwise.
pub fn tab_title(base: &str, watches: &[Watch]) -> String {
    match unseen_count(watches) {
        0 => base.to_string(),
        n => format!("({n}) {base}"),
    }
}

/// A watch's state in the "Watching" menu, e.g. `RUNNING · watching`,
/// `FAILED 5 min ago · 3 files without a job`, `checking again in 4 min (last check failed)`.
pub fn menu_state(w: &Watch, now: Instant) -> String {
    let status = w
        .status
        .as_ref()
        .map_or("status not known yet", BatchStatus::as_str);
    if w.gone {
        return "no longer exists (the API answered 404)".into();
    }
    if w.is_finished() {
        let when = w
            .finished_at_ms
            .map(|t| format!(" {}", time::format_relative(now, Instant(t))))
            .unwrap_or_default();
        let files = match (&w.jobs, w.failed_files) {
            (Some(jobs), _) => format!(" · {jobs}"),
            (None, _) if !w.seen => format!(" · {}", checking_words(w)),
            (None, Some(n)) => format!(" · {} without a job", text::count(n, "file", "files")),
            (None, None) => String::new(),
        };
        return format!("{status}{when}{files}");
    }
    match (w.errors, w.next_poll) {
        (0, _) | (_, None) => format!("{status} · watching"),
        (_, Some(t)) => format!(
            "{status} · last check failed, trying again {}",
            time::format_relative(now, t)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileResult;
    use crate::time::parse_rfc3339;

    fn t(s: &str) -> Instant {
        parse_rfc3339(s).unwrap()
    }

    fn batch(id: &str, status: BatchStatus) -> Batch {
        Batch {
            id: id.into(),
            status: Some(status),
            created_at: Some("2026-11-29T10:00:00Z".into()),
            updated_at: Some("2026-11-29T10:20:00Z".into()),
            ..Batch::default()
        }
    }

    fn with_results(mut b: Batch, errors: usize, ok: usize) -> Batch {
        let file = |e: bool| FileResult {
            source_directory_file_id: Some("dfl".into()),
            error_message: e.then(|| "Unsupported file type".into()),
            job_reference: None,
        };
        b.results = Some(
            (0..errors)
                .map(|_| file(true))
                .chain((0..ok).map(|_| file(false)))
                .collect(),
        );
        b
    }

    #[test]
    fn a_watch_survives_a_reload_as_a_compact_string() {
        let now = t("2026-11-29T10:00:00Z");
        let mut list = Vec::new();
        add(&mut list, &batch("bat-1", BatchStatus::Running), now).unwrap();
        add(
            &mut list,
            &with_results(batch("bat-2", BatchStatus::Failed), 3, 1),
            now,
        )
        .unwrap();
        let s = store(&list);
        assert_eq!(
            s,
            r#"[{"i":"bat-1","s":"RUNNING","v":false},{"i":"bat-2","s":"FAILED","f":1795947600000,"v":true,"x":3}]"#
        );
        let back = load(Some(&s));
        assert_eq!(back.problem, None);
        let ids: Vec<&str> = back.watches.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["bat-1", "bat-2"]);
        assert_eq!(back.watches[1].failed_files, Some(3));
        // The schedule is not stored: after a reload every unfinished watch is due.
        assert_eq!(due(&back.watches, now), ["bat-1"]);
    }

    #[test]
    fn garbage_in_storage_gives_an_empty_list_and_says_so() {
        assert_eq!(load(None), Loaded::default());
        assert_eq!(load(Some("")), Loaded::default());
        for bad in [
            "not json",
            "{\"i\":\"x\"}",
            "[{\"s\":\"RUNNING\"}]",
            "[1,2]",
        ] {
            let l = load(Some(bad));
            assert_eq!(l.watches, vec![], "{bad}");
            let p = l.problem.unwrap();
            assert!(
                p.starts_with("The watched batches saved on this device could not be read ("),
                "{p}"
            );
            assert!(p.ends_with("), so the list starts empty."), "{p}");
        }
        // Blank ids and duplicates are dropped, unknown statuses kept as text.
        let l = load(Some(
            r#"[{"i":" "},{"i":"a","s":"ARCHIVED"},{"i":"b","extra":1},{"i":"a"}]"#,
        ));
        assert_eq!(l.problem, None);
        assert_eq!(l.watches.len(), 2);
        assert_eq!(
            l.watches[0].status,
            Some(BatchStatus::Other("ARCHIVED".into()))
        );
    }

    #[test]
    fn polls_every_30_s_and_backs_off_to_5_min_on_errors() {
        let t0 = t("2026-11-29T10:00:00Z");
        let at = |s: i64| Instant(t0.0 + s * 1000);
        let mut list = Vec::new();
        add(&mut list, &batch("bat-1", BatchStatus::Running), t0).unwrap();
        assert_eq!(due(&list, at(29)), Vec::<String>::new());
        assert_eq!(due(&list, at(30)), ["bat-1"]);
        assert_eq!(
            request_path("bat-1"),
            "/api/v2/batches/bat-1?expand=results"
        );
        assert_eq!(
            request_path("a b/c"),
            "/api/v2/batches/a%20b%2Fc?expand=results"
        );
        // Waits after 1, 2, 3, 4, 5 errors in a row.
        let mut waits = Vec::new();
        let mut now = at(30);
        for _ in 0..5 {
            on_error(&mut list, "bat-1", now);
            let next = list[0].next_poll.unwrap();
            waits.push((next.0 - now.0) / 1000);
            now = next;
        }
        assert_eq!(waits, [60, 120, 240, 300, 300]);
        on_error(&mut list, "bat-1", now);
        assert_eq!(due(&list, Instant(now.0 + 299_999)), Vec::<String>::new());
        assert_eq!(
            menu_state(&list[0], now),
            "RUNNING · last check failed, trying again in 5 min"
        );
        // One good answer goes back to every 30 s.
        assert!(!on_answer(
            &mut list,
            "bat-1",
            &batch("bat-1", BatchStatus::Running),
            now
        ));
        assert_eq!(list[0].next_poll, Some(Instant(now.0 + 30_000)));
        assert_eq!(menu_state(&list[0], now), "RUNNING · watching");
    }

    #[test]
    fn a_finish_is_announced_with_what_the_jobs_said_once_they_answered() {
        let now = t("2026-11-29T10:30:00Z");
        let mut list = Vec::new();
        add(&mut list, &batch("bat-7", BatchStatus::Running), now).unwrap();
        add(&mut list, &batch("bat-8", BatchStatus::Pending), now).unwrap();
        add(&mut list, &batch("bat-9", BatchStatus::Throttled), now).unwrap();
        assert_eq!(tab_title("Batches", &list), "Batches");

        let failed = with_results(batch("bat-7", BatchStatus::Failed), 3, 9);
        assert!(
            on_answer(&mut list, "bat-7", &failed, now),
            "this answer saw it finish"
        );
        assert!(
            !on_answer(&mut list, "bat-7", &failed, now),
            "the same status again is not news"
        );
        assert_eq!(needs_jobs(&list), ["bat-7"]);
        // Before the jobs answered: what the batch knows, and that the rest is being checked.
        assert_eq!(
            notice(&list[0]),
            Notice {
                title: "bat-7 finished: FAILED".into(),
                body: "3 files got no job; checking the other files' jobs".into()
            }
        );
        assert_eq!(
            menu_state(&list[0], now),
            "FAILED 10 min ago · 3 files got no job; checking the other files' jobs"
        );
        let verdict = "5 of 12 files failed (3 Unsupported file type, 2 Out of memory)";
        assert_eq!(
            on_jobs(&mut list, "bat-7", verdict.into()),
            Some(Notice {
                title: "bat-7 finished: FAILED".into(),
                body: verdict.into()
            })
        );
        assert_eq!(
            on_jobs(&mut list, "bat-7", verdict.into()),
            None,
            "told once"
        );
        assert_eq!(needs_jobs(&list), Vec::<String>::new());
        assert_eq!(
            menu_state(&list[0], now),
            format!("FAILED 10 min ago · {verdict}")
        );

        let done = with_results(batch("bat-8", BatchStatus::Completed), 0, 4);
        assert!(on_answer(&mut list, "bat-8", &done, now));
        assert_eq!(notice(&list[1]).body, "checking its files' jobs");
        assert!(on_answer(
            &mut list,
            "bat-9",
            &batch("bat-9", BatchStatus::Cancelled),
            now
        ));
        assert_eq!(due(&list, Instant(now.0 + 3_600_000)), Vec::<String>::new());
        assert_eq!(tab_title("Batches", &list), "(3) Batches");
        // Opened before its jobs answered: nobody needs a notification any more.
        mark_seen(&mut list, "bat-8");
        assert_eq!(needs_jobs(&list), ["bat-9"]);
        assert_eq!(
            on_jobs(&mut list, "bat-8", "all 4 files processed".into()),
            None
        );
        assert_eq!(tab_title("Batches", &list), "(2) Batches");
        // What the jobs said survives a reload.
        let back = load(Some(&store(&list))).watches;
        assert_eq!(back[0].jobs.as_deref(), Some(verdict));
        assert_eq!(needs_jobs(&back), ["bat-9"]);
        remove(&mut list, "bat-8");
        assert_eq!(tab_title("Batches", &list), "(2) Batches");
        assert!(!is_watched(&list, "bat-8"));
    }

    #[test]
    fn a_batch_that_is_gone_is_neither_polled_nor_announced() {
        let now = t("2026-11-29T10:30:00Z");
        let mut list = Vec::new();
        add(&mut list, &batch("bat-1", BatchStatus::Running), now).unwrap();
        on_gone(&mut list, "bat-1");
        assert_eq!(due(&list, Instant(now.0 + 3_600_000)), Vec::<String>::new());
        assert_eq!(needs_jobs(&list), Vec::<String>::new());
        assert_eq!(unseen_count(&list), 0);
        assert_eq!(
            menu_state(&list[0], now),
            "no longer exists (the API answered 404)"
        );
        let back = load(Some(&store(&list))).watches;
        assert!(back[0].gone, "still gone after a reload");
        assert_eq!(due(&back, now), Vec::<String>::new());
    }

    #[test]
    fn watching_a_finished_batch_is_quiet_and_the_list_is_bounded() {
        let now = t("2026-11-29T10:30:00Z");
        let mut list = Vec::new();
        add(&mut list, &batch("done", BatchStatus::Completed), now).unwrap();
        add(&mut list, &batch("done", BatchStatus::Completed), now).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(unseen_count(&list), 0);
        assert_eq!(due(&list, Instant(now.0 + 60_000)), Vec::<String>::new());
        assert_eq!(menu_state(&list[0], now), "COMPLETED 10 min ago");
        for i in 1..MAX_WATCHES {
            add(
                &mut list,
                &batch(&format!("b{i}"), BatchStatus::Running),
                now,
            )
            .unwrap();
        }
        assert_eq!(
            add(&mut list, &batch("one-more", BatchStatus::Running), now),
            Err("You are already watching 50 batches; unwatch one before watching another.".into())
        );
    }
}
