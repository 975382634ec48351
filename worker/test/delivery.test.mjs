// Async delivery end to end: the built Worker in workerd (Miniflare) with its real local KV and
// SQLite Durable Objects (the outbox and its alarms), real node:http origins on 127.0.0.1 that
// go down and come back, and short schedules (delays_s [1], max_age_s of a few seconds).
// Also the admin API, the runtime restarted mid-schedule with its state, the scheduled
// wake-up, and the sync-mode fixes (a provider disconnecting mid-forward).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

import { startOrigin } from '../demo/origin.mjs';
import { startChat } from './chat.mjs';
import { eventually, post, startGateway, whsec } from './harness.mjs';

const SECRET = whsec();
const ORIGIN_SECRET = whsec();
const TOKEN = `hg-admin-${randomUUID()}`;
const SECRETS = { SECRET, ORIGIN_SECRET, TOKEN };
const KEY = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
const MiB = 1024 * 1024;

/** Standard Webhooks headers for `body` (any bytes), signed over the raw bytes. */
function signed(body, id = `msg_${randomUUID()}`) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', KEY).update(Buffer.concat([Buffer.from(`${id}.${ts}.`), bytes])).digest('base64');
  return { id, headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}`, 'content-type': 'application/json' } };
}

function route(id, originUrl, { store = 'durable_object', retry = { delays_s: [1], max_age_s: 30 }, ...extra } = {}) {
  return {
    id, path: `/${id}`, scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${originUrl}/in`,
    origin_secret: 'ORIGIN_SECRET', dedupe: { store }, delivery: { mode: 'async', retry }, ...extra,
  };
}

