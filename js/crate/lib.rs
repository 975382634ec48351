//! Links hookgate's wasm-bindgen exports (`hookgate::wasm`) into the module wasm-pack builds.
//! It is a separate crate so the core stays an `rlib` that builds for `thumbv7em-none-eabi`.
pub use hookgate::wasm;
