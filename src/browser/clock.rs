//! The few facts about time only the browser knows: the clock and the
//! viewer's time zone. Everything else about time is in [`batches_core::time`].

use batches_core::filters::Zone;
use batches_core::time::{self, Instant, LocalDateTime, TimeError};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// The current instant from the browser's clock.
pub fn now() -> Instant {
    Instant(js_sys::Date::now() as i64)
}

fn offset_from_browser(ms: i64) -> i32 {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    -(d.get_timezone_offset() as i32)
}

const MS_PER_DAY: i64 = 86_400_000;

thread_local! {
    /// Per UTC day: the viewer's offset if it is the same at the day's first
    /// and last millisecond (no DST change that day), else `None`.
    static DAY_OFFSETS: RefCell<HashMap<i64, Option<i32>>> = RefCell::new(HashMap::new());
}

/// The viewer's UTC offset in minutes east at `t`, DST included.
///
/// Asked of the browser once per UTC day, not once per time shown: a
/// 1,000-row page shows 2,000 times, and each `new Date()` from wasm costs a
/// crossing and an object. A day whose offset differs at its two ends (the
/// day of a DST change) is asked per instant.
pub fn local_offset_minutes(t: Instant) -> i32 {
    let day = t.0.div_euclid(MS_PER_DAY);
    let whole_day = DAY_OFFSETS.with(|days| {
        *days.borrow_mut().entry(day).or_insert_with(|| {
            let first = offset_from_browser(day * MS_PER_DAY);
            let last = offset_from_browser(day * MS_PER_DAY + MS_PER_DAY - 1);
            (first == last).then_some(first)
        })
    });
    whole_day.unwrap_or_else(|| offset_from_browser(t.0))
}

/// The viewer's IANA zone name (e.g. `Europe/Berlin`), for labelling inputs.
pub fn local_zone_name() -> String {
    let fmt = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&fmt.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "local time".into())
}

/// The offset of the zone the page shows times in, at `t`.
pub fn offset_minutes(zone: Zone, t: Instant) -> i32 {
    match zone {
        Zone::Utc => 0,
        Zone::Local => local_offset_minutes(t),
    }
}

/// A `datetime-local` value in the shown zone as an instant. The minute a
/// person picks is a whole minute: as a lower bound it starts at second 0, as
/// an upper bound it ends at second 59.999, so the picked minute is included.
pub fn input_to_instant(
    value: &str,
    end_of_minute: bool,
    zone: Zone,
) -> Result<Instant, TimeError> {
    let fields = time::parse_input(value)?;
    let t = time::local_to_instant(&fields, |t| offset_minutes(zone, t));
    Ok(if end_of_minute {
        Instant(t.0 + 59_999)
    } else {
        t
    })
}

/// An instant as a `datetime-local` value in the shown zone.
pub fn instant_to_input(t: Instant, zone: Zone) -> String {
    time::format_input(&LocalDateTime::from_instant(t, offset_minutes(zone, t)))
}
