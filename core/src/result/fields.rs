//! An extract result as tables a person reads: field → value, nested
//! objects indented under their field, arrays of objects as sub-tables, and
//! a per-page / per-row result (an array of objects) as one table with a
//! row each. Values are text; the panel renders them as text.

use super::json::Node;

/// A table of records (an array of objects): the columns in first-seen
/// order, and each record's cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a field's value cell holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A scalar, or a list of scalars joined with ", ".
    Text(String),
    /// An object: its fields follow, one level deeper.
    Nested,
    /// An array of objects.
    Grid(Grid),
}

/// One line of the field table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// How far the field is indented (0 at the top).
    pub depth: usize,
    pub name: String,
    pub value: Value,
}

/// How a whole result is laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One document: field → value.
    Fields(Vec<Field>),
    /// Per page or per table row: one table, a row each.
    Records(Grid),
    /// Anything else (a bare scalar, mixed arrays): shown as it is.
    Text(String),
}

/// Lays out `result`.
pub fn layout(result: &Node) -> Layout {
    match result {
        Node::Object(pairs) => {
            let mut out = Vec::new();
            push_fields(pairs, 0, &mut out);
            Layout::Fields(out)
        }
        Node::Array(items) => match grid(items) {
            Some(g) => Layout::Records(g),
            None => Layout::Text(cell(result)),
        },
        other => Layout::Text(cell(other)),
    }
}

fn push_fields(pairs: &[(String, Node)], depth: usize, out: &mut Vec<Field>) {
    for (name, v) in pairs {
        let value = match v {
            Node::Object(inner) => {
                out.push(Field {
                    depth,
                    name: name.clone(),
                    value: Value::Nested,
                });
                push_fields(inner, depth + 1, out);
                continue;
            }
            Node::Array(items) if !items.is_empty() => match grid(items) {
                Some(g) => Value::Grid(g),
                None => Value::Text(cell(v)),
            },
            _ => Value::Text(cell(v)),
        };
        out.push(Field {
            depth,
            name: name.clone(),
            value,
        });
    }
}

/// A table when every item is an object; `None` otherwise.
fn grid(items: &[Node]) -> Option<Grid> {
    let objects: Vec<&[(String, Node)]> = items
        .iter()
        .map(|i| match i {
            Node::Object(p) => Some(p.as_slice()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if objects.is_empty() {
        return None;
    }
    let mut columns: Vec<String> = Vec::new();
    for o in &objects {
        for (k, _) in o.iter() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let rows = objects
        .iter()
        .map(|o| {
            columns
                .iter()
                .map(|c| {
                    o.iter()
                        .find(|(k, _)| k == c)
                        .map_or(String::new(), |(_, v)| cell(v))
                })
                .collect()
        })
        .collect();
    Some(Grid { columns, rows })
}

/// A value in one cell: scalars as text, lists of scalars joined, anything
/// deeper as compact JSON.
fn cell(v: &Node) -> String {
    if let Some(s) = v.scalar_text() {
        return s;
    }
    if let Node::Array(items) = v {
        let scalars: Option<Vec<String>> = items.iter().map(Node::scalar_text).collect();
        if let Some(s) = scalars {
            return s.join(", ");
        }
    }
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(raw: &str) -> Node {
        serde_json::from_str(raw).unwrap()
    }

    #[test]
    fn an_invoice_reads_field_by_field_with_its_line_items_as_a_table() {
        let invoice = node(
            r#"{"vendor_name":"Acme <b>Supplies</b>","date":"2026-11-02","total":1234.5,
                "vendor":{"address":{"city":"Lyon"},"tax_id":null},
                "tags":["urgent","paid"],
                "line_items":[{"description":"Paper","quantity":2,"amount":10},{"description":"Ink","amount":5.5,"sku":"I-1"}]}"#,
        );
        let Layout::Fields(f) = layout(&invoice) else {
            panic!()
        };
        let lines: Vec<(usize, &str)> = f.iter().map(|f| (f.depth, f.name.as_str())).collect();
        assert_eq!(
            lines,
            [
                (0, "vendor_name"),
                (0, "date"),
                (0, "total"),
                (0, "vendor"),
                (1, "address"),
                (2, "city"),
                (1, "tax_id"),
                (0, "tags"),
                (0, "line_items")
            ]
        );
        assert_eq!(f[0].value, Value::Text("Acme <b>Supplies</b>".into()));
        assert_eq!(f[2].value, Value::Text("1234.5".into()));
        assert_eq!(f[3].value, Value::Nested);
        assert_eq!(f[6].value, Value::Text("—".into()));
        assert_eq!(f[7].value, Value::Text("urgent, paid".into()));
        let Value::Grid(g) = &f[8].value else {
            panic!()
        };
        assert_eq!(g.columns, ["description", "quantity", "amount", "sku"]);
        assert_eq!(
            g.rows,
            [vec!["Paper", "2", "10", ""], vec!["Ink", "", "5.5", "I-1"]]
        );
    }

    #[test]
    fn a_per_page_result_is_one_table_with_a_row_each() {
        let per_page = node(r#"[{"page":1,"total":10,"meta":{"a":1}},{"page":2,"total":null}]"#);
        assert_eq!(
            layout(&per_page),
            Layout::Records(Grid {
                columns: vec!["page".into(), "total".into(), "meta".into()],
                rows: vec![
                    vec!["1".into(), "10".into(), r#"{"a":1}"#.into()],
                    vec!["2".into(), "—".into(), "".into()]
                ],
            })
        );
        assert_eq!(layout(&node("[1,2]")), Layout::Text("1, 2".into()));
        assert_eq!(layout(&node(r#""x""#)), Layout::Text("x".into()));
        assert_eq!(layout(&node("[]")), Layout::Text("".into()));
    }
}
