// No panic crosses the boundary: every export, public and raw, is hammered with wrong types,
// huge and invalid input, and random headers for every scheme. Each call must return or throw
// a typed error (a HookgateError, or a glue-level TypeError for raw exports called with values
// wasm-bindgen cannot convert) and never a WebAssembly.RuntimeError (a trap: `unreachable`,
// out-of-bounds, stack overflow). The module must keep working afterwards.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { hookgate, target } from './impl.mjs';
import { testSecret } from './vectors.mjs';

const { Webhook, sign, detectScheme, schemes, HookgateError } = hookgate;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const cyclic = {};
cyclic.self = cyclic;
let deep = {};
for (let i = 0; i < 10_000; i++) deep = { d: deep };
const throwingGetter = Object.defineProperty({}, 'scheme', { enumerable: true, get: () => { throw new Error('user getter'); } });
const proxy = new Proxy({}, { ownKeys: () => { throw new Error('user trap'); } });
const getTrap = new Proxy([1, 2], { get: () => { throw new Error('user trap'); } });
const revoked = Proxy.revocable({}, {});
revoked.revoke();

/** Values of every JS type, and the awkward ones. */
const WEIRD = [
  undefined, null, true, 0, -1, -0, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 64, -(2 ** 63), 10n, Symbol('s'),
  '', 'x', '\0', '\uD800', 'é😀', 'a'.repeat(70_000), '=\0=\0=', 'whsec_', ' ',
  {}, [], [[]], [1, 2], ['a', 1], { a: 1 }, cyclic, deep, throwingGetter, proxy, getTrap, revoked.proxy, () => 1, new Date(NaN), new Date(8.64e15),
  new Map([['a', 'b']]), new Set([1]), /re/, new Error('e'), Promise.resolve(),
  new Uint8Array(0), new Uint8Array([0xff, 0xfe]), new Uint16Array([1, 2]), new Float64Array([NaN]), new ArrayBuffer(3), new DataView(new ArrayBuffer(2)),
];

function judge(label, fn) {
  try {
    const r = fn();
    if (r && typeof r.then === 'function') return r.then(() => null, (e) => check(label, e));
  } catch (e) {
    return check(label, e);
  }
  return null;
}

function check(label, e) {
  if (e instanceof WebAssembly.RuntimeError || (e instanceof HookgateError && e.code === 'internal_error')) {
    return `${label}: trap ${e.message}`;
  }
  if (e instanceof HookgateError) return null;
  // Raw glue: the Rust side's typed error (before the wrapper turns it into a class), or a
  // TypeError from wasm-bindgen converting an argument it cannot take.
  if (label.startsWith('raw ') && (e instanceof TypeError || (e instanceof Error && /^Webhook(Verification|Config)Error$/.test(e.name) && typeof e.code === 'string'))) return null;
  return `${label}: untyped ${e?.constructor?.name}: ${e?.message}`;
}

function stillWorks() {
  const body = '{"ok":true}';
  const h = sign(SECRET, body, { id: 'msg_1', timestamp: 1_700_000_000 }).headers;
  assert.deepEqual(new Webhook(SECRET).verify(body, h, { now: 1_700_000_000 }).event, { ok: true });
}

