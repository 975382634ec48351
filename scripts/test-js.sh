#!/usr/bin/env bash
# The npm package: build what is needed, then every JS suite with Node's test runner.
#   - the boundary tables shared by js/crate and js/lib, checked to be the same (cargo test);
#   - the shared vectors, the API, what a signature covers (replay keys, GatewayWebhook, the
#     dedupeKey option, recovery from a trap) and the no-panic boundary hammer, against the node
#     build (with node:crypto above its size threshold, for every payload, and never) and again
#     against the web build (TEST_WASM=web);
#   - the module split: verification with a shared secret loads only the verification module,
#     a public key the public-key module, the tools the tools module, each on first use
#     (Node) or after its init call (web); the verification and public-key wasm's budgets;
#   - the drop-in shims against the real svix / standardwebhooks packages;
#   - Express, Fastify, Hono and Next.js helpers with the real frameworks;
#   - end to end: a node:http server verifying requests signed by the real svix,
#     standardwebhooks, stripe and @octokit/webhooks-methods;
#   - the web build in headless Chromium, the worker build in workerd (Miniflare);
#   - `npm pack` installed into a fresh directory and used from CJS, ESM and TypeScript;
#   - `tsc --noEmit` over the .d.ts files and a typed usage example.
# Runs from a clean clone after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# The boundary: js/lib/boundary.mjs is the JS twin of js/crate/src/boundary.rs's tables.
echo "[test-js] cargo test -p hookgate-wasm (the boundary tables)"
cargo test -p hookgate-wasm --locked --all-features --quiet

bash scripts/build-js.sh

echo "[test-js] tsc --noEmit (js/test/types)"
tsc -p js/test/types/tsconfig.json

echo "[test-js] node build: every suite"
TEST_WASM=node node --test \
  js/test/vectors.test.mjs js/test/api.test.mjs js/test/dedupe.test.mjs js/test/boundary.test.mjs js/test/tools.test.mjs \
  js/test/split.test.mjs js/test/shims.test.mjs js/test/frameworks.test.mjs js/test/e2e.test.mjs \
  js/test/browser.test.mjs js/test/worker.test.mjs js/test/pack.test.mjs js/test/registry.test.mjs

echo "[test-js] node build with node:crypto for every payload: vectors, API, dedupe, boundary"
HOOKGATE_NODE_CRYPTO=always TEST_WASM=node node --test js/test/vectors.test.mjs js/test/api.test.mjs js/test/dedupe.test.mjs js/test/boundary.test.mjs

echo "[test-js] node build with wasm crypto only: vectors, API"
HOOKGATE_NODE_CRYPTO=never TEST_WASM=node node --test js/test/vectors.test.mjs js/test/api.test.mjs

echo "[test-js] web build: vectors, API, boundary, tools"
TEST_WASM=web node --test js/test/vectors.test.mjs js/test/api.test.mjs js/test/dedupe.test.mjs js/test/boundary.test.mjs js/test/tools.test.mjs js/test/registry.test.mjs
