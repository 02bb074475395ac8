//! Saved views: a name for a set of filters, kept on the device.
//!
//! A view is only ever a URL query (everything the address says but the page
//! cursor, which means nothing once the list has moved on), so opening one is
//! an ordinary filter change and a saved view can never drift from what the
//! same link would show. Names are what people pick them by, so they are
//! unique (ignoring case) across the built-ins and the saved ones.

use crate::filters::{self, Filters};
use crate::model::BatchStatus;
use crate::query;
use crate::span::{Span, Unit};
use crate::time::{self, Instant};
use serde::{Deserialize, Serialize};

/// The `localStorage` key; the version suffix lets a later format start clean.
pub const STORAGE_KEY: &str = "batches.views.v1";
/// Views one device keeps, so the menu stays a menu.
pub const MAX_VIEWS: usize = 50;
/// The longest name, so it fits the menu on a phone.
pub const MAX_NAME_CHARS: usize = 60;
/// "Show all" while a default view is pinned: `/` alone would open the
/// default again, and the filters ignore this key, so it lists everything.
pub const SHOW_ALL_PATH: &str = "/?view=all";

/// A named view: its name and its URL query (no `?`, no page cursor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "q")]
    pub query: String,
}

impl SavedView {
    /// The address that opens the view: set it like any filter change.
    pub fn path(&self) -> String {
        let q = filters::to_query(&self.filters());
        if q.is_empty() {
            "/".into()
        } else {
            format!("/?{q}")
        }
    }

    /// The view's filters, read as a URL would be (bad stored parts dropped).
    pub fn filters(&self) -> Filters {
        filters::parse(&self.query).filters.first_page()
    }
}

/// The query a view of `f` keeps: the URL's canonical form without the cursor.
pub fn view_query(f: &Filters) -> String {
    filters::to_query(&f.clone().first_page())
}

fn builtin(name: &str, f: Filters) -> SavedView {
    SavedView {
        name: name.into(),
        query: view_query(&f),
    }
}

/// The views every device has: what people most often look for first.
pub fn builtins() -> [SavedView; 3] {
    [
        builtin(
            "Failed in the last 24 hours",
            Filters {
                status: Some(BatchStatus::Failed),
                created_within: Some(Span::new(24, Unit::Hours)),
                ..Filters::default()
            },
        ),
        builtin(
            "Running now",
            Filters {
                status: Some(BatchStatus::Running),
                ..Filters::default()
            },
        ),
        builtin(
            "Throttled",
            Filters {
                status: Some(BatchStatus::Throttled),
                ..Filters::default()
            },
        ),
    ]
}

/// Everything stored: the saved views in the order they were saved, and
/// the name of the pinned default (a built-in may be pinned too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Views {
    #[serde(rename = "v", default)]
    pub saved: Vec<SavedView>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// One line of the "Views" menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub view: SavedView,
    /// Built-ins can be opened and pinned, not renamed or deleted.
    pub builtin: bool,
    pub pinned: bool,
}

/// What was read from storage, and what to tell the person if it was unreadable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub views: Views,
    pub problem: Option<String>,
}

fn quoted(name: &str) -> String {
    format!("“{name}”")
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Reads the stored value (`None` when absent); garbage gives no saved views
/// and a sentence to show once.
pub fn load(stored: Option<&str>) -> Loaded {
    let Some(raw) = stored.filter(|s| !s.trim().is_empty()) else {
        return Loaded::default();
    };
    // Through a map first: serde would also take a JSON array as the struct.
    let read = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw)
        .and_then(|m| serde_json::from_value::<Views>(serde_json::Value::Object(m)));
    match read {
        Ok(mut views) => {
            let mut kept: Vec<SavedView> = Vec::new();
            for v in views.saved {
                let clash = builtins().iter().chain(&kept).any(|k| same_name(&k.name, &v.name));
                if check_name(&v.name).is_ok() && !clash {
                    kept.push(v);
                }
            }
            kept.truncate(MAX_VIEWS);
            views.saved = kept;
            if views.default.as_deref().is_some_and(|d| views.find(d).is_none()) {
                views.default = None;
            }
            Loaded {
                views,
                problem: None,
            }
        }
        Err(e) => Loaded {
            views: Views::default(),
            problem: Some(format!(
                "The views saved on this device could not be read ({e}), so only the built-in views are listed."
            )),
        },
    }
}

fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the view a name.".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "A view's name can be at most {MAX_NAME_CHARS} characters."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("A view's name cannot contain line breaks or tabs.".into());
    }
    Ok(name.to_string())
}

impl Views {
    /// The string to store under [`STORAGE_KEY`] after any change.
    pub fn store(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// A built-in or saved view by name (ignoring case and outer spaces).
    pub fn find(&self, name: &str) -> Option<SavedView> {
        builtins()
            .into_iter()
            .chain(self.saved.iter().cloned())
            .find(|v| same_name(&v.name, name))
    }

    fn is_builtin(name: &str) -> bool {
        builtins().iter().any(|b| same_name(&b.name, name))
    }

    fn free_name(&self, name: &str, except: Option<&str>) -> Result<String, String> {
        let name = check_name(name)?;
        match self.find(&name) {
            Some(v) if except.is_none_or(|e| !same_name(e, &v.name)) => Err(format!(
                "There is already a view named {}; choose another name.",
                quoted(&v.name)
            )),
            _ => Ok(name),
        }
    }

    fn index_of_saved(&self, name: &str, verb: &str) -> Result<usize, String> {
        if Self::is_builtin(name) {
            return Err(format!(
                "{} is built in and cannot be {verb}.",
                quoted(name.trim())
            ));
        }
        self.saved
            .iter()
            .position(|v| same_name(&v.name, name))
            .ok_or_else(|| format!("There is no saved view named {}.", quoted(name.trim())))
    }

    /// "Save view": names the current filters (the page cursor is dropped).
    pub fn add(&mut self, name: &str, current: &Filters) -> Result<SavedView, String> {
        let name = self.free_name(name, None)?;
        if self.saved.len() >= MAX_VIEWS {
            return Err(format!(
                "This device already keeps {MAX_VIEWS} views; delete one to save another."
            ));
        }
        let view = SavedView {
            name,
            query: view_query(current),
        };
        self.saved.push(view.clone());
        Ok(view)
    }

    /// Renames a saved view; the pin follows it. Changing only the case is allowed.
    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), String> {
        let i = self.index_of_saved(old, "renamed")?;
        let new = self.free_name(new, Some(old))?;
        if self
            .default
            .as_deref()
            .is_some_and(|d| same_name(d, &self.saved[i].name))
        {
            self.default = Some(new.clone());
        }
        self.saved[i].name = new;
        Ok(())
    }

    /// Deletes a saved view, and the pin with it.
    pub fn delete(&mut self, name: &str) -> Result<(), String> {
        let i = self.index_of_saved(name, "deleted")?;
        let gone = self.saved.remove(i);
        if self
            .default
            .as_deref()
            .is_some_and(|d| same_name(d, &gone.name))
        {
            self.default = None;
        }
        Ok(())
    }

    /// Pins a view (built-in or saved) as what `/` opens; `None` unpins.
    pub fn pin(&mut self, name: Option<&str>) -> Result<(), String> {
        self.default = match name {
            None => None,
            Some(n) => Some(
                self.find(n)
                    .ok_or_else(|| format!("There is no view named {}.", quoted(n.trim())))?
                    .name,
            ),
        };
        Ok(())
    }

    /// The "Views" menu: built-ins first, then saved views in saving order.
    pub fn entries(&self) -> Vec<Entry> {
        let pinned = |v: &SavedView| {
            self.default
                .as_deref()
                .is_some_and(|d| same_name(d, &v.name))
        };
        builtins()
            .into_iter()
            .map(|v| (v, true))
            .chain(self.saved.iter().cloned().map(|v| (v, false)))
            .map(|(view, builtin)| Entry {
                pinned: pinned(&view),
                view,
                builtin,
            })
            .collect()
    }

    /// Where `/` should go instead, given the address's raw query: the pinned
    /// view's path, only when the address has no parameters at all (any
    /// parameter, even `view=all`, means the person asked for something).
    /// Replace the history entry with it, so Back does not bounce.
    pub fn default_redirect(&self, raw_query: &str) -> Option<String> {
        if !query::parse_pairs(raw_query).is_empty() {
            return None;
        }
        let view = self.find(self.default.as_deref()?)?;
        Some(view.path())
    }
}

/// What the page says while the pinned default decides the list, before its
/// "show all" link ([`SHOW_ALL_PATH`]): `Default view: Failed last 24 h`.
pub fn default_notice(view: &SavedView) -> String {
    format!("Default view: {}", summary(&view.filters()))
}

