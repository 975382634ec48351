#!/usr/bin/env bash
# Runs every test: the Rust core, the npm package, the Worker, the debugger. This is the
# command README.md names and .ci/run calls. Set-up is idempotent and runs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
export CI="${CI:-true}"

for part in core js worker debugger; do
  if [ -f "scripts/test-$part.sh" ]; then
    printf '\n=== %s ===\n' "$part"
    bash "scripts/test-$part.sh"
  fi
done
printf '\nall test suites passed\n'
