'use strict';
// Node, for both `require` and `import` (the `node` export condition): one instance of each
// wasm module and one set of error classes, whichever way hookgate is loaded. Node finds the
// named exports for `import { Webhook } from 'hookgate'` in the `module.exports = { ... }`
// literal below (keep it a literal of plain names). A CommonJS file imported from ESM also
// starts ~2-3 ms sooner than an ESM wrapper would.
//
// Each wasm module is compiled synchronously on first use, so importing hookgate costs ~1 ms
// until it is needed:
//   - the verification module (dist/node/hookgate_wasm.js) by `new Webhook` with a built-in
//     scheme, the common case;
//   - the public-key module (dist/node/hookgate_public_key.js), the same with Ed25519 and
//     ECDSA P-256, by `new Webhook` with a public key (Discord, SendGrid, a `whpk_` key, ...);
//   - the tools module (dist/node/hookgate_tools.js) by a custom scheme spec, `sign`,
//     `detectScheme`, `schemes`, `explain`, `normalize`, `toSlack`, `toDiscord` and
//     `webhook.sign`. Verification alone never loads it.
//
// Large payloads are hashed by node:crypto (OpenSSL, with the CPU's SHA instructions, which
// WebAssembly lacks), loaded on first need; the engine and every comparison stay in the wasm
// module. HOOKGATE_NODE_CRYPTO=always|never overrides the size threshold (the test suite runs
// every vector both ways).
const { createApi, HookgateError, WebhookVerificationError, WebhookConfigError, WebhookPayloadError } = require('./dist/cjs/api.cjs');

/**
 * Payloads from this size (bytes, or UTF-16 units of a string) go to node:crypto. Measured
 * with `npm run bench` ("The threshold"; Xeon with SHA-NI): at 1 KiB wasm still wins
 * (6.8 µs against 7.7 µs), from 1.5 KiB node:crypto does (11.7 against 12.8 µs; at 3 KiB 8.6
 * against 13.8 µs), the call into OpenSSL then costing less than hashing in wasm.
 */
const NODE_CRYPTO_MIN_BYTES = 1536;
const nodeCryptoMinBytes = { always: 0, never: Infinity }[process.env.HOOKGATE_NODE_CRYPTO] ?? NODE_CRYPTO_MIN_BYTES;

let nodeCrypto;
const host = {
  crypto: () => (nodeCrypto ??= require('node:crypto')),
  minBytes: nodeCryptoMinBytes,
  byteLength: (s) => Buffer.byteLength(s, 'utf8'),
};

let verifyGlue;
let publicKeyGlue;
let toolsGlue;
const loadVerify = () => (verifyGlue ??= require('./dist/node/hookgate_wasm.js'));
const loadPublicKey = () => (publicKeyGlue ??= require('./dist/node/hookgate_public_key.js'));
const loadTools = () => (toolsGlue ??= require('./dist/node/hookgate_tools.js'));
const { Webhook, GatewayWebhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord, dangerousTestTrap } = createApi({ verify: loadVerify, publicKey: loadPublicKey, tools: loadTools, host });

/** Loads the verification module now rather than on first use; never needed on Node. */
const init = () => {
  loadVerify();
  return Promise.resolve();
};
/** As init(), synchronously. */
const initSync = () => {
  loadVerify();
};
/** Loads the public-key module now rather than on first use; never needed on Node. */
const initPublicKey = () => {
  loadPublicKey();
  return Promise.resolve();
};
/** As initPublicKey(), synchronously. */
const initPublicKeySync = () => {
  loadPublicKey();
};
/** Loads the tools module now rather than on first use; never needed on Node. */
const initTools = () => {
  loadTools();
  return Promise.resolve();
};
/** As initTools(), synchronously. */
const initToolsSync = () => {
  loadTools();
};

module.exports = {
  Webhook,
  GatewayWebhook,
  sign,
  detectScheme,
  schemes,
  explain,
  normalize,
  toSlack,
  toDiscord,
  HookgateError,
  WebhookVerificationError,
  WebhookConfigError,
  WebhookPayloadError,
  init,
  initSync,
  initPublicKey,
  initPublicKeySync,
  initTools,
  initToolsSync,
  dangerousTestTrap,
};
