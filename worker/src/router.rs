//! Dispatch: `GET /healthz`, then exact path match against the configured routes, POST only
//! (405), and a misconfigured route fails closed (500 `config_invalid`). A `GET`/`HEAD` of any
//! other path is answered from the static assets (the signature debugger at `/`) when the
//! assets binding exists; anything else is 404 `unknown_route`. Writes the request's one log
//! line, whatever happened: after the answer, once the deferred dedupe commit is done.

use serde_json::json;
use worker::{Context, Env, Headers, Response, web_sys};

use crate::clock;
use crate::config::{Config, HEALTH_PATH};
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
    match commit {
        // The origin has the event and the answer goes out now; the commit (and the log line,
        // which reports it) follow.
        Some(commit) => ctx.wait_until(async move {
            match commit.await {
                Ok(()) => log.dedupe = Some(DedupeState::Committed),
                Err(e) => {
                    log.dedupe = Some(DedupeState::CommitFailed);
                    log.note_internal(e.to_string());
                }
            }
            log.emit();
        }),
        None => log.emit(),
    }
    response
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
        return health(config, env, log);
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
        return Err(Reject::MethodNotAllowed);
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
/// usable; otherwise 500 `{"code":"config_invalid","invalid":[{"route","reason"}]}` (details in
/// the log line, not in the answer).
fn health(config: &Config, env: &Env, log: &mut RequestLog) -> Result<Response, Reject> {
    let mut invalid = Vec::new();
    let mut details = Vec::new();
    for (index, entry) in config.routes.iter().enumerate() {
        let checked = entry
            .route
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|route| {
                runtime::route_runtime(env, index, route)?;
                runtime::store(env, &config.bindings, &route.dedupe)?;
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
    let (status, body) = if invalid.is_empty() {
        (200, json!({"status": "ok", "routes": config.routes.len()}))
    } else {
        log.code = Some("config_invalid");
        log.note_internal(bounded(&details.join("; "), 2000));
        (
            500,
            json!({"code": "config_invalid", "routes": config.routes.len(), "invalid": invalid}),
        )
    };
    json_response(status, headers, &body).map_err(|_| Reject::Internal)
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
