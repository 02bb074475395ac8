//! Which page an address shows: the list (`/`), one batch (`/batches/{id}`)
//! or "not found". Shared by the app's router and the server (which preloads
//! the list's first request only for the list's own address), so both agree
//! on what a path means, and tested natively.

/// The page a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page<'a> {
    /// `/`: the batch list.
    List,
    /// `/batches/{id}`: one batch; the id as the path carries it (still
    /// percent-encoded, as `location.pathname` gives it).
    Batch(&'a str),
    /// Anything else.
    NotFound,
}

impl<'a> Page<'a> {
    /// The page `path` (no query, no fragment) shows. A trailing slash is
    /// tolerated, as links typed by hand often carry one.
    pub fn of(path: &'a str) -> Page<'a> {
        let trimmed = path.strip_suffix('/').unwrap_or(path);
        if trimmed.is_empty() {
            return Page::List;
        }
        match trimmed.strip_prefix("/batches/") {
            Some(id) if !id.is_empty() && !id.contains('/') => Page::Batch(id),
            _ => Page::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn the_root_is_the_list() {
        assert_eq!(Page::of("/"), Page::List);
        assert_eq!(Page::of(""), Page::List);
    }

    #[test]
    fn a_batch_path_names_its_id() {
        assert_eq!(Page::of("/batches/bat-1"), Page::Batch("bat-1"));
        assert_eq!(Page::of("/batches/bat-1/"), Page::Batch("bat-1"));
        assert_eq!(Page::of("/batches/a%20b"), Page::Batch("a%20b"));
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/batches",
            "/batches/",
            "/batches/a/b",
            "/nope",
            "/index.html",
            "//",
        ] {
            assert_eq!(Page::of(path), Page::NotFound, "{path}");
        }
    }
}
