// Test harness: runs the *built* Worker (worker/build or worker/build-test) in workerd through
// Miniflare, with real local KV and SQLite-backed Durable Objects, and captures every line the
// Worker logs. Everything listens on 127.0.0.1 only.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

export const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));
export const COMPATIBILITY_DATE = '2026-04-01';

/** A random `whsec_` secret (24 random bytes, as Svix and Standard Webhooks issue them). */
export function whsec() {
  return 'whsec_' + Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64');
}

/**
 * Starts the gateway. `config` is the HOOKGATE_CONFIG document, `secrets` the secret bindings
 * (`rawBindings` replaces both, for tests of a broken or absent document).
 * Returns { fetch(path, init), logs, requestLogs(), waitForLogs(n), dispose() }.
 */
export async function startGateway({ config, secrets = {}, build = 'build', shards, rawBindings } = {}) {
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
    modules: true,
    scriptPath: `${dir}/index.js`,
    modulesRoot: dir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'], fallthrough: true }],
    compatibilityDate: COMPATIBILITY_DATE,
    kvNamespaces: ['HOOKGATE_KV'],
    durableObjects: { HOOKGATE_DEDUPE: { className: 'DedupeShard', useSQLite: true } },
    kvPersist: false,
    durableObjectsPersist: false,
    cf: false,
    bindings: rawBindings ?? { HOOKGATE_CONFIG: JSON.stringify(doc), ...secrets },
    handleRuntimeStdio(stdout, stderr) {
      capture(stdout);
      capture(stderr);
    },
  });
  await mf.ready;
  const requestLogs = () =>
    logs.flatMap((l) => {
      try {
        const j = JSON.parse(l);
        return j.msg === 'hookgate.request' ? [j] : [];
      } catch {
        return [];
      }
    });
  return {
    mf,
    logs,
    requestLogs,
    async waitForLogs(n, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      while (requestLogs().length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      return requestLogs();
    },
    fetch: (path, init) => mf.dispatchFetch(`http://gateway.test${path}`, init),
    kv: () => mf.getKVNamespace('HOOKGATE_KV'),
    dispose: () => mf.dispose(),
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
