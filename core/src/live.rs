//! How a background refresh changes what is on screen without moving it:
//! rows already shown take their fresher version, and newer batches are
//! only counted until a person asks to see them.

use crate::model::Batch;
use crate::time::{self, Instant};
use std::collections::{HashMap, HashSet};

/// The longest a failing background refresh waits before trying again.
pub const MAX_BACKOFF_MS: u64 = 5 * 60_000;

/// How long a background refresh every `every_ms` waits after `failures`
/// failures in a row: the interval, doubled per failure, capped at
/// [`MAX_BACKOFF_MS`] (or the interval, if that is longer). A failing API is
/// asked less and less often instead of being hammered by every open tab.
pub fn refresh_wait(every_ms: u64, failures: u32) -> u64 {
    every_ms
        .saturating_mul(1 << failures.min(10))
        .min(MAX_BACKOFF_MS.max(every_ms))
}

fn updated(b: &Batch) -> Option<Instant> {
    time::parse_rfc3339(b.updated_at.as_deref()?).ok()
}

fn created(b: &Batch) -> Option<Instant> {
    time::parse_rfc3339(b.created_at.as_deref()?).ok()
}

/// `base` in its own order, each row replaced by its version in `fresh` when
/// that one differs and is not older (by `updated_at`).
pub fn merge_fresh(base: &[Batch], fresh: &[Batch]) -> Vec<Batch> {
    let by_id: HashMap<&str, &Batch> = fresh.iter().map(|b| (b.id.as_str(), b)).collect();
    base.iter()
        .map(|b| match by_id.get(b.id.as_str()) {
            Some(f) if *f != b && updated(f) >= updated(b) => (*f).clone(),
            _ => b.clone(),
        })
        .collect()
}

/// How many batches in `fresh` are not shown and were created after the
/// newest shown one: the "N new batches" a refresh found.
pub fn count_newer(base: &[Batch], fresh: &[Batch]) -> usize {
    let shown: HashSet<&str> = base.iter().map(|b| b.id.as_str()).collect();
    let top = base.iter().filter_map(created).max();
    fresh
        .iter()
        .filter(|b| !shown.contains(b.id.as_str()))
        .filter(|b| match (created(b), top) {
            (Some(c), Some(t)) => c > t,
            (_, None) => true,
            (None, Some(_)) => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BatchStatus;

    #[test]
    fn refresh_backs_off_by_doubling_up_to_five_minutes() {
        assert_eq!(refresh_wait(10_000, 0), 10_000);
        assert_eq!(refresh_wait(10_000, 1), 20_000);
        assert_eq!(refresh_wait(10_000, 4), 160_000);
        assert_eq!(refresh_wait(10_000, 5), 300_000);
        assert_eq!(refresh_wait(10_000, 60), 300_000);
        // An interval longer than the cap is never shortened by failing.
        assert_eq!(refresh_wait(600_000, 3), 600_000);
    }

    fn batch(id: &str, status: BatchStatus, created: &str, updated: &str) -> Batch {
        Batch {
            id: id.into(),
            status: Some(status),
            created_at: Some(created.into()),
            updated_at: Some(updated.into()),
            ..Batch::default()
        }
    }

    #[test]
    fn rows_update_in_place_and_keep_their_order() {
        use BatchStatus::*;
        let base = vec![
            batch(
                "b2",
                Running,
                "2026-11-29T10:00:00Z",
                "2026-11-29T10:05:00Z",
            ),
            batch(
                "b1",
                Running,
                "2026-11-29T09:00:00Z",
                "2026-11-29T09:05:00Z",
            ),
        ];
        let fresh = vec![
            batch(
                "b3",
                Pending,
                "2026-11-29T11:00:00Z",
                "2026-11-29T11:00:00Z",
            ),
            batch(
                "b2",
                Completed,
                "2026-11-29T10:00:00Z",
                "2026-11-29T10:30:00Z",
            ),
            // An older copy never wins over what is shown.
            batch(
                "b1",
                Pending,
                "2026-11-29T09:00:00Z",
                "2026-11-29T09:01:00Z",
            ),
        ];
        let merged = merge_fresh(&base, &fresh);
        let ids: Vec<&str> = merged.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b2", "b1"]);
        assert_eq!(merged[0].status, Some(Completed));
        assert_eq!(merged[1].status, Some(Running));
        assert_eq!(count_newer(&base, &fresh), 1);
        assert_eq!(count_newer(&merged, &base), 0);
        assert_eq!(count_newer(&[], &fresh), 3);
    }
}
