//! The viewer's time zone, named for people.

use crate::browser;
use batches_core::time;
use leptos::prelude::*;

/// What [`use_zone_name`] returns.
#[derive(Clone, Copy)]
pub struct UseZoneNameReturn {
    /// The zone's IANA name once looked up (`Europe/Berlin`), its UTC offset before.
    pub name: RwSignal<String>,
    /// Looks the name up now (e.g. when the zone control gets focus).
    pub now: Callback<()>,
}

/// The zone's IANA name costs the page's first `Intl` call (~65 ms in a
/// fresh renderer, which would delay the first rows): label with the UTC
/// offset at first, and name it once `settled` (the first answer is on
/// screen) and the browser is idle, or as soon as
/// [`UseZoneNameReturn::now`] is called.
///
/// ```ignore
/// let zone = use_zone_name(Signal::derive(move || rows_shown.get()));
/// view! { <span>{move || zone.name.get()}</span> }
/// ```
pub fn use_zone_name(settled: Signal<bool>) -> UseZoneNameReturn {
    let name = RwSignal::new(time::offset_label(browser::clock::local_offset_minutes(
        browser::now(),
    )));
    let now = Callback::new(move |_| {
        let _ = name.try_set(browser::local_zone_name());
    });
    Effect::new(move |named: Option<bool>| {
        if named == Some(true) {
            return true;
        }
        let ready = settled.get();
        if ready {
            // When the browser is idle: a fixed delay could fire before a
            // long list's first paint and hold it back.
            browser::timers::when_idle(move || now.run(()));
        }
        ready
    });
    UseZoneNameReturn { name, now }
}
