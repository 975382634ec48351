#!/usr/bin/env bash
# Builds the in-browser signature debugger as a static site in debugger/dist/: the page, and
# the npm package's web build with its tools module's wasm embedded as a JS module (the page's
# CSP forbids every connection, so the wasm cannot be fetched; the page needs explain and sign,
# which only the tools module has). Served by the Worker at / and by any static server.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

bash scripts/build-js.sh
out=debugger/dist
rm -rf "$out"
mkdir -p "$out/hookgate/lib" "$out/hookgate/dist/web"
cp debugger/index.html debugger/app.mjs debugger/capture.mjs debugger/engine.mjs debugger/style.css "$out/"
cp js/web.mjs "$out/hookgate/"
cp js/lib/{api,boundary,engine,errors,headers,options,payload}.mjs "$out/hookgate/lib/"
cp js/dist/web/hookgate_{wasm,public_key,tools}.js "$out/hookgate/dist/web/"
node -e '
  const fs = require("fs");
  const wasm = fs.readFileSync("js/dist/web/hookgate_tools_bg.wasm");
  fs.writeFileSync(process.argv[1], "// The production wasm, embedded: the page makes no network request.\nexport default \"" + wasm.toString("base64") + "\";\n");
' "$out/hookgate/wasm-inline.mjs"
echo "[build-debugger] $out: $(du -sh "$out" | cut -f1)"
