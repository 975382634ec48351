// hookgate/standardwebhooks and hookgate/svix against the real packages: same signatures,
// each verifies what the other signs, same failure messages, plus hookgate's `.code`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import util from 'node:util';
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

/** What a call did: its value, or the class and message of what it threw. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { threw: e?.constructor?.name, message: e?.message };
  }
}

test('constructor: the same secrets accepted, the same errors (class and message) for the rest', () => {
  const at = new Date(1_700_000_000_000);
  const secrets = ['', 'whsec_', 'whsec_!!!!', 'whsec_abc', 'whsec_ YWJj', ' whsec_YWJj', 'whsec_YWJj ', 'whsec_YWJj\n', 'YWJj', 'whsec_YW Jj', 'whsec_YQ', 'whsec_YQ==', 'whsec_YQ===', 'whsec_-_8=', 'whsec_YW=j', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', SECRET, 'whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=', 123, null, undefined, {}];
  const raws = ['', new Uint8Array(0), 'k', 'ÿé', Uint8Array.from([1, 2, 250]), Buffer.from('key'), 123, null];
  const cases = [...secrets.map((s) => [s, undefined]), ...raws.map((s) => [s, { format: 'raw' }])];
  const empty = { threw: 'Error', message: "Secret can't be empty." };
  for (const [Real, Ours, flavour] of [[RealStandard, Standard, 'standardwebhooks'], [RealSvix, Svix, 'svix']]) {
    for (const [secret, options] of cases) {
      const sign = (W) => outcome(() => new W(secret, options).sign('msg_1', at, '{"a":1}'));
      // svix accepts a key that decodes to nothing (`whsec_`, raw `123`), where
      // standardwebhooks 1.1 refuses it: anyone can sign with an empty key, so ours refuse it.
      const emptyKey = flavour === 'svix' && sign(Real).value !== undefined && util.isDeepStrictEqual(sign(RealStandard), empty);
      const want = emptyKey ? empty : sign(Real);
      assert.deepEqual(sign(Ours), want, `${flavour} ${JSON.stringify(secret)} ${JSON.stringify(options)}`);
    }
  }
  assert.throws(() => new Standard(''), (e) => e.constructor === Error && e.message === "Secret can't be empty.");
  assert.throws(() => new Svix('whsec_'), (e) => e.constructor === Error && e.message === "Secret can't be empty.");
});

test('verify: the same result or the same error (class and message) as the real packages', () => {
  const real = new RealStandard(SECRET);
  const now = Math.floor(Date.now() / 1000);
  const make = (id, seconds, body, prefix = 'webhook') => ({ [`${prefix}-id`]: id, [`${prefix}-timestamp`]: String(seconds), [`${prefix}-signature`]: real.sign(id, new Date(seconds * 1000), body) });
  const good = make('msg_1', now, PAYLOAD);
  const without = (h, k) => Object.fromEntries(Object.entries(h).filter(([name]) => name !== k));
  const cases = [
    ['valid', PAYLOAD, good],
    ['valid, Buffer', Buffer.from(PAYLOAD), good],
    ['valid, header names in any case', PAYLOAD, Object.fromEntries(Object.entries(good).map(([k, v]) => [k.toUpperCase(), v]))],
    ['valid, svix-* headers', PAYLOAD, make('msg_1', now, PAYLOAD, 'svix')],
    ['valid, empty body', '', make('m', now, '')],
    ['verified, not JSON', 'not json', make('m', now, 'not json')],
    ['missing id', PAYLOAD, without(good, 'webhook-id')],
    ['missing timestamp', PAYLOAD, without(good, 'webhook-timestamp')],
    ['missing signature', PAYLOAD, without(good, 'webhook-signature')],
    ['empty id', PAYLOAD, { ...good, 'webhook-id': '' }],
    ['no headers', PAYLOAD, {}],
    ['timestamp not a number', PAYLOAD, { ...good, 'webhook-timestamp': 'hello' }],
    ['timestamp with trailing text, signed as parsed', PAYLOAD, { ...make('m', now, PAYLOAD), 'webhook-timestamp': `${now}abc` }],
    ['timestamp 10 minutes old, re-signed', PAYLOAD, make('m', now - 600, PAYLOAD)],
    ['timestamp 295 s old', PAYLOAD, make('m', now - 295, PAYLOAD)],
    ['timestamp 10 minutes ahead', PAYLOAD, make('m', now + 600, PAYLOAD)],
    ['forged and stale: the timestamp is judged first', PAYLOAD, { ...make('m', now - 600, PAYLOAD), 'webhook-signature': 'v1,AAAA' }],
    ['wrong signature', PAYLOAD, { ...good, 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' }],
    ['partial signature', PAYLOAD, { ...good, 'webhook-signature': good['webhook-signature'].slice(0, 8) }],
    ['empty v1', PAYLOAD, { ...good, 'webhook-signature': 'v1,' }],
    ['v2 only', PAYLOAD, { ...good, 'webhook-signature': good['webhook-signature'].replace('v1,', 'v2,') }],
    ['several signatures, one valid', PAYLOAD, { ...good, 'webhook-signature': `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,x ${good['webhook-signature']} v1,AAAA` }],
    ['tampered body', `${PAYLOAD} `, good],
  ];
  const flavours = [
    ['standardwebhooks', new RealStandard(SECRET), new Standard(SECRET), undefined],
    ['standardwebhooks, jsonParse: false', new RealStandard(SECRET), new Standard(SECRET), { jsonParse: false }],
    ['svix', new RealSvix(SECRET), new Svix(SECRET), undefined],
    ['svix ignores options', new RealSvix(SECRET), new Svix(SECRET), { jsonParse: false }],
  ];
  for (const [flavour, theirs, ours, options] of flavours) {
    for (const [name, payload, headers] of cases) {
      const want = outcome(() => theirs.verify(payload, headers, options));
      const got = outcome(() => ours.verify(payload, headers, options));
      assert.deepEqual(got, want, `${flavour}: ${name}`);
    }
  }
  // Ours also say why, with hookgate's codes and fields.
  const old = make('m', now - 600, PAYLOAD);
  assert.throws(() => new Standard(SECRET).verify(PAYLOAD, old), (e) => e instanceof StandardError && e instanceof WebhookVerificationError && e.code === 'timestamp_too_old' && e.age_s >= 600);
  assert.throws(() => new Standard(SECRET).verify(PAYLOAD, { ...good, 'webhook-signature': 'v1,AAAA' }), (e) => e.code === 'no_matching_signature');
  assert.equal(SvixError, StandardError);
  // More than they take: a Fetch Headers.
  assert.deepEqual(new Standard(SECRET).verify(PAYLOAD, new Headers(good)), JSON.parse(PAYLOAD));
});

test('the CommonJS builds of the shims share the classes of the main entry', () => {
  const cjs = require('hookgate/svix');
  const main = require('hookgate');
  assert.equal(cjs.WebhookVerificationError, main.WebhookVerificationError);
  assert.equal(main.WebhookVerificationError, WebhookVerificationError);
  assert.equal(typeof new cjs.Webhook(SECRET).sign('m', new Date(), '{}'), 'string');
});
