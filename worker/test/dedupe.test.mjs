// Issue 13 through the built Worker in workerd, with real local KV and Durable Objects and a real
// origin on 127.0.0.1 that checks hookgate's body and metadata signatures (GatewayWebhook):
//   - a captured delivery sent again under a fresh id is a duplicate (the shared cases of
//     tests/vectors/dedupe/replays.json: GitHub, Shopify, VEM, Twilio, Linear, the "Self"
//     platform's route dedupe key, Mailgun, a token), sync and async, on either store;
//   - hookgate-webhook-id derives from signed data only;
//   - a tampered Mailgun body is forwarded only with hookgate-body-signed: false (and
//     hookgate-verified: partial, never true);
//   - a route dedupe key as a template; a shadow route's credentials only when allowed by name;
//   - forged requests cost little: a missing signature header is refused before the body is
//     read (30 MiB), a header of 175 signatures is refused unchecked, header limits, and
//     concurrent maximum-size forged bodies get 401/413/503 while the isolate keeps serving;
//   - dedupe records (and stored async events) survive a change of durable_object_shards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';

import { startOrigin } from '../demo/origin.mjs';
import { eventually, post, settled, startGateway, whsec } from './harness.mjs';

const ORIGIN_SECRET = whsec();
const REPLAYS = JSON.parse(readFileSync(new URL('../../tests/vectors/dedupe/replays.json', import.meta.url), 'utf8')).cases;

const bodyOf = (req) => (req.body_b64 !== undefined ? Buffer.from(req.body_b64, 'base64') : req.body);
/** The request's headers, with the test build's clock set to the case's `now`. */
const headersOf = (req) => ({ ...req.headers, 'hookgate-dangerous-test-now-ms': String(req.now_ms ?? req.now * 1000) });

/** One route per case (and mode): the case's scheme, secret, URL and dedupe key template. */
function replayRoutes(originUrl, mode) {
  const secrets = {};
  const routes = REPLAYS.map((c, i) => {
    c.request.secrets.forEach((s, k) => { secrets[`S${i}_${k}`] = s; });
    return {
      id: `${mode.name}-${i}`,
      path: `/${mode.name}/${i}`,
      scheme: c.scheme,
      secrets: c.request.secrets.map((_, k) => `S${i}_${k}`),
      origin: `${originUrl}/${mode.name}/${i}`,
      origin_secret: 'ORIGIN_SECRET',
      ...(c.request.url ? { public_url: c.request.url } : {}),
      dedupe: { store: mode.store, ...(c.dedupe_key_template ? { key: c.dedupe_key_template } : {}) },
      ...(mode.async ? { delivery: { mode: 'async', retry: { delays_s: [1], max_age_s: 60 } } } : {}),
    };
  });
  return { routes, secrets };
}

const MODES = [
  { name: 'sync-do', store: 'durable_object' },
  { name: 'sync-kv', store: 'kv' },
  { name: 'async-do', store: 'durable_object', async: true },
  { name: 'async-kv', store: 'kv', async: true },
];

