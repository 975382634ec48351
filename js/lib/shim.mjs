// The drop-in `Webhook` classes of hookgate/standardwebhooks and hookgate/svix: the surface and
// the behaviour of those packages, messages and order of checks included: the constructor's
// errors are plain `Error`s; `verify` checks the three headers, then the timestamp, then the
// signature; everything it throws is their `WebhookVerificationError` (hookgate's, with
// `.code`). The signature is checked by hookgate.
//
// svix 1.x wraps standardwebhooks 1.0.0, which differs from 1.1: it refuses a falsy secret
// before decoding it (1.1: an empty key after), and always parses the payload (an empty one
// is a SyntaxError). One deliberate difference from both: an empty key is refused ("Secret
// can't be empty."), because anyone can sign with it (svix accepts `whsec_`).
import { Webhook as Core, WebhookVerificationError, sign as coreSign } from 'hookgate';

const PREFIX = 'whsec_';
/** Their tolerance, both ways. */
const TOLERANCE_S = 5 * 60;

/** A Standard Webhooks spec that signs `{body}` alone: `sign` gives it the whole signed text. */
const SIGN_SPEC = {
  id: 'standardwebhooks_shim_sign',
  signature: {
    from: [{ header: 'webhook-signature' }],
    format: { kind: 'list', separator: ' ', assign: ',' },
    algorithms: [{ tag: 'v1', algorithm: 'hmac_sha256', encoding: 'base64', key: { encoding: 'base64', prefix: PREFIX } }],
  },
  signed_content: '{body}',
};

/**
 * @param {boolean} svix the svix flavour: `svix-*` headers first, then `webhook-*`; the
 *   secret checked before decoding; `verify` takes no options and always parses
 */
export function makeWebhook(svix) {
  return class Webhook {
    static prefix = PREFIX;
    #core;
    #secret;

    /**
     * @param {string | Uint8Array} secret `whsec_…` base64, or with `{ format: 'raw' }` the key
     *   bytes (a Uint8Array, or a string of byte-valued characters)
     */
    constructor(secret, options) {
      if (svix && !secret) throw new Error("Secret can't be empty.");
      let key;
      if (options?.format === 'raw') {
        key = secret instanceof Uint8Array ? secret : Uint8Array.from(secret, (c) => c.charCodeAt(0));
      } else {
        if (typeof secret !== 'string') throw new Error('Expected secret to be of type string');
        key = decodeBase64(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length) : secret);
      }
      if (key.length === 0) throw new Error("Secret can't be empty.");
      this.#secret = PREFIX + encodeBase64(key);
      this.#core = new Core(this.#secret, { scheme: 'standard_webhooks', parse: false });
    }

    /** Verifies and returns the parsed JSON payload (`undefined` for an empty payload). */
    verify(payload, headers_, options) {
      const headers = {};
      if (headers_ !== null && typeof headers_ === 'object' && typeof headers_.forEach === 'function' && typeof headers_.get === 'function') {
        // A Fetch `Headers` or a `Map`: more than they take, read the same way.
        headers_.forEach((value, key) => {
          headers[String(key).toLowerCase()] = value;
        });
      } else {
        for (const key of Object.keys(headers_)) headers[key.toLowerCase()] = headers_[key];
      }
      if (svix) {
        headers['webhook-id'] = headers['svix-id'] ?? headers['webhook-id'] ?? '';
        headers['webhook-signature'] = headers['svix-signature'] ?? headers['webhook-signature'] ?? '';
        headers['webhook-timestamp'] = headers['svix-timestamp'] ?? headers['webhook-timestamp'] ?? '';
      }
      const id = headers['webhook-id'];
      const signature = headers['webhook-signature'];
      const timestampHeader = headers['webhook-timestamp'];
      if (!signature || !id || !timestampHeader) throw new WebhookVerificationError('Missing required headers', { code: 'missing_header' });
      const now = Math.floor(Date.now() / 1000);
      const timestamp = parseInt(timestampHeader, 10);
      if (Number.isNaN(timestamp)) throw new WebhookVerificationError('Invalid Signature Headers', { code: 'invalid_timestamp', source: 'webhook-timestamp' });
      if (now - timestamp > TOLERANCE_S) throw new WebhookVerificationError('Message timestamp too old', { code: 'timestamp_too_old', age_s: now - timestamp, tolerance_s: TOLERANCE_S });
      if (timestamp > now + TOLERANCE_S) throw new WebhookVerificationError('Message timestamp too new', { code: 'timestamp_in_future', ahead_s: timestamp - now, tolerance_s: TOLERANCE_S });
      // They sign the timestamp as they parsed it.
      const checked = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
      try {
        this.#core.verify(payload, checked, { now });
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        throw new WebhookVerificationError('No matching signature found', e.toJSON());
      }
      const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
      if (svix) return JSON.parse(text);
      if (text === '') return undefined;
      return options?.jsonParse === false ? undefined : JSON.parse(text);
    }

    /** `v1,<base64>` over `${msgId}.${seconds}.${payload}`, as they sign. */
    sign(msgId, timestamp, payload) {
      if (typeof payload !== 'string') {
        if (payload?.constructor?.name !== 'Buffer') throw new Error('Expected payload to be of type string or Buffer.');
        payload = payload.toString();
      }
      const seconds = Math.floor(timestamp.getTime() / 1000);
      const signed = coreSign(this.#secret, `${msgId}.${seconds}.${payload}`, { scheme: SIGN_SPEC });
      return signed.headers['webhook-signature'];
    }
  };
}

export { WebhookVerificationError };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encodeBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/**
 * Base64 as their decoder (@stablelib/base64) reads it, quirks and messages included: padding
 * is counted from the end; characters beyond the last whole group of four are not read.
 */
function decodeBase64(s) {
  if (s.length === 0) return new Uint8Array(0);
  let padding = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '='; i--) padding++;
  if (s.length < 4 || padding > 2) throw new Error('Base64Coder: incorrect padding');
  const length = s.length - padding;
  const out = new Uint8Array(((length / 4) * 3) | 0);
  let op = 0;
  let bad = false;
  const value = (i) => {
    const v = ALPHABET.indexOf(s[i]);
    if (v < 0) bad = true;
    return v < 0 ? 0 : v;
  };
  let i = 0;
  for (; i < length - 4; i += 4) {
    const [a, b, c, d] = [value(i), value(i + 1), value(i + 2), value(i + 3)];
    out[op++] = (a << 2) | (b >>> 4);
    out[op++] = (b << 4) | (c >>> 2);
    out[op++] = (c << 6) | d;
  }
  let [a, b, c] = [0, 0, 0];
  if (i < length - 1) {
    a = value(i);
    b = value(i + 1);
    out[op++] = (a << 2) | (b >>> 4);
  }
  if (i < length - 2) {
    c = value(i + 2);
    out[op++] = (b << 4) | (c >>> 2);
  }
  if (i < length - 3) out[op++] = (c << 6) | value(i + 3);
  if (bad) throw new Error('Base64Coder: incorrect characters for decoding');
  return out;
}
