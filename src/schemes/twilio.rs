//! Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 of the full URL followed by every POST
//! parameter, sorted by name, as `name + value`. JSON requests carry `bodySHA256=<hex>` in the
//! query instead: the signature covers the URL only and the body must hash to that value.
//! Twilio signs the URL exactly as configured, so the spellings twilio-node accepts are tried:
//! as given, without the port, and with the scheme's default port.
//! Source: twilio/twilio-node `src/webhooks/webhooks.ts`.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::algorithm::{self, Content, Parts};
use crate::encoding;
use crate::error::VerifyError;
use crate::form;
use crate::headers::Headers;
use crate::spec::{Algorithm, Encoding};
use crate::template::BODY_ONLY;
use crate::verify::{self, DedupeKey, Request, Verified, Verifier};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Twilio.
    pub static TWILIO {
        id: "twilio",
        name: "Twilio",
        from: [header("x-twilio-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Base64, RAW_KEY)],
        signed_content: "{url}{body}",
        dedupe: [header("i-twilio-idempotency-token")],
        special: Twilio,
    }
}

pub(crate) fn verify<'a, H: Headers + ?Sized>(
    verifier: &'a Verifier,
    request: &Request<'a, H>,
) -> Result<Verified<'a>, VerifyError> {
    let spec = verifier.scheme();
    let (signature, sig_source) =
        verify::find(&spec.signature.from, request, None).ok_or_else(|| {
            VerifyError::MissingHeader {
                name: spec
                    .signature
                    .from
                    .first()
                    .map(|s| s.name().clone())
                    .unwrap_or_default(),
            }
        })?;
    let url = request.url.ok_or(VerifyError::MissingUrl)?;
    let body_sha256 = query_param(url, "bodySHA256");
    let params = match body_sha256 {
        Some(_) => String::new(),
        None => sorted_params(request.body()),
    };

    let mut outcome = Err(VerifyError::NoMatchingSignature { candidates: 0 });
    for variant in url_variants(url) {
        let mut signed = variant.into_owned();
        signed.push_str(&params);
        let content = Content {
            pieces: BODY_ONLY,
            parts: Parts {
                body: signed.as_bytes(),
                ..Parts::default()
            },
        };
        outcome = verifier.match_signature(&signature, sig_source, &content);
        if !matches!(outcome, Err(VerifyError::NoMatchingSignature { .. })) {
            break;
        }
    }
    let key_index = outcome?;

    if let Some(expected) = body_sha256 {
        let actual = encoding::hex_encode(&algorithm::sha256(request.body()));
        if !actual.eq_ignore_ascii_case(expected) {
            return Err(VerifyError::BodyDigestMismatch);
        }
    }
    let dedupe = verify::find(&spec.dedupe, request, None).map(|(v, _)| v);
    Ok(Verified {
        scheme: &spec.id,
        key_index,
        timestamp: None,
        id: dedupe.clone(),
        dedupe_key: dedupe.map_or_else(
            || DedupeKey::BodySha256(algorithm::sha256(request.body())),
            DedupeKey::Value,
        ),
        body: request.body(),
    })
}

/// The signed content for a URL: `url + Σ sorted(name + value)`.
pub(crate) fn signed_content(url: &str, body: &[u8]) -> String {
    let mut s = String::from(url);
    if query_param(url, "bodySHA256").is_none() {
        s.push_str(&sorted_params(body));
    }
    s
}

/// Names sorted by UTF-16 code unit (as JavaScript sorts), each name's values de-duplicated
/// and sorted, concatenated as `name + value`.
fn sorted_params(body: &[u8]) -> String {
    let mut groups: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
    for (name, value) in form::pairs(body) {
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

/// The value of a query parameter (not decoded; hex digests need none).
fn query_param<'u>(url: &'u str, name: &str) -> Option<&'u str> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The URL as given, without its port, and with the default port added.
fn url_variants(url: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let mut variants: Vec<Cow<'_, str>> = alloc::vec![Cow::Borrowed(url)];
    if let Some((scheme, rest)) = url.split_once("://") {
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
        match port_sep {
            Some(i) => {
                let host = host_port.get(..i).unwrap_or(host_port);
                variants.push(Cow::Owned(alloc::format!(
                    "{scheme}://{userinfo}{host}{tail}"
                )));
            }
            None => {
                let port = match scheme.to_ascii_lowercase().as_str() {
                    "https" => Some("443"),
                    "http" => Some("80"),
                    _ => None,
                };
                if let Some(port) = port {
                    variants.push(Cow::Owned(alloc::format!(
                        "{scheme}://{userinfo}{host_port}:{port}{tail}"
                    )));
                }
            }
        }
    }
    variants.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_spellings() {
        let v: Vec<_> = url_variants("https://u:p@example.com:8443/a?b=1").collect();
        assert_eq!(
            v,
            [
                "https://u:p@example.com:8443/a?b=1",
                "https://u:p@example.com/a?b=1"
            ]
        );
        let v: Vec<_> = url_variants("https://example.com/a").collect();
        assert_eq!(v, ["https://example.com/a", "https://example.com:443/a"]);
        let v: Vec<_> = url_variants("http://[::1]/x").collect();
        assert_eq!(v, ["http://[::1]/x", "http://[::1]:80/x"]);
    }

    #[test]
    fn params_sorted_and_deduplicated() {
        assert_eq!(sorted_params(b"b=2&a=1&b=1&b=2&c=%20"), "a1b1b2c ");
        assert_eq!(
            query_param("https://x/y?bodySHA256=ab&z=1", "bodySHA256"),
            Some("ab")
        );
    }
}