test(`public API: every argument position with every kind of value (${target} build)`, async () => {
  const failures = [];
  const wh = new Webhook(SECRET);
  const h = sign(SECRET, '{}', { id: 'm', timestamp: 1_700_000_000 }).headers;
  const name = (v) => {
    if (typeof v === 'string') return v.length > 20 ? `string(${v.length})` : JSON.stringify(v);
    if (typeof v === 'symbol' || typeof v === 'bigint') return typeof v;
    try {
      return Object.prototype.toString.call(v);
    } catch {
      return 'hostile proxy';
    }
  };
  for (const v of WEIRD) {
    const n = name(v);
    const calls = [
      [`new Webhook(${n})`, () => new Webhook(v)],
      [`new Webhook(secret, ${n})`, () => new Webhook(SECRET, v)],
      [`options.scheme=${n}`, () => new Webhook(SECRET, { scheme: v })],
      [`options.tolerance=${n}`, () => new Webhook(SECRET, { tolerance: v })],
      [`options.maxPayloadBytes=${n}`, () => new Webhook(SECRET, { maxPayloadBytes: v })],
      [`options.signatureHeader=${n}`, () => new Webhook(SECRET, { signatureHeader: v })],
      [`verify(${n})`, () => wh.verify(v, h)],
      [`verify(body, ${n})`, () => wh.verify('{}', v)],
      [`verify(body, headers, ${n})`, () => wh.verify('{}', h, v)],
      [`verify now=${n}`, () => wh.verify('{}', h, { now: v })],
      [`verify url=${n}`, () => wh.verify('{}', h, { url: v })],
      [`header value ${n}`, () => wh.verify('{}', { ...h, 'webhook-signature': v })],
      [`verifyRequest(${n})`, () => wh.verifyRequest(v)],
      [`sign(${n})`, () => sign(v, '{}')],
      [`sign(secret, ${n})`, () => sign(SECRET, v, { id: 'm' })],
      [`sign(secret, body, ${n})`, () => sign(SECRET, '{}', v)],
      [`sign timestamp=${n}`, () => sign(SECRET, '{}', { id: 'm', timestamp: v })],
      [`sign id=${n}`, () => sign(SECRET, '{}', { id: v })],
      [`detectScheme(${n})`, () => detectScheme(v)],
      [`detectScheme(headers, ${n})`, () => detectScheme(h, v)],
      [`detect header ${n}`, () => detectScheme({ [typeof v === 'string' ? v || 'x' : 'x']: v })],
    ];
    for (const [label, fn] of calls) {
      const f = await judge(label, fn);
      if (f) failures.push(f);
    }
  }
  assert.deepEqual(failures, []);
  stillWorks();
});

test(`raw wasm exports with hostile arguments (${target} build)`, () => {
  if (target !== 'node') return; // the web glue is the same Rust; its public API is covered above
  const require = createRequire(import.meta.url);
  const verifyGlue = require('../dist/node/hookgate_wasm.js');
  const publicKeyGlue = require('../dist/node/hookgate_public_key.js');
  const toolsGlue = require('../dist/node/hookgate_tools.js');
  const failures = [];
  const numbers = [-1, 0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, NaN, Infinity, 1.5];
  const push = (label, fn) => {
    const f = judge(`raw ${label}`, fn);
    if (f) failures.push(f);
  };
  for (const [name, glue] of [['verify', verifyGlue], ['public-key', publicKeyGlue], ['tools', toolsGlue]]) {
    for (const n of numbers) {
      for (const keep of [0, n, 2 ** 32 - 1]) push(`${name} bodyBuffer(${n}, ${keep})`, () => glue.bodyBuffer(n, keep));
      const v = new glue.WasmVerifier('standard_webhooks', [SECRET], undefined, 0, 0, 0);
      for (const m of numbers) {
        push(`${name} verify(${n}, ${m})`, () => v.verify(n, m, 1.7e12, undefined, undefined));
        push(`${name} verify now ${m}`, () => v.verify(0, 0, m, undefined, undefined));
        for (const kind of [0, 1, 2, 3, 2 ** 32 - 1]) {
          push(`${name} WasmVerifier tolerance ${kind} ${n} ${m}`, () => new glue.WasmVerifier(undefined, SECRET, undefined, kind, n, m).free());
        }
      }
      v.free();
    }
    for (const v of WEIRD) {
      push(`${name} WasmVerifier(weird, weird)`, () => new glue.WasmVerifier(v, v, undefined, 0, 0, 0));
      push(`${name} WasmVerifier(scheme, weird)`, () => new glue.WasmVerifier('stripe', v, undefined, 0, 0, 0));
      push(`${name} WasmVerifier(weird scheme)`, () => new glue.WasmVerifier(v, SECRET, undefined, 0, 0, 0));
      push(`${name} WasmVerifier(signatureHeader weird)`, () => new glue.WasmVerifier('generic_hmac_sha256', 'k', typeof v === 'string' ? v : undefined, 0, 0, 0));
    }
  }
  for (const n of numbers) {
    push(`sign(len ${n})`, () => toolsGlue.sign(SECRET, n, { id: 'm', timestamp: 1 }));
    for (const m of numbers) {
      push(`detect(len ${n}, ${m})`, () => toolsGlue.detect('a', m, n));
      push(`normalize(len ${n}, ${m})`, () => toolsGlue.normalize('generic', undefined, 'a', n, m));
      push(`explain(len ${n}, ${m})`, () => toolsGlue.explain('a', n, m, SECRET, undefined, 0, 0, 0));
    }
    for (const kind of [0, 1, 2, 3, 2 ** 32 - 1]) push(`explain tolerance ${kind} ${n}`, () => toolsGlue.explain('', 0, 0, SECRET, undefined, kind, n, n));
  }
  for (const s of ['', '\0', '\0\0\0', '=', '=\0', 'a', 'a\0', 'a\0b', '\uD800', 'x'.repeat(100_000)]) {
    // A names list against the header block last written into each module's body buffer.
    push(`detect(${JSON.stringify(s.slice(0, 10))})`, () => toolsGlue.detect(s, 0, undefined));
    push(`detect(${JSON.stringify(s.slice(0, 10))}, block)`, () => toolsGlue.detect(s, 3, undefined));
    push(`sign secret ${JSON.stringify(s.slice(0, 10))}`, () => toolsGlue.sign(s, 0, { id: 'm', timestamp: 1 }));
  }
  for (const v of WEIRD) push('sign options weird', () => toolsGlue.sign(SECRET, 0, v));
  assert.deepEqual(failures, []);
  stillWorks();
});

