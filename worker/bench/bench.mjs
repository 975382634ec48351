// Load benchmark (not a test): the hookgate Worker vs a pass-through Worker, both in workerd
// (Miniflare) on 127.0.0.1, forwarding to the same node:http origin in its own process.
// autocannon sends freshly signed, unique Standard Webhooks events; every 2xx the gateway gives
// must reach the origin (events lost must be 0).
//
// Two scenarios: an origin that answers at once (loopback, the worst case for the ratio: the
// gateway's own work is all there is to see) and one with a 50 ms service time (a typical
// origin handler; BENCH_ORIGIN_MS).
//
// Async delivery (a route with "delivery": {"mode": "async"}) gets its own rows: the ack latency
// (the 202), delivered events/s (every acked event, from the start of the run until the last one
// reached the origin) and the accept → delivered lag (the 202 to the origin's receipt), beside the
// pass-through Worker of the same run, whose every 2xx is a delivery made before its answer.
//
//   bash scripts/bench-worker.sh   (BENCH_DURATION=10 s per run, BENCH_CONNECTIONS=10, BENCH_ORIGIN_MS=50,
//                                   BENCH_BUILD=worker/build: another build, for a before/after run)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Miniflare } from 'miniflare';
import { Webhook } from 'standardwebhooks';

const WORKER_DIR = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Math.min(3, DURATION);
const ORIGIN_MS = Number(process.env.BENCH_ORIGIN_MS ?? 50);
const COMPATIBILITY_DATE = '2026-04-01';
// Which build of the gateway to load (default worker/build): lets a before/after comparison run
// two builds back to back, e.g. BENCH_BUILD=/tmp/before/build.
const BUILD = process.env.BENCH_BUILD ?? `${WORKER_DIR}/build`;

const secret = 'whsec_' + Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64');
const originSecret = 'whsec_' + Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64');
const wh = new Webhook(secret);
const body = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_123', amount: 4200, currency: 'usd', lines: Array.from({ length: 8 }, (_, i) => ({ id: `li_${i}`, amount: 525 })) } });

const originProc = fork(fileURLToPath(new URL('origin.mjs', import.meta.url)), { stdio: 'inherit' });
const originPort = await new Promise((resolve) => originProc.once('message', (m) => resolve(m.port)));
const originUrl = `http://127.0.0.1:${originPort}`;
const arrivals = async () => {
  const { ids, at } = await (await fetch(`${originUrl}/stats`)).json();
  return new Map(ids.map((id, i) => [id, at[i]]));
};
const reset = () => fetch(`${originUrl}/reset`, { method: 'POST' });
const setOriginDelay = (ms) => fetch(`${originUrl}/delay/${ms}`, { method: 'POST' });

