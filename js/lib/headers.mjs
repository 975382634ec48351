// Headers as the caller has them (a Fetch `Headers`, a plain object / Node
// `IncomingHttpHeaders`, a `Map`, or `[name, value]` pairs), turned into the header block: the
// one format in which header values cross into wasm (HEADER_BLOCK in ./boundary.mjs): for a
// list of names, each value as `=value`, or nothing when absent, joined by NUL.

import { HEADER_BLOCK } from './boundary.mjs';
import { invalidArgument } from './errors.mjs';

const { separator: SEPARATOR, present: PRESENT } = HEADER_BLOCK;
const SEPARATOR_PRESENT = SEPARATOR + PRESENT;
const hasOwn = Object.hasOwn ?? ((o, k) => Object.prototype.hasOwnProperty.call(o, k));

/**
 * The header block of `names` (lower case), the verify path: the values are also stored in
 * `values` (reused by the caller), so a result's id can be one of these strings.
 */
export function pickHeaders(headers, names, values) {
  let out = '';
  if (headers === null || typeof headers !== 'object') throw badHeaders();
  // Fetch `Headers` (matched by shape: touching the global `Headers` would load Node's fetch
  // implementation, ~20 ms of cold start). Its get() is case-insensitive.
  if (isHeadersLike(headers) && !(headers instanceof Map)) {
    for (let i = 0; i < names.length; i++) {
      const v = headers.get(names[i]);
      values[i] = v;
      out += i === 0 ? (v == null ? '' : PRESENT + v) : v == null ? SEPARATOR : SEPARATOR_PRESENT + v;
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
    if (i > 0) out += SEPARATOR;
    if (v !== undefined) out += PRESENT + v;
  }
  return out;
}

/**
 * Every header, for the tools: `names`, the lower-case names joined by NUL, and `block`, their
 * header block.
 */
export function allHeaders(headers) {
  if (headers === null || typeof headers !== 'object') throw badHeaders();
  let names = '';
  let block = '';
  let first = true;
  for (const [name, raw] of lowerCased(headers)) {
    const v = headerValue(raw, name);
    if (v === undefined) continue;
    if (name.includes(SEPARATOR)) throw invalidArgument('headers', 'a header name contains a NUL character');
    if (v.includes(SEPARATOR)) throw invalidArgument('headers', 'a header name or value contains a NUL character');
    names += first ? name : SEPARATOR + name;
    block += first ? PRESENT + v : SEPARATOR_PRESENT + v;
    first = false;
  }
  return { names, block };
}

/**
 * One header's value (`name` in lower case), from headers already read by `pickHeaders` (so
 * in a shape it accepts); `undefined` when absent or not text.
 */
export function headerOf(headers, name) {
  let v;
  if (isHeadersLike(headers) && !(headers instanceof Map)) v = headers.get(name);
  else if (headers instanceof Map || Array.isArray(headers)) v = lowerCased(headers).get(name);
  else {
    v = hasOwn(headers, name) ? headers[name] : undefined;
    if (v === undefined) {
      for (const key of Object.keys(headers)) {
        if (key.length === name.length && key.toLowerCase() === name) {
          v = headers[key];
          break;
        }
      }
    }
  }
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : undefined;
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
