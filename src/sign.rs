//! Signing, for producers and tests: the exact headers (or body fields) a provider would send.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::algorithm;
use crate::candidates::Candidates;
use crate::content::{ContentTemplate, Parts, Piece};
use crate::encoding;
use crate::error::{ConfigError, SignError};
use crate::key;
use crate::spec::{SchemeSpec, SignatureFormat, Source, TimeUnit};
use crate::time::{self, UnixTime};

/// What to sign.
#[derive(Clone, Copy, Debug)]
pub struct SignInput<'a> {
    /// The body, id, URL and method (the timestamp is written out per the scheme's unit).
    parts: Parts<'a>,
    timestamp: Option<UnixTime>,
}

impl<'a> SignInput<'a> {
    /// The raw body to sign.
    #[must_use]
    pub fn new(body: &'a [u8]) -> Self {
        Self {
            parts: Parts {
                body,
                ..Parts::default()
            },
            timestamp: None,
        }
    }

    /// The message id (`webhook-id`, Mailgun's token, …).
    #[must_use]
    pub fn with_id(mut self, id: &'a str) -> Self {
        self.parts.id = Some(id);
        self
    }

    /// The timestamp to sign.
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: UnixTime) -> Self {
        self.timestamp = Some(timestamp);
        self
    }

    /// The full request URL (Twilio, Square, HubSpot).
    #[must_use]
    pub fn with_url(mut self, url: &'a str) -> Self {
        self.parts.url = Some(url);
        self
    }

    /// The HTTP method (HubSpot).
    #[must_use]
    pub fn with_method(mut self, method: &'a str) -> Self {
        self.parts.method = Some(method);
        self
    }
}

/// A signed request: headers to send, and fields to add to the body for schemes that carry
/// their signature there (Mailgun).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signed {
    /// `(name, value)` pairs, names in lower case.
    pub headers: Vec<(String, String)>,
    /// `(field, value)` pairs to put in a form body.
    pub body_fields: Vec<(String, String)>,
}

/// Checks that `secret` can sign for `spec`, without signing anything: for a gateway that
/// validates the keys it is configured with once, before its first request.
///
/// # Errors
/// The [`ConfigError`] that [`sign`] would fail with for this key.
pub fn check_signing_key(spec: &SchemeSpec, secret: &str) -> Result<(), ConfigError> {
    key::parse_signing_key(&spec.signature, secret).map(|_| ())
}

/// Signs `input` as `spec` would, with `secret` (a shared secret, or a private key for
/// Ed25519 schemes: `whsk_…` or a hex/base64 seed).
///
/// # Errors
/// [`SignError`] when a part the scheme signs is missing, or the key is unusable (ECDSA
/// schemes are verify-only).
pub fn sign(spec: &SchemeSpec, secret: &str, input: &SignInput<'_>) -> Result<Signed, SignError> {
    let (index, key) = key::parse_signing_key(&spec.signature, secret)?;
    let alg = spec
        .signature
        .algorithms
        .get(index)
        .ok_or(ConfigError::invalid_spec("signature.algorithms is empty"))?;
    let template = ContentTemplate::trusted(&spec.signed_content);
    check_id(template, input.parts.id)?;
    let timestamp = match &spec.timestamp {
        Some(ts) => {
            let t = input.timestamp.ok_or(SignError::MissingTimestamp)?;
            // RFC 3339 writes four-digit years: 9999-12-31T23:59:59Z is the last date.
            let unwritable = ts.unit == TimeUnit::Rfc3339 && t.as_secs() > 253_402_300_799;
            if t.as_millis() < 0 || unwritable {
                return Err(SignError::InvalidTimestamp);
            }
            Some(time::format_timestamp(t, ts.unit))
        }
        None => None,
    };
    let compiled = template.compile();
    if compiled.uses_url && input.parts.url.is_none() {
        return Err(SignError::MissingUrl);
    }
    if compiled.uses_method && input.parts.method.is_none() {
        return Err(SignError::MissingMethod);
    }

    let parts = Parts {
        timestamp: timestamp.as_deref(),
        ..input.parts
    };
    let candidates = Candidates::new(spec, &compiled, parts);
    let content = candidates.first();
    let raw = algorithm::sign(alg.algorithm, &key, &content).ok_or(
        ConfigError::UnsupportedForSigning {
            algorithm: alg.algorithm.name(),
        },
    )?;
    let signature = encoding::encode(alg.encoding, &raw);

    let mut signed = Signed::default();
    let value = match &spec.signature.format {
        SignatureFormat::Value { prefix } => {
            alloc::format!("{}{signature}", prefix.as_deref().unwrap_or(""))
        }
        SignatureFormat::List { separator, assign } => {
            let mut parts = Vec::new();
            if let (Some(Source::Param(p)), Some(ts)) = (
                spec.timestamp.as_ref().and_then(|t| t.from.first()),
                &timestamp,
            ) {
                parts.push(alloc::format!("{p}{assign}{ts}"));
            }
            parts.push(alloc::format!(
                "{}{assign}{signature}",
                alg.tag.as_deref().unwrap_or("")
            ));
            parts.join(&separator.to_string())
        }
    };
    place(&mut signed, &spec.signature.from, value);
    if let (Some(ts), Some(ts_spec)) = (timestamp, &spec.timestamp) {
        place(&mut signed, &ts_spec.from, ts);
    }
    if let Some(id) = input.parts.id {
        place(&mut signed, &spec.message_id, id.into());
    }
    Ok(signed)
}

/// Puts a value where a verifier will look for it: a header if any source is one, else a
/// body field.
fn place(signed: &mut Signed, sources: &[Source], value: String) {
    let rank = |s: &Source| match s {
        Source::Header(_) | Source::Param(_) => 0,
        Source::Form(_) => 1,
        Source::Json(_) => 2,
    };
    match sources.iter().min_by_key(|s| rank(s)) {
        Some(Source::Header(name)) => signed.headers.push((name.to_ascii_lowercase(), value)),
        Some(Source::Form(name)) => signed.body_fields.push((name.to_string(), value)),
        Some(Source::Json(pointer)) => {
            let field = pointer.rsplit('/').next().unwrap_or(pointer);
            signed.body_fields.push((field.into(), value));
        }
        Some(Source::Param(_)) | None => {}
    }
}

/// An id must exist where signed, and must not contain the literal that follows it in the
/// template (a `.` in a Standard Webhooks id would make the content ambiguous).
fn check_id(template: ContentTemplate<'_>, id: Option<&str>) -> Result<(), SignError> {
    let mut pieces = template.pieces().peekable();
    while let Some(piece) = pieces.next() {
        if piece == Piece::Id {
            let id = id.ok_or(SignError::MissingId)?;
            if id.is_empty() {
                return Err(SignError::InvalidId);
            }
            if let Some(Piece::Literal(sep)) = pieces.peek()
                && id.contains(sep.as_ref())
            {
                return Err(SignError::InvalidId);
            }
        }
    }
    Ok(())
}
