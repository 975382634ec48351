'use strict';
// Node (CommonJS; node.mjs re-exports this module so ESM and CJS share one wasm instance and
// one set of error classes). The wasm is compiled synchronously on first use (or by init()),
// so importing hookgate costs ~1 ms until it is needed.
const { createApi, HookgateError, WebhookVerificationError, WebhookConfigError } = require('./dist/cjs/api.cjs');

let glue;
const load = () => (glue ??= require('./dist/node/hookgate_wasm.js'));
const api = createApi(load);

module.exports = {
  Webhook: api.Webhook,
  sign: api.sign,
  detectScheme: api.detectScheme,
  schemes: api.schemes,
  explain: api.explain,
  normalize: api.normalize,
  toSlack: api.toSlack,
  toDiscord: api.toDiscord,
  HookgateError,
  WebhookVerificationError,
  WebhookConfigError,
  /** Loads the wasm now rather than on first use; never needed on Node, harmless everywhere. */
  init: () => {
    load();
    return Promise.resolve();
  },
  /** As init(), synchronously. */
  initSync: () => {
    load();
  },
};
