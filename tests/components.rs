//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! what a person sees when a component gets given data, and what it reports
//! when they use it.
#![cfg(target_arch = "wasm32")]

use batches_core::filters::{self, Filters, Zone};
use batches_core::model::{
    Batch, BatchPage, BatchStatus, FileResult, JobReference, JobStatus, JobType,
};
use batches_core::outcome::Outcome;
use batches_core::time::Instant;
use batches_dashboard::components::batch_table::BatchTable;
use batches_dashboard::components::file_results::FileResults;
use batches_dashboard::components::file_row::file_row;
use batches_dashboard::components::filters_bar::{Change, FiltersBar};
use batches_dashboard::components::watch_button::WatchControl;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a fresh container and returns the container.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let div: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&div).unwrap();
    let handle = leptos::mount::mount_to(div.clone(), f);
    std::mem::forget(handle);
    div
}

/// An expanded list row's files table (every file, no buttons) with the
/// outcomes `outcomes` says are known.
fn mount_files(
    results: Vec<FileResult>,
    status: BatchStatus,
    outcomes: Signal<Vec<Outcome>>,
) -> web_sys::HtmlElement {
    mount(
        move || view! { <FileResults results=Some(results) status=Some(status) outcomes=outcomes /> },
    )
}

async fn tick(ms: u64) {
    gloo_timers_sleep(Duration::from_millis(ms)).await;
}

async fn gloo_timers_sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Whether the first element under `root` matching `selector` is still `node`
/// (a refill changed its text in place instead of replacing it).
fn still_first(root: &web_sys::Element, selector: &str, node: &web_sys::Element) -> bool {
    root.query_selector(selector)
        .unwrap()
        .is_some_and(|e| e.is_same_node(Some(node)))
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn batch_table_renders_rows_unknown_status_and_missing_fields() {
    let page: BatchPage = serde_json::from_str(
        r#"{"items":[
          {"id":"bat-a","status":"RUNNING","config":{"job":{"configuration_id":"cfg-1","type":"parse_v2"}},
           "project_id":"prj-1","source_directory_id":"dir-1","created_at":"2026-11-20T09:43:00.117Z",
           "updated_at":"2026-11-20T09:48:00Z","results":null},
          {"id":"bat-b","status":"ARCHIVED","config":{"job":{"type":"classify_v3"}}},
          {"id":"bat-c","created_at":"sometime last week"}
        ]}"#,
    )
    .unwrap();
    let items = page.items;
    let root = mount(
        move || view! { <BatchTable batches=Signal::derive(move || items.clone()) zone=Zone::Utc /> },
    );
    tick(0).await;
    assert_eq!(texts(&root, "code.batch-id"), ["bat-a", "bat-b", "bat-c"]);
    assert_eq!(texts(&root, ".badge"), ["RUNNING", "ARCHIVED", "—"]);
    let rows = texts(&root, "tbody.batch > tr:first-child");
    assert!(rows[1].contains("classify_v3"), "{}", rows[1]);
    // A time the API sent in no format we read is shown as sent, not as a time.
    let times = texts(&root, "td.times");
    assert!(times[2].starts_with("sometime last week"), "{}", times[2]);
    assert_eq!(
        root.query_selector_all("tbody.batch:nth-of-type(3) time")
            .unwrap()
            .length(),
        0
    );
    assert_eq!(
        root.query_selector_all("tbody.batch:nth-of-type(1) time")
            .unwrap()
            .length(),
        2,
        "two readable times: two <time> elements"
    );
    assert!(
        rows[2].matches('—').count() >= 5,
        "missing fields show dashes: {}",
        rows[2]
    );
    // Every row's toggle points at its (hidden) files row.
    let toggle = root.query_selector("button.toggle").unwrap().unwrap();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        toggle.get_attribute("aria-controls").as_deref(),
        Some("files-bat-a")
    );
    assert!(root.query_selector("#files-bat-a").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn batch_table_new_rows_show_their_watch_state_and_copy_label() {
    // A new row starts from the page's template, which says "not watched"
    // and "Copy": a watched batch's first fill must still say it is watched.
    let items: Vec<Batch> = ["bat-w", "bat-u"]
        .map(|id| Batch {
            id: id.into(),
            ..Batch::default()
        })
        .into();
    let watch = WatchControl {
        watched: Signal::stored(vec!["bat-w".to_string()]),
        toggle: Callback::new(|_: Batch| {}),
    };
    let root = mount(move || {
        view! { <BatchTable batches=Signal::stored(items) zone=Zone::Utc watch=watch /> }
    });
    tick(0).await;
    let pressed: Vec<Option<String>> = ["bat-w", "bat-u"]
        .iter()
        .map(|id| {
            root.query_selector(&format!("button[aria-label='Watch batch {id}']"))
                .unwrap()
                .unwrap()
                .get_attribute("aria-pressed")
        })
        .collect();
    assert_eq!(pressed, [Some("true".into()), Some("false".into())]);
    assert_eq!(texts(&root, "button.copy"), ["Copy", "Copy"]);
    let expanded = root.query_selector_all("button.toggle").unwrap();
    assert_eq!(expanded.length(), 2);
    for i in 0..expanded.length() {
        let toggle: web_sys::Element = expanded.item(i).unwrap().unchecked_into();
        assert_eq!(
            toggle.get_attribute("aria-expanded").as_deref(),
            Some("false")
        );
    }
}

#[wasm_bindgen_test]
async fn batch_table_shows_api_text_as_text_and_keeps_fields_apart() {
    // Markup in any field stays text, and control characters in API text
    // (U+001F, U+001E, which once separated a row filler's fields and rows)
    // are text like any other: shown as sent, in their own cells.
    let hostile = "<img src=x onerror=\"window.__pwned=1\">";
    let items = vec![
        Batch {
            id: format!("bat-{hostile}"),
            project_id: Some(format!("prj\u{1f}{hostile}")),
            source_directory_id: Some("dir\u{1e}bat-next".into()),
            status: Some(BatchStatus::Failed),
            ..Batch::default()
        },
        Batch {
            id: "bat-next".into(),
            ..Batch::default()
        },
    ];
    let root = mount(
        move || view! { <BatchTable batches=Signal::derive(move || items.clone()) zone=Zone::Utc /> },
    );
    tick(0).await;
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "no element from API text"
    );
    let cells = texts(&root, "tbody.batch > tr:first-child > td");
    assert_eq!(cells[5], format!("prj\u{1f}{hostile}"), "{cells:?}");
    assert_eq!(cells[6], "dir\u{1e}bat-next", "{cells:?}");
    assert_eq!(root.query_selector_all("tbody.batch").unwrap().length(), 2);
    assert_eq!(
        texts(&root, "code.batch-id"),
        [format!("bat-{hostile}"), "bat-next".into()]
    );
    assert_eq!(texts(&root, ".badge"), ["FAILED", "—"]);
    let link = root.query_selector("td.batch-cell a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/batches/bat-%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E?tz=utc")
    );
}

