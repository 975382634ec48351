// The shared test vectors (tests/vectors/*.json, the same files the Rust and JS suites run),
// sent through the built Worker over HTTP: one route per case, the case's secrets as Worker
// secrets, the expected status and error body (or forwarded dedupe key) asserted. Every other
// route names its scheme by an alias or another spelling of the id (`GITHUB`, `ms-teams`).
//
// Vectors carry a fixed `now`, so this suite runs the test build (worker/build-test, the
// `dangerous-test-clock` feature), where the `hookgate-dangerous-test-now-ms` header sets the
// clock. The release build has no such header; every other suite runs the release build.
// Every case is sent twice: its MACs computed in wasm, and by Web Crypto (the test build's
// `hookgate-test-crypto` header chooses; a deployed Worker chooses by body size).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { otherSpelling } from '../../js/test/vectors.mjs';
import { startOrigin } from '../demo/origin.mjs';
import { startGateway, whsec } from './harness.mjs';

const VECTORS = fileURLToPath(new URL('../../tests/vectors/', import.meta.url));
const CONFIG_CODES = new Set(['empty_secret', 'secret_whitespace', 'invalid_secret_encoding', 'invalid_public_key', 'no_secrets']);

/** Why a case cannot be sent over HTTP as written (or undefined when it can). */
function notExpressible(c) {
  if ((c.method ?? 'POST') !== 'POST') return `method ${c.method}`;
  const code = c.expect.error?.code;
  if (code === 'missing_url' || code === 'missing_method') return `${code}: an HTTP request always has a URL and method`;
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (v !== v.trim()) return `header ${k} has surrounding whitespace (HTTP strips it)`;
    if (/[^\t\x20-\x7e]/.test(v)) return `header ${k} is not visible ASCII`;
    // workerd drops an empty Authorization header before the Worker runs (other empty headers arrive).
    if (v === '' && k.toLowerCase() === 'authorization') return 'empty Authorization header (workerd drops it)';
  }
  const names = Object.keys(c.headers ?? {}).map((k) => k.toLowerCase());
  if (new Set(names).size !== names.length) return 'repeated header name';
  return undefined;
}

function tolerance(c) {
  if (c.dangerous_skip_timestamp_check) return 'dangerous_unlimited';
  if (c.tolerance) {
    const w = { past_s: c.tolerance.past_s ?? null, future_s: c.tolerance.future_s ?? null };
    return w.past_s === null ? { ...w, dangerous_unlimited_past: true } : w;
  }
  return c.tolerance_s;
}

const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort();
const cases = [];
const skipped = {};
const secretNames = new Map();
const secretName = (value) => {
  if (!secretNames.has(value)) secretNames.set(value, `VECTOR_SECRET_${secretNames.size}`);
  return secretNames.get(value);
};
for (const file of files) {
  const doc = JSON.parse(readFileSync(VECTORS + file, 'utf8'));
  doc.cases.forEach((c, i) => {
    const why = notExpressible(c);
    if (why) {
      skipped[why] = (skipped[why] ?? 0) + 1;
      return;
    }
    cases.push({ file, i, scheme: doc.scheme, c, id: `${file.replace(/\.json$/, '')}#${i}`, path: `/v/${file.replace(/\.json$/, '')}/${i}` });
  });
}

let gw;
let origin;

before(async () => {
  const ORIGIN_SECRET = whsec();
  origin = await startOrigin({ secret: ORIGIN_SECRET });
  const routes = cases.map(({ c, i, id, path, scheme }) => {
    const r = {
      id,
      path,
      scheme: i % 2 ? otherSpelling(scheme, i >> 1) : scheme,
      secrets: c.secrets.map(secretName),
      origin: `${origin.url}${path}`,
      origin_secret: 'ORIGIN_SECRET',
      max_body_bytes: 4 * 1024 * 1024,
      dedupe: { store: 'none' },
    };
    if (c.signature_header) r.signature_header = c.signature_header;
    if (c.url) r.public_url = c.url;
    const t = tolerance(c);
    if (t !== undefined) r.tolerance = t;
    return r;
  });
  const secrets = { ORIGIN_SECRET };
  for (const [value, name] of secretNames) secrets[name] = value;
  gw = await startGateway({ config: { routes }, secrets, build: 'build-test' });
});

after(async () => {
  await gw?.dispose();
  await origin?.close();
});

