// The public API, written once over the wasm-bindgen glue of any target (node, web, worker).
// Each entry point (../node.mjs, ../web.mjs, ../worker.mjs) calls `createApi` with a function
// that returns its initialised glue.
//
// Adding an export: a function in src/wasm.rs; a wrapper below that copies the caller's options
// with `toPlain` (inside `guard`), writes the payload with `writePayload`, flattens headers
// with `allHeaders` or `pickHeaders`, calls the glue inside `call` and returns plain data; its
// name in the export lists of ../node.cjs, ../node.mjs, ../web.mjs and ../worker.mjs; and a
// declaration in ../index.d.ts.

import { HookgateError, WebhookConfigError, WebhookVerificationError, configError, fromWasm, verificationError } from './errors.mjs';

/** Payloads above this many bytes are refused unless `maxPayloadBytes` says otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

const VERIFY_OPTION_KEYS = new Set(['now', 'url', 'method']);
const MAX_PLAUSIBLE_SECONDS = 1e11;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const hasOwn = Object.hasOwn ?? ((o, k) => Object.prototype.hasOwnProperty.call(o, k));

/**
 * @param {() => any} getGlue returns the initialised wasm-bindgen glue, or throws
 */
export function createApi(getGlue) {
  let memory = null;
  let bytes = new Uint8Array(0);
  let view = new DataView(new ArrayBuffer(0));
  /** The byte length of the `tail` written by the last `writePayload`. */
  let tailLength = 0;

  /** A current view of wasm memory (growing the memory detaches the old buffer: length 0). */
  function heap(glue) {
    if (bytes.byteLength === 0) {
      if (memory === null) memory = glue.wasmMemory();
      bytes = new Uint8Array(memory.buffer);
    }
    return bytes;
  }

  /**
   * Copies `payload` into the module's body buffer (the only copy of it made) followed by the
   * UTF-8 of `tail`, and returns the payload's length in bytes (the tail's is `tailLength`).
   */
  function writePayload(glue, payload, limit, tail = '') {
    const tailRoom = tail.length * 3;
    let ptr;
    let written;
    let mem;
    if (typeof payload === 'string') {
      // UTF-8 is never shorter than UTF-16, so the string length is a lower bound.
      if (payload.length > limit) throw tooLarge(payload.length, limit);
      ptr = glue.bodyBuffer(payload.length + tailRoom, 0);
      mem = heap(glue);
      const first = encoder.encodeInto(payload, mem.subarray(ptr, ptr + payload.length));
      written = first.written;
      if (first.read < payload.length) {
        // Non-ASCII: at most 3 bytes per remaining UTF-16 unit.
        const room = (payload.length - first.read) * 3;
        ptr = glue.bodyBuffer(written + room + tailRoom, written);
        mem = heap(glue);
        written += encoder.encodeInto(payload.slice(first.read), mem.subarray(ptr + written, ptr + written + room)).written;
      }
      if (written > limit) throw tooLarge(written, limit);
    } else {
      const bytesIn = asBytes(payload);
      if (bytesIn.length > limit) throw tooLarge(bytesIn.length, limit);
      written = bytesIn.length;
      ptr = glue.bodyBuffer(written + tailRoom, 0);
      mem = heap(glue);
      mem.set(bytesIn, ptr);
    }
    tailLength = tail === '' ? 0 : encoder.encodeInto(tail, mem.subarray(ptr + written, ptr + written + tailRoom)).written;
    return written;
  }

  /** Reads a `verify` result in place (layout: src/wasm.rs, `WasmVerifier::verify`). */
  function readResult(glue, ptr, headerValues) {
    const mem = heap(glue);
    if (view.buffer !== mem.buffer) view = new DataView(mem.buffer);
    const dv = view;
    const timestamp = dv.getFloat64(ptr, true);
    const idLength = dv.getInt32(ptr + 12, true);
    const dedupeLength = dv.getUint32(ptr + 16, true);
    const flags = dv.getUint32(ptr + 20, true);
    const start = ptr + 24;
    // The id is usually a header value this call passed in: reuse that string.
    const fromHeader = flags >>> 8;
    const id = idLength < 0 ? null : fromHeader > 0 ? headerValues[fromHeader - 1] : decoder.decode(mem.subarray(start, start + idLength));
    const after = idLength < 0 ? start : start + idLength;
    return {
      keyIndex: dv.getUint32(ptr + 8, true),
      id,
      timestamp: Number.isNaN(timestamp) ? null : timestamp,
      dedupeKey: (flags & 1) === 1 ? id : decoder.decode(mem.subarray(after, after + dedupeLength)),
    };
  }

  class Webhook {
    #glue;
    #verifier;
    #names;
    /** The header values of the current call (reused: `verify` is synchronous). */
    #values;
    #scheme;
    #parse;
    #limit;
    #secret;

    /**
     * @param {string | string[]} secret one secret, or several (rotation; the index of the one
     *   that matched is reported as `keyIndex`)
     * @param {object} [options] `{ scheme, tolerance, dangerouslySkipTimestampCheck, parse,
     *   signatureHeader, maxPayloadBytes }`
     */
    constructor(secret, options) {
      const glue = getGlue();
      this.#glue = glue;
      const plain = guard(() => toPlain(options, 'options'), 'options');
      const secrets = guard(() => secretList(secret), 'secret');
      this.#verifier = call(() => new glue.WasmVerifier(secrets, plain));
      this.#names = this.#verifier.headerNames;
      this.#values = new Array(this.#names.length);
      this.#scheme = this.#verifier.scheme;
      this.#parse = plain?.parse ?? true;
      this.#limit = plain?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
      this.#secret = Array.isArray(secrets) ? secrets[0] : secrets;
      this.#schemeOption = plain?.scheme;
      this.#signatureHeader = plain?.signatureHeader;
    }

    #schemeOption;
    #signatureHeader;

    /** The scheme id this webhook verifies (`"stripe"`, or a custom spec's id). */
    get scheme() {
      return this.#scheme;
    }

    /**
     * Verifies a delivery. `payload` must be the raw body as received (a string is hashed as
     * UTF-8). Throws `WebhookVerificationError` (with `.code`) when it does not verify.
     */
    verify(payload, headers, options) {
      let nowMs;
      let url;
      let method;
      if (options !== undefined) ({ nowMs, url, method } = guard(() => verifyOptions(options), 'options'));
      const glue = this.#glue;
      const values = this.#values;
      const joined = guard(() => pickHeaders(headers, this.#names, values), 'headers');
      let r;
      try {
        const len = writePayload(glue, payload, this.#limit, joined);
        r = readResult(glue, this.#verifier.verify(len, tailLength, nowMs ?? Date.now(), url, method), values);
      } catch (e) {
        throw unreadable(fromWasm(e), 'payload');
      }
      return {
        event: this.#parse ? parseEvent(payload) : undefined,
        scheme: this.#scheme,
        keyIndex: r.keyIndex,
        id: r.id,
        timestamp: r.timestamp,
        dedupeKey: r.dedupeKey,
      };
    }

    /**
     * Verifies a Fetch API `Request` (Workers, Deno, Bun, Next.js route handlers): reads the
     * raw body once, and passes the URL and method for schemes that sign them.
     */
    async verifyRequest(request, options) {
      let body;
      let headers;
      let url;
      let method;
      try {
        if (request === null || typeof request !== 'object' || typeof request.arrayBuffer !== 'function' || request.headers == null) {
          throw invalidArgument('request', 'expected a Fetch API Request');
        }
        if (request.bodyUsed) {
          throw bodyConsumed('the request body was already read; verify before calling request.json() or request.text(), or pass request.clone()');
        }
        ({ headers, url, method } = request);
        body = new Uint8Array(await request.arrayBuffer());
      } catch (e) {
        throw unreadable(e, 'request');
      }
      const extra = options === undefined ? {} : guard(() => ({ ...options }), 'options');
      return this.verify(body, headers, { url, method, ...extra });
    }

    /**
     * Signs `payload` with this webhook's first secret, as the scheme's sender would
     * (for tests and for producers). Returns `{ headers, bodyFields }`.
     */
    sign(payload, options) {
      return sign(this.#secret, payload, {
        ...(this.#schemeOption === undefined ? {} : { scheme: this.#schemeOption }),
        ...(this.#signatureHeader === undefined ? {} : { signatureHeader: this.#signatureHeader }),
        ...options,
      });
    }

    toString() {
      return `Webhook { scheme: ${this.#scheme}, secrets: [REDACTED] }`;
    }
  }

  /**
   * Signs `payload` with `secret` as `options.scheme` (default `standard_webhooks`) would.
   * `timestamp` defaults to now. Returns `{ headers, bodyFields }`.
   */
  function sign(secret, payload, options) {
    const glue = getGlue();
    if (typeof secret !== 'string') throw invalidArgument('secret', 'expected a string');
    const plain = guard(() => {
      const opts = options === undefined || options === null ? {} : options;
      if (typeof opts !== 'object' || Array.isArray(opts)) throw configError('invalid_options', 'invalid options: options must be an object', { detail: 'options must be an object' });
      // The core takes epoch seconds; a Date (or no timestamp: now) is converted here.
      const ts = opts.timestamp;
      return toPlain({ ...opts, timestamp: ts === undefined || ts === null ? Date.now() / 1000 : ts instanceof Date ? toMillis(ts, 'timestamp') / 1000 : ts }, 'options');
    }, 'options');
    return call(() => glue.sign(secret, writePayload(glue, payload, DEFAULT_MAX_PAYLOAD_BYTES), plain));
  }

  /**
   * The built-in schemes that could have signed a request with these headers (and body, for
   * schemes that carry the signature in it), best first: `[{ scheme, name, evidence }]`.
   */
  function detectScheme(headers, payload) {
    const glue = getGlue();
    const joined = guard(() => allHeaders(headers), 'headers');
    return call(() => {
      const len = payload === undefined || payload === null ? undefined : writePayload(glue, payload, DEFAULT_MAX_PAYLOAD_BYTES);
      return glue.detect(joined, len);
    });
  }

  /** Every built-in scheme spec, in the shape a custom `scheme` option takes. */
  function schemes() {
    const glue = getGlue();
    return call(() => glue.schemes());
  }

  /**
   * Forensics, the same code the debugger runs: whether and why `request`
   * (`{ headers, payload, url?, method? }`) verifies with `secrets` (a string or an array; may
   * be empty), and — when it does not — which of the usual mistakes explains it, each proven
   * by re-running the check. Options: `{ scheme?, signatureHeader?, now?, tolerance?,
   * dangerouslySkipTimestampCheck? }`; without `scheme` it is detected, without `now` clock
   * skew is ignored.
   */
  function explain(request, secrets, options) {
    const glue = getGlue();
    const req = guard(() => {
      if (request === null || typeof request !== 'object') throw invalidArgument('request', 'expected { headers, payload, url?, method? }');
      return { headers: request.headers, payload: request.payload, url: request.url, method: request.method };
    }, 'request');
    const list = secrets === undefined || secrets === null ? [] : secretList(secrets);
    const joined = guard(() => allHeaders(req.headers), 'headers');
    const plain = guard(() => {
      const opts = options === undefined || options === null ? {} : options;
      if (typeof opts !== 'object' || Array.isArray(opts)) throw configError('invalid_options', 'invalid options: options must be an object', { detail: 'options must be an object' });
      const { now, ...rest } = opts;
      const out = toPlain(rest, 'options');
      if (now !== undefined && now !== null) out.now = toMillis(now, 'now');
      for (const key of ['url', 'method']) {
        if (req[key] !== undefined && req[key] !== null) {
          if (typeof req[key] !== 'string') throw invalidArgument(key, 'expected a string');
          out[key] = req[key];
        }
      }
      return out;
    }, 'options');
    return call(() => glue.explain(joined, writePayload(glue, req.payload, DEFAULT_MAX_PAYLOAD_BYTES), list, plain));
  }

  /**
   * The normalised envelope of a verified payload: `{ provider, shape, eventType, … }` with
   * snake_case keys as the core writes them (`event_type`, `occurred_at`), `fields` and the
   * parsed `payload`. `source` is the result of `verify` (or any `{ scheme, id }`).
   */
  function normalize(payload, headers, source) {
    const glue = getGlue();
    const { scheme, id } = guard(() => {
      const src = source === undefined || source === null ? {} : source;
      if (typeof src !== 'object') throw invalidArgument('source', 'expected the result of verify(), or { scheme, id }');
      const scheme = src.scheme ?? 'generic';
      if (typeof scheme !== 'string') throw invalidArgument('source', 'scheme must be a scheme id');
      if (src.id !== undefined && src.id !== null && typeof src.id !== 'string') throw invalidArgument('source', 'id must be a string');
      return { scheme, id: src.id ?? undefined };
    }, 'source');
    const joined = headers === undefined || headers === null ? '' : guard(() => allHeaders(headers), 'headers');
    return JSON.parse(call(() => glue.normalize(scheme, id, joined, writePayload(glue, payload, DEFAULT_MAX_PAYLOAD_BYTES))));
  }

  /** A normalised event as a platform's incoming-webhook message, with an optional template. */
  function render(platform, event, template) {
    const glue = getGlue();
    const eventJson = guard(() => {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidArgument('event', 'expected the envelope returned by normalize()');
      return JSON.stringify(event);
    }, 'event');
    const templateJson = template === undefined || template === null ? undefined : guard(() => (typeof template === 'string' ? template : JSON.stringify(template)), 'template');
    return JSON.parse(call(() => glue.transform(platform, eventJson, templateJson)));
  }

  /** A Slack incoming-webhook message (Block Kit) for a normalised event. */
  const toSlack = (event, template) => render('slack', event, template);
  /** A Discord webhook message (one embed, mentions disabled) for a normalised event. */
  const toDiscord = (event, template) => render('discord', event, template);

  return { Webhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord };
}

export { HookgateError, WebhookConfigError, WebhookVerificationError };

// ---------------------------------------------------------------------------------------------

function call(f) {
  try {
    return f();
  } catch (e) {
    throw unreadable(fromWasm(e), 'payload');
  }
}

/** Runs `f`, which reads a caller's value; whatever that value throws becomes a typed error. */
function guard(f, argument) {
  try {
    return f();
  } catch (e) {
    throw unreadable(e, argument);
  }
}

/** A hookgate error as is; anything else thrown while reading a caller's value, typed. */
function unreadable(e, argument) {
  if (e instanceof HookgateError) return e;
  const code = argument === 'options' ? 'invalid_options' : 'invalid_argument';
  const detail = `could not be read: ${e?.message ?? String(e)}`;
  return configError(code, `invalid ${argument === 'options' ? 'options' : `argument ${argument}`}: ${detail}`, code === 'invalid_options' ? { detail } : { argument, detail }, e);
}

function asBytes(payload) {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload !== null && typeof payload === 'object' && !(typeof payload.pipe === 'function' || typeof payload.getReader === 'function')) {
    throw bodyConsumed('the payload is an already-parsed object; pass the raw body (string, Buffer or Uint8Array) exactly as received, before any JSON parser');
  }
  throw invalidArgument('payload', 'expected the raw body as a string, Buffer, Uint8Array or ArrayBuffer');
}

function parseEvent(payload) {
  const text = typeof payload === 'string' ? payload : decoder.decode(asBytes(payload));
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw verificationError('invalid_json', 'the payload verified but is not valid JSON; pass `parse: false` for non-JSON payloads', {}, e);
  }
}

/**
 * A plain-data copy of an options object (own enumerable keys), made in JS so that no getter,
 * Proxy trap or toString of the caller's ever runs while wasm is on the stack; cycles, absurd
 * nesting and values JSON cannot hold are refused here.
 */
function toPlain(value, path, depth = 0) {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') throw badOption(path, `a ${typeof value} is not allowed`);
  if (depth > 32) throw badOption(path, 'nested too deeply (or cyclic)');
  if (Array.isArray(value)) return value.map((v, i) => toPlain(v, `${path}[${i}]`, depth + 1));
  const out = {};
  for (const key of Object.keys(value)) out[key] = toPlain(value[key], `${path}.${key}`, depth + 1);
  return out;
}

function badOption(path, detail) {
  return configError('invalid_options', `invalid options: ${path}: ${detail}`, { detail: `${path}: ${detail}` });
}

/** A secret or a list of secrets, checked and copied in JS. */
function secretList(secret) {
  if (typeof secret === 'string') return secret;
  if (!Array.isArray(secret)) throw invalidArgument('secret', 'expected a string or an array of strings');
  const list = Array.from(secret);
  if (!list.every((s) => typeof s === 'string')) throw invalidArgument('secret', 'every entry must be a string');
  return list;
}

/** Validates `verify`'s per-call options: `{ now, url, method }`, nothing else. */
function verifyOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw configError('invalid_options', 'invalid options: options must be an object', { detail: 'options must be an object' });
  }
  for (const key in options) {
    if (!VERIFY_OPTION_KEYS.has(key)) {
      throw configError('invalid_options', `invalid options: unknown field \`${key}\`, expected one of \`now\`, \`url\`, \`method\``, { detail: `unknown field \`${key}\`` });
    }
  }
  const { now, url, method } = options;
  if (url !== undefined && typeof url !== 'string') throw invalidArgument('url', 'expected a string');
  if (method !== undefined && typeof method !== 'string') throw invalidArgument('method', 'expected a string');
  return { nowMs: now === undefined ? undefined : toMillis(now, 'now'), url, method };
}

/** A `Date` or epoch seconds, as epoch milliseconds. */
export function toMillis(value, argument) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidArgument(argument, 'invalid Date');
    return ms;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(argument, 'expected a Date or epoch seconds');
  if (Math.abs(value) > MAX_PLAUSIBLE_SECONDS) throw invalidArgument(argument, 'this looks like milliseconds; pass epoch seconds or a Date');
  return Math.round(value * 1000);
}