#[wasm_bindgen_test]
async fn batch_table_running_durations_follow_the_clock_and_finished_ones_stay() {
    let created = "2026-11-29T12:00:00Z";
    let start = batches_core::time::parse_rfc3339(created).unwrap().0;
    let now = RwSignal::new(Instant(start + 5 * 60_000));
    let items = vec![
        Batch {
            id: "bat-running".into(),
            status: Some(BatchStatus::Running),
            created_at: Some(created.into()),
            updated_at: Some(created.into()),
            ..Batch::default()
        },
        Batch {
            id: "bat-done".into(),
            status: Some(BatchStatus::Completed),
            created_at: Some(created.into()),
            updated_at: Some("2026-11-29T12:01:00Z".into()),
            ..Batch::default()
        },
    ];
    let root = mount(move || {
        view! {
            <BatchTable
                batches=Signal::derive(move || items.clone())
                zone=Zone::Utc
                now=Signal::from(now)
            />
        }
    });
    tick(0).await;
    assert_eq!(texts(&root, "td.duration"), ["running 5 min", "1 min"]);
    // Half an hour without an update: the running batch says so in words.
    now.set(Instant(start + 40 * 60_000));
    tick(0).await;
    assert_eq!(
        texts(&root, "td.duration"),
        ["running 40 min · no update for 40 min", "1 min"]
    );
}

