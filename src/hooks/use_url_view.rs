//! The URL as the single source of truth of a page's view.

use crate::router::{use_location, Location};
use batches_core::filters::ParamIssue;
use leptos::prelude::*;

/// What [`use_url_view`] returns: the view read from the address, and the
/// only way to change it (writing the address).
pub struct UseUrlViewReturn<V: Send + Sync + 'static> {
    /// The view the address describes, parsed once per address change.
    pub view: Memo<V>,
    /// Parameters dropped from the address, reported until the next change
    /// a person makes (the address itself is cleaned at once).
    pub dropped: RwSignal<Vec<ParamIssue>>,
    to_query: fn(&V) -> String,
    location: Location,
}

impl<V: Send + Sync + 'static> Clone for UseUrlViewReturn<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V: Send + Sync + 'static> Copy for UseUrlViewReturn<V> {}

impl<V: Clone + PartialEq + Send + Sync + 'static> UseUrlViewReturn<V> {
    /// Writes `v` to the address: a new history entry, or a replaced one
    /// (`replace`), with `state` as the entry's `history.state`.
    pub fn write(&self, v: &V, replace: bool, state: Option<String>) {
        let q = (self.to_query)(v);
        let path = use_location_path();
        let url = if q.is_empty() {
            path
        } else {
            format!("{path}?{q}")
        };
        self.location.navigate(&url, replace, state.as_deref());
    }

    /// A person changed the view: the old "ignored parameters" notice ends.
    pub fn change(&self, v: &V, replace: bool) {
        self.dropped.set(Vec::new());
        self.write(v, replace, None);
    }
}

fn use_location_path() -> String {
    crate::browser::history::path().unwrap_or_else(|| "/".into())
}

/// Parses the address's query once into a memo (keyed resources read it),
/// writes views back as addresses, and drops invalid parameters: they are
/// reported in `dropped` and removed from the address with a replace, so
/// Back never returns to the bad link. Must run under [`crate::router::provide_router`].
///
/// The raw query is read and decoded here, once.
///
/// ```ignore
/// let url = use_url_view(|q| { let p = filters::parse(q); (p.filters, p.issues) }, filters::to_query);
/// let on_status = move |s| url.change(&Filters { status: s, ..url.view.get_untracked() }, false);
/// ```
pub fn use_url_view<V>(
    parse: impl Fn(&str) -> (V, Vec<ParamIssue>) + Send + Sync + 'static,
    to_query: fn(&V) -> String,
) -> UseUrlViewReturn<V>
where
    V: Clone + PartialEq + Send + Sync + 'static,
{
    let location = use_location();
    let parsed = Memo::new(move |_| location.search.with(|s| parse(s)));
    let view = Memo::new(move |_| parsed.with(|p| p.0.clone()));
    let url = UseUrlViewReturn {
        view,
        dropped: RwSignal::new(Vec::new()),
        to_query,
        location,
    };
    Effect::new(move |_| {
        let issues = parsed.with(|p| p.1.clone());
        if !issues.is_empty() {
            url.dropped.set(issues);
            url.write(&view.get_untracked(), true, None);
        }
    });
    url
}
