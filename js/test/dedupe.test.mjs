// Issue 13 in the npm package, against the build chosen by TEST_WASM (node | web): what a
// verified request's signature covers (`bodySigned`, `dedupeKeySigned`, `timestampSigned`), the
// replay key, the `dedupeKey` option, `GatewayWebhook` (hookgate's body and metadata signatures)
// and recovery from a trap. The shared cases are tests/vectors/dedupe/{replays,forwarded}.json,
// also run by the Rust and Worker suites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { hookgate, target } from './impl.mjs';

const { Webhook, GatewayWebhook, sign, dangerousTestTrap, WebhookVerificationError, WebhookConfigError } = hookgate;

const load = (name) => JSON.parse(readFileSync(new URL(`../../tests/vectors/dedupe/${name}`, import.meta.url), 'utf8'));
const bodyOf = (req) => (req.body_b64 !== undefined ? Buffer.from(req.body_b64, 'base64') : req.body);
const nowOf = (req) => (req.now_ms !== undefined ? req.now_ms / 1000 : req.now);

function facts(webhook, req) {
  const r = webhook.verify(bodyOf(req), req.headers, { now: nowOf(req), ...(req.url ? { url: req.url } : {}) });
  return { body_signed: r.bodySigned, dedupe_key_signed: r.dedupeKeySigned, timestamp_signed: r.timestampSigned, dedupe_key: r.dedupeKey, replay_key: r.replayKey };
}

/** The npm result carries the replay key only when the dedupe key is not signed. */
function npmShape(expect, signed) {
  return { ...expect, replay_key: signed ? null : expect.replay_key };
}

describe(`dedupe facts (${target} build)`, () => {
  for (const c of load('replays.json').cases) {
    test(c.name, () => {
      const webhook = new Webhook(c.request.secrets, { scheme: c.scheme, parse: false, ...(c.dedupe_key_template ? { dedupeKey: c.dedupe_key_template } : {}) });
      const first = facts(webhook, c.request);
      assert.deepEqual(first, npmShape(c.expect, c.expect.dedupe_key_signed));
      if (c.again) {
        const again = facts(webhook, c.again.request);
        assert.equal(again.dedupe_key, c.again.expect.dedupe_key);
        // What a Node origin deduping on [dedupeKey, replayKey] sees: a duplicate.
        const claimed = new Set([first.dedupe_key, first.replay_key].filter(Boolean));
        assert.ok([again.dedupe_key, again.replay_key].some((k) => k && claimed.has(k)), 'the second request is a duplicate');
        if (!c.expect.dedupe_key_signed) assert.equal(again.replay_key, c.again.expect.replay_key);
      }
    });
  }

  test('dedupeKey: templates and sources, refused when they cannot work', () => {
    const secret = 'It\'s a Secret to Everybody';
    const body = '{"data":{"verification_id":"ver_1"},"type":"completed"}';
    const headers = { ...sign(secret, body, { scheme: 'github' }).headers, 'x-github-delivery': 'd-1', 'x-request-id': 'r-1' };
    const key = (dedupeKey) => new Webhook(secret, { scheme: 'github', dedupeKey, parse: false }).verify(body, headers);
    assert.equal(key('{json:/data/verification_id}:{json:/type}').dedupeKey, 'ver_1:completed');
    assert.equal(key([{ json: '/missing' }, { header: 'X-Request-Id' }]).dedupeKey, 'r-1');
    assert.equal(key([{ json: '/missing' }]).dedupeKey, 'd-1', 'none present: the scheme\'s key');
    for (const [dedupeKey, code] of [
      ['constant', 'invalid_dedupe_key'],
      ['{jsn:/id}', 'invalid_dedupe_key'],
      ['{param:t}', 'invalid_dedupe_key'],
      [[{ body: '/id' }], 'invalid_options'],
      [[{ json: '/id', header: 'x' }], 'invalid_options'],
      [42, 'invalid_options'],
    ]) {
      assert.throws(() => new Webhook(secret, { scheme: 'github', dedupeKey }), (e) => e instanceof WebhookConfigError && e.code === code, JSON.stringify(dedupeKey));
    }
  });
});

describe(`GatewayWebhook (${target} build)`, () => {
  for (const c of load('forwarded.json').cases) {
    test(c.name, () => {
      const gw = new GatewayWebhook(c.secrets);
      const run = () => gw.verify(c.body, c.headers, { now: c.now });
      if (c.expect.ok) {
        const r = run();
        const { ok } = c.expect;
        assert.deepEqual(
          { id: r.id, timestamp: r.timestamp, scheme: r.scheme, dedupe_key: r.dedupeKey, dedupe_key_signed: r.dedupeKeySigned, body_signed: r.bodySigned },
          ok,
        );
        assert.deepEqual(r.event, JSON.parse(c.body));
      } else {
        assert.throws(run, (e) => {
          assert.ok(e instanceof WebhookVerificationError, e.message);
          for (const [k, v] of Object.entries(c.expect.error)) assert.equal(k === 'name' ? e.source : e[k], v, k);
          return true;
        });
      }
    });
  }

  test('options that do not apply are refused', () => {
    assert.throws(() => new GatewayWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { scheme: 'stripe' }), WebhookConfigError);
  });
});

describe(`trap recovery (${target} build)`, () => {
  test('after a trap, the next call runs on a fresh instance', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"id":1}';
    const headers = sign(secret, body, { id: 'msg_1', timestamp: 1_700_000_000 }).headers;
    const webhook = new Webhook(secret);
    const custom = new Webhook(secret, { dedupeKey: '{json:/id}' }); // the tools module
    const check = () => {
      assert.equal(webhook.verify(body, headers, { now: 1_700_000_000 }).id, 'msg_1');
      assert.equal(custom.verify(body, headers, { now: 1_700_000_000 }).dedupeKey, '1');
    };
    check();
    for (let i = 0; i < 3; i++) {
      // The trap happens while the body buffer's RefCell is borrowed: on the old instance every
      // later call would fail with `reentered`.
      assert.throws(() => dangerousTestTrap(), (e) => e.code === 'internal_error');
      check();
      assert.equal(new Webhook(secret).verify(body, headers, { now: 1_700_000_000 }).keyIndex, 0);
    }
  });
});
