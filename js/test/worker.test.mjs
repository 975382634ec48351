// The worker entry in workerd (Miniflare): the .wasm is imported as a compiled module and
// instantiated synchronously, as Cloudflare requires.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Miniflare } from 'miniflare';

import { sign } from 'hookgate';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let mf;

before(async () => {
  mf = new Miniflare({
    modules: true,
    scriptPath: fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url)),
    modulesRoot: fileURLToPath(new URL('../', import.meta.url)),
    modulesRules: [
      { type: 'ESModule', include: ['**/*.mjs', '**/*.js'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2026-04-01',
    host: '127.0.0.1',
    cf: false,
  });
  await mf.ready;
});

after(() => mf?.dispose());

test('the worker entry verifies requests inside workerd', async () => {
  const body = JSON.stringify({ type: 'ping', text: 'snowman ☃' });
  const headers = { ...sign(SECRET, body, { id: 'msg_worker_1' }).headers, 'content-type': 'application/json' };
  const ok = await mf.dispatchFetch('http://localhost/hook', { method: 'POST', body, headers });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { id: 'msg_worker_1', keyIndex: 0, event: { type: 'ping', text: 'snowman ☃' } });
  const bad = await mf.dispatchFetch('http://localhost/hook', { method: 'POST', body: body + ' ', headers });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { code: 'no_matching_signature', candidates: 1 });
  const detect = await mf.dispatchFetch('http://localhost/detect', { headers });
  assert.equal((await detect.json())[0].scheme, 'standard_webhooks');
});