describe('a captured delivery sent again is a duplicate', () => {
  let gw;
  let origin;
  before(async () => {
    origin = await startOrigin({ secret: ORIGIN_SECRET });
    const all = MODES.map((m) => replayRoutes(origin.url, m));
    gw = await startGateway({
      build: 'build-test',
      config: { routes: all.flatMap((a) => a.routes) },
      secrets: Object.assign({ ORIGIN_SECRET }, ...all.map((a) => a.secrets)),
    });
  });
  after(async () => {
    await gw?.dispose();
    await origin?.close();
  });

  for (const mode of MODES) {
    for (const [i, c] of REPLAYS.entries()) {
      if (!c.again) continue;
      test(`${mode.name}: ${c.name}`, async () => {
        const path = `/${mode.name}/${i}`;
        const first = await post(gw, path, bodyOf(c.request), headersOf(c.request));
        assert.equal(first.status, mode.async ? 202 : 200, first.body);
        const reached = () => origin.deliveries.filter((d) => d.path === path);
        assert.ok(await eventually(() => reached().length === 1, 5000), 'delivered');
        const [d] = reached();
        assert.ok(d.signatureOk, d.signatureError);
        // What the gateway says the provider's signature covers, authenticated end to end.
        assert.deepEqual(
          { body_signed: d.gateway.bodySigned, dedupe_key_signed: d.gateway.dedupeKeySigned, dedupe_key: d.gateway.dedupeKey },
          { body_signed: c.expect.body_signed, dedupe_key_signed: c.expect.dedupe_key_signed, dedupe_key: c.expect.dedupe_key },
        );
        const again = await settled(() => post(gw, path, bodyOf(c.again.request), headersOf(c.again.request)));
        if (mode.async && again.status === 202) {
          assert.equal(again.headers['hookgate-duplicate'], 'true', 'already stored');
          assert.equal(again.json.id, first.json.id, 'the same event');
        } else {
          assert.equal(again.status, 200, again.body);
          assert.equal(again.headers['hookgate-duplicate'], 'true', again.body);
        }
        await new Promise((r) => setTimeout(r, mode.async ? 300 : 50));
        assert.equal(reached().length, 1, 'the origin saw it once');
      });
    }
  }
});

/** A GitHub delivery of `body`, signed with `secret`, under the delivery id `delivery`. */
function github(secret, body, delivery) {
  const signature = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
  return { 'x-hub-signature-256': signature, 'x-github-delivery': delivery, 'x-github-event': 'push' };
}

