//! Dispatch: `GET /healthz`, the admin API under `/_hookgate/`, then exact path match against
//! the configured routes, POST only (405), and a misconfigured route fails closed (500
//! `config_invalid`). A `GET`/`HEAD` of any other path is answered from the static assets (the
//! signature debugger at `/`) when the assets binding exists; anything else is 404
//! `unknown_route`. Writes the request's one log line, whatever happened: after the answer, once
//! the deferred dedupe commit is done.
//!
//! The whole request runs under `ctx.waitUntil`, and the answer is handed out of it: a provider
//! that disconnects mid-forward cannot cut claim → forward → commit/release off halfway, and
//! the log line is always written (every store call is bounded by a timeout).
//!
//! Also the scheduled wake-up ([`wake`]): the safety net that re-arms a shard's lost alarm.

use futures_channel::oneshot;
use serde_json::{Value, json};
use worker::{Context, Env, Headers, Response, web_sys};

use crate::admin;
use crate::clock;
use crate::config::{ADMIN_PREFIX, Config, Delivery, HEALTH_PATH};
use crate::error::{Reject, json_response};
use crate::gateway;
use crate::log::{DedupeState, RequestLog};
use crate::runtime;
use crate::text::bounded;

/// Answers one request. Never fails except when the runtime cannot build a response at all.
///
/// # Errors
/// Only a runtime failure to build the response (the runtime then answers 500).
pub(crate) async fn handle(
    req: web_sys::Request,
    env: Env,
    ctx: &Context,
) -> worker::Result<Response> {
    let (answer, answered) = oneshot::channel();
    ctx.wait_until(async move {
        let started = clock::now_ms();
        let path = path_of(&req.url());
        let method = req.method();
        let mut log = RequestLog::new(method.clone(), bounded(&path, 256));
        let mut commit = None;
        let result = dispatch(&req, &method, &env, &path, &mut log, &mut commit).await;
        let response = match result {
            Ok(response) => Ok(response),
            Err(reject) => {
                log.code = Some(reject.code());
                if let Reject::ConfigInvalid { problem, .. } = &reject {
                    log.problem = Some(problem.clone());
                }
                reject.into_response()
            }
        };
        log.status = response.as_ref().map_or(500, Response::status_code);
        log.latency_ms = clock::now_ms().saturating_sub(started);
        // The answer goes out now (if the provider is still there); the commit and the log line,
        // which reports it, follow.
        let _ = answer.send(response);
        if let Some(commit) = commit {
            match commit.await {
                Ok(()) => log.dedupe = Some(DedupeState::Committed),
                Err(e) => {
                    log.dedupe = Some(DedupeState::CommitFailed);
                    log.note_internal(e.to_string());
                }
            }
        }
        log.emit();
    });
    answered
        .await
        .unwrap_or_else(|_| Reject::Internal.into_response())
}

/// The path of a URL as the runtime serializes it (WHATWG): from the first `/` after the host
/// to the query or fragment. No reparsing: a serialized URL is already normalized.
fn path_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i.saturating_add(3));
    let rest = url.get(after_scheme..).unwrap_or_default();
    let path = rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/");
    let end = path.find(['?', '#']).unwrap_or(path.len());
    path.get(..end).unwrap_or("/").to_owned()
}

async fn dispatch(
    req: &web_sys::Request,
    method: &str,
    env: &Env,
    path: &str,
    log: &mut RequestLog,
    commit: &mut Option<gateway::Commit>,
) -> Result<Response, Reject> {
    let config = runtime::config(env);
    let config = match config.as_ref() {
        Ok(config) => config,
        Err(problem) => {
            return Err(Reject::ConfigInvalid {
                route: None,
                problem: problem.clone(),
            });
        }
    };
    let get_or_head = matches!(method, "GET" | "HEAD");
    if path == HEALTH_PATH && get_or_head {
        return health(config, env, log).await;
    }
    if format!("{path}/").starts_with(ADMIN_PREFIX) {
        return admin::handle(req, method, path, env, config, log).await;
    }
    let Some((index, entry)) = config
        .routes
        .iter()
        .enumerate()
        .find(|(_, e)| e.path.as_deref() == Some(path))
    else {
        if get_or_head && let Ok(assets) = env.assets(&config.bindings.assets) {
            log.asset = Some(true);
            // The same request object (a handle, not a JS `clone()`), passed on unread.
            let request = worker::Request::from(Clone::clone(req));
            return assets.fetch_request(request).await.map_err(|e| {
                log.note_internal(bounded(&e.to_string(), 200));
                Reject::Internal
            });
        }
        return Err(Reject::UnknownRoute);
    };
    log.route = Some(entry.id.clone());
    if method != "POST" {
        return Err(Reject::MethodNotAllowed { allow: "POST" });
    }
    let route = entry
        .route
        .as_ref()
        .map_err(|problem| Reject::ConfigInvalid {
            route: Some(entry.id.clone()),
            problem: problem.clone(),
        })?;
    gateway::handle(req, env, &config.bindings, index, route, log, commit).await
}

