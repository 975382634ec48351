// Drop-in for the `standardwebhooks` package: change the import, keep the code.
//   import { Webhook, WebhookVerificationError } from 'hookgate/standardwebhooks';
// Same constructor, verify, sign, error class, messages and order of checks (./lib/shim.mjs).
// Differences: errors also carry `.code` (and `.age_s`, ...); payloads are hashed as raw bytes
// (a Buffer is never decoded first); headers may also be a Fetch `Headers` or a `Map`.
import { makeWebhook, WebhookVerificationError } from './lib/shim.mjs';

export const Webhook = makeWebhook(false);
export { WebhookVerificationError };
