//! "Batches per day": which days the chart covers, which requests fill it,
//! how the answers become per-day per-status counts, and where a click on a
//! day leads.
//!
//! The API has no aggregate endpoint, so counts come from list requests: a
//! one-row request's `total_size`, or listing the range at 1,000 rows a page
//! when it holds a few thousand batches at most. One total request for the
//! whole range comes first and decides which is cheaper. Every request is
//! built by [`filters`] exactly as the list's own requests are, so a bar and
//! the list opened by clicking it count the same batches.

use crate::filters::{self, Filters, Zone};
use crate::model::{Batch, BatchPage, BatchStatus};
use crate::time::{self, Instant, LocalDateTime};

/// Days charted when the view names no range: the last week, today included.
pub const DEFAULT_DAYS: i64 = 7;
/// The most days one chart covers; a longer range shows its last 31 days.
pub const MAX_DAYS: i64 = 31;
/// Rows per page when listing the range instead of counting.
pub const LIST_PAGE_SIZE: u32 = 1000;
/// Listing is only considered when the range holds at most this many batches.
pub const LIST_MAX_TOTAL: u64 = 5_000;
/// Pages a listing reads at most, in case the total was an estimate.
pub const LIST_MAX_PAGES: usize = 10;
/// What the page says instead of the chart when the API gives no totals.
pub const NO_TOTALS_NOTE: &str =
    "The chart is hidden: the API did not say how many batches match, so they cannot be counted per day.";

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One bar: a calendar day in the page's zone, clipped to the view's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// `2026-11-29`: the table's first column.
    pub date: String,
    /// `Sun 29 Nov`: the chart's axis.
    pub short: String,
    /// The first millisecond counted (the day's start, or the range's).
    pub start: Instant,
    /// The last millisecond counted (the day's end, the range's, or now).
    pub end: Instant,
}

/// The chart for one view at one moment: its days and statuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    pub days: Vec<Day>,
    /// The stacked statuses: the view's one status, or all six documented ones.
    pub statuses: Vec<BatchStatus>,
    /// Set when the range was longer than [`MAX_DAYS`]; show it under the chart.
    pub note: Option<String>,
    view: Filters,
    now: Instant,
}

/// A one-row count request: which bar segment its `total_size` fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRequest {
    pub day: usize,
    pub status: BatchStatus,
    pub path: String,
}

/// What to do after the total request answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// No `total_size`: hide the chart and show [`NO_TOTALS_NOTE`].
    NoTotals,
    /// Nothing in the range: every bar is zero, no more requests.
    Empty,
    /// List the range page by page with a [`Listing`].
    List,
    /// Send these (in any order, a few at a time) and [`Chart::fold_counts`].
    Counts(Vec<CountRequest>),
}

/// The counts the chart and its table show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The table's status columns (and the chart's stacking order).
    pub statuses: Vec<BatchStatus>,
    /// One row per charted day, oldest first.
    pub rows: Vec<Row>,
}

/// One day's counts, in the order of [`Table::statuses`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The day, as [`Day::date`].
    pub date: String,
    /// One count per status, stacked in this order.
    pub counts: Vec<u64>,
    /// The bar's height: the sum of `counts`.
    pub total: u64,
}

fn day_of(t: Instant, offset_at: &dyn Fn(Instant) -> i32) -> i64 {
    let l = LocalDateTime::from_instant(t, offset_at(t));
    time::days_from_civil(l.year, l.month, l.day)
}

fn midnight(day: i64, offset_at: &dyn Fn(Instant) -> i32) -> Instant {
    let (year, month, day) = time::civil_from_days(day);
    let l = LocalDateTime {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        milli: 0,
    };
    time::local_to_instant(&l, offset_at)
}

