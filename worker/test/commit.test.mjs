// The dedupe commit runs after the answer (ctx.wait_until). Until it lands, the claim answers any
// duplicate with 503 `duplicate_in_flight` and Retry-After (never a 4xx, which some providers never
// retry), so nothing is forwarded twice. These tests hold the commit back on purpose, with the
// test build's `hookgate-dangerous-test-commit-delay-ms` header (worker/build-test, feature
// dangerous-test-commit-delay), and race duplicates against it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

import { startOrigin } from '../demo/origin.mjs';
import { eventually, post, startGateway, whsec } from './harness.mjs';

const SECRET = whsec();
const ORIGIN_SECRET = whsec();
const DELAY_MS = 1500;

function signed(body, id = `msg_${randomUUID()}`) {
  const date = new Date();
  return { id, headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date / 1000)), 'webhook-signature': new Webhook(SECRET).sign(id, date, body), 'content-type': 'application/json' } };
}

function routes(originUrl) {
  return ['kv', 'durable_object'].map((store) => ({
    id: store, path: `/${store}`, scheme: 'standard_webhooks', secrets: ['SECRET'],
    origin: `${originUrl}/in`, origin_secret: 'ORIGIN_SECRET', dedupe: { store },
  }));
}

describe('a duplicate racing the deferred commit (test build)', () => {
  let gw;
  let origin;
  before(async () => {
    origin = await startOrigin({ secret: ORIGIN_SECRET });
    gw = await startGateway({ config: { routes: routes(origin.url) }, secrets: { SECRET, ORIGIN_SECRET }, build: 'build-test' });
  });
  after(async () => {
    await gw?.dispose();
    await origin?.close();
  });

  for (const store of ['kv', 'durable_object']) {
    test(`${store}: answered before the commit; duplicates in the gap get 503 and are not forwarded; after it, 200 duplicate`, async () => {
      const body = JSON.stringify({ race: store });
      const { id, headers } = signed(body);
      const delayed = { ...headers, 'hookgate-dangerous-test-commit-delay-ms': String(DELAY_MS) };

      const first = await post(gw, `/${store}`, body, delayed);
      assert.equal(first.status, 200, first.body);
      assert.equal(origin.deliveries.filter((d) => d.headers['webhook-id'] === id).length, 1);

      // The commit is still held back: every duplicate now finds the claim.
      const racing = await Promise.all(Array.from({ length: 20 }, () => post(gw, `/${store}`, body, signed(body, id).headers)));
      for (const r of racing) {
        assert.equal(r.status, 503, r.body);
        assert.equal(r.json.code, 'duplicate_in_flight');
        assert.equal(r.headers['retry-after'], '10');
      }
      assert.equal(origin.deliveries.filter((d) => d.headers['webhook-id'] === id).length, 1, 'no duplicate was forwarded');

      // The first request's log line is written once the commit is done; its latency shows that
      // the answer did not wait for it.
      assert.ok(await eventually(() => gw.requestLogs().some((l) => l.dedupe_key === id && l.dedupe === 'committed'), DELAY_MS + 5000));
      const line = gw.requestLogs().find((l) => l.dedupe_key === id && l.dedupe === 'committed');
      assert.equal(line.status, 200);
      assert.ok(line.latency_ms < DELAY_MS, `answered after ${line.latency_ms} ms, before the ${DELAY_MS} ms commit delay`);

      const later = await post(gw, `/${store}`, body, signed(body, id).headers);
      assert.equal(later.status, 200, later.body);
      assert.equal(later.headers['hookgate-duplicate'], 'true');
      assert.equal(origin.deliveries.filter((d) => d.headers['webhook-id'] === id).length, 1);
    });
  }

  test('the test header never reaches the origin', () => {
    for (const d of origin.deliveries) assert.equal(d.headers['hookgate-dangerous-test-commit-delay-ms'], undefined);
  });
});

describe('the release build ignores the commit-delay header', () => {
  test('the commit lands at once', async () => {
    const origin = await startOrigin({ secret: ORIGIN_SECRET });
    const gw = await startGateway({ config: { routes: routes(origin.url) }, secrets: { SECRET, ORIGIN_SECRET } });
    try {
      const body = '{"release":true}';
      const { id, headers } = signed(body);
      const r = await post(gw, '/durable_object', body, { ...headers, 'hookgate-dangerous-test-commit-delay-ms': '8000' });
      assert.equal(r.status, 200, r.body);
      assert.ok(await eventually(() => gw.requestLogs().some((l) => l.dedupe_key === id && l.dedupe === 'committed'), 3000), 'committed without the delay');
    } finally {
      await gw.dispose();
      await origin.close();
    }
  });
});
