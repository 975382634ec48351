// The registry as published in the package: schemes.json (generated from the Rust registry by
// tests/registry.rs) against scheme-spec.schema.json and against the runtime's schemes(); every
// id and alias, in any spelling, as the `scheme` option.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { PUBLIC_KEY_SCHEMES } from '../lib/api.mjs';
import { hookgate, target } from './impl.mjs';
import { REGISTRY, spellings, testSecret, vectorFiles } from './vectors.mjs';
import { caseBody } from './vector-runner.mjs';

const SCHEMA = JSON.parse(readFileSync(new URL('../scheme-spec.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(SCHEMA);

describe(`registry (${target} build)`, () => {
  test('every published spec fits scheme-spec.schema.json', () => {
    const bad = REGISTRY.schemes.filter(({ spec }) => !validate(spec)).map(({ spec }) => `${spec.id}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(bad, []);
    assert.equal(REGISTRY.count, REGISTRY.schemes.length);
  });

  test('the schemes that go straight to the public-key module are those that sign only with public keys', () => {
    const publicKeyOnly = REGISTRY.schemes
      .map(({ spec }) => spec)
      .filter((spec) => spec.signature.algorithms.every(({ algorithm }) => algorithm === 'ed25519' || algorithm === 'ecdsa_p256_sha256'))
      .flatMap((spec) => [spec.id, ...(spec.aliases ?? [])]);
    assert.deepEqual([...PUBLIC_KEY_SCHEMES].sort(), publicKeyOnly.sort());
  });

  test('the schema rejects what SchemeSpec.from_json rejects', () => {
    const stripe = structuredClone(REGISTRY.schemes.find(({ spec }) => spec.id === 'stripe').spec);
    const broken = [
      { ...stripe, unknown_field: 1 },
      { ...stripe, signed_content: '{nope}.{body}' },
      { ...stripe, id: '' },
      { ...stripe, signature: { ...stripe.signature, algorithms: [{ ...stripe.signature.algorithms[0], algorithm: 'md5' }] } },
      { ...stripe, signature: { ...stripe.signature, from: [{ header: 'a', json: '/b' }] } },
      { ...stripe, signature: { ...stripe.signature, format: { kind: 'list', separator: ',,', assign: '=' } } },
      { ...stripe, timestamp: { ...stripe.timestamp, unit: 'minutes' } },
    ];
    for (const spec of broken) {
      assert.equal(validate(spec), false, JSON.stringify(spec).slice(0, 120));
      assert.throws(() => new hookgate.Webhook('s', { scheme: spec }), { name: 'WebhookConfigError' });
    }
  });

  test('schemes() is schemes.json, in order', () => {
    assert.deepEqual(hookgate.schemes(), REGISTRY.schemes.map(({ spec }) => spec));
  });

  test('every published spec works as a custom scheme', () => {
    for (const { spec } of REGISTRY.schemes) {
      assert.equal(new hookgate.Webhook(testSecret(spec), { scheme: spec }).scheme, spec.id);
    }
  });

  test('every id and alias, in any case and with - for _, names its scheme', () => {
    let n = 0;
    for (const { spec } of REGISTRY.schemes) {
      for (const name of spellings(spec)) {
        assert.equal(new hookgate.Webhook(testSecret(spec), { scheme: name }).scheme, spec.id, name);
        n += 1;
      }
    }
    assert.ok(n > 3 * REGISTRY.count);
    assert.throws(() => new hookgate.Webhook('s', { scheme: 'no_such_provider' }), { name: 'WebhookConfigError' });
  });

  test('detectScheme over every verifying vector: its scheme, well formed, first or tied with the first', () => {
    const bad = [];
    let n = 0;
    for (const { file, scheme, cases } of vectorFiles()) {
      for (const c of cases.filter((x) => x.expect.ok && !x.signature_header)) {
        n += 1;
        const found = hookgate.detectScheme(c.headers ?? {}, caseBody(c).bytes);
        const mine = found.find((d) => d.scheme === scheme);
        if (!mine || !mine.wellFormed || (found[0].scheme !== scheme && !found[0].ambiguousWith.includes(scheme))) {
          bad.push(`${file} ${c.name}: ${JSON.stringify(found.slice(0, 3).map((d) => [d.scheme, d.wellFormed, d.ambiguousWith.length]))}`);
        }
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(n > 1000);
  });
});