const route = (id, store, extra = {}) => ({ id, path: `/${id}`, scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${originUrl}/in`, origin_secret: 'ORIGIN_SECRET', dedupe: { store }, ...extra });
// The Worker's log lines are drained (and dropped): an unread pipe would stall workerd.
const common = { host: '127.0.0.1', port: 0, modules: true, compatibilityDate: COMPATIBILITY_DATE, cf: false, handleRuntimeStdio(out, err) { out.resume(); err.resume(); } };
// Local KV and Durable Object storage on tmpfs when there is one: on a disk, every write waits
// for an fsync, and the benchmark would measure this machine's disk rather than the gateway.
const storage = mkdtempSync(`${existsSync('/dev/shm') ? '/dev/shm' : tmpdir()}/hookgate-bench-`);
const hookgate = new Miniflare({
  ...common,
  scriptPath: `${BUILD}/index.js`,
  modulesRoot: BUILD,
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'], fallthrough: true }],
  kvNamespaces: ['HOOKGATE_KV'],
  durableObjects: { HOOKGATE_DEDUPE: { className: 'DedupeShard', useSQLite: true } },
  kvPersist: `${storage}/kv`,
  durableObjectsPersist: `${storage}/do`,
  bindings: {
    HOOKGATE_CONFIG: JSON.stringify({ routes: [route('kv', 'kv'), route('durable_object', 'durable_object'), route('none', 'none'), route('async', 'durable_object', { delivery: { mode: 'async' } })] }),
    SECRET: secret,
    ORIGIN_SECRET: originSecret,
  },
});
const passthrough = new Miniflare({ ...common, scriptPath: fileURLToPath(new URL('passthrough.mjs', import.meta.url)), bindings: { ORIGIN: originUrl } });
const hookgateUrl = await hookgate.ready;
const passthroughUrl = await passthrough.ready;

async function run(name, base, path, duration) {
  const acked = [];
  const ackedAt = new Map();
  const failed = {};
  const started = Date.now();
  const result = await autocannon({
    url: new URL(path, base).href,
    connections: CONNECTIONS,
    duration,
    requests: [{
      method: 'POST',
      setupRequest(req, context) {
        const id = `msg_${randomUUID()}`;
        const now = new Date();
        context.id = id;
        return { ...req, body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now / 1000)), 'webhook-signature': wh.sign(id, now, body) } };
      },
      onResponse(status, _body, context) {
        if (status >= 200 && status < 300) {
          acked.push(context.id);
          ackedAt.set(context.id, Date.now());
        }
        else failed[status] = (failed[status] ?? 0) + 1;
      },
    }],
  });
  return { name, result, acked, ackedAt, failed, started };
}

/** Waits until the origin has every one of `ids` (async delivery drains after the run). */
async function drained(ids, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const seen = await arrivals();
    if (ids.every((id) => seen.has(id)) || Date.now() > end) return seen;
    await new Promise((res) => setTimeout(res, 250));
  }
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** The async rows: ack latency, delivered events/s, and the accept → delivered lag. */
async function measureAsync(name, base, path) {
  const warm = await run(`${name} (warm-up)`, base, path, WARMUP);
  await drained(warm.acked);
  await reset();
  const r = await run(name, base, path, DURATION);
  const seen = await drained(r.acked);
  const lost = r.acked.filter((id) => !seen.has(id)).length;
  const arrived = r.acked.filter((id) => seen.has(id));
  const last = Math.max(...arrived.map((id) => seen.get(id)));
  const lags = arrived.map((id) => Math.max(0, seen.get(id) - r.ackedAt.get(id))).sort((a, b) => a - b);
  const deliveredPerS = arrived.length / ((last - r.started) / 1000);
  console.error(`[bench] ${name}: ack ${r.result.requests.average.toFixed(0)} req/s, p50 ${r.result.latency.p50} ms, p99 ${r.result.latency.p99} ms; delivered ${deliveredPerS.toFixed(0)}/s; lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms; lost ${lost}`);
  return { ...row(name, r, lost), delivered: deliveredPerS, lagP50: percentile(lags, 50), lagP99: percentile(lags, 99) };
}

/** A table row from a run. */
function row(name, r, lost) {
  return {
    name,
    rps: r.result.requests.average,
    p50: r.result.latency.p50,
    p99: r.result.latency.p99,
    mean: r.result.latency.average,
    requests: r.result.requests.total,
    acked: r.acked.length,
    non2xx: r.failed,
    errors: r.result.errors + r.result.timeouts,
    lost,
  };
}

async function measure(name, base, path) {
  await run(`${name} (warm-up)`, base, path, WARMUP);
  await reset();
  const r = await run(name, base, path, DURATION);
  await new Promise((res) => setTimeout(res, 200));
  const received = await arrivals();
  const lost = r.acked.filter((id) => !received.has(id)).length;
  console.error(`[bench] ${name}: ${r.result.requests.average.toFixed(0)} req/s, p50 ${r.result.latency.p50} ms, p99 ${r.result.latency.p99} ms, lost ${lost}`);
  return row(name, r, lost);
}

const startLoad = loadavg();
const scenarios = [];
try {
  for (const originMs of [0, ORIGIN_MS]) {
    await setOriginDelay(originMs);
    const rows = [];
    rows.push(await measure('pass-through worker', passthroughUrl, '/in'));
    for (const store of ['kv', 'durable_object', 'none']) rows.push(await measure(`hookgate (dedupe: ${store})`, hookgateUrl, `/${store}`));
    rows.push(await measureAsync('hookgate async (dedupe: durable_object)', hookgateUrl, '/async'));
    rows.push(await measure('pass-through worker (again)', passthroughUrl, '/in'));
    scenarios.push({ originMs, rows });
  }
} finally {
  await Promise.allSettled([hookgate.dispose(), passthrough.dispose()]);
  originProc.kill('SIGTERM');
  rmSync(storage, { recursive: true, force: true });
}

console.log(`\nhookgate Worker load benchmark: ${CONNECTIONS} connections, ${DURATION} s per run, loopback, workerd (Miniflare, local KV and Durable Objects on ${storage.startsWith('/dev/shm') ? 'tmpfs' : 'disk'}), ${body.length} B body`);
console.log(`load average at the start: ${startLoad.map((x) => x.toFixed(2)).join(' ')} (${availableParallelism()} CPUs); other work on the machine skews every figure`);
let lost = 0;
for (const { originMs, rows } of scenarios) {
  const base = rows.filter((r) => r.name.startsWith('pass-through'));
  const avg = (f) => base.reduce((a, r) => a + f(r), 0) / base.length;
  const [baseP50, baseP99, baseMean] = [avg((r) => r.p50), avg((r) => r.p99), avg((r) => r.mean)];
  console.log(`\n### origin service time ${originMs} ms\n`);
  console.log('| run | req/s | p50 ms | p99 ms | mean ms | p50 ratio | p99 ratio | mean ratio | 2xx | non-2xx | errors | events lost |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const non2xx = Object.values(r.non2xx).reduce((a, b) => a + b, 0);
    // autocannon reports p50/p99 in whole milliseconds: a 0 ms baseline has no ratio.
    const ratio = (x, base) => (base > 0 ? `${(x / base).toFixed(2)}×` : '—');
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.mean.toFixed(2)} | ${ratio(r.p50, baseP50)} | ${ratio(r.p99, baseP99)} | ${ratio(r.mean, baseMean)} | ${r.acked} | ${non2xx}${non2xx ? ` ${JSON.stringify(r.non2xx)}` : ''} | ${r.errors} | ${r.lost} |`);
    lost += r.lost;
  }
  console.log(`\npass-through baseline (mean of its two runs): p50 ${baseP50.toFixed(2)} ms, p99 ${baseP99.toFixed(2)} ms, mean ${baseMean.toFixed(2)} ms; target: hookgate ≤ 1.2× the pass-through latency`);
  // Async beside the pass-through: its ack against the pass-through's answer, its delivery rate
  // against the pass-through's (every pass-through 2xx is a delivery), its lag after the 202.
  const baseRps = avg((r) => r.rps);
  for (const r of rows.filter((x) => x.delivered !== undefined)) {
    console.log(`\n${r.name}: ack p50 ${r.p50} ms / p99 ${r.p99} ms (${(r.p50 / baseP50).toFixed(2)}× / ${(r.p99 / baseP99).toFixed(2)}× the pass-through's answer); ` +
      `delivered ${r.delivered.toFixed(0)} events/s (${(r.delivered / baseRps).toFixed(2)}× the pass-through's ${baseRps.toFixed(0)}/s); ` +
      `accept → delivered lag p50 ${r.lagP50} ms, p99 ${r.lagP99} ms (the pass-through delivers before it answers: p50 ${baseP50.toFixed(0)} ms, p99 ${baseP99.toFixed(0)} ms after the send)`);
  }
}
console.log(`\nevents lost (a 2xx from the gateway that never reached the origin), all runs: ${lost}`);
process.exitCode = lost === 0 ? 0 : 1;
