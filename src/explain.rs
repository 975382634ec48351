//! Signature forensics: why a request verifies or not, and which fix would make it verify.
//!
//! [`explain`] runs the same engine as [`Verifier::verify`], then shows its workings (the scheme
//! and why it was chosen, the exact signed content with invisible characters made visible,
//! expected against received signatures, the timestamp's age) and, on failure, replays the
//! request under the usual mistakes — a re-serialised body, CRLF/LF, a trailing newline, a BOM,
//! Latin-1, a secret used with or without its `whsec_` prefix or base64 decoding, surrounding
//! whitespace, a pasted `v1,`, the wrong header or scheme, clock skew — and ranks the ones that
//! make it verify. The debugger page and production run this same code, so they always agree.
//!
//! # Security: an oracle, by design
//!
//! A report holds the **expected signatures** for the secrets given, and says which variant of
//! the request would verify. Handed to whoever sent the request, it lets them forge any
//! delivery. Never return a report (or any part of it) in an HTTP answer, never log it in
//! production, and run it only on requests and secrets of your own, where you debug.

mod mistakes;
mod reformat;
mod visible;

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::Serialize;

use self::reformat::{Strings, Style};
pub use self::visible::Segment;
use crate::algorithm;
use crate::candidates::Candidates;
use crate::content::{CompiledTemplate, Parts, SignedContent as Content};
use crate::crypto::RustCrypto;
use crate::detect::detect;
use crate::encoding;
use crate::error::{ConfigError, VerifyError};
use crate::headers::Headers;
use crate::key::{self, Key};
use crate::spec::{KeyEncoding, KeyFormat, SchemeSpec, TimeUnit};
use crate::time::{self, Tolerance, UnixTime};
use crate::verify::{self, Request, Verifier, VerifyOptions};

/// At most this many bytes of signed content are shown.
const MAX_SHOWN_BYTES: usize = 64 * 1024;

/// How to explain: the scheme (detected when absent), the clock and the tolerance.
#[derive(Clone, Debug, Default)]
pub struct ExplainOptions {
    scheme: Option<Cow<'static, SchemeSpec>>,
    now: Option<UnixTime>,
    tolerance: Tolerance,
}

impl ExplainOptions {
    /// Detect the scheme, and ignore clock skew (judge the request at its own timestamp).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Use this built-in scheme instead of detecting one.
    #[must_use]
    pub fn with_scheme(mut self, scheme: &'static SchemeSpec) -> Self {
        self.scheme = Some(Cow::Borrowed(scheme));
        self
    }

    /// Use a custom scheme.
    #[must_use]
    pub fn with_custom_scheme(mut self, scheme: SchemeSpec) -> Self {
        self.scheme = Some(Cow::Owned(scheme));
        self
    }

    /// Judge the timestamp against `now` (without it, clock skew is ignored).
    #[must_use]
    pub fn at(mut self, now: UnixTime) -> Self {
        self.now = Some(now);
        self
    }

    /// The tolerance (the scheme's own by default).
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Tolerance) -> Self {
        self.tolerance = tolerance;
        self
    }
}

/// What [`explain`] found. Serializes with camelCase names for the JS package and the debugger.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Report {
    /// Whether the request verifies as given.
    pub valid: bool,
    /// The verification error, when it does not.
    pub error: Option<VerifyError>,
    /// One line: the verdict and its reason.
    pub message: String,
    /// The scheme used, and why.
    pub scheme: Option<SchemeReport>,
    /// Other schemes whose headers are present.
    pub alternatives: Vec<SchemeReport>,
    /// Each secret given: usable or not, and why.
    pub secrets: Vec<SecretReport>,
    /// Which secret matched.
    pub key_index: Option<usize>,
    /// The message id.
    pub id: Option<String>,
    /// The dedupe key.
    pub dedupe_key: Option<String>,
    /// The exact bytes that are signed.
    pub signed_content: Option<SignedContent>,
    /// The signatures in the request.
    pub received: Vec<ReceivedSignature>,
    /// The signature each usable shared secret produces (asymmetric keys cannot sign).
    pub expected: Vec<ExpectedSignature>,
    /// The timestamp and its age.
    pub timestamp: Option<TimestampReport>,
    /// Likely causes, best first; those with `verifies: true` were proven by re-running the check.
    pub causes: Vec<Cause>,
}

/// A scheme and the evidence for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SchemeReport {
    /// The scheme id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it was detected (as opposed to given).
    pub detected: bool,
    /// The headers (or body fields) present that belong to it.
    pub evidence: Vec<String>,
}

/// One secret as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretReport {
    /// Its position.
    pub index: usize,
    /// The algorithm it is a key for, when usable.
    pub algorithm: Option<&'static str>,
    /// Why it cannot be used.
    pub error: Option<ConfigError>,
}

/// The signed content, piece by piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SignedContent {
    /// The scheme's template.
    pub template: String,
    /// The pieces, in order.
    pub parts: Vec<ContentPart>,
    /// The total length in bytes.
    pub length: usize,
    /// The whole content as text with invisibles marked (`␍`, `␊`, `⟨BOM⟩`, `⟨ff⟩`).
    pub visible: String,
    /// Whether the display was cut at 64 KiB.
    pub truncated: bool,
}

