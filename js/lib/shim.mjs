// The drop-in `Webhook` classes of hookgate/standardwebhooks and hookgate/svix: the surface
// of those packages (constructor, verify, sign, WebhookVerificationError), hookgate inside.
import { Webhook as Core, WebhookVerificationError } from 'hookgate';

const PREFIX = 'whsec_';

/** Their messages, so code that matches on them keeps working; `.code` says more. */
const MESSAGES = {
  missing_header: 'Missing required headers',
  missing_timestamp: 'Missing required headers',
  invalid_timestamp: 'Invalid Signature Headers',
  timestamp_too_old: 'Message timestamp too old',
  timestamp_in_future: 'Message timestamp too new',
};

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

export function makeWebhook(scheme) {
  return class Webhook {
    static prefix = PREFIX;
    #core;

    /**
     * @param {string | Uint8Array} secret `whsec_…` base64, or with `{ format: 'raw' }` the key
     *   bytes (a Uint8Array, or a string of byte-valued characters)
     */
    constructor(secret, options) {
      if (options?.format === 'raw') {
        const bytes = secret instanceof Uint8Array ? secret : Uint8Array.from(String(secret), (c) => c.charCodeAt(0));
        secret = PREFIX + base64(bytes);
      } else if (typeof secret !== 'string') {
        throw new Error('Expected secret to be of type string');
      }
      this.#core = new Core(secret, { scheme, parse: false });
    }

    /** Verifies and returns the parsed JSON payload (`undefined` for an empty payload). */
    verify(payload, headers, options) {
      try {
        this.#core.verify(payload, headers);
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        throw new WebhookVerificationError(MESSAGES[e.code] ?? 'No matching signature found', e.toJSON());
      }
      const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
      if (text === '') return undefined;
      return options?.jsonParse === false ? undefined : JSON.parse(text);
    }

    /** `v1,<base64>` over `${msgId}.${seconds}.${payload}`. */
    sign(msgId, timestamp, payload) {
      const signed = this.#core.sign(payload, { id: msgId, timestamp });
      return Object.entries(signed.headers).find(([name]) => name.endsWith('-signature'))[1];
    }
  };
}

export { WebhookVerificationError };
