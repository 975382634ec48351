// What `parse` makes of a verified payload: the `event` of a result. Parsing happens after
// verification, so a payload that does not parse is authentic all the same: it is a
// `WebhookPayloadError`, never a `WebhookVerificationError`.
//
//   'auto' (default, also `true`)  by the Content-Type header, or the first byte without one:
//                                  JSON -> the parsed value; a form -> an object of fields;
//                                  anything else -> no event (the raw bytes are yours)
//   'json'                         JSON whatever the type says
//   'form'                         an object of fields whatever the type says
//   false                          no event

import { asBytes } from './engine.mjs';
import { WebhookPayloadError } from './errors.mjs';

/** The values `parse` takes, besides booleans. */
export const PARSE_MODES = ['auto', 'json', 'form'];

const decoder = new TextDecoder();

/**
 * The `event` of a verified `payload` under `mode` ('auto', 'json', 'form' or false), given its
 * Content-Type header (read only in 'auto'; `undefined` when absent); `result` is the
 * verification, for the error. Throws `WebhookPayloadError` when the payload does not parse as
 * it must.
 */
export function parseEvent(mode, payload, contentType, result) {
  if (mode === false) return undefined;
  const body = typeof payload === 'string' ? payload : asBytes(payload);
  const kind = mode === 'auto' ? kindOf(body, contentType) : mode;
  if (kind === undefined) return undefined;
  const text = typeof body === 'string' ? body : decoder.decode(body);
  if (text === '') return undefined;
  if (kind === 'form') return formFields(text);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new WebhookPayloadError(
      `the request verified, but its payload is not valid JSON (${e.message}); it is authentic: do not answer it as a forgery. Use \`parse: false\` or \`parse: 'form'\` if the provider sends something else`,
      { code: 'invalid_json' },
      result,
      e,
    );
  }
}

/** 'json', 'form' or undefined (no event): by the media type, or the first byte without one. */
function kindOf(payload, header) {
  if (header === undefined || header.trim() === '') return firstByteIsJson(payload) ? 'json' : undefined;
  const type = header.split(';', 1)[0].trim().toLowerCase();
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return undefined;
}

/** Whether the first byte (of a string or a Uint8Array) other than JSON whitespace opens an object or an array. */
function firstByteIsJson(payload) {
  const text = typeof payload === 'string';
  for (let i = 0; i < payload.length; i++) {
    const c = text ? payload.charCodeAt(i) : payload[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b || c === 0x5b;
  }
  return false;
}

/**
 * A form body as `{ name: value }`: a field that repeats becomes an array of its values, in
 * order. Values stay strings: Slack's `payload` field (interactions) is JSON text and stays
 * so, as Slack's own SDKs leave it.
 */
function formFields(text) {
  const out = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (!Object.hasOwn(out, name)) {
      // defineProperty: a field named `__proto__` is a field, not the object's prototype.
      Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
    } else if (Array.isArray(out[name])) out[name].push(value);
    else out[name] = [out[name], value];
  }
  return out;
}