/**
 * The values of `names` (lower case) from a Fetch `Headers`, a plain object / Node
 * `IncomingHttpHeaders` (array values: the first wins), a `Map`, or `[name, value]` pairs, as
 * `"=value"` or `""` (absent) joined by NUL.
 */
function pickHeaders(headers, names, values) {
  let out = '';
  if (headers === null || typeof headers !== 'object') throw badHeaders();
  // Fetch `Headers` (matched by shape: touching the global `Headers` would load Node's fetch
  // implementation, ~20 ms of cold start). Its get() is case-insensitive.
  if (isHeadersLike(headers) && !(headers instanceof Map)) {
    for (let i = 0; i < names.length; i++) {
      const v = headers.get(names[i]);
      values[i] = v;
      out += i === 0 ? (v == null ? '' : '=' + v) : v == null ? '\0' : '\0=' + v;
    }
    return out;
  }
  let lower = null;
  if (headers instanceof Map || Array.isArray(headers)) lower = lowerCased(headers);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let v;
    if (lower === null) {
      v = hasOwn(headers, name) ? headers[name] : undefined;
      if (v === undefined) {
        lower = lowerCased(headers);
        v = lower.get(name);
      }
    } else {
      v = lower.get(name);
    }
    v = headerValue(v, name);
    values[i] = v;
    if (i > 0) out += '\0';
    if (v !== undefined) out += '=' + v;
  }
  return out;
}

