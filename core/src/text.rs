//! Small text helpers for what the page says about counts.

/// `1234` → `1,234`: totals are read at a glance, not counted digit by digit.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 batch`, `1,234 batches`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A number as the API's JSON wrote it: `2.5`, `1`, `0.125` (shortest digits
/// that read back the same, no `.0` on whole numbers). Through serde_json's
/// float writer, already in the app for the JSON export, rather than `f64`'s
/// `Display`, whose formatting code and tables cost the wasm 8.7 KB gzip.
pub fn number(x: f64) -> String {
    let s = serde_json::to_string(&x).unwrap_or_default();
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(1, "batch", "batches"), "1 batch");
        assert_eq!(count(2400, "batch", "batches"), "2,400 batches");
    }

    #[test]
    fn numbers_read_as_the_api_wrote_them() {
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.125), "0.125");
        assert_eq!(number(1234.5), "1234.5");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(0.0), "0");
    }
}
