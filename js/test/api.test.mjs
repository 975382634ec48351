// The JS API against the build chosen by TEST_WASM (node | web): options, inputs, results and
// errors. Every clock is fixed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { crypto, hookgate, target } from './impl.mjs';
import { testSecret, vectorFiles } from './vectors.mjs';

const { Webhook, sign, detectScheme, schemes, init, initSync, HookgateError, WebhookVerificationError, WebhookConfigError, WebhookPayloadError } = hookgate;

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const NOW = 1_700_000_000;
const ID = 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk';
const BODY = '{"type":"invoice.paid","emoji":"🎉","n":1}';

function signed(body = BODY, { secret = SECRET, timestamp = NOW, id = ID, scheme } = {}) {
  return sign(secret, body, { id, timestamp, ...(scheme ? { scheme } : {}) }).headers;
}

function throwsCode(fn, code, cls = HookgateError) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(e instanceof HookgateError && e instanceof Error);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected an error with code ${code}`);
}

describe(`api (${target} build)`, () => {
  test('known-answer vector shared by svix and standard-webhooks', () => {
    const h = sign('whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD', '{"email":"test@example.com","username":"test_user"}', { id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk', timestamp: 1649367553 }).headers;
    assert.equal(h['webhook-signature'], 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=');
  });

  test('verify returns the documented shape', () => {
    const v = new Webhook(SECRET).verify(BODY, signed(), { now: NOW });
    assert.deepEqual(v, {
      event: JSON.parse(BODY),
      scheme: 'standard_webhooks',
      keyIndex: 0,
      id: ID,
      timestamp: NOW,
      dedupeKey: ID,
      dedupeKeySigned: true,
      replayKey: null,
      bodySigned: true,
      timestampSigned: true,
    });
  });

  test('payload as string, Buffer, Uint8Array, ArrayBuffer and DataView give the same verdict', () => {
    const wh = new Webhook(SECRET, { parse: false });
    const h = signed();
    const bytes = new TextEncoder().encode(BODY);
    for (const payload of [BODY, Buffer.from(BODY), bytes, bytes.slice().buffer, new DataView(bytes.slice().buffer), new Uint8Array([0, ...bytes, 0]).subarray(1, bytes.length + 1)]) {
      assert.equal(wh.verify(payload, h, { now: NOW }).id, ID);
    }
  });

  test('non-UTF-8 bodies verify as bytes; a string is hashed as its UTF-8', () => {
    const raw = Uint8Array.from([0xff, 0xfe, 0x00, 0x80, 0x41]);
    const h = sign(SECRET, raw, { id: ID, timestamp: NOW }).headers;
    assert.equal(new Webhook(SECRET, { parse: false }).verify(raw, h, { now: NOW }).keyIndex, 0);
    // Latin-1 decoding of the same bytes (the classic emoji bug) must not verify.
    const latin1 = Buffer.from(BODY).toString('latin1');
    throwsCode(() => new Webhook(SECRET).verify(latin1, signed(), { now: NOW }), 'no_matching_signature', WebhookVerificationError);
  });

  test('large and non-ASCII strings cross intact (encodeInto growth path)', () => {
    const big = JSON.stringify({ s: 'é😀'.repeat(100_000) + 'x'.repeat(70_000) });
    const v = new Webhook(SECRET).verify(big, signed(big), { now: NOW });
    assert.equal(v.event.s.length, 370_000);
    // A small payload after a large one reuses (and then releases) the buffer.
    assert.equal(new Webhook(SECRET).verify(BODY, signed(), { now: NOW }).id, ID);
  });

  test('headers: Fetch Headers, mixed-case object, Node arrays, Map and pairs', () => {
    const h = signed();
    const wh = new Webhook(SECRET, { parse: false });
    const mixed = { 'Webhook-Id': h['webhook-id'], 'WEBHOOK-TIMESTAMP': h['webhook-timestamp'], 'webhook-Signature': h['webhook-signature'] };
    const arrays = { 'webhook-id': [h['webhook-id']], 'webhook-timestamp': h['webhook-timestamp'], 'webhook-signature': [h['webhook-signature'], 'v1,ignored'] };
    for (const headers of [new Headers(h), mixed, arrays, new Map(Object.entries(h)), Object.entries(h), Object.assign(Object.create(null), h)]) {
      assert.equal(wh.verify(BODY, headers, { now: NOW }).id, ID);
    }
    const e = throwsCode(() => wh.verify(BODY, { 'webhook-id': ID }, { now: NOW }), 'missing_header', WebhookVerificationError);
    assert.equal(e.source, 'webhook-signature');
    assert.equal(e.name, 'WebhookVerificationError');
    assert.deepEqual(e.toJSON(), { code: 'missing_header', name: 'webhook-signature' });
    throwsCode(() => wh.verify(BODY, 'webhook-id: x', { now: NOW }), 'invalid_argument', WebhookConfigError);
    throwsCode(() => wh.verify(BODY, { ...h, 'webhook-id': 42 }, { now: NOW }), 'invalid_argument', WebhookConfigError);
    throwsCode(() => wh.verify(BODY, { ...h, 'webhook-id': 'a\0b' }, { now: NOW }), 'invalid_argument', WebhookConfigError);
  });

  test('secret rotation reports the matching index', () => {
    const wh = new Webhook([OTHER, SECRET], { parse: false });
    assert.equal(wh.verify(BODY, signed(), { now: NOW }).keyIndex, 1);
    assert.equal(wh.verify(BODY, signed(BODY, { secret: OTHER }), { now: NOW }).keyIndex, 0);
  });

  test('timestamp errors carry their numbers; now as Date or seconds', () => {
    const wh = new Webhook(SECRET);
    const old = throwsCode(() => wh.verify(BODY, signed(), { now: NOW + 301 }), 'timestamp_too_old', WebhookVerificationError);
    assert.equal(old.age_s, 301);
    assert.equal(old.tolerance_s, 300);
    const future = throwsCode(() => wh.verify(BODY, signed(), { now: new Date((NOW - 400) * 1000) }), 'timestamp_in_future', WebhookVerificationError);
    assert.deepEqual(future.toJSON(), { code: 'timestamp_in_future', ahead_s: 400, tolerance_s: 300 });
    assert.equal(wh.verify(BODY, signed(), { now: NOW + 300 }).timestamp, NOW);
    assert.equal(wh.verify(BODY, signed(), { now: new Date(NOW * 1000 + 999) }).timestamp, NOW);
    const ms = throwsCode(() => wh.verify(BODY, signed(), { now: NOW * 1000 }), 'invalid_argument', WebhookConfigError);
    assert.match(ms.message, /milliseconds/);
    throwsCode(() => wh.verify(BODY, signed(), { now: NaN }), 'invalid_argument');
    throwsCode(() => wh.verify(BODY, signed(), { now: new Date('nope') }), 'invalid_argument');
    throwsCode(() => wh.verify(BODY, signed(), { now: '1700000000' }), 'invalid_argument');
  });

  test('tolerance: seconds, a window, and the dangerous skip', () => {
    const h = signed();
    assert.equal(new Webhook(SECRET, { tolerance: 1000 }).verify(BODY, h, { now: NOW + 1000 }).id, ID);
    throwsCode(() => new Webhook(SECRET, { tolerance: 10 }).verify(BODY, h, { now: NOW + 11 }), 'timestamp_too_old');
    const window = new Webhook(SECRET, { tolerance: { pastS: 5, futureS: null } });
    assert.equal(window.verify(BODY, h, { now: NOW - 100_000 }).id, ID);
    throwsCode(() => window.verify(BODY, h, { now: NOW + 6 }), 'timestamp_too_old');
    assert.equal(new Webhook(SECRET, { dangerouslySkipTimestampCheck: true }).verify(BODY, h, { now: NOW + 10 ** 9 }).id, ID);
    for (const tolerance of [-1, 1.5, '300', { pastS: 5 }, { pastS: 5, futureS: 5, extra: 1 }, { pastS: -5, futureS: 5 }, [300], true]) {
      throwsCode(() => new Webhook(SECRET, { tolerance }), 'invalid_options', WebhookConfigError);
    }
    throwsCode(() => new Webhook(SECRET, { tolerance: 5, dangerouslySkipTimestampCheck: true }), 'invalid_options');
  });

  test('options are strict: unknown keys and wrong types are errors', () => {
    const e = throwsCode(() => new Webhook(SECRET, { schema: 'stripe' }), 'invalid_options', WebhookConfigError);
    assert.match(e.message, /unknown field `schema`/);
    for (const options of [{ parse: 'yes' }, { scheme: 42 }, { signatureHeader: 7 }, { maxPayloadBytes: -1 }, { dangerouslySkipTimestampCheck: 1 }, 'stripe', [1]]) {
      throwsCode(() => new Webhook(SECRET, options), 'invalid_options', WebhookConfigError);
    }
    // undefined values are "not given", as JS code builds options.
    assert.equal(new Webhook(SECRET, { scheme: undefined, tolerance: undefined, parse: undefined }).scheme, 'standard_webhooks');
    const wh = new Webhook(SECRET);
    throwsCode(() => wh.verify(BODY, signed(), { now: NOW, tolerance: 5 }), 'invalid_options');
    throwsCode(() => wh.verify(BODY, signed(), { url: 5 }), 'invalid_argument');
    const cyclic = {};
    cyclic.self = cyclic;
    throwsCode(() => new Webhook(SECRET, { scheme: cyclic }), 'invalid_options');
  });

  test('secrets: typed configuration errors', () => {
    throwsCode(() => new Webhook(''), 'empty_secret', WebhookConfigError);
    throwsCode(() => new Webhook('whsec_'), 'empty_secret', WebhookConfigError);
    throwsCode(() => new Webhook(` ${SECRET}\n`), 'secret_whitespace', WebhookConfigError);
    throwsCode(() => new Webhook('whsec_!!!'), 'invalid_secret_encoding', WebhookConfigError);
    throwsCode(() => new Webhook([]), 'no_secrets', WebhookConfigError);
    throwsCode(() => new Webhook(42), 'invalid_argument', WebhookConfigError);
    throwsCode(() => new Webhook([SECRET, 42]), 'invalid_argument', WebhookConfigError);
    throwsCode(() => new Webhook(SECRET, { scheme: 'nope' }), 'unknown_scheme', WebhookConfigError);
  });

  test('payload guard: parsed objects, wrong types, size limit', () => {
    const wh = new Webhook(SECRET, { maxPayloadBytes: 64 });
    const parsed = throwsCode(() => wh.verify(JSON.parse(BODY), signed(), { now: NOW }), 'body_already_parsed', WebhookConfigError);
    assert.match(parsed.message, /raw body/);
    for (const payload of [undefined, null, 42, true, Symbol('x')]) throwsCode(() => wh.verify(payload, signed(), { now: NOW }), 'invalid_argument');
    const big = 'x'.repeat(65);
    const e = throwsCode(() => wh.verify(big, signed(big), { now: NOW }), 'payload_too_large', WebhookConfigError);
    assert.equal(e.limit, 64);
    throwsCode(() => wh.verify('é'.repeat(40), signed('é'.repeat(40)), { now: NOW }), 'payload_too_large');
    assert.equal(wh.verify(BODY, signed(), { now: NOW }).id, ID);
  });

  test('parse: the default goes by Content-Type, or by the first byte without one', () => {
    const wh = new Webhook(SECRET);
    const event = (body, headers = {}) => wh.verify(body, { ...signed(body), ...headers }, { now: NOW }).event;
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    assert.deepEqual(event(BODY), JSON.parse(BODY), 'no type, first byte {');
    assert.deepEqual(event(' \n[1,2]'), [1, 2], 'no type, first byte [ after whitespace');
    assert.deepEqual(event(Buffer.from(BODY), json), JSON.parse(BODY));
    assert.deepEqual(event('{"a":1}', { 'content-type': 'application/cloudevents+json' }), { a: 1 });
    assert.equal(event(''), undefined);
    assert.equal(event('', json), undefined);
    assert.equal(event('hello'), undefined, 'no type, not JSON: no event');
    assert.equal(event('{"a":1}', { 'content-type': 'text/plain' }), undefined, 'a type that is neither');
    assert.equal(event('a=1', { 'content-type': 'application/octet-stream' }), undefined);
    // Forms (Twilio, Slack commands and interactions, Mailgun): fields; repeats as arrays.
    const twilio = 'AccountSid=AC1&Body=Hello+w%C3%B6rld&To=%2B15551234567&MediaUrl=a&MediaUrl=b&__proto__=x';
    const fields = event(twilio, form);
    assert.deepEqual({ ...fields }, { AccountSid: 'AC1', Body: 'Hello wörld', To: '+15551234567', MediaUrl: ['a', 'b'], ['__proto__']: 'x' });
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
    const slack = `payload=${encodeURIComponent('{"type":"block_actions","user":{"id":"U1"}}')}`;
    assert.deepEqual(event(slack, form), { payload: '{"type":"block_actions","user":{"id":"U1"}}' }, "Slack's payload stays a string");
    // Header shapes: Headers, Map, pairs, and Node's arrays.
    assert.deepEqual(wh.verify('a=1', new Headers({ ...signed('a=1'), ...form }), { now: NOW }).event, { a: '1' });
    assert.deepEqual(wh.verify('a=1', new Map(Object.entries({ ...signed('a=1'), ...form })), { now: NOW }).event, { a: '1' });
    assert.deepEqual(wh.verify('a=1', { ...signed('a=1'), 'content-type': ['application/x-www-form-urlencoded'] }, { now: NOW }).event, { a: '1' });
  });

  test('parse: json, form and false whatever the type says; true is auto', () => {
    const at = (parse, body, headers = {}) => new Webhook(SECRET, { parse }).verify(body, { ...signed(body), ...headers }, { now: NOW }).event;
    assert.deepEqual(at('json', '{"a":1}', { 'content-type': 'text/plain' }), { a: 1 });
    assert.deepEqual(at('form', 'a=1&a=2&b=', { 'content-type': 'application/json' }), { a: ['1', '2'], b: '' });
    assert.equal(at(false, BODY), undefined);
    assert.deepEqual(at(true, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }), { a: '1' });
    assert.equal(at('json', ''), undefined);
    for (const parse of ['JSON', 'yaml', 1, {}]) throwsCode(() => new Webhook(SECRET, { parse }), 'invalid_options', WebhookConfigError);
  });

  test('parse: an authentic payload that does not parse is a WebhookPayloadError, never a verification error', () => {
    const body = '{"type":"x",';
    const e = throwsCode(() => new Webhook(SECRET).verify(body, { ...signed(body), 'content-type': 'application/json' }, { now: NOW }), 'invalid_json', WebhookPayloadError);
    assert.ok(!(e instanceof WebhookVerificationError) && !(e instanceof WebhookConfigError));
    assert.ok(e.cause instanceof SyntaxError);
    assert.deepEqual(e.result, { event: undefined, scheme: 'standard_webhooks', keyIndex: 0, id: ID, timestamp: NOW, dedupeKey: ID, dedupeKeySigned: true, replayKey: null, bodySigned: true, timestampSigned: true });
    assert.deepEqual(e.toJSON(), { code: 'invalid_json' });
    // Sniffed JSON that is not: the same error; a forged body is still a forgery.
    throwsCode(() => new Webhook(SECRET).verify('[oops', signed('[oops'), { now: NOW }), 'invalid_json', WebhookPayloadError);
    throwsCode(() => new Webhook(SECRET).verify('[oops', signed('[ok]'), { now: NOW }), 'no_matching_signature', WebhookVerificationError);
  });

  test('schemes without an id dedupe on the body hash; body-carried ids are found', () => {
    const gh = new Webhook('It\u2019s a Secret to Everybody', { scheme: 'github', parse: false });
    const h = sign('It\u2019s a Secret to Everybody', BODY, { scheme: 'github' }).headers;
    const v = gh.verify(BODY, h);
    assert.equal(v.dedupeKey, `sha256:${createHash('sha256').update(BODY).digest('hex')}`);
    assert.equal(v.id, null);
    assert.equal(v.timestamp, null);
    const stripeBody = '{"id":"evt_123","object":"event"}';
    const sh = sign('whsec_test', stripeBody, { scheme: 'stripe', timestamp: NOW }).headers;
    const sv = new Webhook('whsec_test', { scheme: 'stripe' }).verify(stripeBody, sh, { now: NOW });
    assert.equal(sv.dedupeKey, 'evt_123');
    assert.equal(sv.event.id, 'evt_123');
  });

  test('custom scheme spec objects, validated strictly', () => {
    const spec = {
      id: 'acme',
      name: 'Acme',
      signature: { from: [{ header: 'x-acme-signature' }], format: { kind: 'value', prefix: 'sha256=' }, algorithms: [{ algorithm: 'hmac_sha256', encoding: 'hex' }] },
      signed_content: '{timestamp}.{body}',
      timestamp: { from: [{ header: 'x-acme-timestamp' }], tolerance_s: 60 },
      message_id: [{ header: 'x-acme-delivery' }],
    };
    const h = sign('acme-secret', BODY, { scheme: spec, timestamp: NOW, id: 'd-1' }).headers;
    assert.deepEqual(Object.keys(h).sort(), ['x-acme-delivery', 'x-acme-signature', 'x-acme-timestamp']);
    const v = new Webhook('acme-secret', { scheme: spec }).verify(BODY, h, { now: NOW + 60 });
    assert.equal(v.scheme, 'acme');
    assert.equal(v.id, 'd-1');
    throwsCode(() => new Webhook('acme-secret', { scheme: spec }).verify(BODY, h, { now: NOW + 61 }), 'timestamp_too_old');
    const typo = { ...spec, timestamp: { ...spec.timestamp, tolerence_s: 5 } };
    const e = throwsCode(() => new Webhook('s', { scheme: typo }), 'invalid_spec_json', WebhookConfigError);
    assert.match(e.message, /tolerence_s/);
    throwsCode(() => new Webhook('s', { scheme: { ...spec, signed_content: '{nope}' } }), 'invalid_spec', WebhookConfigError);
    // The built-in specs are valid custom specs.
    const stripe = schemes().find((s) => s.id === 'stripe');
    assert.equal(new Webhook('whsec_x', { scheme: stripe }).scheme, 'stripe');
  });

  test('signatureHeader moves the generic scheme to another header', () => {
    const h = sign('k', BODY, { scheme: 'generic_hmac_sha256', signatureHeader: 'X-Custom-Sig' }).headers;
    assert.ok(h['x-custom-sig'].startsWith('sha256='));
    const wh = new Webhook('k', { scheme: 'generic_hmac_sha256', signatureHeader: 'X-Custom-Sig', parse: false });
    assert.equal(wh.verify(BODY, { 'X-Custom-Sig': h['x-custom-sig'] }).keyIndex, 0);
    throwsCode(() => new Webhook('k', { scheme: 'generic_hmac_sha256', signatureHeader: 'bad header' }), 'invalid_options');
  });

  test('schemes that sign the URL and method take them per call', () => {
    const url = 'https://example.com/hooks/square?x=1';
    const h = sign('sq', BODY, { scheme: 'square', url }).headers;
    const wh = new Webhook('sq', { scheme: 'square', parse: false });
    throwsCode(() => wh.verify(BODY, h), 'missing_url', WebhookVerificationError);
    assert.equal(wh.verify(BODY, h, { url }).keyIndex, 0);
    throwsCode(() => wh.verify(BODY, h, { url: `${url}&y=2` }), 'no_matching_signature');
  });

  test('verifyRequest reads the raw bytes once, with URL and method', async () => {
    const url = 'https://example.com/hooks/square';
    const h = sign('sq', BODY, { scheme: 'square', url }).headers;
    const wh = new Webhook('sq', { scheme: 'square' });
    const v = await wh.verifyRequest(new Request(url, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: BODY }));
    assert.deepEqual(v.event, JSON.parse(BODY));
    const used = new Request(url, { method: 'POST', headers: h, body: BODY });
    await used.text();
    await assert.rejects(wh.verifyRequest(used), (e) => e instanceof WebhookConfigError && e.code === 'body_already_parsed');
    await assert.rejects(wh.verifyRequest({}), (e) => e.code === 'invalid_argument');
    const sw = new Webhook(SECRET);
    const r = new Request('https://example.com/', { method: 'POST', headers: signed(), body: BODY });
    assert.equal((await sw.verifyRequest(r, { now: NOW })).id, ID);
  });

  test('sign: every built-in scheme that can sign round-trips through verify', () => {
    for (const spec of schemes()) {
      const algorithm = spec.signature.algorithms[0].algorithm;
      const secret = testSecret(spec);
      if (algorithm === 'ecdsa_p256_sha256') {
        throwsCode(() => sign(secret, BODY, { scheme: spec.id }), 'unsupported_for_signing');
        continue;
      }
      const form = spec.id === 'twilio' || spec.id === 'mailgun' ? 'a=1&b=2' : BODY;
      const opts = { scheme: spec.id, id: 'msg-1', timestamp: NOW, url: 'https://example.com/h', method: 'POST' };
      const s = sign(secret, form, opts);
      let body = form;
      if (Object.keys(s.bodyFields).length > 0) body = `${form}&${new URLSearchParams(s.bodyFields)}`;
      if (algorithm === 'ed25519') continue; // signed with a seed; verified with public keys in the vectors
      const v = new Webhook(secret, { scheme: spec.id, parse: false }).verify(body, s.headers, { now: NOW, url: opts.url, method: opts.method });
      assert.equal(v.keyIndex, 0, spec.id);
    }
    throwsCode(() => sign(SECRET, BODY, { timestamp: NOW }), 'missing_id', WebhookConfigError);
    throwsCode(() => sign(SECRET, BODY, { id: 'a.b', timestamp: NOW }), 'invalid_id', WebhookConfigError);
    throwsCode(() => sign(SECRET, BODY, { id: ID, timestamp: NOW * 1000 }), 'invalid_argument');
    throwsCode(() => sign(SECRET, BODY, { id: ID, stamp: NOW }), 'invalid_options');
    throwsCode(() => sign(42, BODY), 'invalid_argument');
    // Without a timestamp, now is signed.
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs(Number(sign(SECRET, BODY, { id: ID }).headers['webhook-timestamp']) - now) <= 2);
    // Date timestamps.
    assert.equal(sign(SECRET, BODY, { id: ID, timestamp: new Date(NOW * 1000) }).headers['webhook-timestamp'], String(NOW));
  });

  test('Webhook#sign uses the first secret and the scheme', () => {
    const wh = new Webhook([SECRET, OTHER], { scheme: 'svix' });
    const s = wh.sign(BODY, { id: ID, timestamp: NOW });
    assert.ok('svix-signature' in s.headers);
    assert.equal(wh.verify(BODY, s.headers, { now: NOW }).keyIndex, 0);
    assert.equal(String(wh), 'Webhook { scheme: svix, secrets: [REDACTED] }');
  });

  test('detectScheme ranks the candidates', () => {
    assert.deepEqual(detectScheme(new Headers({ 'Stripe-Signature': 't=1,v1=ab', 'content-type': 'application/json' })).map((d) => d.scheme), ['stripe']);
    const sw = detectScheme(signed());
    assert.equal(sw[0].scheme, 'standard_webhooks');
    assert.deepEqual(sw[0].evidence, ['webhook-signature', 'webhook-timestamp', 'webhook-id']);
    assert.deepEqual(detectScheme({}), []);
    assert.deepEqual(detectScheme({ 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00', 'x-github-delivery': 'd' })[0].scheme, 'github');
    // Shared headers: what the value's grammar tells apart, and what it cannot.
    const hub = detectScheme({ 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` });
    assert.equal(hub[0].scheme, 'github');
    assert.ok(hub[0].wellFormed);
    assert.ok(['facebook', 'whatsapp', 'instagram', 'facebook_messenger'].every((id) => hub[0].ambiguousWith.includes(id)));
    const gc = detectScheme({ 'webhook-signature': 'ab'.repeat(32) });
    assert.equal(gc[0].scheme, 'gocardless');
    assert.deepEqual(gc[0].ambiguousWith, []);
    assert.ok(gc.slice(1).every((d) => !d.wellFormed), 'a bare hex value is no Standard Webhooks signature');
    const teams = detectScheme({ authorization: `HMAC ${btoa('x'.repeat(32))}` });
    assert.deepEqual([teams[0].scheme, teams[0].aliases], ['microsoft_teams', ['teams', 'ms_teams']]);
    assert.deepEqual(teams.map((d) => d.scheme), ['microsoft_teams', 'okta', 'chargebee']);
    const mailgun = detectScheme({ 'content-type': 'application/x-www-form-urlencoded' }, 'timestamp=1&token=t&signature=00');
    assert.ok(mailgun.some((d) => d.scheme === 'mailgun'));
    throwsCode(() => detectScheme('nope'), 'invalid_argument');
  });

  test('schemes() lists the registry in the spec shape', () => {
    const all = schemes();
    assert.equal(all.length, vectorFiles().length, 'one vector file per scheme');
    assert.equal(new Set(all.map((s) => s.id)).size, all.length);
    assert.ok(all.every((s) => typeof s.id === 'string' && s.signature && typeof s.signed_content === 'string'));
    all[0].id = 'mutated';
    assert.equal(schemes()[0].id, 'standard_webhooks');
  });

  test('init is idempotent and initSync a no-op once loaded', async () => {
    await init();
    await init();
    initSync(new Uint8Array(0));
    assert.equal(new Webhook(SECRET).scheme, 'standard_webhooks');
  });
});

