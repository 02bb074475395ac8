//! Opaque page tokens for the demo list, bound to the filters they page.
//!
//! A token carries a number and an HMAC-SHA256 over (filters, number), so a
//! tampered token, or one taken from another filter set, is refused with 400
//! as a real cursor API would, instead of silently showing the wrong page.
//! The HMAC key is drawn from the OS at start (mixed with the data set's
//! secret), so nobody can compute a valid token offline, and tokens end with
//! the process like a real API's expire.
//!
//! The batch list's number is the index of the last batch of the page
//! before ("after this batch"), so the demo's live world, where batches
//! arrive at the top, neither repeats nor skips one; the job lists' number
//! is an offset.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::OnceLock;

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the MAC kept in a token: 128 bits is far beyond guessing.
const TAG_LEN: usize = 16;

/// This process's random key.
fn process_key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).expect("the OS provides random bytes");
        key
    })
}

/// The MAC over one page's identity, ready to finalize or verify. The
/// filter key's length goes first so no two (filters, offset) pairs share
/// their bytes.
fn mac(secret: u64, filter_key: &str, offset: u64) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(process_key()).expect("HMAC takes any key length");
    mac.update(&secret.to_le_bytes());
    mac.update(&(filter_key.len() as u64).to_le_bytes());
    mac.update(filter_key.as_bytes());
    mac.update(&offset.to_le_bytes());
    mac
}

fn tag(secret: u64, filter_key: &str, offset: u64) -> [u8; TAG_LEN] {
    let full = mac(secret, filter_key, offset).finalize().into_bytes();
    let mut out = [0u8; TAG_LEN];
    out.copy_from_slice(&full[..TAG_LEN]);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes the token for the page starting at `offset` under `filter_key`.
pub fn encode(secret: u64, filter_key: &str, offset: usize) -> String {
    let mac = tag(secret, filter_key, offset as u64);
    format!("c2{}{offset:x}", hex(&mac))
}

/// Reads a token back; `None` if it was altered, belongs to other filters,
/// or was issued by another run of the server.
pub fn decode(secret: u64, filter_key: &str, token: &str) -> Option<usize> {
    let rest = token.strip_prefix("c2")?;
    if rest.len() <= TAG_LEN * 2 || !rest.is_ascii() {
        return None;
    }
    let (mac_hex, offset) = rest.split_at(TAG_LEN * 2);
    let offset = u64::from_str_radix(offset, 16).ok()?;
    let mut given = [0u8; TAG_LEN];
    for (i, byte) in given.iter_mut().enumerate() {
        *byte = u8::from_str_radix(mac_hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    // `verify_truncated_left` compares in constant time.
    mac(secret, filter_key, offset)
        .verify_truncated_left(&given)
        .ok()?;
    usize::try_from(offset).ok()
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
        assert_eq!(decode(9, "status=FAILED", "c2é"), None);
        assert_eq!(
            decode(9, "status=FAILED", &format!("c2{}", "0".repeat(32))),
            None
        );
    }

    #[test]
    fn the_largest_offset_round_trips_without_overflow() {
        let t = encode(9, "", usize::MAX);
        assert_eq!(decode(9, "", &t), Some(usize::MAX));
        let forged = format!("c2{}{:x}", "0".repeat(32), usize::MAX);
        assert_eq!(decode(9, "", &forged), None);
    }

    #[test]
    fn the_old_checksum_tokens_are_refused() {
        assert_eq!(decode(9, "", "c10123456789abcdef28"), None);
    }
}
