// Configuration fails closed: a misconfigured route answers 500 config_invalid and never
// forwards, the other routes keep working, and /healthz reports what is wrong.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

import { startOrigin } from '../demo/origin.mjs';
import { post, startGateway, whsec } from './harness.mjs';

const SECRET = whsec();
const ORIGIN_SECRET = whsec();

/** A custom spec (Standard Webhooks' shape) with `fields` changed. */
const spec = (fields) => ({
  id: 'acme',
  signature: { from: [{ header: 'webhook-signature' }], format: { kind: 'list', separator: ' ', assign: ',' }, algorithms: [{ tag: 'v1', algorithm: 'hmac_sha256', encoding: 'base64', key: { encoding: 'base64', prefix: 'whsec_' } }] },
  signed_content: '{id}.{timestamp}.{body}',
  timestamp: { from: [{ header: 'webhook-timestamp' }], tolerance_s: 300 },
  message_id: [{ header: 'webhook-id' }],
  ...fields,
});

function signed(body) {
  const id = `msg_${randomUUID()}`;
  const date = new Date();
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date / 1000)), 'webhook-signature': new Webhook(SECRET).sign(id, date, body) };
}

describe('misconfigured routes', () => {
  let gw;
  let origin;
  const broken = [
    // [id, route fields, expected reason]
    ['unknown-scheme', { scheme: 'nonesuch' }, 'unknown_scheme'],
    ['missing-secret', { secrets: ['NOT_SET'] }, 'secret_missing'],
    ['no-secrets', { secrets: [] }, 'no_secrets'],
    ['bad-provider-secret', { secrets: ['NOT_BASE64'] }, 'invalid_secret_encoding'],
    ['bad-origin-secret', { origin_secret: 'NOT_BASE64' }, 'origin_secret_invalid'],
    ['transform', { transform: { kind: 'slack_blocks' } }, 'invalid_transform'],
    ['transform-template', { origin_secret: undefined, transform: { platform: 'slack', template: { titel: '{/event_type}' } } }, 'unknown_template_key'],
    ['transform-pointer', { origin_secret: undefined, transform: { platform: 'discord', template: { fields: [{ label: 'x', path: 'payload/x' }] } } }, 'invalid_pointer'],
    ['transform-platform', { origin_secret: undefined, transform: 'teams' }, 'unknown_platform'],
    ['transform-signed', { transform: 'discord' }, 'transform_conflict'],
    ['transform-shadow', { origin_secret: undefined, transform: 'slack', enforce: false }, 'transform_conflict'],
    ['bad-origin', { origin: 'ftp://127.0.0.1/x' }, 'invalid_origin'],
    ['origin-credentials', { origin: 'http://user:pw@127.0.0.1/x' }, 'invalid_origin'],
    ['unlimited-past', { tolerance: { past_s: null, future_s: 300 } }, 'invalid_tolerance'],
    ['short-ttl', { dedupe: { store: 'kv', ttl_s: 30 } }, 'invalid_dedupe'],
    ['ttl-below-tolerance', { tolerance: 7200, dedupe: { ttl_s: 3600 } }, 'invalid_dedupe'],
    ['claim-shorter-than-timeout', { origin_timeout_ms: 60_000 }, 'invalid_dedupe'],
    ['unknown-field', { retries: 3 }, 'route_json'],
    ['missing-store-binding', { dedupe: { store: 'durable_object' } }, 'binding_missing'],
    ['async-no-outbox', { delivery: { mode: 'async' } }, 'binding_missing'],
    ['async-shadow', { delivery: { mode: 'async' }, enforce: false }, 'invalid_delivery'],
    ['async-too-big', { delivery: { mode: 'async' }, max_body_bytes: 4 * 1024 * 1024 }, 'invalid_delivery'],
    ['async-no-delays', { delivery: { mode: 'async', retry: { delays_s: [] } } }, 'invalid_delivery'],
    ['sync-with-retry', { delivery: { mode: 'sync', retry: { max_age_s: 60 } } }, 'invalid_delivery'],
    ['dup-a', { path: '/dup' }, 'duplicate_path'],
    ['dup-b', { path: '/dup' }, 'duplicate_path'],
    // Issue 13: configurations that would half-work.
    ['scheme-id-newline', { scheme: spec({ id: 'x\ny' }) }, 'invalid_spec'],
    ['scheme-id-unicode', { scheme: spec({ id: '✓' }) }, 'invalid_spec'],
    ['unsigned-body', { scheme: spec({ signed_content: '{id}.{timestamp}' }) }, 'invalid_spec'],
    ['dedupe-key-constant', { dedupe: { key: 'constant' } }, 'invalid_dedupe_key'],
    ['dedupe-key-param', { scheme: 'github', dedupe: { key: '{param:t}' } }, 'invalid_dedupe_key'],
    // The runtime serializes the path to /path-space%20x: it could never match.
    ['path-space', { path: '/path-space x' }, 'invalid_path'],
  ];

  before(async () => {
    origin = await startOrigin({ secret: ORIGIN_SECRET });
    const base = (id) => ({ id, path: `/${id}`, scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${origin.url}/in`, origin_secret: 'ORIGIN_SECRET' });
    const routes = [base('good'), ...broken.map(([id, fields]) => ({ ...base(id), ...fields }))];
    gw = await startGateway({
      config: { routes, bindings: { durable_object: 'NO_SUCH_BINDING' } },
      secrets: { SECRET, ORIGIN_SECRET, NOT_BASE64: 'whsec_@@@not-base64@@@' },
    });
  });
  after(async () => {
    await gw?.dispose();
    await origin?.close();
  });

  test('a valid route next to broken ones works', async () => {
    const body = '{"ok":1}';
    const r = await post(gw, '/good', body, signed(body));
    assert.equal(r.status, 200, r.body);
    assert.equal(origin.deliveries.length, 1);
  });

  for (const [id, , reason] of broken) {
    if (id === 'path-space') {
      test(`${id}: no request can reach it (404); /healthz names it (${reason})`, async () => {
        for (const path of ['/path-space x', '/path-space%20x']) {
          const r = await post(gw, path, '{}', signed('{}'));
          assert.equal(r.status, 404, r.body);
        }
      });
      continue;
    }
    test(`${id} → 500 config_invalid (${reason}), nothing forwarded`, async () => {
      const before = origin.deliveries.length;
      const body = '{"x":1}';
      const path = id.startsWith('dup') ? '/dup' : `/${id}`;
      const r = await post(gw, path, body, signed(body));
      assert.equal(r.status, 500, r.body);
      assert.equal(r.json.code, 'config_invalid');
      assert.equal(r.json.reason, reason);
      if (!id.startsWith('dup')) assert.equal(r.json.route, id, 'the answer names the route');
      assert.equal(r.json.detail, undefined, 'details go to the log, not to the sender');
      assert.equal(origin.deliveries.length, before);
    });
  }

  test('/healthz → 500 naming each broken route; the log line has the details', async () => {
    const res = await gw.fetch('/healthz');
    assert.equal(res.status, 500);
    const body = await res.json();
    assert.equal(body.code, 'config_invalid');
    assert.equal(body.routes, broken.length + 1);
    assert.deepEqual(
      body.invalid.map((x) => `${x.route}:${x.reason}`).sort(),
      broken.map(([id, , reason]) => `${id}:${reason}`).sort(),
    );
    const logs = await gw.waitForLogs(broken.length + 3);
    const line = logs.find((l) => l.route === 'missing-secret');
    assert.equal(line.problem.code, 'secret_missing');
    assert.match(line.problem.detail, /NOT_SET/);
  });
});

describe('the configuration as a [vars] table (an object, not a string)', () => {
  test('is read the same way', async () => {
    const origin = await startOrigin({ secret: ORIGIN_SECRET });
    const config = { routes: [{ path: '/t', scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${origin.url}/in`, origin_secret: 'ORIGIN_SECRET' }] };
    const gw = await startGateway({ rawBindings: { HOOKGATE_CONFIG: config, SECRET, ORIGIN_SECRET } });
    try {
      const body = '{"table":true}';
      const r = await post(gw, '/t', body, signed(body));
      assert.equal(r.status, 200, r.body);
      assert.equal(origin.deliveries.length, 1);
    } finally {
      await gw.dispose();
      await origin.close();
    }
  });
});

describe('an unusable configuration document', () => {
  for (const [name, bindings, reason] of [
    ['not JSON', { HOOKGATE_CONFIG: '{ routes: [' }, 'config_json'],
    ['unknown top-level field', { HOOKGATE_CONFIG: JSON.stringify({ routes: [], extra: 1 }) }, 'config_json'],
    ['absent', {}, 'config_missing'],
  ]) {
    test(`${name} → every request 500 config_invalid (${reason})`, async () => {
      const gw = await startGateway({ rawBindings: bindings });
      try {
        for (const [method, path] of [['POST', '/hooks/x'], ['GET', '/healthz']]) {
          const res = await gw.fetch(path, { method, body: method === 'POST' ? '{}' : undefined });
          assert.equal(res.status, 500);
          const body = await res.json();
          assert.equal(body.code, 'config_invalid');
          assert.equal(body.reason, reason);
        }
      } finally {
        await gw.dispose();
      }
    });
  }
});
