//! Doing something again every so often while someone can see it.

use crate::browser::timers::sleep;
use crate::browser::visibility::until_visible;
use batches_core::span::Span;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Calls `tick` every `every` (none while it is `None`), never while the
/// tab is hidden (a hidden tab ticks as soon as it is shown again). A new
/// interval restarts the wait; the loop ends with the calling view.
///
/// ```ignore
/// use_interval(Signal::derive(move || view.with(|v| v.refresh)), Callback::new(move |_| batch.refetch()));
/// ```
pub fn use_interval(every: Signal<Option<Span>>, tick: Callback<()>) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let every = every.get();
        let Some(mine) = generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let Some(every) = every else { return };
        let current = move || generation.try_get_value() == Some(mine);
        spawn_local(async move {
            loop {
                sleep(every.millis() as u64, None).await;
                if !current() {
                    return;
                }
                until_visible().await;
                if !current() {
                    return;
                }
                tick.run(());
            }
        });
    });
    on_cleanup(move || {
        let _ = generation.try_update_value(|g| *g += 1);
    });
}
