// The demo origin: a node:http server on 127.0.0.1 that receives what the hookgate Worker
// forwards, checks hookgate's signatures, deduplicates by hookgate-webhook-id and answers 200.
// The Worker tests use it as their origin.
//
//   node worker/demo/origin.mjs [--port 8788]        (secret: HOOKGATE_ORIGIN_SECRET=whsec_…)
//
// How an origin verifies hookgate: with the hookgate npm package's GatewayWebhook, which checks
// hookgate's body signature (hookgate-webhook-*, Standard Webhooks over the *raw* body) and its
// metadata signature (hookgate-metadata-signature, over hookgate-verified, -scheme,
// -dedupe-key, -dedupe-key-signed and -body-signed):
//
//   const gateway = new GatewayWebhook(process.env.HOOKGATE_ORIGIN_SECRET, { parse: false });
//   const { id, scheme, dedupeKey, bodySigned } = gateway.verify(rawBody, req.headers);
//
// Any Standard Webhooks library checks the body signature alone (the three hookgate-webhook-*
// headers read under the standard names), but not the metadata: trust the hookgate-* headers
// only through GatewayWebhook.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const JS_DIR = new URL('../../js/', import.meta.url);

/** hookgate's headers under the names a Standard Webhooks verifier reads. */
export function hookgateSignatureHeaders(headers) {
  return {
    'webhook-id': headers['hookgate-webhook-id'] ?? '',
    'webhook-timestamp': headers['hookgate-webhook-timestamp'] ?? '',
    'webhook-signature': headers['hookgate-webhook-signature'] ?? '',
  };
}

function exportEntry(pkg) {
  const pick = (e) => {
    if (typeof e === 'string') return e;
    if (!e || typeof e !== 'object') return undefined;
    for (const cond of ['node', 'import', 'default']) {
      const hit = pick(e[cond]);
      if (hit) return hit;
    }
    return undefined;
  };
  const root = pkg.exports && (typeof pkg.exports === 'string' || pkg.exports['.'] === undefined ? pkg.exports : pkg.exports['.']);
  return pick(root) ?? pkg.module ?? pkg.main;
}

