//! Shared inputs and invariant checks for hookgate's fuzz targets.
//!
//! The targets decode structured inputs with `arbitrary`: header names are drawn mostly from
//! the names the built-in registry reads (so the fuzzer reaches the parsers at once), secrets
//! come in every key format the registry knows, and a request can start out validly signed
//! (so the success path and the timestamp window are explored, not only the error paths).
//! Every check here is cheap; libFuzzer itself reports any panic.

pub mod spec_json;

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hookgate::spec::{Algorithm, Direction, KeyEncoding, SchemeSpec, TimeUnit};
use hookgate::{
    Request, SignError, SignInput, Tolerance, UnixTime, Verified, Verifier, VerifyError,
    VerifyOptions, sign,
};

/// Owned request headers, in arrival order.
pub type HeaderList = Vec<(String, String)>;

/// Every header name the built-in registry reads, sorted and de-duplicated.
#[must_use]
pub fn known_headers() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = hookgate::schemes::all()
            .iter()
            .flat_map(|s| s.header_names())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    })
}

/// A header name: one the registry reads (most of the time), or anything.
#[derive(Arbitrary, Debug, Clone)]
pub enum NameInput {
    /// Index into [`known_headers`].
    Known(u8),
    /// Any text.
    Other(String),
}

impl NameInput {
    /// The name as text.
    #[must_use]
    pub fn render(&self) -> String {
        match self {
            Self::Known(i) => {
                let names = known_headers();
                names
                    .get(usize::from(*i) % names.len().max(1))
                    .map_or_else(String::new, |n| (*n).to_owned())
            }
            Self::Other(s) => s.clone(),
        }
    }
}

/// How a header name's case is sent (names match case-insensitively).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum CaseInput {
    /// As written.
    AsIs,
    /// All upper case.
    Upper,
    /// Every other ASCII letter upper case.
    Mixed,
}

/// One header as it arrives.
#[derive(Arbitrary, Debug, Clone)]
pub struct HeaderInput {
    /// The name.
    pub name: NameInput,
    /// Its case.
    pub case: CaseInput,
    /// The value.
    pub value: String,
}

impl HeaderInput {
    /// `(name, value)`.
    #[must_use]
    pub fn render(&self) -> (String, String) {
        (recase(&self.name.render(), self.case), self.value.clone())
    }
}

fn recase(name: &str, case: CaseInput) -> String {
    match case {
        CaseInput::AsIs => name.to_owned(),
        CaseInput::Upper => name.to_ascii_uppercase(),
        CaseInput::Mixed => name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
    }
}

/// A verification secret or public key, in one of the text forms users paste.
#[derive(Arbitrary, Debug, Clone)]
pub enum SecretInput {
    /// Any text, used as given.
    Text(String),
    /// `whsec_` + base64 of these bytes.
    Whsec(Vec<u8>),
    /// The Ed25519 public key of this seed, as `whpk_` + base64.
    Whpk([u8; 32]),
    /// The Ed25519 public key of this seed, as hex (Discord).
    Ed25519Hex([u8; 32]),
    /// Hex of these bytes.
    Hex(Vec<u8>),
    /// Base64 of these bytes.
    Base64(Vec<u8>),
}

impl SecretInput {
    /// The secret as text.
    #[must_use]
    pub fn render(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Whsec(b) => format!("whsec_{}", STANDARD.encode(b)),
            Self::Whpk(seed) => format!("whpk_{}", STANDARD.encode(ed25519_public(seed))),
            Self::Ed25519Hex(seed) => hex(&ed25519_public(seed)),
            Self::Hex(b) => hex(b),
            Self::Base64(b) => STANDARD.encode(b),
        }
    }
}

/// Key material for signing: a symmetric secret or an Ed25519 seed. [`key_pair`] writes it in
/// whatever format the scheme wants.
#[derive(Arbitrary, Debug, Clone)]
pub enum KeyInput {
    /// Secret bytes (a raw-text scheme gets them as lossy UTF-8).
    Secret(Vec<u8>),
    /// An Ed25519 seed, for a scheme with an Ed25519 algorithm.
    Ed25519([u8; 32]),
}

