//! The WebAssembly bindings (the npm package); the only file that names wasm-bindgen or js-sys.
