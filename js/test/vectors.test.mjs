// The shared vectors against the build chosen by TEST_WASM (node | web), with the payload as a
// string and as bytes, and the headers as a plain object and as a Fetch `Headers`; the scheme
// by its id, and (second variant) by an alias or another spelling. The Node build runs them
// with each crypto provider (HOOKGATE_NODE_CRYPTO=never: wasm's RustCrypto; always:
// node:crypto, the body held where it is unless the scheme reads it).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { crypto, hookgate, target } from './impl.mjs';
import { caseBody, runFile, verifyOptions, webhookOptions } from './vector-runner.mjs';
import { otherSpelling, vectorFiles } from './vectors.mjs';

for (const file of vectorFiles()) {
  test(`vectors ${file.file} (${target} build${target === 'node' ? `, node:crypto ${crypto}` : ''}, ${file.cases.length} cases)`, () => {
    const failures = runFile(hookgate, file, otherSpelling);
    assert.equal(failures.length, 0, `${failures.length} failed:\n${failures.join('\n')}`);
  });
}

// Issue 15: under default options (`parse: 'auto'`), a genuine request is never refused as a
// forgery, whether it states its content type or not. Form bodies sent as forms (Twilio, Slack,
// Mailgun) become fields; bodies that look like JSON but are not (HubSpot's official vectors
// sign a Python repr) are a WebhookPayloadError, which still carries the verification.
test(`every genuine vector verifies under default options (${target} build)`, (t) => {
  const { Webhook, WebhookPayloadError } = hookgate;
  const isForm = (text) => text !== undefined && text.includes('=') && !/^\s*[[{]/.test(text);
  const counts = { event: 0, fields: 0, none: 0, unparseable: 0 };
  const failures = [];
  for (const { file, scheme, cases } of vectorFiles()) {
    cases.forEach((c, i) => {
      if (!c.expect.ok) return;
      const { bytes, text } = caseBody(c);
      const { parse, ...options } = webhookOptions(scheme, c);
      // As the vector is written (no Content-Type), and as the provider sends it.
      const typed = isForm(text) ? { ...c.headers, 'content-type': 'application/x-www-form-urlencoded' } : c.headers;
      for (const headers of [c.headers, typed]) {
        try {
          const v = new Webhook(c.secrets, options).verify(text ?? bytes, headers, verifyOptions(c));
          if (v.event === undefined) counts.none += 1;
          else if (headers !== c.headers) counts.fields += 1;
          else counts.event += 1;
        } catch (e) {
          if (e instanceof WebhookPayloadError && e.result?.keyIndex === c.expect.ok.key_index) counts.unparseable += 1;
          else failures.push(`${file} #${i} ${c.name}: ${e.constructor.name} ${e.code}: ${e.message}`);
        }
      }
    });
  }
  assert.deepEqual(failures, []);
  assert.ok(counts.fields >= 30 && counts.unparseable <= 20, JSON.stringify(counts));
  t.diagnostic(JSON.stringify(counts));
});
