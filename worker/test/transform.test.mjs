// Transformations in the Worker (issue 7): verified events rendered as Slack Block Kit messages
// and Discord embeds, posted to fake Slack and Discord incoming-webhook endpoints on 127.0.0.1
// (worker/test/chat.mjs) that check the shape and the platforms' limits and answer like the real
// ones. The built Worker runs in workerd (Miniflare) with real local KV and Durable Objects.
// Events are signed by the real sender libraries (standardwebhooks, svix, stripe,
// @octokit/webhooks-methods; Verk and VEM are plain HMAC-SHA256 of the body).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Webhook as StdWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import Stripe from 'stripe';
import { sign as githubSign } from '@octokit/webhooks-methods';

import { LEAKY_PREFIXES, startChat } from './chat.mjs';
import { eventually, post, settled, startGateway, whsec } from './harness.mjs';

const GOLDEN = new URL('../../tests/golden/transform/', import.meta.url);
const golden = (name) => JSON.parse(readFileSync(new URL(name, GOLDEN), 'utf8'));

const SECRETS = {
  STDWH_SECRET: whsec(),
  SVIX_SECRET: whsec(),
  VERK_SECRET: 'verk-' + randomUUID(),
  VEM_SECRET: 'vem-' + randomUUID(),
  GITHUB_SECRET: 'gh-' + randomUUID(),
  STRIPE_SECRET: 'whsec_' + randomUUID().replaceAll('-', ''),
};
const stripe = new Stripe('sk_test_not_used');
const signatures = new Set();

// --- signing with the senders' libraries ----------------------------------------------------------

const SIGNERS = {
  standard_webhooks(body, { id = `msg_${randomUUID()}` } = {}) {
    const date = new Date();
    const signature = new StdWebhook(SECRETS.STDWH_SECRET).sign(id, date, body);
    signatures.add(signature);
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date / 1000)), 'webhook-signature': signature, 'content-type': 'application/json' };
  },
  svix(body, { id = `msg_${randomUUID()}` } = {}) {
    const date = new Date();
    const signature = new SvixWebhook(SECRETS.SVIX_SECRET).sign(id, date, body);
    signatures.add(signature);
    return { 'svix-id': id, 'svix-timestamp': String(Math.floor(date / 1000)), 'svix-signature': signature, 'content-type': 'application/json' };
  },
  verk(body) {
    const signature = 'sha256=' + createHmac('sha256', SECRETS.VERK_SECRET).update(body).digest('hex');
    signatures.add(signature);
    return { 'x-verk-signature': signature, 'content-type': 'application/json' };
  },
  vem(body, { headers = {} } = {}) {
    const signature = 'sha256=' + createHmac('sha256', SECRETS.VEM_SECRET).update(body).digest('hex');
    signatures.add(signature);
    return { ...headers, 'x-webhook-signature': signature, 'content-type': 'application/json' };
  },
  async github(body, { headers = {} } = {}) {
    const signature = await githubSign(SECRETS.GITHUB_SECRET, body);
    signatures.add(signature);
    return { ...headers, 'x-hub-signature-256': signature, 'content-type': 'application/json' };
  },
  stripe(body) {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.STRIPE_SECRET });
    signatures.add(header);
    return { 'stripe-signature': header, 'content-type': 'application/json' };
  },
};
const SECRET_OF = { standard_webhooks: 'STDWH_SECRET', svix: 'SVIX_SECRET', verk: 'VERK_SECRET', vem: 'VEM_SECRET', github: 'GITHUB_SECRET', stripe: 'STRIPE_SECRET' };

// --- hostile input ----------------------------------------------------------------------------------

const EVIL = '@everyone @here <@123> <@!456> <@&789> <#42> </deploy:1> <!channel> <!here|here> @channel <script>alert(1)</script> <https://evil.example|Click> & &amp; \u202egnp.exe\u202c \u0000\u001b[31m ';
const LONG = (EVIL + 'x'.repeat(200)).repeat(40).slice(0, 10_000);

/** A Standard Webhooks payload full of mentions and markup: 10 000-char strings, 500 fields. */
function hostilePayload() {
  const data = { title: LONG, description: LONG, message: LONG, url: 'javascript:alert(document.cookie)//https://ok.example', html_url: LONG };
  for (let i = 0; i < 500; i++) data[`k${i} ${EVIL}`.slice(0, 60)] = i % 5 === 0 ? LONG : `${EVIL}${i}`;
  for (let i = 0; i < 25; i++) data[`f${i}`] = LONG;
  return { type: `user.created ${EVIL}`, timestamp: new Date().toISOString(), data };
}

