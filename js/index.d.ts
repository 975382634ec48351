// Types of the npm package `hookgate`: the same API on Node (CJS and ESM), in browsers and on
// Cloudflare Workers. https://github.com/hookgate/hookgate/tree/main/js

/** The raw request body, exactly as received. A string is hashed as its UTF-8 bytes. */
export type Payload = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Request headers: a Fetch `Headers`, a plain object or Node's `IncomingHttpHeaders` (array
 * values: the first wins), a `Map`, or `[name, value]` pairs. Names match case-insensitively.
 */
export type HeadersInput =
  | Headers
  | Record<string, string | readonly string[] | undefined>
  | ReadonlyMap<string, string>
  | ReadonlyArray<readonly [string, string]>;

/** Built-in scheme ids (see `schemes()`); `-` and `_` are interchangeable, case is ignored. */
export type SchemeId =
  | 'standard_webhooks'
  | 'svix'
  | 'github'
  | 'github_sha1'
  | 'stripe'
  | 'slack'
  | 'shopify'
  | 'twilio'
  | 'square'
  | 'paddle'
  | 'linear'
  | 'zoom'
  | 'mailgun'
  | 'sendgrid'
  | 'discord'
  | 'pagerduty'
  | 'hubspot_v3'
  | 'hubspot_v2'
  | 'hubspot_v1'
  | 'calendly'
  | 'typeform'
  | 'vercel'
  | 'intercom'
  | 'openai'
  | 'replicate'
  | 'anthropic'
  | 'lithic'
  | 'razorpay'
  | 'gocardless'
  | 'modern_treasury'
  | 'coinbase_commerce'
  | 'pusher'
  | 'line'
  | 'smartcar'
  | 'worldline'
  | 'mux'
  | 'elevenlabs'
  | 'workos'
  | 'sanity'
  | 'retell'
  | 'telnyx'
  | 'beehiiv'
  | 'brex'
  | 'clerk'
  | 'guesty'
  | 'incident_io'
  | 'nash'
  | 'pleo'
  | 'psi_fi'
  | 'render'
  | 'safebase'
  | 'sardine'
  | 'stytch'
  | 'resend'
  | 'dodo_payments'
  | 'polar'
  | 'finch'
  | 'supabase'
  | 'circleci'
  | 'buildkite'
  | 'notion'
  | 'onfido'
  | 'adyen_platform'
  | 'sentry'
  | 'whatsapp'
  | 'facebook'
  | 'instagram'
  | 'facebook_messenger'
  | 'bitbucket'
  | 'alchemy'
  | 'stream_chat'
  | 'dropbox'
  | 'xero'
  | 'heroku'
  | 'terraform'
  | 'aftership'
  | 'woocommerce'
  | 'x_twitter'
  | 'plivo_v2'
  | 'checkout_com'
  | 'lemon_squeezy'
  | 'trello'
  | 'cal_com'
  | 'google_gemini'
  | 'kong'
  | 'vanta'
  | 'drata'
  | 'etsy'
  | 'taskrabbit'
  | 'mailersend'
  | 'linkedin'
  | 'webflow'
  | 'zendesk'
  | 'zendesk_event_connectors'
  | 'box'
  | 'twitch'
  | 'orb'
  | 'docusign'
  | 'gitlab'
  | 'okta'
  | 'telegram'
  | 'chargebee'
  | 'airtable'
  | 'asana'
  | 'squarespace'
  | 'paystack'
  | 'help_scout'
  | 'gitea'
  | 'forgejo'
  | 'todoist'
  | 'clickup'
  | 'launchdarkly'
  | 'cashfree'
  | 'datasaur'
  | 'dixa'
  | 'webex'
  | 'microsoft_teams'
  | 'exa'
  | 'front'
  | 'front_rules'
  | 'fourthwall'
  | 'vem'
  | 'verk'
  | 'generic_hmac_sha256';

/** Where a value is read from: exactly one key. */
export type Source = { header: string } | { json: string } | { form: string } | { param: string };

