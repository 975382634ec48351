// Loads the npm package's web build with the wasm embedded (so the page needs no network:
// its CSP has `connect-src 'none'`) and adapts it to what the page renders.
import { initSync, explain, sign, schemes } from './hookgate/web.mjs';
import wasmBase64 from './hookgate/wasm-inline.mjs';

export async function loadEngine() {
  initSync(Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0)));
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
