// Generated from js/crate/src/boundary.rs by its test: edit the tables there, then run
// `HOOKGATE_BLESS=1 cargo test -p hookgate-wasm` to rewrite this file.

/**
 * Where `WasmVerifier::verify` writes its result: byte offsets from the address it
 * returns, all little-endian. JS reads the result in place, which is cheaper than
 * building strings or objects across the boundary.
 */
export const RESULT = Object.freeze({
  /** `f64`: the signed timestamp in epoch seconds; NaN when the scheme has none. */
  timestamp: 0,
  /** `u32`: which secret matched. */
  keyIndex: 8,
  /** `i32`: the id's length in bytes; -1 when there is none. */
  idLength: 12,
  /** `u32`: the dedupe key's length in bytes (0 when it is the id, see `RESULT_FLAGS`). */
  dedupeLength: 16,
  /** `u32`: `RESULT_FLAGS`. */
  flags: 20,
  /** The id's UTF-8, then the dedupe key's. */
  text: 24,
});

/** The bits of the result's `FLAGS`. */
export const RESULT_FLAGS = Object.freeze({
  /** The dedupe key is the id (and is not written again). */
  dedupeIsId: 1,
  /**
   * The bits from here up hold 1 + the index of the header whose value is the id (0:
   * none), so JS reuses its own string instead of decoding one.
   */
  idHeaderShift: 8,
});

/**
 * How `WasmVerifier` and `explain` take a tolerance: a kind and two numbers of seconds,
 * `past_s` and `future_s`.
 */
export const TOLERANCE = Object.freeze({
  /** The scheme's own tolerance (both numbers ignored). */
  schemeDefault: 0,
  /** `past_s` seconds in the scheme's own direction. */
  seconds: 1,
  /** The window `past_s`/`future_s`. */
  window: 2,
  /** A window side with no limit (any negative number is read so). */
  unlimited: -1,
});

/**
 * Where `bodyState()` points: the body buffer's address and length as of the last
 * `bodyBuffer` call, two `u32`s, so JS asks for a new buffer only when it must.
 */
export const BODY_STATE = Object.freeze({
  /** `u32`: the body buffer's address in the module's memory. */
  address: 0,
  /** `u32`: its length. */
  length: 4,
});

/** The body buffer: the payload of a call, then its header block. */
export const BODY_BUFFER = Object.freeze({
  /** A buffer left larger than this by a big payload is released before a small one. */
  keepBytes: 4194304,
  /** The largest payload (the `maxPayloadBytes` option's ceiling, 1 GiB). */
  maxPayloadBytes: 1073741824,
  /**
   * The buffer never grows past this (the largest payload plus room for its headers),
   * so a bad length is a typed error instead of gigabytes of zeroed memory.
   */
  maxBytes: 1140850688,
});

/**
 * The header block, the one format in which header values cross: for a list of names
 * (a verifier's `headerNames`, or the names a tools call passes), each value as
 * `PRESENT` + value, or nothing when the header is absent, joined by `SEPARATOR` (which no
 * header value contains). It follows the payload in the body buffer.
 */
export const HEADER_BLOCK = Object.freeze({
  /** Between values, and between the names of a names list. */
  separator: '\0',
  /** Before a value that is present. */
  present: '=',
  /** Distinct header names a verifier may read (a scheme names a handful). */
  maxVerifierHeaders: 16,
});

/** Limits on options objects, checked on both sides. */
export const OPTIONS = Object.freeze({
  /** Options nest a few levels (a custom spec: four); deeper is a mistake or a cycle. */
  maxDepth: 32,
  /** Epoch seconds above this (year 5138) are milliseconds passed by mistake. */
  maxPlausibleSeconds: 100000000000,
});
