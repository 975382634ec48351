// The shared vectors against the build chosen by TEST_WASM (node | web), with the payload as a
// string and as bytes, and the headers as a plain object and as a Fetch `Headers`. The Node
// build runs them with each crypto provider (HOOKGATE_NODE_CRYPTO=never: wasm's RustCrypto;
// always: node:crypto, the body held where it is unless the scheme reads it).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { crypto, hookgate, target } from './impl.mjs';
import { runFile } from './vector-runner.mjs';
import { vectorFiles } from './vectors.mjs';

for (const file of vectorFiles()) {
  test(`vectors ${file.file} (${target} build${target === 'node' ? `, node:crypto ${crypto}` : ''}, ${file.cases.length} cases)`, () => {
    const failures = runFile(hookgate, file);
    assert.equal(failures.length, 0, `${failures.length} failed:\n${failures.join('\n')}`);
  });
}
