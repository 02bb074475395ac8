//! Light or dark: the system's choice unless the person picked one, which is
//! remembered on this device. The choice lives on `<html data-theme>` so the
//! CSS alone decides the colours.

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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered choice (System when none).
pub fn load() -> Theme {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|v| Theme::parse(&v))
        .unwrap_or(Theme::System)
}

/// Puts the choice on `<html>`; System removes the attribute so the media query rules.
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.as_str()),
    };
}

/// Remembers and applies a choice.
pub fn choose(theme: Theme) {
    if let Some(s) = storage() {
        let _ = match theme {
            Theme::System => s.remove_item(STORAGE_KEY),
            t => s.set_item(STORAGE_KEY, t.as_str()),
        };
    }
    apply(theme);
}
