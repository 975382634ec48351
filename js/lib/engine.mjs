// One wasm module's memory as the wrapper uses it: the body buffer (where a call's payload and
// its header block are written, once), a view for reading `verify` results in place, and, where
// the host has faster crypto (Node), the host side of the module's crypto provider. Each module
// has its own memory, so each gets its own `Engine`. The numbers both sides agree on are in
// ./boundary.mjs (generated from js/crate/src/boundary.rs).

import { BODY_BUFFER, BODY_STATE, HOST_ALGORITHM, HOST_CALL, RESULT, RESULT_FLAGS, VERIFY_MODE } from './boundary.mjs';
import { HookgateError, configError, invalidArgument } from './errors.mjs';

/** String payloads up to this many UTF-16 units are written together with the headers. */
const ONE_CALL_CHARS = 2048;

const { keepBytes: KEEP_BUFFER_BYTES } = BODY_BUFFER;
const { address: STATE_ADDRESS, length: STATE_LENGTH } = BODY_STATE;
const { timestamp: AT_TIMESTAMP, keyIndex: AT_KEY_INDEX, idLength: AT_ID_LENGTH, dedupeLength: AT_DEDUPE_LENGTH, flags: AT_FLAGS, replayLength: AT_REPLAY_LENGTH, text: AT_TEXT } = RESULT;
const { dedupeIsId: DEDUPE_IS_ID, dedupeIsBodyDigest: DEDUPE_IS_BODY_DIGEST, bodySigned: BODY_SIGNED, dedupeKeySigned: DEDUPE_KEY_SIGNED, timestampSigned: TIMESTAMP_SIGNED, idHeaderShift: ID_HEADER_SHIFT } = RESULT_FLAGS;
const { hostCrypto: HOST_CRYPTO, bodyElsewhere: BODY_ELSEWHERE } = VERIFY_MODE;
const { body: BODY, entryBytes: ENTRY_BYTES } = HOST_CALL;
/** `HostCrypto::compute`'s MACs, by their `HOST_ALGORITHM` number, as `node:crypto` names them. */
const HMAC_NAMES = { [HOST_ALGORITHM.hmacSha1]: 'sha1', [HOST_ALGORITHM.hmacSha256]: 'sha256', [HOST_ALGORITHM.hmacSha512]: 'sha512' };

const encoder = new TextEncoder();
/** Where `compute` gathers the chunks around a body (grown as needed). */
let scratch = new Uint8Array(256);
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const decoder = new TextDecoder();

/**
 * Per wasm module (its glue), shared by every `Engine` over it: what its host-crypto import
 * reads (`held`: the payload kept out of wasm memory for the current call, or null;
 * `payloadLength`: the length of the one written in the body buffer) and whether the import is
 * wired. The import is the module's, so this state is too, however many APIs use the module.
 */
const modules = new WeakMap();

function moduleOf(glue) {
  let m = modules.get(glue);
  if (m === undefined) modules.set(glue, (m = { held: null, payloadLength: 0, hosted: false }));
  return m;
}

/** `replay:` and the hex of a replay key's digest. */
function replayKey(digest) {
  let hex = 'replay:';
  for (const b of digest) hex += HEX[b];
  return hex;
}

/** Forgets a module's shared state: its instance was replaced (a trap), so the host-crypto import is wired again. */
export function forgetModule(glue) {
  modules.delete(glue);
}

/**
 * The host's crypto, when there is one (Node):
 * `{ crypto(): node:crypto, minBytes, byteLength(string) }`. Payloads of at least `minBytes`
 * are hashed by `crypto()`; smaller ones here, where the call to the host costs more than the
 * hashing.
 */
export class Engine {
  constructor(glue, host) {
    this.glue = glue;
    this.memory = glue.wasmMemory();
    this.bytes = new Uint8Array(this.memory.buffer);
    this.view = new DataView(this.memory.buffer);
    /** Where the module records the body buffer's address and length (`bodyState`). */
    this.state = glue.bodyState();
    /** The byte length of the `tail` written by the last `writePayload`. */
    this.tailLength = 0;
    /** The module's shared state (`moduleOf`). */
    this.module = moduleOf(glue);
    this.host = null;
    if (host != null && typeof glue.setHostCrypto === 'function') {
      this.host = host;
      if (!this.module.hosted) {
        glue.setHostCrypto({ compute: (...args) => this.compute(...args) });
        this.module.hosted = true;
      }
    }
  }

  /**
   * How `WasmVerifier::verify` should run for `payload` (VERIFY_MODE): here, or with the
   * host's crypto, the body kept out of wasm memory unless the verifier reads it.
   */
  verifyMode(payload, readsBody) {
    const host = this.host;
    if (host === null) return 0;
    const size = typeof payload === 'string' ? payload.length : (payload?.byteLength ?? 0);
    if (!(size >= host.minBytes)) return 0;
    return readsBody ? HOST_CRYPTO : HOST_CRYPTO | BODY_ELSEWHERE;
  }

