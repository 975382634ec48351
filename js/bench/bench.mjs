// hookgate's benchmark (`npm run bench`; a benchmark, not a test): verification speed against
// node:crypto, standardwebhooks, svix, stripe and Web Crypto at 256 B, 1 KiB, 16 KiB and 1 MiB;
// the web build's throughput against `openssl speed sha256` without SHA-NI; cold start
// (import -> first verify in a fresh process, CJS and ESM) against standardwebhooks; sizes;
// and issue 15's targets table, each row with its ratio and whether it is met.
//
// All cells of one size are measured in interleaved rounds and the best round is kept, so the
// ratios compare like with like on a busy machine; cold starts are interleaved the same way.
// Bounded: about a minute and a half.
//
//   node js/bench/bench.mjs [--quick] [--json out.json]
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const JS_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
if (!['dist/node/hookgate_wasm_bg.wasm', 'dist/web/hookgate_wasm_bg.wasm', 'dist/node/hookgate_public_key_bg.wasm', 'dist/node/hookgate_tools_bg.wasm'].every((f) => existsSync(join(JS_DIR, f)))) {
  console.error('js/dist is missing: run `bash scripts/build-js.sh` first');
  process.exit(1);
}
if (process.env.HOOKGATE_NODE_CRYPTO !== undefined) {
  console.error('unset HOOKGATE_NODE_CRYPTO: the bench measures the default threshold (and both sides of it itself)');
  process.exit(1);
}

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const JSON_OUT = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const ROUNDS = QUICK ? 3 : 7;
const BATCH_MS = QUICK ? 25 : 60;
const COLD_RUNS = QUICK ? 7 : 21;

const require = createRequire(import.meta.url);
const hookgate = require('hookgate');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');
const Stripe = require('stripe');
const stripe = new Stripe('sk_test_bench');

// The same wasm module, with the host's crypto never or always (the default entry switches at
// its threshold): where the threshold comes from.
const { createApi } = require('../dist/cjs/api.cjs');
const nodeGlue = require('../dist/node/hookgate_wasm.js');
const hostAlways = { crypto: () => crypto, minBytes: 0, byteLength: (s) => Buffer.byteLength(s) };
const noTools = () => {
  throw new Error('the bench never loads the tools this way');
};
const wasmOnly = createApi({ verify: () => nodeGlue, tools: noTools });
const nodeCryptoAlways = createApi({ verify: () => nodeGlue, tools: noTools, host: hostAlways });
// The web build (browsers, Workers): wasm only, initialised from its bytes.
const web = await import('../web.mjs');
await web.init(readFileSync(join(JS_DIR, 'dist/web/hookgate_wasm_bg.wasm')));

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const KEY = Buffer.from(SECRET.slice(6), 'base64');
const STRIPE_SECRET = 'whsec_bench_stripe_secret';
const GITHUB_SECRET = "It's a Secret to Everybody";
const SIZES = [256, 1024, 16 * 1024, 1024 * 1024];
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A realistic JSON event of exactly `size` bytes. */
function payloadOf(size) {
  const event = (lines, pad) => JSON.stringify({ id: 'evt_1NqmUH2eZvKYlo2C', type: 'invoice.paid', created: 1_700_000_000, data: { lines, pad } });
  const lines = [];
  while (event([...lines, { id: 'li_0', amount: 1000, currency: 'usd', description: 'Line 0' }], '').length <= size) {
    const i = lines.length;
    lines.push({ id: `li_${i}`, amount: 1000 + i, currency: 'usd', description: `Line ${i}` });
  }
  const out = event(lines, 'x'.repeat(size - event(lines, '').length));
  if (out.length !== size) throw new Error(`payload ${out.length} != ${size}`);
  return out;
}

/** What a careful hand-written verifier on node:crypto does (no parse unless asked). */
function nodeCryptoVerify(payload, headers, parse) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (!id || !ts || !sig) throw new Error('missing headers');
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) throw new Error('timestamp');
  const expected = crypto.createHmac('sha256', KEY).update(`${id}.${ts}.`).update(payload).digest();
  for (const part of sig.split(' ')) {
    const [version, value] = part.split(',');
    if (version !== 'v1') continue;
    const got = Buffer.from(value, 'base64');
    if (got.length === expected.length && crypto.timingSafeEqual(got, expected)) return parse ? JSON.parse(payload) : undefined;
  }
  throw new Error('no match');
}

