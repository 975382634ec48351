// Drop-in types for `svix`'s Webhook (hookgate/svix).
import { WebhookVerificationError } from 'hookgate';

export { WebhookVerificationError };

export interface WebhookRequiredHeaders {
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}

export interface WebhookUnbrandedRequiredHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface WebhookOptions {
  /** `'raw'`: the secret is the key bytes, not `whsec_` base64. */
  format?: 'raw';
}

export declare class Webhook {
  constructor(secret: string | Uint8Array, options?: WebhookOptions);
  /** Returns the parsed JSON payload; throws `WebhookVerificationError` (with `.code`). */
  verify(payload: string | Uint8Array, headers: WebhookRequiredHeaders | WebhookUnbrandedRequiredHeaders | Record<string, string>): unknown;
  /** `v1,<base64>`. */
  sign(msgId: string, timestamp: Date, payload: string | Uint8Array): string;
}
