//! The hookgate Cloudflare Worker gateway: verifies inbound webhooks with the hookgate core,
//! deduplicates them (Workers KV or a Durable Object), and forwards each real event once to the
//! origin, with the original bytes and headers plus hookgate's own Standard Webhooks signature:
//! inside the provider's request (sync), or stored first and delivered on the gateway's own
//! retry schedule (async, a Durable Object outbox).
//!
//! See `worker/README.md` for the configuration and the guarantees.

extern crate alloc;

mod admin;
mod clock;
mod config;
mod dedupe;
mod error;
mod forward;
mod gateway;
mod log;
mod outbox;
mod router;
mod runtime;
mod schedule;
mod shard;
mod text;
mod webcrypto;

use worker::{Context, Env, Response, Result, ScheduleContext, ScheduledEvent, event, web_sys};

pub use shard::DedupeShard;

/// The Worker's fetch handler. Errors never escape as internal text: every failure is mapped to
/// a status and a stable code in `router`.
///
/// It takes the runtime's request as is (`web_sys::Request`): a `worker::Request` would read the
/// request's `cf` object across the JS boundary on every request, which the gateway never uses.
#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, ctx: Context) -> Result<Response> {
    router::handle(req, env, &ctx).await
}

/// The scheduled handler (a cron trigger in wrangler.toml): the safety net for asynchronous
/// delivery, which re-arms any shard whose alarm was lost.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    router::wake(&env).await;
}
