//! Find in a result (`rq=` in the panel's URL): which pages hold the words
//! and how often, over every page (not only the ones on screen), and where
//! in a page's text the matches are, so they can be marked.
//!
//! Matching ignores case and never overlaps: "aaa" holds "aa" once.

use super::pages::Page;
use std::ops::Range;

/// The longest find the URL may carry.
pub const MAX_FIND_LEN: usize = 200;

/// A prepared search: the query's characters folded to lower case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finder {
    needle: Vec<char>,
    ascii: Option<Vec<u8>>,
}

/// A character as matching compares it.
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl Finder {
    /// `None` for a blank query (nothing to find).
    pub fn new(q: &str) -> Option<Self> {
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        let needle: Vec<char> = q.chars().map(fold).collect();
        let ascii = q
            .is_ascii()
            .then(|| q.bytes().map(|b| b.to_ascii_lowercase()).collect());
        Some(Finder { needle, ascii })
    }

    /// The byte ranges of `text` that match, in order.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if let Some(n) = &self.ascii {
            // An ASCII needle can only match ASCII bytes: UTF-8 continuation
            // bytes are all ≥ 0x80, so a byte window is exact and fast.
            let hay = text.as_bytes();
            let mut i = 0;
            while i + n.len() <= hay.len() {
                if hay[i..i + n.len()]
                    .iter()
                    .zip(n)
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
                {
                    out.push(i..i + n.len());
                    i += n.len();
                } else {
                    i += 1;
                }
            }
            return out;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let m = self.needle.len();
        let mut i = 0;
        while i + m <= chars.len() {
            if (0..m).all(|k| fold(chars[i + k].1) == self.needle[k]) {
                let end = chars.get(i + m).map_or(text.len(), |(b, _)| *b);
                out.push(chars[i].0..end);
                i += m;
            } else {
                i += 1;
            }
        }
        out
    }

    /// How many times `text` holds the query.
    pub fn count(&self, text: &str) -> usize {
        self.ranges(text).len()
    }
}

/// The pages that hold the query, with how many matches each, in page
/// order. A failed page is searched in its error.
pub fn per_page(pages: &[Page], finder: &Finder) -> Vec<(u32, usize)> {
    pages
        .iter()
        .filter_map(|p| {
            let text = match &p.body {
                Ok(t) | Err(t) => t,
            };
            let n = finder.count(text);
            (n > 0).then_some((p.number, n))
        })
        .collect()
}

/// `text` cut into pieces, each marked whether it is a match: what a page
/// shows with its matches highlighted (built as elements, never as HTML).
pub fn pieces<'a>(text: &'a str, finder: Option<&Finder>) -> Vec<(&'a str, bool)> {
    let Some(f) = finder else {
        return vec![(text, false)];
    };
    let mut out = Vec::new();
    let mut at = 0;
    for r in f.ranges(text) {
        if r.start > at {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push((&text[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32, body: Result<&str, &str>) -> Page {
        Page {
            number: n,
            body: body.map(str::to_string).map_err(str::to_string),
        }
    }

    #[test]
    fn counts_per_page_ignoring_case_over_every_page() {
        let pages: Vec<Page> = (1..=2_000)
            .map(|i| {
                page(
                    i,
                    Ok(if i % 500 == 0 {
                        "Total: 12 TOTAL total"
                    } else {
                        "nothing"
                    }),
                )
            })
            .chain([page(2_001, Err("Total OCR failure"))])
            .collect();
        let f = Finder::new(" total ").unwrap();
        assert_eq!(
            per_page(&pages, &f),
            [(500, 3), (1_000, 3), (1_500, 3), (2_000, 3), (2_001, 1)]
        );
        assert_eq!(Finder::new("   "), None);
    }

    #[test]
    fn matches_do_not_overlap_and_non_ascii_folds() {
        assert_eq!(Finder::new("aa").unwrap().count("aaa"), 1);
        let f = Finder::new("RÉSUMÉ").unwrap();
        let text = "Mon résumé, ton Résumé.";
        assert_eq!(f.count(text), 2);
        let marked: Vec<_> = pieces(text, Some(&f))
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert_eq!(marked, ["résumé", "Résumé"]);
    }

    #[test]
    fn pieces_put_the_text_back_together() {
        let f = Finder::new("<script>").unwrap();
        let text = "a <SCRIPT>alert(1)</script> b <script>";
        let p = pieces(text, Some(&f));
        assert_eq!(p.iter().map(|x| x.0).collect::<String>(), text);
        assert_eq!(p.iter().filter(|x| x.1).count(), 2);
        assert_eq!(pieces("plain", None), [("plain", false)]);
        assert_eq!(pieces("", Some(&f)), [("", false)]);
    }
}