/// One piece of the signed content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContentPart {
    /// `id`, `timestamp`, `body`, `url`, `method`, `sorted_params`, `secret` (never shown) or
    /// `literal`.
    pub part: &'static str,
    /// Its bytes as segments.
    pub segments: Vec<Segment>,
    /// Its length in bytes.
    pub length: usize,
}

/// A signature found in the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReceivedSignature {
    /// Its version tag (`v1`), for list headers.
    pub tag: Option<String>,
    /// The signature text.
    pub value: String,
    /// Whether the scheme signs with this tag or prefix.
    pub supported: bool,
    /// Whether it decodes in the scheme's encoding.
    pub well_formed: bool,
    /// The secret it matched, if any.
    pub matched_key: Option<usize>,
}

/// The signature a shared secret produces over the signed content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExpectedSignature {
    /// The secret's position.
    pub key_index: usize,
    /// The version tag it is written with.
    pub tag: Option<String>,
    /// The signature text.
    pub value: String,
}

/// The timestamp and how it compares with `now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimestampReport {
    /// As received.
    pub raw: String,
    /// `s` or `ms`.
    pub unit: &'static str,
    /// RFC 3339, when it parses.
    pub iso: Option<String>,
    /// Seconds behind `now` (negative: ahead), when a clock was given and it parses.
    pub age_s: Option<i64>,
    /// The window that applies (seconds; `None` = unlimited that way).
    pub past_tolerance_s: Option<u64>,
    /// The window that applies into the future.
    pub future_tolerance_s: Option<u64>,
    /// Whether it is within the window (always, when clock skew is ignored).
    pub within_tolerance: bool,
}

/// A likely cause of failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Cause {
    /// What kind of mistake this is.
    pub code: CauseCode,
    /// Short title.
    pub title: String,
    /// What was found.
    pub detail: String,
    /// What to do.
    pub fix: String,
    /// Whether applying the fix was shown to make the request verify.
    pub verifies: bool,
}

/// The kind of a likely [`Cause`]: a stable snake_case code on the wire. The variants are in
/// the order causes are listed when several apply, the commonest first, so sorting by code
/// ranks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CauseCode {
    /// The body was re-serialized (JSON spacing, escapes or key order) before verification.
    BodyReserialized,
    /// The secret was used with the wrong encoding (base64-decoded or not).
    SecretEncoding,
    /// The secret was used with or without its `whsec_` prefix.
    SecretPrefix,
    /// The secret has whitespace around it.
    SecretWhitespace,
    /// The secret starts with a pasted `v1,`, `v1=`, `sha256=` or similar.
    SecretVersionPrefix,
    /// The signature is written in another encoding than the scheme reads (hex and base64).
    SignatureEncoding,
    /// The request verifies under a sibling scheme of the same provider (another header).
    WrongHeader,
    /// The request verifies under another scheme.
    WrongScheme,
    /// The provider signed another URL: the one in front of a proxy (`X-Forwarded-Proto`,
    /// `X-Forwarded-Host`), the other scheme, or without the port.
    SignedUrl,
    /// CRLF and LF line endings were swapped.
    LineEndings,
    /// A trailing newline was added or lost.
    TrailingNewline,
    /// A byte-order mark was added.
    Bom,
    /// The body went through the wrong charset (Latin-1 and UTF-8 mixed up).
    Latin1,
    /// The body is still compressed; the provider signed it before compression.
    CompressedBody,
    /// The signature is valid but the timestamp is outside the tolerance.
    ClockSkew,
    /// The secret is another kind of credential (an API key, a token).
    SecretKind,
    /// The public key is in another form (PEM, DER, the other of hex and base64).
    PublicKeyFormat,
    /// A header, the URL or the method the scheme needs is missing.
    MissingInput,
}

impl CauseCode {
    /// The stable snake_case code (`body_reserialized`, `secret_prefix`, `clock_skew`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::BodyReserialized => "body_reserialized",
            Self::SecretEncoding => "secret_encoding",
            Self::SecretPrefix => "secret_prefix",
            Self::SecretWhitespace => "secret_whitespace",
            Self::SecretVersionPrefix => "secret_version_prefix",
            Self::SignatureEncoding => "signature_encoding",
            Self::SignedUrl => "signed_url",
            Self::CompressedBody => "compressed_body",
            Self::PublicKeyFormat => "public_key_format",
            Self::WrongHeader => "wrong_header",
            Self::WrongScheme => "wrong_scheme",
            Self::LineEndings => "line_endings",
            Self::TrailingNewline => "trailing_newline",
            Self::Bom => "bom",
            Self::Latin1 => "latin1",
            Self::ClockSkew => "clock_skew",
            Self::SecretKind => "secret_kind",
            Self::MissingInput => "missing_input",
        }
    }
}

