#!/usr/bin/env bash
# Builds the hookgate Worker (worker/build/) with worker-build, offline: the wasm-bindgen CLI,
# wasm-opt (npm binaryen) and esbuild come from scripts/env.sh, never from a download.
#   scripts/build-worker.sh                 release build  -> worker/build/
#   scripts/build-worker.sh --test-clock    + the dangerous-test-clock feature -> worker/build-test/
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

out=build
features=()
if [ "${1:-}" = "--test-clock" ]; then
  out=build-test
  features=(-- --features dangerous-test-clock)
fi
[ -n "$WASM_BINDGEN_BIN" ] || { echo "wasm-bindgen not found; run scripts/setup.sh" >&2; exit 1; }
cd worker
worker-build --release --out-dir "$out" "${features[@]}"
ls -l "$out/index.js" "$out/index_bg.wasm"
