//! The request path of one route:
//!
//! body limit (413) → verify (401) → handshake? → dedupe key → **claim** → forward the original
//! bytes → origin 2xx: **commit**, answer with the origin's response; otherwise **release**,
//! answer 502/503 so the provider retries.
//!
//! Invariant: once a request has verified, every failure inside the gateway ends in a non-2xx
//! answer (the provider retries), and a 2xx is only given when the origin gave one. The only
//! exception is a failed commit after the origin's 2xx: the origin has the event, so the answer
//! is still 2xx (a later duplicate may then be forwarded once more; it is logged).

use alloc::borrow::Cow;

use futures_util::StreamExt as _;
use hookgate::{UnixTime, Verified, VerifyOptions, handshake};
use worker::{Env, Headers, Request, Response, ResponseBuilder};

use crate::clock;
use crate::config::{Bindings, Route};
use crate::dedupe::{Claim, DedupeStore, StoreKey, Token};
use crate::error::Reject;
use crate::forward::{
    self, HEADER_DEDUPE_KEY, HEADER_DUPLICATE, HEADER_SCHEME, HEADER_VERIFIED, HEADER_VERIFY_ERROR,
    Outcome,
};
use crate::log::{RequestLog, bounded};
use crate::runtime::{self, RouteRuntime, Store};

/// Handles a POST to `route` (route `index` in the configuration).
///
/// # Errors
/// A [`Reject`] for every answer the gateway gives itself.
pub(crate) async fn handle(
    req: &mut Request,
    env: &Env,
    bindings: &Bindings,
    index: usize,
    route: &Route,
    log: &mut RequestLog,
) -> Result<Response, Reject> {
    let scheme = route.scheme.spec().id.to_string();
    log.scheme = Some(scheme.clone());
    log.enforce = Some(route.enforce);

    let body = read_body(req, route.max_body_bytes).await?;
    let config_invalid = |problem| Reject::ConfigInvalid {
        route: Some(route.id.clone()),
        problem,
    };
    let rt = runtime::route_runtime(env, index, route).map_err(config_invalid)?;
    let store = runtime::store(env, bindings, &route.dedupe).map_err(config_invalid)?;

    let headers: Vec<(String, String)> = req.headers().entries().collect();
    let url = match &route.public_url {
        Some(url) => url.clone(),
        None => req.inner().url(),
    };
    let request = hookgate::Request::new(&headers, &body)
        .with_url(&url)
        .with_method("POST");
    let options = VerifyOptions::at(clock::verification_now(&headers))
        .with_tolerance(route.tolerance.to_core());

    match rt.verifier.verify(&request, &options) {
        Ok(verified) => {
            log.verified = Some(true);
            log.key_index = Some(verified.key_index());
            verified_path(route, &rt, &store, &headers, &verified, log).await
        }
        Err(e) if route.enforce => {
            log.verified = Some(false);
            Err(Reject::Verify(e))
        }
        Err(e) => {
            // Shadow mode: forward, marked unverified and unsigned, and log why.
            log.verified = Some(false);
            log.verify_error = Some(e.code());
            log.dedupe = Some("skipped");
            let mut out = forward::forwarded_headers(&route.forward_headers, &headers);
            out.push((HEADER_VERIFIED.into(), "false".into()));
            out.push((HEADER_SCHEME.into(), scheme));
            out.push((HEADER_VERIFY_ERROR.into(), e.code().into()));
            let outcome = send(route, &out, &body, log).await?;
            answer(outcome, log)
        }
    }
}

/// Reads the body, refusing more than `limit` bytes (by `Content-Length` when given, and while
/// reading in any case).
async fn read_body(req: &mut Request, limit: u64) -> Result<Vec<u8>, Reject> {
    let too_large = Reject::BodyTooLarge { limit };
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large);
    }
    if declared.is_some() {
        // Declared and within the limit: one read (the runtime enforces Content-Length).
        let body = req.bytes().await.map_err(|_| Reject::BodyUnreadable)?;
        if u64::try_from(body.len()).unwrap_or(u64::MAX) > limit {
            return Err(too_large);
        }
        return Ok(body);
    }
    // No Content-Length (chunked): read chunk by chunk, stopping at the limit.
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new()); // no body at all
    };
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Reject::BodyUnreadable)?;
        if u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX) > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A verified request: handshake, or dedupe and forward.
async fn verified_path(
    route: &Route,
    rt: &RouteRuntime,
    store: &Store,
    inbound: &[(String, String)],
    verified: &Verified<'_>,
    log: &mut RequestLog,
) -> Result<Response, Reject> {
    let dedupe_key = verified.dedupe_key().to_string();
    log.dedupe_key = Some(bounded(&dedupe_key, 200));

    if route.handshakes
        && let Some(secret) = rt.secrets.get(verified.key_index())
        && let Some(h) = handshake::respond(verified, secret)
    {
        log.dedupe = Some("handshake");
        let headers = Headers::new();
        headers
            .set("content-type", h.content_type)
            .map_err(|_| Reject::Internal)?;
        return Ok(ResponseBuilder::new()
            .with_status(200)
            .with_headers(headers)
            .fixed(h.body.into_bytes()));
    }

    let outbound = Outbound::prepare(route, rt, inbound, verified, &dedupe_key)?;
    let key = StoreKey::new(&route.id, verified.scheme(), &dedupe_key);
    log.dedupe_store = Some(route.dedupe.store.name());
    match store {
        Store::Kv(s) => deliver_once(s, &key, route, &outbound, log).await,
        Store::Durable(s) => deliver_once(s, &key, route, &outbound, log).await,
        Store::None => {
            log.dedupe = Some("off");
            let outcome = send(route, &outbound.headers, &outbound.body, log).await?;
            answer(outcome, log)
        }
    }
}