/**
 * A scheme described as data: the same shape as the Rust `SchemeSpec` and the JSON registry
 * (`schemes()` returns the built-in ones; copy one and change it). Unknown fields are errors.
 */
export interface SchemeSpec {
  /** Stable snake_case id. */
  id: string;
  /** Human name. */
  name?: string;
  /** The provider, when several schemes are one provider's (`github`, `hubspot`); default: the id. */
  family?: string;
  /** Other names the scheme answers to: other tools' provider ids and common spellings. */
  aliases?: string[];
  signature: {
    /** Sources tried in order. */
    from: Source[];
    /** Every source present carries signatures, one per key (Box, DocuSign); default: only the first. */
    from_all?: boolean;
    /** The whole value is one signature (after `prefix`), or a list `t=1,v1=ab`. */
    format: { kind: 'value'; prefix?: string | null } | { kind: 'list'; separator: string; assign: string };
    algorithms: Array<{
      /** The entry tag in a list header (`v1`); omitted for value headers. */
      tag?: string | null;
      algorithm: 'hmac_sha256' | 'hmac_sha1' | 'hmac_sha512' | 'sha256' | 'ed25519' | 'ecdsa_p256_sha256' | 'token';
      encoding: 'base64' | 'base64url' | 'hex' | 'text';
      key?: {
        encoding?: 'raw' | 'base64' | 'hex' | 'spki_base64';
        prefix?: string | null;
        prefix_required?: boolean;
        signing_prefix?: string | null;
      };
    }>;
  };
  /** e.g. `"{id}.{timestamp}.{body}"`; placeholders `{id} {timestamp} {body} {url} {method} {secret} {sorted_params}`. */
  signed_content: string;
  timestamp?: {
    from: Source[];
    unit?: 's' | 'ms' | 'rfc3339';
    /** The default tolerance; null: no default age check. */
    tolerance_s?: number | null;
    direction?: 'both' | 'past_only';
  } | null;
  message_id?: Source[];
  dedupe?: Source[];
  detect?: Array<{ header: string; equals?: string | null }>;
}

/**
 * How far a signed timestamp may be from now: seconds in the scheme's own direction (both
 * ways, or past only for Stripe, Paddle, HubSpot), or an explicit window where `null` means
 * unlimited on that side (both keys must be written).
 */
export type Tolerance = number | { pastS: number | null; futureS: number | null };

export interface WebhookOptions {
  /** A built-in scheme id or a custom spec. Default `"standard_webhooks"`. */
  scheme?: SchemeId | (string & {}) | SchemeSpec;
  /** Read the signature from this header instead (for `generic_hmac_sha256` and friends). */
  signatureHeader?: string;
  /** Replaces the scheme's tolerance. */
  tolerance?: Tolerance;
  /**
   * Accept any timestamp, however old. **Dangerous**: a captured request can be replayed
   * forever. Only for reprocessing stored deliveries whose ids you deduplicate.
   */
  dangerouslySkipTimestampCheck?: boolean;
  /**
   * What `event` is (default `'auto'`; `true` is `'auto'`): `'auto'` goes by Content-Type
   * (or, without one, the first byte): JSON is parsed, a form
   * (`application/x-www-form-urlencoded`) becomes an object of fields (repeated fields as
   * arrays), anything else gives no event. `'json'` and `'form'` parse as that whatever the
   * type says; `false` never parses. A payload that does not parse throws
   * `WebhookPayloadError`: it is authentic all the same.
   */
  parse?: ParseMode;
  /** Refuse larger payloads with `payload_too_large` (default 32 MiB). */
  maxPayloadBytes?: number;
  /**
   * Your own dedupe key, when the provider's id is not what identifies an event (a new
   * `svix-id` per delivery, where the body carries the event's stable id): a template such as
   * `"{json:/data/verification_id}:{json:/type}"` (sources `{json:/pointer}`, `{header:name}`,
   * `{form:field}`, `{param:tag}`, literal text between), or a list of templates and sources
   * (`[{ json: "/id" }, "{header:x-request-id}"]`) of which the first whose values are all
   * present wins. None present: the scheme's own key. Loads the tools module.
   */
  dedupeKey?: string | ReadonlyArray<string | DedupeSource>;
}