/// The chart for view `f` at `now`. `local_offset_at` is the viewer's zone
/// (minutes east of UTC at an instant, e.g. from `Date.getTimezoneOffset`);
/// it is ignored when the view reads `tz=utc`, exactly as the list does.
pub fn chart(f: &Filters, now: Instant, local_offset_at: impl Fn(Instant) -> i32) -> Chart {
    let offset_at: &dyn Fn(Instant) -> i32 = match f.tz {
        Zone::Utc => &|_| 0,
        Zone::Local => &local_offset_at,
    };
    let upper = f.created_at_on_or_before.map_or(now, |b| b.min(now));
    let today = day_of(upper, offset_at);
    let lower = filters::api_filters(f, now)
        .created_at_on_or_after
        .unwrap_or_else(|| midnight(today - (DEFAULT_DAYS - 1), offset_at));
    let mut first = day_of(lower, offset_at);
    let mut note = None;
    if today - first + 1 > MAX_DAYS {
        first = today - (MAX_DAYS - 1);
        note = Some(format!(
            "The chart covers at most {MAX_DAYS} days: it shows the last {MAX_DAYS} days of this range."
        ));
    }
    let days = (first..=today)
        .filter(|_| lower <= upper)
        .map(|d| {
            let (y, m, dd) = time::civil_from_days(d);
            Day {
                date: format!("{y:04}-{m:02}-{dd:02}"),
                short: format!(
                    "{} {dd} {}",
                    WEEKDAYS[d.rem_euclid(7) as usize],
                    MONTHS[m as usize - 1]
                ),
                start: midnight(d, offset_at).max(lower),
                end: Instant(midnight(d + 1, offset_at).0 - 1).min(upper),
            }
        })
        .collect();
    let statuses = match &f.status {
        Some(s) => vec![s.clone()],
        None => BatchStatus::KNOWN.to_vec(),
    };
    Chart {
        days,
        statuses,
        note,
        view: f.clone(),
        now,
    }
}

impl Chart {
    /// The view narrowed to `start..=end`, first page, no relative range.
    fn between(&self, start: Instant, end: Instant) -> Filters {
        Filters {
            created_within: None,
            created_at_on_or_after: Some(start),
            created_at_on_or_before: Some(end),
            page_token: None,
            ..self.view.clone()
        }
    }

    fn range(&self) -> Option<Filters> {
        let (first, last) = (self.days.first()?, self.days.last()?);
        Some(self.between(first.start, last.end))
    }

    /// The first request: the whole charted range in one row, for its
    /// `total_size`. `None` when the range is empty (nothing to ask).
    pub fn total_path(&self) -> Option<String> {
        let f = Filters {
            page_size: Some(1),
            ..self.range()?
        };
        Some(filters::list_request_path(&f, self.now))
    }

    /// Chooses, from the total request's `total_size`, the cheaper way to
    /// fill the bars: listing when it takes fewer requests than counting and
    /// the range holds at most [`LIST_MAX_TOTAL`] batches. A 7-day view thus
    /// costs at most 6 requests up to 5,000 batches (or 8 with one status
    /// filtered); an unfiltered week above that costs 1 + 7 × 6 one-row
    /// requests, which the page should send a few at a time.
    pub fn plan(&self, total: Option<u64>) -> Plan {
        let Some(total) = total else {
            return Plan::NoTotals;
        };
        if total == 0 || self.days.is_empty() {
            return Plan::Empty;
        }
        let counts = (self.days.len() * self.statuses.len()) as u64;
        if total <= LIST_MAX_TOTAL && total.div_ceil(LIST_PAGE_SIZE as u64) < counts {
            return Plan::List;
        }
        let mut out = Vec::new();
        for (i, d) in self.days.iter().enumerate() {
            let f = self.between(d.start, d.end);
            for s in &self.statuses {
                out.push(CountRequest {
                    day: i,
                    status: s.clone(),
                    path: filters::count_request_path(&f, s, self.now),
                });
            }
        }
        Plan::Counts(out)
    }

    /// The table for [`Plan::Empty`]: every day, every count zero.
    pub fn empty_table(&self) -> Table {
        self.table(|_, _| 0)
    }

