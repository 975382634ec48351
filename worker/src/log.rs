//! One structured JSON log line per request.
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
    /// Which configured secret matched (0 = the first): tells you when an old one can go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) key_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe_store: Option<&'static str>,
    /// `committed`, `commit_failed`, `duplicate`, `in_flight`, `released`, `release_failed`,
    /// `unavailable`, `skipped`, `handshake`, `off` (`claimed` only if a line is written before
    /// the commit finished, which the gateway does not do).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dedupe_key: Option<String>,
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
    /// A short internal error description (runtime error class, never request data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) internal: Option<String>,
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

    /// Writes the line to the Worker's log (`console.log`).
    pub(crate) fn emit(&self) {
        worker::console_log!("{}", self.to_line());
    }
}

/// The path as logged: bounded, so an attacker cannot flood the log with a megabyte of URL.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or_default())
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
    fn bounded_cuts_on_a_char_boundary() {
        assert_eq!(bounded("abc", 5), "abc");
        assert_eq!(bounded("aé", 2), "a…");
    }
}