/// Explains whether and why `request` verifies with `secrets`.
///
/// # Security
/// The report is an oracle: it carries the expected signatures (see the module docs). Never
/// send it to the sender of the request, nor log it in production.
#[must_use]
pub fn explain<H: Headers + ?Sized>(
    request: &Request<'_, H>,
    secrets: &[impl AsRef<str>],
    options: &ExplainOptions,
) -> Report {
    let detections = detect(request.headers(), Some(request.body()));
    let (spec, detected): (Cow<'static, SchemeSpec>, bool) = match &options.scheme {
        Some(spec) => (spec.clone(), false),
        None => match detections.first() {
            Some(d) => (Cow::Borrowed(d.scheme), true),
            None => return no_scheme(secrets),
        },
    };
    let scheme_report = |s: &SchemeSpec, detected: bool| SchemeReport {
        id: s.id.to_string(),
        name: s.name.to_string(),
        detected,
        evidence: detections
            .iter()
            .find(|d| d.scheme.id == s.id)
            .map(|d| d.evidence.iter().map(|e| e.to_string()).collect())
            .unwrap_or_default(),
    };

    let mut secret_reports = Vec::new();
    let mut keys = Vec::new();
    let mut usable: Vec<&str> = Vec::new();
    for (index, secret) in secrets.iter().enumerate() {
        match key::parse_verification_key(&spec.signature, secret.as_ref(), &RustCrypto) {
            Ok(k) => {
                secret_reports.push(SecretReport {
                    index,
                    algorithm: spec
                        .signature
                        .algorithms
                        .get(k.algorithm)
                        .map(|a| a.algorithm.name()),
                    error: None,
                });
                keys.push((index, k));
                usable.push(secret.as_ref());
            }
            Err(e) => secret_reports.push(SecretReport {
                index,
                algorithm: None,
                error: Some(e),
            }),
        }
    }
    let key_indices: Vec<usize> = keys.iter().map(|(i, _)| *i).collect();
    let verifier = Verifier::from_keys(spec.clone(), keys.into_iter().map(|(_, k)| k).collect());

    let parts = Gathered::new(&spec, request);
    let candidates = parts.candidates(&spec, verifier.template());
    let content = candidates.first();
    let timestamp = parts.timestamp_report(&spec, options);
    // Without a clock the request is judged at its own time: skew is ignored.
    let verify_options = match options.now {
        Some(now) => VerifyOptions::at(now).with_tolerance(options.tolerance),
        None => VerifyOptions::at(UnixTime::from_secs(0))
            .with_tolerance(Tolerance::dangerous_unlimited()),
    };
    let outcome = if verifier.keys().is_empty() {
        None
    } else {
        Some(verifier.verify(request, &verify_options))
    };

    let mut report = Report {
        valid: matches!(outcome, Some(Ok(_))),
        error: None,
        message: String::new(),
        scheme: Some(scheme_report(&spec, detected)),
        alternatives: detections
            .iter()
            .filter(|d| d.scheme.id != spec.id)
            .map(|d| scheme_report(d.scheme, true))
            .collect(),
        secrets: secret_reports,
        key_index: None,
        id: parts.id.as_ref().map(|s| s.to_string()),
        dedupe_key: None,
        signed_content: Some(signed_content(&spec, &content)),
        received: parts.received(&spec, &content, verifier.keys(), &key_indices),
        expected: expected(&spec, &content, verifier.keys(), &key_indices),
        timestamp,
        causes: Vec::new(),
    };

    match outcome {
        Some(Ok(v)) => {
            report.key_index = key_indices.get(v.key_index()).copied();
            report.id = v.id().map(ToString::to_string);
            report.dedupe_key = Some(v.dedupe_key().to_string());
            report.message = format!(
                "valid: {} signature matched secret #{}",
                spec.name,
                report.key_index.unwrap_or_default() + 1
            );
        }
        Some(Err(e)) => {
            report.message = format!("invalid: {e}");
            let mut causes = Vec::new();
            forensics(
                &mut causes,
                &e,
                &spec,
                request,
                &usable,
                &verify_options,
                &detections,
            );
            report.error = Some(e);
            report.causes = causes;
        }
        None => {
            report.message = String::from(
                "no usable secret: add the endpoint's signing secret to check the signature",
            );
        }
    }
    if !report.valid {
        public_key_forms(&mut report.causes, &spec, request, secrets, &verify_options);
    }
    secret_hints(&mut report.causes, &spec, secrets);
    report.causes.sort_by_key(|c| (!c.verifies, c.code));
    report
}

fn no_scheme(secrets: &[impl AsRef<str>]) -> Report {
    Report {
        valid: false,
        error: None,
        message: String::from(
            "no known signature header found: choose the scheme, or check that the headers were copied",
        ),
        scheme: None,
        alternatives: Vec::new(),
        secrets: (0..secrets.len())
            .map(|index| SecretReport {
                index,
                algorithm: None,
                error: None,
            })
            .collect(),
        key_index: None,
        id: None,
        dedupe_key: None,
        signed_content: None,
        received: Vec::new(),
        expected: Vec::new(),
        timestamp: None,
        causes: alloc::vec![Cause {
            code: CauseCode::MissingInput,
            title: String::from("No signature header"),
            detail: String::from("None of the headers belongs to a scheme hookgate knows."),
            fix: String::from(
                "Paste the request's headers as received (including the signature header), or pick the scheme and supply a custom spec for an unknown provider."
            ),
            verifies: false,
        }],
    }
}

/// The request values a scheme signs, gathered once.
struct Gathered<'a> {
    signature: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    timestamp: Option<String>,
    /// The body, URL and method.
    request: Parts<'a>,
}

