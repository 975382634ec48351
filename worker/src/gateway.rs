//! The request path of one route:
//!
//! header limits (431) → the checks that need only headers (401, before any byte of the body is
//! read) → body limit (413) and the isolate's body budget (503) → verify (401) → handshake? →
//! dedupe keys → the original bytes (or, on a transformed route, the rendered chat message),
//! then by the route's delivery mode:
//!
//! - **sync**: **claim** → forward → origin 2xx: answer with the origin's response and **commit**
//!   after the answer; otherwise **release**, answer 502/503 so the provider retries.
//! - **async**: **store** the event in its shard's outbox (which checks the dedupe record and the
//!   outbox itself) → answer 202 `{"status":"accepted","id":"hg_…"}`; the shard's alarm delivers
//!   it (`shard/outbox.rs`).
//!
//! Invariant: once a request has verified, every failure inside the gateway ends in a non-2xx
//! answer (the provider retries), and a 2xx is only given when the origin gave one (sync) or
//! the event is stored (async). The claim stays in place until the commit lands, so a duplicate
//! arriving between the answer and the commit sees the event in flight (503 with `Retry-After`)
//! and is not forwarded. A commit that fails after the origin's 2xx is logged (`commit_failed`);
//! a later duplicate may then be forwarded once more.

use alloc::boxed::Box;
use core::future::Future;
use core::pin::Pin;
use core::time::Duration;

use futures_util::StreamExt as _;
use futures_util::future::join;
use hookgate::transform::{self, Template};
use hookgate::{Verified, VerifyOptions, handshake, normalize};
use serde_json::{Value, json};
use worker::js_sys::Uint8Array;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{Delay, Env, Headers, Response, ResponseBuilder, web_sys};

use crate::clock;
use crate::config::{Bindings, Delivery, Route, Transform};
use crate::dedupe::{Claim, DedupeStore, EventKeys, StoreError, StoreKey, Token};
use crate::error::Reject;
use crate::forward::{
    self, HEADER_BODY_SIGNED, HEADER_DEDUPE_KEY, HEADER_DEDUPE_KEY_SIGNED, HEADER_DUPLICATE,
    HEADER_SCHEME, HEADER_VERIFIED, HEADER_VERIFY_ERROR, Outcome,
};
use crate::log::{DedupeState, RequestLog};
use crate::outbox::{Acceptance, NewEvent};
use crate::runtime::{self, RouteRuntime, Store};
use crate::text::bounded;
use crate::webcrypto;

