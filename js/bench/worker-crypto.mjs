// Issue 15's Worker question (a measurement, not a test): is Web Crypto (BoringSSL inside
// workerd) cheaper than hookgate's wasm for the MAC of a large body? Inside workerd
// (Miniflare), one request verifies the same delivery many times over, each way, and workerd's
// own CPU time (user + system, from /proc) is divided by the verifications.
//
//   node js/bench/worker-crypto.mjs [MiB verified per measurement, default 128]
//
// The Worker gateway (worker/src/webcrypto.rs) takes its threshold from this: the sizes below
// are measured too.
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import { Miniflare } from 'miniflare';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** Bytes verified per measurement (each way, each size). */
const ROUNDS_BYTES = Number(process.argv[2] ?? 128) << 20;
const SIZES = [1 << 10, 4 << 10, 16 << 10, 64 << 10, 1 << 20];

// A Worker with three routes over one delivery: hookgate's worker build (the Rust core in wasm,
// RustCrypto), Web Crypto's crypto.subtle.verify over the same signed content, and nothing.
const script = `
import { Webhook } from './worker.mjs';
const SECRET = ${JSON.stringify(SECRET)};
const webhook = new Webhook(SECRET, { parse: false });
const raw = Uint8Array.from(atob(SECRET.slice(6)), (c) => c.charCodeAt(0));
const key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const encoder = new TextEncoder();
async function once(way, body, headers) {
  if (way === 'hookgate') return webhook.verify(body, headers).id;
  // Web Crypto: the engine's work done by hand (prefix, body), as a provider would.
  const id = headers.get('webhook-id');
  const prefix = encoder.encode(id + '.' + headers.get('webhook-timestamp') + '.');
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  const sig = Uint8Array.from(atob(headers.get('webhook-signature').slice(3)), (c) => c.charCodeAt(0));
  // The gateway imports the key for each verification (webcrypto.rs): measured that way too.
  const k = way === 'webcrypto' ? await key : await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  if (!(await crypto.subtle.verify('HMAC', k, sig, content))) throw new Error('no match');
  return id;
}
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());
    const n = Number(url.searchParams.get('n'));
    for (let i = 0; i < n; i++) await once(url.pathname.slice(1), body, request.headers);
    return new Response('ok');
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
    ...['hookgate_wasm.js', 'hookgate_public_key.js', 'hookgate_tools.js'].map((f) => ({ type: 'ESModule', path: fileURLToPath(new URL(`../dist/web/${f}`, import.meta.url)) })),
    ...['hookgate_wasm_bg.wasm', 'hookgate_public_key_bg.wasm', 'hookgate_tools_bg.wasm'].map((f) => ({ type: 'CompiledWasm', path: fileURLToPath(new URL(`../dist/web/${f}`, import.meta.url)) })),
  ],
  modulesRoot: fileURLToPath(new URL('../', import.meta.url)),
  compatibilityDate: '2026-04-01',
  host: '127.0.0.1',
  cf: false,
});
await mf.ready;

function delivery(size) {
  const body = new Uint8Array(size).fill(0x61);
  body.set(new TextEncoder().encode('{"pad":"'));
  body[size - 2] = 0x22;
  body[size - 1] = 0x7d;
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(`msg_1.${ts}.`).update(body).digest('base64');
  return { body, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,${signature}` } };
}

/** workerd CPU per verification: one request looping `n` times, less the same request with none. */
async function cpuPerVerify(way, { body, headers }, n) {
  const run = async (count) => {
    const r = await mf.dispatchFetch(`http://localhost/${way}?n=${count}`, { method: 'POST', body, headers });
    if (r.status !== 200) throw new Error(`${way}: ${r.status} ${await r.text()}`);
  };
  await run(Math.min(n, 50));
  const before = workerdCpu();
  await run(n);
  const mid = workerdCpu();
  await run(0);
  return ((mid - before - (workerdCpu() - mid)) / n) * 1000;
}

console.log('| body | hookgate (wasm) | Web Crypto | Web Crypto, key imported per verification |');
console.log('|---|---:|---:|---:|');
for (const size of SIZES) {
  const d = delivery(size);
  // About half a second of work per measurement, so the CPU clock's 10 ms ticks average out.
  const n = Math.max(20, Math.round((ROUNDS_BYTES / size)));
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    rounds.push({ hookgate: await cpuPerVerify('hookgate', d, n), webcrypto: await cpuPerVerify('webcrypto', d, n), imported: await cpuPerVerify('webcrypto-import', d, n) });
  }
  const best = (k) => Math.min(...rounds.map((r) => r[k]));
  const label = size >= 1 << 20 ? '1 MiB' : `${size >> 10} KiB`;
  console.log(`| ${label} | ${(best('hookgate') * 1000).toFixed(1)} µs | ${(best('webcrypto') * 1000).toFixed(1)} µs | ${(best('imported') * 1000).toFixed(1)} µs |`);
}
await mf.dispose();
console.log(`(workerd CPU time, user + system, per verification; best of 3 rounds; ${os.cpus()[0].model})`);
