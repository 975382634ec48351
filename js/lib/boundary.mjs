// Generated from js/crate/src/boundary.rs by its test: edit the tables there, then run
// `HOOKGATE_BLESS=1 cargo test -p hookgate-wasm` to rewrite this file.

/**
 * Where `WasmVerifier::verify` writes its result: byte offsets from the address it
 * returns, all little-endian. JS reads the result in place, which is cheaper than
 * building strings or objects across the boundary.
 */
export const RESULT = Object.freeze({
  timestamp: 0,
  keyIndex: 8,
  idLength: 12,
  dedupeLength: 16,
  flags: 20,
  text: 24,
});

/** The bits of the result's `FLAGS`. */
export const RESULT_FLAGS = Object.freeze({
  dedupeIsId: 1,
  idHeaderShift: 8,
});

/**
 * How `WasmVerifier` and `explain` take a tolerance: a kind and two numbers of seconds,
 * `past_s` and `future_s`.
 */
export const TOLERANCE = Object.freeze({
  schemeDefault: 0,
  seconds: 1,
  window: 2,
  unlimited: -1,
});

/**
 * Where `bodyState()` points: the body buffer's address and length as of the last
 * `bodyBuffer` call, two `u32`s, so JS asks for a new buffer only when it must.
 */
export const BODY_STATE = Object.freeze({
  address: 0,
  length: 4,
});

/** The body buffer: the payload of a call, then its header block. */
export const BODY_BUFFER = Object.freeze({
  keepBytes: 4194304,
  maxPayloadBytes: 1073741824,
  maxBytes: 1140850688,
});

/**
 * The header block, the one format in which header values cross: for a list of names
 * (a verifier's `headerNames`, or the names a tools call passes), each value as
 * `PRESENT` + value, or nothing when the header is absent, joined by `SEPARATOR` (which no
 * header value contains). It follows the payload in the body buffer.
 */
export const HEADER_BLOCK = Object.freeze({
  separator: '\0',
  present: '=',
  maxVerifierHeaders: 16,
});

/** Limits on options objects, checked on both sides. */
export const OPTIONS = Object.freeze({
  maxDepth: 32,
  maxPlausibleSeconds: 100000000000,
});