  /**
   * Keeps `payload` for the host to hash where it is (VERIFY_MODE.bodyElsewhere) and writes
   * only `tail` (the header block) into the body buffer; returns 0, the length of the body
   * the module sees. `release()` drops it after the call.
   */
  holdPayload(payload, limit, tail) {
    if (typeof payload === 'string') {
      if (payload.length > limit) throw tooLarge(payload.length, limit);
      // UTF-8 takes at most 3 bytes per UTF-16 unit: count them only when that could matter.
      if (payload.length * 3 > limit) {
        const size = this.host.byteLength(payload);
        if (size > limit) throw tooLarge(size, limit);
      }
      this.module.held = payload;
    } else {
      const bytes = asBytes(payload);
      if (bytes.length > limit) throw tooLarge(bytes.length, limit);
      this.module.held = bytes;
    }
    const room = tail.length * 3;
    const ptr = this.reserve(room, 0);
    this.module.payloadLength = 0;
    this.tailLength = tail === '' ? 0 : encoder.encodeInto(tail, this.heap().subarray(ptr, ptr + room)).written;
    return 0;
  }

  /** Drops a held payload. */
  release() {
    this.module.held = null;
  }

  /**
   * `HostCrypto::compute`, called by the module during a verification: `algorithm`
   * (HOST_ALGORITHM) over the table's runs (HOST_CALL), the body being the held payload or
   * the one in the body buffer; the output is written at `out`. Never throws into wasm: a
   * failure is returned through the import's `catch` and reported as an internal error.
   */
  compute(algorithm, key, keyLength, table, count, out) {
    try {
      const crypto = this.host.crypto();
      const mem = this.heap();
      const view = this.view;
      const mac = algorithm === HOST_ALGORITHM.sha256 ? crypto.createHash('sha256') : crypto.createHmac(HMAC_NAMES[algorithm], mem.subarray(key, key + keyLength));
      // The chunks around the body (ids, timestamps, separators) are gathered into one
      // update each: an update costs more than copying a few bytes.
      let run = 0;
      for (let i = 0; i < count; i++) {
        const at = table + i * ENTRY_BYTES;
        const start = view.getUint32(at, true);
        if (start === BODY) {
          if (run > 0) mac.update(scratch.subarray(0, run));
          run = 0;
          mac.update(this.body());
          continue;
        }
        const length = view.getUint32(at + 4, true);
        if (run + length > scratch.length) {
          const grown = new Uint8Array(Math.max(2 * scratch.length, run + length));
          grown.set(scratch.subarray(0, run));
          scratch = grown;
        }
        scratch.set(mem.subarray(start, start + length), run);
        run += length;
      }
      if (run > 0) mac.update(scratch.subarray(0, run));
      const output = mac.digest();
      mem.set(output, out);
      return output.length;
    } catch (e) {
      throw new HookgateError(`hookgate internal error (please report): the host's crypto failed: ${e?.message ?? e}`, { code: 'internal_error' }, e);
    }
  }

  /** The current call's body: the held payload, or the one written in the body buffer. */
  body() {
    const { held, payloadLength } = this.module;
    if (held !== null) return held;
    const at = this.view.getUint32(this.state + STATE_ADDRESS, true);
    return this.heap().subarray(at, at + payloadLength);
  }

  /**
   * `sha256:` and the hex SHA-256 of `payload` (the bytes `writePayload` would write): by the
   * host's crypto from its threshold, here below.
   */
  bodyDigestKey(payload) {
    if (this.verifyMode(payload, true) !== 0) {
      return `sha256:${this.host.crypto().createHash('sha256').update(typeof payload === 'string' ? payload : asBytes(payload)).digest('hex')}`;
    }
    const at = this.glue.bodySha256(this.writePayload(payload, Infinity));
    let hex = 'sha256:';
    for (const b of this.heap().subarray(at, at + 32)) hex += HEX[b];
    return hex;
  }

  /** A current view of the memory (growing it detaches the old buffer: length 0). */
  heap() {
    if (this.bytes.byteLength === 0) {
      this.bytes = new Uint8Array(this.memory.buffer);
      this.view = new DataView(this.memory.buffer);
    }
    return this.bytes;
  }

  /**
   * The body buffer's address, at least `len` bytes long, its first `keep` bytes kept. The
   * module records the buffer's address and length in its memory; it is asked to grow it (or
   * to release a large one before a small payload) only when needed, so a steady stream of
   * payloads costs no call here.
   */
  reserve(len, keep) {
    this.heap();
    const cap = this.view.getUint32(this.state + STATE_LENGTH, true);
    if (len > cap || (keep === 0 && cap > KEEP_BUFFER_BYTES && len <= KEEP_BUFFER_BYTES)) {
      return this.glue.bodyBuffer(len, keep);
    }
    return this.view.getUint32(this.state + STATE_ADDRESS, true);
  }

