//! The view a URL describes, and the one function in each direction between
//! it and a query string.
//!
//! The URL is the single source of truth: the page parses it into [`Filters`]
//! once, and the API request is built from that same value by [`to_query`],
//! so what a shared link shows and what the API is asked can never differ.

use crate::model::BatchStatus;
use crate::query;
use crate::span::{Span, Unit};
use crate::time::{self, DayEdge, Instant};
use std::fmt;

/// Page sizes the "Page size" control offers.
pub const PAGE_SIZES: [u32; 5] = [10, 20, 50, 100, 200];
/// The page size the dashboard asks for when the URL names none.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The largest page size a URL may ask for (the demo server's cap too).
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Units a relative range may use (`90m`, `24h`, `7d`).
pub const RANGE_UNITS: [Unit; 3] = [Unit::Minutes, Unit::Hours, Unit::Days];
/// Units a refresh interval may use (`30s`, `1m`).
pub const REFRESH_UNITS: [Unit; 2] = [Unit::Seconds, Unit::Minutes];
/// Refresh intervals the "Auto-refresh" control offers.
pub const REFRESH_CHOICES: [Span; 4] = [
    Span::new(10, Unit::Seconds),
    Span::new(30, Unit::Seconds),
    Span::new(1, Unit::Minutes),
    Span::new(5, Unit::Minutes),
];
/// Relative ranges the "Created within" control offers.
pub const RANGE_CHOICES: [Span; 4] = [
    Span::new(1, Unit::Hours),
    Span::new(24, Unit::Hours),
    Span::new(7, Unit::Days),
    Span::new(30, Unit::Days),
];
const MIN_REFRESH_MS: i64 = 5_000;
const MAX_REFRESH_MS: i64 = 3_600_000;
const MAX_RANGE_MS: i64 = 3650 * 86_400_000;
const MAX_ID_LEN: usize = 200;
const MAX_TOKEN_LEN: usize = 2048;

/// The zone every time on the page is shown (and typed) in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Zone {
    /// The viewer's own zone (the default: absent from the URL).
    #[default]
    Local,
    /// UTC, so a team in several zones reads the same clock (`tz=utc`).
    Utc,
}

/// Everything a URL says about the view. Filter field names are the API's
/// query parameter names, which are also the URL's keys; `created_within`,
/// `tz` and `refresh` are the dashboard's own and never reach the API as such.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub status: Option<BatchStatus>,
    pub created_at_on_or_after: Option<Instant>,
    pub created_at_on_or_before: Option<Instant>,
    /// A range relative to whenever the request is made ("last 24 hours").
    pub created_within: Option<Span>,
    pub project_id: Option<String>,
    pub organization_id: Option<String>,
    pub source_directory_id: Option<String>,
    pub page_size: Option<u32>,
    pub page_token: Option<String>,
    pub tz: Zone,
    pub refresh: Option<Span>,
}

impl Filters {
    /// The same view from its first page: every filter change starts over,
    /// because a cursor from one filter set means nothing for another.
    pub fn first_page(mut self) -> Self {
        self.page_token = None;
        self
    }

    /// "Clear filters": back to everything, keeping the page size, zone and
    /// refresh interval, which are reading preferences rather than filters.
    pub fn cleared(&self) -> Self {
        Filters {
            page_size: self.page_size,
            tz: self.tz,
            refresh: self.refresh,
            ..Filters::default()
        }
    }

    /// Whether any filter (not paging) narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.cleared()
            != Filters {
                page_token: None,
                ..self.clone()
            }
    }

    /// The part of the view that decides what is fetched: display settings
    /// (zone, refresh interval) change how rows look, not which rows exist.
    pub fn fetched(&self) -> Self {
        Filters {
            tz: Zone::Local,
            refresh: None,
            ..self.clone()
        }
    }

    /// The page size in force, whether or not the URL names it.
    pub fn effective_page_size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }
}

/// A URL parameter that was dropped, and why, for the notice people see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamIssue {
    pub key: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for ParamIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// The result of reading a URL: the valid part, and what was dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedView {
    pub filters: Filters,
    pub issues: Vec<ParamIssue>,
}

