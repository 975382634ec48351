// Browsers (and runtimes without the `node`/`worker` conditions): the wasm is fetched by
// `await init()` (the verification module: `Webhook` with a built-in scheme and a shared
// secret) and, when needed, `await initPublicKey()` (the public-key module: the same with
// Ed25519 and ECDSA P-256 keys, for Discord, SendGrid, a `whpk_` key, ...) or
// `await initTools()` (the tools module: custom scheme specs, sign, detectScheme, schemes,
// explain, normalize, toSlack, toDiscord). All are idempotent; every other call is
// synchronous. The public-key and tools modules verify every built-in scheme too, so a page
// that needs one of them may load it alone.
import * as verifyGlue from './dist/web/hookgate_wasm.js';
import * as publicKeyGlue from './dist/web/hookgate_public_key.js';
import * as toolsGlue from './dist/web/hookgate_tools.js';
import { createApi } from './lib/api.mjs';
import { configError } from './lib/errors.mjs';

const verifyModule = { glue: verifyGlue, ready: false, pending: null };
const publicKeyModule = { glue: publicKeyGlue, ready: false, pending: null };
const toolsModule = { glue: toolsGlue, ready: false, pending: null };

function getVerify() {
  if (verifyModule.ready) return verifyGlue;
  if (publicKeyModule.ready) return publicKeyGlue;
  if (toolsModule.ready) return toolsGlue;
  throw configError(
    'not_initialized',
    'hookgate is not initialised: call `await init()` once before using it in a browser (Node and Workers need no init)',
    {},
  );
}

function getPublicKey() {
  if (publicKeyModule.ready) return publicKeyGlue;
  if (toolsModule.ready) return toolsGlue;
  throw configError(
    'not_initialized',
    "hookgate's public-key module is not loaded: call `await initPublicKey()` once before verifying with an Ed25519 or ECDSA P-256 key in a browser (Discord, SendGrid, a `whpk_` key, ...; `await init()` loads only the shared-secret algorithms; Node and Workers need no init)",
    {},
  );
}

function getTools() {
  if (toolsModule.ready) return toolsGlue;
  throw configError(
    'not_initialized',
    "hookgate's tools module is not loaded: call `await initTools()` once before using sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord, webhook.sign or a custom scheme spec in a browser (`await init()` loads only the verification module; Node and Workers need no init)",
    {},
  );
}

async function load(m, input) {
  if (m.ready) return;
  m.pending ??= m.glue.default(input === undefined ? undefined : { module_or_path: input });
  try {
    await m.pending;
    m.ready = true;
  } catch (e) {
    m.pending = null;
    throw e;
  }
}

function loadSync(m, module) {
  if (m.ready) return;
  m.glue.initSync({ module });
  m.ready = true;
}

/**
 * Loads the verification module. Idempotent: later calls return at once. `input` is where the
 * module comes from: a URL or string, a `Request`/`Response`, bytes, or a compiled
 * `WebAssembly.Module`; by default `hookgate_wasm_bg.wasm` next to the glue (bundlers follow
 * that `new URL`).
 */
export const init = (input) => load(verifyModule, input);

/** Synchronous init from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export const initSync = (module) => loadSync(verifyModule, module);

/**
 * Loads the public-key module, as `init` does the verification module (by default
 * `hookgate_public_key_bg.wasm` next to its glue). Idempotent.
 */
export const initPublicKey = (input) => load(publicKeyModule, input);

/** Synchronous initPublicKey from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export const initPublicKeySync = (module) => loadSync(publicKeyModule, module);

/**
 * Loads the tools module, as `init` does the verification module (by default
 * `hookgate_tools_bg.wasm` next to its glue). Idempotent.
 */
export const initTools = (input) => load(toolsModule, input);

/** Synchronous initTools from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export const initToolsSync = (module) => loadSync(toolsModule, module);

export const { Webhook, GatewayWebhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord, dangerousTestTrap } =
  createApi({ verify: getVerify, publicKey: getPublicKey, tools: getTools });
export { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError } from './lib/errors.mjs';
