//! The Watch feature's rules: which batches are watched, when each is asked
//! about again, what the notification says when one finishes, and what the
//! tab title counts.
//!
//! Watches live in `localStorage` (per device), so everything stored here is
//! read back defensively: another version of the app, a person editing storage
//! or a full disk may leave anything behind, and the page must still load.
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
        .filter(|w| !w.is_finished() && w.next_poll.is_none_or(|t| t <= now))
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

/// Records a good answer for watch `id`. Returns the notification to show
/// when this answer is the one that saw the batch finish.
pub fn on_answer(watches: &mut [Watch], id: &str, batch: &Batch, now: Instant) -> Option<Notice> {
    let w = watches.iter_mut().find(|w| w.id == id)?;
    let was_finished = w.is_finished();
    w.errors = 0;
    w.next_poll = Some(Instant(now.0 + POLL_INTERVAL_MS));
    if was_finished {
        return None;
    }
    w.status = batch.status.clone();
    if !w.is_finished() {
        return None;
    }
    w.finished_at_ms = Some(finished_at(batch, now));
    w.failed_files = failed_files(batch);
    w.seen = false;
    Some(notice(w))
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

/// The notification for a finished watch: the batch, its status, and the
/// files that got no job when the results were read. Those are all the
/// batch itself can tell: a file whose job failed shows only in its job
/// (see [`crate::outcome`]), so the text never says "no files failed".
pub fn notice(w: &Watch) -> Notice {
    let status = w.status.as_ref().map_or("finished", BatchStatus::as_str);
    let body = match w.failed_files {
        Some(0) => "Every file got a job. Open the batch for its jobs' outcomes.".to_string(),
        Some(n) => format!(
            "{} got no job. Open the batch for its jobs' outcomes.",
            text::count(n, "file", "files")
        ),
        None => "Open the batch to see its files.".to_string(),
    };
    Notice {
        title: format!("Batch {} {status}", w.id),
        body,
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
    if w.is_finished() {
        let when = w
            .finished_at_ms
            .map(|t| format!(" {}", time::format_relative(now, Instant(t))))
            .unwrap_or_default();
        let files = match w.failed_files {
            Some(n) => format!(" · {} without a job", text::count(n, "file", "files")),
            None => String::new(),
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
        assert_eq!(
            on_answer(
                &mut list,
                "bat-1",
                &batch("bat-1", BatchStatus::Running),
                now
            ),
            None
        );
        assert_eq!(list[0].next_poll, Some(Instant(now.0 + 30_000)));
        assert_eq!(menu_state(&list[0], now), "RUNNING · watching");
    }

    #[test]
    fn finishing_notifies_once_with_the_failed_files() {
        let now = t("2026-11-29T10:30:00Z");
        let mut list = Vec::new();
        add(&mut list, &batch("bat-7", BatchStatus::Running), now).unwrap();
        add(&mut list, &batch("bat-8", BatchStatus::Pending), now).unwrap();
        add(&mut list, &batch("bat-9", BatchStatus::Throttled), now).unwrap();
        assert_eq!(tab_title("Batches", &list), "Batches");

        let failed = with_results(batch("bat-7", BatchStatus::Failed), 3, 9);
        assert_eq!(
            on_answer(&mut list, "bat-7", &failed, now),
            Some(Notice {
                title: "Batch bat-7 FAILED".into(),
                body: "3 files got no job. Open the batch for its jobs' outcomes.".into()
            })
        );
        // The same status again is not news.
        assert_eq!(on_answer(&mut list, "bat-7", &failed, now), None);
        let done = with_results(batch("bat-8", BatchStatus::Completed), 0, 4);
        assert_eq!(
            on_answer(&mut list, "bat-8", &done, now).unwrap().body,
            "Every file got a job. Open the batch for its jobs' outcomes."
        );
        let cancelled = batch("bat-9", BatchStatus::Cancelled);
        assert_eq!(
            on_answer(&mut list, "bat-9", &cancelled, now),
            Some(Notice {
                title: "Batch bat-9 CANCELLED".into(),
                body: "Open the batch to see its files.".into()
            })
        );
        let one = Watch {
            failed_files: Some(1),
            ..list[0].clone()
        };
        assert_eq!(
            notice(&one).body,
            "1 file got no job. Open the batch for its jobs' outcomes."
        );
        assert_eq!(due(&list, Instant(now.0 + 3_600_000)), Vec::<String>::new());
        assert_eq!(tab_title("Batches", &list), "(3) Batches");
        mark_seen(&mut list, "bat-7");
        assert_eq!(tab_title("Batches", &list), "(2) Batches");
        assert_eq!(
            menu_state(&list[0], now),
            "FAILED 10 min ago · 3 files without a job"
        );
        remove(&mut list, "bat-8");
        assert_eq!(tab_title("Batches", &list), "(1) Batches");
        assert!(!is_watched(&list, "bat-8"));
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
