//! Every answer the gateway gives itself (rather than the origin's): a status, a stable
//! snake_case `code`, a JSON body `{ "code": …, <fields> }` and, where a retry is expected,
//! `Retry-After`. Bodies never carry a secret, an expected signature or internal error text.

use hookgate::VerifyError;
use serde::Serialize;
use serde_json::{Map, Value, json};
use worker::{Headers, Response, ResponseBuilder};

use crate::config::Problem;

/// Seconds a provider should wait before retrying an in-flight duplicate.
const RETRY_IN_FLIGHT_S: u32 = 10;
/// Seconds a provider should wait before retrying after a store or origin outage.
const RETRY_UNAVAILABLE_S: u32 = 30;

/// Why the gateway answered without passing an origin response through.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Reject {
    /// The request body could not be read.
    BodyUnreadable,
    /// The body is larger than the route allows.
    BodyTooLarge { limit: u64 },
    /// The isolate holds as many request bodies as it may right now; retry shortly.
    Busy,
    /// The route (or the whole document) is misconfigured: fail closed.
    ConfigInvalid {
        route: Option<String>,
        problem: Problem,
    },
    /// The dedupe store could not be reached; nothing was forwarded.
    DedupeUnavailable,
    /// Another delivery of this event is being forwarded right now.
    DuplicateInFlight,
    /// More headers, or more header bytes, than a request may carry.
    HeadersTooLarge {
        max_headers: usize,
        max_bytes: usize,
    },
    /// Something failed inside the gateway after verification; nothing was committed.
    Internal,
    /// An admin API query parameter is out of range; `detail` says which.
    InvalidQuery { detail: &'static str },
    /// The path exists but not for this method; `allow` names the one it takes.
    MethodNotAllowed { allow: &'static str },
    /// The origin answered, but not with a 2xx.
    OriginRejected { status: u16 },
    /// The origin did not answer within the route's timeout.
    OriginTimeout,
    /// The origin could not be reached.
    OriginUnreachable,
    /// The admin API has no event with this id.
    UnknownEvent,
    /// No route has this path.
    UnknownRoute,
    /// The admin API's bearer token is missing or wrong.
    Unauthorized,
    /// Verification failed (enforcing routes only).
    Verify(VerifyError),
}

impl Reject {
    /// The HTTP status.
    pub(crate) fn status(&self) -> u16 {
        match self {
            Self::BodyUnreadable | Self::InvalidQuery { .. } => 400,
            Self::BodyTooLarge { .. } => 413,
            Self::HeadersTooLarge { .. } => 431,
            Self::ConfigInvalid { .. } | Self::Internal => 500,
            // Not a 4xx: some providers never retry one, and GitHub never retries at all.
            Self::Busy
            | Self::DedupeUnavailable
            | Self::DuplicateInFlight
            | Self::OriginTimeout => 503,
            Self::MethodNotAllowed { .. } => 405,
            Self::OriginRejected { .. } | Self::OriginUnreachable => 502,
            Self::UnknownEvent | Self::UnknownRoute => 404,
            Self::Unauthorized | Self::Verify(_) => 401,
        }
    }

    /// The stable code (for verification failures, the core's code).
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::BodyUnreadable => "body_unreadable",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::Busy => "gateway_busy",
            Self::HeadersTooLarge { .. } => "headers_too_large",
            Self::ConfigInvalid { .. } => "config_invalid",
            Self::DedupeUnavailable => "dedupe_unavailable",
            Self::DuplicateInFlight => "duplicate_in_flight",
            Self::Internal => "internal_error",
            Self::InvalidQuery { .. } => "invalid_query",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::OriginRejected { .. } => "origin_rejected",
            Self::OriginTimeout => "origin_timeout",
            Self::OriginUnreachable => "origin_unreachable",
            Self::UnknownEvent => "unknown_event",
            Self::UnknownRoute => "unknown_route",
            Self::Unauthorized => "unauthorized",
            Self::Verify(e) => e.code(),
        }
    }

    fn retry_after_s(&self) -> Option<u32> {
        match self {
            Self::DuplicateInFlight | Self::Busy => Some(RETRY_IN_FLIGHT_S),
            Self::DedupeUnavailable | Self::OriginTimeout => Some(RETRY_UNAVAILABLE_S),
            _ => None,
        }
    }

    /// The JSON body. Configuration problems show only their code here; the detail (which names
    /// fields and secret bindings) goes to the log, not to whoever sent the request.
    pub(crate) fn body(&self) -> Value {
        let mut map = match self {
            Self::Verify(e) => match serde_json::to_value(e) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            },
            _ => Map::new(),
        };
        map.insert("code".into(), Value::from(self.code()));
        match self {
            Self::BodyTooLarge { limit } => {
                map.insert("limit".into(), json!(limit));
            }
            Self::HeadersTooLarge {
                max_headers,
                max_bytes,
            } => {
                map.insert("max_headers".into(), json!(max_headers));
                map.insert("max_bytes".into(), json!(max_bytes));
            }
            Self::ConfigInvalid { route, problem } => {
                if let Some(route) = route {
                    map.insert("route".into(), json!(route));
                }
                map.insert("reason".into(), json!(problem.code));
            }
            Self::InvalidQuery { detail } => {
                map.insert("detail".into(), json!(detail));
            }
            Self::OriginRejected { status } => {
                map.insert("origin_status".into(), json!(status));
            }
            _ => {}
        }
        Value::Object(map)
    }

    /// The response.
    ///
    /// # Errors
    /// Only if the runtime refuses to build a response; the caller lets the runtime answer 500.
    pub(crate) fn into_response(self) -> worker::Result<Response> {
        let headers = Headers::new();
        headers.set("content-type", "application/json")?;
        headers.set("cache-control", "no-store")?;
        if let Some(s) = self.retry_after_s() {
            headers.set("retry-after", &s.to_string())?;
        }
        match &self {
            Self::MethodNotAllowed { allow } => headers.set("allow", allow)?,
            Self::Unauthorized => headers.set("www-authenticate", "Bearer")?,
            _ => {}
        }
        json_response(self.status(), headers, &self.body())
    }
}