impl<'a> Gathered<'a> {
    fn new<H: Headers + ?Sized>(spec: &SchemeSpec, request: &Request<'a, H>) -> Self {
        let signature = verify::find(&spec.signature.from, request, None).map(|(v, _)| v);
        let id = verify::find(&spec.message_id, request, None).map(|(v, _)| v);
        let timestamp = spec.timestamp.as_ref().and_then(|ts| {
            let param = signature.as_deref().map(|s| (&spec.signature.format, s));
            verify::find(&ts.from, request, param).map(|(v, _)| v.into_owned())
        });
        Self {
            signature,
            id,
            timestamp,
            request: request.parts,
        }
    }

    /// The contents the engine compares signatures against (the first is shown).
    fn candidates<'s>(
        &'s self,
        spec: &SchemeSpec,
        template: &'s CompiledTemplate,
    ) -> Candidates<'s> {
        let parts = Parts {
            id: self.id.as_deref(),
            timestamp: self.timestamp.as_deref(),
            ..self.request
        };
        Candidates::new(spec, template, parts)
    }

    fn received(
        &self,
        spec: &SchemeSpec,
        content: &Content<'_>,
        keys: &[Key],
        key_indices: &[usize],
    ) -> Vec<ReceivedSignature> {
        let Some(value) = &self.signature else {
            return Vec::new();
        };
        verify::entries(&spec.signature.format, value)
            .map(|entry| {
                let mut buf = [0u8; 256];
                let algs: Vec<_> = spec
                    .signature
                    .algorithms
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.tag.as_deref() == entry.tag)
                    .collect();
                let well_formed = algs.iter().any(|(_, a)| {
                    encoding::decode_into(a.encoding, entry.text, &mut buf).is_some()
                });
                let matched_key = keys.iter().enumerate().find_map(|(k, key)| {
                    let (_, alg) = algs.iter().find(|(i, _)| *i == key.algorithm)?;
                    let candidate = encoding::decode_into(alg.encoding, entry.text, &mut buf)?;
                    algorithm::prepare(&RustCrypto, alg.algorithm, key, content)
                        .matches(candidate)
                        .then(|| key_indices.get(k).copied().unwrap_or(k))
                });
                ReceivedSignature {
                    tag: entry.tag.map(ToString::to_string),
                    value: entry.text.to_string(),
                    supported: !algs.is_empty(),
                    well_formed,
                    matched_key,
                }
            })
            .collect()
    }

    fn timestamp_report(
        &self,
        spec: &SchemeSpec,
        options: &ExplainOptions,
    ) -> Option<TimestampReport> {
        let ts_spec = spec.timestamp.as_ref()?;
        let raw = self.timestamp.as_ref()?;
        let parsed = time::parse_timestamp(raw, ts_spec.unit);
        let window = options.tolerance.effective_window(ts_spec);
        let age_s = parsed
            .zip(options.now)
            .map(|(ts, now)| (now.as_millis() - ts.as_millis()).div_euclid(1000));
        let within_tolerance = match (parsed, options.now) {
            (Some(ts), Some(now)) => time::check_window(ts, now, ts_spec.unit, window).is_ok(),
            (Some(_), None) => true,
            (None, _) => false,
        };
        Some(TimestampReport {
            raw: raw.clone(),
            unit: match ts_spec.unit {
                TimeUnit::Milliseconds => "ms",
                TimeUnit::Rfc3339 => "rfc3339",
                TimeUnit::Seconds => "s",
            },
            iso: parsed.map(UnixTime::to_rfc3339),
            age_s,
            past_tolerance_s: window.0,
            future_tolerance_s: window.1,
            within_tolerance,
        })
    }
}

/// The signed content, piece by piece, as shown.
fn signed_content(spec: &SchemeSpec, content: &Content<'_>) -> SignedContent {
    let mut parts = Vec::new();
    let (mut shown, mut length, mut truncated) = (0usize, 0usize, false);
    for piece in content.pieces {
        // Plain-hash schemes sign the secret itself; it is never shown.
        let bytes = content.piece(piece, b"{secret}");
        let part = piece.name();
        length += bytes.len();
        let room = MAX_SHOWN_BYTES.saturating_sub(shown).min(bytes.len());
        let visible_bytes = bytes.get(..room).unwrap_or_default();
        truncated |= room < bytes.len();
        shown += room;
        parts.push(ContentPart {
            part,
            segments: visible::segments(visible_bytes),
            length: bytes.len(),
        });
    }
    let mut text = String::new();
    parts
        .iter()
        .flat_map(|p| p.segments.iter())
        .for_each(|s| s.write_visible(&mut text));
    SignedContent {
        template: spec.signed_content.to_string(),
        parts,
        length,
        visible: text,
        truncated,
    }
}

/// The signature each usable shared secret produces over the content.
fn expected(
    spec: &SchemeSpec,
    content: &Content<'_>,
    keys: &[Key],
    key_indices: &[usize],
) -> Vec<ExpectedSignature> {
    keys.iter()
        .enumerate()
        .filter_map(|(k, key)| {
            let alg = spec.signature.algorithms.get(key.algorithm)?;
            let raw = algorithm::sign(alg.algorithm, &key.signing_key()?, content)?;
            Some(ExpectedSignature {
                key_index: key_indices.get(k).copied().unwrap_or(k),
                tag: alg.tag.as_deref().map(ToString::to_string),
                value: encoding::encode(alg.encoding, &raw),
            })
        })
        .collect()
}

