// The options and arguments of the public API, checked and copied in JS: strictly (an unknown
// key or a wrong type is an `invalid_options` error that names it; `undefined` and `null` mean
// "not given"), and before any wasm runs, so no getter, Proxy trap or toString of the caller's
// ever runs while wasm is on the stack.

import { BODY_BUFFER, OPTIONS, TOLERANCE } from './boundary.mjs';
import { badOptions, configError, invalidArgument } from './errors.mjs';
import { PARSE_MODES } from './payload.mjs';

/** Payloads above this many bytes are refused unless `maxPayloadBytes` says otherwise. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

const WEBHOOK_OPTION_KEYS = ['scheme', 'signatureHeader', 'tolerance', 'dangerouslySkipTimestampCheck', 'parse', 'maxPayloadBytes', 'dedupeKey'];
const SOURCE_KINDS = ['json', 'header', 'form', 'param'];
const VERIFY_OPTION_KEYS = new Set(['now', 'url', 'method']);
const hasOwn = Object.hasOwn ?? ((o, k) => Object.prototype.hasOwnProperty.call(o, k));

/**
 * The options of `new Webhook`, validated, as `WasmVerifier`'s arguments (the tolerance as
 * `toleranceKind`, `pastS`, `futureS`: TOLERANCE in ./boundary.mjs) plus the wrapper's own
 * settings (`parse`: 'auto', 'json', 'form' or false). A custom spec is copied with `toPlain`; the tools module checks its shape.
 */
export function webhookOptions(options) {
  const o = {
    scheme: undefined,
    signatureHeader: undefined,
    ...toleranceArgs(undefined, undefined),
    parse: 'auto',
    maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
    dedupeKey: undefined,
  };
  if (options === undefined || options === null) return o;
  const given = givenOptions(options, WEBHOOK_OPTION_KEYS);
  const { scheme, signatureHeader, parse, maxPayloadBytes } = given;
  if (given.dedupeKey !== undefined) o.dedupeKey = dedupeKeyTemplates(given.dedupeKey);
  if (scheme !== undefined) {
    if (typeof scheme === 'string') o.scheme = scheme;
    else if (typeof scheme === 'object' && !Array.isArray(scheme)) o.scheme = toPlain(scheme, 'options.scheme');
    else throw badOptions('scheme must be a scheme id or a scheme spec object');
  }
  if (signatureHeader !== undefined) {
    if (typeof signatureHeader !== 'string') throw badOptions('signatureHeader must be a string (a header name)');
    o.signatureHeader = signatureHeader;
  }
  Object.assign(o, toleranceArgs(given.tolerance, given.dangerouslySkipTimestampCheck));
  if (parse !== undefined) {
    if (parse === true) o.parse = 'auto';
    else if (parse === false || PARSE_MODES.includes(parse)) o.parse = parse;
    else throw badOptions(`parse must be ${PARSE_MODES.map((m) => `'${m}'`).join(', ')}, true (= 'auto') or false`);
  }
  if (maxPayloadBytes !== undefined) {
    if (typeof maxPayloadBytes !== 'number' || !Number.isInteger(maxPayloadBytes) || maxPayloadBytes < 0) {
      throw badOptions('maxPayloadBytes must be a non-negative whole number of bytes');
    }
    if (maxPayloadBytes > BODY_BUFFER.maxPayloadBytes) throw badOptions(`maxPayloadBytes is at most ${BODY_BUFFER.maxPayloadBytes} (1 GiB)`);
    o.maxPayloadBytes = maxPayloadBytes;
  }
  return o;
}

/**
 * The `dedupeKey` option as the template texts of its alternatives: a template string
 * (`'{json:/data/id}:{json:/type}'`), or a list of templates and source objects
 * (`[{ json: '/id' }, '{header:x-request-id}']`), the grammar of a scheme spec's sources. The
 * core checks the templates themselves.
 */
function dedupeKeyTemplates(key) {
  const bad = () => badOptions('dedupeKey must be a template string such as "{json:/id}", or a list of templates and sources such as [{ json: "/id" }]');
  const item = (v) => {
    if (typeof v === 'string') return v;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad();
    const keys = Object.keys(v);
    if (keys.length !== 1 || !SOURCE_KINDS.includes(keys[0]) || typeof v[keys[0]] !== 'string') {
      throw badOptions(`dedupeKey: a source is one of ${SOURCE_KINDS.map((k) => `{ ${k}: "…" }`).join(', ')}`);
    }
    if (/[{}]/.test(v[keys[0]])) throw badOptions("dedupeKey: a source name cannot contain '{' or '}'");
    return `{${keys[0]}:${v[keys[0]]}}`;
  };
  const list = typeof key === 'string' ? [key] : Array.isArray(key) ? Array.from(key, item) : null;
  if (list === null) throw bad();
  if (list.some((t) => t.includes('\0'))) throw badOptions('dedupeKey: a template cannot contain a NUL character');
  return list;
}

