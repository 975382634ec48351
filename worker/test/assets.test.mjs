// The signature debugger (debugger/dist) served by the gateway at / with Workers static assets,
// configured as worker/wrangler.toml does (`binding = "ASSETS"`, `run_worker_first = true`):
// the page and its modules with the page's own CSP as a header, while webhook routes, /healthz
// and a POST to / still reach the Worker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

import { metaCsp } from '../assets/headers.mjs';
import { ASSETS_DIR, post, startDemoGateway } from './harness.mjs';

const SECRET = 'whsec_' + Buffer.from('hookgate assets test secret, 32 b').toString('base64');
const CSP = metaCsp(readFileSync(`${ASSETS_DIR}/index.html`, 'utf8'));

describe('the debugger at / (static assets)', () => {
  let gw;
  before(async () => {
    gw = await startDemoGateway({ secret: SECRET });
  });
  after(async () => gw?.dispose());

  test('GET / → the page, with its CSP (connect-src none) and security headers', async () => {
    const res = await fetch(`${gw.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    assert.match(html, /http-equiv="Content-Security-Policy"/);
    assert.equal(res.headers.get('content-security-policy'), CSP, 'the header equals the page\'s <meta>');
    assert.match(CSP, /connect-src 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  test('GET /app.mjs → text/javascript', async () => {
    const res = await fetch(`${gw.url}/app.mjs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/javascript/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    await res.arrayBuffer();
  });

  test('HEAD / → 200 without a body; GET of a missing file → 404', async () => {
    const head = await fetch(`${gw.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const missing = await fetch(`${gw.url}/nope.js`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });

  test('_headers itself is not served', async () => {
    const res = await fetch(`${gw.url}/_headers`);
    assert.equal(res.status, 404);
    await res.arrayBuffer();
  });

  test('POST / is not swallowed by the assets: 404 unknown_route from the Worker', async () => {
    const res = await fetch(`${gw.url}/`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).code, 'unknown_route');
  });

  test('GET /healthz still reaches the Worker', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', routes: 1 });
  });

  test('a webhook route still works: /hooks/demo verifies with the known secret and forwards', async () => {
    const id = 'msg_assets_test_1';
    const body = JSON.stringify({ type: 'demo.event', data: { n: 1 } });
    const date = new Date();
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date / 1000)), 'webhook-signature': new Webhook(SECRET).sign(id, date, body) };
    const r = await post(gw, '/hooks/demo', body, headers);
    assert.equal(r.status, 200, r.body);
    const [d] = gw.origin.deliveries;
    assert.equal(d.headers['webhook-id'], id);
    assert.ok(d.signatureOk, d.signatureError);
    const get = await fetch(`${gw.url}/hooks/demo`);
    assert.equal(get.status, 405, 'GET on a route path is the route\'s (405), not an asset');
    await get.arrayBuffer();
  });
});
