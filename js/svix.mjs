// Drop-in for the `Webhook` of the `svix` package: change the import, keep the code.
//   import { Webhook, WebhookVerificationError } from 'hookgate/svix';
// `svix-*` headers, falling back to `webhook-*`, as svix does; everything else as
// hookgate/standardwebhooks (svix wraps that package). Only the webhook verifier is provided,
// not the API client.
import { makeWebhook, WebhookVerificationError } from './lib/shim.mjs';

export const Webhook = makeWebhook(true);
export { WebhookVerificationError };
