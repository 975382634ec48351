// Loads the npm package's web build with its tools module embedded (so the page needs no
// network: its CSP has `connect-src 'none'`) and adapts it to what the page renders. explain,
// sign and schemes live in the tools module, which verifies the built-in schemes too, so the
// verification module is not needed.
import { initToolsSync, explain, sign, schemes } from './hookgate/web.mjs';
import wasmBase64 from './hookgate/wasm-inline.mjs';

export async function loadEngine() {
  initToolsSync(Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0)));
  return {
    schemes,
    explain: (request, secrets, options) =>
      explain({ headers: request.headers, payload: request.body, url: request.url, method: request.method }, secrets, options),
    sign: ({ scheme, secret, body, id, timestamp, url, method }) => {
      const signed = sign(secret, body, { scheme, id, timestamp, url, method });
      return { headers: Object.entries(signed.headers), bodyFields: Object.entries(signed.bodyFields ?? {}) };
    },
  };
}
