// The public API, written once over the wasm-bindgen glue of any target (node, web, worker).
// Each entry point (../node.cjs, ../web.mjs, ../worker.mjs) calls `createApi` with two
// functions that return initialised glue, or throw:
//
//   verify  the verification module (built-in schemes only): `Webhook` with a scheme id;
//   tools   the tools module (everything): custom scheme specs, sign, detectScheme, schemes,
//           explain, normalize, toSlack, toDiscord.
//
// Each module has its own memory, so each gets its own `Engine` (views of its memory and its
// body buffer).
//
// Adding an export: a function in src/wasm.rs (in `tools`); a wrapper below that copies the
// caller's options with `toPlain` (inside `guard`), writes the payload with
// `engine.writePayload`, flattens headers with `allHeaders` or `pickHeaders`, calls the glue
// inside `call` and returns plain data; its name in the export lists of ../node.cjs,
// ../web.mjs and ../worker.mjs; and a declaration in ../index.d.ts.

import { HookgateError, WebhookConfigError, WebhookVerificationError, configError, fromWasm, verificationError } from './errors.mjs';

/** Payloads above this many bytes are refused unless `maxPayloadBytes` says otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
/** The largest `maxPayloadBytes` (1 GiB). */
const MAX_PAYLOAD_BYTES = 2 ** 30;
/** A body buffer left larger than this by a big payload is released before a small one. */
const KEEP_BUFFER_BYTES = 4 << 20;
/** String payloads up to this many UTF-16 units are written together with the headers. */
const ONE_CALL_CHARS = 2048;

const VERIFY_OPTION_KEYS = new Set(['now', 'url', 'method']);
const WEBHOOK_OPTION_KEYS = ['scheme', 'signatureHeader', 'tolerance', 'dangerouslySkipTimestampCheck', 'parse', 'maxPayloadBytes'];
const MAX_PLAUSIBLE_SECONDS = 1e11;
/** `tolerance_kind` of `WasmVerifier` (src/wasm.rs): the scheme's, seconds, a window. */
const TOLERANCE_SCHEME_DEFAULT = 0;
const TOLERANCE_SECONDS = 1;
const TOLERANCE_WINDOW = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const hasOwn = Object.hasOwn ?? ((o, k) => Object.prototype.hasOwnProperty.call(o, k));

/**
 * One wasm module's memory as the wrapper uses it: the body buffer (where payloads and header
 * values are written, once) and a view for reading `verify` results in place.
 */
class Engine {
  constructor(glue) {
    this.glue = glue;
    this.memory = glue.wasmMemory();
    this.bytes = new Uint8Array(this.memory.buffer);
    this.view = new DataView(this.memory.buffer);
    /** Where the module records the body buffer's address and length (`bodyState`). */
    this.state = glue.bodyState();
    /** The byte length of the `tail` written by the last `writePayload`. */
    this.tailLength = 0;
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
    const cap = this.view.getUint32(this.state + 4, true);
    if (len > cap || (keep === 0 && cap > KEEP_BUFFER_BYTES && len <= KEEP_BUFFER_BYTES)) {
      return this.glue.bodyBuffer(len, keep);
    }
    return this.view.getUint32(this.state, true);
  }

