// Fake Slack and Discord incoming-webhook endpoints on 127.0.0.1 (node:http) for the transform
// tests. Each checks what the real platform checks, written out from the platforms' documented
// limits (independently of hookgate's implementation), and answers like the real one: Slack
// `200 ok` (or `400 invalid_blocks` / `no_text` / …), Discord `204` (or `400` with a JSON error).
// Every request is recorded with its headers, raw body, parsed JSON and the problems found.

import http from 'node:http';

/**
 * Request headers a platform may see: what the runtime's fetch sets, nothing from the sender.
 * (`cf-worker` names the zone of the Worker making a subrequest; Cloudflare adds it to every one.)
 */
export const ALLOWED_HEADERS = new Set([
  'host', 'content-type', 'content-length', 'accept', 'accept-encoding', 'accept-language',
  'connection', 'user-agent', 'transfer-encoding', 'sec-fetch-mode', 'keep-alive', 'cf-worker',
]);

/** Header prefixes that would mean a provider's or hookgate's signature or metadata leaked. */
export const LEAKY_PREFIXES = ['hookgate-', 'webhook-', 'svix-', 'stripe-', 'x-hub-', 'x-github-', 'x-verk-', 'x-webhook-', 'x-slack-', 'x-signature', 'cf-connecting', 'cf-ray', 'cf-ipcountry'];

const len = (s) => (typeof s === 'string' ? s.length : 0); // UTF-16 code units, as the platforms count

