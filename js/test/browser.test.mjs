// The web build in headless Chromium: the page imports web.mjs as a bundler-less site would,
// checks the not-initialised error, awaits init() (fetching the verification module's .wasm),
// checks the public-key module's not-initialised error and awaits initPublicKey(), runs every
// shared vector file with the same runner as the Node suites, then checks the tools module's
// not-initialised error and awaits initTools() (each fetching its .wasm).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { vectorFiles } from './vectors.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const JS_ROOT = new URL('../', import.meta.url);
const VECTORS = new URL('../../tests/vectors/', import.meta.url);
const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import * as hookgate from '/web.mjs';
import { runFile } from '/test/vector-runner.mjs';
let before = 'no error';
try { new hookgate.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'); } catch (e) { before = e.code + ':' + (e instanceof hookgate.WebhookConfigError); }
window.__run = async (files) => {
  await Promise.all([hookgate.init(), hookgate.init()]);
  // A public key (Discord's Ed25519) needs the public-key module, which init() does not load.
  let publicKeyBefore = 'no error';
  try { new hookgate.Webhook('638305d237d531cf5b458fd4008569afce9780d584dc5bcc086737cb6d398d0a', { scheme: 'discord' }); } catch (e) { publicKeyBefore = e.code + ':' + e.message.includes('initPublicKey()'); }
  await Promise.all([hookgate.initPublicKey(), hookgate.initPublicKey()]);
  let total = 0;
  const failures = [];
  for (const file of files) {
    const data = await (await fetch('/vectors/' + file)).json();
    total += data.cases.length;
    failures.push(...runFile(hookgate, { file, ...data }));
  }
  // The tools module: not loaded by init(); initTools() fetches it next to its glue.
  let toolsBefore = 'no error';
  try { hookgate.sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{}'); } catch (e) { toolsBefore = e.code + ':' + e.message.includes('initTools()'); }
  await Promise.all([hookgate.initTools(), hookgate.initTools()]);
  const signed = hookgate.sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{}', { id: 'msg_1' }).headers;
  const toolsAfter = new hookgate.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify('{}', signed).id;
  return { before, publicKeyBefore, total, failures, toolsBefore, toolsAfter, userAgent: navigator.userAgent };
};
window.__ready = true;
</script>`;

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/test.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(PAGE);
    }
    const file = path.startsWith('/vectors/') ? new URL(path.slice('/vectors/'.length), VECTORS) : new URL(`.${path}`, JS_ROOT);
    const local = fileURLToPath(file);
    if (path.includes('..') || !existsSync(local)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(local)] ?? 'application/octet-stream' });
    res.end(readFileSync(local));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('web build in headless Chromium: init() and every shared vector', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM} (scripts/setup.sh installs it)`, timeout: 120_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/test.html`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
    const files = vectorFiles().map((f) => f.file);
    const result = await page.evaluate((names) => window.__run(names), files);
    assert.deepEqual(errors, []);
    assert.equal(result.before, 'not_initialized:true');
    assert.equal(result.publicKeyBefore, 'not_initialized:true');
    assert.equal(result.toolsBefore, 'not_initialized:true');
    assert.equal(result.toolsAfter, 'msg_1');
    assert.ok(result.total > 800, `ran ${result.total} cases`);
    assert.equal(result.failures.length, 0, result.failures.join('\n'));
  } finally {
    await browser.close();
    server.close();
  }
});