/// Work that finishes after the answer (the dedupe commit): the router hands it to
/// `ctx.wait_until` and writes the request's log line when it is done.
pub(crate) type Commit = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// The most headers a request may carry (providers send a dozen or two).
const MAX_HEADERS: usize = 100;
/// The most bytes of header names and values a request may carry.
const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The most body bytes this isolate holds for requests at once, counting both copies (the
/// runtime's buffer and the one in wasm memory, which never shrinks): a request that would
/// go over waits for a retry (503 `gateway_busy`) instead of exhausting the isolate's 128 MB.
const MAX_IN_FLIGHT_BODY_BYTES: u64 = 64 * 1024 * 1024;

thread_local! {
    /// Body bytes held now by this isolate's requests (see [`MAX_IN_FLIGHT_BODY_BYTES`]).
    static IN_FLIGHT_BODY_BYTES: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// A non-JSON body on a transformed route is shown as text, cut to this many bytes (the
/// platform's own limits cut further).
const NOT_JSON_TEXT_BYTES: usize = 1000;

/// The layout of the message for a verified body that is not JSON: it says so, shows the start
/// of the text and how large it was, so the event is not lost and nothing loops.
const NOT_JSON_TEMPLATE: &str = r#"{
  "title": "{/provider} event: the body is not JSON",
  "description": "{/payload/text}",
  "color": "warning",
  "fields": [
    {"label": "Content type", "path": "/payload/content_type", "inline": true},
    {"label": "Size", "value": "{/payload/bytes} bytes", "inline": true},
    {"label": "Event id", "path": "/id", "inline": true}
  ]
}"#;

/// Handles a POST to `route` (route `index` in the configuration). A commit left to do after
/// the answer is put in `commit`, whatever the answer.
///
/// # Errors
/// A [`Reject`] for every answer the gateway gives itself.
pub(crate) async fn handle(
    req: &web_sys::Request,
    env: &Env,
    bindings: &Bindings,
    index: usize,
    route: &Route,
    log: &mut RequestLog,
    commit: &mut Option<Commit>,
) -> Result<Response, Reject> {
    let scheme = &*route.scheme.spec().id;
    log.scheme = Some(scheme.to_string());
    log.enforce = Some(route.enforce);
    log.transform = route.transform.as_ref().map(|t| t.platform.as_str());

    let headers: Vec<(String, String)> = Headers(req.headers()).entries().collect();
    check_header_limits(&headers)?;
    let config_invalid = |problem| Reject::ConfigInvalid {
        route: Some(route.id.clone()),
        problem,
    };
    let rt = runtime::route_runtime(env, index, route).map_err(config_invalid)?;
    let store = runtime::store(env, bindings, &route.dedupe).map_err(config_invalid)?;
    // A forged request without the scheme's signature (or with a thousand of them) is refused
    // before its body is read: whatever its size, it costs a header lookup.
    if route.enforce
        && let Err(e) = rt.verifier.check_headers(&headers)
    {
        log.verified = Some(false);
        return Err(Reject::Verify(e));
    }
    let body = read_body(req, route.max_body_bytes).await?;
    log.body_bytes = Some(body.bytes.len() as u64);

    let url = match &route.public_url {
        Some(url) => url.clone(),
        None => req.url(),
    };
    let request = hookgate::Request::new(&headers, &body.bytes)
        .with_url(&url)
        .with_method("POST");
    let options =
        VerifyOptions::at(clock::verification_now(&headers)).with_tolerance(route.tolerance);

    let outcome = if webcrypto::wanted(body.bytes.len(), &headers) {
        log.crypto = Some("web_crypto");
        match webcrypto::verify(&rt.web_crypto, &request, &options, &body.to_js()).await {
            Ok(outcome) => outcome,
            Err(webcrypto::WebCryptoFailed) => {
                log.note_internal("web crypto failed; verified in wasm");
                log.crypto = Some("wasm");
                rt.verifier.verify(&request, &options)
            }
        }
    } else {
        log.crypto = Some("wasm");
        rt.verifier.verify(&request, &options)
    };
    match outcome {
        Ok(verified) => {
            log.verified = Some(true);
            log.key_index = Some(verified.key_index());
            let event = VerifiedEvent {
                route,
                rt: &rt,
                inbound: &headers,
                body: &body,
                verified: &verified,
            };
            event.run(env, bindings, store, log, commit).await
        }
        Err(e) if route.enforce => {
            log.verified = Some(false);
            Err(Reject::Verify(e))
        }
        Err(e) => {
            // Shadow mode: forward, marked unverified and unsigned, and log why. (Config refuses
            // shadow mode on a transformed route: it would post unverified text as a message.)
            log.verified = Some(false);
            log.verify_error = Some(e.code());
            log.dedupe = Some(DedupeState::Skipped);
            let mut out = forward::forwarded_headers(&route.forward_headers, true, &headers);
            out.push((HEADER_VERIFIED.into(), "false".into()));
            out.push((HEADER_SCHEME.into(), scheme.into()));
            out.push((HEADER_VERIFY_ERROR.into(), e.code().into()));
            let outbound = Outbound {
                headers: out,
                body: body.to_js(),
                signed: false,
            };
            let outcome = send(route, &outbound, log).await?;
            answer(outcome, log)
        }
    }
}

/// The request body: the bytes in wasm memory (to verify), and the runtime's own buffer when
/// there is one, so that forwarding the original bytes does not copy them back out again.
struct Body {
    bytes: Vec<u8>,
    js: Option<Uint8Array>,
    /// The body's share of the isolate's budget, held while the body is.
    _budget: BodyBudget,
}

impl Body {
    /// The body to forward as is.
    fn to_js(&self) -> Uint8Array {
        match &self.js {
            Some(js) => js.clone(),
            None => Uint8Array::from(self.bytes.as_slice()),
        }
    }
}

/// Refuses a request with more than [`MAX_HEADERS`] headers or [`MAX_HEADER_BYTES`] of them.
fn check_header_limits(headers: &[(String, String)]) -> Result<(), Reject> {
    let bytes = headers.iter().fold(0usize, |n, (k, v)| {
        n.saturating_add(k.len()).saturating_add(v.len())
    });
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return Err(Reject::HeadersTooLarge {
            max_headers: MAX_HEADERS,
            max_bytes: MAX_HEADER_BYTES,
        });
    }
    Ok(())
}

