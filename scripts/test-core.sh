#!/usr/bin/env bash
# The Rust core: style, lints, tests, no_std cross builds, docs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p hookgate --all-targets --all-features --locked -- -D warnings
# The npm package's bindings with the tools feature (the workspace run above builds them without).
cargo clippy -p hookgate-wasm --all-targets --all-features --locked -- -D warnings
for target in wasm32-unknown-unknown thumbv7em-none-eabi; do
  cargo build -p hookgate --locked --no-default-features --target "$target"
  cargo build -p hookgate --locked --no-default-features --features transform --target "$target"
done
cargo clippy -p hookgate --lib --locked --no-default-features --features transform --target thumbv7em-none-eabi -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc -p hookgate --no-deps --all-features --locked
cargo test -p hookgate --locked --all-features
# The shared vectors, re-verified by an independent Python implementation.
python3 tests/vectors/tools/check.py
# The replay and forwarded-metadata cases (tests/vectors/dedupe/), recomputed independently.
python3 tests/vectors/tools/replays.py --check
