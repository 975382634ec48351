// Browsers (and runtimes without the `node`/`worker` conditions): the wasm is fetched by
// `await init()`, once; every other call is synchronous.
import * as glue from './dist/web/hookgate_wasm.js';
import { createApi } from './lib/api.mjs';
import { configError } from './lib/errors.mjs';

let ready = false;
let pending = null;

function getGlue() {
  if (!ready) {
    throw configError(
      'not_initialized',
      'hookgate is not initialised: call `await init()` once before using it in a browser (Node and Workers need no init)',
      {},
    );
  }
  return glue;
}

/**
 * Loads the wasm. Idempotent: later calls return at once. `input` is where the module comes
 * from: a URL or string, a `Request`/`Response`, bytes, or a compiled `WebAssembly.Module`;
 * by default `hookgate_wasm_bg.wasm` next to the glue (bundlers follow that `new URL`).
 */
export async function init(input) {
  if (ready) return;
  pending ??= glue.default(input === undefined ? undefined : { module_or_path: input });
  try {
    await pending;
    ready = true;
  } catch (e) {
    pending = null;
    throw e;
  }
}

/** Synchronous init from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export function initSync(module) {
  if (ready) return;
  glue.initSync({ module });
  ready = true;
}

const api = createApi(getGlue);

export const Webhook = api.Webhook;
export const sign = api.sign;
export const detectScheme = api.detectScheme;
export const schemes = api.schemes;
export const explain = api.explain;
export const normalize = api.normalize;
export const toSlack = api.toSlack;
export const toDiscord = api.toDiscord;
export { HookgateError, WebhookConfigError, WebhookVerificationError } from './lib/errors.mjs';