const admin = (gw, path, init = {}) => gw.fetch(path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
const json = async (res) => ({ status: res.status, body: await res.json() });
const delivered = (o, id) => o.deliveries.filter((d) => d.headers['webhook-id'] === id && d.status === 200);
const attemptsOf = (gw, eventId) => gw.deliveryLogs().filter((l) => l.id === eventId);

describe('async delivery', () => {
  let gw;
  let flaky; // goes down and comes back
  let dead; // down until a test brings it back
  let origin; // healthy
  let slack;
  before(async () => {
    [flaky, dead, origin] = await Promise.all([0, 1, 2].map(() => startOrigin({ secret: ORIGIN_SECRET })));
    slack = await startChat('slack');
    const routes = [
      route('flaky', flaky.url),
      route('dead', dead.url, { retry: { delays_s: [1], max_age_s: 2 } }),
      route('do', origin.url, { forward_headers: 'all' }),
      route('kv', origin.url, { store: 'kv' }),
      route('none', origin.url, { store: 'none' }),
      { id: 'slack', path: '/slack', scheme: 'standard_webhooks', secrets: ['SECRET'], origin: slack.url('/services/T0/B0/x'), transform: 'slack', dedupe: { store: 'durable_object' }, delivery: { mode: 'async' } },
    ];
    gw = await startGateway({ config: { routes, admin: { token_secret: 'TOKEN' } }, secrets: SECRETS });
  });
  after(async () => {
    await gw?.dispose();
    await Promise.all([flaky, dead, origin, slack].map((x) => x?.close()));
  });

  test('the origin is down for the first 3 attempts: 202 at once, then exactly one delivery', async () => {
    await flaky.down();
    const body = '{"type":"invoice.paid"}';
    const { id, headers } = signed(body);
    const started = Date.now();
    const r = await post(gw, '/flaky', body, headers);
    const ackMs = Date.now() - started;
    assert.equal(r.status, 202, r.body);
    assert.equal(r.json.status, 'accepted');
    assert.match(r.json.id, /^hg_[0-9a-f]{32}$/);
    assert.ok(ackMs < 1000, `answered in ${ackMs} ms, without waiting for the origin`);

    assert.ok(await eventually(() => attemptsOf(gw, r.json.id).length >= 3, 8000), 'three failed attempts');
    await flaky.up();
    assert.ok(await eventually(() => delivered(flaky, id).length > 0, 8000), 'delivered once the origin is back');
    await new Promise((res) => setTimeout(res, 300));
    const [d, ...more] = delivered(flaky, id);
    assert.equal(more.length, 0, 'exactly one delivery');
    assert.equal(d.headers['hookgate-webhook-id'], r.json.id, 'the accepted id is the webhook id');
    assert.ok(d.signatureOk, d.signatureError);
    assert.ok(d.body.equals(Buffer.from(body)));

    const lines = attemptsOf(gw, r.json.id);
    assert.deepEqual(lines.map((l) => [l.attempt, l.result]), [[1, 'retry'], [2, 'retry'], [3, 'retry'], [4, 'delivered']]);
    for (const l of lines.slice(0, 3)) {
      assert.equal(l.error, 'origin_unreachable');
      assert.ok(l.next_attempt_at > 0);
    }
    assert.equal(lines[3].status, 200);
    assert.equal(lines[3].dedupe, 'committed');
    const line = gw.requestLogs().find((l) => l.dedupe_key === id);
    assert.deepEqual([line.status, line.dedupe, line.event_id], [202, 'accepted', r.json.id]);

    // A provider retry after delivery: answered from the dedupe record, not delivered again.
    const again = await post(gw, '/flaky', body, signed(body, id).headers);
    assert.equal(again.status, 200, again.body);
    assert.equal(again.headers['hookgate-duplicate'], 'true');
    assert.equal(delivered(flaky, id).length, 1);
  });

  test('the origin never comes back within max_age_s: dead, listed, replayed once it is back', async () => {
    await dead.down();
    const body = '{"type":"deploy.failed"}';
    const { id, headers } = signed(body);
    const r = await post(gw, '/dead', body, headers);
    assert.equal(r.status, 202, r.body);
    const eventId = r.json.id;
    assert.ok(await eventually(() => attemptsOf(gw, eventId).some((l) => l.result === 'dead'), 8000), 'dead after max_age_s');
    const tried = attemptsOf(gw, eventId).map((l) => l.result);
    // Attempts at 0, 1 and 2 s (the last one at max_age_s exactly), unless the runtime was slow.
    assert.ok(tried.length >= 2 && tried.at(-1) === 'dead' && tried.slice(0, -1).every((x) => x === 'retry'), tried.join());

    const listed = await json(await admin(gw, '/_hookgate/events?state=dead&route=dead'));
    assert.equal(listed.status, 200);
    const e = listed.body.events.find((x) => x.id === eventId);
    assert.deepEqual(
      { route: e.route, scheme: e.scheme, dedupe_key: e.dedupe_key, state: e.state, attempts: e.attempts, last_status: e.last_status, last_error: e.last_error, next_attempt_at: e.next_attempt_at },
      { route: 'dead', scheme: 'standard_webhooks', dedupe_key: id, state: 'dead', attempts: tried.length, last_status: null, last_error: 'origin_unreachable', next_attempt_at: null },
    );
    assert.ok(Math.abs(e.received_at - Date.now()) < 60_000);
    const health = await json(await gw.fetch('/healthz'));
    assert.equal(health.status, 200);
    assert.deepEqual(health.body.events.dead, { pending: 0, dead: 1 });

    // A provider retry of a dead event is answered 202: it is stored, and waits for a replay.
    const retry = await post(gw, '/dead', body, signed(body, id).headers);
    assert.equal(retry.status, 202, retry.body);
    assert.equal(retry.json.id, eventId);

    await dead.up();
    const replayed = await json(await admin(gw, `/_hookgate/events/${eventId}/replay`, { method: 'POST' }));
    assert.deepEqual(replayed, { status: 202, body: { status: 'accepted', id: eventId } });
    assert.ok(await eventually(() => delivered(dead, id).length === 1, 5000), 'delivered after the replay');
    const line = attemptsOf(gw, eventId).at(-1);
    assert.deepEqual([line.result, line.replay, line.attempt], ['delivered', true, tried.length + 1]);

    // Replaying a delivered event delivers it again, with the same hookgate-webhook-id.
    assert.equal((await admin(gw, `/_hookgate/events/${eventId}/replay`, { method: 'POST' })).status, 202);
    assert.ok(await eventually(() => delivered(dead, id).length === 2, 5000), 'delivered again');
    const [first, second] = delivered(dead, id);
    assert.equal(second.headers['hookgate-webhook-id'], first.headers['hookgate-webhook-id']);
    assert.ok(second.signatureOk, second.signatureError);
    assert.deepEqual((await json(await gw.fetch('/healthz'))).body.events.dead, { pending: 0, dead: 0 });
  });

  for (const store of ['durable_object', 'kv', 'none']) {
    const path = { durable_object: '/do', kv: '/kv', none: '/none' }[store];
    test(`100 concurrent identical deliveries (dedupe store ${store}): the origin sees 1`, async () => {
      const body = JSON.stringify({ burst: store });
      const { id, headers } = signed(body);
      const answers = await Promise.all(Array.from({ length: 100 }, () => post(gw, path, body, headers)));
      for (const a of answers) assert.ok([200, 202].includes(a.status), `${a.status} ${a.body}`);
      assert.ok(await eventually(() => delivered(origin, id).length === 1, 5000), 'delivered');
      await new Promise((res) => setTimeout(res, 500));
      assert.equal(origin.deliveries.filter((d) => d.headers['webhook-id'] === id).length, 1, 'exactly one attempt reached the origin');
      const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.json.id));
      assert.equal(ids.size, 1, 'every 202 names the same event');
    });
  }

  test('a 1 MiB body and a non-UTF-8 body arrive byte-exact', async (t) => {
    const big = randomBytes(MiB);
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x7b, 0x0d, 0x0a]);
    for (const body of [big, binary]) {
      const { id, headers } = signed(body);
      const r = await post(gw, '/do', body, { ...headers, 'content-type': 'application/octet-stream' });
      assert.equal(r.status, 202, r.body);
      assert.ok(await eventually(() => delivered(origin, id).length === 1, 8000), `${body.length} B delivered`);
      const [d] = delivered(origin, id);
      assert.ok(d.body.equals(body), `${body.length} B byte-exact`);
      if (origin.verifierName.startsWith('standardwebhooks')) {
        t.diagnostic(`signature not checked with ${origin.verifierName}: it cannot verify non-UTF-8 bodies`);
      } else {
        assert.ok(d.signatureOk, d.signatureError);
      }
    }
    const tooBig = randomBytes(MiB + 1);
    assert.equal((await post(gw, '/do', tooBig, signed(tooBig).headers)).status, 413);
  });

  test('a Slack-transformed route in async mode: the message is posted once, with nothing else', async () => {
    const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { amount: 42 } });
    const { headers } = signed(body);
    const before = slack.requests.length;
    const r = await post(gw, '/slack', body, headers);
    assert.equal(r.status, 202, r.body);
    assert.ok(await eventually(() => slack.requests.length > before, 5000), 'posted');
    const again = await post(gw, '/slack', body, headers);
    assert.ok([200, 202].includes(again.status));
    await new Promise((res) => setTimeout(res, 500));
    const posted = slack.requests.slice(before);
    assert.equal(posted.length, 1, 'posted once');
    assert.deepEqual(posted[0].problems, []);
    assert.equal(posted[0].status, 200);
    assert.equal(attemptsOf(gw, r.json.id).at(-1).result, 'delivered');
  });

  test('admin API: the event with its body and headers, never a secret; paging; bad queries', async () => {
    const body = '{"page":1}';
    const { id, headers } = signed(body);
    const r = await post(gw, '/do', body, { ...headers, authorization: 'Bearer provider-credential' });
    assert.equal(r.status, 202);
    const shown = await json(await admin(gw, `/_hookgate/events/${r.json.id}`));
    assert.equal(shown.status, 200);
    assert.equal(Buffer.from(shown.body.body_base64, 'base64').toString(), body);
    assert.equal(shown.body.dedupe_key, id);
    assert.equal(shown.body.headers['webhook-id'], id);
    assert.equal(shown.body.headers['hookgate-verified'], 'true');
    assert.equal(shown.body.headers.authorization, '[redacted]');
    const text = JSON.stringify(shown.body);
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret.slice(6)), 'no secret');
    assert.ok(!text.includes('hookgate-webhook-signature'), "hookgate's signature is made per attempt, never stored");

    // Paging over every event of every route, two at a time.
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = await json(await admin(gw, `/_hookgate/events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      assert.equal(page.status, 200);
      assert.ok(page.body.events.length <= 2);
      seen.push(...page.body.events);
      cursor = page.body.next;
      pages += 1;
    } while (cursor && pages < 100);
    assert.equal(cursor, null);
    assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no event twice');
    const all = await json(await admin(gw, '/_hookgate/events?limit=100'));
    assert.deepEqual(seen.map((e) => e.id), all.body.events.map((e) => e.id), 'pages add up to the whole list, in order');
    assert.ok(seen.some((e) => e.id === r.json.id));
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].received_at <= seen[i].received_at);
    const onlyKv = await json(await admin(gw, '/_hookgate/events?route=kv&state=delivered'));
    assert.ok(onlyKv.body.events.length > 0 && onlyKv.body.events.every((e) => e.route === 'kv' && e.state === 'delivered'));

    for (const q of ['limit=0', 'limit=101', 'limit=x', 'state=gone', 'cursor=nope']) {
      const bad = await json(await admin(gw, `/_hookgate/events?${q}`));
      assert.equal(bad.status, 400, q);
      assert.equal(bad.body.code, 'invalid_query');
    }
    assert.deepEqual(await json(await admin(gw, '/_hookgate/events/hg_00000000000000000000000000000000')), { status: 404, body: { code: 'unknown_event' } });
    assert.equal((await admin(gw, '/_hookgate/events/hg_00000000000000000000000000000000/replay', { method: 'POST' })).status, 404);
    assert.equal((await admin(gw, '/_hookgate/events', { method: 'POST' })).status, 405);
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const res = await gw.fetch('/_hookgate/events', { headers: auth ? { authorization: auth } : {} });
      assert.deepEqual(await json(res), { status: 401, body: { code: 'unauthorized' } }, String(auth));
    }
    const replayUnauth = await gw.fetch(`/_hookgate/events/${r.json.id}/replay`, { method: 'POST' });
    assert.equal(replayUnauth.status, 401);
  });

  test('no log line holds a secret, a body or the admin token', () => {
    const text = gw.logs.join('\n');
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), 'a secret in the log');
    assert.ok(!text.includes('provider-credential'));
    assert.ok(!text.includes('invoice.paid'), 'a body in the log');
  });
});

describe('admin API without the admin setting', () => {
  test('every /_hookgate/ path is 404', async () => {
    const origin = await startOrigin({ secret: ORIGIN_SECRET });
    const gw = await startGateway({ config: { routes: [route('a', origin.url)] }, secrets: SECRETS });
    try {
      for (const [path, method] of [['/_hookgate/events', 'GET'], ['/_hookgate/events/hg_00000000000000000000000000000000', 'GET'], ['/_hookgate/events/hg_00000000000000000000000000000000/replay', 'POST'], ['/_hookgate/', 'GET']]) {
        const res = await admin(gw, path, { method });
        assert.deepEqual(await json(res), { status: 404, body: { code: 'unknown_route' } }, path);
      }
    } finally {
      await gw.dispose();
      await origin.close();
    }
  });
});

describe('durability', () => {
  test('the runtime stopped mid-schedule and mid-attempt, restarted with its state: both events are delivered', async () => {
    const dir = mkdtempSync(`${tmpdir()}/hookgate-restart-`);
    const failing = await startOrigin({ secret: ORIGIN_SECRET, mode: 'fail' });
    const hanging = await startOrigin({ secret: ORIGIN_SECRET, mode: { delayMs: 3000 } });
    const config = {
      routes: [
        route('between', failing.url, { retry: { delays_s: [1], max_age_s: 60 } }),
        route('during', hanging.url, { retry: { delays_s: [1], max_age_s: 60 }, origin_timeout_ms: 1000 }),
      ],
      admin: { token_secret: 'TOKEN' },
    };
    let gw = await startGateway({ config, secrets: SECRETS, persist: dir });
    try {
      const body = '{"type":"order.created"}';
      const a = signed(body);
      const b = signed(body);
      const [ra, rb] = [await post(gw, '/between', body, a.headers), await post(gw, '/during', body, b.headers)];
      assert.deepEqual([ra.status, rb.status], [202, 202], ra.body + rb.body);
      // One event between attempts (its first failure recorded), one with an attempt under way.
      assert.ok(await eventually(() => attemptsOf(gw, ra.json.id).some((l) => l.result === 'retry'), 5000), 'a first, failed attempt');
      assert.ok(await eventually(() => hanging.deliveries.some((d) => d.headers['webhook-id'] === b.id), 5000), 'an attempt under way');
      await gw.dispose(); // workerd stops
      gw = undefined;
      failing.setMode('ok');
      hanging.setMode('ok');
      gw = await startGateway({ config, secrets: SECRETS, persist: dir });
      // No request reaches the restarted gateway: the shards' persisted alarms alone deliver. The
      // interrupted attempt is made again when its lease (origin_timeout_ms + 5 s) runs out; the
      // other event is overdue, and delivered then at the latest (sooner if its shard differs).
      assert.ok(await eventually(() => delivered(hanging, b.id).length === 1, 15_000), 'the interrupted attempt is made again');
      assert.ok(await eventually(() => delivered(failing, a.id).length === 1, 3000), 'delivered after the restart');
      await new Promise((res) => setTimeout(res, 300));
      assert.equal(delivered(failing, a.id).length, 1);
      assert.equal(delivered(hanging, b.id).length, 1);
      assert.equal(delivered(failing, a.id)[0].headers['hookgate-webhook-id'], ra.json.id);
      const shown = await json(await admin(gw, `/_hookgate/events/${rb.json.id}`));
      assert.deepEqual([shown.body.state, shown.body.attempts], ['delivered', 2]);
    } finally {
      await gw?.dispose();
      await Promise.all([failing.close(), hanging.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an event whose alarm was lost is delivered by the scheduled wake-up (test build)', async () => {
    const origin = await startOrigin({ secret: ORIGIN_SECRET });
    const gw = await startGateway({ config: { routes: [route('r', origin.url)] }, secrets: SECRETS, build: 'build-test' });
    try {
      const body = '{"type":"lost.alarm"}';
      const { id, headers } = signed(body);
      const r = await post(gw, '/r', body, { ...headers, 'hookgate-dangerous-test-no-alarm': '1' });
      assert.equal(r.status, 202, r.body);
      await new Promise((res) => setTimeout(res, 1000));
      assert.equal(origin.deliveries.length, 0, 'no alarm, no attempt');
      await gw.scheduled();
      assert.ok(await eventually(() => delivered(origin, id).length === 1, 5000), 'delivered after the wake-up');
      const wake = gw.logs.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).find((l) => l.msg === 'hookgate.wake');
      assert.deepEqual([wake.shards, wake.rearmed, wake.failed], [16, 1, 0]);
    } finally {
      await gw.dispose();
      await origin.close();
    }
  });
});

describe('sync mode', () => {
  test('a provider that disconnects mid-forward still leaves the event delivered and committed', async () => {
    const origin = await startOrigin({ secret: ORIGIN_SECRET, mode: { delayMs: 1000 } });
    const sync = { id: 's', path: '/s', scheme: 'standard_webhooks', secrets: ['SECRET'], origin: `${origin.url}/in`, origin_secret: 'ORIGIN_SECRET', dedupe: { store: 'durable_object' } };
    const gw = await startGateway({ config: { routes: [sync] }, secrets: SECRETS });
    try {
      const body = '{"type":"hang.up"}';
      const { id, headers } = signed(body);
      const abort = new AbortController();
      const sent = gw.fetch('/s', { method: 'POST', body, headers, signal: abort.signal }).catch((e) => e);
      assert.ok(await eventually(() => origin.deliveries.some((d) => d.headers['webhook-id'] === id), 3000), 'forwarded');
      abort.abort(); // the provider gives up while the origin is still working
      assert.ok((await sent) instanceof Error);
      assert.ok(await eventually(() => gw.requestLogs().some((l) => l.dedupe_key === id), 5000), 'the log line is written');
      const line = gw.requestLogs().find((l) => l.dedupe_key === id);
      assert.deepEqual([line.dedupe, line.origin_status], ['committed', 200], JSON.stringify(line));
      const again = await post(gw, '/s', body, signed(body, id).headers);
      assert.equal(again.status, 200);
      assert.equal(again.headers['hookgate-duplicate'], 'true', 'the commit landed');
      assert.equal(origin.deliveries.filter((d) => d.headers['webhook-id'] === id).length, 1);
    } finally {
      await gw.dispose();
      await origin.close();
    }
  });
});