/** The hookgate npm package's entry module: its package.json entry, else js/node.mjs. */
function npmEntry() {
  if (!existsSync(new URL('dist/node', JS_DIR))) return undefined;
  const pkgPath = new URL('package.json', JS_DIR);
  if (existsSync(pkgPath)) {
    const entry = exportEntry(JSON.parse(readFileSync(pkgPath, 'utf8')));
    if (entry) return new URL(entry, JS_DIR);
  }
  const fallback = new URL('node.mjs', JS_DIR);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * A verifier for hookgate's signatures: the hookgate npm package's GatewayWebhook (js/) when it
 * is built, else the `standardwebhooks` package (the body signature only). Returns { name,
 * verify(rawBody: Buffer, headers) } where verify throws on a bad signature and returns what the
 * gateway vouched for ({ id, scheme, dedupeKey, dedupeKeySigned, bodySigned }, or undefined
 * with the fallback).
 */
export async function loadVerifier(secret) {
  const entry = npmEntry();
  if (entry) {
    try {
      const mod = await import(entry.href);
      const GatewayWebhook = mod?.GatewayWebhook ?? mod?.default?.GatewayWebhook;
      if (typeof GatewayWebhook === 'function') {
        // parse: false: hookgate forwards any body, JSON or not, and only its bytes are signed.
        const gateway = new GatewayWebhook(secret, { parse: false });
        return {
          name: `hookgate npm package's GatewayWebhook (${fileURLToPath(entry)})`,
          verify: (body, headers) => gateway.verify(body, headers),
        };
      }
    } catch (e) {
      if (process.env.HOOKGATE_REQUIRE_NPM_VERIFIER) throw e;
      console.error(`[origin] the hookgate npm package did not load (${e?.message ?? e}); using standardwebhooks`);
    }
  }
  if (process.env.HOOKGATE_REQUIRE_NPM_VERIFIER) {
    throw new Error('HOOKGATE_REQUIRE_NPM_VERIFIER is set but the hookgate npm package (js/dist/node) is not built');
  }
  // Fallback while the npm package is not built (scripts/build-js.sh builds it).
  const { Webhook } = await import('standardwebhooks');
  const wh = new Webhook(secret);
  return {
    name: 'standardwebhooks (fallback: hookgate npm package not built; the metadata signature is not checked)',
    verify: (body, headers) => {
      wh.verify(body, hookgateSignatureHeaders(headers));
      return undefined;
    },
  };
}

/**
 * Starts an origin. `mode` decides the answer: 'ok' (200), 'fail' (500) or { delayMs } (200 after
 * a delay); `setMode` changes it. Every request is recorded in `deliveries` with its raw body,
 * whether hookgate's signatures verified (`signatureOk`, and `gateway`: what they vouch for),
 * and the status the origin answered.
 */
export async function startOrigin({ secret, port = 0, host = '127.0.0.1', mode = 'ok', log = false, refuseBadSignature = false } = {}) {
  const verifier = secret ? await loadVerifier(secret) : undefined;
  const deliveries = [];
  const seenIds = new Set();
  let current = mode;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let signatureOk = false;
      let signatureError;
      let gateway;
      if (verifier) {
        try {
          gateway = verifier.verify(body, req.headers);
          signatureOk = true;
        } catch (e) {
          signatureError = String(e?.message ?? e);
        }
      }
      const id = req.headers['hookgate-webhook-id'];
      const repeat = id !== undefined && seenIds.has(id);
      if (id !== undefined) seenIds.add(id);
      // `status` is what the origin answered (set below); `aborted` if the gateway gave up first.
      const delivery = { path: req.url, headers: req.headers, body, signatureOk, signatureError, gateway, repeat, at: Date.now(), status: undefined, aborted: false };
      res.on('close', () => { if (!res.writableFinished) delivery.aborted = true; });
      deliveries.push(delivery);
      if (log) {
        console.log(`[origin] ${req.method} ${req.url} ${body.length} B  hookgate-verified=${req.headers['hookgate-verified']}` +
          `  scheme=${req.headers['hookgate-scheme']}  dedupe-key=${req.headers['hookgate-dedupe-key']}` +
          `  body-signed=${req.headers['hookgate-body-signed']}` +
          `  hookgate signatures ${signatureOk ? 'OK' : `FAILED (${signatureError})`}${repeat ? '  (repeat)' : ''}`);
      }
      const m = current;
      if (m && typeof m === 'object' && m.delayMs) await new Promise((r) => setTimeout(r, m.delayMs));
      const answer = (status, type, text) => {
        if (res.destroyed) {
          delivery.aborted = true; // the gateway gave up (timeout) before the origin answered
          return;
        }
        delivery.status = status;
        res.writeHead(status, { 'content-type': type });
        res.end(text);
      };
      if (m === 'fail') return answer(500, 'text/plain', 'origin failure');
      // With refuseBadSignature, a request marked verified (`true` or `partial`) whose hookgate
      // signatures fail is refused: the origin trusts only the gateway.
      if (refuseBadSignature && verifier && ['true', 'partial'].includes(req.headers['hookgate-verified']) && !signatureOk) {
        return answer(401, 'text/plain', 'bad hookgate signature');
      }
      return answer(200, 'application/json', JSON.stringify({ received: true }));
    });
  });
  // Longer than workerd keeps an idle connection to the origin: an origin that closes first races
  // the gateway's next request on that connection (ECONNRESET, a 502 origin_unreachable).
  // close() drops open connections itself.
  server.keepAliveTimeout = 120_000;
  await listen(server, port, host);
  const actualPort = server.address().port;
  return {
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    deliveries,
    verifierName: verifier?.name,
    setMode(m) { current = m; },
    /** Stops listening (connections are dropped), so the next forward finds nothing there. */
    async down() { server.closeAllConnections?.(); await new Promise((r) => server.close(r)); },
    /** Listens again on the same port. */
    async up() { await listen(server, actualPort, host); },
    async close() { server.closeAllConnections?.(); if (server.listening) await new Promise((r) => server.close(r)); },
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
}

// CLI: the demo origin for scripts/start.sh.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8788;
  const secret = process.env.HOOKGATE_ORIGIN_SECRET;
  if (!secret) {
    console.error('set HOOKGATE_ORIGIN_SECRET (the whsec_ secret hookgate signs with)');
    process.exit(2);
  }
  const origin = await startOrigin({ secret, port, log: true, refuseBadSignature: true });
  console.log(`[origin] demo origin on ${origin.url}/webhooks, verifying hookgate's signature with ${origin.verifierName}`);
  const stop = async () => { await origin.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