/** An options object's own keys, each one of `allowed`, with the values not `undefined` or `null`. */
function givenOptions(options, allowed) {
  if (typeof options !== 'object' || Array.isArray(options)) throw badOptions('options must be an object');
  const given = {};
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw badOptions(`unknown field \`${key}\`, expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}`);
    }
    const value = options[key];
    if (value !== undefined && value !== null) given[key] = value;
  }
  return given;
}

/**
 * The `tolerance` and `dangerouslySkipTimestampCheck` options (`undefined`: not given) as the
 * boundary takes them: `{ toleranceKind, pastS, futureS }` (TOLERANCE in ./boundary.mjs).
 */
export function toleranceArgs(tolerance, dangerous) {
  if (dangerous !== undefined && typeof dangerous !== 'boolean') throw badOptions('dangerouslySkipTimestampCheck must be a boolean');
  if (tolerance !== undefined && dangerous === true) throw badOptions('give either tolerance or dangerouslySkipTimestampCheck, not both');
  if (dangerous === true) return { toleranceKind: TOLERANCE.window, pastS: TOLERANCE.unlimited, futureS: TOLERANCE.unlimited };
  if (tolerance === undefined) return { toleranceKind: TOLERANCE.schemeDefault, pastS: 0, futureS: 0 };
  if (typeof tolerance === 'number') {
    if (!isSeconds(tolerance)) throw badOptions('tolerance must be a non-negative whole number of seconds');
    return { toleranceKind: TOLERANCE.seconds, pastS: tolerance, futureS: 0 };
  }
  if (typeof tolerance === 'object' && !Array.isArray(tolerance)) {
    const window = 'tolerance { pastS, futureS } (null = unlimited)';
    for (const key of Object.keys(tolerance)) {
      if (key !== 'pastS' && key !== 'futureS') throw badOptions(`${window}: unknown field \`${key}\`, expected \`pastS\` or \`futureS\``);
    }
    const side = (key) => {
      if (!hasOwn(tolerance, key)) throw badOptions(`${window}: missing field \`${key}\``);
      const v = tolerance[key];
      if (v === null) return TOLERANCE.unlimited;
      if (typeof v !== 'number' || !isSeconds(v)) throw badOptions(`${window}: ${key} must be a non-negative whole number of seconds or null`);
      return v;
    };
    return { toleranceKind: TOLERANCE.window, pastS: side('pastS'), futureS: side('futureS') };
  }
  throw badOptions('tolerance must be seconds or { pastS, futureS }');
}

/** A non-negative whole number of seconds that converts to an integer exactly. */
function isSeconds(n) {
  return Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER;
}

/** Validates `verify`'s per-call options: `{ now, url, method }`, nothing else. */
export function verifyOptions(options) {
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

/** An options object of a tools call (`undefined` and `null`: none), which must be an object. */
export function toolsOptions(options) {
  const opts = options === undefined || options === null ? {} : options;
  if (typeof opts !== 'object' || Array.isArray(opts)) throw configError('invalid_options', 'invalid options: options must be an object', { detail: 'options must be an object' });
  return opts;
}

/** A `Date` or epoch seconds, as epoch milliseconds. */
export function toMillis(value, argument) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidArgument(argument, 'invalid Date');
    return ms;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(argument, 'expected a Date or epoch seconds');
  if (Math.abs(value) > OPTIONS.maxPlausibleSeconds) throw invalidArgument(argument, 'this looks like milliseconds; pass epoch seconds or a Date');
  return Math.round(value * 1000);
}

/** A secret or a list of secrets, checked and copied. */
export function secretList(secret) {
  if (typeof secret === 'string') return secret;
  if (!Array.isArray(secret)) throw invalidArgument('secret', 'expected a string or an array of strings');
  const list = Array.from(secret);
  if (!list.every((s) => typeof s === 'string')) throw invalidArgument('secret', 'every entry must be a string');
  return list;
}

/**
 * A plain-data copy of an options object (own enumerable keys); cycles, absurd nesting and
 * values JSON cannot hold are refused here.
 */
export function toPlain(value, path, depth = 0) {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') throw badOption(path, `a ${typeof value} is not allowed`);
  if (depth > OPTIONS.maxDepth) throw badOption(path, 'nested too deeply (or cyclic)');
  if (Array.isArray(value)) return value.map((v, i) => toPlain(v, `${path}[${i}]`, depth + 1));
  const out = {};
  for (const key of Object.keys(value)) out[key] = toPlain(value[key], `${path}.${key}`, depth + 1);
  return out;
}

function badOption(path, detail) {
  return configError('invalid_options', `invalid options: ${path}: ${detail}`, { detail: `${path}: ${detail}` });
}
