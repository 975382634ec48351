// End to end: a real node:http server verifies with hookgate; the real provider SDKs sign.
// svix, standardwebhooks, stripe (generateTestHeaderString) and @octokit/webhooks-methods are
// the senders. Requests travel over loopback HTTP like production deliveries.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { sign as octokitSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';

import { Webhook, WebhookVerificationError } from 'hookgate';

const SVIX_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const STRIPE_SECRET = 'whsec_test_5b4f2d0e6c1a';
const GITHUB_SECRET = 'It’s a Secret to Everybody';

// Rotation on the Svix route: the old secret first, so the match reports keyIndex 1.
const receivers = {
  '/svix': new Webhook(['whsec_' + Buffer.alloc(24, 1).toString('base64'), SVIX_SECRET], { scheme: 'svix' }),
  '/standard': new Webhook(STANDARD_SECRET),
  '/stripe': new Webhook(STRIPE_SECRET, { scheme: 'stripe' }),
  '/github': new Webhook(GITHUB_SECRET, { scheme: 'github' }),
};

let base;
let server;

before(async () => {
  server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply = (status, json) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      try {
        const v = receivers[req.url].verify(body, req.headers);
        reply(200, { scheme: v.scheme, keyIndex: v.keyIndex, id: v.id, dedupeKey: v.dedupeKey, event: v.event });
      } catch (e) {
        if (e instanceof WebhookVerificationError) reply(400, e.toJSON());
        else reply(500, { code: e.code, message: e.message });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

async function deliver(path, body, headers) {
  const res = await fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: await res.json() };
}

const event = (extra = {}) => JSON.stringify({ id: 'evt_1NqmUH2eZvKYlo2C', type: 'invoice.paid', note: 'naïve café 🚀 — “quotes”', ...extra });

test('svix signs, hookgate verifies (svix-* headers, key rotation)', async () => {
  const body = event();
  const now = new Date();
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  const headers = { 'svix-id': id, 'svix-timestamp': String(Math.floor(now / 1000)), 'svix-signature': new SvixWebhook(SVIX_SECRET).sign(id, now, body) };
  const ok = await deliver('/svix', body, headers);
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.deepEqual({ ...ok.json, event: undefined }, { scheme: 'svix', keyIndex: 1, id, dedupeKey: id, event: undefined });
  assert.equal(ok.json.event.note, 'naïve café 🚀 — “quotes”');
  const tampered = await deliver('/svix', body.replace('paid', 'void'), headers);
  assert.deepEqual(tampered, { status: 400, json: { code: 'no_matching_signature', candidates: 1 } });
});

test('standardwebhooks signs, hookgate verifies', async () => {
  const body = event();
  const now = new Date();
  const headers = { 'webhook-id': 'msg_std_1', 'webhook-timestamp': String(Math.floor(now / 1000)), 'webhook-signature': new StandardWebhook(STANDARD_SECRET).sign('msg_std_1', now, body) };
  const ok = await deliver('/standard', body, headers);
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.id, 'msg_std_1');
  const stale = new Date(Date.now() - 3600_000);
  const old = { ...headers, 'webhook-timestamp': String(Math.floor(stale / 1000)), 'webhook-signature': new StandardWebhook(STANDARD_SECRET).sign('msg_std_1', stale, body) };
  const rejected = await deliver('/standard', body, old);
  assert.equal(rejected.status, 400);
  assert.equal(rejected.json.code, 'timestamp_too_old');
  assert.ok(rejected.json.age_s >= 3600);
});

test('stripe signs (generateTestHeaderString), hookgate verifies', async () => {
  const stripe = new Stripe('sk_test_hookgate');
  const body = event({ object: 'event' });
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET });
  const ok = await deliver('/stripe', body, { 'stripe-signature': header });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.dedupeKey, 'evt_1NqmUH2eZvKYlo2C');
  // And stripe agrees with hookgate's own signature.
  const ours = receivers['/stripe'].sign(body).headers['stripe-signature'];
  assert.equal(stripe.webhooks.constructEvent(body, ours, STRIPE_SECRET).id, 'evt_1NqmUH2eZvKYlo2C');
  const wrong = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' });
  assert.equal((await deliver('/stripe', body, { 'stripe-signature': wrong })).json.code, 'no_matching_signature');
});

test('@octokit/webhooks-methods signs, hookgate verifies (emoji in the body)', async () => {
  const body = event({ action: 'opened', emoji: '👍🏽' });
  const signature = await octokitSign(GITHUB_SECRET, body);
  const ok = await deliver('/github', body, { 'x-hub-signature-256': signature, 'x-github-event': 'issues', 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.id, '72d3162e-cc78-11e3-81ab-4c9367dc0958');
  assert.equal(ok.json.event.emoji, '👍🏽');
  const missing = await deliver('/github', body, { 'x-github-event': 'issues' });
  assert.deepEqual(missing.json, { code: 'missing_header', name: 'x-hub-signature-256' });
});
