//! Links hookgate's full wasm-bindgen exports (`hookgate::wasm` with `hookgate::wasm::tools`)
//! into the npm package's tools module. The verification module is `js/crate`.
pub use hookgate::wasm;
