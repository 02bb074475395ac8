//! What a person sees if the app panics: a banner that says so and offers a
//! reload, instead of a page that silently stops responding.
//!
//! A panic aborts the wasm instance, so the banner is built with plain DOM
//! calls and reloads through an ordinary link: nothing in it needs Rust to
//! keep running.

use wasm_bindgen::JsCast;

/// Installs the panic hook: the console gets the panic, the page the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner();
    }));
}

/// Puts the crash banner at the top of the page (once).
pub fn show_banner() {
    let Some(doc) = crate::browser::document() else {
        return;
    };
    if doc.get_element_by_id("crash-banner").is_some() {
        return;
    }
    let Some(body) = doc.body() else { return };
    let build = || -> Option<web_sys::Element> {
        let banner = doc.create_element("div").ok()?;
        banner.set_id("crash-banner");
        banner.set_class_name("alert crash");
        banner.set_attribute("role", "alert").ok()?;
        let p = doc.create_element("p").ok()?;
        p.set_text_content(Some(
            "Something went wrong and the dashboard stopped working. Your view is kept in the address bar: reload to continue.",
        ));
        let reload: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
        reload.set_class_name("button");
        reload.set_text_content(Some("Reload"));
        let here = crate::browser::history::href()?;
        reload.set_href(&here);
        banner.append_child(&p).ok()?;
        banner.append_child(&reload).ok()?;
        Some(banner)
    };
    if let Some(banner) = build() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
