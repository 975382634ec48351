// Shared by the framework helpers (express, fastify, hono, next): finding the raw body, and
// refusing, with the fix spelled out, a body that a parser already consumed.
import { HookgateError, WebhookConfigError, WebhookPayloadError, WebhookVerificationError } from 'hookgate';

/** The same default as the core API's `maxPayloadBytes`. */
export const DEFAULT_LIMIT = 32 * 1024 * 1024;

/** The error for a body that is no longer the bytes that were signed. */
export function bodyAlreadyParsed(what, fix) {
  return new WebhookConfigError(`${what}; the signature covers the raw bytes, so it cannot be verified. Fix: ${fix}`, {
    code: 'body_already_parsed',
  });
}

/**
 * 400 for a request that failed verification, 422 for an authentic one whose payload does not
 * parse (a retry would not parse either), 413 for an oversized one, 500 for a setup bug.
 */
export function statusFor(err) {
  if (err instanceof WebhookVerificationError) return 400;
  if (err instanceof WebhookPayloadError) return 422;
  if (err instanceof HookgateError && err.code === 'payload_too_large') return 413;
  return 500;
}

/** The JSON error body the helpers answer with: the stable code and the message. */
export function errorBody(err) {
  const error = err instanceof WebhookVerificationError ? 'webhook verification failed' : err instanceof WebhookPayloadError ? 'webhook payload not parseable' : 'webhook setup error';
  return { error, code: err.code, message: err.message };
}

function headerOf(headers, name) {
  if (headers == null) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A body that arrived as a string (a text parser ran) is only usable if it is still exactly
 * the bytes received: its UTF-8 length must equal Content-Length (when that is known and the
 * body was not compressed). Otherwise it was decoded with another charset or re-serialized.
 */
export function checkText(text, headers, fix) {
  const declared = headerOf(headers, 'content-length');
  const encoding = headerOf(headers, 'content-encoding');
  if (declared === undefined || (encoding !== undefined && encoding !== 'identity')) return;
  const length = utf8Length(text);
  if (String(length) !== String(declared).trim()) {
    throw bodyAlreadyParsed(`the body is a string of ${length} UTF-8 bytes but Content-Length is ${declared} (a body parser decoded or re-serialized it)`, fix);
  }
}

/** Reads a Node `IncomingMessage` to the end, refusing more than `limit` bytes. */
export function readNodeBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        reject(new WebhookConfigError(`payload too large: more than ${limit} bytes (option limit)`, { code: 'payload_too_large', size, limit }));
        req.destroy();
        return;
      }
      chunks.push(bytes);
    });
    req.on('end', () => {
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    req.on('error', reject);
  });
}

/** Whether a Node request stream was already read (by a body parser). */
export function streamConsumed(req) {
  return req._body === true || req.readableEnded === true;
}

/** `value`, or `value(...args)` when it is a function. */
export function resolveOption(value, ...args) {
  return typeof value === 'function' ? value(...args) : value;
}