/** How `verify` parses a payload into `event`. */
export type ParseMode = 'auto' | 'json' | 'form' | boolean;
/** A source of a dedupe key, in the grammar of a scheme spec's sources. */
export type DedupeSource = { json: string } | { header: string } | { form: string } | { param: string };

export interface VerifyOptions {
  /** The clock: a `Date` or epoch **seconds**. Default: now. */
  now?: Date | number;
  /** The full URL the provider called, for schemes that sign it (Twilio, Square, HubSpot). */
  url?: string;
  /** The HTTP method, for schemes that sign it (HubSpot v3). */
  method?: string;
}

/** A delivery that verified. */
export interface Verified<T = unknown> {
  /**
   * The parsed payload (see the `parse` option): JSON, or a form's fields; `undefined` for an
   * empty body, a content type that is neither, or `parse: false`.
   */
  event: T;
  /** The scheme id. */
  scheme: string;
  /** Which secret matched (0-based, in the order given): retire old secrets when unused. */
  keyIndex: number;
  /** The provider's message id (`webhook-id`, `X-GitHub-Delivery`, Stripe's `evt_…`), if any. */
  id: string | null;
  /** The signed timestamp in epoch seconds, if the scheme signs one. */
  timestamp: number | null;
  /**
   * What to deduplicate deliveries by: your `dedupeKey` when its values are present, the
   * provider's id, else `sha256:<hex of the body>` (computed when first read, from the payload
   * passed to `verify`). Unless `dedupeKeySigned`, deduplicate on `replayKey` as
   * well.
   */
  readonly dedupeKey: string;
  /**
   * Whether the signature covers `dedupeKey`. When `false` (GitHub's `X-GitHub-Delivery`,
   * Shopify's, Twilio's, a Linear delivery id…), whoever captured one delivery can send it again
   * under a new key: claim `replayKey` too, and a replay is a duplicate.
   */
  dedupeKeySigned: boolean;
  /**
   * `replay:<hex>`: the SHA-256 of the exact bytes the signature covers, the same for a
   * captured delivery sent again under any id. Given only when `dedupeKeySigned` is `false`
   * (`null` otherwise: a replay cannot change a signed key), and `null` as well for a scheme
   * that signs nothing (a token compared to a header: a replay cannot be told from a new
   * request). Two genuine deliveries with byte-identical signed content share it.
   */
  replayKey: string | null;
  /**
   * Whether the signature covers the body's exact bytes. `false` for Mailgun (it signs a
   * timestamp and token), Plivo, tokens, Twilio form posts and specs marked
   * `dangerous_unsigned_body`: then only what the scheme signs is authentic.
   */
  bodySigned: boolean;
  /** Whether the signature covers the timestamp (only then does the tolerance stop replays). */
  timestampSigned: boolean;
}

/** A request the hookgate gateway forwarded, whose body and metadata signatures both verified. */
export interface GatewayVerified<T = unknown> {
  /** The parsed JSON body (`undefined` for an empty body or with `parse: false`). */
  event: T;
  /** hookgate's id (`hg_…`): stable per route and event, derived from signed data only. */
  id: string;
  /** When the gateway signed this attempt (epoch seconds). */
  timestamp: number;
  /** Which of your secrets matched. */
  keyIndex: number;
  /** The provider's scheme id, as the gateway verified it. */
  scheme: string | null;
  /** The provider's dedupe key (its percent-encoding undone). */
  dedupeKey: string;
  /** Whether the provider's signature covers `dedupeKey`. */
  dedupeKeySigned: boolean;
  /**
   * Whether the provider's signature covers the body's exact bytes (the gateway then says
   * `hookgate-verified: true`; otherwise `partial`, and only what the scheme signs is authentic).
   */
  bodySigned: boolean;
}

