#!/usr/bin/env bash
# The signature debugger: capture-parser unit tests, then the page end to end in headless
# Chromium (playwright-core + Debian's chromium), screenshots in artifacts/debugger/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

bash scripts/build-debugger.sh
bash scripts/build-worker.sh
node --test --test-concurrency=1 debugger/test/
