// Issue 15's Worker question (a measurement, not a test): is Web Crypto (BoringSSL inside
// workerd) cheaper than hookgate's wasm for the MAC of a large body? Inside workerd
// (Miniflare), the same 1 MiB delivery is verified many times, each way, and workerd's own CPU
// time (user + system, from /proc) is divided by the requests. The request's arrival and body
// reading are the same for both ways, so an empty route's cost is measured and subtracted.
//
//   node js/bench/worker-crypto.mjs [requests]
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Miniflare } from 'miniflare';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const REQUESTS = Number(process.argv[2] ?? 60);
const SIZE = 1 << 20;

// A Worker with three routes over one delivery: hookgate's worker build (the Rust core in wasm,
// RustCrypto), Web Crypto's crypto.subtle.verify over the same signed content, and nothing.
const script = `
import { Webhook } from './worker.mjs';
const SECRET = ${JSON.stringify(SECRET)};
const webhook = new Webhook(SECRET, { parse: false });
const raw = Uint8Array.from(atob(SECRET.slice(6)), (c) => c.charCodeAt(0));
const key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const encoder = new TextEncoder();
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    const body = new Uint8Array(await request.arrayBuffer());
    if (path === '/empty') return new Response('ok');
    if (path === '/hookgate') return Response.json(webhook.verify(body, request.headers).id);
    // Web Crypto: the engine's work done by hand (prefix, body), as a provider would.
    const id = request.headers.get('webhook-id');
    const prefix = encoder.encode(id + '.' + request.headers.get('webhook-timestamp') + '.');
    const content = new Uint8Array(prefix.length + body.length);
    content.set(prefix);
    content.set(body, prefix.length);
    const sig = Uint8Array.from(atob(request.headers.get('webhook-signature').slice(3)), (c) => c.charCodeAt(0));
    if (!(await crypto.subtle.verify('HMAC', await key, sig, content))) return new Response('no', { status: 400 });
    return Response.json(id);
  },
};`;

/** CPU seconds (user + system) of the workerd processes below this one. */
function workerdCpu() {
  let ticks = 0;
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('workerd') || !isDescendant(Number(pid))) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / tick;
}

function isDescendant(pid) {
  for (let p = pid, i = 0; p > 1 && i < 64; i++) {
    if (p === process.pid) return true;
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return false;
}

const mf = new Miniflare({
  modules: [
    { type: 'ESModule', path: fileURLToPath(new URL('../bench-worker-entry.mjs', import.meta.url)), contents: script },
    { type: 'ESModule', path: fileURLToPath(new URL('../worker.mjs', import.meta.url)) },
    { type: 'ESModule', path: fileURLToPath(new URL('../lib/api.mjs', import.meta.url)) },
    ...['boundary', 'engine', 'errors', 'headers', 'options', 'payload'].map((m) => ({ type: 'ESModule', path: fileURLToPath(new URL(`../lib/${m}.mjs`, import.meta.url)) })),
    ...['hookgate_wasm.js', 'hookgate_tools.js'].map((f) => ({ type: 'ESModule', path: fileURLToPath(new URL(`../dist/web/${f}`, import.meta.url)) })),
    ...['hookgate_wasm_bg.wasm', 'hookgate_tools_bg.wasm'].map((f) => ({ type: 'CompiledWasm', path: fileURLToPath(new URL(`../dist/web/${f}`, import.meta.url)) })),
  ],
  modulesRoot: fileURLToPath(new URL('../', import.meta.url)),
  compatibilityDate: '2026-04-01',
  host: '127.0.0.1',
  cf: false,
});
await mf.ready;

const body = new Uint8Array(SIZE).fill(0x61);
body.set(new TextEncoder().encode('{"pad":"'));
body[SIZE - 2] = 0x22;
body[SIZE - 1] = 0x7d;
const ts = String(Math.floor(Date.now() / 1000));
const signature = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(`msg_1.${ts}.`).update(body).digest('base64');
const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,${signature}` };

async function cpuPerRequest(path) {
  for (let i = 0; i < 5; i++) {
    const r = await mf.dispatchFetch(`http://localhost${path}`, { method: 'POST', body, headers });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  }
  const before = workerdCpu();
  for (let i = 0; i < REQUESTS; i++) await (await mf.dispatchFetch(`http://localhost${path}`, { method: 'POST', body, headers })).text();
  return ((workerdCpu() - before) / REQUESTS) * 1000;
}

const rounds = [];
for (let round = 0; round < 3; round++) {
  rounds.push({ empty: await cpuPerRequest('/empty'), hookgate: await cpuPerRequest('/hookgate'), webcrypto: await cpuPerRequest('/webcrypto') });
}
await mf.dispose();
const best = (k) => Math.min(...rounds.map((r) => r[k]));
const [empty, ours, theirs] = [best('empty'), best('hookgate'), best('webcrypto')];
console.log(`workerd CPU per 1 MiB request (best of 3 rounds of ${REQUESTS}): receiving it ${empty.toFixed(2)} ms; verifying on top: hookgate (wasm) ${(ours - empty).toFixed(2)} ms, Web Crypto ${(theirs - empty).toFixed(2)} ms`);