/**
 * The origin's side of the hookgate gateway: checks its body signature (`hookgate-webhook-*`)
 * **and** its metadata signature (`hookgate-metadata-signature`) over `hookgate-verified`,
 * `-scheme`, `-dedupe-key`, `-dedupe-key-signed` and `-body-signed` (`hookgate-verified` must be
 * `true`, or `partial` for a body the provider's signature does not cover). A request changed
 * on the way throws `WebhookVerificationError` (`forwarded_metadata_mismatch` for the metadata).
 */
export declare class GatewayWebhook {
  /** @param secret the route's `origin_secret` (several during a rotation). */
  constructor(
    secret: string | readonly string[],
    options?: Pick<WebhookOptions, 'tolerance' | 'dangerouslySkipTimestampCheck' | 'parse' | 'maxPayloadBytes'>,
  );
  verify<T = unknown>(payload: Payload, headers: HeadersInput, options?: Pick<VerifyOptions, 'now'>): GatewayVerified<T>;
  verifyRequest<T = unknown>(request: Request, options?: Pick<VerifyOptions, 'now'>): Promise<GatewayVerified<T>>;
}

/**
 * **Test only**: traps the verification module on purpose (as a bug would) to prove the next
 * call runs on a fresh instance. Throws `internal_error`.
 */
export declare function dangerousTestTrap(): void;

export declare class Webhook {
  /**
   * @param secret the secret (or public key) as the provider shows it, or several for
   *   rotation. Throws `WebhookConfigError` for an empty, whitespace-padded or malformed secret,
   *   an unknown scheme, or an unknown option.
   */
  constructor(secret: string | readonly string[], options?: WebhookOptions);
  /** The scheme id this webhook verifies. */
  readonly scheme: string;
  /**
   * Verifies a delivery; synchronous everywhere. Throws `WebhookVerificationError` (see
   * `.code`) when it does not verify, `WebhookConfigError` for bad arguments.
   */
  verify<T = unknown>(payload: Payload, headers: HeadersInput, options?: VerifyOptions): Verified<T>;
  /**
   * Verifies a Fetch API `Request` (Workers, Deno, Bun, Next.js route handlers): reads the raw
   * body once and passes the request's URL and method. The body must not have been read.
   */
  verifyRequest<T = unknown>(request: Request, options?: VerifyOptions): Promise<Verified<T>>;
  /** Signs `payload` with the first secret, as this scheme's sender would. */
  sign(payload: Payload, options?: Omit<SignOptions, 'scheme' | 'signatureHeader'>): Signed;
}

export interface SignOptions {
  /** Default `"standard_webhooks"`. */
  scheme?: SchemeId | (string & {}) | SchemeSpec;
  signatureHeader?: string;
  /** The message id, for schemes that sign one (Standard Webhooks, Svix). */
  id?: string;
  /** A `Date` or epoch seconds. Default: now. */
  timestamp?: Date | number;
  url?: string;
  method?: string;
}

/** What a provider would send: headers, plus form fields for body-carried schemes (Mailgun). */
export interface Signed {
  headers: Record<string, string>;
  bodyFields: Record<string, string>;
}

/**
 * Signs `payload` with `secret` (a shared secret, or an Ed25519 `whsk_` key) as the scheme's
 * sender would. ECDSA schemes are verify-only.
 */
export declare function sign(secret: string, payload: Payload, options?: SignOptions): Signed;

export interface Detection {
  /** The scheme id. */
  scheme: string;
  /** Its human name. */
  name: string;
  /** Its other names (the ids ngrok, Hookdeck and Trigger.dev use): each works as `scheme`. */
  aliases: string[];
  /** The scheme's headers (or body fields) that are present, signature first. */
  evidence: string[];
  /**
   * Whether the signature is written as this scheme writes it (prefix, tag, encoding and
   * length). Schemes whose header is present but whose grammar does not fit come last.
   */
  wellFormed: boolean;
  /**
   * The other detected schemes ranked exactly as high: these headers cannot tell them apart
   * (GitHub and Meta both send `X-Hub-Signature-256: sha256=<hex>`). Configure the scheme.
   */
  ambiguousWith: string[];
}

