// Drop-in for the `Webhook` of the `svix` package: change the import, keep the code.
//   import { Webhook, WebhookVerificationError } from 'hookgate/svix';
// `svix-*` headers, falling back to `webhook-*`, as svix does. Only the webhook verifier is
// provided, not the API client. Errors also carry `.code`; payloads are hashed as raw bytes.
import { makeWebhook, WebhookVerificationError } from './lib/shim.mjs';

export const Webhook = makeWebhook('svix');
export { WebhookVerificationError };
