// A typed usage example, checked by `tsc --noEmit` (js/test/types/tsconfig.json): the public
// .d.ts files must accept correct code and reject wrong code (@ts-expect-error lines).
import {
  GatewayWebhook,
  Webhook,
  WebhookConfigError,
  WebhookVerificationError,
  HookgateError,
  detectScheme,
  explain,
  normalize,
  toDiscord,
  toSlack,
  type NormalizedEvent,
  type Report,
  init,
  initPublicKey,
  initPublicKeySync,
  initTools,
  initToolsSync,
  schemes,
  sign,
  type SchemeSpec,
  type Verified,
} from 'hookgate';
import { Webhook as StandardWebhook } from 'hookgate/standardwebhooks';
import { Webhook as SvixWebhook, WebhookVerificationError as SvixError } from 'hookgate/svix';
import { webhookMiddleware } from 'hookgate/express';
import { rawBody, verifyWebhook } from 'hookgate/fastify';
import { webhookMiddleware as honoWebhook } from 'hookgate/hono';
import { withWebhook, withWebhookApi } from 'hookgate/next';

interface InvoicePaid {
  type: 'invoice.paid';
  data: { amount: number };
}

await init();
await initPublicKey(new URL('https://example.com/hookgate_public_key_bg.wasm'));
initPublicKeySync(new Uint8Array(0));
await initTools(new URL('https://example.com/hookgate_tools_bg.wasm'));
initToolsSync(new Uint8Array(0));
// @ts-expect-error initToolsSync needs the module's bytes
initToolsSync();

const wh = new Webhook(['whsec_new', 'whsec_old'], { scheme: 'stripe', tolerance: { pastS: 300, futureS: null } });
const headers = new Headers({ 'stripe-signature': 't=1,v1=00' });
try {
  const v: Verified<InvoicePaid> = wh.verify<InvoicePaid>('{}', headers, { now: new Date() });
  const amount: number = v.event.data.amount;
  const key: string = v.dedupeKey;
  const ts: number | null = v.timestamp;
  const id: string | null = v.id;
  const claim: string[] = v.dedupeKeySigned ? [v.dedupeKey] : [v.dedupeKey, ...(v.replayKey ? [v.replayKey] : [])];
  const bodyTrusted: boolean = v.bodySigned && v.timestampSigned;
  void [amount, key, ts, id, v.keyIndex, v.scheme, claim, bodyTrusted];
} catch (e) {
  if (e instanceof WebhookVerificationError) {
    const code: 'timestamp_too_old' | string = e.code;
    const age: number | undefined = e.age_s;
    void [code, age, e.source, e.toJSON().code];
  } else if (e instanceof WebhookConfigError || e instanceof HookgateError) {
    void e.code;
  }
}

new Webhook('whsec_x', { dangerouslySkipTimestampCheck: true, parse: false, maxPayloadBytes: 1 << 20 });
new Webhook('whsec_x', { scheme: 'svix', dedupeKey: [{ json: '/id' }, '{json:/data/verification_id}:{json:/type}'] });
// @ts-expect-error a source names one kind
new Webhook('whsec_x', { dedupeKey: [{ body: '/id' }] });
const gateway = new GatewayWebhook('whsec_origin', { tolerance: 300 });
const forwarded = gateway.verify<InvoicePaid>('{}', headers);
const hookgateId: string = forwarded.id;
const providerKeySigned: boolean = forwarded.dedupeKeySigned && forwarded.bodySigned;
void [hookgateId, providerKeySigned, forwarded.scheme, forwarded.dedupeKey, gateway.verifyRequest(new Request('https://x'))];
// @ts-expect-error the gateway's scheme is fixed
new GatewayWebhook('whsec_origin', { scheme: 'stripe' });
new Webhook('secret', { scheme: 'generic_hmac_sha256', signatureHeader: 'X-Signature' });
const custom: SchemeSpec = {
  id: 'acme',
  signature: { from: [{ header: 'x-acme-signature' }], format: { kind: 'value', prefix: 'sha256=' }, algorithms: [{ algorithm: 'hmac_sha256', encoding: 'hex' }] },
  signed_content: '{body}',
};
new Webhook('s', { scheme: custom });
wh.verify(new Uint8Array(2), { 'stripe-signature': ['t=1,v1=00'], host: undefined }, { url: 'https://x', method: 'POST' });
wh.verify(new ArrayBuffer(2), [['stripe-signature', 'x']]);

const signed = sign('whsec_x', 'body', { id: 'msg_1', timestamp: 1_700_000_000 });
const sigHeader: string | undefined = signed.headers['webhook-signature'];
void sigHeader;
const request = new Request('https://example.com', { method: 'POST', body: '{}' });
const fromRequest: Promise<Verified> = wh.verifyRequest(request);
void fromRequest;
const first: string | undefined = detectScheme(headers)[0]?.scheme;
const ids: string[] = schemes().map((s) => s.id);
void [first, ids];

// Forensics, normalisation and transforms.
const report: Report = explain({ headers, payload: '{}', url: 'https://x/y' }, ['whsec_x'], { now: new Date() });
const firstCause: string | undefined = report.causes[0]?.code;
const age: number | null | undefined = report.timestamp?.ageS;
const event: NormalizedEvent = normalize('{}', headers, { scheme: 'github', id: 'd' });
const slack: Record<string, unknown> = toSlack(event, { title: '{/event_type}', fields: [{ label: 'Repo', path: '/payload/repository/full_name', inline: true }] });
const discord: Record<string, unknown> = toDiscord(event);
void [firstCause, age, slack, discord];

// Drop-in shims keep the shapes of the packages they replace.
const sw = new StandardWebhook('whsec_x');
const payload: unknown = sw.verify('{}', { 'webhook-id': 'a', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' });
const sig: string = new SvixWebhook('whsec_x').sign('msg', new Date(), '{}');
const isError: boolean = new Error('x') instanceof SvixError;
void [payload, sig, isError];

webhookMiddleware(wh, { url: (req) => String(req.url), limit: 1024 });
rawBody({});
verifyWebhook(wh);
honoWebhook(wh, { onError: (err) => new Response(String(err.message), { status: 400 }) });
export const POST = withWebhook(wh, async (v, req) => Response.json({ type: v.scheme, url: req.url }));
export const handler = withWebhookApi(wh, (v) => v.id);

// @ts-expect-error: unknown options are errors at compile time too
new Webhook('whsec_x', { schema: 'stripe' });
// @ts-expect-error: a tolerance window names both sides
new Webhook('whsec_x', { tolerance: { pastS: 5 } });
// @ts-expect-error: payloads are bytes or strings, not parsed objects
wh.verify({ parsed: true }, headers);
// @ts-expect-error: `now` is a Date or epoch seconds
wh.verify('{}', headers, { now: '2024-01-01' });
