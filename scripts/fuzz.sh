#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with cargo fuzz (libFuzzer): every target in fuzz/ runs
# for a bounded time, then a table of executions per target is printed.
#
#   scripts/fuzz.sh [seconds-per-target] [target ...]     (default: 60 s, every target)
#
# Works on the stable toolchain: cargo fuzz passes -Z flags (sanitizer, coverage options),
# which RUSTC_BOOTSTRAP=1 lets stable rustc accept. AddressSanitizer is used when it links;
# otherwise the run falls back to --sanitizer none (FUZZ_SANITIZER overrides the choice).
# A crash stops that target, writes its input under fuzz/artifacts/<target>/, and makes the
# script exit non-zero after the other targets have run. Corpora persist in fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

CARGO_FUZZ_VERSION=0.13.2
seconds=${1:-60}
shift || true

if cargo fuzz --version 2>/dev/null | grep -qw -- "$CARGO_FUZZ_VERSION"; then
  echo "[fuzz] cargo-fuzz $CARGO_FUZZ_VERSION present"
else
  echo "[fuzz] installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

export RUSTC_BOOTSTRAP=1
cd fuzz
sanitizer=${FUZZ_SANITIZER:-address}
if ! cargo fuzz build -O --sanitizer "$sanitizer"; then
  [ "$sanitizer" != none ] || exit 1
  echo "[fuzz] build with --sanitizer $sanitizer failed; falling back to --sanitizer none"
  sanitizer=none
  cargo fuzz build -O --sanitizer none
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi
logs=target/fuzz-logs
mkdir -p "$logs"

status=0
total=0
rows=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="$logs/$target.log"
  echo "[fuzz] $target: ${seconds}s (sanitizer: $sanitizer)"
  if cargo fuzz run -O --sanitizer "$sanitizer" "$target" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="CRASH ($(grep -o 'artifacts/[^ ]*' "$log" | head -n1 || echo "see $log"))"
    status=1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -n1)
  execs=${execs:-0}
  rate=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log" | tail -n1)
  corpus=$(find "corpus/$target" -type f | wc -l)
  total=$((total + execs))
  rows+=("$(printf '%-16s %8ss %14s %10s %8s  %s' "$target" "$seconds" "$execs" \
    "${rate:-0}" "$corpus" "$result")")
done

printf '\n%-16s %9s %14s %10s %8s  %s\n' target time executions exec/s corpus result
printf '%s\n' "${rows[@]}"
printf '%-16s %9s %14s\n' total "" "$total"
exit "$status"