/// What goes to the origin. Built from the verified request only.
struct Outbound<'a> {
    headers: Vec<(String, String)>,
    body: Cow<'a, [u8]>,
}

impl<'a> Outbound<'a> {
    fn prepare(
        route: &Route,
        rt: &RouteRuntime,
        inbound: &[(String, String)],
        verified: &Verified<'a>,
        dedupe_key: &str,
    ) -> Result<Self, Reject> {
        let mut headers = forward::forwarded_headers(&route.forward_headers, inbound);
        headers.push((HEADER_VERIFIED.into(), "true".into()));
        headers.push((HEADER_SCHEME.into(), verified.scheme().into()));
        headers.push((HEADER_DEDUPE_KEY.into(), forward::header_safe(dedupe_key)));
        let body = Cow::Borrowed(verified.body());

        // Transformations (issue 7) slot in here: they take `verified`, may replace `body` and
        // adjust `headers`, and run before hookgate signs, so the signature covers what is sent.

        let id = forward::message_id(&route.id, verified.scheme(), dedupe_key);
        let now = UnixTime::from_millis(i64::try_from(clock::now_ms()).unwrap_or(i64::MAX));
        let signature = forward::signature_headers(&rt.origin_secret, &id, now, &body)
            .map_err(|_| Reject::Internal)?;
        headers.extend(signature);
        Ok(Self { headers, body })
    }
}

/// Claim, forward, then commit or release.
async fn deliver_once(
    store: &impl DedupeStore,
    key: &StoreKey,
    route: &Route,
    outbound: &Outbound<'_>,
    log: &mut RequestLog,
) -> Result<Response, Reject> {
    let token = Token::fresh(clock::now_ms());
    match store.claim(key, &token).await {
        Ok(Claim::Claimed) => log.dedupe = Some("claimed"),
        Ok(Claim::Committed) => {
            log.dedupe = Some("duplicate");
            return duplicate();
        }
        Ok(Claim::InFlight) => {
            log.dedupe = Some("in_flight");
            return Err(Reject::DuplicateInFlight);
        }
        Err(e) => {
            log.dedupe = Some("unavailable");
            log.internal = Some(e.0);
            return Err(Reject::DedupeUnavailable);
        }
    }

    let outcome = send(route, &outbound.headers, &outbound.body, log).await;
    if let Ok(Outcome::Accepted(_)) = &outcome {
        match store.commit(key, &token).await {
            Ok(()) => log.dedupe = Some("committed"),
            Err(e) => {
                log.dedupe = Some("commit_failed");
                log.internal = Some(e.0);
            }
        }
    } else {
        match store.release(key, &token).await {
            Ok(()) => log.dedupe = Some("released"),
            Err(e) => {
                // The claim lapses after claim_ttl_s; until then retries get 409.
                log.dedupe = Some("release_failed");
                log.internal = Some(e.0);
            }
        }
    }
    answer(outcome?, log)
}

/// Sends to the origin and records the origin's status and time.
async fn send(
    route: &Route,
    headers: &[(String, String)],
    body: &[u8],
    log: &mut RequestLog,
) -> Result<Outcome, Reject> {
    let started = clock::now_ms();
    let outcome = forward::send(&route.origin, headers, body, route.origin_timeout_ms).await;
    log.origin_ms = Some(clock::now_ms().saturating_sub(started));
    match outcome {
        Ok(outcome) => Ok(outcome),
        Err(e) => {
            log.internal = Some(bounded(&e.to_string(), 200));
            Err(Reject::Internal)
        }
    }
}

/// The answer to the provider for an origin outcome.
fn answer(outcome: Outcome, log: &mut RequestLog) -> Result<Response, Reject> {
    match outcome {
        Outcome::Accepted(response) => {
            log.origin_status = Some(response.status_code());
            pass_through(response)
        }
        Outcome::Rejected(status) => {
            log.origin_status = Some(status);
            Err(Reject::OriginRejected { status })
        }
        Outcome::Timeout => Err(Reject::OriginTimeout),
        Outcome::Unreachable(e) => {
            log.internal = Some(e);
            Err(Reject::OriginUnreachable)
        }
    }
}

/// The origin's 2xx, status, content type and body, passed on to the provider (Slack commands and
/// Discord interactions answer through it).
fn pass_through(response: Response) -> Result<Response, Reject> {
    let status = response.status_code();
    let content_type = response.headers().get("content-type").ok().flatten();
    let (_, body) = response.into_parts();
    let headers = Headers::new();
    if let Some(ct) = content_type {
        headers
            .set("content-type", &ct)
            .map_err(|_| Reject::Internal)?;
    }
    Ok(ResponseBuilder::new()
        .with_status(status)
        .with_headers(headers)
        .body(body))
}

/// 200 for an event the origin already has: the provider stops retrying, the origin is not called.
fn duplicate() -> Result<Response, Reject> {
    let headers = Headers::new();
    let set = |n: &str, v: &str| headers.set(n, v).map_err(|_| Reject::Internal);
    set("content-type", "application/json")?;
    set(HEADER_DUPLICATE, "true")?;
    Ok(ResponseBuilder::new()
        .with_status(200)
        .with_headers(headers)
        .fixed(br#"{"status":"duplicate"}"#.to_vec()))
}
