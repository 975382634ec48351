// hookgate/express: structural types, so the package does not depend on @types/express.
import type { HookgateError, Verified, Webhook } from 'hookgate';

export interface ExpressLikeRequest {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  body?: unknown;
  webhook?: Verified;
  [key: string]: unknown;
}

export interface WebhookMiddlewareOptions {
  /** The URL the provider called (for Twilio, Square, HubSpot); default from protocol, Host and originalUrl. */
  url?: string | ((req: any) => string);
  /** Refuse bodies larger than this many bytes (default 32 MiB). */
  limit?: number;
  /** Handle failures yourself; by default `next(err)` with `err.status` 400, 413 or 500. */
  onError?: (err: HookgateError | Error, req: any, res: any, next: (err?: unknown) => void) => void;
}

/** Express middleware: verifies the raw body and sets `req.webhook`. */
export declare function webhookMiddleware(webhook: Webhook, options?: WebhookMiddlewareOptions): (req: any, res: any, next: (err?: unknown) => void) => void;