/// A share of the isolate's body budget ([`MAX_IN_FLIGHT_BODY_BYTES`]), given back on drop.
struct BodyBudget(u64);

impl BodyBudget {
    /// Reserves room for a body of `len` bytes (twice: the runtime's copy and wasm's).
    fn reserve(len: u64) -> Result<Self, Reject> {
        let want = len.saturating_mul(2);
        IN_FLIGHT_BODY_BYTES.with(|held| {
            let now = held.get();
            if now.saturating_add(want) > MAX_IN_FLIGHT_BODY_BYTES && now > 0 {
                return Err(Reject::Busy);
            }
            held.set(now.saturating_add(want));
            Ok(Self(want))
        })
    }
}

impl Drop for BodyBudget {
    fn drop(&mut self) {
        IN_FLIGHT_BODY_BYTES.with(|held| held.set(held.get().saturating_sub(self.0)));
    }
}

/// Reads the body, refusing more than `limit` bytes (by `Content-Length` when given, and while
/// reading in any case), within the isolate's body budget: a body of unknown length reserves
/// `limit`.
async fn read_body(req: &web_sys::Request, limit: u64) -> Result<Body, Reject> {
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
    let budget = BodyBudget::reserve(declared.unwrap_or(limit))?;
    if declared.is_some() {
        // Declared and within the limit: one read (the runtime enforces Content-Length). The
        // buffer is kept for the forward; wasm gets one copy to verify.
        let promise = req.array_buffer().map_err(|_| Reject::BodyUnreadable)?;
        let buffer = JsFuture::from(promise)
            .await
            .map_err(|_| Reject::BodyUnreadable)?;
        let js = Uint8Array::new(&buffer);
        if u64::from(js.length()) > limit {
            return Err(too_large);
        }
        return Ok(Body {
            bytes: js.to_vec(),
            js: Some(js),
            _budget: budget,
        });
    }
    // No Content-Length (chunked): read chunk by chunk, stopping at the limit (through
    // `worker::Request`, which reads the stream for us; rare enough for its extra cost).
    let Ok(mut stream) = worker::Request::from(Clone::clone(req)).stream() else {
        return Ok(Body {
            bytes: Vec::new(),
            js: None,
            _budget: budget,
        }); // no body at all
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Reject::BodyUnreadable)?;
        if u64::try_from(bytes.len().saturating_add(chunk.len())).unwrap_or(u64::MAX) > limit {
            return Err(too_large);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body {
        bytes,
        js: None,
        _budget: budget,
    })
}

/// A verified request on its way: handshake, then dedupe and forward (sync) or store (async).
struct VerifiedEvent<'r, 'b> {
    route: &'r Route,
    rt: &'r RouteRuntime,
    inbound: &'r [(String, String)],
    body: &'r Body,
    verified: &'r Verified<'b>,
}

