//! Structured JSON log lines: one per request (`hookgate.request`), and one per attempt of an
//! asynchronous delivery (`hookgate.delivery`).
//!
//! The line holds only what is safe to keep: route, scheme, outcome codes, the dedupe key (a
//! provider event id or a body hash), which secret index matched, statuses and timings. It never
//! holds a header, a body, a secret or a signature; there is no field a header could flow into.

use serde::Serialize;

/// The fields of a request's log line, filled in as the request goes through the gateway.
#[derive(Debug, Default, Serialize)]
pub(crate) struct RequestLog {
    /// Always `"hookgate.request"`, so log pipelines can pick these lines out.
    msg: &'static str,
    pub(crate) method: String,
    pub(crate) path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) route: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scheme: Option<String>,
    pub(crate) status: u16,
    /// The error or outcome code; absent on a clean forward.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<&'static str>,
    /// Configuration problem code and detail (field and binding names, never values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) problem: Option<crate::config::Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) verified: Option<bool>,
    /// Shadow mode: why verification failed (the request was forwarded anyway).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) verify_error: Option<&'static str>,
    /// `false` on shadow-mode routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) enforce: Option<bool>,
    /// Where the MACs were computed: `wasm` (the core's RustCrypto) or `web_crypto` (large
    /// bodies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) crypto: Option<&'static str>,
    /// Which configured secret matched (0 = the first): tells you when an old one can go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) key_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe_store: Option<&'static str>,
    /// What became of the event's dedupe record (see [`DedupeState`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe: Option<DedupeState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe_key: Option<String>,
    /// Whether the provider's signature covers the dedupe key (when not, the event's replay
    /// key is claimed too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe_key_signed: Option<bool>,
    /// Whether the provider's signature covers the body's exact bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body_signed: Option<bool>,
    /// How many body bytes were read; absent when the request was answered before its body
    /// was read (a missing signature header, a declared size over the limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body_bytes: Option<u64>,
    /// Async routes: the stored event's id (`hg_…`, its `hookgate-webhook-id`), which its
    /// `hookgate.delivery` lines carry too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) origin_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) origin_ms: Option<u64>,
    /// The chat platform a transformed route rendered the event for (`slack`, `discord`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) transform: Option<&'static str>,
    /// Why a transformed route rendered its fallback message (`not_json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) transform_input: Option<&'static str>,
    /// `true` when the request was answered from the static assets (the debugger page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) asset: Option<bool>,
    /// Milliseconds until the answer was ready (the dedupe commit may follow it).
    pub(crate) latency_ms: u64,
    /// Short internal error descriptions (runtime error classes, never request data), `; `
    /// between them when more than one went wrong. Written through [`RequestLog::note_internal`].
    #[serde(skip_serializing_if = "Option::is_none")]
    internal: Option<String>,
}

/// One attempt of an asynchronous delivery. Like the request line, it never holds a header, a
/// body, a secret or the origin's URL.
#[derive(Debug, Serialize)]
pub(crate) struct DeliveryLog<'a> {
    /// Always `"hookgate.delivery"`.
    msg: &'static str,
    /// The event's id (`hg_…`).
    id: &'a str,
    route: &'a str,
    /// 1 for the first attempt, counting every attempt of the event (replays included).
    attempt: u32,
    /// The origin's status, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<u16>,
    /// Milliseconds the attempt took.
    pub(crate) ms: u64,
    /// Why the attempt failed: `origin_rejected`, `origin_timeout`, `origin_unreachable`,
    /// `config_invalid` (the route is gone or broken), `internal_error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<&'static str>,
    pub(crate) result: DeliveryResult,
    /// With `"result": "retry"`: when the next attempt is due (Unix ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_attempt_at: Option<u64>,
    /// `true` when an admin replay started this attempt.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub(crate) replay: bool,
    /// With `"result": "delivered"`: what became of the dedupe record (`committed`,
    /// `commit_failed`, `off`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe: Option<DedupeState>,
    /// A short internal error description (runtime error class, never request data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) internal: Option<String>,
}

/// What an attempt left the event as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DeliveryResult {
    /// Its schedule ran out; it waits for a replay.
    Dead,
    /// The origin answered 2xx.
    Delivered,
    /// It is attempted again at `next_attempt_at`.
    Retry,
}

