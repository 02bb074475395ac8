//! The result panel's part of the batch page's URL:
//! `?file=<source_directory_file_id>` opens a file's result, `view=text`
//! (parse) or `view=json` (extract) picks how it is shown, and `rq=` finds
//! words in it. Read and written with the page's other parameters by
//! [`crate::detail_filters`], so a shared link, a reload and Back/Forward
//! open the same panel.

use super::find::MAX_FIND_LEN;
use super::pages::Mode;
use crate::filters::ParamIssue;
use crate::query;

/// How the result is shown (`view=`): the default (Markdown pages, or the
/// extracted fields as tables), the plain text, or the raw JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Show {
    #[default]
    Default,
    Text,
    Json,
}

impl Show {
    /// The pages' text for a parse result.
    pub fn mode(self) -> Mode {
        match self {
            Show::Text => Mode::Text,
            _ => Mode::Markdown,
        }
    }
}

/// The panel as the URL describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultView {
    /// The file whose result is open; `None`: the panel is closed.
    pub file: Option<String>,
    pub show: Show,
    /// Find in the result, as typed; `None` when blank.
    pub rq: Option<String>,
}

impl ResultView {
    /// The panel open on `file`, shown the default way.
    pub fn open(file: &str) -> Self {
        ResultView {
            file: Some(file.to_string()),
            ..ResultView::default()
        }
    }

    /// The same panel with the find text a person typed; blank clears it.
    pub fn with_find(&self, text: &str) -> Self {
        ResultView {
            rq: Some(text.to_string()).filter(|t| !t.trim().is_empty()),
            ..self.clone()
        }
    }
}

/// A file id as the API makes them (`dfl-…`): letters, digits, `-`, `_`.
fn is_id(v: &str) -> bool {
    let mut b = v.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && v.len() <= 128
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// Reads `file`, `view` and `rq` from the query's pairs; an invalid value
/// is dropped and reported. `view` and `rq` mean nothing without `file`.
pub fn parse(pairs: &[(String, String)], issues: &mut Vec<ParamIssue>) -> ResultView {
    let mut out = ResultView::default();
    for key in ["file", "view", "rq"] {
        let Some((value, checked)) = query::single(pairs, key) else {
            continue;
        };
        let reason = if let Err(reason) = checked {
            Some(reason)
        } else {
            match key {
                "file" if is_id(value.trim()) => {
                    out.file = Some(value.trim().to_string());
                    None
                }
                "file" => Some("is not a file id (like dfl-…)".to_string()),
                "view" => match value.trim().to_ascii_lowercase().as_str() {
                    "text" => {
                        out.show = Show::Text;
                        None
                    }
                    "json" => {
                        out.show = Show::Json;
                        None
                    }
                    "markdown" | "fields" => None,
                    _ => Some("is not a result view (use text or json)".to_string()),
                },
                _ if value.chars().count() > MAX_FIND_LEN => {
                    Some(format!("is longer than {MAX_FIND_LEN} characters"))
                }
                _ => {
                    out.rq = Some(value.to_string());
                    None
                }
            }
        };
        if let Some(reason) = reason {
            issues.push(ParamIssue {
                key: key.to_string(),
                value: value.to_string(),
                reason,
            });
        }
    }
    if out.file.is_none() {
        out = ResultView::default();
    }
    out
}

/// The panel's pairs, to follow the page's own (nothing when closed).
pub fn pairs(r: &ResultView) -> Vec<(&'static str, &str)> {
    let Some(file) = r.file.as_deref() else {
        return Vec::new();
    };
    let mut out = vec![("file", file)];
    match r.show {
        Show::Default => {}
        Show::Text => out.push(("view", "text")),
        Show::Json => out.push(("view", "json")),
    }
    if let Some(q) = r.rq.as_deref().filter(|q| !q.trim().is_empty()) {
        out.push(("rq", q));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> (ResultView, Vec<ParamIssue>) {
        let mut issues = Vec::new();
        (parse(&query::parse_pairs(raw), &mut issues), issues)
    }

    #[test]
    fn reads_and_drops_what_it_cannot_use() {
        let (v, issues) = read("file=dfl-1&view=TEXT&rq=total+due");
        assert_eq!(issues, vec![]);
        assert_eq!(v.file.as_deref(), Some("dfl-1"));
        assert_eq!((v.show, v.rq.as_deref()), (Show::Text, Some("total due")));
        let (v, issues) = read("file=../x&view=json");
        assert_eq!(v, ResultView::default(), "no file, no panel");
        assert_eq!(issues[0].key, "file");
        let (v, issues) = read("file=dfl-1&view=html&rq=");
        assert_eq!((v.show, v.rq), (Show::Default, None));
        let keys: Vec<_> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["view", "rq"]);
        assert_eq!(read("view=json").0, ResultView::default());
    }

    #[test]
    fn pairs_are_what_parse_reads_back() {
        let v = ResultView {
            file: Some("dfl-9".into()),
            show: Show::Json,
            rq: Some("<script>".into()),
        };
        let q = query::build(&pairs(&v));
        assert_eq!(read(&q).0, v);
        assert_eq!(pairs(&ResultView::default()), vec![]);
        assert_eq!(ResultView::open("dfl-2").with_find("  ").rq, None);
    }
}