const KEYS: [&str; 11] = [
    "status",
    "created_at_on_or_after",
    "created_at_on_or_before",
    "created_within",
    "project_id",
    "organization_id",
    "source_directory_id",
    "page_size",
    "page_token",
    "tz",
    "refresh",
];

fn quote(v: &str) -> String {
    let short: String = v.chars().take(60).collect();
    if short.len() < v.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

fn parse_status(v: &str) -> Result<BatchStatus, String> {
    let upper = v.trim().to_ascii_uppercase();
    BatchStatus::KNOWN
        .iter()
        .find(|s| s.as_str() == upper)
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = BatchStatus::KNOWN.iter().map(|s| s.as_str()).collect();
            format!(
                "{} is not a status (use one of {})",
                quote(v),
                names.join(", ")
            )
        })
}

pub(crate) fn parse_id(v: &str) -> Result<String, String> {
    let v = v.trim();
    if v.len() > MAX_ID_LEN {
        return Err(format!("is longer than {MAX_ID_LEN} characters"));
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    {
        return Err(format!(
            "{} is not an id (ids use letters, digits, '-', '_', '.' and ':')",
            quote(v)
        ));
    }
    Ok(v.to_string())
}

fn parse_page_size(v: &str) -> Result<u32, String> {
    match v.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} is out of range (1 to {MAX_PAGE_SIZE})")),
        Err(_) => Err(format!("{} is not a whole number", quote(v))),
    }
}

fn parse_token(v: &str) -> Result<String, String> {
    if v.len() > MAX_TOKEN_LEN {
        return Err(format!("is longer than {MAX_TOKEN_LEN} characters"));
    }
    if v.chars().any(char::is_control) {
        return Err("contains control characters".into());
    }
    Ok(v.to_string())
}

fn parse_range(v: &str) -> Result<Span, String> {
    let span = Span::parse(v, &RANGE_UNITS)?;
    if span.millis() > MAX_RANGE_MS {
        return Err(format!("\"{span}\" is longer than ten years"));
    }
    Ok(span)
}

/// What an auto-refresh choice says: "Every 30 s", "Every 5 min".
pub fn refresh_label(span: Span) -> String {
    match span.unit {
        crate::span::Unit::Seconds => format!("Every {} s", span.amount),
        _ => format!("Every {} min", span.amount),
    }
}

/// Reads a `refresh` value (5 s to 60 min). Public so the batch page reads
/// it exactly as the list does.
pub fn parse_refresh(v: &str) -> Result<Span, String> {
    let span = Span::parse(v, &REFRESH_UNITS)?;
    if !(MIN_REFRESH_MS..=MAX_REFRESH_MS).contains(&span.millis()) {
        return Err(format!("\"{span}\" is out of range (5s to 60m)"));
    }
    Ok(span)
}

/// Reads a `tz` value. Public so the batch page reads `tz` exactly as the
/// list does: a link that works on one page must mean the same on the other.
pub fn parse_zone(v: &str) -> Result<Zone, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "utc" => Ok(Zone::Utc),
        "local" => Ok(Zone::Local),
        _ => Err(format!("{} is not a zone (use utc or local)", quote(v))),
    }
}

fn parse_time(v: &str, edge: DayEdge) -> Result<Instant, String> {
    time::parse_bound(v.trim(), edge).map_err(|e| {
        format!(
            "{} is not a date-time ({e}); use e.g. 2026-11-01T00:00:00Z or 2026-11-01",
            quote(v)
        )
    })
}

