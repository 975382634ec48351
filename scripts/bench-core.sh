#!/usr/bin/env bash
# Benchmarks the core's verify path (criterion, benches/verify.rs) against a bare hmac + sha2
# check over the same signed content, then prints ns/op, throughput and hookgate's overhead.
#
#   scripts/bench-core.sh [criterion filter/options ...]
#
# Not part of the test command (scripts/test-core.sh only compiles the bench). Uses the crate's
# bench profile (which inherits [profile.release]); set CARGO_PROFILE_BENCH_OPT_LEVEL=3 to
# measure as a typical native dependent builds it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo bench -p hookgate --locked --bench verify -- "$@"

target_dir=$(cargo metadata --format-version 1 --no-deps --locked |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
python3 - "$target_dir/criterion" <<'PY'
import json, os, sys

root = sys.argv[1]
def median_ns(group, func, size):
    path = os.path.join(root, group, func, str(size), "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        return None

sizes = [256, 1024, 16 * 1024, 1024 * 1024]
label = {256: "256 B", 1024: "1 KiB", 16384: "16 KiB", 1048576: "1 MiB"}
print()
print("| scheme | size | hookgate ns/op | bare HMAC ns/op | hookgate MiB/s | bare MiB/s | overhead |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for group in ["standard_webhooks", "github"]:
    for size in sizes:
        h, b = median_ns(group, "hookgate", size), median_ns(group, "bare_hmac", size)
        if h is None or b is None:
            continue
        mib = lambda ns: size / (ns / 1e9) / (1 << 20)
        print(f"| {group} | {label[size]} | {h:,.0f} | {b:,.0f} | {mib(h):,.0f} | {mib(b):,.0f} | {100 * (h - b) / b:+.1f} % |")
print("\n(median of criterion's samples; overhead = hookgate / bare - 1; target < 5 % at 1 KiB)")
PY
