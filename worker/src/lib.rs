//! The hookgate Cloudflare Worker gateway: verifies inbound webhooks with the hookgate core,
//! deduplicates them (Workers KV or a Durable Object), and forwards each real event once to the
//! origin, with the original bytes and headers plus hookgate's own Standard Webhooks signature.
//!
//! See `worker/README.md` for the configuration and the guarantees.

extern crate alloc;

mod clock;
mod config;
mod dedupe;
mod error;
mod forward;
mod gateway;
mod log;
mod router;
mod runtime;
mod text;

use worker::{Context, Env, Response, Result, event, web_sys};

pub use dedupe::shard::DedupeShard;

/// The Worker's fetch handler. Errors never escape as internal text: every failure is mapped to
/// a status and a stable code in `router`.
///
/// It takes the runtime's request as is (`web_sys::Request`): a `worker::Request` would read the
/// request's `cf` object across the JS boundary on every request, which the gateway never uses.
#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, ctx: Context) -> Result<Response> {
    router::handle(req, env, &ctx).await
}
