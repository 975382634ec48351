// Test harness: runs the *built* Worker (worker/build or worker/build-test) in workerd through
// Miniflare, with real local KV and SQLite-backed Durable Objects (and, on request, the static
// assets of the signature debugger, as worker/wrangler.toml configures them), and captures every
// line the Worker logs. Everything listens on 127.0.0.1 only.
//
// Other suites (the debugger's Playwright tests) start a gateway with a known secret through
// `startDemoGateway()` below: the route /hooks/demo (Standard Webhooks) as in scripts/start.sh,
// listening on a real 127.0.0.1 port so that a `curl` command can reach it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

import { startOrigin } from '../demo/origin.mjs';

export const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));
export const COMPATIBILITY_DATE = '2026-04-01';
/** The signature debugger's build, served at / (worker/wrangler.toml `[assets]`). */
export const ASSETS_DIR = fileURLToPath(new URL('../../debugger/dist', import.meta.url));

/**
 * Miniflare's static-assets options equal to worker/wrangler.toml's `[assets]` (`binding =
 * "ASSETS"`, `run_worker_first = true`), serving `directory` (debugger/dist by default).
 */
export function assetsOptions(directory = ASSETS_DIR) {
  if (!existsSync(`${directory}/index.html`)) {
    throw new Error(`${directory}/index.html is missing: run scripts/build-worker.sh (it builds the debugger site)`);
  }
  return {
    directory,
    binding: 'ASSETS',
    routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
  };
}

/** A random `whsec_` secret (24 random bytes, as Svix and Standard Webhooks issue them). */
export function whsec() {
  return 'whsec_' + Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64');
}

/**
 * Starts the gateway. `config` is the HOOKGATE_CONFIG document, `secrets` the secret bindings
 * (`rawBindings` replaces both, for tests of a broken or absent document). With `persist` (a
 * directory), KV and Durable Object state are kept there, so a second gateway started on the same
 * directory after `dispose()` is the runtime restarted with its state.
 * Returns { fetch(path, init), logs, requestLogs(), deliveryLogs(), waitForLogs(n), scheduled(), dispose() }.
 */
