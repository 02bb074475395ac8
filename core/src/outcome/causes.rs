//! Failures grouped by cause: "which files failed, and why?" at a glance.
//!
//! Messages differ in ids, numbers and quoted values ("schema field 'total'
//! missing on page 7" / "… 'amount' … page 27"); [`normalise`] removes those
//! so one cause is one group, and [`cause_key`] names the group in a URL.

use super::Outcome;

/// One cause: the failed files whose errors normalise to the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// Stable across reloads, builds and machines: the `cause=` URL value.
    pub key: String,
    /// The normalised message, readable as a group's title.
    pub label: String,
    /// One real message of the group (the first in the batch's order).
    pub example: String,
    pub count: u64,
}

/// The text a failure is grouped by: quoted values become `'…'`, ids
/// (`pjb-…`, `dfl-…`, UUIDs, long hex) `…`, numbers (`2,400`, `1.5`) `#`,
/// and white space is collapsed. Case is kept for reading; the key ignores it.
pub fn normalise(message: &str) -> String {
    let unquoted = strip_quoted(message);
    let mut out = String::with_capacity(unquoted.len());
    let chars: Vec<char> = unquoted.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_word(c) {
            let start = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            if is_id(&token) {
                out.push('…');
            } else {
                push_without_numbers(&token, &mut out);
            }
            continue;
        }
        if c.is_ascii_digit() {
            push_without_numbers(&c.to_string(), &mut out);
        } else if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    // "2,400" splits into "#,#" around the comma: one number.
    let mut s = out.trim().to_string();
    for joined in ["#,#", "#.#"] {
        while s.contains(joined) {
            s = s.replace(joined, "#");
        }
    }
    s
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// `pjb-0f3a…`-style prefixed ids, UUIDs and long hex strings.
fn is_id(token: &str) -> bool {
    let hexish = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    if let Some((prefix, rest)) = token.split_once('-') {
        if (2..=5).contains(&prefix.len())
            && prefix.chars().all(|c| c.is_ascii_lowercase())
            && rest.len() >= 6
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && rest.chars().any(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    let uuid = token.len() == 36 && hexish(token) && token.matches('-').count() == 4;
    uuid || (token.len() >= 12 && has_digit && hexish(token) && !token.contains('-'))
}

/// Digit runs become `#`; letters and the rest stay ("2400-page" → "#-page").
fn push_without_numbers(token: &str, out: &mut String) {
    let mut in_number = false;
    for c in token.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
}

/// Replaces `'x'` and `"x"` by `'…'` / `"…"`. A quote opens only after a
/// non-letter (so "can't" is an apostrophe) and closes at the next same
/// quote followed by a non-letter.
fn strip_quoted(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = (c == '\'' || c == '"') && (i == 0 || !chars[i - 1].is_alphanumeric());
        if opens {
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == c && chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()));
            if let Some(j) = close {
                out.push(c);
                out.push('…');
                out.push(c);
                i = j + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The `cause=` value for a normalised message: 12 hex digits of FNV-1a
/// over its lower-case form. Hand-written (six lines) because std's hasher
/// is not promised stable across releases, and a shared link must be.
pub fn cause_key(normalised: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalised.to_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// The cause key of a failed outcome; `None` for anything that did not fail.
/// A FAILED job without a message has the key of the empty message.
pub fn key_of(o: &Outcome) -> Option<String> {
    o.is_failure()
        .then(|| cause_key(&normalise(o.error().unwrap_or(""))))
}

/// The failed files' causes, biggest first; equal counts by label, so the
/// order never changes between refreshes of the same data.
pub fn group(outcomes: &[Outcome]) -> Vec<Cause> {
    let mut groups: Vec<Cause> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for o in outcomes.iter().filter(|o| o.is_failure()) {
        let message = o.error().unwrap_or("");
        let label = normalise(message);
        let key = cause_key(&label);
        match index.get(&key) {
            Some(&i) => {
                let g: &mut Cause = &mut groups[i];
                g.count += 1;
            }
            None => {
                index.insert(key.clone(), groups.len());
                groups.push(Cause {
                    key,
                    label: if label.is_empty() {
                        "(no error message)".into()
                    } else {
                        label
                    },
                    example: message.to_string(),
                    count: 1,
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.key.cmp(&b.key))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JobStatus;

    fn failed(msg: &str) -> Outcome {
        Outcome::Job {
            status: JobStatus::Failed,
            error: Some(msg.into()),
            credits: None,
        }
    }

    #[test]
    fn ids_numbers_and_quoted_values_are_normalised_out() {
        let n = normalise;
        assert_eq!(
            n("schema field 'total' missing on page 7"),
            n("schema field 'amount' missing on page 27")
        );
        assert_eq!(
            n("schema field 'total' missing on page 7"),
            "schema field '…' missing on page #"
        );
        assert_eq!(
            n("Job pjb-0f3a9c2e11d04b7a failed for dfl-00ab12cd34ef5678"),
            "Job … failed for …"
        );
        assert_eq!(
            n("request 123e4567-e89b-12d3-a456-426614174000 timed out"),
            "request … timed out"
        );
        assert_eq!(n("trace 9f86d081884c7d65 lost"), "trace … lost");
        assert_eq!(
            n("out of memory while processing a 2,400-page document"),
            n("out of memory while processing a 312-page document")
        );
        assert_eq!(
            n("File exceeds the 400 MB limit (512.4 MB)"),
            "File exceeds the # MB limit (# MB)"
        );
        assert_eq!(
            n(r#"Unexpected token '<' in "<html><body>Bad Gateway</body></html>" from OCR worker"#),
            r#"Unexpected token '…' in "…" from OCR worker"#
        );
        assert_eq!(
            n("can't open  the\tfile's header"),
            "can't open the file's header",
            "apostrophes stay"
        );
        assert_eq!(n("parse_v2 worker"), "parse_v# worker");
        assert_eq!(
            n("<img src=x onerror=alert(1)>"),
            "<img src=x onerror=alert(#)>"
        );
        assert_ne!(n("timed out"), n("out of memory"));
    }

    #[test]
    fn keys_are_stable_url_safe_and_ignore_case() {
        let k = cause_key("schema field '…' missing on page #");
        assert_eq!(k.len(), 12);
        assert!(k.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(k, cause_key("SCHEMA field '…' missing on page #"));
        assert_ne!(k, cause_key("timed out after # s"));
        // Pinned: a shared link must keep working in the next build.
        assert_eq!(
            cause_key(""),
            format!("{:012x}", 0xcbf2_9ce4_8422_2325u64 >> 16)
        );
    }

    #[test]
    fn groups_biggest_first_with_a_stable_tie_order() {
        let outcomes = vec![
            failed("timed out after 1800 s"),
            failed("schema field 'total' missing on page 7"),
            Outcome::NoJob {
                error: Some("File is empty (0 bytes)".into()),
            },
            failed("schema field 'amount' missing on page 27"),
            Outcome::Job {
                status: JobStatus::Completed,
                error: None,
                credits: None,
            },
            Outcome::Job {
                status: JobStatus::Cancelled,
                error: Some("cancelled by user".into()),
                credits: None,
            },
            failed("Schema field 'vendor' missing on page 3"),
            failed("timed out after 900 s"),
            Outcome::Job {
                status: JobStatus::Failed,
                error: None,
                credits: None,
            },
            Outcome::Checking,
            Outcome::NoJob { error: None },
        ];
        let groups = group(&outcomes);
        let summary: Vec<(&str, u64, &str)> = groups
            .iter()
            .map(|g| (g.label.as_str(), g.count, g.example.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "schema field '…' missing on page #",
                    3,
                    "schema field 'total' missing on page 7"
                ),
                ("timed out after # s", 2, "timed out after 1800 s"),
                ("(no error message)", 1, ""),
                ("File is empty (# bytes)", 1, "File is empty (0 bytes)"),
            ]
        );
        assert_eq!(
            groups.iter().map(|g| g.count).sum::<u64>(),
            7,
            "only failures"
        );
        assert_eq!(
            key_of(&outcomes[1]).as_deref(),
            Some(groups[0].key.as_str())
        );
        assert_eq!(key_of(&outcomes[4]), None);
        // The same data in another order groups the same way.
        let mut reversed = outcomes.clone();
        reversed.reverse();
        let again: Vec<_> = group(&reversed)
            .into_iter()
            .map(|g| (g.key, g.count))
            .collect();
        assert_eq!(
            again,
            groups
                .iter()
                .map(|g| (g.key.clone(), g.count))
                .collect::<Vec<_>>()
        );
    }
}
