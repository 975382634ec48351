// The implementation under test: TEST_WASM=node (default) loads the Node build, TEST_WASM=web
// the browser build (every module initialised from the .wasm bytes, as a bundler-less page
// would).
import { readFileSync } from 'node:fs';

export const target = process.env.TEST_WASM ?? 'node';
/** Where the Node build takes its MACs from: HOOKGATE_NODE_CRYPTO (auto: by payload size). */
export const crypto = process.env.HOOKGATE_NODE_CRYPTO ?? 'auto';

async function load() {
  if (target === 'node') return import('../node.cjs');
  if (target === 'web') {
    const web = await import('../web.mjs');
    await web.init(readFileSync(new URL('../dist/web/hookgate_wasm_bg.wasm', import.meta.url)));
    await web.initPublicKey(readFileSync(new URL('../dist/web/hookgate_public_key_bg.wasm', import.meta.url)));
    await web.initTools(readFileSync(new URL('../dist/web/hookgate_tools_bg.wasm', import.meta.url)));
    return web;
  }
  throw new Error(`TEST_WASM must be node or web, not ${target}`);
}

export const hookgate = await load();
