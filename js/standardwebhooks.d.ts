// Drop-in types for `standardwebhooks`' Webhook (hookgate/standardwebhooks).
import { WebhookVerificationError } from 'hookgate';

export { WebhookVerificationError };

export interface WebhookUnbrandedRequiredHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface WebhookOptions {
  /** `'raw'`: the secret is the key bytes, not `whsec_` base64. */
  format?: 'raw';
}

export interface VerifyOptions {
  /** Return the parsed JSON (default) or `undefined`. */
  jsonParse?: boolean;
}

export declare class Webhook {
  constructor(secret: string | Uint8Array, options?: WebhookOptions);
  /** Returns the parsed JSON payload; throws `WebhookVerificationError` (with `.code`). */
  verify(payload: string | Uint8Array, headers: WebhookUnbrandedRequiredHeaders | Record<string, string>, options?: VerifyOptions): unknown;
  /** `v1,<base64>`. */
  sign(msgId: string, timestamp: Date, payload: string | Uint8Array): string;
}
