//! "Batches per day": a stacked bar chart drawn by the app as SVG (no chart
//! script from elsewhere), with the same figures as a table.

use crate::hooks::use_activity::Activity;
use batches_core::activity::{Chart, Table};
use batches_core::text;
use leptos::prelude::*;

/// Width of one day in the drawing's units, and the bars' height.
const SLOT: usize = 56;
const PLOT: f64 = 90.0;
const HEIGHT: usize = 118;

/// The chart above the list, or the note that replaces it.
#[component]
pub fn ActivityChart(
    #[prop(into)] activity: Signal<Activity>,
    /// Clicking a day: the list narrowed to it (a path to open).
    on_day: Callback<String>,
) -> impl IntoView {
    (move || match activity.get() {
        Activity::Loading => {
            view! { <p class="activity muted" role="status">"Counting batches per day…"</p> }
                .into_any()
        }
        Activity::Hidden(note) => view! { <p class="activity muted">{note}</p> }.into_any(),
        Activity::Failed(note) => view! { <p class="activity muted">{note}</p> }.into_any(),
        Activity::Shown {
            chart,
            table,
            complete,
        } => view! { <Bars chart=chart table=table complete=complete on_day=on_day /> }.into_any(),
    })
    .into_any()
}

#[component]
fn Bars(chart: Chart, table: Table, complete: bool, on_day: Callback<String>) -> impl IntoView {
    let caption = chart.caption();
    let peak = table.rows.iter().map(|r| r.total).max().unwrap_or(0).max(1) as f64;
    let width = table.rows.len().max(1) * SLOT;
    let days = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let x = i * SLOT + 8;
            let mut top = PLOT;
            let segments = row
                .counts
                .iter()
                .zip(&table.statuses)
                .filter(|(n, _)| **n > 0)
                .map(|(n, s)| {
                    let h = (*n as f64 / peak * PLOT).max(1.0);
                    top -= h;
                    let class = format!("bar bar-{}", s.css_class());
                    let tip = format!("{}: {} {}", row.date, text::thousands(*n), s.as_str());
                    view! {
                        <rect class=class x=x y=text::number(top) width=SLOT - 16 height=text::number(h) data-status=s.as_str().to_string() data-count=n.to_string()>
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect_view();
            let path = chart.day_path(i).unwrap_or_default();
            let label = chart.days.get(i).map(|d| d.short.clone()).unwrap_or_default();
            view! {
                <g class="day" data-date=row.date.clone() data-total=row.total.to_string() on:click=move |_| on_day.run(path.clone())>
                    <rect class="day-hit" x=i * SLOT y=0 width=SLOT height=HEIGHT></rect>
                    {segments}
                    <text x=i * SLOT + SLOT / 2 y=HEIGHT - 12 text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    let note = chart.note.clone();
    let partial = (!complete).then_some("Counts stop at the first 10,000 batches of the range.");
    view! {
        <section class="activity" aria-label="Activity">
            <svg class="activity-chart" role="img" aria-label=caption.clone() viewBox=format!("0 0 {width} {HEIGHT}") preserveAspectRatio="xMinYMin meet">
                {days}
            </svg>
            {note.map(|n| view! { <p class="muted">{n}</p> })}
            {partial.map(|n| view! { <p class="muted">{n}</p> })}
            <details class="activity-figures">
                <summary>"Show the figures as a table"</summary>
                <FiguresTable chart=chart table=table caption=caption />
            </details>
        </section>
    }
    .into_any()
}

/// The chart's figures, for screen readers and copying; each day links to
/// the list narrowed to it.
#[component]
fn FiguresTable(chart: Chart, table: Table, caption: String) -> impl IntoView {
    let heads = table
        .statuses
        .iter()
        .map(|s| view! { <th scope="col">{s.as_str().to_string()}</th> })
        .collect_view();
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells = r.counts.iter().map(|n| view! { <td>{text::thousands(*n)}</td> }).collect_view();
            view! {
                <tr>
                    <th scope="row"><a href=chart.day_path(i).unwrap_or_default()>{r.date.clone()}</a></th>
                    {cells}
                    <td>{text::thousands(r.total)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="activity-table">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">"Day"</th>{heads}<th scope="col">"Total"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
