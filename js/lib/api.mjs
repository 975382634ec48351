// The public API, written once over the wasm-bindgen glue of any target (node, web, worker).
// Each entry point (../node.cjs, ../web.mjs, ../worker.mjs) calls `createApi` with three
// functions that return initialised glue, or throw:
//
//   verify     the verification module (built-in schemes, shared-secret algorithms):
//              `Webhook` with a scheme id;
//   publicKey  the public-key module (the same with Ed25519 and ECDSA P-256): `Webhook` with
//              a scheme id and a public key, asked for only when the verification module
//              answers `algorithm_not_built`;
//   tools      the tools module (everything): custom scheme specs, sign, detectScheme,
//              schemes, explain, normalize, toSlack, toDiscord;
//
// and, where the host has faster crypto than WebAssembly (Node), `host` (see ./engine.mjs).
//
// By concept: ./engine.mjs (a module's memory: the body buffer and results read in place),
// ./headers.mjs (the header block), ./options.mjs (options and arguments), ./errors.mjs (the
// error classes), ./boundary.mjs (the numbers shared with the Rust side, generated from
// js/crate/src/boundary.rs).
//
// Adding an export: a function in js/crate/src/tools.rs; a wrapper below that copies the
// caller's options with `toPlain` (inside `guard`), writes the payload and the header block
// with `engine.writePayload`, calls the glue inside `call` and returns plain data; its name in
// the export lists of ../node.cjs, ../web.mjs and ../worker.mjs; and a declaration in
// ../index.d.ts.

import { VERIFY_MODE } from './boundary.mjs';
import { Engine, bodyConsumed, forgetModule } from './engine.mjs';
import { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError, fromWasm, guard, invalidArgument, unreadable, verificationError } from './errors.mjs';
import { allHeaders, headerOf, pickHeaders } from './headers.mjs';
import { DEFAULT_MAX_PAYLOAD_BYTES, secretList, toMillis, toPlain, toleranceArgs, toolsOptions, verifyOptions, webhookOptions } from './options.mjs';
import { parseEvent } from './payload.mjs';

const { bodyElsewhere: BODY_ELSEWHERE } = VERIFY_MODE;

/**
 * The built-in schemes that sign only with public keys: their `Webhook`s go straight to the
 * public-key module instead of asking the verification module first (~4.5 ms of a cold
 * start). A hint, not a rule: the core still decides (any other scheme or spelling asks the
 * verification module, which answers `algorithm_not_built` for a public key), and the
 * public-key module verifies every scheme. js/test/registry.test.mjs checks it against the
 * registry.
 */
export const PUBLIC_KEY_SCHEMES = new Set(['discord', 'sendgrid', 'telnyx']);

/**
 * @param {{ verify: () => any, publicKey: () => any, tools: () => any, host?: object }} modules
 *   return the initialised glue of the verification, public-key and tools modules, or throw;
 *   `host` is the host's crypto, if any (`Engine`)
 */