/** Every header as `name\0=value\0...`, for detection. */
function allHeaders(headers) {
  if (headers === null || typeof headers !== 'object') throw badHeaders();
  let out = '';
  for (const [name, raw] of lowerCased(headers)) {
    const v = headerValue(raw, name);
    if (v === undefined) continue;
    if (name.includes('\0')) throw invalidArgument('headers', 'a header name contains a NUL character');
    out += (out === '' ? '' : '\0') + name + '\0=' + v;
  }
  return out;
}

function isHeadersLike(h) {
  return typeof h.get === 'function' && typeof h.forEach === 'function' && typeof h.has === 'function';
}

/** Lower-cased name → value; the first spelling of a name wins. */
function lowerCased(headers) {
  const map = new Map();
  const add = (k, v) => {
    if (typeof k !== 'string') throw invalidArgument('headers', 'header names must be strings');
    const name = k.toLowerCase();
    if (!map.has(name)) map.set(name, v);
  };
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw invalidArgument('headers', 'an array of headers must hold [name, value] pairs');
      add(pair[0], pair[1]);
    }
  } else if (headers instanceof Map || isHeadersLike(headers)) {
    headers.forEach((v, k) => add(k, v));
  } else {
    for (const k of Object.keys(headers)) add(k, headers[k]);
  }
  return map;
}

function headerValue(v, name) {
  if (typeof v === 'string' || v === undefined) return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    if (typeof v[0] === 'string') return v[0];
  }
  if (v === null) return undefined;
  throw invalidArgument('headers', `the value of ${name} must be a string`);
}

function badHeaders() {
  return invalidArgument('headers', 'expected a Headers, a plain object of header values, a Map or [name, value] pairs');
}

function invalidArgument(argument, detail) {
  return configError('invalid_argument', `invalid argument ${argument}: ${detail}`, { argument, detail });
}

function tooLarge(size, limit) {
  return configError('payload_too_large', `payload too large: ${size} bytes exceed the limit of ${limit} (option maxPayloadBytes)`, { size, limit });
}

function bodyConsumed(message) {
  return configError('body_already_parsed', message, {});
}
