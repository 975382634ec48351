# Sourced by the build, test and run scripts: tools from node_modules and ~/.cargo first, and
# the variables that stop worker-build and wrangler from downloading or phoning home.
HOOKGATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export HOOKGATE_ROOT
export PATH="$HOOKGATE_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
WASM_BINDGEN_BIN="$(command -v wasm-bindgen || true)"
export WASM_BINDGEN_BIN
export WASM_OPT_BIN="$HOOKGATE_ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$HOOKGATE_ROOT/node_modules/.bin/esbuild"
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export NO_UPDATE_NOTIFIER=1
