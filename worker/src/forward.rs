//! Forwarding to the origin: the **original bytes** and the inbound headers the route's policy
//! keeps, plus hookgate's own headers and signatures. Nothing is parsed or re-serialized, so the
//! origin can still verify the provider's signature itself.
//!
//! hookgate's headers and signatures are the core's (`hookgate::forwarded`): its Standard
//! Webhooks signature under `hookgate-webhook-{id,timestamp,signature}` (not the standard
//! `webhook-*` names, which a Standard Webhooks provider's own signature already uses), the
//! metadata of its verdict, and `hookgate-metadata-signature` over both.

use core::pin::pin;
use core::time::Duration;

use futures_util::future::{Either, select};
use hookgate::forwarded;
use hookgate::{ConfigError, SignError, UnixTime};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use worker::js_sys::Promise;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{Delay, web_sys};

use crate::config::HeaderPolicy;
use crate::text::hex;

pub(crate) use forwarded::{
    HEADER_BODY_SIGNED, HEADER_DEDUPE_KEY, HEADER_DEDUPE_KEY_SIGNED, HEADER_SCHEME,
    HEADER_VERIFIED, verified_value,
};

/// Shadow mode only: why verification failed.
pub(crate) const HEADER_VERIFY_ERROR: &str = "hookgate-verify-error";
/// On the answer to the provider: this event was delivered before and was not forwarded again.
pub(crate) const HEADER_DUPLICATE: &str = "hookgate-duplicate";
/// Credentials a shadow route never forwards unless its `forward_headers.allow` names them:
/// the request may not be from the provider, and the origin may act on them.
const CREDENTIALS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

