// The debugger served by the Worker gateway (workerd via Miniflare, the built Worker with its
// static assets), and sign mode end to end: the curl command the page produces, run against
// the local gateway, is accepted and forwarded to the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startDemoGateway } from '../../worker/test/harness.mjs';
import { ROOT } from './serve.mjs';

const run = promisify(execFile);
const SHOTS = join(ROOT, 'artifacts', 'debugger');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let gw;
let browser;
let page;
let pageResponse;
const requestsAfterLoad = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  gw = await startDemoGateway({ secret: SECRET });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => { throw e; });
  pageResponse = await page.goto(`${gw.url}/`);
  await page.waitForFunction(() => window.__hookgateReady === true, null, { timeout: 15000 });
  page.on('request', (r) => requestsAfterLoad.push(r.url()));
});

after(async () => {
  await browser?.close();
  await gw?.dispose();
});

test('the Worker serves the page with a CSP that forbids every connection', async () => {
  assert.equal(pageResponse.status(), 200);
  const csp = (await pageResponse.allHeaders())['content-security-policy'];
  assert.match(csp, /connect-src 'none'/);
  assert.equal(await page.title(), 'hookgate · webhook signature debugger');
});

test("sign mode's curl command is accepted by the local gateway and reaches the origin once", async () => {
  await page.click('#tab-sign');
  await page.selectOption('#sign-scheme', 'standard_webhooks');
  await page.fill('#sign-secret', SECRET);
  await page.fill('#sign-url', `${gw.url}/hooks/demo`);
  await page.fill('#sign-body', '{"type":"debugger.test","data":{"hello":"world"}}');
  await page.click('#sign-button');
  const curl = await page.textContent('#curl');
  await page.screenshot({ path: join(SHOTS, 'sign-mode.png'), fullPage: true });
  assert.match(curl, /^curl -sS -X POST/);
  // The demo origin runs in this process: the command must run asynchronously.
  const sent = await run('bash', ['-c', `${curl} -o /dev/null -w '%{http_code}'`], { timeout: 20000 });
  assert.equal(sent.stdout, '200');
  assert.equal(gw.origin.deliveries.length, 1);
  const [delivery] = gw.origin.deliveries;
  assert.equal(delivery.body.toString('utf8'), '{"type":"debugger.test","data":{"hello":"world"}}');
  assert.ok(delivery.signatureOk, 'the origin verified hookgate\'s own signature');
  // The same command again is a duplicate: answered 200, not forwarded.
  const again = await run('bash', ['-c', `${curl} -o /dev/null -w '%{http_code}'`], { timeout: 20000 });
  assert.equal(again.stdout, '200');
  assert.equal(gw.origin.deliveries.length, 1);
});

test('the page made no network request after load', () => {
  assert.deepEqual(requestsAfterLoad, []);
});
