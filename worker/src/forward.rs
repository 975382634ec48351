//! Forwarding to the origin: the **original bytes** and the inbound headers the route's policy
//! keeps, plus hookgate's own headers and its Standard Webhooks signature. Nothing is parsed or
//! re-serialized, so the origin can still verify the provider's signature itself.
//!
//! The signature goes under `hookgate-webhook-{id,timestamp,signature}`, not the standard
//! `webhook-*` names, which a Standard Webhooks provider's own signature already uses.

use core::pin::pin;
use core::time::Duration;

use futures_util::future::{Either, select};
use hookgate::{ConfigError, SignError, UnixTime, schemes};
use hookgate::{SignInput, check_signing_key, sign};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use worker::js_sys::Promise;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{Delay, web_sys};

use crate::config::HeaderPolicy;
use crate::text::hex;

/// `true` when hookgate verified the provider's signature, `false` in shadow mode when it did not.
pub(crate) const HEADER_VERIFIED: &str = "hookgate-verified";
/// The scheme id the request was verified against.
pub(crate) const HEADER_SCHEME: &str = "hookgate-scheme";
/// The dedupe key (provider event id, or `sha256:<hex>` of the body).
pub(crate) const HEADER_DEDUPE_KEY: &str = "hookgate-dedupe-key";
/// Shadow mode only: why verification failed.
pub(crate) const HEADER_VERIFY_ERROR: &str = "hookgate-verify-error";
/// On the answer to the provider: this event was delivered before and was not forwarded again.
pub(crate) const HEADER_DUPLICATE: &str = "hookgate-duplicate";
/// Prefix of hookgate's own Standard Webhooks headers (`hookgate-webhook-id`, …).
const SIGNATURE_PREFIX: &str = "hookgate-";

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

/// The inbound headers to forward under `policy`, names in lower case, order kept.
pub(crate) fn forwarded_headers(
    policy: &HeaderPolicy,
    inbound: &[(String, String)],
) -> Vec<(String, String)> {
    inbound
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .filter(|(n, _)| !always_dropped(n))
        .filter(|(n, _)| match policy {
            HeaderPolicy::All => true,
            HeaderPolicy::Allow(names) => names.iter().any(|a| a == n),
            HeaderPolicy::Deny(names) => !names.iter().any(|d| d == n),
        })
        .collect()
}

/// `value` as a header value: unchanged when it is visible ASCII (or spaces), otherwise with
/// every other byte percent-encoded (a dedupe key read from a JSON body may hold any character;
/// the runtime refuses non-Latin-1 header values, and control characters must never pass).
pub(crate) fn header_safe(value: &str) -> String {
    use core::fmt::Write as _;
    if value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return value.to_owned();
    }
    value
        .bytes()
        .fold(String::with_capacity(value.len() * 3), |mut out, b| {
            if (b.is_ascii_graphic() && b != b'%') || b == b' ' {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
            out
        })
}

/// The message id of hookgate's own signature: stable per route and event, so the origin can
/// deduplicate by it too. (`hg_` + 32 hex digits; no `.`, which Standard Webhooks forbids.)
pub(crate) fn message_id(route_id: &str, scheme: &str, dedupe_key: &str) -> String {
    let mut h = Sha256::new();
    for part in [route_id, scheme, dedupe_key] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let digest = h.finalize();
    format!("hg_{}", hex(digest.get(..16).unwrap_or_default()))
}

/// Checks that `origin_secret` can sign hookgate's Standard Webhooks signature.
///
/// # Errors
/// The core's [`ConfigError`] for the key (empty, whitespace, not base64, …).
pub(crate) fn check_origin_secret(origin_secret: &str) -> Result<(), ConfigError> {
    check_signing_key(&schemes::STANDARD_WEBHOOKS, origin_secret)
}

/// hookgate's Standard Webhooks signature over `body`, as `hookgate-webhook-*` headers.
///
/// # Errors
/// [`SignError`] when the origin secret is not a usable `whsec_` key.
pub(crate) fn signature_headers(
    origin_secret: &str,
    id: &str,
    now: UnixTime,
    body: &[u8],
) -> Result<Vec<(String, String)>, SignError> {
    let input = SignInput::new(body).with_id(id).with_timestamp(now);
    let signed = sign(&schemes::STANDARD_WEBHOOKS, origin_secret, &input)?;
    Ok(signed
        .headers
        .into_iter()
        .map(|(name, value)| (format!("{SIGNATURE_PREFIX}{name}"), value))
        .collect())
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
        let out = forwarded_headers(&HeaderPolicy::All, &inbound);
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
        assert_eq!(forwarded_headers(&allow, &inbound), h(&[("b", "2")]));
        let deny = HeaderPolicy::Deny(vec!["a".into()]);
        assert_eq!(forwarded_headers(&deny, &inbound), h(&[("b", "2")]));
    }

    #[test]
    fn header_values_are_made_safe() {
        assert_eq!(header_safe("evt_123 abc"), "evt_123 abc");
        assert_eq!(header_safe("é\r\nx-evil: 1"), "%C3%A9%0D%0Ax-evil: 1");
        assert_eq!(header_safe("50%\u{7f}"), "50%25%7F");
    }

    #[test]
    fn message_id_is_stable_and_standard() {
        let a = message_id("r", "stripe", "evt_1");
        assert_eq!(a, message_id("r", "stripe", "evt_1"));
        assert_ne!(a, message_id("r2", "stripe", "evt_1"));
        assert!(a.starts_with("hg_") && a.len() == 35 && !a.contains('.'));
    }

    #[test]
    fn signature_verifies_with_the_core() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"id":"evt_1"}"#;
        let now = UnixTime::from_secs(1_700_000_000);
        let headers = signature_headers(secret, "hg_1", now, body).unwrap();
        let names: Vec<_> = headers.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"hookgate-webhook-signature"));
        // What an origin does: read hookgate's headers under the standard names.
        let standard: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.trim_start_matches(SIGNATURE_PREFIX).to_owned(), v.clone()))
            .collect();
        let verifier = hookgate::Verifier::new(&schemes::STANDARD_WEBHOOKS, &[secret]).unwrap();
        let ok = verifier
            .verify(
                &hookgate::Request::new(&standard, body),
                &hookgate::VerifyOptions::at(now),
            )
            .unwrap();
        assert_eq!(ok.id(), Some("hg_1"));
    }
}