fn cause(code: CauseCode, title: &str, detail: String, fix: &str, verifies: bool) -> Cause {
    Cause {
        code,
        title: title.into(),
        detail,
        fix: fix.into(),
        verifies,
    }
}

const RAW_BODY_FIX: &str = "Verify the raw request bytes, before any parsing: express.raw({ type: '*/*' }) on this route, \
     await request.arrayBuffer() in fetch handlers, and never JSON.stringify(req.body) or pass the body through a relay that re-encodes it.";

/// Replays the request under the usual mistakes and records those that make it verify.
fn forensics<H: Headers + ?Sized>(
    causes: &mut Vec<Cause>,
    error: &VerifyError,
    spec: &SchemeSpec,
    request: &Request<'_, H>,
    secrets: &[&str],
    options: &VerifyOptions,
    detections: &[crate::detect::Detection],
) {
    match error {
        VerifyError::TimestampTooOld { age_s, tolerance_s } => causes.push(cause(
            CauseCode::ClockSkew,
            "Timestamp outside the tolerance",
            format!("The signature is valid, but the timestamp is {age_s} s in the past; the tolerance is {tolerance_s} s."),
            "If this is a captured or retried request, it is a replay by design. Otherwise check the clocks (NTP) of both machines, or raise the tolerance for this route.",
            false,
        )),
        VerifyError::TimestampInFuture { ahead_s, tolerance_s } => causes.push(cause(
            CauseCode::ClockSkew,
            "Timestamp in the future",
            format!("The signature is valid, but the timestamp is {ahead_s} s ahead of now; the tolerance is {tolerance_s} s."),
            "Your clock is behind the sender's: sync it with NTP, or widen the future tolerance.",
            false,
        )),
        VerifyError::MissingHeader { name } | VerifyError::MissingField { name } | VerifyError::MissingTimestamp { name } => {
            let others: Vec<&str> = detections.iter().filter(|d| d.scheme.id != spec.id).map(|d| d.scheme.id.as_ref()).collect();
            let detail = if others.is_empty() {
                format!("The request has no {name}.")
            } else {
                format!("The request has no {name}, but has the headers of: {}.", others.join(", "))
            };
            causes.push(cause(
                CauseCode::MissingInput,
                "Missing header",
                detail,
                "Check that your framework or proxy forwards every header, and that the scheme matches the provider.",
                false,
            ));
        }
        VerifyError::MissingUrl | VerifyError::MissingMethod => causes.push(cause(
            CauseCode::MissingInput,
            "The scheme signs the request line",
            format!("{} signs the full URL (and method); none was given.", spec.name),
            "Pass the public URL the provider called, exactly as configured in its dashboard (scheme, host, port, path and query).",
            false,
        )),
        _ => {}
    }
    if matches!(
        error,
        VerifyError::NoMatchingSignature { .. }
            | VerifyError::NoKeyForSignature { .. }
            | VerifyError::BodyDigestMismatch
            | VerifyError::InvalidSignatureEncoding { .. }
    ) && !secrets.is_empty()
    {
        // A signature in another encoding than declared (a custom spec, a generic scheme).
        for (variant_spec, detail) in mistakes::signature_encoding_variants(spec) {
            if Verifier::prevalidated(variant_spec, secrets)
                .is_ok_and(|v| v.verify(request, options).is_ok())
            {
                causes.push(cause(
                    CauseCode::SignatureEncoding,
                    "Signature encoding swapped",
                    detail,
                    "Declare the encoding the provider writes (hex or base64) in the scheme's algorithms.",
                    true,
                ));
            }
        }
    }
    if !matches!(
        error,
        VerifyError::NoMatchingSignature { .. }
            | VerifyError::NoKeyForSignature { .. }
            | VerifyError::BodyDigestMismatch
    ) || secrets.is_empty()
    {
        return;
    }
    if let Some(what) = mistakes::compressed(request.headers(), request.body()) {
        causes.push(cause(
            CauseCode::CompressedBody,
            "Body still compressed",
            format!("The body is {what}-compressed; providers sign the payload before compression."),
            "Decompress the body (as your framework does for Content-Encoding) and verify the decompressed bytes.",
            false,
        ));
    }
    // A signed URL as seen behind a proxy: try the URL the provider called.
    if let Some(url) = request.parts.url.filter(|_| spec.signs().url) {
        for (candidate, why) in mistakes::url_variants(request.headers(), url) {
            let r = Request {
                headers: request.headers,
                parts: Parts {
                    url: Some(candidate.as_str()),
                    ..request.parts
                },
            };
            if Verifier::prevalidated(Cow::Owned(spec.clone()), secrets)
                .is_ok_and(|v| v.verify(&r, options).is_ok())
            {
                causes.push(cause(
                    CauseCode::SignedUrl,
                    "The provider signed another URL",
                    format!("The provider signed {candidate} ({why}); the URL given was {url}."),
                    "Pass the public URL the provider called, exactly as configured in its dashboard: behind a proxy, rebuild it from X-Forwarded-Proto and X-Forwarded-Host (only when your proxy sets them), or configure it.",
                    true,
                ));
            }
        }
    }

    let verifies = |spec: Cow<'static, SchemeSpec>, secrets: &[&str], body: &[u8]| -> bool {
        let Ok(v) = Verifier::prevalidated(spec, secrets) else {
            return false;
        };
        // The request as received, with `body` in place of its own.
        let mut r = *request;
        r.parts.body = body;
        v.verify(&r, options).is_ok()
    };
    let body = request.body();

    // Several spellings can produce the same bytes (compact JSON with no escapes to change):
    // each distinct candidate is tried once, under its first, most likely, name.
    let mut tried = alloc::vec![algorithm::sha256(body)];
    for (variant, candidate) in body_variants(body) {
        let digest = algorithm::sha256(&candidate);
        if tried.contains(&digest) {
            continue;
        }
        tried.push(digest);
        if verifies(Cow::Owned(spec.clone()), secrets, &candidate) {
            let title = match variant.code {
                CauseCode::LineEndings => "Line endings changed",
                CauseCode::TrailingNewline => "Trailing newline changed",
                CauseCode::Bom => "Byte-order mark changed",
                CauseCode::Latin1 => "Body decoded with the wrong charset",
                // `body_variants` makes only these and `BodyReserialized`.
                _ => "Body was re-serialized",
            };
            causes.push(cause(
                variant.code,
                title,
                variant.detail,
                RAW_BODY_FIX,
                true,
            ));
        }
    }

    for (code, detail, fix, variant_spec, secret) in secret_variants(spec, secrets) {
        let one = [secret.as_str()];
        if verifies(variant_spec, &one, body) {
            causes.push(cause(
                code,
                "Secret used in the wrong form",
                detail,
                fix,
                true,
            ));
        }
    }

    for d in detections.iter().filter(|d| d.scheme.id != spec.id) {
        if verifies(Cow::Borrowed(d.scheme), secrets, body) {
            let same_family = d.scheme.family() == spec.family();
            let (code, title) = if same_family {
                (CauseCode::WrongHeader, "Wrong signature header")
            } else {
                (CauseCode::WrongScheme, "Wrong scheme")
            };
            causes.push(cause(
                code,
                title,
                format!(
                    "The request verifies as {} ({}), not as {}.",
                    d.scheme.name,
                    d.evidence.join(", "),
                    spec.name
                ),
                "Verify with that scheme (or let hookgate detect it).",
                true,
            ));
        }
    }
}