/// `(signing key, verification key)` for `spec` from `key`, or `None` if the spec cannot use
/// this kind of key (an asymmetric-only scheme given a secret, or the reverse, or an
/// algorithm that the key's text would not select).
#[must_use]
pub fn key_pair(spec: &SchemeSpec, key: &KeyInput) -> Option<(String, String)> {
    let algs = &spec.signature.algorithms;
    let (index, pair) = match key {
        KeyInput::Ed25519(seed) => {
            let index = algs
                .iter()
                .position(|a| a.algorithm == Algorithm::Ed25519)?;
            let alg = algs.get(index)?;
            let public = ed25519_public(seed);
            let (seed_text, public_text) = match alg.key.encoding {
                KeyEncoding::Hex => (hex(seed), hex(&public)),
                _ => (STANDARD.encode(seed), STANDARD.encode(public)),
            };
            let prefix = alg.key.prefix.as_deref().unwrap_or("");
            let signing_prefix = alg.key.signing_prefix.as_deref().unwrap_or(prefix);
            (
                index,
                (
                    format!("{signing_prefix}{seed_text}"),
                    format!("{prefix}{public_text}"),
                ),
            )
        }
        KeyInput::Secret(bytes) => {
            let index = algs.iter().position(|a| !a.key.prefix_required)?;
            let alg = algs.get(index)?;
            if !alg.algorithm.is_symmetric() {
                return None;
            }
            let prefix = alg.key.prefix.as_deref().unwrap_or("");
            let text = match alg.key.encoding {
                KeyEncoding::Raw => String::from_utf8_lossy(bytes).into_owned(),
                KeyEncoding::Hex => format!("{prefix}{}", hex(bytes)),
                _ => format!("{prefix}{}", STANDARD.encode(bytes)),
            };
            (index, (text.clone(), text))
        }
    };
    let chosen = selected_algorithm(spec, &pair.0, true) == index
        && selected_algorithm(spec, &pair.1, false) == index;
    chosen.then_some(pair)
}

/// Which of a spec's algorithms a key's text selects, as documented for `Verifier::new` and
/// `sign`: one whose required prefix it carries, else the first that requires none.
fn selected_algorithm(spec: &SchemeSpec, text: &str, signing: bool) -> usize {
    let algs = &spec.signature.algorithms;
    algs.iter()
        .position(|a| {
            let prefix = if signing {
                a.key.signing_prefix.as_ref().or(a.key.prefix.as_ref())
            } else {
                a.key.prefix.as_ref()
            };
            a.key.prefix_required && prefix.is_some_and(|p| text.starts_with(p.as_ref()))
        })
        .or_else(|| algs.iter().position(|a| !a.key.prefix_required))
        .unwrap_or(0)
}

/// The tolerance of one verification.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ToleranceInput {
    /// The scheme's own.
    SchemeDefault,
    /// Seconds, in the scheme's direction.
    Seconds(u64),
    /// An explicit window.
    Window(Option<u64>, Option<u64>),
    /// No limit.
    Unlimited,
}

impl ToleranceInput {
    /// As the library type.
    #[must_use]
    pub fn to_tolerance(self) -> Tolerance {
        match self {
            Self::SchemeDefault => Tolerance::scheme_default(),
            Self::Seconds(s) => Tolerance::seconds(s),
            Self::Window(p, f) => Tolerance::window(p, f),
            Self::Unlimited => Tolerance::dangerous_unlimited(),
        }
    }

