// Next.js. App Router route handlers: `withWebhook(webhook, handler)`; the handler gets the
// verification result first. Pages Router API routes: `withWebhookApi(webhook, handler)`, with
// `export const config = { api: { bodyParser: false } }` on the route (the helper says so if
// Next parsed the body).
//
//   // app/api/webhooks/route.js
//   export const POST = withWebhook(new Webhook(process.env.WEBHOOK_SECRET), async (webhook) => {
//     await handle(webhook.event);
//     return new Response(null, { status: 204 });
//   });
import { checkText, DEFAULT_LIMIT, bodyAlreadyParsed, errorBody, readNodeBody, resolveOption, statusFor, streamConsumed } from './lib/frameworks.mjs';

/**
 * @param {import('hookgate').Webhook} webhook
 * @param {(webhook, request: Request, context) => Response | Promise<Response>} handler
 * @param {{ url?: string | ((request: Request) => string) }} [options]
 */
export function withWebhook(webhook, handler, options = {}) {
  return async function hookgateRoute(request, context) {
    let result;
    try {
      const url = resolveOption(options.url, request);
      result = await webhook.verifyRequest(request, url === undefined ? undefined : { url });
    } catch (err) {
      const status = statusFor(err);
      if (status === 500) throw err;
      return Response.json(errorBody(err), { status });
    }
    return handler(result, request, context);
  };
}

const API_FIX = 'add `export const config = { api: { bodyParser: false } }` to this API route so Next.js leaves the body alone';

/**
 * @param {import('hookgate').Webhook} webhook
 * @param {(webhook, req, res) => unknown} handler
 * @param {{ url?: string | ((req) => string), limit?: number }} [options]
 */
export function withWebhookApi(webhook, handler, options = {}) {
  const limit = options.limit ?? DEFAULT_LIMIT;
  return async function hookgateApiRoute(req, res) {
    let result;
    try {
      let body = req.body;
      if (typeof body === 'string') checkText(body, req.headers, API_FIX);
      else if (body instanceof Uint8Array) {
        // A raw Buffer: fine.
      } else if (body !== undefined && body !== null) throw bodyAlreadyParsed('req.body is already a parsed value (the API route body parser ran)', API_FIX);
      else if (streamConsumed(req)) throw bodyAlreadyParsed('the request stream was already read', API_FIX);
      else body = await readNodeBody(req, limit);
      const url = resolveOption(options.url, req) ?? (req.headers.host ? `${req.headers['x-forwarded-proto'] ?? 'https'}://${req.headers.host}${req.url}` : undefined);
      result = webhook.verify(body, req.headers, { url, method: req.method });
    } catch (err) {
      const status = statusFor(err);
      if (status === 500) throw err;
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(errorBody(err)));
      return;
    }
    return handler(result, req, res);
  };
}