impl VerifiedEvent<'_, '_> {
    async fn run(
        &self,
        env: &Env,
        bindings: &Bindings,
        store: Store,
        log: &mut RequestLog,
        commit: &mut Option<Commit>,
    ) -> Result<Response, Reject> {
        let (route, verified) = (self.route, self.verified);
        // Computed once, by Web Crypto for a large body: the dedupe key (the body's digest
        // when the provider sends no id) and, when the provider's signature does not cover that
        // key, the replay key (the digest of the signed content).
        let keys = || {
            let replay = (!verified.dedupe_key_signed())
                .then(|| verified.replay_key())
                .flatten();
            (verified.dedupe_key(), replay)
        };
        let (dedupe, replay) = if webcrypto::wanted(self.body.bytes.len(), self.inbound) {
            match webcrypto::run(keys, &self.body.to_js()).await {
                Ok(keys) => keys,
                Err(webcrypto::WebCryptoFailed) => {
                    log.note_internal("web crypto failed; keys computed in wasm");
                    keys()
                }
            }
        } else {
            keys()
        };
        let dedupe_key = dedupe.to_string();
        log.dedupe_key = Some(bounded(&dedupe_key, 200));
        log.dedupe_key_signed = Some(verified.dedupe_key_signed());
        log.body_signed = Some(verified.body_signed());

        if route.handshakes
            && let Some(secret) = self.rt.secrets.get(verified.key_index())
            && let Some(h) = handshake::respond(verified, secret)
        {
            log.dedupe = Some(DedupeState::Handshake);
            let headers = Headers::new();
            headers
                .set("content-type", h.content_type)
                .map_err(|_| Reject::Internal)?;
            return Ok(ResponseBuilder::new()
                .with_status(200)
                .with_headers(headers)
                .fixed(h.body.into_bytes()));
        }

        let mut outbound = match &route.transform {
            Some(t) => self.rendered(t, log)?,
            None => self.original(&dedupe_key),
        };
        // The event's keys: its dedupe key and, when the provider's signature does not cover
        // that, its replay key; its id comes from signed data only.
        let keys = EventKeys::new(&route.id, verified.scheme(), &dedupe, replay);
        let id = forward::message_id(&route.id, verified.scheme(), &keys.identity);
        log.dedupe_store = Some(route.dedupe.store.name());
        if let Delivery::Async(settings) = &route.delivery {
            let event = NewEvent {
                id,
                route: route.id.clone(),
                scheme: verified.scheme().to_owned(),
                dedupe_key: dedupe_key.clone(),
                store_key: keys.identity_key().as_str().to_owned(),
                received_at: clock::now_ms(),
                headers: outbound.headers,
                signed: outbound.signed,
                retry: settings.retry.clone(),
                retention_s: settings.retention_s,
                dangerous_skip_alarm: clock::dangerous_skip_alarm(self.inbound),
            };
            return store_event(env, bindings, store, &keys, &event, &outbound.body, log).await;
        }
        if outbound.signed {
            let secret = self.rt.origin_secret.as_deref().ok_or(Reject::Internal)?;
            let now = clock::now();
            let signature =
                forward::signature_headers(secret, &id, now, verified.body(), &outbound.headers)
                    .map_err(|_| Reject::Internal)?;
            outbound.headers.extend(signature);
        }
        let delay_ms = clock::commit_delay_ms(self.inbound);
        let keys = keys.all();
        match store {
            Store::Kv(s) => deliver_once(s, keys, route, &outbound, log, commit, delay_ms).await,
            Store::Durable(s) => {
                deliver_once(s, keys, route, &outbound, log, commit, delay_ms).await
            }
            Store::None => {
                log.dedupe = Some(DedupeState::Off);
                let outcome = send(route, &outbound, log).await?;
                answer(outcome, log)
            }
        }
    }