describe(`large payloads (${target} build${target === 'node' ? `, node:crypto ${crypto}` : ''})`, () => {
  // Above the Node build's threshold the MAC is node:crypto's, and the body stays where it is
  // unless the scheme reads it; in the web build everything is wasm. The verdicts are the same.
  const big = (n, unit = 'x') => `{"type":"big","pad":"${unit.repeat(n)}"}`;

  test('held bodies (string, Buffer, non-ASCII, a lone surrogate) and bodies the scheme reads', () => {
    const wh = new Webhook(SECRET);
    for (const body of [big(64 << 10), big(20000, 'é🎉'), big(5000, '\ud800')]) {
      // A lone surrogate is hashed as U+FFFD, as TextEncoder and node:crypto both write it.
      const bytes = new TextEncoder().encode(body);
      const h = sign(SECRET, bytes, { id: ID, timestamp: NOW }).headers;
      for (const payload of [body, Buffer.from(bytes), bytes.buffer]) {
        const v = wh.verify(payload, h, { now: NOW });
        assert.equal(v.id, ID);
        assert.equal(v.event.type, 'big');
      }
      throwsCode(() => wh.verify(`${body} `, h, { now: NOW }), 'no_matching_signature', WebhookVerificationError);
      throwsCode(() => wh.verify(body, h, { now: NOW + 3600 }), 'timestamp_too_old', WebhookVerificationError);
    }
    // Stripe reads its event id from the body; Twilio signs form parameters.
    const stripeBody = `{"id":"evt_big","pad":"${'y'.repeat(40000)}"}`;
    const sh = sign('whsec_test', stripeBody, { scheme: 'stripe', timestamp: NOW }).headers;
    assert.equal(new Webhook('whsec_test', { scheme: 'stripe' }).verify(stripeBody, sh, { now: NOW }).dedupeKey, 'evt_big');
    const url = 'https://example.com/twilio';
    const form = `Body=${'z'.repeat(30000)}&From=%2B1555`;
    const th = sign('token', form, { scheme: 'twilio', url }).headers;
    const tv = new Webhook('token', { scheme: 'twilio' }).verify(form, { ...th, 'content-type': 'application/x-www-form-urlencoded' }, { url });
    assert.equal(tv.event.From, '+1555');
  });

  test('the body-hash dedupe key is computed when read, from the payload given', () => {
    const secret = 'It\u2019s a Secret to Everybody';
    for (const body of ['{"small":1}', big(100000)]) {
      const v = new Webhook(secret, { scheme: 'github', parse: false }).verify(Buffer.from(body), sign(secret, body, { scheme: 'github' }).headers);
      const want = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      assert.equal(v.dedupeKey, want);
      assert.equal(v.dedupeKey, want, 'read twice');
      assert.deepEqual(JSON.parse(JSON.stringify(v)).dedupeKey, want);
    }
  });

  test('payload_too_large is the same error with the body held', () => {
    const wh = new Webhook(SECRET, { maxPayloadBytes: 10000 });
    const e = throwsCode(() => wh.verify('x'.repeat(10001), signed('x'.repeat(10001)), { now: NOW }), 'payload_too_large', WebhookConfigError);
    assert.equal(e.limit, 10000);
    const multi = 'é'.repeat(6000); // 6000 UTF-16 units, 12000 bytes
    assert.equal(throwsCode(() => wh.verify(multi, signed(multi), { now: NOW }), 'payload_too_large').size, 12000);
    assert.equal(wh.verify('x'.repeat(10000), signed('x'.repeat(10000)), { now: NOW }).keyIndex, 0);
  });

  test('several APIs over one module share its host-crypto state', { skip: target !== 'node' }, async () => {
    // What the bench does: the default entry and another API (node:crypto for every size) on
    // the same wasm module, alternating.
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const { createApi } = require('../dist/cjs/api.cjs');
    const nodeCrypto = await import('node:crypto');
    const glue = require('../dist/node/hookgate_wasm.js');
    const other = createApi({ verify: () => glue, tools: () => glue, host: { crypto: () => nodeCrypto, minBytes: 0, byteLength: (t) => Buffer.byteLength(t) } });
    const body = `{"id":"evt_shared","pad":"${'s'.repeat(20000)}"}`;
    const h = sign('whsec_test', body, { scheme: 'stripe', timestamp: NOW }).headers;
    const ours = new Webhook('whsec_test', { scheme: 'stripe', parse: false });
    const theirs = new other.Webhook('whsec_test', { scheme: 'stripe', parse: false });
    for (let i = 0; i < 3; i++) {
      assert.equal(theirs.verify(body, h, { now: NOW }).id, 'evt_shared');
      assert.equal(ours.verify(body.slice(0, 100), sign('whsec_test', body.slice(0, 100), { scheme: 'stripe', timestamp: NOW }).headers, { now: NOW }).keyIndex, 0);
      assert.equal(ours.verify(body, h, { now: NOW }).id, 'evt_shared');
    }
  });

  test('a failure of node:crypto is an internal error, never a verdict', { skip: target !== 'node' || crypto === 'never' }, async () => {
    const { default: nodeCrypto } = await import('node:crypto');
    const original = nodeCrypto.createHmac;
    const body = big(64 << 10);
    const h = signed(body);
    nodeCrypto.createHmac = () => {
      throw new Error('simulated');
    };
    try {
      const e = throwsCode(() => new Webhook(SECRET).verify(body, h, { now: NOW }), 'internal_error');
      assert.ok(!(e instanceof WebhookVerificationError));
      assert.match(e.message, /simulated/);
    } finally {
      nodeCrypto.createHmac = original;
    }
    assert.equal(new Webhook(SECRET).verify(body, h, { now: NOW }).id, ID, 'nothing stays borrowed');
  });
});