impl<'a> DeliveryLog<'a> {
    pub(crate) fn new(id: &'a str, route: &'a str, attempt: u32) -> Self {
        Self {
            msg: "hookgate.delivery",
            id,
            route,
            attempt,
            status: None,
            ms: 0,
            error: None,
            result: DeliveryResult::Retry,
            next_attempt_at: None,
            replay: false,
            dedupe: None,
            internal: None,
        }
    }

    /// Writes the line to the log (`console.log`).
    pub(crate) fn emit(&self) {
        match serde_json::to_string(self) {
            Ok(line) => worker::console_log!("{line}"),
            Err(_) => worker::console_log!(r#"{{"msg":"hookgate.delivery","log_error":true}}"#),
        }
    }
}

/// What became of an event's dedupe record, as the request's log line reports it. The names are
/// a public interface (log pipelines match on them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DedupeState {
    /// Async: the event is stored in the outbox, which delivers it and then commits the record.
    Accepted,
    /// Async: the outbox holds this event already (pending or dead); nothing new was stored.
    AlreadyAccepted,
    /// This delivery holds the claim. Only seen if a line were written before the commit
    /// finished, which the gateway does not do.
    Claimed,
    /// The origin accepted the event and the record says so.
    Committed,
    /// The origin accepted the event, but the record could not be written: a later duplicate
    /// may be forwarded once more.
    CommitFailed,
    /// The origin already has this event: answered 200 without forwarding.
    Duplicate,
    /// The provider's request was a handshake, answered at the edge.
    Handshake,
    /// Another delivery of this event is being forwarded right now: answered 503 with
    /// `Retry-After`, not forwarded.
    InFlight,
    /// The route keeps no dedupe record (`"store": "none"`).
    Off,
    /// The forward failed and the claim was given up, so the provider's retry is forwarded.
    Released,
    /// The forward failed and the claim could not be given up: it lapses after `claim_ttl_s`.
    ReleaseFailed,
    /// Shadow mode, unverified: forwarded without dedupe.
    Skipped,
    /// The store could not be reached: answered 503, nothing forwarded.
    Unavailable,
}

impl RequestLog {
    pub(crate) fn new(method: String, path: String) -> Self {
        Self {
            msg: "hookgate.request",
            method,
            path,
            ..Self::default()
        }
    }

    /// The line as JSON.
    pub(crate) fn to_line(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| String::from(r#"{"msg":"hookgate.request","log_error":true}"#))
    }

    /// Adds an internal error description, keeping any written before (a failed claim write
    /// must still show when the forward fails afterwards).
    pub(crate) fn note_internal(&mut self, description: impl Into<String>) {
        let description = description.into();
        self.internal = Some(match self.internal.take() {
            Some(earlier) => format!("{earlier}; {description}"),
            None => description,
        });
    }

    /// Writes the line to the Worker's log (`console.log`).
    pub(crate) fn emit(&self) {
        worker::console_log!("{}", self.to_line());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_json_object() {
        let mut log = RequestLog::new("POST".into(), "/h".into());
        log.route = Some("r".into());
        log.status = 401;
        log.code = Some("no_matching_signature");
        let line = log.to_line();
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["msg"], "hookgate.request");
        assert_eq!(v["code"], "no_matching_signature");
        assert!(v.get("origin_status").is_none());
    }

    #[test]
    fn a_delivery_line_names_its_result() {
        let mut line = DeliveryLog::new("hg_1", "r", 2);
        line.status = Some(500);
        line.error = Some("origin_rejected");
        line.next_attempt_at = Some(1_700_000_000_000);
        let v = serde_json::to_value(&line).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"msg": "hookgate.delivery", "id": "hg_1", "route": "r", "attempt": 2,
                "status": 500, "ms": 0, "error": "origin_rejected", "result": "retry",
                "next_attempt_at": 1_700_000_000_000u64})
        );
        line.replay = true;
        line.result = DeliveryResult::Delivered;
        let v = serde_json::to_value(&line).unwrap();
        assert_eq!(
            (v["replay"].as_bool(), v["result"].as_str()),
            (Some(true), Some("delivered"))
        );
    }

    #[test]
    fn internal_errors_accumulate() {
        let mut log = RequestLog::new("POST".into(), "/h".into());
        log.dedupe = Some(DedupeState::ReleaseFailed);
        log.note_internal("claim write failed: kv down");
        log.note_internal("connection refused");
        let v: serde_json::Value = serde_json::from_str(&log.to_line()).unwrap();
        assert_eq!(
            v["internal"],
            "claim write failed: kv down; connection refused"
        );
        assert_eq!(v["dedupe"], "release_failed");
    }
}