    fn table(&self, count: impl Fn(usize, usize) -> u64) -> Table {
        Table {
            statuses: self.statuses.clone(),
            rows: self
                .days
                .iter()
                .enumerate()
                .map(|(d, day)| {
                    let counts: Vec<u64> = (0..self.statuses.len()).map(|s| count(d, s)).collect();
                    Row {
                        date: day.date.clone(),
                        total: counts.iter().sum(),
                        counts,
                    }
                })
                .collect(),
        }
    }

    /// Folds the count requests' `total_size`s (same order as the plan's
    /// requests) into the table; any missing total hides the chart.
    pub fn fold_counts(
        &self,
        requests: &[CountRequest],
        totals: &[Option<u64>],
    ) -> Result<Table, &'static str> {
        if totals.len() != requests.len() || totals.iter().any(Option::is_none) {
            return Err(NO_TOTALS_NOTE);
        }
        let mut grid = vec![vec![0u64; self.statuses.len()]; self.days.len()];
        for (r, t) in requests.iter().zip(totals) {
            if let Some(s) = self.statuses.iter().position(|s| *s == r.status) {
                grid[r.day][s] = t.unwrap_or(0);
            }
        }
        Ok(self.table(|d, s| grid[d][s]))
    }

    /// Starts listing the range (for [`Plan::List`]). The listing owns a
    /// copy of the chart, so it can live in a signal across awaits.
    pub fn listing(&self) -> Listing {
        Listing {
            chart: self.clone(),
            grid: vec![vec![0; self.statuses.len()]; self.days.len()],
            next: Some(None),
            pages: 0,
        }
    }

    /// Where clicking day `i` goes: the list narrowed to that day's absolute
    /// bounds in the page's zone (clipped to the range), first page.
    pub fn day_path(&self, i: usize) -> Option<String> {
        let d = self.days.get(i)?;
        let f = self.between(d.start, d.end);
        Some(format!("/?{}", filters::to_query(&f)))
    }

    /// The chart's accessible name and the table's caption.
    pub fn caption(&self) -> String {
        match (self.days.first(), self.days.last()) {
            (Some(a), Some(b)) => format!("Batches per day, {} to {}", a.date, b.date),
            _ => "Batches per day".into(),
        }
    }
}

/// A listing of the charted range in progress: ask [`Listing::next_path`],
/// hand each page to [`Listing::accept`], until the path is `None`.
#[derive(Clone, Debug)]
pub struct Listing {
    chart: Chart,
    grid: Vec<Vec<u64>>,
    /// `Some(cursor)` while there is a page to read.
    next: Option<Option<String>>,
    pages: usize,
}

impl Listing {
    /// The next page's request, or `None` when done (or after [`LIST_MAX_PAGES`]).
    pub fn next_path(&self) -> Option<String> {
        let token = self.next.as_ref()?;
        if self.pages >= LIST_MAX_PAGES {
            return None;
        }
        let f = Filters {
            page_size: Some(LIST_PAGE_SIZE),
            page_token: token.clone(),
            ..self.chart.range()?
        };
        Some(filters::list_request_path(&f, self.chart.now))
    }

    /// Counts one page's batches into their day and status.
    pub fn accept(&mut self, page: &BatchPage) {
        for b in &page.items {
            self.count(b);
        }
        self.pages += 1;
        self.next = page.next_token().map(|t| Some(t.to_string()));
    }

    fn count(&mut self, b: &Batch) {
        let Some(t) = b
            .created_at
            .as_deref()
            .and_then(|c| time::parse_rfc3339(c).ok())
        else {
            return;
        };
        let days = &self.chart.days;
        let Some(d) = days.iter().position(|d| d.start <= t && t <= d.end) else {
            return;
        };
        let Some(s) = b
            .status
            .as_ref()
            .and_then(|st| self.chart.statuses.iter().position(|k| k == st))
        else {
            return;
        };
        self.grid[d][s] += 1;
    }