test(`random headers and bodies against every scheme (${target} build)`, () => {
  let seed = 0x9e3779b9;
  const rand = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const alphabet = 'v1,=; t0abcdefABCDEF0123456789+/_-.:\\"{}[]é😀\t';
  const randomText = (max) => Array.from({ length: rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
  const failures = [];
  const all = schemes();
  for (const spec of all) {
    let wh;
    try {
      wh = new Webhook(testSecret(spec), { scheme: spec.id, parse: false, dangerouslySkipTimestampCheck: true });
    } catch (e) {
      failures.push(`${spec.id}: constructor ${e.message}`);
      continue;
    }
    const names = [...new Set(JSON.stringify(spec).match(/"header":"[^"]+"/g)?.map((m) => m.slice(10, -1)) ?? [])];
    for (let i = 0; i < 150; i++) {
      const headers = {};
      for (const n of names) if (rand(4)) headers[n] = randomText(90);
      const body = rand(3) === 0 ? Uint8Array.from({ length: rand(300) }, () => rand(256)) : `{"id":"${randomText(20)}","signature":{"timestamp":"${randomText(12)}","token":"${randomText(12)}"},"webhookTimestamp":${rand(2 ** 31)}}`;
      const f = judge(`${spec.id} #${i}`, () => wh.verify(body, headers, { now: rand(2 ** 31), url: rand(2) ? `https://x.test/${randomText(10)}` : undefined, method: 'POST' }));
      if (f) failures.push(f);
    }
  }
  assert.deepEqual(failures, []);
  stillWorks();
});

test(`a 48 MiB payload verifies, and the memory is reused afterwards (${target} build)`, () => {
  const big = new Uint8Array(48 << 20).fill(0x61);
  const h = sign(SECRET, '{}', { id: 'm', timestamp: 1_700_000_000 }).headers;
  const wh = new Webhook(SECRET, { parse: false, maxPayloadBytes: 64 << 20 });
  assert.throws(() => wh.verify(big, h, { now: 1_700_000_000 }), (e) => e.code === 'no_matching_signature');
  assert.throws(() => new Webhook(SECRET, { maxPayloadBytes: 2 ** 31 }), (e) => e.code === 'invalid_options');
  stillWorks();
});
