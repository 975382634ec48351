// Cloudflare Workers and other workerd-style runtimes (export conditions `workerd`/`worker`):
// the wasm modules are imported as compiled modules (Workers forbid compiling bytes at run
// time). The verification module is instantiated here, synchronously; the public-key module
// on first use of a public key (Discord, SendGrid, a `whpk_` key, ...); the tools module on
// first use (a custom scheme spec, sign, detectScheme, ...). There is nothing to await: the
// init functions are no-ops.
import verifyWasm from './dist/web/hookgate_wasm_bg.wasm';
import publicKeyWasm from './dist/web/hookgate_public_key_bg.wasm';
import toolsWasm from './dist/web/hookgate_tools_bg.wasm';
import * as verifyGlue from './dist/web/hookgate_wasm.js';
import * as publicKeyGlue from './dist/web/hookgate_public_key.js';
import * as toolsGlue from './dist/web/hookgate_tools.js';
import { createApi } from './lib/api.mjs';

verifyGlue.initSync({ module: verifyWasm });

let publicKeyReady = false;
function getPublicKey() {
  if (!publicKeyReady) {
    publicKeyGlue.initSync({ module: publicKeyWasm });
    publicKeyReady = true;
  }
  return publicKeyGlue;
}

let toolsReady = false;
function getTools() {
  if (!toolsReady) {
    toolsGlue.initSync({ module: toolsWasm });
    toolsReady = true;
  }
  return toolsGlue;
}

export const { Webhook, GatewayWebhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord, dangerousTestTrap } =
  createApi({ verify: () => verifyGlue, publicKey: getPublicKey, tools: getTools });
/** No-op: the verification module is instantiated on import. */
export const init = () => Promise.resolve();
/** No-op. */
export const initSync = () => {};
/** Instantiates the public-key module now rather than on first use (never needed). */
export const initPublicKey = () => {
  getPublicKey();
  return Promise.resolve();
};
/** As initPublicKey(), synchronously. */
export const initPublicKeySync = () => {
  getPublicKey();
};
/** Instantiates the tools module now rather than on first use (never needed). */
export const initTools = () => {
  getTools();
  return Promise.resolve();
};
/** As initTools(), synchronously. */
export const initToolsSync = () => {
  getTools();
};
export { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError } from './lib/errors.mjs';