const webKey = await crypto.webcrypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const encoder = new TextEncoder();
async function webCryptoVerify(payload, headers, parse) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sig = headers['webhook-signature'];
  if (!id || !ts || !sig) throw new Error('missing headers');
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) throw new Error('timestamp');
  const data = encoder.encode(`${id}.${ts}.${payload}`);
  for (const part of sig.split(' ')) {
    const [version, value] = part.split(',');
    if (version !== 'v1') continue;
    if (await crypto.webcrypto.subtle.verify('HMAC', webKey, Buffer.from(value, 'base64'), data)) return parse ? JSON.parse(payload) : undefined;
  }
  throw new Error('no match');
}

/** The cells of one size: `[name, fn, async?]`. */
function cells(payload) {
  const now = new Date();
  const id = 'msg_2Lh9KRb0pSEbK4ZcgZc3GrOq3eM';
  const sw = new StandardWebhook(SECRET);
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now / 1000)), 'webhook-signature': sw.sign(id, now, payload), ...JSON_HEADERS };
  const svixHeaders = { 'svix-id': id, 'svix-timestamp': headers['webhook-timestamp'], 'svix-signature': headers['webhook-signature'] };
  const stripeHeaders = { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET }), ...JSON_HEADERS };
  const githubSig = `sha256=${crypto.createHmac('sha256', GITHUB_SECRET).update(payload).digest('hex')}`;
  const githubWithId = { 'x-hub-signature-256': githubSig, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' };
  const githubNoId = { 'x-hub-signature-256': githubSig };
  const hg = new hookgate.Webhook(SECRET, { parse: false });
  const hgParse = new hookgate.Webhook(SECRET);
  const hgWasm = new wasmOnly.Webhook(SECRET, { parse: false });
  const hgHost = new nodeCryptoAlways.Webhook(SECRET, { parse: false });
  const hgWeb = new web.Webhook(SECRET, { parse: false });
  const hgStripe = new hookgate.Webhook(STRIPE_SECRET, { scheme: 'stripe', parse: false });
  const hgStripeParse = new hookgate.Webhook(STRIPE_SECRET, { scheme: 'stripe' });
  const hgGithub = new hookgate.Webhook(GITHUB_SECRET, { scheme: 'github', parse: false });
  const svix = new SvixWebhook(SECRET);
  const bytes = Buffer.from(payload);
  return [
    ['hookgate', () => hg.verify(payload, headers)],
    ['hookgate + parse', () => hgParse.verify(payload, headers)],
    ['hookgate (Buffer in)', () => hg.verify(bytes, headers)],
    ['hookgate, wasm crypto only', () => hgWasm.verify(payload, headers)],
    ['hookgate, node:crypto always', () => hgHost.verify(payload, headers)],
    ['hookgate web build (Buffer in)', () => hgWeb.verify(bytes, headers)],
    ['node:crypto', () => nodeCryptoVerify(payload, headers, false)],
    ['node:crypto + parse', () => nodeCryptoVerify(payload, headers, true)],
    ['standardwebhooks', () => sw.verify(payload, headers, { jsonParse: false })],
    ['standardwebhooks + parse', () => sw.verify(payload, headers)],
    ['svix (always parses)', () => svix.verify(payload, svixHeaders)],
    ['Web Crypto', () => webCryptoVerify(payload, headers, false), true],
    ['hookgate stripe scheme', () => hgStripe.verify(payload, stripeHeaders)],
    ['hookgate stripe scheme + parse', () => hgStripeParse.verify(payload, stripeHeaders)],
    ['stripe verifyHeader', () => stripe.webhooks.signature.verifyHeader(payload, stripeHeaders['stripe-signature'], STRIPE_SECRET, 300)],
    ['stripe constructEvent (parses)', () => stripe.webhooks.constructEvent(payload, stripeHeaders['stripe-signature'], STRIPE_SECRET, 300)],
    ['hookgate github, with X-GitHub-Delivery', () => hgGithub.verify(payload, githubWithId).dedupeKey],
    ['hookgate github, without: dedupeKey not read', () => hgGithub.verify(payload, githubNoId)],
    ['hookgate github, without: dedupeKey read', () => hgGithub.verify(payload, githubNoId).dedupeKey],
  ];
}