/** A template that asks for as much as a template can: 25 long fields, 8 context items. */
const HOSTILE_TEMPLATE = {
  title: '{/payload/data/title} {/event_type}',
  description: '{/payload/data/description}\n{/payload/data/message}',
  url: '{/payload/data/url}',
  color: { path: '/payload/data/f0', map: { x: 'danger' }, default: 'warning' },
  context: Array.from({ length: 8 }, (_, i) => ({ label: `C${i} @everyone <@1>`, path: `/payload/data/f${i}` })),
  fields: Array.from({ length: 25 }, (_, i) => ({ label: `F${i} <@&2> @here`, path: `/payload/data/f${i}`, inline: i % 2 === 0 })),
  event_fields: true,
};

// --- the gateway -----------------------------------------------------------------------------------

let gw;
let slack;
let discord;
const PLATFORMS = ['slack', 'discord'];
const chat = (platform) => (platform === 'slack' ? slack : discord);
/** The fake endpoint path of a case, shaped like the real incoming-webhook URLs. */
const pathOf = (platform, name) => (platform === 'slack' ? `/services/T0HOOKGATE/B0TEST/${name}` : `/api/webhooks/1234567890/${name}`);
/** The platforms answer 200 "ok" (Slack) and 204 (Discord); the provider gets that answer. */
const OK = { slack: 200, discord: 204 };

before(async () => {
  slack = await startChat('slack');
  discord = await startChat('discord');
  const routes = [];
  for (const platform of PLATFORMS) {
    // Slack routes dedupe in KV, Discord routes in a Durable Object: both stores are covered.
    const dedupe = { store: platform === 'slack' ? 'kv' : 'durable_object' };
    const r = (name, scheme, extra = {}) => routes.push({
      id: `${name}-${platform}`, path: `/${name}/${platform}`, scheme, secrets: [SECRET_OF[scheme]],
      origin: chat(platform).url(pathOf(platform, name)), transform: platform, dedupe, ...extra,
    });
    for (const name of ['standard_webhooks', 'svix', 'verk', 'vem', 'github', 'stripe']) r(name, name);
    r('hostile', 'standard_webhooks', { max_body_bytes: 8 * 1024 * 1024 });
    r('hostile-template', 'standard_webhooks', { max_body_bytes: 8 * 1024 * 1024, transform: { platform, template: HOSTILE_TEMPLATE } });
    r('custom', 'vem', { transform: { platform, template: golden('custom.template.json') } });
    r('not-json', 'standard_webhooks');
  }
  gw = await startGateway({ config: { routes }, secrets: SECRETS });
});

after(async () => {
  await gw?.dispose();
  await Promise.all([slack?.close(), discord?.close()]);
});

/** Asserts the request reached the platform once, passed its checks, and carried no provider or hookgate header. */
function assertDelivered(platform, name, before) {
  const got = chat(platform).at(pathOf(platform, name));
  assert.equal(got.length, before + 1, `${platform} received the event exactly once`);
  const d = got.at(-1);
  assert.deepEqual(d.problems, [], `${platform} accepted the message: ${d.problems.join('; ')}`);
  for (const header of Object.keys(d.headers)) {
    for (const prefix of LEAKY_PREFIXES) assert.ok(!header.startsWith(prefix), `header ${header} reached ${platform}`);
  }
  const raw = d.body.toString('utf8');
  for (const s of signatures) assert.ok(!raw.includes(s), 'no signature in the message');
  return d;
}

/** Sends the same event again (re-signed, as a provider's retry is) and asserts it is not re-posted. */
async function assertDuplicateNotReposted(platform, name, resend) {
  const before = chat(platform).at(pathOf(platform, name)).length;
  const again = await settled(resend);
  assert.equal(again.status, 200, again.body);
  assert.equal(again.headers['hookgate-duplicate'], 'true');
  assert.equal(chat(platform).at(pathOf(platform, name)).length, before, 'the duplicate was not posted again');
}

// --- the built-in shapes, from the shared golden inputs ------------------------------------------------

const GOLDEN_CASES = [
  // [case, golden input, scheme that signs it]
  ['standard_webhooks', 'standard_webhooks'],
  ['verk', 'verk'],
  ['vem', 'vem'],
  ['github', 'github'],
  ['stripe', 'stripe'],
];

