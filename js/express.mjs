// Express (4 and 5): `webhookMiddleware(webhook)` verifies the request and puts the result on
// `req.webhook`. It reads the raw body itself, or takes the Buffer from `express.raw()`; a body
// that `express.json()` / `express.text()` already consumed is refused with the fix.
//
//   app.post('/webhooks/stripe', webhookMiddleware(new Webhook(secret, { scheme: 'stripe' })),
//     (req, res) => { handle(req.webhook.event); res.sendStatus(204); });
import { checkText, DEFAULT_LIMIT, bodyAlreadyParsed, readNodeBody, resolveOption, statusFor, streamConsumed } from './lib/frameworks.mjs';

const FIX =
  "mount the webhook route before app.use(express.json()), or give it the raw body: app.post(path, express.raw({ type: '*/*' }), webhookMiddleware(webhook), handler)";

/**
 * @param {import('hookgate').Webhook} webhook
 * @param {{ url?: string | ((req) => string), limit?: number, onError?: (err, req, res, next) => void }} [options]
 */
export function webhookMiddleware(webhook, options = {}) {
  const limit = options.limit ?? DEFAULT_LIMIT;
  return function hookgateWebhook(req, res, next) {
    rawBody(req, limit)
      .then((body) => {
        const url = resolveOption(options.url, req) ?? requestUrl(req);
        req.webhook = webhook.verify(body, req.headers, { url, method: req.method });
        next();
      })
      .catch((err) => {
        if (options.onError) return options.onError(err, req, res, next);
        // Express's error handler answers with err.status; your own handler can read err.code.
        if (err && typeof err === 'object' && err.status === undefined) err.status = statusFor(err);
        next(err);
      });
  };
}

async function rawBody(req, limit) {
  const body = req.body;
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') {
    checkText(body, req.headers, FIX);
    return body;
  }
  const parsed = body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0 && !streamConsumed(req));
  if (parsed) throw bodyAlreadyParsed('req.body is already a parsed value (express.json(), express.urlencoded() or another parser ran first)', FIX);
  if (streamConsumed(req)) throw bodyAlreadyParsed('the request stream was already read by another middleware', FIX);
  return readNodeBody(req, limit);
}

function requestUrl(req) {
  const host = typeof req.get === 'function' ? req.get('host') : req.headers.host;
  const protocol = req.protocol ?? (req.socket?.encrypted ? 'https' : 'http');
  return host ? `${protocol}://${host}${req.originalUrl ?? req.url}` : undefined;
}