async function timeBatch(fn, isAsync, iterations) {
  const start = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < iterations; i++) await fn();
  else for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** µs per call of every cell at `size`: the best of ROUNDS interleaved rounds. */
async function measureSize(size) {
  const list = cells(payloadOf(size));
  const iterations = [];
  for (const [, fn, isAsync] of list) {
    await timeBatch(fn, isAsync, 3);
    const ns = await timeBatch(fn, isAsync, size >= 1 << 20 ? 2 : 50);
    iterations.push(Math.max(2, Math.round((BATCH_MS * 1e6) / ns)));
  }
  const best = list.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < list.length; i++) best[i] = Math.min(best[i], await timeBatch(list[i][1], list[i][2], iterations[i]));
  }
  return Object.fromEntries(list.map(([name], i) => [name, best[i] / 1000]));
}

/** The threshold sizes: wasm crypto against node:crypto inside hookgate, where they cross. */
async function measureCrossover() {
  const out = {};
  for (const size of [512, 1024, 1536, 2048, 3072, 4096, 8192]) {
    const all = cells(payloadOf(size));
    const list = all.filter(([name]) => name === 'hookgate, wasm crypto only' || name === 'hookgate, node:crypto always');
    const best = list.map(() => Infinity);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < list.length; i++) best[i] = Math.min(best[i], await timeBatch(list[i][1], false, Math.round(20000 / Math.sqrt(size / 256))));
    }
    out[size] = { wasm: best[0] / 1000, node: best[1] / 1000 };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cold start: import -> first verify in a fresh process, every candidate interleaved.

const FLOOR_DIR = mkdtempSync(join(os.tmpdir(), 'hookgate-bench-'));
writeFileSync(join(FLOOR_DIR, 'one.mjs'), 'export const one = 1;\n');
writeFileSync(join(FLOOR_DIR, 'one.cjs'), 'exports.one = 1;\n');
process.on('exit', () => rmSync(FLOOR_DIR, { recursive: true, force: true }));