#[wasm_bindgen_test]
async fn batch_table_updates_a_row_in_place_and_keeps_others() {
    let batches = RwSignal::new(vec![
        Batch {
            id: "bat-1".into(),
            status: Some(BatchStatus::Running),
            ..Batch::default()
        },
        Batch {
            id: "bat-2".into(),
            status: Some(BatchStatus::Pending),
            ..Batch::default()
        },
    ]);
    let root = mount(move || view! { <BatchTable batches=batches zone=Zone::Utc /> });
    tick(0).await;
    let first_toggle = root.query_selector("button.toggle").unwrap().unwrap();
    first_toggle.unchecked_ref::<web_sys::HtmlElement>().click();
    tick(0).await;
    let first_before = root.query_selector("tbody.batch").unwrap().unwrap();
    let second_before = root
        .query_selector_all("tbody.batch")
        .unwrap()
        .item(1)
        .unwrap();
    batches.update(|v| v[0].status = Some(BatchStatus::Completed));
    tick(0).await;
    assert_eq!(texts(&root, ".badge"), ["COMPLETED", "PENDING"]);
    let second_after = root
        .query_selector_all("tbody.batch")
        .unwrap()
        .item(1)
        .unwrap();
    assert!(
        second_before.is_same_node(Some(&second_after)),
        "untouched rows are not re-created"
    );
    let first = root.query_selector("tbody.batch").unwrap().unwrap();
    assert!(
        first_before.is_same_node(Some(&first)),
        "the changed row is updated in place, not re-created (focus and open files stay)"
    );
    assert!(
        first.class_list().contains("changed"),
        "the changed row flashes"
    );
    assert!(
        !second_after
            .unchecked_ref::<web_sys::Element>()
            .class_list()
            .contains("changed"),
        "an untouched row does not"
    );
    assert_eq!(
        first
            .query_selector("button.toggle")
            .unwrap()
            .unwrap()
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true"),
        "the re-rendered row stays open"
    );
    assert!(!first
        .query_selector(".files-row")
        .unwrap()
        .unwrap()
        .has_attribute("hidden"));
    // A change of any other field shows too, in place and without a flash.
    batches.update(|v| v[1].project_id = Some("prj-moved".into()));
    tick(0).await;
    let second_now = root
        .query_selector_all("tbody.batch")
        .unwrap()
        .item(1)
        .unwrap();
    assert!(second_before.is_same_node(Some(&second_now)));
    assert!(texts(&root, "tbody.batch > tr:first-child")[1].contains("prj-moved"));
    assert!(!second_now
        .unchecked_ref::<web_sys::Element>()
        .class_list()
        .contains("changed"));
}

/// The texts of the cells of each row of the files table.
fn file_cells(root: &web_sys::HtmlElement) -> Vec<Vec<String>> {
    let rows = root.query_selector_all("table.files tbody tr").unwrap();
    (0..rows.length())
        .map(|i| {
            let row: web_sys::HtmlElement = rows.item(i).unwrap().unchecked_into();
            texts(&row, "td")
        })
        .collect()
}

