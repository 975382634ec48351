//! Case-insensitive header lookup over whatever the caller already has.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Read access to request headers. Names match case-insensitively (RFC 9110 §5.1); when a
/// name repeats, the first value wins.
pub trait Headers {
    /// The value of the header `name`, if present.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| same_name(k.as_ref(), name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str> + Ord, V: AsRef<str>> Headers for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| same_name(k.as_ref(), name))
            .map(|(_, v)| v.as_ref())
    }
}

#[cfg(feature = "std")]
impl<K: AsRef<str>, V: AsRef<str>, S> Headers for std::collections::HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| same_name(k.as_ref(), name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

/// Whether two header names are the same, ignoring ASCII case. Names of equal length mostly
/// differ in their last letter (`…-timestamp`, `…-signature`), so that is checked first. Names
/// nearly always arrive in lower case (HTTP/2 requires it, and most servers normalise them),
/// so a plain byte comparison settles most of the rest; only a pair that differs goes on to the
/// case-folding one, which stops at the first difference (core's `eq_ignore_ascii_case`
/// compares whole 16-byte chunks).
fn same_name(a: &str, b: &str) -> bool {
    let last = |s: &str| s.as_bytes().last().map(u8::to_ascii_lowercase);
    a.len() == b.len()
        && last(a) == last(b)
        && (a == b
            || a.bytes()
                .zip(b.bytes())
                .all(|(x, y)| x.eq_ignore_ascii_case(&y)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_equal_length() {
        let h = [
            ("Webhook-Timestamp", "t"),
            ("WEBHOOK-SIGNATURE", "s"),
            ("webhook-signaturE", "late"),
        ];
        assert_eq!(h.header("webhook-signature"), Some("s"));
        assert_eq!(h.header("webhook-timestamp"), Some("t"));
        assert_eq!(h.header("webhook-timestamq"), None);
        assert_eq!(h.header("webhook-timestamP"), Some("t"));
        assert_eq!(h.header("xebhook-timestamp"), None);
    }

    #[test]
    fn case_insensitive_first_wins() {
        let h = [("Webhook-ID", "a"), ("webhook-id", "b")];
        assert_eq!(h.header("webhook-id"), Some("a"));
        assert_eq!(h.header("WEBHOOK-ID"), Some("a"));
        assert_eq!(h.header("webhook-signature"), None);
    }
}
