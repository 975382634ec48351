// The error classes of hookgate. Every error hookgate throws is a `HookgateError` with a stable
// snake_case `code` (the same vocabulary as the Rust core and the Worker's JSON error bodies)
// and the core's fields as properties (`age_s`, `tolerance_s`, `candidates`, ...).
//
//   WebhookVerificationError  the request is not authentic or not acceptable (answer 4xx)
//   WebhookPayloadError       the request IS authentic, but its payload does not parse as its
//                             content type says (`parse`); `.result` is the verification
//   WebhookConfigError        your secret, scheme, options or arguments are wrong (fix the code)

/** Fields the glue may attach that are not plain data properties of the error. */
const RESERVED = new Set(['name', 'message', 'stack', 'code', 'details', 'cause']);

export class HookgateError extends Error {
  /**
   * @param {string} message
   * @param {{ code: string } & Record<string, unknown>} details the core's error object
   * @param {unknown} [cause]
   */
  constructor(message, details, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = details.code;
    // The core names the header / JSON pointer / form field it read as `name`; on an Error
    // that slot is taken, so it is exposed as `source`.
    for (const key of Object.keys(details)) {
      if (key === 'name') this.source = details.name;
      else if (!RESERVED.has(key)) this[key] = details[key];
    }
    Object.defineProperty(this, 'details', { value: details, enumerable: false });
  }

  /** `{ code, ...fields }`, exactly as the Rust core and the Worker serialize this error. */
  toJSON() {
    return { ...this.details };
  }
}

export class WebhookVerificationError extends HookgateError {}

export class WebhookConfigError extends HookgateError {}

/**
 * The request verified (it is authentic), but its payload does not parse as its content type
 * says. Never a `WebhookVerificationError`: a handler that answers 4xx to forgeries should
 * accept, log or park this delivery. `result` is what `verify` would have returned, with no
 * `event`.
 */
export class WebhookPayloadError extends HookgateError {
  constructor(message, details, result, cause) {
    super(message, details, cause);
    this.result = result;
  }
}

/** A verification failure raised by the JS layer (not the core). */
export function verificationError(code, message, fields, cause) {
  return new WebhookVerificationError(message, { code, ...fields }, cause);
}

/** A configuration or argument error raised by the JS layer. */
export function configError(code, message, fields, cause) {
  return new WebhookConfigError(message, { code, ...fields }, cause);
}

/** Turns what the wasm glue threw into a hookgate error class; anything else is rethrown. */
export function fromWasm(e) {
  if (e instanceof HookgateError) return e;
  if (e instanceof Error && typeof e.code === 'string') {
    const details = e.details && typeof e.details === 'object' ? e.details : { code: e.code };
    if (e.name === 'WebhookVerificationError') return new WebhookVerificationError(e.message, details);
    if (e.name === 'WebhookConfigError') return new WebhookConfigError(e.message, details);
  }
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) {
    // A trap inside the module. The Rust side is written so this cannot happen (and a test
    // hammers every export to prove it); if it ever does, say so plainly.
    return new HookgateError(`hookgate internal error (please report): ${e.message}`, { code: 'internal_error' }, e);
  }
  return e;
}

/** An `invalid_argument` error naming the argument. */
export function invalidArgument(argument, detail) {
  return configError('invalid_argument', `invalid argument ${argument}: ${detail}`, { argument, detail });
}

/** An `invalid_options` error. */
export function badOptions(detail) {
  return configError('invalid_options', `invalid options: ${detail}`, { detail });
}

/** Runs `f`, which calls into wasm; whatever it throws becomes a hookgate error. */
export function call(f) {
  try {
    return f();
  } catch (e) {
    throw unreadable(fromWasm(e), 'payload');
  }
}

/** Runs `f`, which reads a caller's value; whatever that value throws becomes a typed error. */
export function guard(f, argument) {
  try {
    return f();
  } catch (e) {
    throw unreadable(e, argument);
  }
}

/** A hookgate error as is; anything else thrown while reading a caller's value, typed. */
export function unreadable(e, argument) {
  if (e instanceof HookgateError) return e;
  const code = argument === 'options' ? 'invalid_options' : 'invalid_argument';
  const detail = `could not be read: ${e?.message ?? String(e)}`;
  return configError(code, `invalid ${argument === 'options' ? 'options' : `argument ${argument}`}: ${detail}`, code === 'invalid_options' ? { detail } : { argument, detail }, e);
}