    /// The effective `(past, future)` window in seconds for `spec`, as documented.
    #[must_use]
    pub fn window(self, spec: &SchemeSpec) -> (Option<u64>, Option<u64>) {
        let Some(ts) = &spec.timestamp else {
            return (None, None);
        };
        let directed = |s: u64| match ts.direction {
            Direction::PastOnly => (Some(s), None),
            _ => (Some(s), Some(s)),
        };
        match self {
            Self::SchemeDefault => ts.tolerance_s.map_or((None, None), directed),
            Self::Seconds(s) => directed(s),
            Self::Window(p, f) => (p, f),
            Self::Unlimited => (None, None),
        }
    }
}

/// The parts of a request other than its headers.
#[derive(Arbitrary, Debug, Clone)]
pub struct RequestInput {
    /// Extra headers (after any signed ones, or before them).
    pub headers: Vec<HeaderInput>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The URL, if given.
    pub url: Option<String>,
    /// The method, if given.
    pub method: Option<String>,
    /// The clock, in milliseconds.
    pub now_ms: i64,
    /// The tolerance.
    pub tolerance: ToleranceInput,
}

/// A validly signed starting point: what to sign and with which key.
#[derive(Arbitrary, Debug, Clone)]
pub struct SignSeed {
    /// The key.
    pub key: KeyInput,
    /// The message id.
    pub id: String,
    /// The timestamp to sign, in seconds (milliseconds below `1_000` are added for ms schemes).
    pub timestamp_s: i64,
    /// Extra milliseconds for millisecond schemes.
    pub timestamp_ms: u16,
    /// Whether the signed headers come before the extra ones (first value wins).
    pub signed_first: bool,
    /// Where the signing key goes among the decoy secrets.
    pub key_position: u8,
    /// Set `now` to the signed timestamp plus this many milliseconds, instead of `now_ms`.
    pub now_offset_ms: Option<i32>,
}

/// A request built from fuzz input, owning its parts.
#[derive(Debug, Clone)]
pub struct Built {
    /// Headers in order.
    pub headers: HeaderList,
    /// The body.
    pub body: Vec<u8>,
    /// URL.
    pub url: Option<String>,
    /// Method.
    pub method: Option<String>,
    /// Secrets in order.
    pub secrets: Vec<String>,
    /// The clock.
    pub now: UnixTime,
    /// Which secret signed, when the request was signed.
    pub signed_by: Option<usize>,
    /// The timestamp that was signed.
    pub signed_at: Option<UnixTime>,
    /// The id that was signed.
    pub signed_id: Option<String>,
    /// Whether `sign` put values in the body (written as a form body here).
    pub body_fields: bool,
}

impl Built {
    /// The request view.
    #[must_use]
    pub fn request<'a>(&'a self, headers: &'a HeaderList) -> Request<'a, [(String, String)]> {
        let mut r = Request::new(headers.as_slice(), &self.body);
        if let Some(u) = &self.url {
            r = r.with_url(u);
        }
        if let Some(m) = &self.method {
            r = r.with_method(m);
        }
        r
    }
}

/// Builds a request for `spec` from the parts; when `seed` is given and the spec can sign with
/// that key, the request starts out validly signed.
#[must_use]
pub fn build(
    spec: &SchemeSpec,
    input: &RequestInput,
    secrets: &[SecretInput],
    seed: Option<&SignSeed>,
) -> Built {
    let mut built = Built {
        headers: input.headers.iter().map(HeaderInput::render).collect(),
        body: input.body.clone(),
        url: input.url.clone(),
        method: input.method.clone(),
        secrets: secrets.iter().map(SecretInput::render).collect(),
        now: UnixTime::from_millis(input.now_ms),
        signed_by: None,
        signed_at: None,
        signed_id: None,
        body_fields: false,
    };
    let Some(seed) = seed else { return built };
    let Some((signing, verifying)) = key_pair(spec, &seed.key) else {
        return built;
    };
    let at = signed_time(spec, seed.timestamp_s, seed.timestamp_ms);
    let mut sign_input = SignInput::new(&input.body)
        .with_id(&seed.id)
        .with_timestamp(at);
    if let Some(u) = &input.url {
        sign_input = sign_input.with_url(u);
    }
    if let Some(m) = &input.method {
        sign_input = sign_input.with_method(m);
    }
    let Ok(signed) = sign(spec, &signing, &sign_input) else {
        return built;
    };
    if !signed.body_fields.is_empty() {
        built.body = form_body(&signed.body_fields);
        built.body_fields = true;
    }
    if seed.signed_first {
        let mut headers = signed.headers;
        headers.append(&mut built.headers);
        built.headers = headers;
    } else {
        built.headers.extend(signed.headers);
    }
    let position = usize::from(seed.key_position) % (built.secrets.len() + 1);
    built.secrets.insert(position, verifying);
    built.signed_by = Some(position);
    built.signed_at = Some(at);
    built.signed_id = Some(seed.id.clone());
    if let Some(offset) = seed.now_offset_ms {
        built.now = UnixTime::from_millis(at.as_millis().saturating_add(i64::from(offset)));
    }
    built
}

