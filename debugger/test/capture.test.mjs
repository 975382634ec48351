// Unit tests for the capture parsers the debugger page uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCapture, parseCurl, parseHar, parseRawHttp, shellWords, CaptureError } from '../capture.mjs';

test('raw HTTP with a request line, CRLF separator and exact body', () => {
  const c = parseRawHttp('POST /hooks HTTP/1.1\r\nHost: example.com\r\nWebhook-Id: msg_1\r\n\r\n{"a":1}\n');
  assert.equal(c.method, 'POST');
  assert.equal(c.url, 'https://example.com/hooks');
  assert.deepEqual(c.headers, [['Host', 'example.com'], ['Webhook-Id', 'msg_1']]);
  assert.equal(c.body, '{"a":1}\n');
});

test('headers and body from a log, no request line', () => {
  const c = parseCapture('webhook-id: msg_1\nwebhook-signature: v1,abc=\n\n{"b": 2}');
  assert.deepEqual(c.headers[1], ['webhook-signature', 'v1,abc=']);
  assert.equal(c.body, '{"b": 2}');
  assert.throws(() => parseRawHttp('this is not a header\n\nbody'), CaptureError);
});

test('shell words: quotes, ANSI-C quoting, continuations', () => {
  assert.deepEqual(shellWords(`curl 'a b' "c\\"d" $'e\\nf\\u00e9' g\\ h \\\n i`), ['curl', 'a b', 'c"d', 'e\nfé', 'g h', 'i']);
});

test("Chrome's Copy as cURL", () => {
  const cmd = `curl 'https://example.com/hooks?x=1' \\
  -H 'content-type: application/json' \\
  -H 'Stripe-Signature: t=1,v1=ab' \\
  --data-raw $'{"text":"line\\\\none","q":"it\\'s"}' \\
  --compressed`;
  const c = parseCurl(cmd);
  assert.equal(c.method, 'POST');
  assert.equal(c.url, 'https://example.com/hooks?x=1');
  assert.equal(c.headers.length, 2);
  assert.equal(c.body, `{"text":"line\\none","q":"it's"}`);
});

test('curl -X and several -d values', () => {
  const c = parseCapture(`curl -X PUT http://h/p -d a=1 -d b=2`);
  assert.equal(c.method, 'PUT');
  assert.equal(c.body, 'a=1&b=2');
});

test('HAR log, entry and base64 body', () => {
  const har = { log: { entries: [
    { request: { method: 'GET', url: 'https://x/a', headers: [] } },
    { request: { method: 'POST', url: 'https://x/hooks', headers: [{ name: ':authority', value: 'x' }, { name: 'svix-id', value: 'm' }], postData: { text: '{"ok":true}' } } },
  ] } };
  const c = parseHar(JSON.stringify(har));
  assert.equal(c.url, 'https://x/hooks');
  assert.deepEqual(c.headers, [['svix-id', 'm']]);
  assert.equal(c.entries, 2);
  const bin = parseHar(JSON.stringify({ request: { method: 'POST', url: 'u', headers: [], postData: { text: Buffer.from([0xff, 0x41]).toString('base64'), encoding: 'base64' } } }));
  assert.deepEqual([...bin.bodyBytes], [0xff, 0x41]);
  assert.throws(() => parseHar('{"log":{}}'), CaptureError);
});
