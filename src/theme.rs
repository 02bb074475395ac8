//! Light or dark: the system's choice unless the person picked one, which is
//! remembered on this device. The choice lives on `<html data-theme>` so the
//! CSS alone decides the colours.

use crate::browser::{
    self,
    storage::{self, Store},
};

/// What a person picked in the "Theme" control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

const STORAGE_KEY: &str = "batches-dashboard.theme";

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The remembered choice (System when none).
pub fn load() -> Theme {
    storage::get(Store::Device, STORAGE_KEY)
        .map(|v| Theme::parse(&v))
        .unwrap_or(Theme::System)
}

/// Puts the choice on `<html>`; System removes the attribute so the media query rules.
pub fn apply(theme: Theme) {
    let Some(root) = browser::document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.as_str()),
    };
}

/// Remembers and applies a choice.
pub fn choose(theme: Theme) {
    // Not remembered is not worth an alert: the choice still applies to this page.
    match theme {
        Theme::System => storage::remove(Store::Device, STORAGE_KEY),
        t => {
            let _ = storage::set(Store::Device, STORAGE_KEY, t.as_str(), "the theme");
        }
    }
    apply(theme);
}