  /**
   * Copies `payload` into the body buffer (the only copy of it made) followed by the UTF-8 of
   * `tail`, and returns the payload's length in bytes (the tail's is `tailLength`).
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
    return written;
  }

  /** Reads a `verify` result in place (layout: src/wasm.rs, `WasmVerifier::verify`). */
  readResult(ptr, headerValues) {
    const mem = this.heap();
    const dv = this.view;
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
}

/**
 * @param {{ verify: () => any, tools: () => any }} modules return the initialised glue of the
 *   verification module and of the tools module, or throw
 */
export function createApi(modules) {
  /** glue -> Engine (at most two entries). */
  const engines = new Map();
  const engineOf = (glue) => {
    let engine = engines.get(glue);
    if (engine === undefined) engines.set(glue, (engine = new Engine(glue)));
    return engine;
  };
  const tools = () => engineOf(modules.tools());

  class Webhook {
    #engine;
    #verifier;
    #names;
    /** The header values of the current call (reused: `verify` is synchronous). */
    #values;
    #scheme;
    #parse;
    #limit;
    #secret;
    #schemeOption;
    #signatureHeader;

    /**
     * @param {string | string[]} secret one secret, or several (rotation; the index of the one
     *   that matched is reported as `keyIndex`)
     * @param {object} [options] `{ scheme, tolerance, dangerouslySkipTimestampCheck, parse,
     *   signatureHeader, maxPayloadBytes }`
     */
    constructor(secret, options) {
      const o = guard(() => webhookOptions(options), 'options');
      const secrets = guard(() => secretList(secret), 'secret');
      // A built-in scheme needs only the verification module; a custom spec, the tools module.
      const engine = o.scheme !== undefined && typeof o.scheme === 'object' ? tools() : engineOf(modules.verify());
      const glue = engine.glue;
      this.#engine = engine;
      this.#verifier = call(() => new glue.WasmVerifier(o.scheme, secrets, o.signatureHeader, o.toleranceKind, o.pastS, o.futureS));
      const names = this.#verifier.headerNames;
      this.#names = names === '' ? [] : names.split('\0');
      this.#values = new Array(this.#names.length);
      this.#scheme = this.#verifier.scheme;
      this.#parse = o.parse;
      this.#limit = o.maxPayloadBytes;
      this.#secret = Array.isArray(secrets) ? secrets[0] : secrets;
      this.#schemeOption = o.scheme;
      this.#signatureHeader = o.signatureHeader;
    }

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
      const values = this.#values;
      let joined;
      try {
        joined = pickHeaders(headers, this.#names, values);
      } catch (e) {
        throw unreadable(e, 'headers');
      }
      const engine = this.#engine;
      let r;
      try {
        const len = engine.writePayload(payload, this.#limit, joined);
        r = engine.readResult(this.#verifier.verify(len, engine.tailLength, nowMs ?? Date.now(), url, method), values);
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
     * Signs `payload` with this webhook's first secret, as the scheme's sender would (for
     * tests and for producers; this loads the tools module). Returns `{ headers, bodyFields }`.
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
    const engine = tools();
    if (typeof secret !== 'string') throw invalidArgument('secret', 'expected a string');
    const plain = guard(() => {
      const opts = options === undefined || options === null ? {} : options;
      if (typeof opts !== 'object' || Array.isArray(opts)) throw configError('invalid_options', 'invalid options: options must be an object', { detail: 'options must be an object' });
      // The core takes epoch seconds; a Date (or no timestamp: now) is converted here.
      const ts = opts.timestamp;
      return toPlain({ ...opts, timestamp: ts === undefined || ts === null ? Date.now() / 1000 : ts instanceof Date ? toMillis(ts, 'timestamp') / 1000 : ts }, 'options');
    }, 'options');
    return call(() => engine.glue.sign(secret, engine.writePayload(payload, DEFAULT_MAX_PAYLOAD_BYTES), plain));
  }

  /**
   * The built-in schemes that could have signed a request with these headers (and body, for
   * schemes that carry the signature in it), best first: `[{ scheme, name, evidence }]`.
   */
  function detectScheme(headers, payload) {
    const engine = tools();
    const joined = guard(() => allHeaders(headers), 'headers');
    return call(() => {
      const len = payload === undefined || payload === null ? undefined : engine.writePayload(payload, DEFAULT_MAX_PAYLOAD_BYTES);
      return engine.glue.detect(joined, len);
    });
  }

  /** Every built-in scheme spec, in the shape a custom `scheme` option takes. */
  function schemes() {
    const engine = tools();
    return call(() => engine.glue.schemes());
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
    const engine = tools();
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
    return call(() => engine.glue.explain(joined, engine.writePayload(req.payload, DEFAULT_MAX_PAYLOAD_BYTES), list, plain));
  }

  /**
   * The normalised envelope of a verified payload: `{ provider, shape, eventType, … }` with
   * snake_case keys as the core writes them (`event_type`, `occurred_at`), `fields` and the
   * parsed `payload`. `source` is the result of `verify` (or any `{ scheme, id }`).
   */
  function normalize(payload, headers, source) {
    const engine = tools();
    const { scheme, id } = guard(() => {
      const src = source === undefined || source === null ? {} : source;
      if (typeof src !== 'object') throw invalidArgument('source', 'expected the result of verify(), or { scheme, id }');
      const scheme = src.scheme ?? 'generic';
      if (typeof scheme !== 'string') throw invalidArgument('source', 'scheme must be a scheme id');
      if (src.id !== undefined && src.id !== null && typeof src.id !== 'string') throw invalidArgument('source', 'id must be a string');
      return { scheme, id: src.id ?? undefined };
    }, 'source');
    const joined = headers === undefined || headers === null ? '' : guard(() => allHeaders(headers), 'headers');
    return JSON.parse(call(() => engine.glue.normalize(scheme, id, joined, engine.writePayload(payload, DEFAULT_MAX_PAYLOAD_BYTES))));
  }

  /** A normalised event as a platform's incoming-webhook message, with an optional template. */
  function render(platform, event, template) {
    const engine = tools();
    const eventJson = guard(() => {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidArgument('event', 'expected the envelope returned by normalize()');
      return JSON.stringify(event);
    }, 'event');
    const templateJson = template === undefined || template === null ? undefined : guard(() => (typeof template === 'string' ? template : JSON.stringify(template)), 'template');
    return JSON.parse(call(() => engine.glue.transform(platform, eventJson, templateJson)));
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

/**
 * Validates the options of `new Webhook` strictly (an unknown key or a wrong type is an
 * `invalid_options` error that names it; `undefined` and `null` mean "not given") and returns
 * them as `WasmVerifier`'s arguments plus the wrapper's own settings. A custom spec is copied
 * with `toPlain`; the tools module checks its shape.
 */
function webhookOptions(options) {
  const o = {
    scheme: undefined,
    signatureHeader: undefined,
    toleranceKind: TOLERANCE_SCHEME_DEFAULT,
    pastS: 0,
    futureS: 0,
    parse: true,
    maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
  };
  if (options === undefined || options === null) return o;
  if (typeof options !== 'object' || Array.isArray(options)) throw badOptions('options must be an object');
  const given = {};
  for (const key of Object.keys(options)) {
    if (!WEBHOOK_OPTION_KEYS.includes(key)) {
      throw badOptions(`unknown field \`${key}\`, expected one of ${WEBHOOK_OPTION_KEYS.map((k) => `\`${k}\``).join(', ')}`);
    }
    const value = options[key];
    if (value !== undefined && value !== null) given[key] = value;
  }
  const { scheme, signatureHeader, tolerance, dangerouslySkipTimestampCheck: dangerous, parse, maxPayloadBytes } = given;
  if (scheme !== undefined) {
    if (typeof scheme === 'string') o.scheme = scheme;
    else if (typeof scheme === 'object' && !Array.isArray(scheme)) o.scheme = toPlain(scheme, 'options.scheme');
    else throw badOptions('scheme must be a scheme id or a scheme spec object');
  }
  if (signatureHeader !== undefined) {
    if (typeof signatureHeader !== 'string') throw badOptions('signatureHeader must be a string (a header name)');
    o.signatureHeader = signatureHeader;
  }
  if (dangerous !== undefined && typeof dangerous !== 'boolean') throw badOptions('dangerouslySkipTimestampCheck must be a boolean');
  if (tolerance !== undefined && dangerous === true) throw badOptions('give either tolerance or dangerouslySkipTimestampCheck, not both');
  if (dangerous === true) {
    o.toleranceKind = TOLERANCE_WINDOW;
    o.pastS = -1;
    o.futureS = -1;
  } else if (typeof tolerance === 'number') {
    if (!isSeconds(tolerance)) throw badOptions('tolerance must be a non-negative whole number of seconds');
    o.toleranceKind = TOLERANCE_SECONDS;
    o.pastS = tolerance;
  } else if (tolerance !== undefined && typeof tolerance === 'object' && !Array.isArray(tolerance)) {
    const window = 'tolerance { pastS, futureS } (null = unlimited)';
    for (const key of Object.keys(tolerance)) {
      if (key !== 'pastS' && key !== 'futureS') throw badOptions(`${window}: unknown field \`${key}\`, expected \`pastS\` or \`futureS\``);
    }
    const side = (key) => {
      if (!hasOwn(tolerance, key)) throw badOptions(`${window}: missing field \`${key}\``);
      const v = tolerance[key];
      if (v === null) return -1;
      if (typeof v !== 'number' || !isSeconds(v)) throw badOptions(`${window}: ${key} must be a non-negative whole number of seconds or null`);
      return v;
    };
    o.toleranceKind = TOLERANCE_WINDOW;
    o.pastS = side('pastS');
    o.futureS = side('futureS');
  } else if (tolerance !== undefined) {
    throw badOptions('tolerance must be seconds or { pastS, futureS }');
  }
  if (parse !== undefined) {
    if (typeof parse !== 'boolean') throw badOptions('parse must be a boolean');
    o.parse = parse;
  }
  if (maxPayloadBytes !== undefined) {
    if (typeof maxPayloadBytes !== 'number' || !Number.isInteger(maxPayloadBytes) || maxPayloadBytes < 0) {
      throw badOptions('maxPayloadBytes must be a non-negative whole number of bytes');
    }
    if (maxPayloadBytes > MAX_PAYLOAD_BYTES) throw badOptions('maxPayloadBytes is at most 1073741824 (1 GiB)');
    o.maxPayloadBytes = maxPayloadBytes;
  }
  return o;
}

/** A non-negative whole number of seconds that converts to an integer exactly. */
function isSeconds(n) {
  return Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER;
}

function badOptions(detail) {
  return configError('invalid_options', `invalid options: ${detail}`, { detail });
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