/** Standard Webhooks headers for the cold body, signed with node:crypto when the child starts. */
const COLD_PRELUDE = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url + '/');
const b = '{"type":"ping","n":1}'; const ts = String(Math.floor(Date.now() / 1000));
const h = { 'webhook-id': 'msg_cold', 'webhook-timestamp': ts, 'webhook-signature': 'v1,' + require('node:crypto').createHmac('sha256', Buffer.from(${JSON.stringify(SECRET.slice(6))}, 'base64')).update('msg_cold.' + ts + '.' + b).digest('base64') };`;
const verifyCold = (name) => `new ${name}(${JSON.stringify(SECRET)}).verify(b, h)`;
const COLD = {
  'hookgate, CJS require': `const t0 = performance.now(); const { Webhook } = require('hookgate'); ${verifyCold('Webhook')}; console.log(performance.now() - t0);`,
  'standardwebhooks, CJS require': `const t0 = performance.now(); const { Webhook } = require('standardwebhooks'); ${verifyCold('Webhook')}; console.log(performance.now() - t0);`,
  'hookgate, ESM import': `const t0 = performance.now(); const { Webhook } = await import('hookgate'); ${verifyCold('Webhook')}; console.log(performance.now() - t0);`,
  'standardwebhooks, ESM import': `const t0 = performance.now(); const { Webhook } = await import('standardwebhooks'); ${verifyCold('Webhook')}; console.log(performance.now() - t0);`,
  'svix, ESM import': `const t0 = performance.now(); const { Webhook } = await import('svix'); new Webhook(${JSON.stringify(SECRET)}).verify(b, { 'svix-id': h['webhook-id'], 'svix-timestamp': h['webhook-timestamp'], 'svix-signature': h['webhook-signature'] }); console.log(performance.now() - t0);`,
  'floor: a one-line CJS file': `const t0 = performance.now(); require(${JSON.stringify(join(FLOOR_DIR, 'one.cjs'))}); console.log(performance.now() - t0);`,
  'floor: a one-line ESM file': `const t0 = performance.now(); await import(${JSON.stringify(join(FLOOR_DIR, 'one.mjs'))}); console.log(performance.now() - t0);`,
  'hookgate, ESM import, then the first sign (tools module)': `const t0 = performance.now(); const { sign } = await import('hookgate'); sign(${JSON.stringify(SECRET)}, '{}', { id: 'msg_cold' }); console.log(performance.now() - t0);`,
};

function coldStarts(runs) {
  const times = Object.fromEntries(Object.keys(COLD).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, code] of Object.entries(COLD)) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', `${COLD_PRELUDE}\n${code}`], { cwd: JS_DIR, encoding: 'utf8' });
      times[name].push(Number(out.trim()));
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v), min: Math.min(...v) }]));
}

// ---------------------------------------------------------------------------------------------

/** `openssl speed sha256` on 16 KiB blocks without SHA-NI (masked), in MB/s; null without openssl. */
function opensslSha256() {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', '1', '-bytes', '16384', 'sha256'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, OPENSSL_ia32cap: ':~0x20000000' },
    });
    const line = out.split('\n').find((l) => l.startsWith('sha256'));
    return Number(line.trim().split(/\s+/).pop().replace(/k$/, '')) / 1000;
  } catch {
    return null;
  }
}

/**
 * The web build's throughput verifying 1 MiB (MB/s) and openssl's, measured in alternation
 * and each the best of its rounds, so a busy moment does not favour either.
 */
async function webAgainstOpenssl() {
  const [, fn] = cells(payloadOf(1 << 20)).find(([name]) => name === 'hookgate web build (Buffer in)');
  let web = 0;
  let openssl = 0;
  for (let round = 0; round < (QUICK ? 2 : 5); round++) {
    const o = opensslSha256();
    if (o === null) return { web: 0, openssl: null };
    openssl = Math.max(openssl, o);
    web = Math.max(web, (1 << 20) / (await timeBatch(fn, false, 40)) * 1000);
  }
  return { web, openssl };
}

function gz(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

function dirSize(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    total += entry.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

function sizes() {
  const wasm = join(JS_DIR, 'dist/node/hookgate_wasm_bg.wasm');
  const publicKeyWasm = join(JS_DIR, 'dist/node/hookgate_public_key_bg.wasm');
  const toolsWasm = join(JS_DIR, 'dist/node/hookgate_tools_bg.wasm');
  const nodeFiles = ['node.cjs', 'dist/cjs/api.cjs', 'dist/node/hookgate_wasm.js'].map((f) => join(JS_DIR, f));
  const sum = (files, f) => files.reduce((n, p) => n + f(p), 0);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], { cwd: JS_DIR, encoding: 'utf8' }))[0];
  const peers = {};
  for (const [name, dirs] of Object.entries({ svix: ['svix'], standardwebhooks: ['standardwebhooks', '@stablelib/base64', 'fast-sha256'], stripe: ['stripe'] })) {
    peers[name] = dirs.map((d) => join(REPO, 'node_modules', d)).filter(existsSync).reduce((n, d) => n + dirSize(d), 0);
  }
  return {
    wasm: { raw: statSync(wasm).size, gzip: gz(wasm) },
    publicKeyWasm: { raw: statSync(publicKeyWasm).size, gzip: gz(publicKeyWasm) },
    toolsWasm: { raw: statSync(toolsWasm).size, gzip: gz(toolsWasm) },
    nodeJs: { raw: sum(nodeFiles, (p) => statSync(p).size), gzip: sum(nodeFiles, gz) },
    tarball: packed.size,
    unpacked: packed.unpackedSize,
    files: packed.entryCount,
    peers,
  };
}

// ---------------------------------------------------------------------------------------------

const kb = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);
const x = (v) => `${v.toFixed(2)}×`;
const label = (size) => (size >= 1 << 20 ? '1 MiB' : size >= 1024 ? `${size / 1024} KiB` : `${size} B`);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';

console.log(`hookgate benchmark: Node ${process.version}, ${os.cpus().length} × ${cpu}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} interleaved rounds of ~${BATCH_MS} ms per cell, best round kept`);
const started = Date.now();
const results = {};
for (const size of SIZES) {
  results[size] = await measureSize(size);
  process.stderr.write(`  measured ${label(size)}\n`);
}
const crossover = await measureCrossover();
process.stderr.write('  measured the crossover\n');
const alternated = await webAgainstOpenssl();
const { openssl } = alternated;
// The web build's best: its alternating rounds (right after openssl's AVX2 work) or the size
// table's interleaved ones.
const webMBs = Math.max(alternated.web, (1 << 20) / results[1 << 20]['hookgate web build (Buffer in)']);
process.stderr.write('  measured the web build against openssl\n');
const cold = coldStarts(COLD_RUNS);
process.stderr.write('  measured cold starts\n');
const s = sizes();

console.log('\n### Verify (time per call; ratio = their time / hookgate\'s, > 1 means hookgate is faster)\n');
const columns = [
  ['node:crypto', 'hookgate', 'node:crypto'],
  ['standardwebhooks', 'hookgate', 'standardwebhooks'],
  ['svix (parses) vs hookgate + parse', 'hookgate + parse', 'svix (always parses)'],
  ['stripe.constructEvent vs hookgate stripe + parse', 'hookgate stripe scheme + parse', 'stripe constructEvent (parses)'],
  ['Web Crypto', 'hookgate', 'Web Crypto'],
];
console.log(`| payload | hookgate | hookgate + parse | ${columns.map(([c]) => c).join(' | ')} |`);
console.log(`|---|---:|---:|${columns.map(() => '---:').join('|')}|`);
for (const size of SIZES) {
  const r = results[size];
  console.log(`| ${label(size)} | ${fmt(r.hookgate)} | ${fmt(r['hookgate + parse'])} | ${columns.map(([, ours, theirs]) => `${fmt(r[theirs])} (${x(r[theirs] / r[ours])})`).join(' | ')} |`);
}
console.log(`\nOther cells: ${SIZES.map((size) => {
  const r = results[size];
  return `${label(size)}: Buffer in ${fmt(r['hookgate (Buffer in)'])}, svix vs hookgate verify-only ${x(r['svix (always parses)'] / r.hookgate)}, stripe verifyHeader vs hookgate stripe ${x(r['stripe verifyHeader'] / r['hookgate stripe scheme'])}, standardwebhooks + parse vs hookgate + parse ${x(r['standardwebhooks + parse'] / r['hookgate + parse'])}`;
}).join('; ')}`);

console.log('\n### The threshold: wasm crypto against node:crypto inside hookgate (verify, time per call)\n');
console.log(`| payload | ${Object.keys(crossover).map((b) => label(Number(b))).join(' | ')} |`);
console.log(`|---|${Object.keys(crossover).map(() => '---:').join('|')}|`);
console.log(`| wasm (RustCrypto) | ${Object.values(crossover).map((c) => fmt(c.wasm)).join(' | ')} |`);
console.log(`| node:crypto | ${Object.values(crossover).map((c) => fmt(c.node)).join(' | ')} |`);
for (const size of SIZES) {
  const r = results[size];
  console.log(`${label(size)}: wasm ${fmt(r['hookgate, wasm crypto only'])}, node:crypto ${fmt(r['hookgate, node:crypto always'])}, default ${fmt(r.hookgate)}`);
}

console.log('\n### No wasted hashing: GitHub without X-GitHub-Delivery (the dedupe key is the body digest)\n');
console.log('| payload | with the id | without, key not read | without, key read |');
console.log('|---|---:|---:|---:|');
for (const size of SIZES) {
  const r = results[size];
  const withId = r['hookgate github, with X-GitHub-Delivery'];
  console.log(`| ${label(size)} | ${fmt(withId)} | ${fmt(r['hookgate github, without: dedupeKey not read'])} (${x(r['hookgate github, without: dedupeKey not read'] / withId)}) | ${fmt(r['hookgate github, without: dedupeKey read'])} (${x(r['hookgate github, without: dedupeKey read'] / withId)}) |`);
}

console.log('\n### Web build (no host crypto), 1 MiB, against OpenSSL without SHA-NI (alternating rounds, best of each)\n');
console.log(`hookgate web build verifying 1 MiB (a Buffer; the best of its rounds here and in the 1 MiB table): ${webMBs.toFixed(0)} MB/s; openssl speed sha256 (16 KiB blocks, SHA-NI masked: OPENSSL_ia32cap=":~0x20000000"): ${openssl === null ? 'openssl not found' : `${openssl.toFixed(0)} MB/s`}`);

console.log('\n### Cold start: import -> first verify, fresh process (interleaved runs)\n');
console.log('| package | median | min |');
console.log('|---|---:|---:|');
for (const [name, t] of Object.entries(cold)) console.log(`| ${name} | ${t.median.toFixed(2)} ms | ${t.min.toFixed(2)} ms |`);

console.log('\n### Sizes\n');
console.log('| artifact | raw | gzip -9 |');
console.log('|---|---:|---:|');
console.log(`| verification wasm (\`Webhook\`, built-in schemes, shared secrets; node and web builds) | ${kb(s.wasm.raw)} | ${(s.wasm.gzip / 1000).toFixed(1)} KB |`);
console.log(`| public-key wasm (the same with Ed25519 and ECDSA P-256, instead of it for a public key) | ${kb(s.publicKeyWasm.raw)} | ${(s.publicKeyWasm.gzip / 1000).toFixed(1)} KB |`);
console.log(`| tools wasm | ${kb(s.toolsWasm.raw)} | ${(s.toolsWasm.gzip / 1000).toFixed(1)} KB |`);
console.log(`| JS loaded on Node to verify (entry, API, verification glue) | ${kb(s.nodeJs.raw)} | ${kb(s.nodeJs.gzip)} |`);
console.log(`| npm tarball (${s.files} files) | ${kb(s.unpacked)} unpacked | ${kb(s.tarball)} packed |`);
console.log(`Installed size of the peers, for scale: ${Object.entries(s.peers).map(([n, b]) => `${n} ${kb(b)}`).join(', ')}`);