describe('what the origin is told', () => {
  let gw;
  let origin;
  const GH = 'gh-' + randomUUID();
  const MAILGUN = REPLAYS.find((c) => c.scheme === 'mailgun');
  const SELF = whsec();
  /** A "Self" delivery: svix-* headers, a fresh svix-id each time. */
  const self = (body) => {
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const key = Buffer.from(SELF.slice('whsec_'.length), 'base64');
    const sig = 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
    return { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': sig, 'content-type': 'application/json' };
  };
  before(async () => {
    origin = await startOrigin({ secret: ORIGIN_SECRET });
    const route = (id, fields) => ({ id, path: `/${id}`, origin: `${origin.url}/${id}`, origin_secret: 'ORIGIN_SECRET', ...fields });
    gw = await startGateway({
      build: 'build-test',
      config: {
        routes: [
          route('undeduped', { scheme: 'github', secrets: ['GH'], dedupe: { store: 'none' } }),
          route('mailgun', { scheme: 'mailgun', secrets: ['MG'], dedupe: { store: 'durable_object' } }),
          // The "Self" platform, with the template form of dedupe.key.
          route('self', { scheme: 'svix', secrets: ['SELF'], dedupe: { store: 'durable_object', key: '{json:/data/verification_id}:{json:/type}' } }),
          // A shadow route forwards a credential only when its policy allows it by name.
          route('shadow-allow', { scheme: 'github', secrets: ['GH'], enforce: false, forward_headers: { allow: ['authorization', 'x-github-delivery'] } }),
        ],
      },
      secrets: { ORIGIN_SECRET, GH, MG: MAILGUN.request.secrets[0], SELF },
    });
  });
  after(async () => {
    await gw?.dispose();
    await origin?.close();
  });

  test('hookgate-webhook-id derives from signed data only', async () => {
    // Without dedupe both copies are forwarded: a sender's fresh delivery id changes nothing.
    const body = `{"ref":"${randomUUID()}"}`;
    for (const delivery of [randomUUID(), randomUUID()]) {
      const r = await post(gw, '/undeduped', body, github(GH, body, delivery));
      assert.equal(r.status, 200, r.body);
    }
    const [a, b] = origin.deliveries.filter((d) => d.body.toString() === body);
    assert.notEqual(a.headers['x-github-delivery'], b.headers['x-github-delivery']);
    assert.equal(a.headers['hookgate-webhook-id'], b.headers['hookgate-webhook-id']);
    assert.equal(a.gateway.id, b.gateway.id);
    assert.equal(a.headers['hookgate-dedupe-key-signed'], 'false');
    const other = `{"ref":"${randomUUID()}"}`;
    await post(gw, '/undeduped', other, github(GH, other, randomUUID()));
    const c = origin.deliveries.find((d) => d.body.toString() === other);
    assert.notEqual(c.headers['hookgate-webhook-id'], a.headers['hookgate-webhook-id']);
  });

  test('a tampered Mailgun body is forwarded only with hookgate-body-signed: false', async () => {
    const tampered = MAILGUN.again.request;
    const r = await post(gw, '/mailgun', bodyOf(tampered), headersOf(tampered));
    assert.equal(r.status, 200, r.body);
    const [d] = origin.deliveries.filter((x) => x.path === '/mailgun');
    assert.equal(d.body.toString(), tampered.body, 'the tampered body reached the origin…');
    assert.equal(d.headers['hookgate-body-signed'], 'false', '…saying its body is not signed');
    assert.equal(d.headers['hookgate-verified'], 'partial', 'never hookgate-verified: true for an unsigned body');
    assert.equal(d.gateway.bodySigned, false, 'and the origin can trust that');
    assert.equal(d.gateway.dedupeKeySigned, true, 'the token is signed');
    // The genuine delivery with that token is now a duplicate: the token is single-use.
    const genuine = await settled(() => post(gw, '/mailgun', bodyOf(MAILGUN.request), headersOf(MAILGUN.request)));
    assert.equal(genuine.headers['hookgate-duplicate'], 'true');
  });

  test('a route dedupe key template: two deliveries of one event under different svix-ids reach the origin once', async () => {
    const verification = `ver_${randomUUID()}`;
    const body = (type, n) => JSON.stringify({ data: { verification_id: verification }, type, n });
    const first = await post(gw, '/self', body('completed', 1), self(body('completed', 1)));
    assert.equal(first.status, 200, first.body);
    // A new delivery (new svix-id, svix-replay, a body that differs elsewhere) of the same event.
    const again = await settled(() => post(gw, '/self', body('completed', 2), { ...self(body('completed', 2)), 'svix-replay': 'true' }));
    assert.equal(again.headers['hookgate-duplicate'], 'true', again.body);
    const other = await post(gw, '/self', body('failed', 3), self(body('failed', 3)));
    assert.equal(other.status, 200, other.body);
    const reached = origin.deliveries.filter((d) => d.path === '/self');
    assert.deepEqual(reached.map((d) => d.gateway.dedupeKey), [`${verification}:completed`, `${verification}:failed`]);
    // The key is read from the signed body: it is signed.
    assert.ok(reached.every((d) => d.gateway.dedupeKeySigned && d.headers['hookgate-verified'] === 'true'));
  });

  test('a shadow route forwards a credential only when its policy names it', async () => {
    const body = `{"ref":"${randomUUID()}"}`;
    const r = await post(gw, '/shadow-allow', body, { ...github(GH, body, randomUUID()), authorization: 'Bearer allowed', cookie: 'session=1' });
    assert.equal(r.status, 200, r.body);
    const d = origin.deliveries.find((x) => x.path === '/shadow-allow' && x.body.toString() === body);
    assert.equal(d.headers.authorization, 'Bearer allowed');
    assert.equal(d.headers.cookie, undefined);
  });
});

describe('forged requests cost little', () => {
  let gw;
  let origin;
  const SECRET = whsec();
  // The route also has an Ed25519 public key (RFC 8032's first test key): the worst case, every
  // v1a entry checked against it.
  const WHPK = 'whpk_' + Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64');
  const MIB = 1024 * 1024;
  before(async () => {
    origin = await startOrigin({ secret: ORIGIN_SECRET });
    gw = await startGateway({
      config: {
        routes: [{
          id: 'big', path: '/big', scheme: 'standard_webhooks', secrets: ['SECRET', 'WHPK'],
          origin: `${origin.url}/big`, origin_secret: 'ORIGIN_SECRET', max_body_bytes: 32 * MIB, dedupe: { store: 'durable_object' },
        }],
      },
      secrets: { SECRET, WHPK, ORIGIN_SECRET },
    });
  });
  after(async () => {
    await gw?.dispose();
    await origin?.close();
  });

  /** A request whose upload the gateway's early answer cut off (fetch saw no answer). */
  const cutOff = (e) => ({ status: 'cut off', error: String(e?.cause?.code ?? e) });
  const lineFor = async (predicate) => {
    assert.ok(await eventually(() => gw.requestLogs().some(predicate), 5000));
    return gw.requestLogs().find(predicate);
  };

  test('a 30 MiB body without the signature header: 401, its body never read', async () => {
    const id = `msg_${randomUUID()}`;
    // The answer may cut the upload off (the body is never read): then the log line tells it.
    const r = await post(gw, '/big', Buffer.alloc(30 * MIB, 0x7b), { 'webhook-id': id, 'webhook-timestamp': '1700000000' }).catch(cutOff);
    if (r.status !== 'cut off') assert.deepEqual([r.status, r.json], [401, { code: 'missing_header', name: 'webhook-signature' }], r.body);
    const line = await lineFor((l) => l.route === 'big' && l.code === 'missing_header');
    assert.equal(line.status, 401);
    assert.equal(line.body_bytes, undefined, 'the log line says no body was read');

    // Timing-free evidence: a client that sends the headers and 64 KiB of a declared 30 MiB
    // body, then nothing, gets its 401 although the body never arrived.
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect({ host: gw.url.hostname, port: Number(gw.url.port) }, () => {
        socket.write(
          `POST /big HTTP/1.1\r\nHost: ${gw.url.host}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${30 * MIB}\r\nwebhook-id: ${id}\r\nwebhook-timestamp: 1700000000\r\n\r\n`,
        );
        socket.write(Buffer.alloc(64 * 1024, 0x20));
      });
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      setTimeout(() => { socket.destroy(); reject(new Error('no answer while the body was still unsent')); }, 10_000);
    });
    assert.match(answer, /^HTTP\/1\.1 401 /);
  });

  test('a header of 175 Ed25519 signatures is refused unchecked: 401 too_many_signatures', async () => {
    const fake = Buffer.alloc(64, 7).toString('base64');
    const header = Array(175).fill(`v1a,${fake}`).join(' ');
    assert.ok(header.length > 15_000);
    const r = await post(gw, '/big', '{}', { 'webhook-id': `msg_${randomUUID()}`, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': header });
    assert.equal(r.status, 401, r.body);
    assert.deepEqual(r.json, { code: 'too_many_signatures', signatures: 175, checks: 175 });
    const line = await lineFor((l) => l.code === 'too_many_signatures');
    assert.equal(line.body_bytes, undefined, 'refused before the body was read');
  });

  test('too many headers, or too many header bytes: 431', async () => {
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-h${i}`, '1']));
    let r = await post(gw, '/big', '{}', many);
    assert.equal(r.status, 431, r.body);
    assert.equal(r.json.code, 'headers_too_large');
    r = await post(gw, '/big', '{}', { 'x-big': 'a'.repeat(33 * 1024) });
    assert.equal(r.status, 431, r.body);
  });

  test('concurrent maximum-size forged bodies get 401/413/503, and the isolate keeps serving', async () => {
    const body = Buffer.alloc(32 * MIB, 0x7b);
    const forged = () => ({
      'webhook-id': `msg_${randomUUID()}`,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': `v1,${Buffer.alloc(32, 1).toString('base64')}`,
    });
    const before = gw.requestLogs().length;
    // The gateway answers 413 (by Content-Length) and 503 without reading the body and closes
    // the connection, so a client still uploading may see its upload cut off rather than the
    // answer: the gateway's log line says what each request was answered.
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => post(gw, '/big', body, forged()).catch(cutOff)),
      post(gw, '/big', Buffer.alloc(32 * MIB + 1), forged()).catch(cutOff),
    ]);
    assert.ok(await eventually(() => gw.requestLogs().length >= before + 7, 10_000), 'seven log lines');
    const answers = gw.requestLogs().slice(before).map((l) => `${l.status} ${l.code}`);
    for (const a of answers) assert.match(a, /^(401 no_matching_signature|413 body_too_large|503 gateway_busy)$/, answers.join(', '));
    assert.ok(answers.includes('413 body_too_large'), answers.join(', '));
    assert.ok(answers.includes('401 no_matching_signature'), 'at least one was read and refused');
    // What the clients saw agrees with the log.
    for (const r of results.filter((x) => x.status !== 'cut off')) {
      assert.ok(answers.includes(`${r.status} ${r.json?.code}`), `${r.status} ${r.body}`);
      if (r.status === 503) assert.equal(r.headers['retry-after'], '10');
    }
    // A genuine event is served right after.
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    const ok = '{"after":"the storm"}';
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const sig = 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${ok}`).digest('base64');
    const r = await post(gw, '/big', ok, { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig });
    assert.equal(r.status, 200, r.body);
  });
});

