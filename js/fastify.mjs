// Fastify (4 and 5). Fastify parses JSON bodies by default, so webhook routes live in a plugin
// scope where `rawBody(scope)` keeps bodies as Buffers; `verifyWebhook(webhook)` is the route's
// preHandler and puts the result on `request.webhook`.
//
//   app.register(async (scope) => {
//     rawBody(scope);
//     scope.post('/webhooks/github', { preHandler: verifyWebhook(new Webhook(secret, { scheme: 'github' })) },
//       async (request) => { handle(request.webhook.event); return { ok: true }; });
//   });
import { checkText, bodyAlreadyParsed, resolveOption, statusFor } from './lib/frameworks.mjs';

const FIX =
  "call rawBody(scope) in the plugin scope of the webhook route (fastify.register(async (scope) => { rawBody(scope); scope.post(...) })), so fastify keeps the body as a Buffer";

/** Makes every content type arrive as a Buffer in this (encapsulated) scope. */
export function rawBody(scope, { limit } = {}) {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', ...(limit === undefined ? {} : { bodyLimit: limit }) }, (_request, body, done) => done(null, body));
  if (!scope.hasRequestDecorator('webhook')) scope.decorateRequest('webhook', null);
}

/**
 * A preHandler that verifies the request. Failures are thrown with `statusCode` (400, 413 or
 * 500) and `code`, which Fastify's error handler puts in its JSON reply.
 * @param {import('hookgate').Webhook} webhook
 * @param {{ url?: string | ((request) => string) }} [options]
 */
export function verifyWebhook(webhook, options = {}) {
  return async function hookgateWebhook(request) {
    try {
      const body = request.body;
      let payload;
      if (body instanceof Uint8Array) payload = body;
      else if (typeof body === 'string') {
        checkText(body, request.headers, FIX);
        payload = body;
      } else if (body === undefined || body === null) payload = '';
      else throw bodyAlreadyParsed('request.body is already a parsed value (fastify parses JSON by default)', FIX);
      const url = resolveOption(options.url, request) ?? `${request.protocol}://${request.host ?? request.hostname}${request.url}`;
      request.webhook = webhook.verify(payload, request.headers, { url, method: request.method });
    } catch (err) {
      if (err && typeof err === 'object' && err.statusCode === undefined) err.statusCode = statusFor(err);
      throw err;
    }
  };
}