/// Hop-by-hop and framing headers: the runtime sets its own.
const HOP_BY_HOP: [&str; 11] = [
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether an inbound header is dropped whatever the policy: hop-by-hop headers, Cloudflare's
/// `cf-*`, and any `hookgate-*` a sender put there to impersonate the gateway.
fn always_dropped(name: &str) -> bool {
    HOP_BY_HOP.contains(&name) || name.starts_with("hookgate-") || name.starts_with("cf-")
}

/// The inbound headers to forward under `policy`, names in lower case, order kept. A shadow
/// route (`shadow`) also drops [`CREDENTIALS`] unless `policy` allows them by name.
pub(crate) fn forwarded_headers(
    policy: &HeaderPolicy,
    shadow: bool,
    inbound: &[(String, String)],
) -> Vec<(String, String)> {
    inbound
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .filter(|(n, _)| !always_dropped(n))
        .filter(|(n, _)| match policy {
            HeaderPolicy::All => !(shadow && CREDENTIALS.contains(&n.as_str())),
            HeaderPolicy::Allow(names) => names.iter().any(|a| a == n),
            HeaderPolicy::Deny(names) => {
                !(names.iter().any(|d| d == n) || (shadow && CREDENTIALS.contains(&n.as_str())))
            }
        })
        .collect()
}

/// `value` as a header value: unchanged when it is visible ASCII (spaces inside allowed) without
/// `%`, otherwise with every other byte, `%` and a space at either end percent-encoded (a
/// dedupe key read from a JSON body may hold any character; the runtime refuses non-Latin-1
/// header values, control characters must never pass, HTTP trims spaces at the ends, and an
/// encoded `%` makes the encoding reversible).
pub(crate) fn header_safe(value: &str) -> String {
    use core::fmt::Write as _;
    let plain = |b: u8| b.is_ascii_graphic() && b != b'%';
    let inner = value.trim_matches(' ');
    if inner.len() == value.len() && value.bytes().all(|b| b == b' ' || plain(b)) {
        return value.to_owned();
    }
    let last = value.len().saturating_sub(1);
    value
        .bytes()
        .enumerate()
        .fold(String::with_capacity(value.len() * 3), |mut out, (i, b)| {
            if plain(b) || (b == b' ' && i != 0 && i != last) {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
            out
        })
}

/// The message id of hookgate's own signature, from `identity`, the signed data that
/// identifies the event (its dedupe key when the provider's signature covers it, else its
/// replay key): stable per route and event, so the origin can deduplicate by it, and never
/// taken from a value a sender could change without breaking the signature. (`hg_` + 32 hex
/// digits; no `.`, which Standard Webhooks forbids.)
pub(crate) fn message_id(route_id: &str, scheme: &str, identity: &str) -> String {
    let mut h = Sha256::new();
    for part in [route_id, scheme, identity] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    format!("hg_{}", hex(digest.get(..16).unwrap_or_default()))
}

/// Checks that `origin_secret` can sign hookgate's signatures.
///
/// # Errors
/// The core's [`ConfigError`] for the key (empty, whitespace, not base64, …).
pub(crate) fn check_origin_secret(origin_secret: &str) -> Result<(), ConfigError> {
    forwarded::check_origin_secret(origin_secret)
}

/// hookgate's signatures for one attempt: its Standard Webhooks signature over `body`
/// (`hookgate-webhook-*`) and the metadata signature over it and the metadata headers among
/// `headers` (the outbound ones).
///
/// # Errors
/// [`SignError`] when the origin secret is not a usable `whsec_` key.
pub(crate) fn signature_headers(
    origin_secret: &str,
    id: &str,
    now: UnixTime,
    body: &[u8],
    headers: &[(String, String)],
) -> Result<Vec<(String, String)>, SignError> {
    forwarded::sign_forward(origin_secret, id, now, body, headers)
}

/// How the origin answered.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// A 2xx: the event is delivered. (The runtime's response: a sync route passes it on, an
    /// async one discards its body.)
    Accepted(web_sys::Response),
    /// Any other status (redirects are not followed).
    Rejected(u16),
    /// No answer within the route's timeout; the request was aborted.
    Timeout,
    /// The connection failed (the message is the runtime's, bounded, with the origin URL
    /// replaced: an incoming-webhook URL is a credential).
    Unreachable(String),
}

#[wasm_bindgen]
extern "C" {
    /// The runtime's global `fetch(url, init)`, called directly: `worker::Fetch` would first
    /// build a `worker::Request`, which reads the request's `cf` object across the JS boundary
    /// on every call (a measurable share of the gateway's own CPU time).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &web_sys::RequestInit) -> Result<Promise, JsValue>;
}

/// POSTs `body` (a `Uint8Array` or a string) with `headers` to `origin`, giving up after
/// `timeout_ms`.
///
/// # Errors
/// Only when the runtime refuses to build the request (a header or URL it rejects).
pub(crate) async fn send(
    origin: &str,
    headers: &[(String, String)],
    body: &JsValue,
    timeout_ms: u64,
) -> worker::Result<Outcome> {
    let outbound = web_sys::Headers::new()?;
    for (name, value) in headers {
        outbound.append(name, value)?;
    }
    let controller = web_sys::AbortController::new()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&outbound);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_body(body);
    init.set_signal(Some(&controller.signal()));

    let sending = pin!(JsFuture::from(global_fetch(origin, &init)?));
    let deadline = pin!(Delay::from(Duration::from_millis(timeout_ms)));
    Ok(match select(sending, deadline).await {
        Either::Left((Ok(response), _)) => {
            let response: web_sys::Response = response.dyn_into()?;
            let status = response.status();
            if (200..300).contains(&status) {
                Outcome::Accepted(response)
            } else {
                Outcome::Rejected(status)
            }
        }
        Either::Left((Err(e), _)) => {
            let message = worker::Error::from(e)
                .to_string()
                .replace(origin, "<origin>");
            Outcome::Unreachable(crate::text::bounded(&message, 200))
        }
        Either::Right(((), _)) => {
            controller.abort();
            Outcome::Timeout
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn provider_headers_pass_and_spoofed_gateway_headers_do_not() {
        let inbound = h(&[
            ("Stripe-Signature", "t=1,v1=ab"),
            ("content-type", "application/json"),
            ("hookgate-verified", "true"),
            ("Hookgate-Webhook-Signature", "v1,forged"),
            ("cf-connecting-ip", "1.2.3.4"),
            ("connection", "keep-alive"),
            ("content-length", "12"),
            ("host", "example.com"),
        ]);
        let out = forwarded_headers(&HeaderPolicy::All, false, &inbound);
        assert_eq!(
            out,
            h(&[
                ("stripe-signature", "t=1,v1=ab"),
                ("content-type", "application/json")
            ])
        );
    }

    #[test]
    fn allow_and_deny_policies() {
        let inbound = h(&[("a", "1"), ("B", "2"), ("hookgate-scheme", "x")]);
        let allow = HeaderPolicy::Allow(vec!["b".into(), "hookgate-scheme".into()]);
        assert_eq!(forwarded_headers(&allow, false, &inbound), h(&[("b", "2")]));
        let deny = HeaderPolicy::Deny(vec!["a".into()]);
        assert_eq!(forwarded_headers(&deny, false, &inbound), h(&[("b", "2")]));
    }

    #[test]
    fn shadow_routes_forward_credentials_only_when_allowed_by_name() {
        let inbound = h(&[
            ("Authorization", "Bearer t"),
            ("Cookie", "s=1"),
            ("Proxy-Authorization", "Basic x"),
            ("x-a", "1"),
        ]);
        let deny = HeaderPolicy::Deny(vec!["x-b".into()]);
        for policy in [&HeaderPolicy::All, &deny] {
            assert_eq!(
                forwarded_headers(policy, true, &inbound),
                h(&[("x-a", "1")])
            );
        }
        let allow = HeaderPolicy::Allow(vec!["authorization".into(), "x-a".into()]);
        assert_eq!(
            forwarded_headers(&allow, true, &inbound),
            h(&[("authorization", "Bearer t"), ("x-a", "1")])
        );
        // An enforcing route forwards them (a provider may authenticate with them).
        assert_eq!(
            forwarded_headers(&HeaderPolicy::All, false, &inbound).len(),
            3
        );
    }

    #[test]
    fn header_values_are_made_safe() {
        assert_eq!(header_safe("evt_123 abc"), "evt_123 abc");
        assert_eq!(header_safe("é\r\nx-evil: 1"), "%C3%A9%0D%0Ax-evil: 1");
        assert_eq!(header_safe("50%\u{7f}"), "50%25%7F");
        assert_eq!(
            header_safe("50%"),
            "50%25",
            "a % is always encoded: decoding is exact"
        );
        assert_eq!(
            header_safe(" a b "),
            "%20a b%20",
            "HTTP would trim the ends"
        );
    }

    #[test]
    fn message_id_is_stable_and_standard() {
        let a = message_id("r", "stripe", "evt_1");
        assert_eq!(a, message_id("r", "stripe", "evt_1"));
        assert_ne!(a, message_id("r2", "stripe", "evt_1"));
        assert!(a.starts_with("hg_") && a.len() == 35 && !a.contains('.'));
    }

    #[test]
    fn signatures_verify_with_the_core() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"id":"evt_1"}"#;
        let now = UnixTime::from_secs(1_700_000_000);
        let mut headers = h(&[
            (HEADER_VERIFIED, "true"),
            (HEADER_SCHEME, "stripe"),
            (HEADER_DEDUPE_KEY, "evt_1"),
            (HEADER_DEDUPE_KEY_SIGNED, "true"),
            (HEADER_BODY_SIGNED, "true"),
        ]);
        let signed = signature_headers(secret, "hg_1", now, body, &headers).unwrap();
        headers.extend(signed);
        // What an origin does: hookgate's body signature under the standard names…
        let standard: Vec<(String, String)> = headers
            .iter()
            .filter_map(|(n, v)| Some((n.strip_prefix("hookgate-")?.to_owned(), v.clone())))
            .collect();
        let verifier =
            hookgate::Verifier::new(&hookgate::schemes::STANDARD_WEBHOOKS, &[secret]).unwrap();
        let options = hookgate::VerifyOptions::at(now);
        let ok = verifier
            .verify(&hookgate::Request::new(&standard, body), &options)
            .unwrap();
        assert_eq!(ok.id(), Some("hg_1"));
        // …or both signatures with the core's receiver (the npm package's GatewayWebhook).
        let receiver = forwarded::Receiver::new(&[secret]).unwrap();
        let ok = receiver
            .verify(&hookgate::Request::new(&headers, body), &options)
            .unwrap();
        assert_eq!((ok.scheme(), ok.dedupe_key()), ("stripe", "evt_1"));
    }
}