/// The instant a spec will sign for these inputs: whole seconds for second-unit schemes.
#[must_use]
pub fn signed_time(spec: &SchemeSpec, seconds: i64, millis: u16) -> UnixTime {
    let base = UnixTime::from_secs(seconds);
    match spec.timestamp.as_ref().map(|t| t.unit) {
        Some(TimeUnit::Milliseconds) => {
            UnixTime::from_millis(base.as_millis().saturating_add(i64::from(millis % 1000)))
        }
        _ => base,
    }
}

/// `k=v&…` with the values percent-encoded, as a form body.
#[must_use]
pub fn form_body(fields: &[(String, String)]) -> Vec<u8> {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out.into_bytes()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Verifies and checks every cheap invariant:
/// - success names a secret that exists, the verifier's scheme and the request's own body, and
///   carries a timestamp exactly when the scheme has one, inside the window asked for;
/// - error codes are stable snake_case, and messages render without leaking secrets;
/// - the result is deterministic and does not depend on header-name case;
/// - the timestamp is judged last: a result that is `Ok` or only too old / too new becomes
///   `Ok` with an unlimited tolerance.
///
/// Returns whether verification succeeded, and with which key.
pub fn verify_checked(
    verifier: &Verifier,
    built: &Built,
    tolerance: ToleranceInput,
    context: &str,
) -> Result<usize, VerifyError> {
    let spec = verifier.scheme();
    let options = VerifyOptions::at(built.now).with_tolerance(tolerance.to_tolerance());
    let request = built.request(&built.headers);
    let result = verifier.verify(&request, &options);
    match &result {
        Ok(ok) => check_verified(spec, ok, built, tolerance, context),
        Err(e) => check_error(e, spec, &built.secrets, context),
    }

    // Deterministic, and header names match case-insensitively.
    let upper: HeaderList = built
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_uppercase(), v.clone()))
        .collect();
    let again = verifier.verify(&built.request(&upper), &options);
    assert_eq!(again, result, "header case changed the result");

    // The timestamp is checked last, so only it can turn an `Ok` into these errors.
    if matches!(
        result,
        Ok(_) | Err(VerifyError::TimestampTooOld { .. } | VerifyError::TimestampInFuture { .. })
    ) {
        let unlimited = options.with_tolerance(Tolerance::dangerous_unlimited());
        let relaxed = verifier.verify(&request, &unlimited);
        match (&result, &relaxed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "unlimited tolerance changed the match"),
            (_, Ok(_)) => {}
            (_, Err(e)) => panic!("{context}: {result:?} but unlimited tolerance gives {e:?}"),
        }
    }
    result.map(|ok| ok.key_index())
}

