//! The admin API under `/_hookgate/`: list, show and replay the events of asynchronous delivery.
//!
//! It exists only when the configuration names its token's secret (`"admin": {"token_secret":
//! "HOOKGATE_ADMIN_TOKEN"}`); otherwise every path under the prefix is 404, as an unknown route.
//! Every call carries `Authorization: Bearer <token>`, compared in constant time; a missing or
//! wrong token is 401 `{"code":"unauthorized"}`, whatever the path. The API never shows a secret:
//! bodies and forwarded headers, with credentials redacted (see `shard/outbox.rs`).
//!
//! - `GET /_hookgate/events?state=pending|dead|delivered&route=<id>&limit=N&cursor=<next>`
//! - `GET /_hookgate/events/<id>`
//! - `POST /_hookgate/events/<id>/replay` (202)

use serde_json::json;
use sha2::{Digest, Sha256};
use worker::{Env, Headers, Response, Url, web_sys};

use crate::config::{ADMIN_PREFIX, Admin, Config, Problem, ProblemCode};
use crate::error::{Reject, json_response};
use crate::log::RequestLog;
use crate::outbox::{Cursor, EventState, ListQuery, Outbox, Replay};
use crate::runtime;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 100;
/// A shorter token is refused as configuration: it could be guessed.
const MIN_TOKEN_BYTES: usize = 16;

/// Answers a request under [`ADMIN_PREFIX`].
///
/// # Errors
/// A [`Reject`]: 404 without the `admin` setting, 401 without the right token, 400/404/405 for a
/// bad call, 503 when a shard cannot be reached.
pub(crate) async fn handle(
    req: &web_sys::Request,
    method: &str,
    path: &str,
    env: &Env,
    config: &Config,
    log: &mut RequestLog,
) -> Result<Response, Reject> {
    let Some(admin) = &config.admin else {
        return Err(Reject::UnknownRoute);
    };
    let token = token(env, admin).map_err(|problem| Reject::ConfigInvalid {
        route: None,
        problem,
    })?;
    let given = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .unwrap_or_default();
    let bearer = given.strip_prefix("Bearer ").unwrap_or_default();
    if !same_token(bearer, &token) {
        return Err(Reject::Unauthorized);
    }
    let outbox =
        runtime::outbox(env, &config.bindings).map_err(|problem| Reject::ConfigInvalid {
            route: None,
            problem,
        })?;
    let rest = path.strip_prefix(ADMIN_PREFIX).unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').collect();
    match (segments.as_slice(), method) {
        (["events"], "GET") => list(&outbox, &req.url()).await,
        (["events", id], "GET") => {
            log.event_id = Some(crate::text::bounded(id, 64));
            show(&outbox, id).await
        }
        (["events", id, "replay"], "POST") => {
            log.event_id = Some(crate::text::bounded(id, 64));
            replay(&outbox, id).await
        }
        (["events"] | ["events", _], _) => Err(Reject::MethodNotAllowed { allow: "GET" }),
        (["events", _, "replay"], _) => Err(Reject::MethodNotAllowed { allow: "POST" }),
        _ => Err(Reject::UnknownRoute),
    }
}

/// The admin token from its secret binding.
fn token(env: &Env, admin: &Admin) -> Result<String, Problem> {
    let token = env
        .secret(&admin.token_secret)
        .map(|s| s.to_string())
        .map_err(|_| {
            Problem::new(
                ProblemCode::SecretMissing,
                format!("the secret binding {:?} is not set", admin.token_secret),
            )
        })?;
    if token.len() < MIN_TOKEN_BYTES {
        return Err(Problem::new(
            ProblemCode::InvalidAdminToken,
            format!(
                "the admin token ({:?}) must be at least {MIN_TOKEN_BYTES} bytes",
                admin.token_secret
            ),
        ));
    }
    Ok(token)
}

/// Whether `given` is the token, in time that does not depend on where they differ (both are
/// hashed first, so not even on their lengths).
fn same_token(given: &str, token: &str) -> bool {
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(token.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

async fn list(outbox: &Outbox, url: &str) -> Result<Response, Reject> {
    let url = Url::parse(url).map_err(|_| Reject::Internal)?;
    let mut query = ListQuery {
        state: None,
        route: None,
        after: None,
        limit: DEFAULT_LIMIT,
    };
    for (name, value) in url.query_pairs() {
        match &*name {
            "state" => {
                query.state = Some(EventState::parse(&value).ok_or(Reject::InvalidQuery {
                    detail: "state must be pending, dead or delivered",
                })?);
            }
            "route" => query.route = Some(value.into_owned()),
            "limit" => {
                query.limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or(Reject::InvalidQuery {
                        detail: "limit must be 1 to 100",
                    })?;
            }
            "cursor" => {
                query.after = Some(Cursor::parse(&value).ok_or(Reject::InvalidQuery {
                    detail: "cursor must be the next value of a previous page",
                })?);
            }
            _ => {}
        }
    }
    let (events, next) = outbox
        .list(&query)
        .await
        .map_err(|_| Reject::DedupeUnavailable)?;
    ok(
        200,
        &json!({"events": events, "next": next.map(|c| c.token())}),
    )
}

async fn show(outbox: &Outbox, id: &str) -> Result<Response, Reject> {
    if !is_event_id(id) {
        return Err(Reject::UnknownEvent);
    }
    match outbox
        .get(id)
        .await
        .map_err(|_| Reject::DedupeUnavailable)?
    {
        Some(event) => ok(200, &event),
        None => Err(Reject::UnknownEvent),
    }
}

async fn replay(outbox: &Outbox, id: &str) -> Result<Response, Reject> {
    if !is_event_id(id) {
        return Err(Reject::UnknownEvent);
    }
    let status = match outbox
        .replay(id)
        .await
        .map_err(|_| Reject::DedupeUnavailable)?
    {
        Replay::Scheduled => "accepted",
        Replay::InProgress => "in_progress",
        Replay::Unknown => return Err(Reject::UnknownEvent),
    };
    ok(202, &json!({"status": status, "id": id}))
}

/// `hg_` and 32 hex digits, as `forward::message_id` makes them.
fn is_event_id(id: &str) -> bool {
    id.strip_prefix("hg_")
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn ok(status: u16, body: &impl serde::Serialize) -> Result<Response, Reject> {
    let headers = Headers::new();
    let _ = headers.set("content-type", "application/json");
    let _ = headers.set("cache-control", "no-store");
    json_response(status, headers, body).map_err(|_| Reject::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("0123456789abcdef", "0123456789abcdef"));
        assert!(!same_token("0123456789abcdeF", "0123456789abcdef"));
        assert!(!same_token("", "0123456789abcdef"));
        assert!(!same_token("0123456789abcdef0", "0123456789abcdef"));
    }

    #[test]
    fn event_ids() {
        assert!(is_event_id("hg_0123456789abcdef0123456789abcdef"));
        assert!(!is_event_id("hg_0123"));
        assert!(!is_event_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_event_id("hg_0123456789abcdef0123456789abcdeg"));
    }
}