/// 200 `{"status":"ok","routes":N}` when every route, its secrets and its store binding are
/// usable, with `"events": {"<route>": {"pending": n, "dead": m}}` when a route delivers
/// asynchronously (counts only: no bodies, no keys) and `"shadow": ["<route>", …]` naming the
/// routes in shadow mode (`enforce: false`: they forward unverified requests); otherwise 500
/// `{"code":"config_invalid","invalid":[{"route","reason"}]}` (details in the log line, not in
/// the answer), or 503 `dedupe_unavailable` when the shards cannot be counted.
async fn health(config: &Config, env: &Env, log: &mut RequestLog) -> Result<Response, Reject> {
    let mut invalid = Vec::new();
    let mut details = Vec::new();
    let mut async_routes = Vec::new();
    let shadow: Vec<&str> = config
        .routes
        .iter()
        .filter(|e| e.route.as_ref().is_ok_and(|r| !r.enforce))
        .map(|e| e.id.as_str())
        .collect();
    for (index, entry) in config.routes.iter().enumerate() {
        let checked = entry
            .route
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|route| {
                runtime::route_runtime(env, index, route)?;
                runtime::store(env, &config.bindings, &route.dedupe)?;
                if let Delivery::Async(_) = route.delivery {
                    runtime::outbox(env, &config.bindings)?;
                    async_routes.push(entry.id.as_str());
                }
                Ok(())
            });
        if let Err(problem) = checked {
            invalid.push(json!({"route": entry.id, "reason": problem.code}));
            details.push(format!(
                "{}: {} ({})",
                entry.id,
                problem.code.as_str(),
                problem.detail
            ));
        }
    }
    let headers = Headers::new();
    let _ = headers.set("cache-control", "no-store");
    let _ = headers.set("content-type", "application/json");
    if !invalid.is_empty() {
        log.code = Some("config_invalid");
        log.note_internal(bounded(&details.join("; "), 2000));
        let mut body = serde_json::Map::new();
        body.insert("code".into(), json!("config_invalid"));
        body.insert("routes".into(), json!(config.routes.len()));
        body.insert("invalid".into(), json!(invalid));
        if !shadow.is_empty() {
            body.insert("shadow".into(), json!(shadow));
        }
        return json_response(500, headers, &Value::Object(body)).map_err(|_| Reject::Internal);
    }
    let mut body = serde_json::Map::new();
    body.insert("status".into(), json!("ok"));
    body.insert("routes".into(), json!(config.routes.len()));
    if !shadow.is_empty() {
        body.insert("shadow".into(), json!(shadow));
    }
    if !async_routes.is_empty() {
        let outbox =
            runtime::outbox(env, &config.bindings).map_err(|_| Reject::DedupeUnavailable)?;
        let mut counts = outbox.counts().await.map_err(|e| {
            log.note_internal(e.to_string());
            Reject::DedupeUnavailable
        })?;
        for id in async_routes {
            counts.entry(id.to_owned()).or_default();
        }
        body.insert("events".into(), json!(counts));
    }
    json_response(200, headers, &body).map_err(|_| Reject::Internal)
}

/// The scheduled wake-up: asks every shard to set its alarm if it has work and none is set.
/// Alarms survive restarts and are retried by the runtime; this covers an alarm lost anyway
/// (its retries exhausted by a failure), so a stored event can never wait for a new request.
pub(crate) async fn wake(env: &Env) {
    let config = runtime::config(env);
    let Ok(config) = config.as_ref() else {
        return;
    };
    let delivers_async = config.routes.iter().any(|e| {
        e.route
            .as_ref()
            .is_ok_and(|r| matches!(r.delivery, Delivery::Async(_)))
    });
    if !delivers_async {
        return;
    }
    let Ok(outbox) = runtime::outbox(env, &config.bindings) else {
        return;
    };
    let (shards, rearmed, failed) = outbox.wake().await;
    worker::console_log!(
        "{}",
        json!({"msg": "hookgate.wake", "shards": shards, "rearmed": rearmed, "failed": failed})
    );
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn paths_of_serialized_urls() {
        assert_eq!(path_of("https://h.example/hooks/a?x=1#f"), "/hooks/a");
        assert_eq!(path_of("http://127.0.0.1:8787/"), "/");
        assert_eq!(path_of("https://h.example"), "/");
        assert_eq!(path_of("https://u:p@h.example/a%2Fb#x"), "/a%2Fb");
        assert_eq!(path_of("https://h.example/a/b#x?y"), "/a/b");
    }
}
