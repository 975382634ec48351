// The public API, written once over the wasm-bindgen glue of any target (node, web, worker).
// Each entry point (../node.cjs, ../web.mjs, ../worker.mjs) calls `createApi` with two
// functions that return initialised glue, or throw:
//
//   verify  the verification module (built-in schemes only): `Webhook` with a scheme id;
//   tools   the tools module (everything): custom scheme specs, sign, detectScheme, schemes,
//           explain, normalize, toSlack, toDiscord;
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
import { Engine, bodyConsumed } from './engine.mjs';
import { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError, call, fromWasm, guard, invalidArgument, unreadable } from './errors.mjs';
import { allHeaders, headerOf, pickHeaders } from './headers.mjs';
import { DEFAULT_MAX_PAYLOAD_BYTES, secretList, toMillis, toPlain, toleranceArgs, toolsOptions, verifyOptions, webhookOptions } from './options.mjs';
import { parseEvent } from './payload.mjs';

const { bodyElsewhere: BODY_ELSEWHERE } = VERIFY_MODE;

/**
 * @param {{ verify: () => any, tools: () => any, host?: object }} modules return the
 *   initialised glue of the verification module and of the tools module, or throw; `host` is
 *   the host's crypto, if any (`Engine`)
 */
export function createApi(modules) {
  /** glue -> Engine (at most two entries). */
  const engines = new Map();
  const engineOf = (glue) => {
    let engine = engines.get(glue);
    if (engine === undefined) engines.set(glue, (engine = new Engine(glue, modules.host)));
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
    #readsBody;
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
      this.#readsBody = this.#verifier.readsBody;
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
      let block;
      try {
        block = pickHeaders(headers, this.#names, values);
      } catch (e) {
        throw unreadable(e, 'headers');
      }
      const engine = this.#engine;
      // Large payloads on Node: the host's crypto, and the body left where it is unless the
      // scheme reads it (a body field, form parameters).
      let r;
      try {
        const mode = engine.verifyMode(payload, this.#readsBody);
        const len = mode & BODY_ELSEWHERE ? engine.holdPayload(payload, this.#limit, block) : engine.writePayload(payload, this.#limit, block);
        r = engine.readResult(this.#verifier.verify(len, engine.tailLength, nowMs ?? Date.now(), url, method, mode), values);
      } catch (e) {
        throw unreadable(fromWasm(e), 'payload');
      } finally {
        engine.release();
      }
      const result = r.dedupeKey !== null ? { event: undefined, scheme: this.#scheme, keyIndex: r.keyIndex, id: r.id, timestamp: r.timestamp, dedupeKey: r.dedupeKey } : lazyDigestResult(engine, payload, this.#scheme, r);
      const parse = this.#parse;
      if (parse !== false) result.event = parseEvent(parse, payload, parse === 'auto' ? guard(() => headerOf(headers, 'content-type'), 'headers') : undefined, result);
      return result;
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
      const opts = toolsOptions(options);
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
    const { names, block } = guard(() => allHeaders(headers), 'headers');
    return call(() => {
      const none = payload === undefined || payload === null;
      const len = engine.writePayload(none ? '' : payload, DEFAULT_MAX_PAYLOAD_BYTES, block);
      return engine.glue.detect(names, engine.tailLength, none ? undefined : len);
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
    return call(() => {
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
      call(() => {
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
    return JSON.parse(call(() => engine.glue.transform(platform, eventJson, templateJson)));
  }

  /** A Slack incoming-webhook message (Block Kit) for a normalised event. */
  const toSlack = (event, template) => render('slack', event, template);
  /** A Discord webhook message (one embed, mentions disabled) for a normalised event. */
  const toDiscord = (event, template) => render('discord', event, template);

  return { Webhook, sign, detectScheme, schemes, explain, normalize, toSlack, toDiscord };
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
  const result = { event: undefined, scheme, keyIndex: r.keyIndex, id: r.id, timestamp: r.timestamp, [PENDING]: { engine, payload } };
  return Object.defineProperty(result, 'dedupeKey', LAZY_DEDUPE_KEY);
}
