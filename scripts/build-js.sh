#!/usr/bin/env bash
# Builds the npm package `hookgate` into js/dist/ (gitignored): every wasm module listed in
# wasm-pack.toml (the verification module and the tools module) for every wasm-pack target
# listed there, then the CommonJS builds of the hand-written ESM modules.
# Idempotent: a module's wasm is rebuilt only when its inputs changed (FORCE=1 rebuilds anyway).
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
# MODULES: "name:crate:out-name:target-dir:rustflags:build-std:cargo args" per module (a
# module's [module.profile] overrides [profile]; its rustflags are appended to the global ones;
# build-std non-empty means cargo -Zbuild-std, see wasm-pack.toml; its features become
# --features); TARGETS:
# "name:wasm-pack-target:out-dir".
eval "$(python3 - <<'PY'
import shlex, tomllib
m = tomllib.load(open("wasm-pack.toml", "rb"))
def val(v):
    return ("true" if v else "false") if isinstance(v, bool) else (str(v) if isinstance(v, int) else '"%s"' % v)
def config(profile):
    p = dict(profile); name = p.pop("name"); packages = p.pop("package", {})
    out = [f"profile.{name}.{k}={val(v)}" for k, v in p.items()]
    out += [f'profile.{name}.package."{pkg}".{k}={val(v)}' for pkg, t in packages.items() for k, v in t.items()]
    return name, " ".join(shlex.quote(a) for c in out for a in ("--config", c))
names = set()
modules = []
for mod in m["module"]:
    profile = {**m["profile"], **mod.get("profile", {})}
    name, args = config(profile)
    names.add(name)
    rustflags = " ".join(m.get("rustflags", []) + mod.get("rustflags", []))
    build_std = ",".join(mod.get("build-std", []))
    if mod.get("features"):
        args = " ".join([args, shlex.quote("--features=" + ",".join(mod["features"]))])
    if build_std:
        extra = ["-Zbuild-std=" + build_std]
        if mod.get("build-std-features"):
            extra.append("-Zbuild-std-features=" + ",".join(mod["build-std-features"]))
        args = " ".join([args] + [shlex.quote(a) for a in extra])
    for field in (mod["name"], mod["crate"], mod["out-name"], mod["target-dir"], rustflags, build_std):
        assert ":" not in field, f"wasm-pack.toml: ':' in {field!r}"
    modules.append(":".join([mod["name"], mod["crate"], mod["out-name"], mod["target-dir"], rustflags, build_std, args]))
assert len(names) == 1, "every module must use the same cargo profile name"
print("PROFILE=%s" % shlex.quote(names.pop()))
print("MODULES=(%s)" % " ".join(shlex.quote(x) for x in modules))
print("TARGETS=(%s)" % " ".join(shlex.quote("%s:%s:%s" % (t["name"], t["wasm-pack-target"], t["out-dir"])) for t in m["target"]))
PY
)"

tools_versions=$(wasm-bindgen --version; wasm-pack --version; wasm-opt --version; rustc --version)

# wasm-pack runs the wasm-bindgen on PATH and has no option for its flags: this shim adds
# --experimental-reset-state-function, which gives the glue `__wbg_reset_state()`. The wrapper
# (js/lib/api.mjs) calls it after a trap, so the next call runs on a fresh instance instead of
# one whose state (a RefCell left borrowed, the allocator) the trap left half-changed.
shim_dir="$HOOKGATE_ROOT/target/wasm-bindgen-shim"
real_bindgen=$(PATH="${PATH//$shim_dir:/}" command -v wasm-bindgen)
mkdir -p "$shim_dir"
cat >"$shim_dir/wasm-bindgen" <<SHIM
#!/bin/sh
case " \$* " in *" --version "*|*" -V "*) exec "$real_bindgen" "\$@" ;; esac
exec "$real_bindgen" --experimental-reset-state-function "\$@"
SHIM
chmod +x "$shim_dir/wasm-bindgen"
export PATH="$shim_dir:$PATH"
for mod in "${MODULES[@]}"; do
  IFS=: read -r module crate out_name target_dir rustflags build_std cargo_args <<<"$mod"
  eval "cargo_args=($cargo_args)"
  # -Zbuild-std on the stable toolchain: RUSTC_BOOTSTRAP=1 and the rust-src component.
  bootstrap=()
  if [ -n "$build_std" ]; then
    bootstrap=(env RUSTC_BOOTSTRAP=1)
    if ! [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
      echo "build-js: the $module module rebuilds std (wasm-pack.toml build-std): run scripts/setup.sh (rustup component add rust-src)" >&2
      exit 1
    fi
  fi
  # Everything that can change this module's wasm, hashed; an unchanged stamp skips its build.
  stamp_file="$target_dir/build-js.stamp"
  inputs_hash=$( {
    find src "$crate" -type f -name '*.rs' -print0 | sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock "$crate/Cargo.toml" wasm-pack.toml scripts/build-js.sh
    echo "$tools_versions"
  } | sha256sum | cut -d' ' -f1)
  all_built=1
  for t in "${TARGETS[@]}"; do
    IFS=: read -r _name _ out <<<"$t"
    [ -f "$out/${out_name}_bg.wasm" ] || all_built=0
  done
  if [ "${FORCE:-0}" != 1 ] && [ "$all_built" = 1 ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$inputs_hash" ]; then
    log "$module module: wasm up to date"
    continue
  fi
  mkdir -p "$target_dir"
  for t in "${TARGETS[@]}"; do
    IFS=: read -r name target out <<<"$t"
    stage="$HOOKGATE_ROOT/$target_dir/pkg-$name"
    rm -rf "$stage"
    log "$module module: wasm-pack build $crate --target $target -> $out/$out_name*"
    CARGO_TARGET_DIR="$HOOKGATE_ROOT/$target_dir" RUSTFLAGS="$rustflags" \
      "${bootstrap[@]}" wasm-pack --log-level warn build "$crate" "--$PROFILE" --target "$target" \
      --out-dir "$stage" --out-name "$out_name" --no-pack --no-gitignore \
      -- --locked "${cargo_args[@]}" 2>&1 | grep -v 'failed to get wasm-pack version' || true
    [ -f "$stage/${out_name}_bg.wasm" ] || { echo "build-js: wasm-pack produced no $stage/${out_name}_bg.wasm" >&2; exit 1; }
    mkdir -p "$out"
    rm -f "$out/$out_name.js" "$out/$out_name.d.ts" "$out/${out_name}_bg.wasm"
    cp "$stage/$out_name.js" "$stage/$out_name.d.ts" "$stage/${out_name}_bg.wasm" "$out/"
    # The glue's module format, for Node (the package itself has no "type").
    case "$target" in
      nodejs) echo '{ "type": "commonjs" }' >"$out/package.json" ;;
      *) echo '{ "type": "module" }' >"$out/package.json" ;;
    esac
    log "  $(stat -c%s "$out/${out_name}_bg.wasm") bytes wasm, $(gzip -9c "$out/${out_name}_bg.wasm" | wc -c) gzipped"
  done
  echo "$inputs_hash" >"$stamp_file"
done

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
