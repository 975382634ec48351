#!/usr/bin/env bash
# Benchmarks the core's verify path (criterion, benches/verify.rs) against hand-written hmac + sha2
# checks of the same request and the bare MAC, then prints ns/op, throughput and hookgate's
# overhead over each.
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
ns = lambda v: "-" if v is None else f"{v:,.0f}"
over = lambda h, b: "-" if h is None or b is None else f"{100 * (h - b) / b:+.1f} %"
print()
print("| scheme | size | hookgate ns/op | bare HMAC ns/op | keyed once ns/op | raw MAC ns/op | hookgate MiB/s | overhead | vs keyed once | vs raw MAC |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for group in ["standard_webhooks", "github"]:
    for size in sizes:
        h = median_ns(group, "hookgate", size)
        b = median_ns(group, "bare_hmac", size)
        k = median_ns(group, "bare_hmac_keyed_once", size)
        r = median_ns(group, "raw_mac", size)
        if h is None:
            continue
        mib = size / (h / 1e9) / (1 << 20)
        print(f"| {group} | {label[size]} | {ns(h)} | {ns(b)} | {ns(k)} | {ns(r)} | {mib:,.0f} | {over(h, b)} | {over(h, k)} | {over(h, r)} |")
print("""
(medians of criterion's samples; each column is hookgate / other - 1. "overhead" is against
bare_hmac, a hand-written verifier that keys the MAC per request: target < 5 % at 1 KiB.
"vs keyed once" is against the same verifier with the MAC keyed once, as hookgate keys it:
the core's own cost. "vs raw MAC" is against the MAC alone. See benches/verify.rs.)""")
PY