/**
 * The built-in schemes whose signature is present, best first: well-formed signatures first,
 * then most of their headers present; ties in registry order, reported in `ambiguousWith`.
 * Pass the payload too for schemes that sign in the body.
 */
export declare function detectScheme(headers: HeadersInput, payload?: Payload): Detection[];

/** Every built-in scheme spec. */
export declare function schemes(): SchemeSpec[];

/** Where a browser build loads a wasm module from: URL, Request/Response, bytes or a compiled module. */
export type WasmInput = string | URL | Request | Response | Promise<Response> | ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * Loads the verification module (`new Webhook` with a built-in scheme and shared secrets).
 * Needed once in browsers (await it before verifying); idempotent; on Node it loads the module
 * now instead of on first use, on Workers it is a no-op. `input`: where
 * `hookgate_wasm_bg.wasm` comes from.
 */
export declare function init(input?: WasmInput): Promise<void>;

/** Synchronous `init` from bytes or a compiled module (browsers). */
export declare function initSync(module: ArrayBuffer | ArrayBufferView | WasmModule): void;

/**
 * Loads the public-key module: the verification module with Ed25519 and ECDSA P-256, for
 * `new Webhook` with a public key (Discord, SendGrid, a `whpk_` Standard Webhooks key, ...).
 * Needed once in browsers before that (`new Webhook` throws `not_initialized` naming this call
 * until then); idempotent; it verifies every built-in scheme, so a page that calls it needs
 * no `init()`. Node and Workers load it on first use by themselves. `input`: where
 * `hookgate_public_key_bg.wasm` comes from.
 */
export declare function initPublicKey(input?: WasmInput): Promise<void>;

/** Synchronous `initPublicKey` from bytes or a compiled module (browsers). */
export declare function initPublicKeySync(module: ArrayBuffer | ArrayBufferView | WasmModule): void;

/**
 * Loads the tools module: custom scheme specs, `sign`, `detectScheme`, `schemes`, `explain`,
 * `normalize`, `toSlack`, `toDiscord` and `webhook.sign`. Needed once in browsers before any of
 * those (they throw `not_initialized` naming this call until then); idempotent. The tools
 * module verifies the built-in schemes too, so a page that calls `initTools()` needs no
 * `init()`. Node and Workers load it on first use by themselves. `input`: where
 * `hookgate_tools_bg.wasm` comes from.
 */
export declare function initTools(input?: WasmInput): Promise<void>;

/** Synchronous `initTools` from bytes or a compiled module (browsers). */
export declare function initToolsSync(module: ArrayBuffer | ArrayBufferView | WasmModule): void;

/** A compiled `WebAssembly.Module` (typed structurally: Node's types have no WebAssembly namespace). */
export type WasmModule = object;

/** Codes of `WebhookVerificationError`: the request is not authentic or not acceptable. */
export type VerificationErrorCode =
  | 'body_digest_mismatch'
  | 'invalid_signature_encoding'
  | 'invalid_timestamp'
  | 'missing_field'
  | 'missing_header'
  | 'missing_method'
  | 'missing_signature'
  | 'missing_timestamp'
  | 'missing_url'
  | 'no_key_for_signature'
  | 'no_matching_signature'
  | 'timestamp_in_future'
  | 'timestamp_too_old';

/** A request to explain: headers as received and the raw payload. */
export interface ExplainRequest {
  headers: HeadersInput;
  payload: Payload;
  /** The full URL the provider called, for schemes that sign it. */
  url?: string;
  method?: string;
}

export interface ExplainOptions {
  /** Default: detected from the headers. */
  scheme?: SchemeId | (string & {}) | SchemeSpec;
  signatureHeader?: string;
  /** Judge the timestamp as of this time (a `Date` or epoch seconds). Default: clock skew is ignored. */
  now?: Date | number;
  tolerance?: Tolerance;
  dangerouslySkipTimestampCheck?: boolean;
}

