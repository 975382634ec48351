// Sends a signed Standard Webhooks test event to the local gateway (scripts/start.sh) and prints
// the answer. Run it twice with the same --id to see the duplicate answered at the edge.
//
//   node worker/demo/send.mjs [--id msg_…] [--route /hooks/demo] [--tamper] [--gateway http://127.0.0.1:8787]
//
// The secret is DEMO_WEBHOOK_SECRET from the environment or worker/.dev.vars (start.sh writes it).
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const devVars = new URL('../.dev.vars', import.meta.url);
let secret = process.env.DEMO_WEBHOOK_SECRET;
if (!secret && existsSync(devVars)) {
  const m = /^DEMO_WEBHOOK_SECRET\s*=\s*"?([^"\n]+)"?/m.exec(readFileSync(devVars, 'utf8'));
  secret = m?.[1];
}
if (!secret) {
  console.error('DEMO_WEBHOOK_SECRET is not set and worker/.dev.vars has none: run scripts/start.sh first');
  process.exit(2);
}

const gateway = arg('gateway', process.env.HOOKGATE_URL ?? 'http://127.0.0.1:8787');
const route = arg('route', '/hooks/demo');
const id = arg('id', `msg_${randomUUID().replaceAll('-', '')}`);
const now = new Date();
const body = JSON.stringify({ type: 'demo.event', id, created_at: now.toISOString(), data: { greeting: 'hello from hookgate' } });
const signature = new Webhook(secret).sign(id, now, body);
const sent = process.argv.includes('--tamper') ? body.replace('hello', 'HELLO') : body;

const send = () => fetch(new URL(route, gateway), {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now / 1000)), 'webhook-signature': signature },
  body: sent,
});
// 503 duplicate_in_flight: the first delivery of this id is still being forwarded or committed
// (the commit lands just after its answer). A provider retries after Retry-After; the demo
// retries a few times at once.
let res = await send();
const inFlight = async (r) => r.status === 503 && (await r.clone().json().catch(() => ({}))).code === 'duplicate_in_flight';
for (let i = 0; (await inFlight(res)) && i < 25; i++) {
  await res.arrayBuffer();
  await new Promise((r) => setTimeout(r, 200));
  res = await send();
}
const text = await res.text();
console.log(`POST ${new URL(route, gateway)}  webhook-id: ${id}`);
console.log(`→ ${res.status}${res.headers.get('hookgate-duplicate') ? '  hookgate-duplicate: true' : ''}  ${text}`);
console.log(`send it again (a duplicate): node worker/demo/send.mjs --id ${id}${route === '/hooks/demo' ? '' : ` --route ${route}`}`);
process.exitCode = res.ok ? 0 : 1;