/// Reads a raw query string into the view it describes. Unknown keys are
/// ignored; each known key that is empty, invalid or repeated with different
/// values is dropped and reported, so the rest of the view still works.
pub fn parse(raw: &str) -> ParsedView {
    let pairs = query::parse_pairs(raw);
    let mut view = ParsedView::default();
    for key in KEYS {
        let Some((value, checked)) = query::single(&pairs, key) else {
            continue;
        };
        let mut report = |reason: String| {
            view.issues.push(ParamIssue {
                key: key.to_string(),
                value: value.to_string(),
                reason,
            })
        };
        if let Err(reason) = checked {
            report(reason);
            continue;
        }
        let f = &mut view.filters;
        let result = match key {
            "status" => parse_status(value).map(|s| f.status = Some(s)),
            "created_at_on_or_after" => {
                parse_time(value, DayEdge::Start).map(|t| f.created_at_on_or_after = Some(t))
            }
            "created_at_on_or_before" => {
                parse_time(value, DayEdge::End).map(|t| f.created_at_on_or_before = Some(t))
            }
            "created_within" => parse_range(value).map(|s| f.created_within = Some(s)),
            "tz" => parse_zone(value).map(|z| f.tz = z),
            "refresh" => parse_refresh(value).map(|s| f.refresh = Some(s)),
            "project_id" => parse_id(value).map(|s| f.project_id = Some(s)),
            "organization_id" => parse_id(value).map(|s| f.organization_id = Some(s)),
            "source_directory_id" => parse_id(value).map(|s| f.source_directory_id = Some(s)),
            "page_size" => parse_page_size(value).map(|n| f.page_size = Some(n)),
            "page_token" => parse_token(value).map(|t| f.page_token = Some(t)),
            _ => Ok(()),
        };
        if let Err(reason) = result {
            report(reason);
        }
    }
    let f = &mut view.filters;
    if let (Some(span), Some(_)) = (f.created_within, f.created_at_on_or_after) {
        view.issues.push(ParamIssue {
            key: "created_within".into(),
            value: span.to_string(),
            reason: "conflicts with created_at_on_or_after; the absolute date was used".into(),
        });
        f.created_within = None;
    }
    if let (Some(a), Some(b)) = (f.created_at_on_or_after, f.created_at_on_or_before) {
        if a > b {
            view.issues.push(ParamIssue {
                key: "created_at_on_or_after".into(),
                value: time::format_utc(a),
                reason: format!(
                    "is later than created_at_on_or_before ({}), so no batch could match; both dates were dropped",
                    time::format_utc(b)
                ),
            });
            f.created_at_on_or_after = None;
            f.created_at_on_or_before = None;
        }
    }
    view
}

/// The view as (key, value) pairs in a fixed order: exactly the parameters
/// that are set, with instants in canonical UTC form.
pub fn to_pairs(f: &Filters) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(s) = &f.status {
        out.push(("status", s.as_str().to_string()));
    }
    if let Some(t) = f.created_at_on_or_after {
        out.push(("created_at_on_or_after", time::format_utc(t)));
    }
    if let Some(t) = f.created_at_on_or_before {
        out.push(("created_at_on_or_before", time::format_utc(t)));
    }
    if let Some(s) = f.created_within {
        out.push(("created_within", s.to_string()));
    }
    for (key, v) in [
        ("project_id", &f.project_id),
        ("organization_id", &f.organization_id),
        ("source_directory_id", &f.source_directory_id),
    ] {
        if let Some(v) = v {
            out.push((key, v.clone()));
        }
    }
    if let Some(n) = f.page_size {
        out.push(("page_size", n.to_string()));
    }
    if let Some(t) = &f.page_token {
        out.push(("page_token", t.clone()));
    }
    if f.tz == Zone::Utc {
        out.push(("tz", "utc".into()));
    }
    if let Some(s) = f.refresh {
        out.push(("refresh", s.to_string()));
    }
    out
}

/// The query string for both the URL and the API request (no leading `?`).
pub fn to_query(f: &Filters) -> String {
    query::build(&to_pairs(f))
}

/// What the API is asked for a view at instant `now`: the URL's filters,
/// with a relative range turned into the instant it means right now, and
/// without the dashboard's own display keys.
pub fn api_filters(f: &Filters, now: Instant) -> Filters {
    let mut api = Filters {
        tz: Zone::Local,
        refresh: None,
        created_within: None,
        ..f.clone()
    };
    if let Some(span) = f.created_within {
        api.created_at_on_or_after = Some(Instant(now.0 - span.millis()));
    }
    api
}

