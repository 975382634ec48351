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
