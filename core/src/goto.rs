//! "Go to a batch": whatever a person types or pastes, the batch id in it.
//!
//! People paste ids out of chat, logs and tickets, so the text arrives with
//! spaces, quotes (straight, typographic, back-ticks) or Slack's angle
//! brackets around it, or as a whole link: the dashboard's own batch page
//! (`/batches/<id>`, any host, with a query or fragment) or an API URL
//! (`/api/v2/batches/<id>`). An id is checked with the same rule as ids in
//! filter URLs, so an id that passes here is one the page can request.

use crate::detail_filters;
use crate::filters::{self, Zone};
use crate::query;

const WRAPPERS: [char; 10] = ['\'', '"', '`', '‘', '’', '“', '”', '«', '»', '<'];

fn unwrap(mut s: &str) -> &str {
    loop {
        let before = s;
        s = s.trim();
        s = s.strip_prefix(WRAPPERS).unwrap_or(s);
        s = s
            .strip_suffix(WRAPPERS)
            .or_else(|| s.strip_suffix('>'))
            .unwrap_or(s);
        if s == before {
            return s;
        }
    }
}

fn path_of(link: &str) -> &str {
    let rest = match link.find("://") {
        Some(i) => &link[i + 3..],
        None => link.strip_prefix("//").unwrap_or(link),
    };
    // With a scheme or `//`, the host runs to the first `/`.
    let path = if rest.len() != link.len() {
        rest.find('/').map_or("", |i| &rest[i..])
    } else {
        rest
    };
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

fn checked(id: &str) -> Result<String, String> {
    filters::parse_id(id).map_err(|why| {
        if why.starts_with("is longer") {
            format!("That batch id {why}.")
        } else {
            format!("{why}.")
        }
    })
}

/// The batch id in what was typed or pasted, or a sentence saying what to
/// paste instead.
pub fn parse(input: &str) -> Result<String, String> {
    let text = unwrap(input);
    if text.is_empty() {
        return Err("Type or paste a batch id, or a link to a batch's page.".into());
    }
    if !text.contains('/') {
        return checked(text);
    }
    let segments: Vec<&str> = path_of(text).split('/').collect();
    let Some(at) = segments.iter().position(|s| *s == "batches") else {
        return Err(
            "That link does not lead to a batch: paste a link containing /batches/ and an id, or the id itself."
                .into(),
        );
    };
    match segments.get(at + 1).filter(|s| !s.is_empty()) {
        // In a path `+` is itself, not a space.
        Some(seg) => checked(&query::decode(&seg.replace('+', "%2B"))),
        None => Err("That link ends at /batches/ without a batch id after it.".into()),
    }
}

/// Where the box goes: the batch page for the id in `input`, in the zone the
/// list is read in. An unknown id opens that page, which says it was not found.
pub fn target_path(input: &str, tz: Zone) -> Result<String, String> {
    parse(input).map(|id| detail_filters::detail_path(&id, tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ids_with_spaces_and_quotes_around() {
        for typed in [
            "bat-8f3a2c",
            "  bat-8f3a2c\t\n",
            "'bat-8f3a2c'",
            "\"bat-8f3a2c\"",
            "`bat-8f3a2c`",
            "‘bat-8f3a2c’",
            "“bat-8f3a2c”",
            "« bat-8f3a2c »",
            " \" `bat-8f3a2c` \" ",
            "“bat-8f3a2c\"",
        ] {
            assert_eq!(parse(typed), Ok("bat-8f3a2c".into()), "{typed:?}");
        }
        assert_eq!(parse("org:bat_1.v2"), Ok("org:bat_1.v2".into()));
    }

    #[test]
    fn dashboard_links_in_every_shape() {
        for pasted in [
            "https://dash.example.com/batches/bat-42",
            "https://dash.example.com/batches/bat-42?files=failed&tz=utc",
            "https://dash.example.com/batches/bat-42#files",
            "https://dash.example.com/batches/bat-42/",
            "http://127.0.0.1:8080/batches/bat-42?q=a/b#x/y",
            "https://user@dash.example.com:8443/dash/batches/bat-42",
            "//dash.example.com/batches/bat-42",
            "/batches/bat-42",
            "batches/bat-42?tz=utc",
            "<https://dash.example.com/batches/bat-42>",
            " 'https://dash.example.com/batches/bat-42' ",
            "https://dash.example.com/batches/bat%2D42",
        ] {
            assert_eq!(parse(pasted), Ok("bat-42".into()), "{pasted:?}");
        }
        assert_eq!(
            parse("https://dash.example.com/batches/org%3Abat-1"),
            Ok("org:bat-1".into())
        );
    }

    #[test]
    fn api_links() {
        for pasted in [
            "https://api.cloud.llamaindex.ai/api/v2/batches/bat-7",
            "https://api.cloud.llamaindex.ai/api/v2/batches/bat-7?expand=results",
            "/api/v2/batches/bat-7/cancel",
            "GET /api/v2/batches/bat-7",
        ] {
            assert_eq!(parse(pasted), Ok("bat-7".into()), "{pasted:?}");
        }
    }

    #[test]
    fn worded_refusals() {
        assert_eq!(
            parse("  ''  "),
            Err("Type or paste a batch id, or a link to a batch's page.".into())
        );
        assert_eq!(
            parse("https://dash.example.com/?status=FAILED"),
            Err("That link does not lead to a batch: paste a link containing /batches/ and an id, or the id itself.".into())
        );
        assert_eq!(
            parse("https://dash.example.com/batches/?x=1"),
            Err("That link ends at /batches/ without a batch id after it.".into())
        );
        assert_eq!(
            parse("https://dash.example.com/batches/"),
            Err("That link ends at /batches/ without a batch id after it.".into())
        );
        assert_eq!(
            parse("bat 42"),
            Err("\"bat 42\" is not an id (ids use letters, digits, '-', '_', '.' and ':').".into())
        );
        assert_eq!(
            parse("/batches/a+b"),
            Err("\"a+b\" is not an id (ids use letters, digits, '-', '_', '.' and ':').".into())
        );
        assert_eq!(
            parse(&"b".repeat(201)),
            Err("That batch id is longer than 200 characters.".into())
        );
        // A host without a path is not a batch either.
        assert!(parse("https://batches.example.com").is_err());
    }

    #[test]
    fn goes_to_the_batch_page_in_the_list_s_zone() {
        assert_eq!(
            target_path(" “bat-42” ", Zone::Local),
            Ok("/batches/bat-42".into())
        );
        assert_eq!(
            target_path("https://x.example/batches/bat-42?tz=utc", Zone::Utc),
            Ok("/batches/bat-42?tz=utc".into())
        );
        assert!(target_path("", Zone::Utc).is_err());
    }
}
