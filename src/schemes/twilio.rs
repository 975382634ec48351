//! Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 of the full URL followed by every POST
//! parameter, sorted by name, as `name + value` (`{url}{sorted_params}`). JSON requests carry
//! `bodySHA256=<hex>` in the query instead: the signature covers the URL only and the body must
//! hash to that value. Twilio signs the URL exactly as configured, so the spellings twilio-node
//! accepts are tried: as given, without the port, and with the scheme's default port.
//! Source: twilio/twilio-node `src/webhooks/webhooks.ts`.
//!
//! The registry entry, and the pure helpers the engine (`crate::candidates`) calls for its
//! `special: Twilio` behaviour.

use alloc::string::String;
use alloc::vec::Vec;

use crate::crypto::{self, CryptoProvider, DigestAlgorithm, Message};
use crate::encoding;
use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Twilio.
    pub static TWILIO {
        id: "twilio",
        name: "Twilio",
        from: [header("x-twilio-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Base64, RAW_KEY)],
        signed_content: "{url}{sorted_params}",
        dangerous_unsigned_body: true,
        dedupe: [header("i-twilio-idempotency-token")],
        special: Twilio,
    }
}

/// The `bodySHA256` a URL names: a JSON request's body digest (hex), signed in its place.
pub(crate) fn body_sha256_param(url: &str) -> Option<&str> {
    query_param(url, "bodySHA256")
}

/// Whether `body` hashes to `expected` (hex, either case), with `crypto`.
pub(crate) fn body_matches_sha256(
    crypto: &dyn CryptoProvider,
    body: &[u8],
    expected: &str,
) -> bool {
    let digest = crypto::digest(crypto, DigestAlgorithm::Sha256, &Message::body(body));
    encoding::hex_encode(digest.as_ref()).eq_ignore_ascii_case(expected)
}

/// The value of a query parameter (not decoded; hex digests need none).
fn query_param<'u>(url: &'u str, name: &str) -> Option<&'u str> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The other spellings of a URL Twilio may have signed: without its port, or with the
/// scheme's default port added. At most one.
pub(crate) fn other_url_spellings(url: &str) -> Vec<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Vec::new();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let (userinfo, host_port) = authority.split_at(host_start);
    let port_sep = match host_port.rfind(']') {
        Some(close) => host_port
            .get(close..)
            .and_then(|s| s.find(':'))
            .map(|i| i + close),
        None => host_port.rfind(':'),
    };
    let other = match port_sep {
        Some(i) => {
            let host = host_port.get(..i).unwrap_or(host_port);
            Some(alloc::format!("{scheme}://{userinfo}{host}{tail}"))
        }
        None => {
            let port = match scheme.to_ascii_lowercase().as_str() {
                "https" => Some("443"),
                "http" => Some("80"),
                _ => None,
            };
            port.map(|port| alloc::format!("{scheme}://{userinfo}{host_port}:{port}{tail}"))
        }
    };
    other.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    #[test]
    fn url_spellings() {
        assert_eq!(
            other_url_spellings("https://u:p@example.com:8443/a?b=1"),
            ["https://u:p@example.com/a?b=1"]
        );
        assert_eq!(
            other_url_spellings("https://example.com/a"),
            ["https://example.com:443/a"]
        );
        assert_eq!(other_url_spellings("http://[::1]/x"), ["http://[::1]:80/x"]);
        assert!(other_url_spellings("ftp://example.com/a").is_empty());
        assert!(other_url_spellings("/relative").is_empty());
    }

    #[test]
    fn body_digest_in_the_query() {
        assert_eq!(
            body_sha256_param("https://x/y?bodySHA256=ab&z=1"),
            Some("ab")
        );
        assert_eq!(body_sha256_param("https://x/y?z=1#bodySHA256=ab"), None);
        let digest = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assert!(body_matches_sha256(&RustCrypto, b"", digest));
        assert!(!body_matches_sha256(&RustCrypto, b"x", digest));
    }
}
