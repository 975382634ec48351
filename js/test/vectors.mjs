// The shared vector files, read from tests/vectors/ (the same files as the Rust suite).
import { readFileSync, readdirSync } from 'node:fs';

export const VECTOR_DIR = new URL('../../tests/vectors/', import.meta.url);

/** `[{ file, scheme, cases }]`, sorted by file name. */
export function vectorFiles() {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(new URL(file, VECTOR_DIR), 'utf8')) }));
}

/**
 * A usable secret for a built-in scheme, in the key format of its first algorithm: a shared
 * secret for HMAC, a 32-byte key for Ed25519 (a public key to verify, a seed to sign), and
 * the first SendGrid vector's public key for ECDSA.
 */
export function testSecret(spec) {
  const alg = spec.signature.algorithms[0];
  const key = alg.key ?? {};
  const bytes = Buffer.alloc(32, 0xee); // a valid Ed25519 point, and any 32 bytes are a seed
  if (alg.algorithm === 'ecdsa_p256_sha256') {
    return JSON.parse(readFileSync(new URL('sendgrid.json', VECTOR_DIR), 'utf8')).cases[0].secrets[0];
  }
  const text = key.encoding === 'hex' ? bytes.toString('hex') : key.encoding === 'base64' ? bytes.toString('base64') : 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  return key.prefix && key.prefix_required ? key.prefix + text : text;
}