/// The `class` of every element `selector` finds, in order.
fn classes(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            let el: web_sys::Element = list.item(i).unwrap().unchecked_into();
            el.class_name()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn expanded_files_show_api_text_as_text_and_keep_cells_apart() {
    // An expanded row's files: markup in API text (a mapping error, a job's
    // own error) stays text, and control characters in an error (U+001E,
    // U+001F) are shown as sent, neither splitting the row nor shifting the
    // cells after it.
    let hostile = "<img src=x onerror=\"window.__pwned=1\">";
    let results = vec![
        FileResult {
            source_directory_file_id: Some(format!("dfl-{hostile}")),
            error_message: Some(format!("bad\u{1f}{hostile}\u{1e}next")),
            job_reference: None,
        },
        FileResult {
            source_directory_file_id: None,
            error_message: None,
            job_reference: Some(JobReference {
                id: "pjb-2".into(),
                job_type: Some(JobType::ParseV2),
            }),
        },
        FileResult {
            source_directory_file_id: Some("dfl-3".into()),
            error_message: None,
            job_reference: Some(JobReference {
                id: "pjb-3".into(),
                job_type: Some(JobType::ParseV2),
            }),
        },
    ];
    let outcomes = vec![
        Outcome::from_result(&results[0]),
        Outcome::Job {
            status: JobStatus::Completed,
            error: None,
            credits: Some(1234.0),
        },
        Outcome::Job {
            status: JobStatus::Failed,
            error: Some("<b onmouseover=alert(2)>bold</b>".into()),
            credits: Some(1.5),
        },
    ];
    let root = mount_files(results, BatchStatus::Completed, Signal::stored(outcomes));
    tick(0).await;
    assert!(
        root.query_selector("tbody img, tbody b").unwrap().is_none(),
        "no element from API text"
    );
    assert_eq!(
        file_cells(&root),
        [
            vec![
                format!("dfl-{hostile}"),
                "No job".into(),
                format!("bad\u{1f}{hostile}\u{1e}next"),
                "—".into(),
                "—".into(),
            ],
            vec![
                "—".into(),
                "COMPLETED".into(),
                "—".into(),
                "1234".into(),
                "pjb-2 parse_v2".into(),
            ],
            vec![
                "dfl-3".into(),
                "FAILED".into(),
                "<b onmouseover=alert(2)>bold</b>".into(),
                "1.5".into(),
                "pjb-3 parse_v2".into(),
            ],
        ]
    );
    assert_eq!(
        classes(&root, "tbody td.file > *"),
        ["file-id", "muted", "file-id"],
        "an id in code, a missing id as a muted dash"
    );
    assert_eq!(
        classes(&root, "tbody td:nth-child(2) > span"),
        [
            "outcome outcome-error",
            "outcome outcome-ok",
            "outcome outcome-error"
        ]
    );
    assert_eq!(
        classes(&root, "tbody td.job > *"),
        ["muted", "", "muted", "", "muted"],
        "no job: a muted dash; a job: its id in code, its type muted"
    );
    assert_eq!(texts(&root, "tbody td.job > code"), ["pjb-2", "pjb-3"]);
}

#[wasm_bindgen_test]
async fn expanded_files_update_outcomes_in_the_same_cells() {
    // Outcomes arrive every ~200 ms while jobs run: each update changes the
    // texts of the rows' cells, never the rows or cells themselves (a
    // selection or focus inside them stays).
    let results: Vec<FileResult> = (1..=2)
        .map(|n| FileResult {
            source_directory_file_id: Some(format!("dfl-{n}")),
            error_message: None,
            job_reference: Some(JobReference {
                id: format!("pjb-{n}"),
                job_type: None,
            }),
        })
        .collect();
    let outcomes = RwSignal::new(vec![Outcome::Checking, Outcome::Checking]);
    let root = mount_files(results, BatchStatus::Running, outcomes.into());
    tick(0).await;
    assert_eq!(
        texts(&root, ".outcome"),
        ["Checking the job…", "Checking the job…"]
    );
    let row = root.query_selector("tbody tr").unwrap().unwrap();
    let error = root.query_selector("tbody .error-text").unwrap().unwrap();
    let outcome = root.query_selector("tbody .outcome").unwrap().unwrap();
    outcomes.set(vec![
        Outcome::Job {
            status: JobStatus::Failed,
            error: Some("<b>boom</b>".into()),
            credits: Some(2.5),
        },
        Outcome::Job {
            status: JobStatus::Running,
            error: None,
            credits: None,
        },
    ]);
    tick(0).await;
    assert_eq!(
        file_cells(&root),
        [
            ["dfl-1", "FAILED", "<b>boom</b>", "2.5", "pjb-1 "],
            ["dfl-2", "RUNNING", "—", "—", "pjb-2 "],
        ]
    );
    assert_eq!(
        classes(&root, ".outcome"),
        ["outcome outcome-error", "outcome outcome-running"]
    );
    let same = |a: &web_sys::Element, selector: &str| {
        a.is_same_node(
            root.query_selector(selector)
                .unwrap()
                .as_ref()
                .map(|e| e.as_ref()),
        )
    };
    assert!(same(&row, "tbody tr"), "the row is the same element");
    assert!(same(&error, "tbody .error-text"), "so is its error cell");
    assert!(same(&outcome, "tbody .outcome"), "and its outcome");
}

#[wasm_bindgen_test]
async fn a_file_name_that_arrives_later_goes_into_the_row_already_shown() {
    // Names arrive from lookups after the rows are shown (each a signal the
    // row's name cell reads; the lookups need a server, see
    // e2e/tests/detail.test.mjs): the name appears before the id, as text,
    // in the same row, and a later name changes the same element.
    let result = FileResult {
        source_directory_file_id: Some("dfl-1".into()),
        error_message: None,
        job_reference: None,
    };
    let outcome = Outcome::from_result(&result);
    let (name, set_name) = arc_signal(None::<String>);
    let root = mount(move || {
        view! { <table><tbody>{file_row(result, Some(name), move || outcome.clone(), false)}</tbody></table> }
    });
    tick(0).await;
    let tbody: web_sys::HtmlElement = root
        .query_selector("tbody")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let row = tbody.query_selector("tr").unwrap().unwrap();
    assert_eq!(classes(&tbody, "td.file > *"), ["file-id"]);
    let hostile = "<b>report</b>\u{1f}.pdf";
    set_name.set(Some(hostile.into()));
    tick(0).await;
    assert!(still_first(&tbody, "tr", &row), "the same row element");
    assert_eq!(classes(&tbody, "td.file > *"), ["file-name", "file-id"]);
    assert_eq!(texts(&tbody, ".file-name"), [hostile]);
    assert!(tbody.query_selector("b").unwrap().is_none());
    assert_eq!(texts(&tbody, "code.file-id"), ["dfl-1"]);
    let name = tbody.query_selector(".file-name").unwrap().unwrap();
    set_name.set(Some("renamed.pdf".into()));
    tick(0).await;
    assert_eq!(texts(&tbody, ".file-name"), ["renamed.pdf"]);
    assert!(
        still_first(&tbody, ".file-name", &name),
        "the same name element"
    );
    assert_eq!(
        texts(&tbody, "td"),
        ["renamed.pdfdfl-1", "No job", "—", "—", "—"]
    );
}

#[wasm_bindgen_test]
async fn focus_and_an_open_rows_files_survive_a_refresh_and_a_new_order() {
    let batch = |id: &str| Batch {
        id: id.into(),
        status: Some(BatchStatus::Running),
        ..Batch::default()
    };
    let batches = RwSignal::new(vec![batch("bat-1"), batch("bat-2"), batch("bat-3")]);
    let root = mount(move || view! { <BatchTable batches=batches zone=Zone::Utc /> });
    tick(0).await;
    let toggle = |id: &str| -> web_sys::HtmlElement {
        root.query_selector(&format!("button[aria-label='Files of {id}']"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    toggle("bat-2").click();
    // The files' request settles first (no API here: it ends in an alert),
    // so what is checked below is the row's doing, not the load's.
    let mut files = None;
    for _ in 0..100 {
        tick(50).await;
        files = root
            .query_selector("#files-bat-2 > td > :not(.loading)")
            .unwrap();
        if files.is_some() {
            break;
        }
    }
    let files = files.expect("the open row shows what became of its files");
    let cell = root.query_selector("#files-bat-2 > td").unwrap().unwrap();
    toggle("bat-2").focus().unwrap();
    let focused = || {
        document()
            .active_element()
            .and_then(|e| e.get_attribute("aria-label"))
    };
    assert_eq!(focused().as_deref(), Some("Files of bat-2"));
    // A refresh in which the open, focused row's batch changed.
    batches.update(|v| v[1].status = Some(BatchStatus::Completed));
    tick(0).await;
    assert_eq!(texts(&root, ".badge"), ["RUNNING", "COMPLETED", "RUNNING"]);
    assert_eq!(focused().as_deref(), Some("Files of bat-2"), "focus stays");
    assert!(
        still_first(&root, "#files-bat-2 > td", &cell),
        "the same files cell"
    );
    assert!(
        files.is_connected()
            && files
                .parent_element()
                .is_some_and(|p| p.is_same_node(Some(&cell))),
        "the same files view, still in its row"
    );
    // A new order, as "show" after a refresh makes it: a newer batch first,
    // the last one gone, the open row one place further down.
    batches.set(vec![batch("bat-0"), batch("bat-1"), batch("bat-2")]);
    tick(0).await;
    assert_eq!(texts(&root, "code.batch-id"), ["bat-0", "bat-1", "bat-2"]);
    assert_eq!(
        toggle("bat-2").get_attribute("aria-expanded").as_deref(),
        Some("true"),
        "still open"
    );
    assert!(
        still_first(&root, "#files-bat-2 > td", &cell),
        "the same files cell"
    );
    assert!(files.is_connected(), "the same files view");
    assert_eq!(focused().as_deref(), Some("Files of bat-2"), "focus stays");
}

#[wasm_bindgen_test]
async fn file_results_explain_missing_and_empty_sets() {
    let root = mount(
        || view! { <FileResults results=None status=Some(BatchStatus::Running) outcomes=Vec::new() /> },
    );
    tick(0).await;
    assert_eq!(
        texts(&root, ".files-note"),
        ["Results are not available yet while the batch is RUNNING."]
    );
    let root = mount(
        || view! { <FileResults results=Some(vec![]) status=Some(BatchStatus::Completed) outcomes=Vec::new() /> },
    );
    tick(0).await;
    assert_eq!(texts(&root, ".files-note"), ["No files."]);
}

type Seen = Arc<Mutex<Vec<(String, Change)>>>;

fn filters_bar(initial: &str) -> (web_sys::HtmlElement, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let current = filters::parse(initial).filters;
    let root = mount(move || {
        let record = record.clone();
        let on_change = Callback::new(move |(f, how): (Filters, Change)| {
            record.lock().unwrap().push((filters::to_query(&f), how));
        });
        view! { <FiltersBar filters=Signal::derive(move || current.clone()) on_change=on_change /> }
    });
    (root, seen)
}

/// The select inside the `<label>` whose text starts with `label`, as a person finds it.
fn select_labelled(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlSelectElement {
    let labels = root.query_selector_all("label").unwrap();
    (0..labels.length())
        .map(|i| labels.item(i).unwrap().unchecked_into::<web_sys::Element>())
        .find(|l| l.text_content().unwrap_or_default().starts_with(label))
        .and_then(|l| l.query_selector("select").unwrap())
        .unwrap_or_else(|| panic!("no select labelled {label}"))
        .unchecked_into()
}

fn set_select(root: &web_sys::HtmlElement, label: &str, value: &str) {
    let sel = select_labelled(root, label);
    sel.set_value(value);
    sel.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn status_select_reports_a_pushed_first_page_view() {
    let (root, seen) = filters_bar("page_size=50&page_token=abc&project_id=prj-1");
    tick(0).await;
    set_select(&root, "Status", "FAILED");
    assert_eq!(
        *seen.lock().unwrap(),
        [(
            "status=FAILED&project_id=prj-1&page_size=50".to_string(),
            Change::Push
        )]
    );
    set_select(&root, "Page size", "100");
    assert_eq!(seen.lock().unwrap()[1].0, "project_id=prj-1&page_size=100");
}

#[wasm_bindgen_test]
async fn controls_show_the_view_they_are_given() {
    let (root, _) = filters_bar("status=CANCELLED&page_size=200&source_directory_id=dir-9");
    tick(0).await;
    let status = select_labelled(&root, "Status");
    let size = select_labelled(&root, "Page size");
    assert_eq!(status.value(), "CANCELLED");
    assert_eq!(size.value(), "200");
    let inputs = root.query_selector_all("input[type=text]").unwrap();
    let dir: web_sys::HtmlInputElement = inputs.item(2).unwrap().unchecked_into();
    assert_eq!(dir.value(), "dir-9");
}

#[wasm_bindgen_test]
async fn typing_an_id_is_debounced_then_pushes_once_and_replaces_after() {
    let (root, seen) = filters_bar("");
    tick(0).await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("input[type=text]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input
        .dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
    for v in ["p", "pr", "prj-7"] {
        input.set_value(v);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        tick(50).await;
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing applies while typing"
    );
    tick(500).await;
    assert_eq!(
        *seen.lock().unwrap(),
        [("project_id=prj-7".to_string(), Change::Push)]
    );
    input.set_value("prj-78");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick(500).await;
    assert_eq!(
        seen.lock().unwrap()[1],
        ("project_id=prj-78".to_string(), Change::Replace)
    );
}

#[wasm_bindgen_test]
async fn clear_filters_keeps_page_size() {
    let (root, seen) = filters_bar("status=FAILED&page_size=50&project_id=prj-1");
    tick(0).await;
    let clear: web_sys::HtmlElement = root
        .query_selector("button.clear")
        .unwrap()
        .unwrap()
        .unchecked_into();
    clear.click();
    assert_eq!(
        *seen.lock().unwrap(),
        [("page_size=50".to_string(), Change::Push)]
    );
}

#[wasm_bindgen_test]
async fn crash_banner_says_what_happened_and_offers_a_reload_link() {
    batches_dashboard::crash::show_banner();
    batches_dashboard::crash::show_banner();
    let banners = document().query_selector_all("#crash-banner").unwrap();
    assert_eq!(banners.length(), 1, "shown once however often it panics");
    let banner: web_sys::HtmlElement = banners.item(0).unwrap().unchecked_into();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner
        .text_content()
        .unwrap()
        .contains("Something went wrong"));
    let link = banner.query_selector("a").unwrap().unwrap();
    assert_eq!(link.text_content().as_deref(), Some("Reload"));
    assert_eq!(
        link.get_attribute("href"),
        web_sys::window().unwrap().location().href().ok()
    );
    banner.remove();
}
