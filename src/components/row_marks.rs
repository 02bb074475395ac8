//! What the page-wide sources say of each list row (watched, its
//! failed-files badge), told to each row on its own: leptos' `Selector`,
//! for a set of ids.
//!
//! With a memo per row reading the watched ids, one Watch click re-ran all
//! 1,000 of them, and each re-run left and rejoined the ids' subscriber
//! list, which reactive_graph keeps in an `IndexSet` and leaves with
//! `shift_remove` (linear in its 1,000 subscribers): 17–26 ms of the click
//! (bench/NOTES.md). Here one render effect reads the sources and wakes only
//! the rows whose marks changed; a row subscribes to its own trigger.

use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// A row's marks: whether its batch is watched (none: the rows have no
/// Watch button) and "37 of 1,000 files failed", once known.
pub type Marks = (Option<bool>, Option<String>);

/// The sources the marks are read from, as they are now.
#[derive(Default)]
pub struct Sources {
    /// The watched ids (none: no Watch buttons).
    pub watched: Option<HashSet<String>>,
    /// "N of M files failed" by batch id.
    pub badges: HashMap<String, String>,
}

impl Sources {
    fn marks(&self, id: &str) -> Marks {
        let watched = self.watched.as_ref().map(|w| w.contains(id));
        (watched, self.badges.get(id).cloned())
    }
}

/// The rows' marks for one view of the list (see the module note). Made
/// under the view's owner, so it ends with the view.
#[derive(Clone, Copy)]
pub struct RowMarks {
    now: StoredValue<Sources>,
    rows: StoredValue<HashMap<String, ArcTrigger>>,
}

impl RowMarks {
    /// Follows `read`, waking a row only when its own marks change.
    pub fn new(read: impl Fn() -> Sources + Send + Sync + 'static) -> Self {
        let marks = RowMarks {
            now: StoredValue::new(Sources::default()),
            rows: StoredValue::new(HashMap::new()),
        };
        // A render effect runs at once, so rows built right after read
        // the sources as they are, not the empty default.
        let effect = RenderEffect::new(move |_| {
            let next = read();
            let woken: Vec<ArcTrigger> = marks.now.with_value(|now| {
                marks.rows.with_value(|rows| {
                    rows.iter()
                        .filter(|(id, _)| now.marks(id) != next.marks(id))
                        .map(|(_, t)| t.clone())
                        .collect()
                })
            });
            marks.now.set_value(next);
            for t in woken {
                t.notify();
            }
        });
        // Held by the view's owner, which drops it (so stops it) with the view.
        StoredValue::new_local(effect);
        marks
    }

    /// Row `id`'s marks now; the caller is woken when they change.
    pub fn get(&self, id: &str) -> Marks {
        let trigger = self
            .rows
            .try_update_value(|rows| rows.entry(id.to_string()).or_default().clone());
        if let Some(t) = trigger {
            t.track();
        }
        self.now.with_value(|now| now.marks(id))
    }

    /// Forgets row `id` (it left the page).
    pub fn forget(&self, id: &str) {
        self.rows.try_update_value(|rows| rows.remove(id));
    }
}
