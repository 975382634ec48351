// hookgate/hono: structural types, so the package does not depend on hono's types.
import type { HookgateError, Webhook } from 'hookgate';

export interface HonoWebhookOptions {
  /** The URL the provider called (for schemes that sign it); default `c.req.url`. */
  url?: string | ((c: any) => string);
  /** Answer failures yourself; by default 400/413 with `{ error, code, message }`, and setup errors are thrown. */
  onError?: (err: HookgateError | Error, c: any) => Response | Promise<Response>;
}

/** Hono middleware: verifies the raw body and sets `c.get('webhook')` (a `Verified`). */
export declare function webhookMiddleware(webhook: Webhook, options?: HonoWebhookOptions): (c: any, next: () => Promise<void>) => Promise<Response | void>;
