// Runs one shared vector case (tests/vectors/*.json, semantics in tests/vectors/README.md)
// through the JS API. No Node imports: the browser test runs this file in Chromium too.

/** The case's body as bytes and, when it is text, as a string. */
export function caseBody(c) {
  if (c.body_b64 !== undefined) return { bytes: Uint8Array.from(atob(c.body_b64), (ch) => ch.charCodeAt(0)), text: undefined };
  const text = c.body ?? '';
  return { bytes: new TextEncoder().encode(text), text };
}

/** `new Webhook` options for a case. */
export function webhookOptions(scheme, c) {
  const options = { scheme, parse: false };
  if (c.signature_header !== undefined) options.signatureHeader = c.signature_header;
  if (c.tolerance_s !== undefined) options.tolerance = c.tolerance_s;
  if (c.tolerance !== undefined) options.tolerance = { pastS: c.tolerance.past_s, futureS: c.tolerance.future_s };
  if (c.dangerous_skip_timestamp_check) options.dangerouslySkipTimestampCheck = true;
  return options;
}

/** `verify` options for a case. */
export function verifyOptions(c) {
  const options = { now: c.now_ms !== undefined ? new Date(c.now_ms) : c.now };
  if (c.url !== undefined) options.url = c.url;
  if (c.method !== undefined) options.method = c.method;
  return options;
}

/** Runs one case with `hookgate`; the outcome in the file's `expect` shape. */
export function runCase(hookgate, scheme, c, { payloadAs = 'text', headersAs = 'object' } = {}) {
  const { Webhook, HookgateError } = hookgate;
  const { bytes, text } = caseBody(c);
  const payload = payloadAs === 'text' && text !== undefined ? text : bytes;
  const headers = headersAs === 'fetch' ? new Headers(c.headers) : c.headers;
  try {
    const wh = new Webhook(c.secrets, webhookOptions(scheme, c));
    const v = wh.verify(payload, headers, verifyOptions(c));
    return { ok: { key_index: v.keyIndex, id: v.id, timestamp: v.timestamp, dedupe_key: v.dedupeKey, scheme: wh.scheme } };
  } catch (e) {
    if (!(e instanceof HookgateError)) throw e;
    return { error: e.toJSON() };
  }
}

/** Whether every field written in `expected` is in `actual` with the same value. */
export function subset(expected, actual) {
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.keys(expected).every((k) => subset(expected[k], actual[k]));
  }
  return expected === actual;
}

export const VARIANTS = [
  { payloadAs: 'text', headersAs: 'object' },
  { payloadAs: 'bytes', headersAs: 'fetch' },
];

/**
 * Every case of one file in every variant; the failures, printable. With `spell(id, i)`, the
 * second variant names the scheme that way (an alias, or the id in other case or with `-`).
 */
export function runFile(hookgate, { file, scheme, cases }, spell = undefined) {
  const failures = [];
  cases.forEach((c, i) => {
    for (const [v, variant] of VARIANTS.entries()) {
      const name = v === 1 && spell ? spell(scheme, i) : scheme;
      const actual = runCase(hookgate, name, c, variant);
      if (actual.ok && actual.ok.scheme !== scheme) {
        failures.push(`${file} #${i} ${c.name}: the scheme named ${JSON.stringify(name)} verified as ${actual.ok.scheme}`);
      }
      if (!subset(c.expect, actual)) {
        failures.push(`${file} #${i} ${c.name} [${variant.payloadAs}/${variant.headersAs}]\n  expected ${JSON.stringify(c.expect)}\n  actual   ${JSON.stringify(actual)}`);
      }
    }
  });
  return failures;
}
