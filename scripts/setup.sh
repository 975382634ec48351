#!/usr/bin/env bash
# Installs every tool hookgate needs on a fresh machine, idempotently: each step is skipped
# when the right version is already there. Sources are the registries only (crates.io, npm,
# Debian); nothing downloads from GitHub at build time. See ../shared/notes/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
WORKER_BUILD_VERSION=0.8.7
# The CLI must equal the wasm-bindgen crate in Cargo.lock exactly, or wasm-pack downloads one.
WASM_BINDGEN_VERSION=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

log() { printf '[setup] %s\n' "$*"; }

cargo_tool() { # BIN VERSION CRATE
  local bin=$1 want=$2 crate=$3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -qw -- "$want"; then
    log "$bin $want present"
    return
  fi
  log "installing $crate $want (a few minutes)"
  # wasm-bindgen-cli's lockfile names a webpki-roots this index lacks, so fall back to unlocked.
  cargo install --quiet --locked "$crate" --version "$want" || cargo install --quiet "$crate" --version "$want"
}

for target in wasm32-unknown-unknown thumbv7em-none-eabi; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
done
# rust-src: the npm package's verification module rebuilds std with panic=immediate-abort and
# optimize_for_size to fit its 60 KB (gzipped) budget (wasm-pack.toml, `build-std`).
for component in rustfmt clippy rust-src; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack
cargo_tool worker-build "$WORKER_BUILD_VERSION" worker-build

if [ "${SETUP_BROWSER:-1}" = 1 ] && ! command -v chromium >/dev/null; then
  log "installing chromium (apt)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ -x /usr/bin/wasm-opt ]; then
  log "WARNING: /usr/bin/wasm-opt (Debian binaryen) is installed; it produces broken wasm. hookgate uses npm binaryen from node_modules/.bin first."
fi

# The vector checker (an independent Python implementation of every scheme) needs cryptography.
python3 -c 'import cryptography' 2>/dev/null || { log "pip install cryptography"; python3 -m pip install --quiet --disable-pip-version-check 'cryptography>=42'; }

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.setup-lock-hash
else
  log "node_modules up to date"
fi
