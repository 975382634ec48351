// End to end: the debugger page in headless Chromium (Debian's, driven by playwright-core),
// served by a plain static server on 127.0.0.1. Screenshots go to artifacts/debugger/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { serveStatic, ROOT } from './serve.mjs';

const SITE = join(ROOT, 'debugger', 'dist');
const SHOTS = join(ROOT, 'artifacts', 'debugger');
const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const BODY = '{"type":"invoice.paid","timestamp":"2026-11-23T17:00:00Z","data":{"id":"in_1","customer":"Zoë","amount":4200}}';

let server;
let browser;
let page;
const requestsAfterLoad = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveStatic(SITE);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(server.url + '/');
  await page.waitForFunction(() => window.__hookgateReady === true, null, { timeout: 15000 });
  // From here on, the page must not touch the network at all.
  page.on('request', (r) => requestsAfterLoad.push(r.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function standardRequest(body, ts) {
  const wh = new StandardWebhook(SECRET);
  const id = 'msg_2fSy0ylMC7qqrGphiN5Yb3XYn1k';
  const signature = wh.sign(id, new Date(ts * 1000), body);
  return `POST /webhooks HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\nwebhook-id: ${id}\nwebhook-timestamp: ${ts}\nwebhook-signature: ${signature}\n\n${body}`;
}

async function check({ capture, secrets, clock = 'ignore', scheme = '' }) {
  await page.click('#tab-verify');
  await page.fill('#capture', capture);
  await page.fill('#secrets', secrets.join('\n'));
  await page.selectOption('#scheme', scheme);
  await page.check(`input[name="clock"][value="${clock}"]`);
  await page.click('#check');
  await page.waitForSelector('#verdict');
  return {
    verdict: await page.getAttribute('#verdict', 'data-verdict'),
    causes: await page.$$eval('#causes li', (lis) => lis.map((li) => li.dataset.code)),
  };
}

test('a valid Standard Webhooks request verifies, with the matched secret and signed content', async () => {
  const now = Math.floor(Date.now() / 1000);
  const r = await check({ capture: standardRequest(BODY, now), secrets: ['whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', SECRET], clock: 'now' });
  assert.equal(r.verdict, 'valid');
  assert.equal(await page.textContent('#matched-key'), '#2');
  assert.match(await page.textContent('#scheme-report'), /Standard Webhooks/);
  assert.match(await page.textContent('#signed-content'), /^msg_2fSy0ylMC7qqrGphiN5Yb3XYn1k\.\d+\.\{"type"/);
  await page.screenshot({ path: join(SHOTS, 'valid.png'), fullPage: true });
});

test('the same body pretty-printed is invalid, with "body re-serialized" ranked first', async () => {
  const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
  const capture = standardRequest(BODY, 1_700_000_000).replace(BODY, pretty);
  const r = await check({ capture, secrets: [SECRET] });
  assert.equal(r.verdict, 'invalid');
  assert.equal(r.causes[0], 'body_reserialized');
  assert.match(await page.textContent('#signed-content'), /\\n\n/);
  await page.screenshot({ path: join(SHOTS, 'reserialized.png'), fullPage: true });
});

test('a GitHub request checked with a whsec_-prefixed secret names the secret format', async () => {
  const body = '{"zen":"Design for failure.","hook_id":1}';
  const signature = await octokitSign('It\'s a Secret to Everybody', body);
  const capture = `POST /gh HTTP/1.1\nX-GitHub-Event: ping\nX-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958\nX-Hub-Signature-256: ${signature}\n\n${body}`;
  const r = await check({ capture, secrets: ['whsec_It\'s a Secret to Everybody'] });
  assert.equal(r.verdict, 'invalid');
  assert.ok(['secret_prefix', 'secret_encoding'].includes(r.causes[0]), r.causes.join());
  await page.screenshot({ path: join(SHOTS, 'secret-format.png'), fullPage: true });
});

test('an expired timestamp shows the skew', async () => {
  const ts = Math.floor(Date.now() / 1000) - 3600;
  const r = await check({ capture: standardRequest(BODY, ts), secrets: [SECRET], clock: 'now' });
  assert.equal(r.verdict, 'invalid');
  assert.equal(r.causes[0], 'clock_skew');
  assert.match(await page.textContent('#timestamp-age'), /^36\d\d s in the past$/);
  await page.screenshot({ path: join(SHOTS, 'expired.png'), fullPage: true });
});

test('the page made no network request after load', () => {
  assert.deepEqual(requestsAfterLoad, []);
});
