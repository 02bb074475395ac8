//! Opaque page tokens for the demo list, bound to the filters they page.
//!
//! A token carries an offset and a keyed checksum over (filters, offset), so a
//! tampered token, or one taken from another filter set, is refused with 400
//! as a real cursor API would, instead of silently showing the wrong page.

use super::data::fnv1a;

/// Makes the token for the page starting at `offset` under `filter_key`.
pub fn encode(secret: u64, filter_key: &str, offset: usize) -> String {
    let mac = sign(secret, filter_key, offset);
    format!("c1{mac:016x}{offset:x}")
}

/// Reads a token back; `None` if it was altered or belongs to other filters.
pub fn decode(secret: u64, filter_key: &str, token: &str) -> Option<usize> {
    let rest = token.strip_prefix("c1")?;
    if rest.len() < 17 || !rest.is_ascii() {
        return None;
    }
    let (mac, offset) = rest.split_at(16);
    let mac = u64::from_str_radix(mac, 16).ok()?;
    let offset = usize::from_str_radix(offset, 16).ok()?;
    (mac == sign(secret, filter_key, offset)).then_some(offset)
}

fn sign(secret: u64, filter_key: &str, offset: usize) -> u64 {
    fnv1a(&[
        &secret.to_le_bytes(),
        filter_key.as_bytes(),
        &(offset as u64).to_le_bytes(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let t = encode(9, "status=FAILED", 40);
        assert_eq!(decode(9, "status=FAILED", &t), Some(40));
        assert_eq!(decode(9, "status=RUNNING", &t), None, "foreign filters");
        assert_eq!(decode(10, "status=FAILED", &t), None, "other server");
        let mut tampered = t.clone();
        tampered.pop();
        tampered.push('f');
        assert_eq!(decode(9, "status=FAILED", &tampered), None);
        assert_eq!(decode(9, "status=FAILED", "garbage"), None);
        assert_eq!(decode(9, "status=FAILED", "c1é"), None);
    }
}
