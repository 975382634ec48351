// hookgate/standardwebhooks and hookgate/svix against the real packages: same signatures,
// each verifies what the other signs, same failure messages, plus hookgate's `.code`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { Webhook as RealStandard } from 'standardwebhooks';
import { Webhook as RealSvix } from 'svix';
import { Webhook as Standard, WebhookVerificationError as StandardError } from 'hookgate/standardwebhooks';
import { Webhook as Svix, WebhookVerificationError as SvixError } from 'hookgate/svix';
import { WebhookVerificationError } from 'hookgate';

const require = createRequire(import.meta.url);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PAYLOAD = '{"type":"user.created","name":"Zoë 🎉"}';

function headersFor(sign, prefix) {
  const now = new Date();
  const id = 'msg_2Lh9KRb0pSEbK4ZcgZc3GrOq3eM';
  return { [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(Math.floor(now / 1000)), [`${prefix}-signature`]: sign(id, now, PAYLOAD) };
}

test('sign matches the real packages byte for byte (string, Buffer, raw key)', () => {
  const at = new Date(1_700_000_000_123);
  assert.equal(new Standard(SECRET).sign('msg_1', at, PAYLOAD), new RealStandard(SECRET).sign('msg_1', at, PAYLOAD));
  assert.equal(new Svix(SECRET).sign('msg_1', at, Buffer.from(PAYLOAD)), new RealSvix(SECRET).sign('msg_1', at, Buffer.from(PAYLOAD)));
  const raw = Uint8Array.from([1, 2, 3, 250]);
  assert.equal(new Standard(raw, { format: 'raw' }).sign('m', at, 'x'), new RealStandard(raw, { format: 'raw' }).sign('m', at, 'x'));
  assert.equal(new Standard('key', { format: 'raw' }).sign('m', at, 'x'), new RealStandard('key', { format: 'raw' }).sign('m', at, 'x'));
});

test('each verifies what the other signs, and returns the parsed payload', () => {
  const real = new RealStandard(SECRET);
  const ours = new Standard(SECRET);
  assert.deepEqual(ours.verify(PAYLOAD, headersFor((...a) => real.sign(...a), 'webhook')), JSON.parse(PAYLOAD));
  assert.deepEqual(real.verify(PAYLOAD, headersFor((...a) => ours.sign(...a), 'webhook')), JSON.parse(PAYLOAD));
  assert.equal(ours.verify(PAYLOAD, headersFor((...a) => real.sign(...a), 'webhook'), { jsonParse: false }), undefined);
  const svix = new Svix(SECRET);
  const realSvix = new RealSvix(SECRET);
  for (const prefix of ['svix', 'webhook']) {
    assert.deepEqual(svix.verify(PAYLOAD, headersFor((...a) => realSvix.sign(...a), prefix)), JSON.parse(PAYLOAD));
    assert.deepEqual(realSvix.verify(PAYLOAD, headersFor((...a) => svix.sign(...a), prefix)), JSON.parse(PAYLOAD));
  }
  // Buffer payloads are hashed as bytes.
  assert.deepEqual(svix.verify(Buffer.from(PAYLOAD), headersFor((...a) => realSvix.sign(...a), 'svix')), JSON.parse(PAYLOAD));
});

test('failures: same class and message as the real packages, plus .code', () => {
  const cases = [
    [(h) => ({ ...h, 'webhook-signature': 'v1,AAAA' }), 'No matching signature found', 'no_matching_signature'],
    [(h) => ({ 'webhook-id': h['webhook-id'] }), 'Missing required headers', 'missing_header'],
    [(h) => ({ ...h, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 600) }), null, null],
  ];
  const real = new RealStandard(SECRET);
  const ours = new Standard(SECRET);
  for (const [mutate, message, code] of cases) {
    const h = mutate(headersFor((...a) => real.sign(...a), 'webhook'));
    assert.throws(() => real.verify(PAYLOAD, h), (e) => message === null || e.message === message);
    assert.throws(() => ours.verify(PAYLOAD, h), (e) => {
      assert.ok(e instanceof StandardError && e instanceof WebhookVerificationError);
      if (message !== null) assert.equal(e.message, message);
      if (code !== null) assert.equal(e.code, code);
      return true;
    });
  }
  // A re-signed timestamp 10 minutes old: both call it too old.
  const old = new Date(Date.now() - 600_000);
  const h = { 'webhook-id': 'm', 'webhook-timestamp': String(Math.floor(old / 1000)), 'webhook-signature': real.sign('m', old, PAYLOAD) };
  assert.throws(() => real.verify(PAYLOAD, h), { message: 'Message timestamp too old' });
  assert.throws(() => ours.verify(PAYLOAD, h), (e) => e.message === 'Message timestamp too old' && e.code === 'timestamp_too_old' && e.age_s >= 600);
  assert.equal(SvixError, StandardError);
  // Invalid JSON: a SyntaxError, as from the real packages.
  const text = 'not json';
  const th = { 'webhook-id': 'm', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': real.sign('m', new Date(), text) };
  assert.throws(() => ours.verify(text, th), SyntaxError);
  assert.equal(ours.verify('', { 'webhook-id': 'm', 'webhook-timestamp': th['webhook-timestamp'], 'webhook-signature': real.sign('m', new Date(), '') }), undefined);
});

test('the CommonJS builds of the shims share the classes of the main entry', () => {
  const cjs = require('hookgate/svix');
  const main = require('hookgate');
  assert.equal(cjs.WebhookVerificationError, main.WebhookVerificationError);
  assert.equal(main.WebhookVerificationError, WebhookVerificationError);
  assert.equal(typeof new cjs.Webhook(SECRET).sign('m', new Date(), '{}'), 'string');
});