  /**
   * Copies `payload` into the body buffer (the only copy of it made) followed by the UTF-8 of
   * `tail` (a header block), and returns the payload's length in bytes (the tail's is
   * `tailLength`).
   */
  writePayload(payload, limit, tail = '') {
    const tailRoom = tail.length * 3;
    let ptr;
    let written;
    let mem;
    if (typeof payload === 'string') {
      // UTF-8 is never shorter than UTF-16, so the string length is a lower bound.
      if (payload.length > limit) throw tooLarge(payload.length, limit);
      if (payload.length <= ONE_CALL_CHARS && tail !== '') {
        // Small payloads: payload and tail in one encodeInto (its fixed cost dominates here).
        // All ASCII (the common case) when bytes written equal characters read; otherwise the
        // split between them is unknown and the two are written separately below.
        const text = payload + tail;
        ptr = this.reserve(text.length * 3, 0);
        const { written: all } = encoder.encodeInto(text, this.heap().subarray(ptr, ptr + text.length * 3));
        if (all === text.length) {
          this.tailLength = tail.length;
          this.module.payloadLength = payload.length;
          return payload.length;
        }
      }
      ptr = this.reserve(payload.length + tailRoom, 0);
      mem = this.heap();
      const first = encoder.encodeInto(payload, mem.subarray(ptr, ptr + payload.length));
      written = first.written;
      if (first.read < payload.length) {
        // Non-ASCII: at most 3 bytes per remaining UTF-16 unit.
        const room = (payload.length - first.read) * 3;
        ptr = this.reserve(written + room + tailRoom, written);
        mem = this.heap();
        written += encoder.encodeInto(payload.slice(first.read), mem.subarray(ptr + written, ptr + written + room)).written;
      }
      if (written > limit) throw tooLarge(written, limit);
    } else {
      const bytesIn = asBytes(payload);
      if (bytesIn.length > limit) throw tooLarge(bytesIn.length, limit);
      written = bytesIn.length;
      ptr = this.reserve(written + tailRoom, 0);
      mem = this.heap();
      mem.set(bytesIn, ptr);
    }
    this.tailLength = tail === '' ? 0 : encoder.encodeInto(tail, mem.subarray(ptr + written, ptr + written + tailRoom)).written;
    this.module.payloadLength = written;
    return written;
  }

  /**
   * Reads a `verify` result in place (layout: `RESULT`); `headerValues` are the values of the
   * call's header block, one of which may be the id.
   */
  readResult(ptr, headerValues) {
    const mem = this.heap();
    const dv = this.view;
    const timestamp = dv.getFloat64(ptr + AT_TIMESTAMP, true);
    const idLength = dv.getInt32(ptr + AT_ID_LENGTH, true);
    const dedupeLength = dv.getUint32(ptr + AT_DEDUPE_LENGTH, true);
    const flags = dv.getUint32(ptr + AT_FLAGS, true);
    const start = ptr + AT_TEXT;
    // The id is usually a header value this call passed in: reuse that string.
    const fromHeader = flags >>> ID_HEADER_SHIFT;
    const id = idLength < 0 ? null : fromHeader > 0 ? headerValues[fromHeader - 1] : decoder.decode(mem.subarray(start, start + idLength));
    const after = idLength < 0 ? start : start + idLength;
    const replayLength = dv.getUint32(ptr + AT_REPLAY_LENGTH, true);
    const replayAt = after + dedupeLength;
    return {
      keyIndex: dv.getUint32(ptr + AT_KEY_INDEX, true),
      id,
      timestamp: Number.isNaN(timestamp) ? null : timestamp,
      // null when the key is the body's digest, computed only if read (`bodyDigestKey`).
      dedupeKey: (flags & DEDUPE_IS_BODY_DIGEST) !== 0 ? null : (flags & DEDUPE_IS_ID) === DEDUPE_IS_ID ? id : decoder.decode(mem.subarray(after, replayAt)),
      dedupeKeySigned: (flags & DEDUPE_KEY_SIGNED) !== 0,
      bodySigned: (flags & BODY_SIGNED) !== 0,
      timestampSigned: (flags & TIMESTAMP_SIGNED) !== 0,
      replayKey: replayLength === 0 ? null : replayKey(mem.subarray(replayAt, replayAt + replayLength)),
    };
  }
}

/** A payload given as bytes, as a `Uint8Array` over the same memory. */
export function asBytes(payload) {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload !== null && typeof payload === 'object' && !(typeof payload.pipe === 'function' || typeof payload.getReader === 'function')) {
    throw bodyConsumed('the payload is an already-parsed object; pass the raw body (string, Buffer or Uint8Array) exactly as received, before any JSON parser');
  }
  throw invalidArgument('payload', 'expected the raw body as a string, Buffer, Uint8Array or ArrayBuffer');
}

function tooLarge(size, limit) {
  return configError('payload_too_large', `payload too large: ${size} bytes exceed the limit of ${limit} (option maxPayloadBytes)`, { size, limit });
}

export function bodyConsumed(message) {
  return configError('body_already_parsed', message, {});
}
