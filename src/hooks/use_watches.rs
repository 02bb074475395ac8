//! Watched batches: kept on the device, asked about until they finish, and
//! announced by a desktop notification, the tab title and the "Watching" menu.

use crate::api::{self, ApiError};
use crate::browser::notification::{self, Permission};
use crate::browser::storage::{self, Store};
use crate::browser::timers::sleep;
use crate::browser::{self, title};
use crate::outcomes;
use batches_core::detail_filters::detail_path;
use batches_core::filters::Zone;
use batches_core::model::Batch;
use batches_core::outcome::verdict::verdict;
use batches_core::watch::{self, Watch};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How often the one poll loop looks for due watches. Each batch is still
/// asked about at most every [`watch::POLL_INTERVAL_MS`]; the tick only
/// decides how late after that a finish is noticed.
const TICK_MS: u64 = 5_000;

/// Said once per page load when notifications cannot be shown.
const NO_NOTIFICATIONS: &str = "Desktop notifications are blocked for this site, so a finished watch shows only here: in the tab title and the Watching menu.";

/// One line of the "Watching" menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchLine {
    pub id: String,
    /// `RUNNING · watching`, `FAILED 5 min ago · 3 files failed`.
    pub state: String,
    /// The batch's page.
    pub href: String,
    /// Finished and not looked at yet.
    pub unseen: bool,
    /// The batch answered 404: its button removes it rather than unwatching.
    pub gone: bool,
}

/// What [`use_watches`] returns; `Copy`, shared by the top bar and every page.
#[derive(Clone, Copy)]
pub struct UseWatchesReturn {
    /// The watched ids, for the Watch buttons.
    pub ids: Memo<Vec<String>>,
    /// The "Watching" menu, refreshed on every poll tick.
    pub lines: Memo<Vec<WatchLine>>,
    /// A sentence to show once (unreadable storage, notifications blocked, too many watches).
    pub notice: RwSignal<Option<String>>,
    /// The Watch button: watches the batch, or unwatches it when watched.
    pub toggle: Callback<Batch>,
    /// Unwatch by id (the menu).
    pub unwatch: Callback<String>,
    /// The batch's page was opened: its finish no longer counts in the title.
    pub seen: Callback<String>,
}

impl UseWatchesReturn {
    /// Whether `id` is watched, for a Watch button's pressed state.
    pub fn is_watched(&self, id: impl Fn() -> String + Send + Sync + 'static) -> Signal<bool> {
        let ids = self.ids;
        Signal::derive(move || {
            let id = id();
            ids.with(|ids| ids.contains(&id))
        })
    }
}