    /// The original bytes and headers, plus hookgate's headers; hookgate's signatures are added
    /// when the request is sent (async: afresh for every attempt).
    fn original(&self, dedupe_key: &str) -> Outbound {
        let (route, verified) = (self.route, self.verified);
        let mut headers =
            forward::forwarded_headers(&route.forward_headers, !route.enforce, self.inbound);
        let flag = |set: bool| if set { "true" } else { "false" }.to_owned();
        // `partial` when the provider's signature does not cover the body (Mailgun, a token).
        headers.push((
            HEADER_VERIFIED.into(),
            forward::verified_value(verified.body_signed()).into(),
        ));
        headers.push((HEADER_SCHEME.into(), verified.scheme().into()));
        headers.push((HEADER_DEDUPE_KEY.into(), forward::header_safe(dedupe_key)));
        headers.push((
            HEADER_DEDUPE_KEY_SIGNED.into(),
            flag(verified.dedupe_key_signed()),
        ));
        headers.push((HEADER_BODY_SIGNED.into(), flag(verified.body_signed())));
        Outbound {
            headers,
            body: self.body.to_js(),
            signed: true,
        }
    }

    /// The event as a chat message: only `content-type: application/json` and the rendered
    /// JSON. No provider header, no `hookgate-*` header and no signature is sent (the platforms
    /// reject or ignore them, and they must not leak into a third party).
    fn rendered(&self, t: &Transform, log: &mut RequestLog) -> Result<Outbound, Reject> {
        let message = match normalize::normalize(self.verified, self.inbound) {
            Ok(event) => transform::render(t.platform, &event, t.template.as_ref()),
            Err(e) => {
                log.transform_input = Some(e.code());
                not_json_message(t, self.verified, self.inbound)
            }
        };
        let json = serde_json::to_vec(&message).map_err(|_| Reject::Internal)?;
        Ok(Outbound {
            headers: vec![("content-type".into(), "application/json".into())],
            body: Uint8Array::from(json.as_slice()),
            signed: false,
        })
    }
}

/// Async: stores the event, then answers 202 `{"status":"accepted","id":…}` without waiting for
/// the origin. The event is stored under its identity key (`EventKeys`); its other key (the
/// provider's key, when the signature does not cover it) is claimed first like a sync
/// delivery's and committed once the outbox has stored the event, so a later copy under that
/// key (a provider retry whose signed content changed) is a duplicate too. A KV record that says the origin has the event already is checked first (best
/// effort, as KV is); the shard checks its own record and the outbox (exactly: one event per id).
async fn store_event(
    env: &Env,
    bindings: &Bindings,
    store: Store,
    keys: &EventKeys,
    event: &NewEvent,
    body: &Uint8Array,
    log: &mut RequestLog,
) -> Result<Response, Reject> {
    log.event_id = Some(event.id.clone());
    let unavailable = |log: &mut RequestLog, e: StoreError| {
        log.dedupe = Some(DedupeState::Unavailable);
        log.note_internal(e.to_string());
        Reject::DedupeUnavailable
    };
    let others = keys.others();
    let token = Token::fresh(clock::now_ms());
    if !others.is_empty() {
        match store.claim(&others, &token).await {
            Ok(Claim::Claimed) => {}
            Ok(Claim::Committed) => {
                log.dedupe = Some(DedupeState::Duplicate);
                return duplicate();
            }
            Ok(Claim::InFlight) => {
                log.dedupe = Some(DedupeState::InFlight);
                return Err(Reject::DuplicateInFlight);
            }
            Err(e) => return Err(unavailable(log, e)),
        }
        if let Err(e) = store.hold(&others, &token).await {
            log.note_internal(bounded(&format!("claim write failed: {e}"), 200));
        }
    }
    let stored = accept(env, bindings, &store, keys.identity_key(), event, body).await;
    if !others.is_empty() {
        // Committed only with an event stored now: a copy of one stored (or delivered) before
        // must not commit a provider key of its sender's choosing (a replay under a fresh id
        // would otherwise make a future genuine event with that id a duplicate).
        let done = match &stored {
            Ok(Acceptance::Accepted) => store.commit(&others, &token).await,
            _ => store.release(&others, &token).await,
        };
        if let Err(e) = done {
            log.note_internal(bounded(&format!("provider key: {e}"), 200));
        }
    }
    match stored {
        Ok(Acceptance::Accepted) => {
            log.dedupe = Some(DedupeState::Accepted);
            accepted(&event.id, false)
        }
        Ok(Acceptance::AlreadyAccepted) => {
            log.dedupe = Some(DedupeState::AlreadyAccepted);
            accepted(&event.id, true)
        }
        Ok(Acceptance::Delivered) => {
            log.dedupe = Some(DedupeState::Duplicate);
            duplicate()
        }
        Err(Stored::Store(e)) => Err(unavailable(log, e)),
        Err(Stored::Config(reject)) => Err(reject),
    }
}

