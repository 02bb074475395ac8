//! `application/x-www-form-urlencoded` query strings, decoded exactly once.
//!
//! leptos_router 0.8 decodes query values twice (leptos issue #4731), which
//! changes the meaning of a `+` or `%` in a value. The dashboard therefore
//! reads the raw search string and decodes it here, and the demo server uses
//! the same code, so both see repeated keys and odd bytes the same way.

/// Splits a raw query (with or without a leading `?`) into decoded pairs,
/// keeping order and repeats. `+` is a space; a malformed `%` escape is kept
/// literally rather than failing the whole query.
pub fn parse_pairs(raw: &str) -> Vec<(String, String)> {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// Every value `key` has in `pairs`, in order: both pages' parsers report a
/// key given twice with different values, so they need all of them.
pub fn values_of<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The one value of `key`, for a parameter that may appear once: `None` when
/// absent, else the first value as sent (for the report) and either that value
/// or why it is dropped (repeated with different values, or blank). Every
/// page's parser applies this same rule before its own checks.
pub fn single<'a>(
    pairs: &'a [(String, String)],
    key: &str,
) -> Option<(&'a str, Result<&'a str, String>)> {
    let values = values_of(pairs, key);
    let value = *values.first()?;
    let checked = if values.iter().any(|v| *v != value) {
        Err(format!(
            "appears {} times with different values; none was used",
            values.len()
        ))
    } else if value.trim().is_empty() {
        Err("is empty".to_string())
    } else {
        Ok(value)
    };
    Some((value, checked))
}

/// Decodes one component: `+` → space, `%XX` → byte; invalid UTF-8 becomes U+FFFD.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                out.push(hex(b[i + 1]).unwrap_or(0) * 16 + hex(b[i + 2]).unwrap_or(0));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Encodes one component so that any decoder reads it back unchanged: only
/// RFC 3986 unreserved characters and `:` stay literal (so `+`, `%`, `&`,
/// `=` and space are always escaped, and instants stay readable).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(c >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(c & 15) as usize]));
        }
    }
    out
}

/// Joins pairs into a query string without the leading `?`.
pub fn build<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode(k.as_ref()));
        out.push('=');
        out.push_str(&encode(v.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_percent_and_repeats() {
        let p = parse_pairs("?a=1+2&b=%2B%25&a=x&flag&=v&c=%zz%4");
        assert_eq!(
            p,
            vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "+%".into()),
                ("a".into(), "x".into()),
                ("flag".into(), "".into()),
                ("".into(), "v".into()),
                ("c".into(), "%zz%4".into()),
            ]
        );
    }

    #[test]
    fn encode_then_decode_is_identity() {
        for s in [
            "a b+c%d&e=f",
            "2026-11-01T00:00:00+01:00",
            "ünï©ødé",
            "",
            "~._-",
        ] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(encode("2026-11-01T00:00:00Z"), "2026-11-01T00:00:00Z");
        assert_eq!(encode("+01:00 %"), "%2B01:00%20%25");
    }

    #[test]
    fn build_and_parse_agree() {
        let pairs = [("status", "FAILED"), ("page_token", "a+b/c=")];
        assert_eq!(
            parse_pairs(&build(&pairs)),
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        );
    }
}