export async function startGateway({ config, secrets = {}, build = 'build', shards, rawBindings, assets, port, outboundService, persist } = {}) {
  const dir = `${WORKER_DIR}/${build}`;
  if (!existsSync(`${dir}/index.js`)) {
    throw new Error(`${dir}/index.js is missing: run scripts/build-worker.sh${build === 'build-test' ? ' --test-clock' : ''}`);
  }
  const doc = shards ? { ...config, bindings: { ...(config.bindings ?? {}), durable_object_shards: shards } } : config;
  const logs = [];
  const capture = (stream) => {
    let rest = '';
    stream.on('data', (d) => {
      rest += d.toString();
      const lines = rest.split('\n');
      rest = lines.pop();
      for (const l of lines) if (l.trim()) logs.push(l);
    });
  };
  const mf = new Miniflare({
    host: '127.0.0.1',
    ...(port !== undefined ? { port } : {}),
    ...(assets ? { assets: assets === true ? assetsOptions() : assets } : {}),
    ...(outboundService ? { outboundService } : {}),
    modules: true,
    scriptPath: `${dir}/index.js`,
    modulesRoot: dir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'], fallthrough: true }],
    compatibilityDate: COMPATIBILITY_DATE,
    kvNamespaces: ['HOOKGATE_KV'],
    durableObjects: { HOOKGATE_DEDUPE: { className: 'DedupeShard', useSQLite: true } },
    kvPersist: persist ? `${persist}/kv` : false,
    durableObjectsPersist: persist ? `${persist}/do` : false,
    cf: false,
    bindings: rawBindings ?? { HOOKGATE_CONFIG: JSON.stringify(doc), ...secrets },
    handleRuntimeStdio(stdout, stderr) {
      capture(stdout);
      capture(stderr);
    },
  });
  const url = await mf.ready;
  const linesOf = (msg) => () =>
    logs.flatMap((l) => {
      try {
        const j = JSON.parse(l);
        return j.msg === msg ? [j] : [];
      } catch {
        return [];
      }
    });
  const requestLogs = linesOf('hookgate.request');
  return {
    mf,
    url,
    logs,
    requestLogs,
    /** The `hookgate.delivery` lines (one per attempt of an async delivery). */
    deliveryLogs: linesOf('hookgate.delivery'),
    /** Runs the Worker's scheduled handler (the cron trigger), as the runtime would. */
    scheduled: async () => (await mf.getWorker()).scheduled({ cron: '*/5 * * * *' }),
    async waitForLogs(n, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      while (requestLogs().length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      return requestLogs();
    },
    // Real HTTP on 127.0.0.1 rather than mf.dispatchFetch, which drops headers with an empty
    // value (a case the shared vectors have: "empty signature entry").
    fetch: (path, init) => fetch(new URL(path, url), init),
    kv: () => mf.getKVNamespace('HOOKGATE_KV'),
    dispose: () => mf.dispose(),
  };
}

/**
 * Starts the built Worker as scripts/start.sh runs it, for other suites (the debugger's
 * Playwright tests run the page's sign-mode `curl` command against it): the route `/hooks/demo`
 * (scheme `standard_webhooks`, Durable Object dedupe) verifying with `secret` (a `whsec_` key;
 * random if not given), forwarding to a demo origin on 127.0.0.1 that checks hookgate's own
 * signature, plus the debugger page at `/`. Listens on 127.0.0.1:`port` (0 = any free port).
 *
 *   const gw = await startDemoGateway({ secret: 'whsec_…' });
 *   // curl -X POST "$gw.url/hooks/demo" -H 'webhook-id: …' … → 200; gw.origin.deliveries[0]
 *   await gw.dispose();
 *
 * The demo origin runs in the calling process: run `curl` asynchronously (`execFile`, `spawn`),
 * never with `execFileSync`, or the origin cannot answer and the gateway times out (503).
 *
 * Returns { url, secret, originSecret, origin (deliveries…), logs, requestLogs(), dispose() }.
 */
export async function startDemoGateway({ secret = whsec(), port = 0, assets = true, build = 'build' } = {}) {
  const originSecret = whsec();
  const origin = await startOrigin({ secret: originSecret, refuseBadSignature: true });
  const config = {
    routes: [{
      id: 'demo', path: '/hooks/demo', scheme: 'standard_webhooks', secrets: ['DEMO_WEBHOOK_SECRET'],
      origin: `${origin.url}/webhooks`, origin_secret: 'DEMO_ORIGIN_SECRET', dedupe: { store: 'durable_object' },
    }],
  };
  let gw;
  try {
    gw = await startGateway({ config, secrets: { DEMO_WEBHOOK_SECRET: secret, DEMO_ORIGIN_SECRET: originSecret }, assets, port, build });
  } catch (e) {
    await origin.close();
    throw e;
  }
  return {
    ...gw,
    url: gw.url.href.replace(/\/$/, ''),
    secret,
    originSecret,
    origin,
    dispose: async () => {
      await gw.dispose();
      await origin.close();
    },
  };
}

/** Sends a POST, returns { status, headers, body (text), json }. */
export async function post(gw, path, body, headers = {}) {
  const res = await gw.fetch(path, { method: 'POST', body, headers });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: Object.fromEntries(res.headers), body: text, json };
}

/** Polls `fn` until it returns true (for effects that land just after a response). */
export async function eventually(fn, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/**
 * Sends with `send()` until the answer is not 503 `duplicate_in_flight` (as a provider retries
 * after Retry-After). The dedupe commit lands just after the first delivery's answer, so a
 * duplicate sent at once may find the event still in flight.
 */
export async function settled(send, { tries = 50, waitMs = 20 } = {}) {
  let r;
  for (let i = 0; i < tries; i++) {
    r = await send();
    if (r.status !== 503 || r.json?.code !== 'duplicate_in_flight') return r;
    await new Promise((res) => setTimeout(res, waitMs));
  }
  return r;
}
