// Cloudflare Workers and other workerd-style runtimes (export conditions `workerd`/`worker`):
// the wasm is imported as a compiled module (Workers forbid compiling bytes at run time) and
// instantiated synchronously here, so there is nothing to await: init() is a no-op.
import wasmModule from './dist/web/hookgate_wasm_bg.wasm';
import * as glue from './dist/web/hookgate_wasm.js';
import { createApi } from './lib/api.mjs';

glue.initSync({ module: wasmModule });

const api = createApi(() => glue);

export const Webhook = api.Webhook;
export const sign = api.sign;
export const detectScheme = api.detectScheme;
export const schemes = api.schemes;
export const explain = api.explain;
export const normalize = api.normalize;
export const toSlack = api.toSlack;
export const toDiscord = api.toDiscord;
/** No-op: the module is instantiated on import. */
export const init = () => Promise.resolve();
/** No-op. */
export const initSync = () => {};
export { HookgateError, WebhookConfigError, WebhookVerificationError } from './lib/errors.mjs';
