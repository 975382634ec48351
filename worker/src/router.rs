//! Dispatch: `GET /healthz`, then exact path match against the configured routes (404
//! `unknown_route`), POST only (405), and a misconfigured route fails closed (500
//! `config_invalid`). Writes the request's one log line, whatever happened.

use serde_json::json;
use worker::{Env, Headers, Method, Request, Response};

use crate::clock;
use crate::config::{Config, HEALTH_PATH};
use crate::error::{Reject, json_response};
use crate::gateway;
use crate::log::{RequestLog, bounded};
use crate::runtime;

/// Answers one request. Never fails except when the runtime cannot build a response at all.
///
/// # Errors
/// Only a runtime failure to build the response (the runtime then answers 500).
pub(crate) async fn handle(mut req: Request, env: Env) -> worker::Result<Response> {
    let started = clock::now_ms();
    let path = req.path();
    let mut log = RequestLog::new(req.method().to_string(), bounded(&path, 256));
    let result = dispatch(&mut req, &env, &path, &mut log).await;
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
    log.emit();
    response
}

async fn dispatch(
    req: &mut Request,
    env: &Env,
    path: &str,
    log: &mut RequestLog,
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
    if path == HEALTH_PATH && matches!(req.method(), Method::Get | Method::Head) {
        return health(config, env, log);
    }
    let Some((index, entry)) = config
        .routes
        .iter()
        .enumerate()
        .find(|(_, e)| e.path.as_deref() == Some(path))
    else {
        return Err(Reject::UnknownRoute);
    };
    log.route = Some(entry.id.clone());
    if req.method() != Method::Post {
        return Err(Reject::MethodNotAllowed);
    }
    let route = entry
        .route
        .as_ref()
        .map_err(|problem| Reject::ConfigInvalid {
            route: Some(entry.id.clone()),
            problem: problem.clone(),
        })?;
    gateway::handle(req, env, &config.bindings, index, route, log).await
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
                entry.id, problem.code, problem.detail
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
        log.internal = Some(bounded(&details.join("; "), 2000));
        (
            500,
            json!({"code": "config_invalid", "routes": config.routes.len(), "invalid": invalid}),
        )
    };
    json_response(status, headers, &body).map_err(|_| Reject::Internal)
}