/// The app's one set of watches. The first call (the app shell) loads them
/// from `localStorage`, starts the poll loop and provides them as context;
/// later calls (pages) get the same set. Polling runs while the tab is hidden
/// too: that is when a notification is useful. Errors stretch a batch's wait
/// (60 s, 2 min, … 5 min); a reload asks about every unfinished watch at once.
///
/// ```ignore
/// let watches = use_watches();
/// view! { <WatchButton id=id watched=watches.is_watched(move || id.get()) on_toggle=… /> }
/// ```
pub fn use_watches() -> UseWatchesReturn {
    if let Some(w) = use_context::<UseWatchesReturn>() {
        return w;
    }
    let loaded = watch::load(storage::get(Store::Device, watch::STORAGE_KEY).as_deref());
    let list = RwSignal::new(loaded.watches);
    let notice = RwSignal::new(loaded.problem);
    let now = RwSignal::new(browser::now());
    let asked = StoredValue::new(false);
    let checking = StoredValue::new(Vec::<String>::new());
    let told = StoredValue::new(false);
    let base_title = title::get();

    // Every change is kept (a reload resumes) and counted in the title.
    Effect::new(move |_| {
        let stored = list.with(|l| watch::store(l));
        if let Err(e) = storage::set(
            Store::Device,
            watch::STORAGE_KEY,
            &stored,
            "the watched batches",
        ) {
            notice.set(Some(e));
        }
    });
    Effect::new(move |_| title::set(&list.with(|l| watch::tab_title(&base_title, l))));

    let say_blocked = move || {
        if !told.get_value() {
            told.set_value(true);
            notice.set(Some(NO_NOTIFICATIONS.into()));
        }
    };
    let toggle = Callback::new(move |batch: Batch| {
        if list.with_untracked(|l| watch::is_watched(l, &batch.id)) {
            list.update(|l| watch::remove(l, &batch.id));
            return;
        }
        let mut added = Ok(());
        list.update(|l| added = watch::add(l, &batch, browser::now()));
        if let Err(e) = added {
            notice.set(Some(e));
            return;
        }
        // Asked on the first Watch click only, from the click itself.
        if asked.get_value() {
            return;
        }
        asked.set_value(true);
        match notification::permission() {
            Permission::Granted => {}
            Permission::Denied | Permission::Unsupported => say_blocked(),
            Permission::Ask => spawn_local(async move {
                if matches!(
                    notification::request().await,
                    Permission::Denied | Permission::Unsupported
                ) {
                    say_blocked();
                }
            }),
        }
    });
    let unwatch = Callback::new(move |id: String| list.update(|l| watch::remove(l, &id)));
    let seen = Callback::new(move |id: String| {
        let unseen =
            list.with_untracked(|l| l.iter().any(|w| w.id == id && w.is_finished() && !w.seen));
        if unseen {
            list.update(|l| watch::mark_seen(l, &id));
        }
    });

    spawn_local(async move {
        loop {
            sleep(TICK_MS, None).await;
            let t = browser::now();
            if now.try_set(t).is_some() {
                return; // the app is gone
            }
            let Some(due) = list.try_with_untracked(|l| watch::due(l, t)) else {
                return;
            };
            let mut finished = Vec::new();
            for id in due {
                let answer = api::watched_batch(&id).await;
                let t = browser::now();
                let updated = list.try_update(|l| match &answer {
                    Ok(b) => {
                        if watch::on_answer(l, &id, b, t) {
                            finished.push(b.clone());
                        }
                    }
                    Err(ApiError::Http { status: 404, .. }) => watch::on_gone(l, &id),
                    Err(_) => watch::on_error(l, &id, t),
                });
                if updated.is_none() {
                    return;
                }
            }
            // Finished ones are announced once their jobs answered; after a
            // reload mid-check the batch is asked for again.
            let Some(waiting) = list.try_with_untracked(|l| watch::needs_jobs(l)) else {
                return;
            };
            for id in waiting {
                if checking.with_value(|c| c.contains(&id)) {
                    continue;
                }
                checking.update_value(|c| c.push(id.clone()));
                let batch = finished.iter().find(|b| b.id == id).cloned();
                spawn_local(announce(id, batch, list, checking));
            }
        }
    });

    let ids = Memo::new(move |_| list.with(|l| l.iter().map(|w| w.id.clone()).collect()));
    let lines = Memo::new(move |_| {
        let now = now.get();
        list.with(|l| l.iter().map(|w| line(w, now)).collect())
    });
    let watches = UseWatchesReturn {
        ids,
        lines,
        notice,
        toggle,
        unwatch,
        seen,
    };
    provide_context(watches);
    watches
}

/// Looks up the jobs of finished watch `id` (its batch, or fetched again
/// after a reload), then records what they said and shows the notification.
async fn announce(
    id: String,
    batch: Option<Batch>,
    list: RwSignal<Vec<Watch>>,
    checking: StoredValue<Vec<String>>,
) {
    let batch = match batch {
        Some(b) => Ok(b),
        None => api::watched_batch(&id).await,
    };
    if let Ok(batch) = batch {
        let verdict = verdict(&outcomes::settled(&batch).await);
        let mut told = None;
        list.try_update(|l| told = watch::on_jobs(l, &id, verdict));
        if let Some(n) = told {
            notification::show(&n.title, &n.body);
        }
    }
    // A failed fetch is tried again on a later tick.
    checking.try_update_value(|c| c.retain(|c| c != &id));
}

fn line(w: &Watch, now: batches_core::time::Instant) -> WatchLine {
    WatchLine {
        id: w.id.clone(),
        state: watch::menu_state(w, now),
        href: detail_path(&w.id, Zone::Local),
        unseen: w.is_finished() && !w.seen,
        gone: w.gone,
    }
}
