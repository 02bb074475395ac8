//! The few facts about time only the browser knows: the clock and the
//! viewer's time zone. Everything else about time is in [`batches_core::time`].

use batches_core::filters::Zone;
use batches_core::time::{self, Instant, LocalDateTime, TimeError};
use wasm_bindgen::JsValue;

/// The current instant from the browser's clock.
pub fn now() -> Instant {
    Instant(js_sys::Date::now() as i64)
}

/// The viewer's UTC offset in minutes east at `t`, DST included.
pub fn local_offset_minutes(t: Instant) -> i32 {
    let d = js_sys::Date::new(&JsValue::from_f64(t.0 as f64));
    -(d.get_timezone_offset() as i32)
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
