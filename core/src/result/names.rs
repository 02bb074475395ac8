//! What a downloaded result is called: the file it came from and its job,
//! so a folder of downloads says which is which.

use crate::export::safe_name_part;

/// The kinds of download the panel offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Markdown,
    Text,
    Json,
}

impl Kind {
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Markdown => "md",
            Kind::Text => "txt",
            Kind::Json => "json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Kind::Markdown => "text/markdown;charset=utf-8",
            Kind::Text => "text/plain;charset=utf-8",
            Kind::Json => "application/json",
        }
    }
}

/// `invoice-0042_pjb-1a2b.md`: the file's name without its extension (its
/// id while the name is unknown), the job id, the kind's extension.
pub fn file_name(name: Option<&str>, file_id: &str, job_id: &str, kind: Kind) -> String {
    let stem = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.rsplit_once('.').map_or(n, |(s, _)| s).to_string(),
        None => file_id.to_string(),
    };
    let stem: String = safe_name_part(&stem).chars().take(80).collect();
    format!("{stem}_{}.{}", safe_name_part(job_id), kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_which_file_and_job() {
        assert_eq!(
            file_name(Some("invoice-0042.pdf"), "dfl-1", "pjb-9", Kind::Markdown),
            "invoice-0042_pjb-9.md"
        );
        assert_eq!(
            file_name(
                Some("résumé (final) <draft>-0001.docx"),
                "dfl-1",
                "pjb-9",
                Kind::Text
            ),
            "r-sum---final---draft--0001_pjb-9.txt"
        );
        assert_eq!(
            file_name(None, "dfl-1", "ejb-2", Kind::Json),
            "dfl-1_ejb-2.json"
        );
        assert_eq!(
            file_name(Some("  "), "dfl-1", "ejb-2", Kind::Json),
            "dfl-1_ejb-2.json"
        );
    }
}
