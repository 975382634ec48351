// explain, normalize, toSlack and toDiscord: the shared golden files (the same ones the Rust
// suite runs), forensics through the binding, and a bounded randomized check that any input
// yields a message within the platforms' limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { hookgate } from './impl.mjs';

const { explain, normalize, sign, toSlack, toDiscord, Webhook, WebhookConfigError } = hookgate;
const golden = (name) => new URL(`../../tests/golden/transform/${name}`, import.meta.url);
const CASES = ['standard_webhooks', 'verk', 'vem', 'github', 'stripe', 'generic', 'custom', 'hostile', 'odd'];
const read = (name) => JSON.parse(readFileSync(golden(name), 'utf8'));

function eventFor(input) {
  if (typeof input.scheme !== 'string') return input;
  return normalize(JSON.stringify(input.payload), input.headers ?? {}, { scheme: input.scheme, id: input.id });
}

for (const name of CASES) {
  test(`golden: ${name}`, () => {
    const event = eventFor(read(`${name}.input.json`));
    const template = existsSync(golden(`${name}.template.json`)) ? read(`${name}.template.json`) : undefined;
    assert.deepEqual(toSlack(event, template), read(`${name}.slack.json`));
    assert.deepEqual(toDiscord(event, template), read(`${name}.discord.json`));
  });
}

test('explain ranks a re-serialized body first, with the signed content visible', () => {
  const secret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
  const body = '{"type":"user.created","data":{"name":"Zoë"}}';
  const { headers } = sign(secret, body, { id: 'msg_1', timestamp: 1_700_000_000 });
  const ok = explain({ headers, payload: body }, [secret], { now: 1_700_000_005 });
  assert.equal(ok.valid, true);
  assert.equal(ok.keyIndex, 0);
  assert.equal(ok.timestamp.ageS, 5);
  assert.equal(ok.scheme.id, 'standard_webhooks');
  const pretty = explain({ headers, payload: JSON.stringify(JSON.parse(body), null, 2) }, secret);
  assert.equal(pretty.valid, false);
  assert.equal(pretty.error.code, 'no_matching_signature');
  assert.equal(pretty.causes[0].code, 'body_reserialized');
  assert.equal(pretty.causes[0].verifies, true);
  assert.ok(pretty.signedContent.parts.some((p) => p.segments.some((s) => s.kind === 'lf')));
  // No secret: the report still shows the scheme and signed content.
  const bare = explain({ headers, payload: body });
  assert.equal(bare.valid, false);
  assert.equal(bare.scheme.id, 'standard_webhooks');
  assert.throws(() => explain({ headers, payload: body }, [secret], { bogus: 1 }), WebhookConfigError);
});

test('normalize takes the result of verify', () => {
  const secret = 'gh-secret';
  const body = '{"action":"opened","pull_request":{"title":"Fix"},"repository":{"full_name":"o/r"}}';
  const { headers } = sign(secret, body, { scheme: 'github' });
  const all = { ...headers, 'X-GitHub-Event': 'pull_request', 'X-GitHub-Delivery': 'd-1' };
  const verified = new Webhook(secret, { scheme: 'github' }).verify(body, all);
  const event = normalize(body, all, verified);
  assert.equal(event.event_type, 'pull_request.opened');
  assert.equal(event.id, 'd-1');
  assert.equal(event.title, 'Fix');
  assert.throws(() => normalize('a=1&b=2', {}, verified), (e) => e.code === 'not_json');
  assert.throws(() => toSlack({ provider: 1 }), WebhookConfigError);
  assert.throws(() => toSlack(event, { nope: true }), (e) => e.code === 'unknown_template_key');
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => toDiscord(cyclic), WebhookConfigError);
});

// A small deterministic PRNG so failures reproduce.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

function randomValue(r, depth = 0) {
  const k = r();
  if (depth > 4 || k < 0.3) {
    const words = ['@everyone', '@here', '<@123>', '<#9>', '<script>', '&amp;', '*bold*', 'ok', 'ñ', '😀', '\u202e'];
    const text = Array.from({ length: Math.floor(r() * 12) }, () => words[Math.floor(r() * words.length)]).join(' ');
    return r() < 0.05 ? text + 'x'.repeat(7000) : text;
  }
  if (k < 0.45) return Math.floor(r() * 1e9);
  if (k < 0.5) return r() < 0.5;
  // Wide at the top (huge arrays and objects), narrow below, so a case stays small in total.
  const width = depth === 0 ? 600 : 6;
  if (k < 0.7) return Array.from({ length: Math.floor(r() * width) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * width) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
}

const len = (s) => (typeof s === 'string' ? s.length : 0);

test('any payload yields a message within the platform limits (300 random cases)', () => {
  const r = rng(20261123);
  const shapes = [
    (d) => ({ type: 'x.failed', timestamp: '2026-01-01T00:00:00Z', data: d }),
    (d) => ({ event: 'task.done', timestamp: 1, webhookId: 'w', deliveryId: 'd', data: d, organization: { name: '@here' } }),
    (d) => ({ event: 'deploy', timestamp: 2, org_id: 'o', project_id: 'p', project_name: '<!channel>', data: d }),
    (d) => d,
  ];
  for (let i = 0; i < 300; i++) {
    const payload = shapes[i % shapes.length](randomValue(r));
    const event = normalize(JSON.stringify(payload), {}, { scheme: ['standard_webhooks', 'verk', 'vem', 'generic'][i % 4] });
    const slack = toSlack(event);
    const blocks = slack.attachments?.[0]?.blocks ?? slack.blocks ?? [];
    assert.ok(blocks.length <= 50, `case ${i}: ${blocks.length} blocks`);
    for (const b of blocks) {
      if (b.type === 'header') assert.ok(len(b.text.text) <= 150, `case ${i}: header`);
      if (b.text) assert.ok(len(b.text.text) <= 3000, `case ${i}: text`);
      for (const f of b.fields ?? []) assert.ok(len(f.text) <= 2000, `case ${i}: field`);
      assert.ok((b.fields ?? []).length <= 10, `case ${i}: fields`);
    }
    assert.doesNotMatch(JSON.stringify(slack), /<script>|<@123>/, `case ${i}: slack markup`);
    const discord = toDiscord(event);
    assert.deepEqual(discord.allowed_mentions, { parse: [] });
    for (const e of discord.embeds) {
      assert.ok(len(e.title) <= 256 && len(e.description) <= 4096, `case ${i}: title/description`);
      assert.ok((e.fields ?? []).length <= 25, `case ${i}: fields`);
      const total = len(e.title) + len(e.description) + len(e.footer?.text) + (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0);
      assert.ok(total <= 6000, `case ${i}: total ${total}`);
      for (const f of e.fields ?? []) assert.ok(len(f.name) <= 256 && len(f.value) <= 1024, `case ${i}: field`);
    }
    assert.doesNotMatch(JSON.stringify(discord), /@everyone|@here|<@123>/, `case ${i}: live mention`);
  }
});
