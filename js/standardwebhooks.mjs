// Drop-in for the `standardwebhooks` package: change the import, keep the code.
//   import { Webhook, WebhookVerificationError } from 'hookgate/standardwebhooks';
// Differences: errors also carry `.code` (and `.age_s`, ...); payloads are hashed as raw
// bytes (a Buffer is never decoded first); `v1a` Ed25519 signatures verify with `whpk_` keys.
import { makeWebhook, WebhookVerificationError } from './lib/shim.mjs';

export const Webhook = makeWebhook('standard_webhooks');
export { WebhookVerificationError };