fn check_verified(
    spec: &SchemeSpec,
    ok: &Verified<'_>,
    built: &Built,
    tolerance: ToleranceInput,
    context: &str,
) {
    assert!(ok.key_index() < built.secrets.len(), "{context}: key index");
    assert_eq!(ok.scheme(), spec.id, "{context}: scheme");
    assert!(core::ptr::eq(ok.body(), built.body.as_slice()), "{context}");
    assert_eq!(
        ok.timestamp().is_some(),
        spec.timestamp.is_some(),
        "{context}: timestamp presence"
    );
    let _ = ok.dedupe_key().to_string();
    if let (Some(ts), Some(ts_spec)) = (ok.timestamp(), &spec.timestamp) {
        // Second-unit schemes compare whole seconds; allow that rounding.
        let now_ms = match ts_spec.unit {
            TimeUnit::Seconds => i128::from(built.now.as_secs()) * 1000,
            _ => i128::from(built.now.as_millis()),
        };
        let age_ms = now_ms - i128::from(ts.as_millis());
        let (past, future) = tolerance.window(spec);
        if let Some(p) = past {
            assert!(
                age_ms <= i128::from(p) * 1000,
                "{context}: accepted {age_ms} ms old with tolerance {p} s"
            );
        }
        if let Some(f) = future {
            assert!(
                -age_ms <= i128::from(f) * 1000,
                "{context}: accepted {} ms ahead with tolerance {f} s",
                -age_ms
            );
        }
    }
}

/// An error has a snake_case code and a message that names no secret. Messages are ASCII
/// text plus names from the spec, so a secret with a non-ASCII character that the spec does
/// not spell out can only appear in one by leaking.
pub fn check_error(e: &VerifyError, spec: &SchemeSpec, secrets: &[String], context: &str) {
    check_code(e.code(), context);
    let message = e.to_string();
    assert!(!message.is_empty(), "{context}: empty message");
    let debug = format!("{e:?}");
    let public = spec.to_json();
    for secret in secrets
        .iter()
        .filter(|s| s.len() >= 8 && !s.is_ascii() && !public.contains(s.as_str()))
    {
        assert!(
            !message.contains(secret.as_str()) && !debug.contains(secret.as_str()),
            "{context}: error {debug} shows a secret"
        );
    }
}

/// Codes are the stable public vocabulary: non-empty lower snake_case.
pub fn check_code(code: &str, context: &str) {
    assert!(
        !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "{context}: code {code:?}"
    );
}

/// Sign errors a caller can cause with its inputs (the key text, an ambiguous id, a
/// timestamp before the epoch).
#[must_use]
pub fn expected_sign_error(e: &SignError) -> bool {
    matches!(
        e.code(),
        "empty_secret"
            | "secret_whitespace"
            | "invalid_secret_encoding"
            | "invalid_id"
            | "invalid_timestamp"
    )
}

/// Lower-case hex.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn ed25519_public(seed: &[u8; 32]) -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(seed)
        .verifying_key()
        .to_bytes()
}

/// Whether `sign` → `verify` can be expected to round-trip under a custom `spec`: every spec
/// that would not is now rejected by `SchemeSpec::validate` (the findings kept in
/// tests/fuzz_regressions.rs), except those whose signature, timestamp or id `sign` writes as
/// body fields, which this target does not replay.
#[must_use]
pub fn round_trip_expected(spec: &SchemeSpec) -> bool {
    use hookgate::spec::Source;

    let header = |s: Option<&Source>| match s {
        Some(Source::Header(h)) => Some(h.to_ascii_lowercase()),
        _ => None,
    };
    // `sign` writes body-sourced values as form fields, which this target does not replay.
    if header(spec.signature.from.first()).is_none() {
        return false;
    }
    if let Some(ts) = &spec.timestamp
        && !matches!(ts.from.first(), Some(Source::Param(_)))
        && header(ts.from.first()).is_none()
    {
        return false;
    }
    if !spec.message_id.is_empty() && header(spec.message_id.first()).is_none() {
        return false;
    }
    // Everything else that would stop a signed request verifying is rejected by
    // `SchemeSpec::validate` (the fuzz findings in tests/fuzz_regressions.rs).
    true
}