/// Why an event was not stored.
enum Stored {
    Store(StoreError),
    Config(Reject),
}

/// Stores `event` under `key` in the outbox, unless a KV record says the origin has it.
async fn accept(
    env: &Env,
    bindings: &Bindings,
    store: &Store,
    key: &StoreKey,
    event: &NewEvent,
    body: &Uint8Array,
) -> Result<Acceptance, Stored> {
    if let Store::Kv(kv) = store {
        let probe = Token::fresh(clock::now_ms());
        match kv.claim(core::slice::from_ref(key), &probe).await {
            Ok(Claim::Committed) => return Ok(Acceptance::Delivered),
            Ok(Claim::Claimed | Claim::InFlight) => {}
            Err(e) => return Err(Stored::Store(e)),
        }
    }
    let outbox = runtime::outbox(env, bindings).map_err(|problem| {
        Stored::Config(Reject::ConfigInvalid {
            route: Some(event.route.clone()),
            problem,
        })
    })?;
    outbox.accept(key, event, body).await.map_err(Stored::Store)
}

/// The message for a verified body that is not JSON: authentic, and a retry would not change
/// it, so it is shown as text (cut to [`NOT_JSON_TEXT_BYTES`], escaped like any other text)
/// rather than refused (the provider would retry for days, then disable the endpoint) or dropped.
fn not_json_message(t: &Transform, verified: &Verified<'_>, inbound: &[(String, String)]) -> Value {
    let body = verified.body();
    let text = String::from_utf8_lossy(body);
    let content_type = inbound
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| bounded(v, 100));
    let event = json!({
        "provider": verified.scheme(),
        "shape": "generic",
        "id": verified.id(),
        "payload": {
            "text": bounded(&text, NOT_JSON_TEXT_BYTES),
            "content_type": content_type,
            "bytes": body.len(),
        },
    });
    match (
        transform::event_from_value(event),
        Template::from_json(NOT_JSON_TEMPLATE),
    ) {
        (Ok(event), Ok(template)) => transform::render(t.platform, &event, Some(&template)),
        // Neither can fail (both are fixed shapes, checked by the unit tests); if one ever did,
        // this still says that an event arrived.
        _ => match t.platform {
            transform::Platform::Discord => json!({
                "content": "A verified event arrived whose body is not JSON.",
                "allowed_mentions": {"parse": []},
            }),
            _ => json!({"text": "A verified event arrived whose body is not JSON."}),
        },
    }
}

/// What goes to the origin. Built from the verified request only.
struct Outbound {
    headers: Vec<(String, String)>,
    /// The original bytes, or a rendered message.
    body: Uint8Array,
    /// Whether hookgate's signature goes with it (not on a transformed route, nor in shadow
    /// mode for an unverified request).
    signed: bool,
}

