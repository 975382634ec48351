// Parses a captured request as people paste it: raw HTTP (or headers + body from a log), a
// `curl` command (Chrome's "Copy as cURL" included), or a HAR file/entry. Returns
// { method, url, headers: [[name, value]], body, bodyBytes?, format } or throws CaptureError.
//
// The body is returned exactly as pasted: verification is about bytes, so nothing here trims
// or re-encodes it. (A browser textarea turns CRLF into LF; the forensics report catches that.)

export class CaptureError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CaptureError';
  }
}

/** Guesses the format and parses. */
export function parseCapture(text) {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseHar(trimmed);
  if (/^curl(\.exe)?\s/.test(trimmed)) return parseCurl(trimmed);
  return parseRawHttp(text);
}

const REQUEST_LINE = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/;

/** `POST /path HTTP/1.1` (optional), `Name: value` lines, a blank line, then the body. */
export function parseRawHttp(text) {
  const split = text.match(/\r?\n\r?\n/);
  const head = split ? text.slice(0, split.index) : text;
  const body = split ? text.slice(split.index + split[0].length) : '';
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '');
  let method = 'POST';
  let path = null;
  const first = lines[0]?.trim() ?? '';
  const requestLine = first.match(REQUEST_LINE);
  if (requestLine) {
    [, method, path] = requestLine;
    lines.shift();
  }
  const headers = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new CaptureError(`not a header line: ${JSON.stringify(line.slice(0, 60))} (expected "Name: value")`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  if (headers.length === 0) throw new CaptureError('no headers found: paste the request headers, a blank line, then the body');
  const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
  const url = path && /^https?:\/\//.test(path) ? path : host && path ? `https://${host}${path}` : null;
  return { method, url, headers, body, format: 'http' };
}

/** Splits a shell command line into words: quotes, `$'…'`, backslashes, line continuations. */
export function shellWords(text) {
  const words = [];
  let word = null;
  let i = 0;
  const push = (s) => {
    word = (word ?? '') + s;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CaptureError('unterminated single quote in the curl command');
      push(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      i += 2;
      let s = '';
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') {
          const [decoded, used] = ansiEscape(text, i + 1);
          s += decoded;
          i += 1 + used;
        } else {
          s += text[i++];
        }
      }
      if (i >= text.length) throw new CaptureError("unterminated $'…' quote in the curl command");
      push(s);
      i++;
    } else if (c === '"') {
      i++;
      let s = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') s += text[i + 1];
          i += 2;
        } else {
          s += text[i++];
        }
      }
      if (i >= text.length) throw new CaptureError('unterminated double quote in the curl command');
      push(s);
      i++;
    } else if (c === '\\') {
      push(text[i + 1] ?? '');
      i += 2;
    } else {
      push(c);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** One ANSI-C escape after a backslash at `at`: the decoded text and how many chars it used. */
function ansiEscape(text, at) {
  const c = text[at];
  const simple = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '0': '\0' };
  if (c === 'x') {
    const hex = text.slice(at + 1, at + 3).match(/^[0-9a-fA-F]{1,2}/)?.[0] ?? '';
    return [String.fromCharCode(parseInt(hex || '0', 16)), 1 + hex.length];
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const hex = text.slice(at + 1, at + 1 + n).match(/^[0-9a-fA-F]+/)?.[0] ?? '';
    return [String.fromCodePoint(parseInt(hex || '0', 16)), 1 + hex.length];
  }
  if (c in simple) return [simple[c], 1];
  return ['\\' + c, 1];
}

const DATA_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--json']);

/** `curl [-X POST] URL -H 'Name: value' … --data-raw '…'`. */
export function parseCurl(text) {
  const words = shellWords(text);
  if (!/^curl(\.exe)?$/.test(words[0] ?? '')) throw new CaptureError('not a curl command');
  let method = null;
  let url = null;
  const headers = [];
  const bodies = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const next = () => {
      if (i + 1 >= words.length) throw new CaptureError(`${w} needs a value`);
      return words[++i];
    };
    if (w === '-X' || w === '--request') method = next();
    else if (w === '-H' || w === '--header') {
      const h = next();
      const colon = h.indexOf(':');
      if (colon > 0) headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (DATA_FLAGS.has(w)) {
      const data = next();
      if (data.startsWith('@') && w !== '--data-raw') throw new CaptureError('the body is read from a file (@file): paste the file contents with --data-raw instead');
      bodies.push(data);
      if (w === '--json' && !headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    } else if (w === '--url') url = next();
    else if (w.startsWith('-')) {
      // Flags with a value we do not need; the rest are boolean.
      if (['-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out'].includes(w)) i++;
    } else if (url === null) url = w;
  }
  // curl joins several -d values with '&'; --data-binary and --data-raw keep bytes as given.
  const body = bodies.join('&');
  return { method: method ?? (bodies.length ? 'POST' : 'GET'), url, headers, body, format: 'curl' };
}

/** A HAR log (first entry with a body, or `entry`), or a single HAR entry or request. */
export function parseHar(text, entry = null) {
  let har;
  try {
    har = JSON.parse(text);
  } catch (e) {
    throw new CaptureError(`not valid JSON for a HAR: ${e.message}`);
  }
  const entries = har?.log?.entries ?? (har?.request ? [har] : har?.method && har?.headers ? [{ request: har }] : null);
  if (!Array.isArray(entries) || entries.length === 0) throw new CaptureError('no HAR entries found (expected log.entries[].request)');
  const chosen = entry !== null ? entries[entry] : entries.find((e) => e?.request?.postData) ?? entries[0];
  const req = chosen?.request;
  if (!req) throw new CaptureError('the HAR entry has no request');
  const headers = (req.headers ?? [])
    .filter((h) => typeof h?.name === 'string' && !h.name.startsWith(':'))
    .map((h) => [h.name, String(h.value ?? '')]);
  const post = req.postData ?? {};
  const result = { method: req.method ?? 'POST', url: req.url ?? null, headers, body: post.text ?? '', format: 'har', entries: entries.length };
  if (post.encoding === 'base64') {
    // Binary bodies: keep the exact bytes.
    result.bodyBytes = Uint8Array.from(atob(result.body), (c) => c.charCodeAt(0));
    result.body = new TextDecoder().decode(result.bodyBytes);
  }
  return result;
}
