//! Security headers on every response.
//!
//! The dashboard shows text that comes from LlamaCloud (file names, error
//! messages) and may hold a personal key in the tab, so a script injected
//! through that text must not run, and the page must not be framed. The
//! Content-Security-Policy allows only this origin's files, plus trunk's
//! inline module loader, which is allowed by the hash of its exact text
//! (computed from the built `index.html` at start) rather than by
//! `'unsafe-inline'`, which would allow any injected script too.

use crate::assets::AppSource;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// `'sha256-…'` sources for every inline `<script>` (one without `src`) in
/// `html`: the hash of the exact text between the tags, as browsers compute it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower`
    // slice `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<script") {
        let tag_start = from + at + "<script".len();
        let Some(tag_len) = lower[tag_start..].find('>') else {
            break;
        };
        let attributes = &lower[tag_start..tag_start + tag_len];
        if !(attributes.is_empty() || attributes.starts_with(|c: char| c.is_ascii_whitespace())) {
            from = tag_start; // `<scripts>` or the like: not a script tag
            continue;
        }
        let body_start = tag_start + tag_len + 1;
        let Some(body_len) = lower[body_start..].find("</script") else {
            break;
        };
        from = body_start + body_len;
        let has_src = attributes
            .split(|c: char| c.is_ascii_whitespace())
            .any(|a| a == "src" || a.starts_with("src="));
        if !has_src {
            let digest = Sha256::digest(&html.as_bytes()[body_start..from]);
            let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("'sha256-{b64}'"));
        }
    }
    hashes
}

/// The Content-Security-Policy for an app whose `index.html` is `html`.
pub fn content_security_policy(html: &str) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for hash in inline_script_hashes(html) {
        script_src.push(' ');
        script_src.push_str(&hash);
    }
    [
        "default-src 'self'",
        &script_src,
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
    .join("; ")
}

/// The policy for the app served. Without a built app there is no inline
/// script to allow, and the policy says so by allowing none.
pub fn policy_for_app(app: &AppSource) -> HeaderValue {
    let html = app.index_html().unwrap_or_default();
    HeaderValue::try_from(content_security_policy(&html))
        .expect("the policy is built from ASCII sources and base64")
}

/// Middleware: adds the policy and the fixed security headers to every
/// response, errors and API answers included.
pub async fn add_headers(State(csp): State<HeaderValue>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<head><script src=\"/a.js\"></script>\
                    <SCRIPT type=\"module\">let a = 1;</SCRIPT>\
                    <scripts><script>b()</script></head>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        let expected = |body: &str| {
            let d = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(d)
            )
        };
        assert_eq!(hashes[0], expected("let a = 1;"));
        assert_eq!(hashes[1], expected("b()"));
    }

    #[test]
    fn known_hash() {
        // sha256("alert(1)"), as any CSP hash tool computes it.
        let html = "<script>alert(1)</script>";
        assert_eq!(
            inline_script_hashes(html),
            ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
        );
    }

    #[test]
    fn policy_without_inline_scripts() {
        let p = content_security_policy("");
        assert!(p.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.ends_with("form-action 'self'"));
    }

    #[test]
    fn unterminated_markup_does_not_panic() {
        assert!(inline_script_hashes("<script").is_empty());
        assert!(inline_script_hashes("<script>never closed").is_empty());
        assert!(inline_script_hashes("<script>é</script>").len() == 1);
    }
}