export function createApi(modules) {
  /** glue -> Engine (at most three entries; an entry is dropped when its module is reset). */
  const engines = new Map();
  const engineOf = (glue) => {
    let engine = engines.get(glue);
    if (engine === undefined) engines.set(glue, (engine = new Engine(glue, modules.host)));
    return engine;
  };
  const tools = () => engineOf(modules.tools());
  /** glue -> how many times it was re-instantiated (objects made before are stale). */
  const generations = new Map();
  const generationOf = (glue) => generations.get(glue) ?? 0;

  /**
   * Runs `f`, which calls into `glue`'s module. A trap (a bug: the Rust side is written so
   * that none can happen) leaves the instance's state half-changed (a RefCell left borrowed
   * would fail every later call), so the module is re-instantiated at once: the call that
   * trapped throws `internal_error`, the next one runs on a fresh instance.
   */
  function run(glue, f) {
    try {
      return f();
    } catch (e) {
      if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError && typeof glue.__wbg_reset_state === 'function') {
        glue.__wbg_reset_state();
        generations.set(glue, generationOf(glue) + 1);
        engines.delete(glue);
        forgetModule(glue);
      }
      throw unreadable(fromWasm(e), 'payload');
    }
  }

  class Webhook {
    #engine;
    #verifier;
    /** The module generation `#verifier` belongs to (see `run`). */
    #generation;
    /** `WasmVerifier`'s arguments, to make it again after its module was re-instantiated. */
    #args;
    #custom;
    /** Whether a key is a public key (the public-key module, not the verification module). */
    #publicKey;
    #names;
    /** The header values of the current call (reused: `verify` is synchronous). */
    #values;
    #scheme;
    #parse;
    #readsBody;
    #limit;
    #secret;
    #schemeOption;
    #signatureHeader;

    /**
     * @param {string | string[]} secret one secret, or several (rotation; the index of the one
     *   that matched is reported as `keyIndex`)
     * @param {object} [options] `{ scheme, tolerance, dangerouslySkipTimestampCheck, parse,
     *   signatureHeader, maxPayloadBytes, dedupeKey }`
     */
    constructor(secret, options) {
      const o = guard(() => webhookOptions(options), 'options');
      const secrets = guard(() => secretList(secret), 'secret');
      // A built-in scheme needs only the verification module, or for a public key the
      // public-key module (the verification module says so: it knows the scheme and where each
      // key goes); a custom spec or dedupe key, the tools module.
      this.#custom = (o.scheme !== undefined && typeof o.scheme === 'object') || o.dedupeKey !== undefined;
      const dedupeKey = o.dedupeKey === undefined ? undefined : o.dedupeKey.join('\0');
      this.#args = [o.scheme, secrets, o.signatureHeader, o.toleranceKind, o.pastS, o.futureS, dedupeKey];
      this.#publicKey = !this.#custom && PUBLIC_KEY_SCHEMES.has(o.scheme);
      try {
        this.#build();
      } catch (e) {
        if (this.#custom || this.#publicKey || e?.code !== 'algorithm_not_built') throw e;
        this.#publicKey = true;
        this.#build();
      }
      const names = this.#verifier.headerNames;
      this.#names = names === '' ? [] : names.split('\0');
      this.#values = new Array(this.#names.length);
      this.#scheme = this.#verifier.scheme;
      this.#readsBody = this.#verifier.readsBody;
      this.#parse = o.parse;
      this.#limit = o.maxPayloadBytes;
      this.#secret = Array.isArray(secrets) ? secrets[0] : secrets;
      this.#schemeOption = o.scheme;
      this.#signatureHeader = o.signatureHeader;
    }

    /** Makes the engine's verifier, on its module's current instance. */
    #build() {
      const engine = this.#custom ? tools() : engineOf(this.#publicKey ? modules.publicKey() : modules.verify());
      const glue = engine.glue;
      this.#engine = engine;
      this.#generation = generationOf(glue);
      this.#verifier = run(glue, () => new glue.WasmVerifier(...this.#args));
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
      let block;
      try {
        block = pickHeaders(headers, this.#names, values);
      } catch (e) {
        throw unreadable(e, 'headers');
      }
      if (this.#generation !== generationOf(this.#engine.glue)) this.#build();
      const engine = this.#engine;
      // Large payloads on Node: the host's crypto, and the body left where it is unless the
      // scheme reads it (a body field, form parameters).
      let r;
      try {
        r = run(engine.glue, () => {
          const mode = engine.verifyMode(payload, this.#readsBody);
          const len = mode & BODY_ELSEWHERE ? engine.holdPayload(payload, this.#limit, block) : engine.writePayload(payload, this.#limit, block);
          return engine.readResult(this.#verifier.verify(len, engine.tailLength, nowMs ?? Date.now(), url, method, mode), values);
        });
      } finally {
        engine.release();
      }
      const result = r.dedupeKey !== null ? { event: undefined, scheme: this.#scheme, keyIndex: r.keyIndex, id: r.id, timestamp: r.timestamp, dedupeKey: r.dedupeKey, dedupeKeySigned: r.dedupeKeySigned, replayKey: r.replayKey, bodySigned: r.bodySigned, timestampSigned: r.timestampSigned } : lazyDigestResult(engine, payload, this.#scheme, r);
      const parse = this.#parse;
      if (parse !== false) result.event = parseEvent(parse, payload, parse === 'auto' ? guard(() => headerOf(headers, 'content-type'), 'headers') : undefined, result);
      return result;
    }

    /**
     * Verifies a Fetch API `Request` (Workers, Deno, Bun, Next.js route handlers): reads the
     * raw body once, and passes the URL and method for schemes that sign them.
     */
    async verifyRequest(request, options) {
      const { body, headers, url, method } = await readRequest(request);
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
      const opts = toolsOptions(options);
      // The core takes epoch seconds; a Date (or no timestamp: now) is converted here.
      const ts = opts.timestamp;
      return toPlain({ ...opts, timestamp: ts === undefined || ts === null ? Date.now() / 1000 : ts instanceof Date ? toMillis(ts, 'timestamp') / 1000 : ts }, 'options');
    }, 'options');
    return run(engine.glue, () => engine.glue.sign(secret, engine.writePayload(payload, DEFAULT_MAX_PAYLOAD_BYTES), plain));
  }

  /**
   * The built-in schemes that could have signed a request with these headers (and body, for
   * schemes that carry the signature in it), best first: `[{ scheme, name, evidence }]`.
   */
  function detectScheme(headers, payload) {
    const engine = tools();
    const { names, block } = guard(() => allHeaders(headers), 'headers');
    return run(engine.glue, () => {
      const none = payload === undefined || payload === null;
      const len = engine.writePayload(none ? '' : payload, DEFAULT_MAX_PAYLOAD_BYTES, block);
      return engine.glue.detect(names, engine.tailLength, none ? undefined : len);
    });
  }

  /** Every built-in scheme spec, in the shape a custom `scheme` option takes. */
  function schemes() {
    const engine = tools();
    return run(engine.glue, () => engine.glue.schemes());
  }

  /**
   * Forensics, the same code the debugger runs: whether and why `request`
   * (`{ headers, payload, url?, method? }`) verifies with `secrets` (a string or an array; may
   * be empty), and — when it does not — which of the usual mistakes explains it, each proven
   * by re-running the check. Options: `{ scheme?, signatureHeader?, now?, tolerance?,
   * dangerouslySkipTimestampCheck? }`; without `scheme` it is detected, without `now` clock
   * skew is ignored.
   *
   * **An oracle, by design**: the report holds the expected signatures for these secrets.
   * Never send it (or any part of it) to whoever sent the request, and never log it in
   * production; run it on your own requests, where you debug.
   */
  function explain(request, secrets, options) {
    const engine = tools();
    const req = guard(() => {
      if (request === null || typeof request !== 'object') throw invalidArgument('request', 'expected { headers, payload, url?, method? }');
      return { headers: request.headers, payload: request.payload, url: request.url, method: request.method };
    }, 'request');
    const list = secrets === undefined || secrets === null ? [] : secretList(secrets);
    const { names, block } = guard(() => allHeaders(req.headers), 'headers');
    const { plain, tolerance } = guard(() => {
      const { now, tolerance, dangerouslySkipTimestampCheck: dangerous, ...rest } = toolsOptions(options);
      const given = (v) => (v === null ? undefined : v);
      const tol = toleranceArgs(given(tolerance), given(dangerous));
      const out = toPlain(rest, 'options');
      if (now !== undefined && now !== null) out.now = toMillis(now, 'now');
      for (const key of ['url', 'method']) {
        if (req[key] !== undefined && req[key] !== null) {
          if (typeof req[key] !== 'string') throw invalidArgument(key, 'expected a string');
          out[key] = req[key];
        }
      }
      return { plain: out, tolerance: tol };
    }, 'options');
    return run(engine.glue, () => {
      const len = engine.writePayload(req.payload, DEFAULT_MAX_PAYLOAD_BYTES, block);
      return engine.glue.explain(names, len, engine.tailLength, list, plain, tolerance.toleranceKind, tolerance.pastS, tolerance.futureS);
    });
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
    const { names, block } = headers === undefined || headers === null ? { names: '', block: '' } : guard(() => allHeaders(headers), 'headers');
    return JSON.parse(
      run(engine.glue, () => {
        const len = engine.writePayload(payload, DEFAULT_MAX_PAYLOAD_BYTES, block);
        return engine.glue.normalize(scheme, id, names, len, engine.tailLength);
      }),
    );
  }

  /** A normalised event as a platform's incoming-webhook message, with an optional template. */
  function render(platform, event, template) {
    const engine = tools();
    const eventJson = guard(() => {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidArgument('event', 'expected the envelope returned by normalize()');
      return JSON.stringify(event);
    }, 'event');
    const templateJson = template === undefined || template === null ? undefined : guard(() => (typeof template === 'string' ? template : JSON.stringify(template)), 'template');
    return JSON.parse(run(engine.glue, () => engine.glue.transform(platform, eventJson, templateJson)));
  }

  /** A Slack incoming-webhook message (Block Kit) for a normalised event. */
  const toSlack = (event, template) => render('slack', event, template);
  /** A Discord webhook message (one embed, mentions disabled) for a normalised event. */
  const toDiscord = (event, template) => render('discord', event, template);

  /**
   * The origin's side of the hookgate gateway (`worker/`): checks hookgate's body signature
   * (`hookgate-webhook-*`, Standard Webhooks) **and** its metadata signature
   * (`hookgate-metadata-signature`) over `hookgate-verified`, `-scheme`, `-dedupe-key`,
   * `-dedupe-key-signed` and `-body-signed`, so none of them can be changed on the way.
   * `hookgate-verified` is `true`, or `partial` when the provider's signature does not cover
   * the body (`bodySigned: false`).
   */
  class GatewayWebhook {
    #body;
    #metadata;
    /** The metadata headers' values of the current call. */
    #values = new Array(METADATA_NAMES.length);

    /**
     * @param {string | string[]} secret the gateway's `origin_secret` (`whsec_…`; several
     *   during a rotation)
     * @param {object} [options] `{ tolerance, dangerouslySkipTimestampCheck, parse,
     *   maxPayloadBytes }`
     */
    constructor(secret, options) {
      const o = options === undefined || options === null ? {} : guard(() => ({ ...options }), 'options');
      if ('scheme' in o || 'signatureHeader' in o || 'dedupeKey' in o) {
        throw invalidArgument('options', 'a GatewayWebhook checks hookgate\'s own signatures: scheme, signatureHeader and dedupeKey do not apply');
      }
      this.#body = new Webhook(secret, { ...o, scheme: 'hookgate' });
      this.#metadata = new Webhook(secret, { scheme: 'hookgate_metadata', parse: false });
    }

    /**
     * Verifies a request the gateway forwarded. Returns `{ event, id, timestamp, keyIndex,
     * scheme, dedupeKey, dedupeKeySigned, bodySigned }`: `id` is hookgate's `hg_…` id (stable
     * per route and event, derived from signed data only: the key to deduplicate by),
     * `dedupeKey` the provider's key with its percent-encoding undone.
     */
    verify(payload, headers, options) {
      const r = this.#body.verify(payload, headers, options);
      const values = this.#values;
      guard(() => pickHeaders(headers, METADATA_NAMES, values), 'headers');
      try {
        this.#metadata.verify(metadataContent(values), headers, options);
      } catch (e) {
        if (e?.code === 'no_matching_signature') throw metadataMismatch();
        throw e;
      }
      const flag = (name) => values[METADATA_NAMES.indexOf(name)] === 'true';
      // `true` for a body the provider's signature covers, `partial` for one it does not.
      const verified = values[METADATA_NAMES.indexOf('hookgate-verified')];
      if (verified !== (flag('hookgate-body-signed') ? 'true' : 'partial')) throw metadataMismatch();
      return {
        event: r.event,
        id: r.id,
        timestamp: r.timestamp,
        keyIndex: r.keyIndex,
        scheme: values[METADATA_NAMES.indexOf('hookgate-scheme')] ?? null,
        dedupeKey: percentDecode(values[METADATA_NAMES.indexOf('hookgate-dedupe-key')] ?? ''),
        dedupeKeySigned: flag('hookgate-dedupe-key-signed'),
        bodySigned: flag('hookgate-body-signed'),
      };
    }

    /** As `verify`, for a Fetch API `Request`. */
    async verifyRequest(request, options) {
      const { body, headers } = await readRequest(request);
      return this.verify(body, headers, options);
    }

    toString() {
      return 'GatewayWebhook { secrets: [REDACTED] }';
    }
  }

  /**
   * **Test only.** Traps the verification module on purpose, as a bug would, to prove that the
   * next call runs on a fresh instance. Throws `internal_error`.
   */
  function dangerousTestTrap() {
    const glue = modules.verify();
    run(glue, () => glue.dangerousTestTrap());
  }

  return { Webhook, GatewayWebhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord, dangerousTestTrap };
}

/**
 * The headers hookgate's metadata signature covers, in its order (src/forwarded.rs
 * `metadata_content`): hookgate's id, timestamp and body signature, then the metadata.
 */
const METADATA_NAMES = [
  'hookgate-webhook-id',
  'hookgate-webhook-timestamp',
  'hookgate-webhook-signature',
  'hookgate-verified',
  'hookgate-scheme',
  'hookgate-dedupe-key',
  'hookgate-dedupe-key-signed',
  'hookgate-body-signed',
];

/** What the metadata signature signs: a version line, then `name:value` (or `name`) lines. */
function metadataContent(values) {
  let out = 'hookgate-metadata/1\n';
  for (let i = 0; i < METADATA_NAMES.length; i++) {
    out += values[i] === undefined ? `${METADATA_NAMES[i]}\n` : `${METADATA_NAMES[i]}:${values[i]}\n`;
  }
  return out;
}

function metadataMismatch() {
  return verificationError(
    'forwarded_metadata_mismatch',
    'forwarded metadata mismatch: hookgate-* headers changed after the gateway signed',
    {},
  );
}

const decoder = new TextDecoder();

/** `%XX` sequences decoded as UTF-8 (invalid sequences replaced). */
function percentDecode(text) {
  if (!text.includes('%')) return text;
  const input = new TextEncoder().encode(text);
  const out = [];
  const hex = (b) => (b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1);
  for (let i = 0; i < input.length; i++) {
    const hi = hex(input[i + 1]);
    const lo = hex(input[i + 2]);
    if (input[i] === 37 && hi >= 0 && lo >= 0) {
      out.push(hi * 16 + lo);
      i += 2;
    } else {
      out.push(input[i]);
    }
  }
  return decoder.decode(new Uint8Array(out));
}

/** A Fetch API `Request`'s raw body (read once), headers, URL and method. */
async function readRequest(request) {
  try {
    if (request === null || typeof request !== 'object' || typeof request.arrayBuffer !== 'function' || request.headers == null) {
      throw invalidArgument('request', 'expected a Fetch API Request');
    }
    if (request.bodyUsed) {
      throw bodyConsumed('the request body was already read; verify before calling request.json() or request.text(), or pass request.clone()');
    }
    const { headers, url, method } = request;
    return { body: new Uint8Array(await request.arrayBuffer()), headers, url, method };
  } catch (e) {
    throw unreadable(e, 'request');
  }
}

export { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError };

/** Where a lazy result keeps what its dedupe key is computed from, until it is. */
const PENDING = Symbol('hookgate.pendingDedupeKey');

/**
 * The `dedupeKey` of a result whose key is the body's digest: computed on first read, then kept.
 * One getter for every such result: an own accessor defined with a shared descriptor costs a
 * quarter of what a getter in an object literal does (a fresh closure per result).
 */
const LAZY_DEDUPE_KEY = {
  get() {
    let key = this[PENDING];
    if (typeof key !== 'string') this[PENDING] = key = key.engine.bodyDigestKey(key.payload);
    return key;
  },
  enumerable: true,
  configurable: true,
};

/**
 * A result whose dedupe key is the body's digest: computed the first time `dedupeKey` is read
 * (from `payload`, which must not change before then), never if it is not.
 */
function lazyDigestResult(engine, payload, scheme, r) {
  const result = { event: undefined, scheme, keyIndex: r.keyIndex, id: r.id, timestamp: r.timestamp, dedupeKeySigned: r.dedupeKeySigned, replayKey: r.replayKey, bodySigned: r.bodySigned, timestampSigned: r.timestampSigned, [PENDING]: { engine, payload } };
  return Object.defineProperty(result, 'dedupeKey', LAZY_DEDUPE_KEY);
}