/// A JSON response with `status`.
///
/// # Errors
/// If the runtime refuses to build the response.
pub(crate) fn json_response(
    status: u16,
    headers: Headers,
    body: &impl Serialize,
) -> worker::Result<Response> {
    let bytes = serde_json::to_vec(body).map_err(|e| worker::Error::RustError(e.to_string()))?;
    Ok(ResponseBuilder::new()
        .with_status(status)
        .with_headers(headers)
        .fixed(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProblemCode;

    #[test]
    fn statuses_and_codes() {
        let cases = [
            (Reject::BodyTooLarge { limit: 9 }, 413, "body_too_large"),
            (Reject::Busy, 503, "gateway_busy"),
            (
                Reject::HeadersTooLarge {
                    max_headers: 1,
                    max_bytes: 2,
                },
                431,
                "headers_too_large",
            ),
            (Reject::DedupeUnavailable, 503, "dedupe_unavailable"),
            (Reject::DuplicateInFlight, 503, "duplicate_in_flight"),
            (Reject::Internal, 500, "internal_error"),
            (
                Reject::MethodNotAllowed { allow: "POST" },
                405,
                "method_not_allowed",
            ),
            (
                Reject::OriginRejected { status: 500 },
                502,
                "origin_rejected",
            ),
            (Reject::OriginTimeout, 503, "origin_timeout"),
            (Reject::OriginUnreachable, 502, "origin_unreachable"),
            (Reject::UnknownRoute, 404, "unknown_route"),
            (Reject::UnknownEvent, 404, "unknown_event"),
            (Reject::Unauthorized, 401, "unauthorized"),
            (Reject::InvalidQuery { detail: "x" }, 400, "invalid_query"),
        ];
        for (reject, status, code) in cases {
            assert_eq!((reject.status(), reject.code()), (status, code));
        }
    }

    #[test]
    fn verify_errors_keep_the_core_shape() {
        let r = Reject::Verify(VerifyError::TimestampTooOld {
            age_s: 301,
            tolerance_s: 300,
        });
        assert_eq!(r.status(), 401);
        assert_eq!(
            r.body(),
            json!({"code": "timestamp_too_old", "age_s": 301, "tolerance_s": 300})
        );
    }

    #[test]
    fn config_problems_show_only_their_code() {
        let r = Reject::ConfigInvalid {
            route: Some("stripe".into()),
            problem: Problem::new(
                ProblemCode::SecretMissing,
                "the secret binding \"STRIPE\" is not set",
            ),
        };
        assert_eq!(
            r.body(),
            json!({"code": "config_invalid", "route": "stripe", "reason": "secret_missing"})
        );
    }
}
