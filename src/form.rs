//! `application/x-www-form-urlencoded` bodies (Slack commands, Twilio, Mailgun's legacy routes).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// The decoded value of the first field `name`, if the body has one.
pub(crate) fn field<'a>(body: &'a [u8], name: &str) -> Option<Cow<'a, str>> {
    pairs(body).find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Every `(key, value)` pair, percent- and `+`-decoded; invalid UTF-8 is replaced.
pub(crate) fn pairs(body: &[u8]) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    body.split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let mut kv = pair.splitn(2, |&b| b == b'=');
            let key = kv.next().unwrap_or_default();
            let value = kv.next().unwrap_or_default();
            (decode(key), decode(value))
        })
}

/// The parameters as `{sorted_params}` signs them: names sorted by UTF-16 code unit (as
/// JavaScript sorts, so as twilio-node does), each name's values de-duplicated and sorted,
/// concatenated as `name + value` with no separator.
pub(crate) fn sorted_params(body: &[u8]) -> String {
    let mut groups: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
    for (name, value) in pairs(body) {
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => groups.push((name, alloc::vec![value])),
        }
    }
    groups.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    let mut out = String::new();
    for (name, mut values) in groups {
        values.sort_by(|a, b| utf16_cmp(a, b));
        values.dedup();
        for value in values {
            out.push_str(&name);
            out.push_str(&value);
        }
    }
    out
}

fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn decode(raw: &[u8]) -> Cow<'_, str> {
    if !raw.iter().any(|&b| b == b'%' || b == b'+') {
        return String::from_utf8_lossy(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| core::str::from_utf8(h).ok());
                if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(v);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_fields() {
        let body = b"a=1&b=hello+world&c=%2Fwebhook-collect&bad=%zz&empty=&a=2";
        assert_eq!(field(body, "a").as_deref(), Some("1"));
        assert_eq!(field(body, "b").as_deref(), Some("hello world"));
        assert_eq!(field(body, "c").as_deref(), Some("/webhook-collect"));
        assert_eq!(field(body, "bad").as_deref(), Some("%zz"));
        assert_eq!(field(body, "empty").as_deref(), Some(""));
        assert_eq!(field(body, "none"), None);
        assert_eq!(pairs(body).count(), 6);
    }

    #[test]
    fn params_sorted_and_deduplicated() {
        assert_eq!(sorted_params(b"b=2&a=1&b=1&b=2&c=%20"), "a1b1b2c ");
    }
}