/** Every string in a JSON value, with its path. */
function* strings(v, path = '') {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* strings(x, `${path}/${i}`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* strings(x, `${path}/${k}`);
}

/** Problems with a Slack incoming-webhook message (Block Kit limits). */
export function slackProblems(msg) {
  const p = [];
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return ['not a JSON object'];
  const blocks = [...(Array.isArray(msg.blocks) ? msg.blocks : []), ...(msg.attachments ?? []).flatMap((a) => a.blocks ?? [])];
  if (!len(msg.text) && blocks.length === 0) p.push('no_text: neither text nor blocks');
  if (len(msg.text) > 40000) p.push(`text has ${len(msg.text)} chars > 40000`);
  if (msg.blocks !== undefined && !Array.isArray(msg.blocks)) p.push('blocks is not an array');
  if (msg.attachments !== undefined && !Array.isArray(msg.attachments)) p.push('attachments is not an array');
  if (blocks.length > 50) p.push(`${blocks.length} blocks > 50`);
  for (const a of msg.attachments ?? []) {
    if (a.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(a.color)) p.push(`attachment color ${a.color}`);
  }
  const textObject = (t, max, where) => {
    if (!t || !['plain_text', 'mrkdwn'].includes(t.type)) return p.push(`${where}: not a text object`);
    if (!len(t.text)) p.push(`${where}: empty text`);
    if (len(t.text) > max) p.push(`${where}: ${len(t.text)} chars > ${max}`);
  };
  for (const [i, b] of blocks.entries()) {
    const where = `block ${i} (${b?.type})`;
    switch (b?.type) {
      case 'header':
        if (b.text?.type !== 'plain_text') p.push(`${where}: header text must be plain_text`);
        textObject(b.text, 150, where);
        break;
      case 'section':
        if (!b.text && !b.fields) p.push(`${where}: section needs text or fields`);
        if (b.text) textObject(b.text, 3000, `${where} text`);
        if (b.fields) {
          if (b.fields.length > 10) p.push(`${where}: ${b.fields.length} fields > 10`);
          for (const [j, f] of b.fields.entries()) textObject(f, 2000, `${where} field ${j}`);
        }
        break;
      case 'context':
        if (!b.elements?.length || b.elements.length > 10) p.push(`${where}: ${b.elements?.length} elements (1..10)`);
        for (const [j, e] of (b.elements ?? []).entries()) textObject(e, 3000, `${where} element ${j}`);
        break;
      case 'actions':
        if (!b.elements?.length || b.elements.length > 25) p.push(`${where}: ${b.elements?.length} elements (1..25)`);
        for (const [j, e] of (b.elements ?? []).entries()) {
          if (e.type !== 'button') p.push(`${where} element ${j}: ${e.type}`);
          textObject(e.text, 75, `${where} button ${j}`);
          if (e.url !== undefined && (len(e.url) > 3000 || !/^https?:\/\//.test(e.url))) p.push(`${where} button ${j}: url ${e.url}`);
        }
        break;
      case 'divider':
        break;
      default:
        p.push(`${where}: unknown block type`);
    }
  }
  // Nothing from user data may become markup or a broadcast: no raw < or > (links, mentions,
  // <!channel>), no live @channel / @here / @everyone.
  for (const [path, s] of strings({ text: msg.text, blocks })) {
    if (/[<>]/.test(s)) p.push(`${path}: raw angle bracket`);
    if (/@(channel|here|everyone)\b/i.test(s)) p.push(`${path}: live broadcast mention`);
  }
  return p;
}

/** Problems with a Discord webhook message (embed limits, mentions). */
export function discordProblems(msg) {
  const p = [];
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return ['not a JSON object'];
  const embeds = msg.embeds ?? [];
  if (!len(msg.content) && embeds.length === 0) p.push('Cannot send an empty message');
  if (len(msg.content) > 2000) p.push(`content has ${len(msg.content)} chars > 2000`);
  if (!Array.isArray(embeds) || embeds.length > 10) p.push(`embeds: ${embeds.length} > 10`);
  if (!Array.isArray(msg.allowed_mentions?.parse) || msg.allowed_mentions.parse.length !== 0) {
    p.push(`allowed_mentions.parse must be [], got ${JSON.stringify(msg.allowed_mentions)}`);
  }
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const where = `embed ${i}`;
    const limit = (s, max, what) => {
      if (s === undefined) return;
      if (typeof s !== 'string') return p.push(`${where} ${what}: not a string`);
      if (len(s) > max) p.push(`${where} ${what}: ${len(s)} chars > ${max}`);
      total += len(s);
    };
    limit(e.title, 256, 'title');
    limit(e.description, 4096, 'description');
    limit(e.footer?.text, 2048, 'footer.text');
    limit(e.author?.name, 256, 'author.name');
    if (e.footer && !len(e.footer.text)) p.push(`${where} footer.text is empty`);
    if (e.color !== undefined && !(Number.isInteger(e.color) && e.color >= 0 && e.color <= 0xffffff)) p.push(`${where} color ${e.color}`);
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) p.push(`${where} url ${e.url}`);
    if (e.timestamp !== undefined && Number.isNaN(Date.parse(e.timestamp))) p.push(`${where} timestamp ${e.timestamp}`);
    const fields = e.fields ?? [];
    if (fields.length > 25) p.push(`${where}: ${fields.length} fields > 25`);
    for (const [j, f] of fields.entries()) {
      if (!len(f.name?.trim?.()) || !len(f.value?.trim?.())) p.push(`${where} field ${j}: empty name or value`);
      limit(f.name, 256, `field ${j} name`);
      limit(f.value, 1024, `field ${j} value`);
      if (f.inline !== undefined && typeof f.inline !== 'boolean') p.push(`${where} field ${j}: inline`);
    }
  }
  if (total > 6000) p.push(`embeds total ${total} chars > 6000`);
  // No live mention may survive, whatever allowed_mentions says.
  for (const [path, s] of strings({ content: msg.content, embeds })) {
    if (/@(everyone|here)/.test(s)) p.push(`${path}: live @everyone/@here`);
    if (/<(@[!&]?|#)\d+>/.test(s)) p.push(`${path}: live user/role/channel mention`);
  }
  return p;
}

/**
 * Starts a fake chat endpoint. `platform` is 'slack' or 'discord'. Returns { url(path), requests,
 * at(path), close() }; each request is { path, method, headers, body (Buffer), json, problems,
 * status }.
 */
export async function startChat(platform) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const r = { path: req.url, method: req.method, headers: req.headers, body, json: undefined, problems: [], status: 0 };
      requests.push(r);
      if (req.method !== 'POST') r.problems.push(`method ${req.method}`);
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) r.problems.push(`content-type ${req.headers['content-type']}`);
      for (const name of Object.keys(req.headers)) {
        if (!ALLOWED_HEADERS.has(name)) r.problems.push(`unexpected header ${name}`);
      }
      try {
        r.json = JSON.parse(body.toString('utf8'));
      } catch {
        r.problems.push('body is not JSON');
      }
      if (r.json !== undefined) r.problems.push(...(platform === 'slack' ? slackProblems(r.json) : discordProblems(r.json)));
      if (platform === 'slack') {
        r.status = r.problems.length ? 400 : 200;
        res.writeHead(r.status, { 'content-type': 'text/plain' });
        res.end(r.problems.length ? 'invalid_blocks' : 'ok');
      } else if (r.problems.length) {
        r.status = 400;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 50035, message: 'Invalid Form Body', errors: r.problems }));
      } else {
        r.status = 204;
        res.writeHead(204);
        res.end();
      }
    });
  });
  // Longer than workerd keeps an idle connection to the origin: an origin that closes first races
  // the gateway's next request on that connection (ECONNRESET, a 502 origin_unreachable).
  // close() drops open connections itself.
  server.keepAliveTimeout = 120_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    platform,
    base,
    requests,
    url: (path) => `${base}${path}`,
    at: (path) => requests.filter((r) => r.path === path),
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}