describe('built-in shapes (tests/golden/transform/*.input.json)', () => {
  for (const [name, scheme] of GOLDEN_CASES) {
    for (const platform of PLATFORMS) {
      test(`${name} → ${platform}: posted once, as the golden output, without any signature header; the duplicate is not re-posted`, async () => {
        const input = golden(`${name}.input.json`);
        const body = JSON.stringify(input.payload);
        const sign = () => SIGNERS[scheme](body, { id: input.id, headers: input.headers });
        const path = `/${name}/${platform}`;
        const before = chat(platform).at(pathOf(platform, name)).length;
        const r = await post(gw, path, body, await sign());
        assert.equal(r.status, OK[platform], r.body);
        if (platform === 'slack') assert.equal(r.body, 'ok', "Slack's answer is passed back");
        const d = assertDelivered(platform, name, before);
        // The Worker renders exactly what the core renders for this input (the golden file).
        assert.deepEqual(d.json, golden(`${name}.${platform}.json`));
        await assertDuplicateNotReposted(platform, name, async () => post(gw, path, body, await sign()));
      });
    }
  }

  for (const platform of PLATFORMS) {
    test(`svix-signed Standard Webhooks payload → ${platform}`, async () => {
      const id = `msg_${randomUUID()}`;
      const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { title: `Invoice ${id} paid`, amount: 4200, url: 'https://billing.example/in/1' } });
      const before = chat(platform).at(pathOf(platform, 'svix')).length;
      const r = await post(gw, `/svix/${platform}`, body, SIGNERS.svix(body, { id }));
      assert.equal(r.status, OK[platform], r.body);
      const d = assertDelivered(platform, 'svix', before);
      assert.ok(JSON.stringify(d.json).includes(`Invoice ${id} paid`));
      await assertDuplicateNotReposted(platform, 'svix', () => post(gw, `/svix/${platform}`, body, SIGNERS.svix(body, { id })));
    });
  }
});