/// A plausible original of the body, and what changed it.
struct Variant {
    /// The body mistake this variant undoes.
    code: CauseCode,
    detail: String,
}

fn variant(code: CauseCode, detail: &str) -> Variant {
    Variant {
        code,
        detail: detail.into(),
    }
}

/// Plausible originals of a body that a framework, relay or editor changed.
fn body_variants(body: &[u8]) -> Vec<(Variant, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(text) = core::str::from_utf8(body) {
        if serde_json::from_str::<serde_json::Value>(text).is_ok() {
            let styles: [(Style, &str); 7] = [
                (
                    Style::COMPACT,
                    "compact JSON (JSON.stringify, Go, Rust); the body you have is spaced differently",
                ),
                (
                    Style {
                        indent: Some(2),
                        ..Style::COMPACT
                    },
                    "JSON pretty-printed with 2 spaces; the body you have is spaced differently",
                ),
                (
                    Style {
                        indent: Some(4),
                        ..Style::COMPACT
                    },
                    "JSON pretty-printed with 4 spaces; the body you have is spaced differently",
                ),
                (
                    Style {
                        python_spacing: true,
                        strings: Strings::EscapeNonAscii,
                        ..Style::COMPACT
                    },
                    "Python's json.dumps defaults (\", \" and \": \", non-ASCII as \\u escapes)",
                ),
                (
                    Style {
                        strings: Strings::EscapeNonAscii,
                        ..Style::COMPACT
                    },
                    "compact JSON with non-ASCII as \\u escapes",
                ),
                (
                    Style {
                        strings: Strings::UnescapeNonAscii,
                        ..Style::COMPACT
                    },
                    "compact JSON with \\u escapes decoded to characters",
                ),
                (
                    Style {
                        strings: Strings::EscapeNonAscii,
                        escape_slashes: true,
                        ..Style::COMPACT
                    },
                    "PHP json_encode defaults (escaped slashes, non-ASCII as \\u escapes)",
                ),
            ];
            for (style, what) in styles {
                if let Some(v) = reformat::reformat(text, style) {
                    out.push((
                        variant(
                            CauseCode::BodyReserialized,
                            &format!("The provider signed {what}."),
                        ),
                        v.into_bytes(),
                    ));
                }
            }
            if let Some(sorted) = sorted_keys(text) {
                out.push((variant(CauseCode::BodyReserialized, "The provider signed the JSON with its keys in another order; yours was re-serialized with sorted or reordered keys."), sorted));
            }
        }
        if text.contains("\r\n") {
            out.push((
                variant(
                    CauseCode::LineEndings,
                    "The provider signed LF line endings; your body has CRLF.",
                ),
                text.replace("\r\n", "\n").into_bytes(),
            ));
        } else if text.contains('\n') {
            out.push((variant(CauseCode::LineEndings, "The provider signed CRLF line endings; your body has LF (copying from a terminal or a git checkout converts them)."), text.replace('\n', "\r\n").into_bytes()));
        }
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.len() < text.len() {
            out.push((
                variant(
                    CauseCode::TrailingNewline,
                    "The provider signed the body without the trailing newline yours has.",
                ),
                trimmed.as_bytes().to_vec(),
            ));
        }
        for ending in ["\n", "\r\n"] {
            let mut added = text.to_string();
            added.push_str(ending);
            out.push((variant(CauseCode::TrailingNewline, "The provider signed the body with a trailing newline that yours lost (SendGrid bodies end in CRLF)."), added.into_bytes()));
        }
        if text.chars().all(|c| u32::from(c) <= 0xff) && !text.is_ascii() {
            // Mojibake: UTF-8 bytes were read as Latin-1 and re-encoded.
            let bytes: Vec<u8> = text
                .chars()
                .filter_map(|c| u8::try_from(u32::from(c)).ok())
                .collect();
            out.push((variant(CauseCode::Latin1, "The body was decoded as Latin-1 and re-encoded as UTF-8 (mojibake); the provider signed the original UTF-8 bytes."), bytes));
        }
    }
    if let Some(rest) = body.strip_prefix(b"\xef\xbb\xbf") {
        out.push((
            variant(
                CauseCode::Bom,
                "The provider signed the body without the byte-order mark yours starts with.",
            ),
            rest.to_vec(),
        ));
    }
    if !body.is_ascii() && core::str::from_utf8(body).is_err() {
        let as_utf8: String = body.iter().map(|&b| char::from(b)).collect();
        out.push((
            variant(
                CauseCode::Latin1,
                "The provider signed UTF-8 text; your body holds its Latin-1 bytes.",
            ),
            as_utf8.into_bytes(),
        ));
    }
    out
}

