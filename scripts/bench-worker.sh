#!/usr/bin/env bash
# Load benchmark of the Worker gateway (not a test): hookgate vs a pass-through Worker, both in
# workerd on 127.0.0.1, autocannon from node_modules. Bounded: BENCH_DURATION s per run (10), six
# runs plus warm-ups per origin (one async, whose backlog drains after it, at most 2 minutes),
# BENCH_CONNECTIONS connections (10). Prints a table and the async figures beside the
# pass-through's; exits 1 if any event was lost.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
[ -f worker/build/index.js ] || bash scripts/build-worker.sh
timeout 900 node worker/bench/bench.mjs
