// The framework helpers with the real frameworks: Express 5, Fastify 5, Hono 4 and Next.js-style
// handlers. Each verifies the raw body, and refuses, with the fix in the message, a body that a
// parser consumed first.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, test } from 'node:test';

import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

import { Webhook, sign } from 'hookgate';
import { webhookMiddleware as expressWebhook } from 'hookgate/express';
import { rawBody, verifyWebhook } from 'hookgate/fastify';
import { webhookMiddleware as honoWebhook } from 'hookgate/hono';
import { withWebhook, withWebhookApi } from 'hookgate/next';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"type":"order.paid","note":"spaced  and  é"}';
const webhook = new Webhook(SECRET);

function signedHeaders(body = BODY) {
  return { ...sign(SECRET, body, { id: 'msg_1' }).headers, 'content-type': 'application/json' };
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  return `http://127.0.0.1:${server.address().port}`;
}

async function post(url, { body = BODY, headers = signedHeaders(body) } = {}) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('express', () => {
  test('reads the raw stream itself, or takes express.raw()', async () => {
    const app = express();
    app.post('/stream', expressWebhook(webhook), (req, res) => res.json({ type: req.webhook.event.type, id: req.webhook.id }));
    app.post('/raw', express.raw({ type: '*/*' }), expressWebhook(webhook), (req, res) => res.json({ type: req.webhook.event.type }));
    app.use(express.json());
    app.post('/parsed', expressWebhook(webhook), (req, res) => res.json({}));
    app.post('/text', express.text({ type: '*/*', defaultCharset: 'latin1' }), expressWebhook(webhook), (req, res) => res.json({}));
    app.use((err, req, res, _next) => res.status(err.status ?? 500).json({ code: err.code, message: err.message }));
    const base = await listen(createServer(app));
    assert.deepEqual(await post(`${base}/stream`), { status: 200, body: { type: 'order.paid', id: 'msg_1' } });
    assert.deepEqual(await post(`${base}/raw`), { status: 200, body: { type: 'order.paid' } });
    const bad = await post(`${base}/raw`, { headers: { ...signedHeaders(), 'webhook-signature': 'v1,AAAA' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'no_matching_signature');
    const parsed = await post(`${base}/parsed`);
    assert.equal(parsed.status, 500);
    assert.equal(parsed.body.code, 'body_already_parsed');
    assert.match(parsed.body.message, /express\.raw/);
    // A text parser that decoded the UTF-8 body as Latin-1: the byte count no longer matches.
    const text = await post(`${base}/text`, { headers: { ...signedHeaders(), 'content-type': 'text/plain; charset=latin1' } });
    assert.equal(text.body.code, 'body_already_parsed');
  });

  test('forms parse into fields; an authentic payload that does not parse is 422, not 400', async () => {
    const app = express();
    app.post('/hook', expressWebhook(webhook), (req, res) => res.json(req.webhook.event ?? null));
    app.use((err, req, res, _next) => res.status(err.status ?? 500).json({ code: err.code, id: err.result?.id }));
    const base = await listen(createServer(app));
    const form = 'From=%2B15551234567&Body=Hi+there&MediaUrl0=a&MediaUrl0=b';
    const formHeaders = { ...signedHeaders(form), 'content-type': 'application/x-www-form-urlencoded' };
    assert.deepEqual(await post(`${base}/hook`, { body: form, headers: formHeaders }), { status: 200, body: { From: '+15551234567', Body: 'Hi there', MediaUrl0: ['a', 'b'] } });
    const broken = '{"type":"order.paid",';
    assert.deepEqual(await post(`${base}/hook`, { body: broken, headers: signedHeaders(broken) }), { status: 422, body: { code: 'invalid_json', id: 'msg_1' } });
  });
});

describe('fastify', () => {
  test('rawBody(scope) + verifyWebhook preHandler; the default JSON parser is detected', async () => {
    const app = Fastify();
    app.register(async (scope) => {
      rawBody(scope);
      scope.post('/hook', { preHandler: verifyWebhook(webhook) }, async (request) => ({ type: request.webhook.event.type }));
    });
    app.post('/parsed', { preHandler: verifyWebhook(webhook) }, async () => ({}));
    await app.listen({ port: 0, host: '127.0.0.1' });
    after(() => app.close());
    const base = `http://127.0.0.1:${app.server.address().port}`;
    assert.deepEqual(await post(`${base}/hook`), { status: 200, body: { type: 'order.paid' } });
    const bad = await post(`${base}/hook`, { headers: { ...signedHeaders(), 'webhook-id': 'msg_2' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'no_matching_signature');
    const parsed = await post(`${base}/parsed`);
    assert.equal(parsed.status, 500);
    assert.equal(parsed.body.code, 'body_already_parsed');
    assert.match(parsed.body.message, /rawBody\(scope\)/);
  });
});

describe('hono', () => {
  test('verifies first; later handlers can still read the body; a body read earlier is refused', async () => {
    const app = new Hono();
    app.post('/hook', honoWebhook(webhook), async (c) => c.json({ type: c.get('webhook').event.type, again: (await c.req.json()).type }));
    const readFirst = (read) => async (c, next) => {
      await read(c);
      await next();
    };
    app.post('/after-json', readFirst((c) => c.req.json()), honoWebhook(webhook), (c) => c.json({ type: c.get('webhook').event.type }));
    app.post('/after-form', readFirst((c) => c.req.formData()), honoWebhook(new Webhook(SECRET, { parse: false })), (c) => c.json({}));
    app.onError((err, c) => c.json({ code: err.code, message: err.message }, 500));
    const req = (path, headers = signedHeaders(), body = BODY) => app.request(path, { method: 'POST', body, headers });
    const ok = await req('/hook');
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { type: 'order.paid', again: 'order.paid' });
    const bad = await req('/hook', { ...signedHeaders(), 'webhook-timestamp': '1' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).code, 'no_matching_signature');
    // c.req.json() caches the text, which still has the received length: verifiable.
    assert.equal((await req('/after-json')).status, 200);
    // A form read as FormData first would come back re-encoded: refused with the fix.
    const form = 'a=1&b=%C3%A9+x';
    const late = await req('/after-form', { ...signedHeaders(form), 'content-type': 'application/x-www-form-urlencoded' }, form);
    assert.equal(late.status, 500);
    const lateBody = await late.json();
    assert.equal(lateBody.code, 'body_already_parsed');
    assert.match(lateBody.message, /before any validator/);
  });
});

describe('next', () => {
  test('App Router: withWebhook wraps a route handler', async () => {
    const POST = withWebhook(webhook, async (v, request) => Response.json({ type: v.event.type, url: request.url }));
    const url = 'https://example.com/api/webhooks';
    const ok = await POST(new Request(url, { method: 'POST', body: BODY, headers: signedHeaders() }), {});
    assert.deepEqual(await ok.json(), { type: 'order.paid', url });
    const bad = await POST(new Request(url, { method: 'POST', body: `${BODY} `, headers: signedHeaders() }), {});
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).code, 'no_matching_signature');
    const used = new Request(url, { method: 'POST', body: BODY, headers: signedHeaders() });
    await used.json();
    await assert.rejects(POST(used, {}), (e) => e.code === 'body_already_parsed');
  });

  test('Pages Router: withWebhookApi reads the stream, or explains bodyParser: false', async () => {
    const handler = withWebhookApi(webhook, (v, req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ type: v.event.type }));
    });
    const server = createServer(async (req, res) => {
      if (req.url === '/parsed') req.body = JSON.parse(await new Response(req).text());
      try {
        await handler(req, res);
      } catch (e) {
        res.statusCode = 500;
        res.end(JSON.stringify({ code: e.code, message: e.message }));
      }
    });
    const base = await listen(server);
    assert.deepEqual(await post(`${base}/raw`), { status: 200, body: { type: 'order.paid' } });
    assert.equal((await post(`${base}/raw`, { headers: { ...signedHeaders(), 'webhook-signature': 'v2,x' } })).body.code, 'missing_signature');
    const parsed = await post(`${base}/parsed`);
    assert.equal(parsed.body.code, 'body_already_parsed');
    assert.match(parsed.body.message, /bodyParser: false/);
  });
});