/// The JSON with every object's keys sorted, compact.
fn sorted_keys(text: &str) -> Option<Vec<u8>> {
    fn sort(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.sort_keys();
                map.values_mut().for_each(sort);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(sort),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    sort(&mut value);
    serde_json::to_vec(&value).ok()
}

/// Secret spellings to try, each with the key format that spelling implies.
fn secret_variants(
    spec: &SchemeSpec,
    secrets: &[&str],
) -> Vec<(
    CauseCode,
    String,
    &'static str,
    Cow<'static, SchemeSpec>,
    String,
)> {
    let mut out = Vec::new();
    let symmetric = spec
        .signature
        .algorithms
        .iter()
        .any(|a| a.algorithm.is_symmetric());
    if !symmetric {
        return out;
    }
    let with_key = |format: KeyFormat| {
        let mut s = spec.clone();
        let algorithms: Vec<_> = s
            .signature
            .algorithms
            .iter()
            .cloned()
            .map(|mut a| {
                if a.algorithm.is_symmetric() {
                    a.key = format.clone();
                }
                a
            })
            .collect();
        s.signature.algorithms = Cow::Owned(algorithms);
        Cow::Owned(s)
    };
    let raw = KeyFormat::default();
    let base64 = KeyFormat {
        encoding: KeyEncoding::Base64,
        prefix: Some(Cow::Borrowed("whsec_")),
        ..KeyFormat::default()
    };
    let decodes = spec
        .signature
        .algorithms
        .iter()
        .any(|a| a.key.encoding == KeyEncoding::Base64);
    let key_encoding = spec
        .signature
        .algorithms
        .iter()
        .find(|a| a.algorithm.is_symmetric())
        .map(|a| a.key.encoding);
    for secret in secrets {
        if let Some(rest) = secret.strip_prefix("whsec_") {
            if decodes {
                out.push((CauseCode::SecretEncoding, String::from("The sender used the whole secret string as-is, whsec_ included, without base64-decoding it (Stripe's convention, not Standard Webhooks')."), "Use the scheme that matches the sender (stripe), or the raw-secret form of your library.", with_key(raw.clone()), (*secret).to_string()));
                out.push((
                    CauseCode::SecretPrefix,
                    String::from(
                        "The sender used the secret without its whsec_ prefix, as plain text.",
                    ),
                    "Strip the whsec_ prefix and use the rest as a raw string secret.",
                    with_key(raw.clone()),
                    rest.to_string(),
                ));
            } else {
                out.push((CauseCode::SecretEncoding, format!("The sender base64-decoded the part after whsec_ (the Standard Webhooks convention); {} uses the secret string as-is.", spec.name), "Use the Standard Webhooks / Svix scheme for this sender.", with_key(base64.clone()), (*secret).to_string()));
                out.push((
                    CauseCode::SecretPrefix,
                    String::from("The sender signed with the secret minus its whsec_ prefix."),
                    "Remove the whsec_ prefix from the configured secret.",
                    with_key(raw.clone()),
                    rest.to_string(),
                ));
            }
        } else if decodes {
            out.push((
                CauseCode::SecretEncoding,
                String::from("The sender used this secret as a plain string, not base64-decoded."),
                "Use the raw-secret form of your library, or the sender's own scheme.",
                with_key(raw.clone()),
                (*secret).to_string(),
            ));
        } else {
            out.push((
                CauseCode::SecretPrefix,
                String::from(
                    "The sender signed with this secret prefixed by whsec_, as a plain string.",
                ),
                "Configure the full secret, whsec_ included, exactly as the dashboard shows it.",
                with_key(raw.clone()),
                format!("whsec_{secret}"),
            ));
        }
        // A secret whose text is hex or base64, used the other way (decoded or as text).
        let plain = KeyFormat::default();
        match key_encoding {
            Some(KeyEncoding::Raw) if looks_hex(secret) => out.push((
                CauseCode::SecretEncoding,
                format!("The sender hex-decoded this secret (it signs with the bytes the hex digits spell, as Adyen, Squarespace and Dixa do); {} uses the text as given.", spec.name),
                "Use the provider's own scheme, or a custom spec whose key encoding is \"hex\".",
                with_key(KeyFormat { encoding: KeyEncoding::Hex, ..plain.clone() }),
                (*secret).to_string(),
            )),
            Some(KeyEncoding::Raw) if !secret.starts_with("whsec_") && looks_base64(secret) => out.push((
                CauseCode::SecretEncoding,
                format!("The sender base64-decoded this secret (as Airtable and Microsoft Teams do); {} uses the text as given.", spec.name),
                "Use the provider's own scheme, or a custom spec whose key encoding is \"base64\".",
                with_key(KeyFormat { encoding: KeyEncoding::Base64, ..plain.clone() }),
                (*secret).to_string(),
            )),
            Some(KeyEncoding::Hex) => out.push((
                CauseCode::SecretEncoding,
                String::from("The sender used this hex secret as text (the bytes of its characters), without decoding it."),
                "Use a scheme or custom spec whose key is the secret as given (key encoding \"raw\").",
                with_key(plain),
                (*secret).to_string(),
            )),
            _ => {}
        }
        let trimmed = secret.trim();
        if trimmed != *secret && !trimmed.is_empty() {
            out.push((CauseCode::SecretWhitespace, String::from("The secret has whitespace around it (a newline from a .env file or a copy-paste)."), "Trim the secret.", Cow::Owned(spec.clone()), trimmed.to_string()));
        }
        for prefix in [
            "v1,",
            "v1=",
            "v0=",
            "sha256=",
            "sha1=",
            "sha512=",
            "hmac-sha256=",
        ] {
            if let Some(rest) = trimmed.strip_prefix(prefix) {
                out.push((CauseCode::SecretVersionPrefix, format!("The secret starts with a pasted {prefix:?}: that belongs to a signature header, not to the secret."), "Remove the version prefix from the configured secret.", Cow::Owned(spec.clone()), rest.to_string()));
            }
        }
    }
    out
}

/// Whether a secret is plausibly a hex-encoded key (even length, 16 bytes or more).
fn looks_hex(secret: &str) -> bool {
    secret.len() >= 32
        && secret.len().is_multiple_of(2)
        && secret.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a secret is plausibly a base64-encoded key (16 bytes or more, with padding or a
/// character only base64 has, so that plain words are not taken for base64).
fn looks_base64(secret: &str) -> bool {
    secret.len() >= 24
        && (secret.ends_with('=') || secret.contains(['+', '/']))
        && base64::Engine::decode(&encoding::BASE64_SECRET, secret).is_ok()
}

/// Public keys given in another form (PEM, DER, the other of hex and base64), converted to
/// the scheme's and re-run.
fn public_key_forms<H: Headers + ?Sized>(
    causes: &mut Vec<Cause>,
    spec: &SchemeSpec,
    request: &Request<'_, H>,
    secrets: &[impl AsRef<str>],
    options: &VerifyOptions,
) {
    for secret in secrets {
        for (candidate, detail) in mistakes::public_key_variants(spec, secret.as_ref()) {
            let one = [candidate.as_str()];
            if Verifier::prevalidated(Cow::Owned(spec.clone()), &one)
                .is_ok_and(|v| v.verify(request, options).is_ok())
            {
                causes.push(cause(
                    CauseCode::PublicKeyFormat,
                    "Public key in another form",
                    format!("{detail} Converted, it verifies: {candidate}"),
                    "Configure the public key in the scheme's form, as shown.",
                    true,
                ));
            }
        }
    }
}

/// Hints that need no re-run: a secret that is clearly another kind of credential.
fn secret_hints(causes: &mut Vec<Cause>, spec: &SchemeSpec, secrets: &[impl AsRef<str>]) {
    const KINDS: [(&str, &str); 8] = [
        ("sk_", "a Stripe secret API key"),
        ("rk_", "a Stripe restricted API key"),
        ("pk_", "a Stripe publishable key"),
        ("ghp_", "a GitHub personal access token"),
        ("github_pat_", "a GitHub personal access token"),
        ("xoxb-", "a Slack bot token"),
        ("xoxp-", "a Slack user token"),
        ("whsk_", "a Standard Webhooks *signing* (private) key"),
    ];
    for (i, secret) in secrets.iter().enumerate() {
        let secret = secret.as_ref().trim();
        // Paystack signs with the secret API key itself (sk_live_…, sk_test_…).
        let own_kind = spec.id == "paystack" && secret.starts_with("sk_");
        if let Some((_, what)) = KINDS
            .iter()
            .find(|(p, _)| secret.starts_with(p))
            .filter(|_| !own_kind)
        {
            causes.push(cause(
                CauseCode::SecretKind,
                "Not a webhook signing secret",
                format!("Secret #{} looks like {what}, not the webhook signing secret of {}.", i + 1, spec.name),
                "Copy the endpoint's signing secret from the provider's webhook settings (Stripe: whsec_…; Standard Webhooks: whsec_…; verify with whpk_… public keys).",
                false,
            ));
        }
    }
}
