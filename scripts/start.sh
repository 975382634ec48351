#!/usr/bin/env bash
# The run command: builds the hookgate Worker and runs it locally with `wrangler dev` on
# 127.0.0.1:8787 (workerd, local KV and Durable Objects), beside the demo origin on
# 127.0.0.1:8788, then prints commands that send a signed test event (sync and async) and read
# the admin API. Ctrl-C stops both.
#
#   scripts/start.sh           run until Ctrl-C
#   scripts/start.sh --smoke   start, send an event, its duplicate, a forged one and an async one,
#                              check them all, stop
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

bash scripts/setup.sh
. scripts/env.sh

GATEWAY_PORT=8787
ORIGIN_PORT=8788 # fixed: worker/wrangler.toml's demo routes forward to it
SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
log() { printf '[start] %s\n' "$*"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $GATEWAY_PORT $ORIGIN_PORT; do
  if port_busy "$port"; then
    echo "[start] port $port on 127.0.0.1 is in use; stop what is listening there first" >&2
    exit 1
  fi
done

# Build unless the Worker and the debugger site it serves at / are newer than every input.
stale() {
  [ ! -f worker/build/index.js ] || [ ! -f debugger/dist/_headers ] || [ -n "$(find src worker/src worker/assets Cargo.toml Cargo.lock worker/Cargo.toml debugger -path debugger/dist -prune -o -newer worker/build/index.js -print -quit 2>/dev/null)" ]
}
if stale; then
  log "building the Worker (worker-build --release) and the debugger site"
  bash scripts/build-worker.sh
fi

# Local secrets for the demo routes (wrangler dev reads worker/.dev.vars; it is gitignored).
if [ ! -f worker/.dev.vars ]; then
  node -e '
    const s = () => "whsec_" + require("crypto").randomBytes(24).toString("base64");
    process.stdout.write(`DEMO_WEBHOOK_SECRET="${s()}"\nDEMO_ORIGIN_SECRET="${s()}"\n`);' > worker/.dev.vars
  log "wrote demo secrets to worker/.dev.vars"
fi
# The admin API's token (added to a .dev.vars written before the admin API existed).
if ! grep -q '^HOOKGATE_ADMIN_TOKEN=' worker/.dev.vars; then
  node -e 'process.stdout.write(`HOOKGATE_ADMIN_TOKEN="hg-admin-${require("crypto").randomBytes(18).toString("hex")}"\n`)' >> worker/.dev.vars
fi
ORIGIN_SECRET=$(sed -n 's/^DEMO_ORIGIN_SECRET="\(.*\)"$/\1/p' worker/.dev.vars)
ADMIN_TOKEN=$(sed -n 's/^HOOKGATE_ADMIN_TOKEN="\(.*\)"$/\1/p' worker/.dev.vars)

RUN=$(mktemp -d "${TMPDIR:-/tmp}/hookgate-start.XXXXXX")
stop() {
  trap - EXIT INT TERM
  for f in "$RUN/wrangler.pid" "$RUN/origin.pid"; do
    [ -f "$f" ] && kill -TERM -- "-$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  for f in "$RUN/wrangler.pid" "$RUN/origin.pid"; do
    [ -f "$f" ] && kill -KILL -- "-$(cat "$f")" 2>/dev/null || true
  done
  rm -rf "$RUN"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Each in its own process group, so stopping it stops workerd too (toolchain.md pitfall 8).
HOOKGATE_ORIGIN_SECRET="$ORIGIN_SECRET" setsid sh -c 'echo $$ > "$1"; exec node worker/demo/origin.mjs --port "$2"' sh "$RUN/origin.pid" "$ORIGIN_PORT" &
(cd worker && setsid sh -c 'echo $$ > "$1"; exec "$2/node_modules/.bin/wrangler" dev --ip 127.0.0.1 --port "$3" --persist-to .state --show-interactive-dev-session=false' sh "$RUN/wrangler.pid" "$ROOT" "$GATEWAY_PORT") &

log "waiting for the gateway on http://127.0.0.1:$GATEWAY_PORT/healthz"
ready=0
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$GATEWAY_PORT/healthz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
if [ "$ready" != 1 ]; then
  echo "[start] the gateway did not become healthy within 60 s:" >&2
  curl -sS "http://127.0.0.1:$GATEWAY_PORT/healthz" >&2 || true
  exit 1
fi

cat <<EOF

  hookgate gateway   http://127.0.0.1:$GATEWAY_PORT   (routes /hooks/demo: Durable Object dedupe, /hooks/demo-kv: KV,
                                             /hooks/demo-async: stored, answered 202, delivered with retries)
  signature debugger http://127.0.0.1:$GATEWAY_PORT/   (static assets; the secret for /hooks/demo is DEMO_WEBHOOK_SECRET in worker/.dev.vars)
  demo origin        http://127.0.0.1:$ORIGIN_PORT/webhooks   (checks hookgate's signature)
  health             curl http://127.0.0.1:$GATEWAY_PORT/healthz

  Send a signed test event (copy-paste):

    node worker/demo/send.mjs

  Send it again with the --id it prints to see the duplicate answered at the edge; add --tamper
  for a forged one (401).

  Async delivery (answered 202 at once; the gateway delivers and retries on its own schedule):

    node worker/demo/send.mjs --route /hooks/demo-async

  The stored events, through the admin API (the token is HOOKGATE_ADMIN_TOKEN in worker/.dev.vars):

    curl -s -H 'Authorization: Bearer $ADMIN_TOKEN' 'http://127.0.0.1:$GATEWAY_PORT/_hookgate/events?route=demo-async&limit=10'

  Ctrl-C stops the gateway and the origin.

EOF

if [ "$SMOKE" = 1 ]; then
  id="msg_smoke_$(date +%s)"
  node worker/demo/send.mjs --id "$id"
  node worker/demo/send.mjs --id "$id" | tee "$RUN/dup.txt"
  grep -q 'hookgate-duplicate: true' "$RUN/dup.txt"
  if node worker/demo/send.mjs --tamper >/dev/null; then echo "[start] a tampered event was accepted" >&2; exit 1; fi
  curl -fsS -D "$RUN/page.headers" -o "$RUN/page.html" "http://127.0.0.1:$GATEWAY_PORT/"
  grep -qi "^content-security-policy: .*connect-src 'none'" "$RUN/page.headers" || { echo "[start] GET / has no CSP header" >&2; exit 1; }
  grep -qi 'http-equiv="Content-Security-Policy"' "$RUN/page.html" || { echo "[start] GET / is not the debugger page" >&2; exit 1; }
  log "GET / serves the signature debugger with its CSP"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data '{}' "http://127.0.0.1:$GATEWAY_PORT/")
  [ "$code" = 404 ] || { echo "[start] POST / answered $code, expected 404 from the Worker" >&2; exit 1; }
  # Async: 202 at once, then delivered by the shard's alarm, as the admin API shows.
  node worker/demo/send.mjs --route /hooks/demo-async | tee "$RUN/async.txt"
  event=$(sed -n 's/.*"id":"\(hg_[0-9a-f]*\)".*/\1/p' "$RUN/async.txt")
  [ -n "$event" ] || { echo "[start] /hooks/demo-async did not answer 202 with an id" >&2; exit 1; }
  state=""
  for _ in $(seq 1 40); do
    state=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$GATEWAY_PORT/_hookgate/events/$event" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
    [ "$state" = delivered ] && break
    sleep 0.25
  done
  [ "$state" = delivered ] || { echo "[start] async event $event is '$state', not delivered" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/_hookgate/events")
  [ "$code" = 401 ] || { echo "[start] the admin API answered $code without a token, expected 401" >&2; exit 1; }
  log "async delivery: $event accepted (202) and delivered; the admin API wants its token"
  log "smoke test passed"
  exit 0
fi
wait
