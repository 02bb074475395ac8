//! Extracted fields as tables: field → value with nested objects indented,
//! arrays of objects as sub-tables, and a per-page / per-row result as one
//! table with a row each (see [`batches_core::result::fields`]).

use batches_core::result::fields::{Field, Grid, Layout, Value};
use leptos::prelude::*;

/// A table of records, one row each.
fn grid_table(g: Grid, class: &'static str) -> impl IntoView {
    let head = g
        .columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    let rows = g
        .rows
        .into_iter()
        .map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class=class><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
        </div>
    }
}

/// One field; its depth is a class (`field-depth-2`), since the page's
/// Content-Security-Policy refuses inline styles.
fn field_row(f: Field) -> impl IntoView {
    let value = match f.value {
        Value::Text(t) => view! { <td class="field-value">{t}</td> }.into_any(),
        Value::Nested => view! { <td class="muted">"(object)"</td> }.into_any(),
        Value::Grid(g) => view! { <td>{grid_table(g, "sub-table")}</td> }.into_any(),
    };
    view! {
        <tr class=format!("field-depth-{}", f.depth.min(6))>
            <th scope="row" class="field-name">{f.name}</th>
            {value}
        </tr>
    }
}

/// The result laid out as tables.
pub fn fields_view(layout: Layout) -> impl IntoView {
    match layout {
        Layout::Fields(fields) if fields.is_empty() => {
            view! { <p class="files-note">"The extraction returned no fields."</p> }.into_any()
        }
        Layout::Fields(fields) => view! {
            <div class="table-scroll">
                <table class="fields">
                    <thead><tr><th scope="col">"Field"</th><th scope="col">"Value"</th></tr></thead>
                    <tbody>{fields.into_iter().map(field_row).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any(),
        Layout::Records(g) => {
            let n = g.rows.len() as u64;
            view! {
                <p class="page-summary">{batches_core::text::count(n, "record (one per page or row)", "records (one per page or row)")}</p>
                {grid_table(g, "records")}
            }
            .into_any()
        }
        Layout::Text(t) => view! { <pre class="page-text">{t}</pre> }.into_any(),
    }
}