/// The list request's path and query at `now`. The page size is always
/// sent, so the API's undocumented default never decides how many rows a view has.
pub fn list_request_path(f: &Filters, now: Instant) -> String {
    let api = api_filters(f, now);
    let with_size = Filters {
        page_size: Some(f.effective_page_size()),
        ..api
    };
    format!("/api/v2/batches?{}", to_query(&with_size))
}

/// The request that counts a view's batches of one status: one row, and the
/// API's `total_size`.
pub fn count_request_path(f: &Filters, status: &BatchStatus, now: Instant) -> String {
    let api = Filters {
        status: Some(status.clone()),
        page_size: Some(1),
        page_token: None,
        ..api_filters(f, now)
    };
    format!("/api/v2/batches?{}", to_query(&api))
}

/// What per-status counts depend on: the view without its status, page and
/// display settings. Views that share it share their counts.
pub fn count_key(f: &Filters) -> String {
    to_query(&Filters {
        status: None,
        page_size: None,
        page_token: None,
        tz: Zone::Local,
        refresh: None,
        ..f.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    fn t(s: &str) -> Instant {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn full_view_round_trips_in_canonical_order() {
        let f = Filters {
            status: Some(BatchStatus::Failed),
            created_at_on_or_after: Some(t("2026-11-01T00:00:00+01:00")),
            created_at_on_or_before: Some(t("2026-11-20T12:00:00.250Z")),
            project_id: Some("prj-1".into()),
            organization_id: Some("org-2".into()),
            source_directory_id: Some("dir-3".into()),
            page_size: Some(50),
            page_token: Some("a+b/c=%".into()),
            ..Filters::default()
        };
        let q = to_query(&f);
        assert_eq!(
            q,
            "status=FAILED&created_at_on_or_after=2026-10-31T23:00:00Z\
             &created_at_on_or_before=2026-11-20T12:00:00.250Z&project_id=prj-1\
             &organization_id=org-2&source_directory_id=dir-3&page_size=50\
             &page_token=a%2Bb%2Fc%3D%25"
        );
        let back = parse(&q);
        assert_eq!(back.issues, vec![]);
        assert_eq!(back.filters, f);
    }

    #[test]
    fn empty_query_is_the_unfiltered_first_page() {
        assert_eq!(parse(""), ParsedView::default());
        assert_eq!(parse("?"), ParsedView::default());
        assert_eq!(to_query(&Filters::default()), "");
        assert_eq!(
            list_request_path(&Filters::default(), Instant(0)),
            "/api/v2/batches?page_size=20"
        );
    }

    #[test]
    fn offsets_and_bare_dates_become_utc_instants() {
        let v = parse(
            "created_at_on_or_after=2026-11-01&created_at_on_or_before=2026-11-02T01:00:00%2B01:00",
        );
        assert_eq!(v.issues, vec![]);
        assert_eq!(
            to_query(&v.filters),
            "created_at_on_or_after=2026-11-01T00:00:00Z&created_at_on_or_before=2026-11-02T00:00:00Z"
        );
        let v = parse("created_at_on_or_before=2026-11-01");
        assert_eq!(
            to_query(&v.filters),
            "created_at_on_or_before=2026-11-01T23:59:59.999Z"
        );
    }

    #[test]
    fn an_unencoded_plus_in_an_offset_survives_a_pasted_link() {
        // A person types `+01:00` straight into the address bar: form decoding makes it a space.
        let v = parse("created_at_on_or_after=2026-11-01T01:00:00+01:00");
        assert_eq!(v.issues, vec![]);
        assert_eq!(
            v.filters.created_at_on_or_after,
            Some(t("2026-11-01T00:00:00Z"))
        );
    }

    #[test]
    fn bad_values_are_dropped_and_named() {
        let v = parse(
            "status=DONE&page_size=0&project_id=&created_at_on_or_after=soon\
             &organization_id=a%20b&source_directory_id=dir-1&page_token=x%01",
        );
        let keys: Vec<&str> = v.issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "status",
                "created_at_on_or_after",
                "project_id",
                "organization_id",
                "page_size",
                "page_token"
            ]
        );
        assert!(v.issues[0].reason.contains("not a status"));
        assert!(v.issues[0].reason.contains("PENDING, THROTTLED"));
        assert!(v.issues[1].reason.contains("not a date-time"));
        assert_eq!(v.issues[2].reason, "is empty");
        assert!(v.issues[4].reason.contains("out of range"));
        assert_eq!(
            v.filters,
            Filters {
                source_directory_id: Some("dir-1".into()),
                ..Filters::default()
            }
        );
        assert!(parse("page_size=abc").issues[0]
            .reason
            .contains("not a whole number"));
        assert!(parse("page_size=1001").issues[0]
            .reason
            .contains("1 to 1000"));
    }

    #[test]
    fn repeated_keys_agreeing_are_fine_conflicting_are_dropped() {
        let v = parse("status=FAILED&status=FAILED");
        assert_eq!(v.issues, vec![]);
        assert_eq!(v.filters.status, Some(BatchStatus::Failed));
        let v = parse("status=FAILED&status=RUNNING&page_size=10");
        assert_eq!(v.issues.len(), 1);
        assert!(v.issues[0].reason.contains("2 times with different values"));
        assert_eq!(v.filters.status, None);
        assert_eq!(v.filters.page_size, Some(10));
    }

    #[test]
    fn unknown_keys_are_ignored_and_status_case_is_forgiven() {
        let v = parse("utm_source=chat&status=failed&fbclid=1");
        assert_eq!(v.issues, vec![]);
        assert_eq!(to_query(&v.filters), "status=FAILED");
    }

    #[test]
    fn inverted_range_is_reported_and_dropped() {
        let v = parse(
            "created_at_on_or_after=2026-11-02&created_at_on_or_before=2026-11-01&status=RUNNING",
        );
        assert_eq!(v.issues.len(), 1);
        assert!(v.issues[0].reason.contains("later than"));
        assert_eq!(to_query(&v.filters), "status=RUNNING");
    }

    #[test]
    fn same_day_bounds_are_a_valid_range() {
        let v = parse("created_at_on_or_after=2026-11-01&created_at_on_or_before=2026-11-01");
        assert_eq!(v.issues, vec![]);
    }

    #[test]
    fn clearing_keeps_page_size_and_drops_the_cursor() {
        let f = parse("status=FAILED&page_size=50&page_token=abc").filters;
        assert!(f.is_filtered());
        assert_eq!(to_query(&f.cleared()), "page_size=50");
        assert!(!f.cleared().is_filtered());
        assert_eq!(
            to_query(&f.clone().first_page()),
            "status=FAILED&page_size=50"
        );
        assert!(!parse("page_token=abc").filters.is_filtered());
    }

    #[test]
    fn relative_range_becomes_an_instant_at_request_time() {
        let v = parse("created_within=24h&status=FAILED&tz=utc&refresh=30s");
        assert_eq!(v.issues, vec![]);
        let f = v.filters;
        assert_eq!(
            to_query(&f),
            "status=FAILED&created_within=24h&tz=utc&refresh=30s"
        );
        let at = |s: &str| list_request_path(&f, t(s));
        assert_eq!(
            at("2026-11-29T12:00:00Z"),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T12:00:00Z&page_size=20"
        );
        assert_eq!(
            at("2026-11-30T08:30:00Z"),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-29T08:30:00Z&page_size=20"
        );
    }

    #[test]
    fn relative_and_absolute_lower_bounds_conflict() {
        let v = parse("created_within=7d&created_at_on_or_after=2026-11-01");
        assert_eq!(v.issues.len(), 1);
        assert_eq!(v.issues[0].key, "created_within");
        assert!(v.issues[0].reason.contains("absolute date was used"));
        assert_eq!(
            to_query(&v.filters),
            "created_at_on_or_after=2026-11-01T00:00:00Z"
        );
        // An upper bound goes fine with a relative range.
        assert_eq!(
            parse("created_within=7d&created_at_on_or_before=2026-11-01").issues,
            vec![]
        );
    }

    #[test]
    fn zone_and_refresh_values() {
        assert_eq!(parse("tz=UTC").filters.tz, Zone::Utc);
        assert_eq!(parse("tz=local").filters.tz, Zone::Local);
        assert_eq!(to_query(&parse("tz=local").filters), "");
        assert!(parse("tz=mars").issues[0].reason.contains("not a zone"));
        assert_eq!(
            parse("refresh=1m").filters.refresh,
            Some(Span::new(1, Unit::Minutes))
        );
        assert!(parse("refresh=1s").issues[0]
            .reason
            .contains("out of range"));
        assert!(parse("refresh=2h").issues[0].reason.contains("(s, m)"));
        assert!(parse("created_within=soon").issues[0]
            .reason
            .contains("needs a number"));
        assert!(parse("created_within=9999d").issues[0]
            .reason
            .contains("ten years"));
    }

    #[test]
    fn clearing_keeps_reading_preferences() {
        let f = parse("status=FAILED&created_within=1h&tz=utc&refresh=10s&page_size=50").filters;
        assert_eq!(to_query(&f.cleared()), "page_size=50&tz=utc&refresh=10s");
        assert!(!parse("tz=utc&refresh=10s").filters.is_filtered());
        assert!(parse("created_within=1h").filters.is_filtered());
    }

    #[test]
    fn counts_share_a_key_across_statuses_and_pages() {
        let a = parse("status=FAILED&project_id=p&page_token=x&page_size=50&tz=utc").filters;
        let b = parse("project_id=p").filters;
        assert_eq!(count_key(&a), count_key(&b));
        assert_eq!(
            count_request_path(&a, &BatchStatus::Running, Instant(0)),
            "/api/v2/batches?status=RUNNING&project_id=p&page_size=1"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn id() -> impl Strategy<Value = Option<String>> {
            proptest::option::of("[A-Za-z0-9_.:-]{1,40}")
        }

        fn span(units: &'static [Unit]) -> impl Strategy<Value = Span> {
            (1u32..500, 0..units.len()).prop_map(move |(n, u)| Span::new(n, units[u]))
        }

        fn instant() -> impl Strategy<Value = Option<Instant>> {
            // Years 1970..2200, to the millisecond.
            proptest::option::of((0i64..7_258_118_400_000).prop_map(Instant))
        }

        prop_compose! {
            fn filters()(
                status in proptest::option::of(0usize..6),
                a in instant(),
                b in instant(),
                project_id in id(),
                organization_id in id(),
                source_directory_id in id(),
                page_size in proptest::option::of(1u32..=MAX_PAGE_SIZE),
                page_token in proptest::option::of("[^\\p{Cc}]{1,80}"),
                within in proptest::option::of(span(&RANGE_UNITS)),
                utc in any::<bool>(),
                refresh in proptest::option::of((5u32..=3600).prop_map(|n| Span::new(n, Unit::Seconds))),
            ) -> Filters {
                let (a, b) = match (a, b) {
                    (Some(x), Some(y)) if x > y => (Some(y), Some(x)),
                    other => other,
                };
                Filters {
                    status: status.map(|i| BatchStatus::KNOWN[i].clone()),
                    created_at_on_or_after: a,
                    created_at_on_or_before: b,
                    project_id,
                    organization_id,
                    source_directory_id,
                    page_size,
                    page_token: page_token.filter(|t| !t.trim().is_empty()),
                    created_within: within.filter(|_| a.is_none()),
                    tz: if utc { Zone::Utc } else { Zone::Local },
                    refresh,
                }
            }
        }

        proptest! {
            #[test]
            fn parse_inverts_serialise(f in filters()) {
                let v = parse(&to_query(&f));
                prop_assert_eq!(v.issues, vec![]);
                prop_assert_eq!(v.filters, f);
            }

            #[test]
            fn whatever_parse_accepts_round_trips(raw in "[a-z_=&%+:. 0-9A-Z-]{0,120}") {
                let v = parse(&raw);
                let again = parse(&to_query(&v.filters));
                prop_assert_eq!(again.issues, vec![]);
                prop_assert_eq!(again.filters, v.filters);
            }
        }
    }
}