test('shared vectors through the Worker', { timeout: 180_000 }, async (t) => {
  const failures = [];
  const counts = { ok: 0, verify_error: 0, config_error: 0 };
  const okCases = [];
  const handshakes = new Map();
  const run = async ({ c, id, path }, crypto) => {
    const body = c.body_b64 !== undefined ? Buffer.from(c.body_b64, 'base64') : Buffer.from(c.body ?? '', 'utf8');
    const nowMs = c.now_ms ?? c.now * 1000;
    const res = await gw.fetch(path, { method: 'POST', body, headers: { ...c.headers, 'hookgate-dangerous-test-now-ms': String(nowMs), 'hookgate-test-crypto': crypto } });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    const fail = (why) => failures.push(`${id} ${JSON.stringify(c.name)} [${crypto}]: ${why}\n    expected ${JSON.stringify(c.expect)}\n    got ${res.status} ${text.slice(0, 300)}`);
    if (c.expect.ok) {
      counts.ok += 1;
      if (res.status !== 200) return fail('expected 200');
      const sent = origin.deliveries.filter((x) => x.path === path);
      if (sent.length > 0) {
        for (const d of sent) {
          if (!d.body.equals(body)) return fail('forwarded body differs');
          if (c.expect.ok.dedupe_key !== undefined && d.headers['hookgate-dedupe-key'] !== c.expect.ok.dedupe_key) {
            return fail(`dedupe key ${d.headers['hookgate-dedupe-key']}`);
          }
        }
      } else {
        handshakes.set(id, text); // answered at the edge (Discord PING, Zoom validation): checked below
      }
      if (crypto === 'web') okCases.push({ id, c, fail });
      return undefined;
    }
    const expected = c.expect.error;
    if (CONFIG_CODES.has(expected.code)) {
      counts.config_error += 1;
      if (res.status !== 500 || json?.code !== 'config_invalid' || json?.reason !== expected.code) return fail(`expected 500 config_invalid/${expected.code}`);
      return undefined;
    }
    counts.verify_error += 1;
    if (res.status !== 401) return fail('expected 401');
    for (const [k, v] of Object.entries(expected)) {
      if (JSON.stringify(json?.[k]) !== JSON.stringify(v)) return fail(`field ${k}`);
    }
    if (origin.deliveries.some((x) => x.path === path)) return fail('a rejected request was forwarded');
    return undefined;
  };
  // A few at a time, in order, each case both ways.
  for (let k = 0; k < cases.length; k += 8) await Promise.all(cases.slice(k, k + 8).flatMap((c) => [run(c, 'wasm'), run(c, 'web')]));

  // What only the log lines show: which secret matched, the dedupe key, handshakes, and where
  // the MACs were computed.
  const logs = await gw.waitForLogs(2 * cases.length);
  const byRoute = new Map();
  for (const l of logs) byRoute.set(l.route, [...(byRoute.get(l.route) ?? []), l]);
  for (const { id, c, fail } of okCases) {
    const lines = byRoute.get(id) ?? [];
    if (lines.length !== 2) { fail(`${lines.length} log lines`); continue; }
    if (lines.map((l) => l.crypto).sort().join() !== 'wasm,web_crypto') fail(`log: crypto ${lines.map((l) => l.crypto)}`);
    for (const line of lines) {
      if (line.verified !== true) fail(`log: verified ${line.verified}`);
      if (c.expect.ok.key_index !== undefined && line.key_index !== c.expect.ok.key_index) fail(`log: key_index ${line.key_index}`);
      const key = c.expect.ok.dedupe_key;
      const logged = key !== undefined && key.length > 200 ? `${key.slice(0, 200)}…` : key; // log.rs bounds it
      if (key !== undefined && line.dedupe_key !== logged) fail(`log: dedupe_key ${line.dedupe_key}`);
      if (handshakes.has(id) && line.dedupe !== 'handshake') fail('neither forwarded nor answered as a handshake');
    }
  }
  counts.handshake = handshakes.size;

  t.diagnostic(`${cases.length} of ${cases.length + Object.values(skipped).reduce((a, b) => a + b, 0)} cases sent through the Worker from ${files.length} files, each with its MACs in wasm and by Web Crypto: ${JSON.stringify(counts)}`);
  for (const [why, n] of Object.entries(skipped)) t.diagnostic(`not expressible over HTTP, skipped: ${n} × ${why}`);
  assert.ok(cases.length > 700, 'most vectors are HTTP-expressible');
  assert.equal(failures.length, 0, `${failures.length} vector(s) failed through the Worker:\n${failures.join('\n')}`);
});

test('the release build ignores the test clock header', async () => {
  // Guard against shipping the test clock: the release build must judge time by its own clock.
  const c = cases.find((x) => x.scheme === 'standard_webhooks' && x.c.expect.ok && !x.c.dangerous_skip_timestamp_check && !x.c.tolerance && x.c.tolerance_s === undefined);
  assert.ok(c, 'a timestamped ok case');
  const release = await startGateway({
    config: { routes: [{ id: 'r', path: '/r', scheme: 'standard_webhooks', secrets: ['S'], origin: `${origin.url}/r`, origin_secret: 'O', dedupe: { store: 'none' } }] },
    secrets: { S: c.c.secrets[0], O: whsec() },
  });
  try {
    const res = await release.fetch('/r', { method: 'POST', body: c.c.body, headers: { ...c.c.headers, 'hookgate-dangerous-test-now-ms': String(c.c.now * 1000) } });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'timestamp_too_old');
  } finally {
    await release.dispose();
  }
});