/** One run of signed content, with invisible characters typed. */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'cr' }
  | { kind: 'lf' }
  | { kind: 'tab' }
  | { kind: 'bom' }
  | { kind: 'control'; hex: string }
  | { kind: 'nonAscii'; text: string; hex: string }
  | { kind: 'invalid'; hex: string };

export interface SchemeReport {
  id: string;
  name: string;
  /** Detected from the headers (as opposed to given). */
  detected: boolean;
  /** The headers (or body fields) present that belong to it. */
  evidence: string[];
}

/** A likely cause of a failure, best first. */
export interface Cause {
  /** `body_reserialized`, `secret_encoding`, `secret_prefix`, `secret_whitespace`, `secret_version_prefix`, `signature_encoding`, `wrong_header`, `wrong_scheme`, `signed_url`, `line_endings`, `trailing_newline`, `bom`, `latin1`, `compressed_body`, `clock_skew`, `secret_kind`, `public_key_format`, `missing_input`. */
  code: string;
  title: string;
  detail: string;
  fix: string;
  /** The fix was shown to make the request verify. */
  verifies: boolean;
}

/** What `explain` found: the verdict, its workings, and ranked causes. */
export interface Report {
  valid: boolean;
  /** The verification error (`{ code, ...fields }`), when it does not verify. */
  error: ({ code: VerificationErrorCode } & Record<string, string | number>) | null;
  message: string;
  scheme: SchemeReport | null;
  alternatives: SchemeReport[];
  secrets: { index: number; algorithm: string | null; error: ({ code: ConfigErrorCode } & Record<string, string | number>) | null }[];
  keyIndex: number | null;
  id: string | null;
  dedupeKey: string | null;
  signedContent: {
    template: string;
    parts: { part: 'id' | 'timestamp' | 'body' | 'url' | 'method' | 'secret' | 'literal'; segments: Segment[]; length: number }[];
    length: number;
    /** The content with invisibles marked: `␍`, `␊`, `⟨BOM⟩`, `⟨ff⟩`. */
    visible: string;
    truncated: boolean;
  } | null;
  received: { tag: string | null; value: string; supported: boolean; wellFormed: boolean; matchedKey: number | null }[];
  /** The signature each shared secret produces (asymmetric keys cannot sign). */
  expected: { keyIndex: number; tag: string | null; value: string }[];
  timestamp: {
    raw: string;
    unit: 's' | 'ms';
    iso: string | null;
    /** Seconds behind now (negative: ahead); null when clock skew is ignored. */
    ageS: number | null;
    pastToleranceS: number | null;
    futureToleranceS: number | null;
    withinTolerance: boolean;
  } | null;
  causes: Cause[];
}

/**
 * Forensics — the code the debugger runs: why a request verifies or not, with the signed
 * content, expected against received signatures, the timestamp's age, and the usual mistakes
 * (re-serialized body, CRLF, secret format, wrong header, clock skew) ranked, each proven by
 * re-running the check. Never throws for a request that fails verification.
 *
 * **An oracle, by design**: the report holds the expected signatures. Never return it (or any
 * part of it) to whoever sent the request, and never log it in production.
 */
export declare function explain(request: ExplainRequest, secrets?: string | string[], options?: ExplainOptions): Report;

/** The normalised envelope of a verified event (snake_case keys, as the Rust core writes them). */
export interface NormalizedEvent {
  provider: string;
  /** `github`, `stripe`, `standard_webhooks`, `verk`, `vem` or `generic`. */
  shape: string;
  event_type: string | null;
  id: string | null;
  /** RFC 3339 UTC. */
  occurred_at: string | null;
  title: string | null;
  url: string | null;
  fields: { label: string; value: string }[];
  payload: unknown;
}

/**
 * The envelope of a verified payload. `source` is the result of `verify` (or `{ scheme, id }`);
 * headers matter for GitHub (`X-GitHub-Event`). Throws `not_json` for non-JSON payloads.
 */