// Issue 15's targets: every row, its ratio, met or not.
const rows = [];
const row = (target, measured, met) => rows.push([target, measured, met]);
const each = (f) => SIZES.map((size) => f(results[size], size));
const node = each((r) => r['node:crypto'] / r.hookgate);
row('verify vs node:crypto >= 1.0× at 256 B, 1 KiB, 16 KiB, 1 MiB (Node build)', node.map(x).join(' / '), node.every((v) => v >= 1));
const stripeRatio = each((r) => r['stripe constructEvent (parses)'] / r['hookgate stripe scheme + parse']);
row('verify vs stripe.webhooks.constructEvent >= 1.0× at every size, its own scheme (both parse)', stripeRatio.map(x).join(' / '), stripeRatio.every((v) => v >= 1));
const standard = each((r) => r.standardwebhooks / r.hookgate);
row('verify vs standardwebhooks >= 4× at every size (neither parses)', standard.map(x).join(' / '), standard.every((v) => v >= 4));
const svixLike = each((r) => r['svix (always parses)'] / r['hookgate + parse']);
row('verify vs svix >= 4× at every size (svix always parses; hookgate + parse)', svixLike.map(x).join(' / '), svixLike.every((v) => v >= 4));
const svixVerify = each((r) => r['svix (always parses)'] / r.hookgate);
row('  the same, against hookgate verify only (svix still parses)', svixVerify.map(x).join(' / '), svixVerify.every((v) => v >= 4));
row('web build (no host crypto), 1 MiB >= 0.9× openssl speed sha256, SHA-NI masked', openssl === null ? 'openssl not found' : `${webMBs.toFixed(0)} / ${openssl.toFixed(0)} MB/s = ${x(webMBs / openssl)}`, openssl !== null && webMBs / openssl >= 0.9);
for (const mode of ['CJS require', 'ESM import']) {
  const ours = cold[`hookgate, ${mode}`].median;
  const theirs = cold[`standardwebhooks, ${mode}`].median;
  row(`cold start, import -> first verify <= 1.0× standardwebhooks (${mode}; medians)`, `${ours.toFixed(2)} / ${theirs.toFixed(2)} ms = ${x(ours / theirs)}`, ours <= theirs);
}
row('verification module <= 60 KB gzipped', `${(s.wasm.gzip / 1000).toFixed(1)} KB`, s.wasm.gzip <= 60_000);
console.log('\n### Targets (issue 15; ratios from this run)\n');
console.log('| target | measured | met |');
console.log('|---|---:|:---:|');
for (const [target, measured, met] of rows) console.log(`| ${target} | ${measured} | ${met ? 'yes' : '**no**'} |`);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ node: process.version, cpu, load: os.loadavg(), results, crossover, openssl, cold, sizes: s, targets: rows }, null, 2));
