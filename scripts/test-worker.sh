#!/usr/bin/env bash
# The Worker gateway: host unit tests, then the built Worker in workerd (Miniflare) with real
# local KV and Durable Objects against real node:http origins on 127.0.0.1 (worker/test/), then
# the run command's smoke test (scripts/start.sh --smoke: wrangler dev + the demo origin).
# Builds two Workers: the release build (worker/build) and a test build with the
# dangerous-test-clock feature (worker/build-test) that only the shared-vector suite uses.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo test -p hookgate-worker --locked --quiet

# The origin in the tests verifies hookgate's signature with the hookgate npm package (js/dist/node;
# build-js.sh is idempotent). Once it is built, the suites insist on it rather than falling back
# to the standardwebhooks package.
if [ -f scripts/build-js.sh ]; then
  bash scripts/build-js.sh
fi
if [ -d js/dist/node ]; then
  export HOOKGATE_REQUIRE_NPM_VERIFIER=1
fi

bash scripts/build-worker.sh --test-clock
bash scripts/build-worker.sh

# Bounded: every suite stops its own servers; the whole run is killed after 5 minutes.
timeout 300 node --test --test-timeout=180000 worker/test/*.test.mjs

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_busy 8787 || port_busy 8788; then
  echo "[test-worker] 127.0.0.1:8787 or :8788 is in use (scripts/start.sh running?): skipping the start.sh smoke test"
else
  timeout 180 bash scripts/start.sh --smoke
fi