fn status_word(s: &BatchStatus) -> String {
    match s {
        BatchStatus::Other(o) => o.clone(),
        // Known statuses are ASCII: ASCII case rules keep Unicode's case
        // tables (−6.2 KB gzip) out of the app.
        known => {
            let mut word = known.as_str().to_ascii_lowercase();
            if let Some(first) = word.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            word
        }
    }
}

fn span_words(s: Span) -> String {
    let unit = match s.unit {
        Unit::Seconds => "s",
        Unit::Minutes => "min",
        Unit::Hours => "h",
        Unit::Days => "d",
    };
    format!("last {} {unit}", s.amount)
}

fn instant_words(t: Instant) -> String {
    let text = time::format_display(t, 0);
    text.strip_suffix(" 00:00 UTC")
        .map(str::to_string)
        .unwrap_or(text)
}

/// A view's filters in a few words for menus and notices: `Failed last 24 h`,
/// `Running, project prj-1`, `All batches`. Times are UTC, which the words
/// say, because a stored view has no zone of its own.
pub fn summary(f: &Filters) -> String {
    let head: Vec<String> = [
        f.status.as_ref().map(status_word),
        f.created_within.map(span_words),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = Vec::new();
    if !head.is_empty() {
        parts.push(head.join(" "));
    }
    if let Some(t) = f.created_at_on_or_after {
        parts.push(format!("from {}", instant_words(t)));
    }
    if let Some(t) = f.created_at_on_or_before {
        parts.push(format!("until {}", instant_words(t)));
    }
    for (word, v) in [
        ("project", &f.project_id),
        ("organization", &f.organization_id),
        ("directory", &f.source_directory_id),
    ] {
        if let Some(v) = v {
            parts.push(format!("{word} {v}"));
        }
    }
    // Every part starts with an ASCII word (a known status, `last`, `from`,
    // `project`, …), so an ASCII capital is the capital.
    let mut text = parts.join(", ");
    if text.is_empty() {
        return "All batches".into();
    }
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &Views) -> Vec<String> {
        v.entries().into_iter().map(|e| e.view.name).collect()
    }

    #[test]
    fn builtins_are_real_filter_urls() {
        let paths: Vec<String> = builtins().iter().map(SavedView::path).collect();
        assert_eq!(
            paths,
            [
                "/?status=FAILED&created_within=24h",
                "/?status=RUNNING",
                "/?status=THROTTLED"
            ]
        );
        assert_eq!(summary(&builtins()[0].filters()), "Failed last 24 h");
        assert_eq!(
            default_notice(&builtins()[0]),
            "Default view: Failed last 24 h"
        );
    }

    #[test]
    fn summaries_start_with_a_capital_whatever_comes_first() {
        let words = |q: &str| summary(&filters::parse(q).filters);
        assert_eq!(words("status=cancelled"), "Cancelled");
        assert_eq!(
            words("status=THROTTLED&created_within=7d"),
            "Throttled last 7 d"
        );
        assert_eq!(words("created_within=2h"), "Last 2 h");
        assert_eq!(words("project_id=prj-1"), "Project prj-1");
        assert_eq!(
            words("created_at_on_or_after=2026-11-01"),
            "From 2026-11-01"
        );
        assert_eq!(words(""), "All batches");
    }

    #[test]
    fn saving_keeps_everything_but_the_page_cursor() {
        let mut v = Views::default();
        let f = filters::parse("status=FAILED&project_id=prj-1&page_size=50&page_token=abc&tz=utc")
            .filters;
        let saved = v.add("  Team failures ", &f).unwrap();
        assert_eq!(saved.name, "Team failures");
        assert_eq!(
            saved.query,
            "status=FAILED&project_id=prj-1&page_size=50&tz=utc"
        );
        assert_eq!(
            saved.path(),
            "/?status=FAILED&project_id=prj-1&page_size=50&tz=utc"
        );
        assert_eq!(summary(&saved.filters()), "Failed, project prj-1");
        let back = load(Some(&v.store()));
        assert_eq!(back.problem, None);
        assert_eq!(back.views, v);
    }

    #[test]
    fn names_are_trimmed_non_empty_and_unique_with_worded_errors() {
        let mut v = Views::default();
        let f = Filters::default();
        assert_eq!(v.add("   ", &f), Err("Give the view a name.".into()));
        assert_eq!(
            v.add(&"x".repeat(61), &f),
            Err("A view's name can be at most 60 characters.".into())
        );
        assert_eq!(
            v.add("a\nb", &f),
            Err("A view's name cannot contain line breaks or tabs.".into())
        );
        assert_eq!(
            v.add("running NOW", &f),
            Err("There is already a view named “Running now”; choose another name.".into())
        );
        v.add("Mine", &f).unwrap();
        v.add("Theirs", &f).unwrap();
        assert_eq!(
            v.add(" mine ", &f),
            Err("There is already a view named “Mine”; choose another name.".into())
        );
        assert_eq!(
            v.rename("Mine", "theirs"),
            Err("There is already a view named “Theirs”; choose another name.".into())
        );
        assert_eq!(
            v.rename("Throttled", "Slow"),
            Err("“Throttled” is built in and cannot be renamed.".into())
        );
        assert_eq!(
            v.delete("Running now"),
            Err("“Running now” is built in and cannot be deleted.".into())
        );
        assert_eq!(
            v.rename("Nope", "x"),
            Err("There is no saved view named “Nope”.".into())
        );
        v.rename("mine", "MINE").unwrap();
        assert_eq!(
            names(&v),
            [
                "Failed in the last 24 hours",
                "Running now",
                "Throttled",
                "MINE",
                "Theirs"
            ]
        );
        v.delete("theirs").unwrap();
        assert_eq!(names(&v).len(), 4);
    }

    #[test]
    fn the_default_opens_only_on_a_bare_address_and_follows_renames() {
        let mut v = Views::default();
        assert_eq!(v.default_redirect(""), None);
        v.add("Org", &filters::parse("organization_id=org-2").filters)
            .unwrap();
        v.pin(Some("org")).unwrap();
        assert_eq!(
            v.default_redirect(""),
            Some("/?organization_id=org-2".into())
        );
        assert_eq!(
            v.default_redirect("?"),
            Some("/?organization_id=org-2".into())
        );
        assert_eq!(v.default_redirect("?status=FAILED"), None);
        assert_eq!(v.default_redirect(&SHOW_ALL_PATH[2..]), None);
        assert!(filters::parse(&SHOW_ALL_PATH[2..]).filters == Filters::default());
        v.rename("Org", "Organisation").unwrap();
        assert_eq!(v.default.as_deref(), Some("Organisation"));
        let pinned: Vec<bool> = v.entries().iter().map(|e| e.pinned).collect();
        assert_eq!(pinned, [false, false, false, true]);
        v.delete("Organisation").unwrap();
        assert_eq!(v.default, None);
        v.pin(Some("Failed in the last 24 hours")).unwrap();
        assert_eq!(
            v.default_redirect(""),
            Some("/?status=FAILED&created_within=24h".into())
        );
        assert_eq!(
            v.pin(Some("Gone")),
            Err("There is no view named “Gone”.".into())
        );
        v.pin(None).unwrap();
        assert_eq!(v.default_redirect(""), None);
    }

    #[test]
    fn garbage_in_storage_leaves_the_built_ins() {
        for bad in ["nope", "[]", r#"{"v":"x"}"#] {
            let l = load(Some(bad));
            assert_eq!(l.views, Views::default(), "{bad}");
            let p = l.problem.unwrap();
            assert!(p.starts_with("The views saved on this device could not be read ("));
            assert!(p.ends_with("), so only the built-in views are listed."));
        }
        // Unusable entries and a pin to nothing are dropped quietly.
        let l = load(Some(
            r#"{"v":[{"n":"","q":""},{"n":"Throttled","q":"x"},{"n":"A","q":"status=FAILED"},{"n":"a","q":""}],"d":"Zzz"}"#,
        ));
        assert_eq!(l.problem, None);
        assert_eq!(
            l.views.saved,
            [SavedView {
                name: "A".into(),
                query: "status=FAILED".into()
            }]
        );
        assert_eq!(l.views.default, None);
    }

    #[test]
    fn summaries_read_as_words() {
        let s = |q: &str| summary(&filters::parse(q).filters);
        assert_eq!(s(""), "All batches");
        assert_eq!(s("page_size=50&tz=utc"), "All batches");
        assert_eq!(s("created_within=90m"), "Last 90 min");
        assert_eq!(s("status=RUNNING"), "Running");
        assert_eq!(
            s("created_at_on_or_after=2026-11-01&created_at_on_or_before=2026-11-02T12:30:00Z&source_directory_id=dir-3"),
            "From 2026-11-01, until 2026-11-02 12:30 UTC, directory dir-3"
        );
    }
}
