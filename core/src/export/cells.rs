//! CSV writing: RFC 4180 fields, and formulas neutralised so exported API
//! text never runs in a spreadsheet.

use std::borrow::Cow;

/// Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets)
/// read a cell as a formula when they come first (OWASP "CSV Injection").
const FORMULA_LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell made inert for spreadsheets: a formula-leading first character gets
/// a `'` in front (OWASP's advice; spreadsheets then show the text as is).
/// Only the first character counts, so `2026-11-20T09:43:00Z` or `bat-1` stay
/// untouched while `-1+1` becomes `'-1+1`.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_LEADS.contains(&c) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// One field as RFC 4180 writes it: quoted, with inner quotes doubled, when
/// it holds a comma, a double quote, CR or LF; as is otherwise.
pub fn quote_field(field: &str) -> Cow<'_, str> {
    if field.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// A cell from the API, ready for the file: neutralised, then quoted.
pub fn csv_cell(value: &str) -> String {
    quote_field(&neutralise(value)).into_owned()
}

/// A whole CSV document: the header row, then one line per row, each line
/// ending in CRLF. Header names are ours and written as they are.
pub fn csv<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| csv_cell(&c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
