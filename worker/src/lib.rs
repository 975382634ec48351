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

use worker::{Context, Env, Request, Response, Result, event};

pub use dedupe::shard::DedupeShard;

/// The Worker's fetch handler. Errors never escape as internal text: every failure is mapped to
/// a status and a stable code in `router`.
#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    router::handle(req, env).await
}