    /// Whether every page was read (false after [`LIST_MAX_PAGES`] pages).
    pub fn complete(&self) -> bool {
        self.next.is_none()
    }

    /// The counts so far.
    pub fn table(&self) -> Table {
        self.chart.table(|d, s| self.grid[d][s])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;

    fn t(s: &str) -> Instant {
        parse_rfc3339(s).unwrap()
    }

    const NOW: &str = "2026-11-29T15:30:00Z";

    fn utc(_: Instant) -> i32 {
        0
    }

    /// Paris: UTC+1 in winter, UTC+2 from 2026-03-29T01:00Z to 2026-10-25T01:00Z.
    fn paris(at: Instant) -> i32 {
        if (t("2026-03-29T01:00:00Z")..t("2026-10-25T01:00:00Z")).contains(&at) {
            120
        } else {
            60
        }
    }

    fn view(q: &str) -> Filters {
        let v = filters::parse(q);
        assert_eq!(v.issues, vec![], "{q}");
        v.filters
    }

    #[test]
    fn no_range_is_the_last_7_days_in_the_viewer_s_zone() {
        let c = chart(&view(""), t(NOW), paris);
        let dates: Vec<&str> = c.days.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(
            dates,
            [
                "2026-11-23",
                "2026-11-24",
                "2026-11-25",
                "2026-11-26",
                "2026-11-27",
                "2026-11-28",
                "2026-11-29"
            ]
        );
        assert_eq!(c.days[0].short, "Mon 23 Nov");
        assert_eq!(c.days[6].short, "Sun 29 Nov");
        assert_eq!(c.days[0].start, t("2026-11-22T23:00:00Z"));
        assert_eq!(c.days[0].end, t("2026-11-23T22:59:59.999Z"));
        assert_eq!(c.days[6].end, t(NOW));
        assert_eq!(c.note, None);
        assert_eq!(c.caption(), "Batches per day, 2026-11-23 to 2026-11-29");
        assert_eq!(
            c.total_path().unwrap(),
            "/api/v2/batches?created_at_on_or_after=2026-11-22T23:00:00Z\
             &created_at_on_or_before=2026-11-29T15:30:00Z&page_size=1"
        );
        // tz=utc ignores the viewer's zone, as the list does.
        let u = chart(&view("tz=utc"), t(NOW), paris);
        assert_eq!(u.days[0].start, t("2026-11-23T00:00:00Z"));
        assert_eq!(u.days[6].start, t("2026-11-29T00:00:00Z"));
    }

    #[test]
    fn a_relative_range_starts_where_the_list_request_starts() {
        let f = view("created_within=24h&status=FAILED&project_id=prj-1&page_token=x&page_size=50");
        let c = chart(&f, t(NOW), utc);
        assert_eq!(c.days.len(), 2);
        assert_eq!(c.days[0].start, t("2026-11-28T15:30:00Z"));
        assert_eq!(c.days[0].end, t("2026-11-28T23:59:59.999Z"));
        assert_eq!(c.statuses, [BatchStatus::Failed]);
        assert_eq!(
            c.total_path().unwrap(),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T15:30:00Z\
             &created_at_on_or_before=2026-11-29T15:30:00Z&project_id=prj-1&page_size=1"
        );
        // 2 days × 1 status = 2 count requests; listing 1 page is cheaper.
        assert_eq!(c.plan(Some(300)), Plan::List);
        let Plan::Counts(reqs) = c.plan(Some(5_001)) else {
            panic!("a big range is counted");
        };
        let paths: Vec<&str> = reqs.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T15:30:00Z\
                 &created_at_on_or_before=2026-11-28T23:59:59.999Z&project_id=prj-1&page_size=1",
                "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-29T00:00:00Z\
                 &created_at_on_or_before=2026-11-29T15:30:00Z&project_id=prj-1&page_size=1",
            ]
        );
    }

    #[test]
    fn long_ranges_are_capped_at_31_days_and_say_so() {
        let c = chart(&view("created_within=90d&tz=utc"), t(NOW), paris);
        assert_eq!(c.days.len(), 31);
        assert_eq!(c.days[0].date, "2026-10-30");
        assert_eq!(c.days[0].start, t("2026-10-30T00:00:00Z"));
        assert_eq!(
            c.note.as_deref(),
            Some("The chart covers at most 31 days: it shows the last 31 days of this range.")
        );
        let c = chart(
            &view("created_at_on_or_after=2026-10-01&created_at_on_or_before=2026-10-31&tz=utc"),
            t(NOW),
            paris,
        );
        assert_eq!(c.days.len(), 31);
        assert_eq!(c.note, None);
        assert_eq!(c.days[30].end, t("2026-10-31T23:59:59.999Z"));
    }

    #[test]
    fn a_day_across_a_clock_change_is_25_hours() {
        let c = chart(
            &view("created_at_on_or_after=2026-10-24T12:00:00Z&created_at_on_or_before=2026-10-26T12:00:00Z"),
            t(NOW),
            paris,
        );
        let d = &c.days[1];
        assert_eq!(d.date, "2026-10-25");
        assert_eq!(d.start, t("2026-10-24T22:00:00Z"));
        assert_eq!(d.end, t("2026-10-25T22:59:59.999Z"));
    }

    #[test]
    fn a_7_day_view_takes_at_most_6_requests_up_to_5000_batches() {
        let c = chart(&view(""), t(NOW), utc);
        assert_eq!(c.plan(None), Plan::NoTotals);
        assert_eq!(c.plan(Some(0)), Plan::Empty);
        assert_eq!(c.plan(Some(1)), Plan::List);
        assert_eq!(c.plan(Some(5_000)), Plan::List);
        let Plan::Counts(reqs) = c.plan(Some(5_001)) else {
            panic!("over 5,000 batches are counted");
        };
        assert_eq!(reqs.len(), 42);
        assert_eq!(
            reqs[4].path,
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-23T00:00:00Z\
             &created_at_on_or_before=2026-11-23T23:59:59.999Z&page_size=1"
        );
        let e = c.empty_table();
        assert!(e.rows.iter().all(|r| r.total == 0 && r.counts == [0; 6]));
    }

    fn batch(status: BatchStatus, created: &str) -> Batch {
        Batch {
            id: created.into(),
            status: Some(status),
            created_at: Some(created.into()),
            ..Batch::default()
        }
    }

    #[test]
    fn listing_folds_batches_into_days_and_statuses() {
        use BatchStatus::*;
        let c = chart(&view("created_within=2d&tz=utc"), t(NOW), paris);
        let mut l = c.listing();
        assert_eq!(
            l.next_path().unwrap(),
            "/api/v2/batches?created_at_on_or_after=2026-11-27T15:30:00Z\
             &created_at_on_or_before=2026-11-29T15:30:00Z&page_size=1000"
        );
        l.accept(&BatchPage {
            items: vec![
                batch(Failed, "2026-11-29T15:00:00Z"),
                batch(Failed, "2026-11-29T00:00:00Z"),
                batch(Completed, "2026-11-28T23:59:59.999Z"),
            ],
            next_page_token: Some("p2".into()),
            total_size: Some(5),
        });
        assert_eq!(
            l.next_path().unwrap(),
            "/api/v2/batches?created_at_on_or_after=2026-11-27T15:30:00Z\
             &created_at_on_or_before=2026-11-29T15:30:00Z&page_size=1000&page_token=p2"
        );
        l.accept(&BatchPage {
            items: vec![
                batch(Running, "2026-11-27T15:30:00Z"),
                batch(Other("ARCHIVED".into()), "2026-11-28T10:00:00Z"),
                Batch {
                    created_at: None,
                    ..batch(Failed, "x")
                },
            ],
            next_page_token: Some(String::new()),
            total_size: Some(5),
        });
        assert!(l.complete());
        assert_eq!(l.next_path(), None);
        let table = l.table();
        let rows: Vec<(&str, Vec<u64>, u64)> = table
            .rows
            .iter()
            .map(|r| (r.date.as_str(), r.counts.clone(), r.total))
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-11-27", vec![0, 0, 1, 0, 0, 0], 1),
                ("2026-11-28", vec![0, 0, 0, 1, 0, 0], 1),
                ("2026-11-29", vec![0, 0, 0, 0, 2, 0], 2),
            ]
        );
    }

    #[test]
    fn a_listing_stops_after_10_pages() {
        let c = chart(&view(""), t(NOW), utc);
        let mut l = c.listing();
        for i in 0..LIST_MAX_PAGES {
            assert!(l.next_path().is_some(), "page {i}");
            l.accept(&BatchPage {
                items: vec![],
                next_page_token: Some(format!("p{i}")),
                total_size: None,
            });
        }
        assert_eq!(l.next_path(), None);
        assert!(!l.complete());
    }

    #[test]
    fn counts_fold_into_the_table_and_a_missing_total_hides_the_chart() {
        let c = chart(&view("created_within=1d&tz=utc"), t(NOW), utc);
        let Plan::Counts(reqs) = c.plan(Some(9_000)) else {
            panic!("counted");
        };
        assert_eq!(reqs.len(), 12);
        let totals: Vec<Option<u64>> = (0..12).map(|i| Some(i as u64)).collect();
        let table = c.fold_counts(&reqs, &totals).unwrap();
        assert_eq!(table.rows[0].counts, [0, 1, 2, 3, 4, 5]);
        assert_eq!(table.rows[1].counts, [6, 7, 8, 9, 10, 11]);
        assert_eq!(table.rows[1].total, 51);
        let mut gap = totals.clone();
        gap[3] = None;
        assert_eq!(c.fold_counts(&reqs, &gap), Err(NO_TOTALS_NOTE));
        assert_eq!(c.fold_counts(&reqs, &totals[..11]), Err(NO_TOTALS_NOTE));
    }

    #[test]
    fn clicking_a_day_narrows_the_list_to_it() {
        let f = view("status=FAILED&created_within=7d&page_token=abc&page_size=50&tz=utc");
        let c = chart(&f, t(NOW), paris);
        assert_eq!(c.days.len(), 8);
        assert_eq!(
            c.day_path(1).unwrap(),
            "/?status=FAILED&created_at_on_or_after=2026-11-23T00:00:00Z\
             &created_at_on_or_before=2026-11-23T23:59:59.999Z&page_size=50&tz=utc"
        );
        // The first and last days are clipped to the range and to now.
        assert_eq!(
            c.day_path(0).unwrap(),
            "/?status=FAILED&created_at_on_or_after=2026-11-22T15:30:00Z\
             &created_at_on_or_before=2026-11-22T23:59:59.999Z&page_size=50&tz=utc"
        );
        assert_eq!(
            c.day_path(7).unwrap(),
            "/?status=FAILED&created_at_on_or_after=2026-11-29T00:00:00Z\
             &created_at_on_or_before=2026-11-29T15:30:00Z&page_size=50&tz=utc"
        );
        assert_eq!(c.day_path(8), None);
        // In the viewer's zone the bounds are that zone's midnights.
        let local = chart(&view("created_within=7d"), t(NOW), paris);
        assert_eq!(
            local.day_path(1).unwrap(),
            "/?created_at_on_or_after=2026-11-22T23:00:00Z&created_at_on_or_before=2026-11-23T22:59:59.999Z"
        );
    }

    #[test]
    fn a_range_entirely_in_the_future_has_no_days() {
        let c = chart(&view("created_at_on_or_after=2026-12-05"), t(NOW), utc);
        assert_eq!(c.days, vec![]);
        assert_eq!(c.total_path(), None);
        assert_eq!(c.plan(Some(3)), Plan::Empty);
        assert_eq!(c.caption(), "Batches per day");
    }
}
