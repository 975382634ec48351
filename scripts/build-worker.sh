#!/usr/bin/env bash
# Builds the hookgate Worker (worker/build/) with worker-build, offline: the wasm-bindgen CLI,
# wasm-opt (npm binaryen) and esbuild come from scripts/env.sh, never from a download.
#   scripts/build-worker.sh                 release build  -> worker/build/
#   scripts/build-worker.sh --test-clock    + the dangerous-test-* features -> worker/build-test/
#
# The release build also builds the signature debugger the Worker serves at / (static assets,
# worker/wrangler.toml [assets] -> debugger/dist) with scripts/build-debugger.sh when that script
# exists, then writes debugger/dist/_headers (the page's CSP and security headers). It fails if
# the site is missing, since wrangler cannot run or deploy the Worker without it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

out=build
features=()
if [ "${1:-}" = "--test-clock" ]; then
  out=build-test
  features=(-- --features dangerous-test-clock,dangerous-test-commit-delay,dangerous-test-no-alarm,test-crypto-header)
fi
[ -n "$WASM_BINDGEN_BIN" ] || { echo "wasm-bindgen not found; run scripts/setup.sh" >&2; exit 1; }

if [ "$out" = build ]; then
  if [ -f scripts/build-debugger.sh ]; then
    bash scripts/build-debugger.sh
  fi
  if [ ! -f debugger/dist/index.html ]; then
    echo "[build-worker] debugger/dist/index.html is missing: the Worker serves the signature debugger at / from debugger/dist" >&2
    echo "[build-worker] (worker/wrangler.toml [assets]); build it with scripts/build-debugger.sh" >&2
    exit 1
  fi
  node worker/assets/headers.mjs debugger/dist
fi

cd worker
worker-build --release --out-dir "$out" "${features[@]}"
ls -l "$out/index.js" "$out/index_bg.wasm"
