// The published artifact: `npm pack` the package, install the tarball into a fresh temporary
// project, and use it from CommonJS, ESM and TypeScript (type-checked, compiled and run).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const JS_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let dir;
let files;

function run(cmd, args, cwd = dir) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookgate-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], JS_DIR));
  files = packed[0].files.map((f) => f.path).sort();
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `./${tarball}`]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the runtime files and nothing else', () => {
  for (const f of ['package.json', 'README.md', 'index.d.ts', 'node.cjs', 'web.mjs', 'worker.mjs', 'lib/api.mjs', 'lib/boundary.mjs', 'lib/engine.mjs', 'lib/errors.mjs', 'lib/headers.mjs', 'lib/options.mjs', 'lib/payload.mjs', 'dist/node/hookgate_wasm.js', 'dist/node/hookgate_wasm_bg.wasm', 'dist/web/hookgate_wasm.js', 'dist/web/hookgate_wasm_bg.wasm', 'dist/node/hookgate_public_key.js', 'dist/node/hookgate_public_key_bg.wasm', 'dist/web/hookgate_public_key.js', 'dist/web/hookgate_public_key_bg.wasm', 'dist/node/hookgate_tools.js', 'dist/node/hookgate_tools_bg.wasm', 'dist/web/hookgate_tools.js', 'dist/web/hookgate_tools_bg.wasm', 'dist/cjs/api.cjs', 'dist/cjs/svix.cjs', 'svix.mjs', 'svix.d.ts', 'express.mjs', 'next.d.ts']) {
    assert.ok(files.includes(f), `missing ${f}`);
  }
  for (const f of files) assert.doesNotMatch(f, /^(test|bench|crate)\/|\.rs$|\.tgz$/, `should not ship ${f}`);
});

const COMMON = `
const body = JSON.stringify({ type: 'ping', n: 1 });
const headers = hookgate.sign('${SECRET}', body, { id: 'msg_1' }).headers;
const v = new hookgate.Webhook('${SECRET}').verify(body, headers);
if (v.event.type !== 'ping' || v.id !== 'msg_1') throw new Error('bad result ' + JSON.stringify(v));
let code;
try { new hookgate.Webhook('${SECRET}').verify(body + ' ', headers); } catch (e) { code = e instanceof hookgate.WebhookVerificationError && e.code; }
if (code !== 'no_matching_signature') throw new Error('bad error ' + code);
const sw = new shim.Webhook('${SECRET}');
if (sw.verify(body, headers).n !== 1) throw new Error('shim');
console.log('ok');
`;

test('CommonJS: require("hookgate") and a subpath', () => {
  writeFileSync(join(dir, 'use.cjs'), `const hookgate = require('hookgate'); const shim = require('hookgate/standardwebhooks');\n${COMMON}\nif (typeof require('hookgate/express').webhookMiddleware !== 'function') throw new Error('express');`);
  assert.equal(run('node', ['use.cjs']).trim(), 'ok');
});

test('ESM: import, and one instance shared with require', () => {
  writeFileSync(
    join(dir, 'use.mjs'),
    `import * as hookgate from 'hookgate'; import * as shim from 'hookgate/svix'; import { createRequire } from 'node:module';\n${COMMON.replace("shim.Webhook('", "shim.Webhook('")}\nif (createRequire(import.meta.url)('hookgate').WebhookVerificationError !== hookgate.WebhookVerificationError) throw new Error('two instances');`.replace(
      "sw.verify(body, headers)",
      "sw.verify(body, { 'svix-id': headers['webhook-id'], 'svix-timestamp': headers['webhook-timestamp'], 'svix-signature': headers['webhook-signature'] })",
    ),
  );
  assert.equal(run('node', ['use.mjs']).trim(), 'ok');
});

test('TypeScript: type-checks against the shipped .d.ts (ESM and CJS consumers), compiles and runs', () => {
  writeFileSync(
    join(dir, 'use.mts'),
    `import { Webhook, sign, WebhookVerificationError, type Verified } from 'hookgate';
import { Webhook as Svix } from 'hookgate/svix';
const body = '{"amount":42}';
const headers = sign('${SECRET}', body, { id: 'msg_ts' }).headers;
const v: Verified<{ amount: number }> = new Webhook('${SECRET}').verify<{ amount: number }>(body, headers);
const n: number = v.event.amount;
const err: typeof WebhookVerificationError = WebhookVerificationError;
const typo = () =>
  // @ts-expect-error unknown option
  new Webhook('${SECRET}', { tolerence: 5 });
void typo;
void new Svix('${SECRET}');
console.log(n === 42 && err.name === 'WebhookVerificationError' ? 'ok' : 'bad');
`,
  );
  writeFileSync(
    join(dir, 'use.cts'),
    `import hookgate = require('hookgate');
const wh: hookgate.Webhook = new hookgate.Webhook('${SECRET}', { scheme: 'stripe' });
console.log(wh.scheme === 'stripe' ? 'ok' : 'bad');
`,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'node16', moduleResolution: 'node16', strict: true, outDir: 'out', lib: ['es2022'], types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')], skipLibCheck: false },
      files: ['use.mts', 'use.cts'],
    }),
  );
  run('node', [TSC, '-p', 'tsconfig.json']);
  assert.equal(run('node', ['out/use.mjs']).trim(), 'ok');
  assert.equal(run('node', ['out/use.cjs']).trim(), 'ok');
});
