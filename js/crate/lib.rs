//! Links hookgate's lean wasm-bindgen exports (`hookgate::wasm`, feature `wasm`) into the npm
//! package's verification module (the tools module is `js/crate-tools`).
//! It is a separate crate so the core stays an `rlib` that builds for `thumbv7em-none-eabi`.
pub use hookgate::wasm;