describe('hostile input', () => {
  for (const platform of PLATFORMS) {
    for (const name of ['hostile', 'hostile-template']) {
      test(`${name} → ${platform}: mentions neutralised, markup escaped, every limit kept`, async () => {
        const id = `msg_${randomUUID()}`;
        const body = JSON.stringify(hostilePayload());
        assert.ok(body.length > 1_000_000, 'a large body');
        const before = chat(platform).at(pathOf(platform, name)).length;
        const r = await post(gw, `/${name}/${platform}`, body, SIGNERS.standard_webhooks(body, { id }));
        assert.equal(r.status, OK[platform], r.body);
        const d = assertDelivered(platform, name, before); // the fake checks limits, mentions and markup
        // Links: only absolute http(s) URLs survive (the javascript: one is shown as text at most).
        const urls = [];
        JSON.stringify(d.json, (k, v) => { if (k === 'url') urls.push(v); return v; });
        assert.ok(urls.every((u) => /^https?:\/\//.test(u)), `links: ${urls}`);
        if (platform === 'slack') {
          // Slack markup is <…>: none may survive from user data (the fake also checks it).
          assert.ok(!/<script/i.test(d.body.toString('utf8')), 'no <script>');
        } else {
          // Discord renders no HTML; what matters there is mentions, checked by the fake.
          assert.deepEqual(d.json.allowed_mentions, { parse: [] });
        }
        await assertDuplicateNotReposted(platform, name, () => post(gw, `/${name}/${platform}`, body, SIGNERS.standard_webhooks(body, { id })));
      });
    }
  }
});

describe('a custom template (tests/golden/transform/custom.template.json)', () => {
  for (const platform of PLATFORMS) {
    test(`custom → ${platform}: laid out by the route's template`, async () => {
      const input = golden('custom.input.json'); // an event; its payload is a VEM delivery
      const delivery = `dlv_${randomUUID()}`;
      const body = JSON.stringify(input.payload);
      const headers = () => SIGNERS.vem(body, { headers: { 'x-webhook-delivery': delivery } });
      const before = chat(platform).at(pathOf(platform, 'custom')).length;
      const r = await post(gw, `/custom/${platform}`, body, headers());
      assert.equal(r.status, OK[platform], r.body);
      const d = assertDelivered(platform, 'custom', before);
      const title = platform === 'slack' ? d.json.attachments[0].blocks[0].text.text : d.json.embeds[0].title;
      assert.equal(title, 'Deploy of api to staging: FAILED');
      if (platform === 'discord') {
        assert.equal(d.json.embeds[0].color, 0xff0000, "the template's colour map");
        assert.equal(d.json.embeds[0].url, input.payload.data.logs_url);
      } else {
        assert.equal(d.json.attachments[0].color, '#ff0000');
      }
      await assertDuplicateNotReposted(platform, 'custom', () => post(gw, `/custom/${platform}`, body, headers()));
    });
  }
});

describe('a verified body that is not JSON', () => {
  for (const platform of PLATFORMS) {
    test(`text → ${platform}: posted once as a "not JSON" message with the start of the text, not refused`, async () => {
      const id = `msg_${randomUUID()}`;
      const body = `a=1&b=<script>@everyone</script> <@123>\n${'z'.repeat(20_000)}`;
      const headers = () => ({ ...SIGNERS.standard_webhooks(body, { id }), 'content-type': 'application/x-www-form-urlencoded' });
      const before = chat(platform).at(pathOf(platform, 'not-json')).length;
      const r = await post(gw, `/not-json/${platform}`, body, headers());
      assert.equal(r.status, OK[platform], r.body);
      const d = assertDelivered(platform, 'not-json', before);
      const text = JSON.stringify(d.json);
      assert.match(text, /standard_webhooks event: the body is not JSON/);
      // The start of the text: escaped for Slack's markup; as is for Discord (no HTML there),
      // where the fake endpoint checks that the mentions in it are neutralised.
      assert.ok(text.includes(platform === 'slack' ? 'a=1&amp;b=&lt;script&gt;' : 'a=1&b=<script>'), text.slice(0, 300));
      assert.match(text, /application\/x-www-form-urlencoded/);
      assert.ok(text.length < 12_000, 'the text is cut');
      assert.ok(await eventually(() => gw.requestLogs().some((l) => l.dedupe_key === id && l.transform_input === 'not_json' && l.dedupe === 'committed')), 'logged as not_json');
      await assertDuplicateNotReposted(platform, 'not-json', () => post(gw, `/not-json/${platform}`, body, headers()));
    });

    test(`binary → ${platform}: a non-UTF-8 body is shown lossily, not refused`, async () => {
      const id = `msg_${randomUUID()}`;
      const body = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80, 0x7b]);
      const ts = Math.floor(Date.now() / 1000);
      const key = Buffer.from(SECRETS.STDWH_SECRET.slice('whsec_'.length), 'base64');
      const sig = 'v1,' + createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${ts}.`), body])).digest('base64');
      signatures.add(sig);
      const before = chat(platform).at(pathOf(platform, 'not-json')).length;
      const r = await post(gw, `/not-json/${platform}`, body, { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig, 'content-type': 'application/octet-stream' });
      assert.equal(r.status, OK[platform], r.body);
      const d = assertDelivered(platform, 'not-json', before);
      assert.match(JSON.stringify(d.json), /6 bytes/);
    });
  }
});

describe('what never reaches a chat platform', () => {
  test('a forged event → 401, nothing posted', async () => {
    const before = slack.requests.length + discord.requests.length;
    const body = JSON.stringify({ type: 'x', timestamp: new Date().toISOString(), data: {} });
    const headers = SIGNERS.standard_webhooks(body);
    for (const platform of PLATFORMS) {
      const r = await post(gw, `/standard_webhooks/${platform}`, body.replace('"x"', '"y"'), headers);
      assert.equal(r.status, 401);
    }
    assert.equal(slack.requests.length + discord.requests.length, before);
  });

  test('no log line holds a secret, a signature or the incoming-webhook URL', async () => {
    await gw.waitForLogs(1);
    const forbidden = [...Object.values(SECRETS), ...signatures, 'T0HOOKGATE', '1234567890'];
    for (const line of gw.logs) for (const f of forbidden) assert.ok(!line.includes(f), `log line contains ${f}: ${line}`);
    const transformed = gw.requestLogs().filter((l) => l.transform);
    assert.ok(transformed.length > 20);
    assert.ok(transformed.every((l) => ['slack', 'discord'].includes(l.transform)));
  });
});

describe('automatic detection from the origin URL', () => {
  // A gateway whose routes name the real https://hooks.slack.com and https://discord.com URLs,
  // with transform left at its default ("auto"). Its outbound fetches to those two hosts are
  // carried to the local fakes (Miniflare's outboundService); anything else is refused.
  let auto;
  before(async () => {
    const routes = [
      { id: 'auto-slack', path: '/auto/slack', scheme: 'standard_webhooks', secrets: ['STDWH_SECRET'], origin: 'https://hooks.slack.com/services/T0HOOKGATE/B0TEST/auto' },
      { id: 'auto-discord', path: '/auto/discord', scheme: 'standard_webhooks', secrets: ['STDWH_SECRET'], origin: 'https://discord.com/api/webhooks/1234567890/auto', transform: 'auto' },
    ];
    auto = await startGateway({
      config: { routes },
      secrets: SECRETS,
      async outboundService(request) {
        const url = new URL(request.url);
        const target = { 'hooks.slack.com': slack, 'discord.com': discord }[url.host];
        if (url.protocol !== 'https:' || !target) return new Response('refused by the test', { status: 599 });
        return fetch(target.url(url.pathname), { method: request.method, headers: request.headers, body: await request.arrayBuffer() });
      },
    });
  });
  after(async () => auto?.dispose());

  for (const platform of PLATFORMS) {
    test(`a ${platform} incoming-webhook origin is transformed without any transform setting`, async () => {
      const body = JSON.stringify({ type: 'deploy.succeeded', timestamp: new Date().toISOString(), data: { title: 'Deployed', url: 'https://ci.example/1' } });
      const before = chat(platform).at(pathOf(platform, 'auto')).length;
      const r = await post(auto, `/auto/${platform}`, body, SIGNERS.standard_webhooks(body));
      assert.equal(r.status, OK[platform], r.body);
      assertDelivered(platform, 'auto', before);
    });
  }
});