/// Claim, forward, then commit (after the answer) or release: all of `keys`.
async fn deliver_once<S: DedupeStore + 'static>(
    store: S,
    keys: Vec<StoreKey>,
    route: &Route,
    outbound: &Outbound,
    log: &mut RequestLog,
    commit: &mut Option<Commit>,
    commit_delay_ms: u64,
) -> Result<Response, Reject> {
    let token = Token::fresh(clock::now_ms());
    match store.claim(&keys, &token).await {
        Ok(Claim::Claimed) => log.dedupe = Some(DedupeState::Claimed),
        Ok(Claim::Committed) => {
            log.dedupe = Some(DedupeState::Duplicate);
            return duplicate();
        }
        Ok(Claim::InFlight) => {
            log.dedupe = Some(DedupeState::InFlight);
            return Err(Reject::DuplicateInFlight);
        }
        Err(e) => {
            log.dedupe = Some(DedupeState::Unavailable);
            log.note_internal(e.to_string());
            return Err(Reject::DedupeUnavailable);
        }
    }

    // The claim write (KV) runs alongside the forward; both are done before the answer.
    let (held, outcome) = join(store.hold(&keys, &token), send(route, outbound, log)).await;
    if let Err(e) = held {
        log.note_internal(bounded(&format!("claim write failed: {e}"), 200));
    }
    if let Ok(Outcome::Accepted(_)) = &outcome {
        // The answer goes out now; the commit follows in `ctx.wait_until`. Until it lands, the
        // claim answers any duplicate with 503 (in flight), so nothing is forwarded twice.
        *commit = Some(Box::pin(async move {
            if commit_delay_ms > 0 {
                Delay::from(Duration::from_millis(commit_delay_ms)).await;
            }
            store.commit(&keys, &token).await
        }));
    } else {
        match store.release(&keys, &token).await {
            Ok(()) => log.dedupe = Some(DedupeState::Released),
            Err(e) => {
                // The claim lapses after claim_ttl_s; until then retries get 503 (in flight).
                log.dedupe = Some(DedupeState::ReleaseFailed);
                log.note_internal(e.to_string());
            }
        }
    }
    answer(outcome?, log)
}

/// Sends to the origin and records the origin's status and time.
async fn send(route: &Route, outbound: &Outbound, log: &mut RequestLog) -> Result<Outcome, Reject> {
    let started = clock::now_ms();
    let outcome = forward::send(
        &route.origin,
        &outbound.headers,
        &outbound.body,
        route.origin_timeout_ms,
    )
    .await;
    log.origin_ms = Some(clock::now_ms().saturating_sub(started));
    match outcome {
        Ok(outcome) => Ok(outcome),
        Err(e) => {
            let message = e.to_string().replace(route.origin.as_str(), "<origin>");
            log.note_internal(bounded(&message, 200));
            Err(Reject::Internal)
        }
    }
}

/// The answer to the provider for an origin outcome.
fn answer(outcome: Outcome, log: &mut RequestLog) -> Result<Response, Reject> {
    match outcome {
        Outcome::Accepted(response) => {
            log.origin_status = Some(response.status());
            pass_through(Response::from(response))
        }
        Outcome::Rejected(status) => {
            log.origin_status = Some(status);
            Err(Reject::OriginRejected { status })
        }
        Outcome::Timeout => Err(Reject::OriginTimeout),
        Outcome::Unreachable(e) => {
            log.note_internal(e);
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

/// 202 for a stored event: `{"status":"accepted","id":"hg_…"}`, with `hookgate-duplicate: true`
/// when it had been stored before.
fn accepted(id: &str, stored_before: bool) -> Result<Response, Reject> {
    let headers = Headers::new();
    let set = |n: &str, v: &str| headers.set(n, v).map_err(|_| Reject::Internal);
    set("content-type", "application/json")?;
    if stored_before {
        set(HEADER_DUPLICATE, "true")?;
    }
    let body = serde_json::to_vec(&json!({"status": "accepted", "id": id}))
        .map_err(|_| Reject::Internal)?;
    Ok(ResponseBuilder::new()
        .with_status(202)
        .with_headers(headers)
        .fixed(body))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_not_json_template_parses() {
        assert!(Template::from_json(NOT_JSON_TEMPLATE).is_ok());
    }
}
