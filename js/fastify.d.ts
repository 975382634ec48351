// hookgate/fastify: structural types, so the package does not depend on fastify's types.
import type { Webhook } from 'hookgate';

/** Makes request bodies arrive as Buffers in this (encapsulated) Fastify scope, and decorates `request.webhook`. */
export declare function rawBody(scope: any, options?: { limit?: number }): void;

/** A preHandler that verifies the request and sets `request.webhook`; failures carry `statusCode` and `code`. */
export declare function verifyWebhook(webhook: Webhook, options?: { url?: string | ((request: any) => string) }): (request: any) => Promise<void>;
