#!/usr/bin/env bash
# Builds the npm package `hookgate` into js/dist/ (gitignored): every wasm-pack target listed
# in wasm-pack.toml, then the CommonJS builds of the hand-written ESM modules.
# Idempotent: the wasm is rebuilt only when its inputs changed (FORCE=1 rebuilds anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

log() { printf '[build-js] %s\n' "$*"; }

# wasm-pack runs the first wasm-opt on PATH; it must be npm binaryen's (Debian's 108 emits
# wasm that fails to load).
wasm_opt=$(command -v wasm-opt || true)
if [ "$wasm_opt" != "$HOOKGATE_ROOT/node_modules/.bin/wasm-opt" ]; then
  echo "build-js: wasm-opt on PATH is '${wasm_opt:-none}', expected node_modules/.bin/wasm-opt (run scripts/setup.sh)" >&2
  exit 1
fi

# wasm-pack.toml -> shell variables (python3's tomllib; setup.sh already needs python3).
eval "$(python3 - <<'PY'
import shlex, tomllib
m = tomllib.load(open("wasm-pack.toml", "rb"))
p = dict(m["profile"]); name = p.pop("name"); packages = p.pop("package", {})
def val(v):
    return ("true" if v else "false") if isinstance(v, bool) else (str(v) if isinstance(v, int) else '"%s"' % v)
config = [f"profile.{name}.{k}={val(v)}" for k, v in p.items()]
config += [f'profile.{name}.package."{pkg}".{k}={val(v)}' for pkg, t in packages.items() for k, v in t.items()]
print("CRATE=%s" % shlex.quote(m["crate"]))
print("OUT_NAME=%s" % shlex.quote(m["out-name"]))
print("TARGET_DIR=%s" % shlex.quote(m["target-dir"]))
print("RUSTFLAGS_WASM=%s" % shlex.quote(" ".join(m.get("rustflags", []))))
print("PROFILE=%s" % shlex.quote(name))
print("CARGO_CONFIG=(%s)" % " ".join(shlex.quote(a) for c in config for a in ("--config", c)))
print("TARGETS=(%s)" % " ".join(shlex.quote("%s:%s:%s" % (t["name"], t["wasm-pack-target"], t["out-dir"])) for t in m["target"]))
PY
)"

# Everything that can change the wasm, hashed; an unchanged stamp skips the wasm build.
stamp_file="$TARGET_DIR/build-js.stamp"
inputs_hash=$( {
  find src "$CRATE" -type f -name '*.rs' -print0 | sort -z | xargs -0 sha256sum
  sha256sum Cargo.toml Cargo.lock "$CRATE/Cargo.toml" wasm-pack.toml scripts/build-js.sh
  wasm-bindgen --version; wasm-pack --version; wasm-opt --version; rustc --version
} | sha256sum | cut -d' ' -f1)
all_built=1
for t in "${TARGETS[@]}"; do
  IFS=: read -r _name _ out <<<"$t"
  [ -f "$out/${OUT_NAME}_bg.wasm" ] || all_built=0
done

if [ "${FORCE:-0}" != 1 ] && [ "$all_built" = 1 ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$inputs_hash" ]; then
  log "wasm up to date"
else
  mkdir -p "$TARGET_DIR"
  for t in "${TARGETS[@]}"; do
    IFS=: read -r name target out <<<"$t"
    stage="$HOOKGATE_ROOT/$TARGET_DIR/pkg-$name"
    rm -rf "$stage"
    log "wasm-pack build --target $target -> $out"
    CARGO_TARGET_DIR="$HOOKGATE_ROOT/$TARGET_DIR" RUSTFLAGS="$RUSTFLAGS_WASM" \
      wasm-pack --log-level warn build "$CRATE" "--$PROFILE" --target "$target" \
      --out-dir "$stage" --out-name "$OUT_NAME" --no-pack --no-gitignore \
      -- --locked "${CARGO_CONFIG[@]}" 2>&1 | grep -v 'failed to get wasm-pack version' || true
    [ -f "$stage/${OUT_NAME}_bg.wasm" ] || { echo "build-js: wasm-pack produced no $stage/${OUT_NAME}_bg.wasm" >&2; exit 1; }
    rm -rf "$out"
    mkdir -p "$out"
    cp "$stage/$OUT_NAME.js" "$stage/$OUT_NAME.d.ts" "$stage/${OUT_NAME}_bg.wasm" "$out/"
    # The glue's module format, for Node (the package itself has no "type").
    case "$target" in
      nodejs) echo '{ "type": "commonjs" }' >"$out/package.json" ;;
      *) echo '{ "type": "module" }' >"$out/package.json" ;;
    esac
    log "  $(stat -c%s "$out/${OUT_NAME}_bg.wasm") bytes wasm, $(gzip -9c "$out/${OUT_NAME}_bg.wasm" | wc -c) gzipped"
  done
  echo "$inputs_hash" >"$stamp_file"
fi

# CommonJS builds of the ESM sources (one shared instance of the wasm and error classes:
# `hookgate` itself stays external, so every subpath requires the same main entry).
mkdir -p js/dist/cjs
esbuild --log-level=warning --bundle --format=cjs --platform=neutral --target=es2022 \
  --outfile=js/dist/cjs/api.cjs js/lib/api.mjs
for m in standardwebhooks svix express fastify hono next; do
  if [ -f "js/$m.mjs" ]; then
    esbuild --log-level=warning --bundle --format=cjs --platform=node --target=es2022 \
      --external:hookgate --outfile="js/dist/cjs/$m.cjs" "js/$m.mjs"
  fi
done
log "done: js/dist/{$(IFS=,; for t in "${TARGETS[@]}"; do printf '%s,' "${t%%:*}"; done)cjs}"