describe('a change of durable_object_shards keeps dedupe', () => {
  test('records and stored events made under 4 shards are found under 7', async () => {
    const dir = mkdtempSync(`${tmpdir()}/hookgate-shards-`);
    const SECRET = whsec();
    const origin = await startOrigin({ secret: ORIGIN_SECRET });
    const down = await startOrigin({ secret: ORIGIN_SECRET, mode: 'fail' });
    const config = {
      routes: [
        { id: 'sync', path: '/sync', scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${origin.url}/sync`, origin_secret: 'ORIGIN_SECRET', dedupe: { store: 'durable_object' } },
        {
          id: 'async', path: '/async', scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${down.url}/async`, origin_secret: 'ORIGIN_SECRET',
          dedupe: { store: 'durable_object' }, delivery: { mode: 'async', retry: { delays_s: [1], max_age_s: 600 } },
        },
      ],
      admin: { token_secret: 'TOKEN' },
    };
    const secrets = { SECRET, ORIGIN_SECRET, TOKEN: 'a-long-enough-admin-token' };
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const signed = (id, body) => {
      const ts = Math.floor(Date.now() / 1000);
      return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64') };
    };
    const events = Array.from({ length: 24 }, (_, i) => ({ id: `msg_${i}_${randomUUID()}`, body: `{"n":${i}}` }));
    let gw = await startGateway({ config, secrets, persist: dir, shards: 4 });
    try {
      for (const e of events) assert.equal((await post(gw, '/sync', e.body, signed(e.id, e.body))).status, 200);
      const pending = { id: `msg_pending_${randomUUID()}`, body: '{"pending":true}' };
      const stored = await post(gw, '/async', pending.body, signed(pending.id, pending.body));
      assert.equal(stored.status, 202, stored.body);
      assert.ok(await eventually(() => down.deliveries.length >= 1, 5000), 'a first, failed attempt');
      await new Promise((r) => setTimeout(r, 300)); // the commits land after the answers
      await gw.dispose();
      gw = await startGateway({ config, secrets, persist: dir, shards: 7 });

      // Every event's shard under 7 differs for most keys: the records under 4 are still found.
      for (const e of events) {
        const again = await post(gw, '/sync', e.body, signed(e.id, e.body));
        assert.equal(again.status, 200, again.body);
        assert.equal(again.headers['hookgate-duplicate'], 'true', `${e.id} is a duplicate after the change`);
      }
      assert.equal(origin.deliveries.length, events.length, 'no event forwarded twice');
      // The stored event is found (not stored again), listed, and delivered by its old shard.
      const dup = await post(gw, '/async', pending.body, signed(pending.id, pending.body));
      assert.equal(dup.status, 202, dup.body);
      assert.deepEqual([dup.json.id, dup.headers['hookgate-duplicate']], [stored.json.id, 'true']);
      const list = await gw.fetch('/_hookgate/events?route=async', { headers: { authorization: `Bearer ${secrets.TOKEN}` } });
      assert.deepEqual((await list.json()).events.map((e) => e.id), [stored.json.id]);
      down.setMode('ok');
      assert.ok(await eventually(() => down.deliveries.some((d) => d.status === 200), 10_000), 'delivered from its old shard');
      // A new event works as ever.
      const fresh = { id: `msg_${randomUUID()}`, body: '{"fresh":1}' };
      assert.equal((await post(gw, '/sync', fresh.body, signed(fresh.id, fresh.body))).status, 200);
    } finally {
      await gw?.dispose();
      await Promise.all([origin.close(), down.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
