// hookgate/next: App Router route handlers and Pages Router API routes.
import type { Verified, Webhook } from 'hookgate';

/** An App Router route handler: verifies the request, then calls `handler(verified, request, context)`; 400/413 JSON on failure. */
export declare function withWebhook<C = unknown>(
  webhook: Webhook,
  handler: (webhook: Verified, request: Request, context: C) => Response | Promise<Response>,
  options?: { url?: string | ((request: Request) => string) },
): (request: Request, context: C) => Promise<Response>;

/** A Pages Router API route (needs `export const config = { api: { bodyParser: false } }`). */
export declare function withWebhookApi(
  webhook: Webhook,
  handler: (webhook: Verified, req: any, res: any) => unknown,
  options?: { url?: string | ((req: any) => string); limit?: number },
): (req: any, res: any) => Promise<unknown>;