export declare function normalize(payload: Payload, headers?: HeadersInput, source?: { scheme?: string; id?: string | null }): NormalizedEvent;

/**
 * A declarative message template: JSON pointers into the event (`/event_type`,
 * `/payload/...`) with `{/pointer}` interpolation; see the Rust `hookgate::transform` docs.
 */
export interface MessageTemplate {
  title?: string | string[];
  description?: string | string[];
  url?: string | string[];
  color?: string | { path: string; map: Record<string, string>; default?: string };
  context?: { label: string; path?: string; value?: string }[];
  fields?: { label: string; path?: string; value?: string; inline?: boolean }[];
  event_fields?: boolean;
}

/** A Slack incoming-webhook message (Block Kit; text escaped, within Slack's limits). */
export declare function toSlack(event: NormalizedEvent, template?: MessageTemplate | string): Record<string, unknown>;

/** A Discord webhook message (one embed; mentions neutralised, `allowed_mentions` empty; within limits). */
export declare function toDiscord(event: NormalizedEvent, template?: MessageTemplate | string): Record<string, unknown>;

/** Codes of `WebhookConfigError`: fix the configuration or the call. */
export type ConfigErrorCode =
  | 'body_already_parsed'
  | 'empty_secret'
  | 'invalid_argument'
  | 'invalid_id'
  | 'invalid_options'
  | 'invalid_public_key'
  | 'invalid_secret_encoding'
  | 'invalid_spec'
  | 'invalid_spec_json'
  | 'missing_id'
  | 'missing_method'
  | 'missing_timestamp'
  | 'missing_url'
  | 'no_secrets'
  | 'not_json'
  | 'not_initialized'
  | 'payload_too_large'
  | 'reentered'
  | 'secret_whitespace'
  | 'unknown_scheme'
  | 'unsupported_for_signing';

/** Every hookgate error: a stable `code` plus the core's fields. */
export declare class HookgateError extends Error {
  readonly code: VerificationErrorCode | ConfigErrorCode | 'invalid_json' | 'internal_error';
  /** The header, JSON pointer or form field concerned (`missing_header`, `invalid_timestamp`, …). */
  readonly source?: string;
  /** Seconds behind now (`timestamp_too_old`). */
  readonly age_s?: number;
  /** Seconds ahead of now (`timestamp_in_future`). */
  readonly ahead_s?: number;
  /** The tolerance that applied (`timestamp_too_old`, `timestamp_in_future`). */
  readonly tolerance_s?: number;
  /** Well-formed candidate signatures compared (`no_matching_signature`). */
  readonly candidates?: number;
  /** The algorithm concerned (`no_key_for_signature`, `invalid_public_key`, …). */
  readonly algorithm?: string;
  /** The argument concerned (`invalid_argument`). */
  readonly argument?: string;
  /** What exactly is wrong (`invalid_options`, `invalid_argument`, `invalid_spec`, …). */
  readonly detail?: string;
  /** Bytes (`payload_too_large`). */
  readonly size?: number;
  /** The limit in bytes (`payload_too_large`). */
  readonly limit?: number;
  /** `{ code, ...fields }` exactly as the Rust core and the Worker serialize this error. */
  toJSON(): { code: string } & Record<string, string | number>;
}

/** The request failed verification: answer 4xx (`err.code` says why; log it). */
export declare class WebhookVerificationError extends HookgateError {
  readonly code: VerificationErrorCode;
}

/** The secret, scheme, options or arguments are wrong: a bug to fix, not a bad request. */
export declare class WebhookConfigError extends HookgateError {
  readonly code: ConfigErrorCode;
}

/**
 * The request verified (it is authentic), but its payload does not parse as its content type
 * says (`parse`). Not a forgery: accept, log or park the delivery rather than answering it
 * as one.
 */
export declare class WebhookPayloadError extends HookgateError {
  readonly code: 'invalid_json';
  /** The verification, without an `event`. */
  readonly result: Verified<undefined>;
}
