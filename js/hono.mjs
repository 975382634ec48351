// Hono (any runtime): `webhookMiddleware(webhook)` verifies the raw body and sets
// `c.get('webhook')`. Later handlers can still call `c.req.json()` (Hono caches the body). A
// body that a validator or `c.req.json()` read *before* the middleware is refused, because
// Hono would hand back a re-serialized copy.
//
//   app.post('/webhooks/svix', webhookMiddleware(new Webhook(secret, { scheme: 'svix' })),
//     (c) => c.json({ type: c.get('webhook').event.type }));
import { checkText, bodyAlreadyParsed, errorBody, resolveOption, statusFor } from './lib/frameworks.mjs';

const FIX = 'put webhookMiddleware(webhook) before any validator or handler that reads the body';

/**
 * @param {import('hookgate').Webhook} webhook
 * @param {{ url?: string | ((c) => string), onError?: (err, c) => Response | Promise<Response> }} [options]
 */
export function webhookMiddleware(webhook, options = {}) {
  return async function hookgateWebhook(c, next) {
    let result;
    try {
      result = webhook.verify(await rawBody(c), c.req.raw.headers, { url: resolveOption(options.url, c) ?? c.req.url, method: c.req.method });
    } catch (err) {
      if (options.onError) return options.onError(err, c);
      const status = statusFor(err);
      if (status === 500) throw err;
      return c.json(errorBody(err), status);
    }
    c.set('webhook', result);
    await next();
  };
}

async function rawBody(c) {
  const cache = c.req.bodyCache ?? {};
  if (cache.arrayBuffer === undefined) {
    // What an earlier reader left: bytes (exact), text (exact if its length still matches), or
    // parsed values (json in older Hono, formData, parseBody) that Hono would re-serialize.
    if (cache.blob !== undefined) return new Uint8Array(await (await cache.blob).arrayBuffer());
    const keys = Object.keys(cache);
    if (keys.length === 1 && keys[0] === 'text') {
      const text = await cache.text;
      checkText(text, c.req.raw.headers, FIX);
      return text;
    }
    if (keys.length > 0) throw bodyAlreadyParsed(`the body was already read as ${keys.join(', ')} (Hono would re-serialize it)`, FIX);
    if (c.req.raw.bodyUsed) throw bodyAlreadyParsed('the request body was already read', FIX);
  }
  return new Uint8Array(await c.req.arrayBuffer());
}
