//! The WebAssembly bindings behind the npm package `hookgate`; the only crate that names
//! wasm-bindgen, js-sys or serde-wasm-bindgen. The JS wrapper in `js/lib/` is the public
//! surface; these exports are its engine.
//!
//! They build into **three modules** from this one crate (`wasm-pack.toml`):
//!
//! - without features, the lean **verification** module: [`WasmVerifier`] for the built-in
//!   schemes with shared secrets, the body buffer, and the errors. No serde_json, no
//!   serde-wasm-bindgen, no signing, detection, forensics or transforms, and no public-key
//!   algorithms (a public key is the core's `algorithm_not_built`), so it stays small (the npm
//!   issue's budget is 60 KB gzipped) and compiles fast on a cold start.
//! - feature `public-key`: the same with Ed25519 and ECDSA P-256, which the wrapper loads
//!   instead for a public key.
//! - feature `tools`: all of the above plus the tools (custom scheme specs, also as
//!   `WasmVerifier`'s `scheme`; `sign`, `detect`, `schemes`, `explain`, `normalize` and the
//!   Slack/Discord transforms).
//!
//! One module per concept:
//!
//! - [`boundary`]: the numbers both sides agree on (the result layout, the tolerance encoding,
//!   the buffer constants, the header block), in named tables that `js/lib/boundary.mjs`
//!   mirrors; a test ties the two.
//! - [`body`]: the body buffer. **Bodies cross once**: the wrapper writes the payload straight
//!   into wasm memory, then the call's header block after it, and exports take lengths.
//! - [`headers`]: the header block, the one format in which header values cross.
//! - [`args`]: the arguments of `new Webhook` and the clock, checked again here.
//! - [`verifier`]: [`WasmVerifier`]; its `verify` (the hot path) writes its result to a reused
//!   buffer that JS reads in place.
//! - [`host`]: the host's crypto (the Node build's `node:crypto`), a crypto provider behind one
//!   import, for the wrapper to use on large bodies.
//! - [`errors`]: errors to JS, named `WebhookVerificationError` or `WebhookConfigError`, with
//!   the core's stable `code` and fields.
//! - `tools` (feature `tools`): the tools' exports, and their options objects.
//!
//! **No panics**: every export returns `Result<_, JsValue>`; nothing here indexes, unwraps or
//! allocates infallibly on a size the caller controls.
//!
//! Adding an export: one function in `tools` (take the payload's and header block's lengths,
//! and an options object through `parse_options`; map errors with `config_error` or
//! `verify_error`), one wrapper in `js/lib/api.mjs` that asks for the tools module, and its
//! declaration in `js/index.d.ts`. Only what `Webhook.verify` needs belongs outside `tools`.

extern crate alloc;

mod args;
pub mod body;
mod boundary;
mod errors;
mod headers;
pub mod host;
#[cfg(feature = "tools")]
pub mod tools;
pub mod verifier;

pub use verifier::WasmVerifier;
