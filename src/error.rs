//! Typed errors. Every variant has a stable snake_case [`code`](VerifyError::code) shared by
//! the Rust API, the npm package (`err.code`) and the Worker's JSON error bodies.
//!
//! No variant ever carries key material or an expected signature: a failed verification must
//! not become an oracle.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt::{self, Write as _};

/// Why a request failed verification.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The body hash named in the URL (Twilio `bodySHA256`) does not match the body.
    BodyDigestMismatch,
    /// Every signature in the header was malformed for the scheme's encoding.
    InvalidSignatureEncoding {
        /// Where the signatures were read from.
        name: Cow<'static, str>,
    },
    /// The metadata headers a hookgate gateway forwarded (`hookgate-verified`, the scheme, the
    /// dedupe key, …) do not match their signature: changed or added on the way.
    ForwardedMetadataMismatch,
    /// The timestamp is not a plain non-negative integer that fits the clock.
    InvalidTimestamp {
        /// Where the timestamp was read from.
        name: Cow<'static, str>,
    },
    /// A required body field (a JSON pointer or a form field) is absent.
    MissingField {
        /// The JSON pointer or form field name.
        name: Cow<'static, str>,
    },
    /// A required header is absent.
    MissingHeader {
        /// The header's canonical lower-case name.
        name: Cow<'static, str>,
    },
    /// The scheme signs the request method, and none was given.
    MissingMethod,
    /// The header was present, but held no entry with a supported version tag or prefix.
    MissingSignature {
        /// Where the signatures were read from.
        name: Cow<'static, str>,
    },
    /// The scheme signs a timestamp, and none was found.
    MissingTimestamp {
        /// Where the timestamp should have been.
        name: Cow<'static, str>,
    },
    /// The scheme signs the request URL, and none was given.
    MissingUrl,
    /// The header carries signatures only of a kind for which no key was given
    /// (for example `v1` HMAC signatures but only a `whpk_` Ed25519 key).
    NoKeyForSignature {
        /// The algorithm of the signatures present.
        algorithm: &'static str,
    },
    /// Well-formed signatures were present, and none matched any key.
    NoMatchingSignature {
        /// How many well-formed candidate signatures were compared.
        candidates: usize,
    },
    /// The request carries more signatures than any sender does, or more than can be checked
    /// against the keys at a bounded cost (see [`MAX_SIGNATURES`](crate::MAX_SIGNATURES) and
    /// [`MAX_SIGNATURE_CHECKS`](crate::MAX_SIGNATURE_CHECKS)). Nothing was compared.
    TooManySignatures {
        /// Entries with a version tag the scheme signs with.
        signatures: usize,
        /// Signature checks they would take: each against every key of its kind (and every
        /// candidate content).
        checks: usize,
    },
    /// The timestamp is further in the future than the tolerance allows.
    TimestampInFuture {
        /// Seconds ahead of `now` (rounded up).
        ahead_s: u64,
        /// The tolerance that applied, in seconds.
        tolerance_s: u64,
    },
    /// The timestamp is older than the tolerance allows.
    TimestampTooOld {
        /// Seconds behind `now` (rounded up).
        age_s: u64,
        /// The tolerance that applied, in seconds.
        tolerance_s: u64,
    },
}

impl VerifyError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::BodyDigestMismatch => "body_digest_mismatch",
            Self::ForwardedMetadataMismatch => "forwarded_metadata_mismatch",
            Self::InvalidSignatureEncoding { .. } => "invalid_signature_encoding",
            Self::InvalidTimestamp { .. } => "invalid_timestamp",
            Self::MissingField { .. } => "missing_field",
            Self::MissingHeader { .. } => "missing_header",
            Self::MissingMethod => "missing_method",
            Self::MissingSignature { .. } => "missing_signature",
            Self::MissingTimestamp { .. } => "missing_timestamp",
            Self::MissingUrl => "missing_url",
            Self::NoKeyForSignature { .. } => "no_key_for_signature",
            Self::NoMatchingSignature { .. } => "no_matching_signature",
            Self::TimestampInFuture { .. } => "timestamp_in_future",
            Self::TimestampTooOld { .. } => "timestamp_too_old",
            Self::TooManySignatures { .. } => "too_many_signatures",
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodyDigestMismatch => f.write_str(
                "body digest mismatch: the bodySHA256 in the URL does not match the body; \
                 pass the raw request bytes, unmodified",
            ),
            Self::ForwardedMetadataMismatch => f.write_str(
                "forwarded metadata mismatch: hookgate-* headers changed after the gateway signed",
            ),
            Self::InvalidSignatureEncoding { name } => write!(
                f,
                "invalid signature encoding in {name}: no entry decodes as the scheme's hex/base64; \
                 check that the header was not truncated or re-encoded"
            ),
            Self::InvalidTimestamp { name } => write!(
                f,
                "invalid timestamp in {name}: expected a non-negative integer in the scheme's unit"
            ),
            Self::MissingField { name } => write!(
                f,
                "missing body field {name}: the signature data is read from the body; \
                 pass the raw body as received"
            ),
            Self::MissingHeader { name } => write!(
                f,
                "missing header {name}: check that your framework forwards it and that the scheme is right"
            ),
            Self::MissingMethod => f.write_str(
                "missing request method: this scheme signs the HTTP method; pass it to verify",
            ),
            Self::MissingSignature { name } => write!(
                f,
                "no supported signature in {name}: the header has no entry with the version tag or \
                 prefix this scheme signs with"
            ),
            Self::MissingTimestamp { name } => write!(
                f,
                "missing timestamp {name}: this scheme signs a timestamp; check the header is forwarded"
            ),
            Self::MissingUrl => f.write_str(
                "missing request URL: this scheme signs the full URL the provider called; pass it to verify",
            ),
            Self::NoKeyForSignature { algorithm } => write!(
                f,
                "no key for the {algorithm} signatures in the header: add a secret of that kind"
            ),
            Self::NoMatchingSignature { candidates } => write!(
                f,
                "no matching signature: {candidates} candidate(s) compared, none matched; check the \
                 secret and that the body is the raw bytes, not re-serialized JSON"
            ),
            Self::TimestampInFuture {
                ahead_s,
                tolerance_s,
            } => write!(
                f,
                "timestamp in the future: {ahead_s} s ahead of now (tolerance {tolerance_s} s); \
                 check this machine's clock"
            ),
            Self::TimestampTooOld { age_s, tolerance_s } => write!(
                f,
                "timestamp too old: {age_s} s behind now (tolerance {tolerance_s} s); a replay, a \
                 delayed retry, or a clock that drifted"
            ),
            Self::TooManySignatures { signatures, checks } => write!(
                f,
                "too many signatures: {signatures}, {checks} checks against the keys (at most {} \
                 and {}); refused unchecked",
                crate::MAX_SIGNATURES,
                crate::MAX_SIGNATURE_CHECKS
            ),
        }
    }
}

impl core::error::Error for VerifyError {}

/// Why a scheme or its secrets cannot be used. These are configuration errors, never caused
/// by a request.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The secret is empty, or is only a prefix such as `whsec_`.
    EmptySecret,
    /// A dedupe key template does not parse, or names a source the scheme cannot have.
    InvalidDedupeKey {
        /// What is wrong.
        detail: Cow<'static, str>,
    },
    /// The spec contradicts itself; `detail` says where.
    InvalidSpec {
        /// What is wrong, naming the field.
        detail: Cow<'static, str>,
    },
    /// The part after the prefix is not valid in the key's encoding.
    InvalidSecretEncoding {
        /// `base64` or `hex`.
        expected: &'static str,
    },
    /// The public (or private) key is not a valid key for the algorithm.
    InvalidPublicKey {
        /// The algorithm the key was for.
        algorithm: &'static str,
    },
    /// No secret was given at all.
    NoSecrets,
    /// The secret has leading or trailing whitespace (usually a copy-paste or `.env` newline).
    SecretWhitespace,
    /// The JSON did not parse into a spec.
    SpecJson {
        /// The parser's message, with line and column.
        detail: String,
    },
    /// No built-in scheme has this id.
    UnknownScheme {
        /// The id asked for.
        id: String,
    },
    /// More secrets than a verifier takes: each is tried against every signature of its kind,
    /// so their number bounds what a forged request can cost.
    TooManySecrets {
        /// How many were given.
        given: usize,
        /// The most a verifier takes ([`MAX_SECRETS`](crate::MAX_SECRETS)).
        limit: usize,
    },
    /// The scheme's algorithm cannot sign (ECDSA schemes are verify-only).
    UnsupportedForSigning {
        /// The algorithm.
        algorithm: &'static str,
    },
    /// The key is for a public-key algorithm (Ed25519, ECDSA P-256), and this build was made
    /// without them (the crate's `public-key` feature is off).
    AlgorithmNotBuilt {
        /// The algorithm.
        algorithm: &'static str,
    },
}

impl ConfigError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptySecret => "empty_secret",
            Self::InvalidDedupeKey { .. } => "invalid_dedupe_key",
            Self::InvalidSpec { .. } => "invalid_spec",
            Self::InvalidSecretEncoding { .. } => "invalid_secret_encoding",
            Self::InvalidPublicKey { .. } => "invalid_public_key",
            Self::NoSecrets => "no_secrets",
            Self::SecretWhitespace => "secret_whitespace",
            Self::SpecJson { .. } => "invalid_spec_json",
            Self::UnknownScheme { .. } => "unknown_scheme",
            Self::TooManySecrets { .. } => "too_many_secrets",
            Self::UnsupportedForSigning { .. } => "unsupported_for_signing",
            Self::AlgorithmNotBuilt { .. } => "algorithm_not_built",
        }
    }

    pub(crate) fn invalid_spec(detail: impl Into<Cow<'static, str>>) -> Self {
        Self::InvalidSpec {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptySecret => {
                f.write_str("empty secret: the secret (after any whsec_/whpk_ prefix) is empty")
            }
            Self::InvalidDedupeKey { detail } => write!(f, "invalid dedupe key: {detail}"),
            Self::InvalidSpec { detail } => write!(f, "invalid scheme spec: {detail}"),
            Self::InvalidSecretEncoding { expected } => write!(
                f,
                "invalid secret encoding: the secret should be {expected} after its prefix; copy it again from the provider"
            ),
            Self::InvalidPublicKey { algorithm } => write!(
                f,
                "invalid {algorithm} key: check that you pasted the provider's key in full"
            ),
            Self::NoSecrets => f.write_str("no secrets: give at least one secret or key"),
            Self::SecretWhitespace => f.write_str(
                "secret has leading or trailing whitespace: trim it (a newline from a .env file is the usual cause)",
            ),
            Self::SpecJson { detail } => {
                write!(f, "scheme spec JSON does not fit the spec shape: {detail}")
            }
            Self::UnknownScheme { id } => {
                f.write_str("unknown scheme ")?;
                quoted(f, id)?;
                f.write_str(": use an id from hookgate::schemes::all(), or supply a custom spec")
            }
            Self::TooManySecrets { given, limit } => {
                write!(f, "too many secrets: {given} given, at most {limit}")
            }
            Self::UnsupportedForSigning { algorithm } => {
                write!(f, "{algorithm} schemes can be verified but not signed by hookgate")
            }
            Self::AlgorithmNotBuilt { algorithm } => write!(
                f,
                "{algorithm} is not in this build of hookgate: enable its `public-key` feature"
            ),
        }
    }
}

impl core::error::Error for ConfigError {}

/// `text` in double quotes with `"`, `\` and control characters escaped as `{:?}` escapes
/// them, but without `Debug`'s Unicode tables (which would add ~1 KB to the npm package's
/// verification module, whose size is budgeted).
fn quoted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// Why signing failed.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    /// The scheme or key could not be used.
    Config(ConfigError),
    /// The scheme signs the message id, and none was given.
    MissingId,
    /// The scheme signs the request method, and none was given.
    MissingMethod,
    /// The scheme signs a timestamp, and none was given.
    MissingTimestamp,
    /// The scheme signs the URL, and none was given.
    MissingUrl,
    /// The id or timestamp would be ambiguous in the signed content (for example a `.` in a
    /// Standard Webhooks id).
    InvalidId,
    /// The timestamp is before the epoch, or after the year 9999 for a scheme that writes it
    /// as an RFC 3339 date: no verifier accepts it.
    InvalidTimestamp,
}

impl SignError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Config(e) => e.code(),
            Self::MissingId => "missing_id",
            Self::MissingMethod => "missing_method",
            Self::MissingTimestamp => "missing_timestamp",
            Self::MissingUrl => "missing_url",
            Self::InvalidId => "invalid_id",
            Self::InvalidTimestamp => "invalid_timestamp",
        }
    }
}

impl From<ConfigError> for SignError {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::MissingId => f.write_str("missing message id: this scheme signs an id; pass one"),
            Self::MissingMethod => f.write_str("missing method: this scheme signs the HTTP method"),
            Self::MissingTimestamp => f.write_str("missing timestamp: this scheme signs a timestamp"),
            Self::MissingUrl => f.write_str("missing url: this scheme signs the request URL"),
            Self::InvalidId => f.write_str(
                "invalid message id: it must be non-empty and must not contain the content separator",
            ),
            Self::InvalidTimestamp => {
                f.write_str("invalid timestamp: signed timestamps must not be before 1970")
            }
        }
    }
}

impl core::error::Error for SignError {}

/// A tolerance written in its configuration form that has the right shape but is refused
/// (see [`Tolerance`](crate::Tolerance)'s `Deserialize`).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToleranceError {
    /// A name other than `"dangerous_unlimited"`.
    UnknownName {
        /// The name given.
        name: String,
    },
    /// A window with no past limit that does not say `"dangerous_unlimited_past": true`.
    UnlimitedPastNotMarked,
}

impl ToleranceError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        "invalid_tolerance"
    }
}

impl fmt::Display for ToleranceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownName { name } => write!(
                f,
                "tolerance {name:?}: use seconds, a window, or \"dangerous_unlimited\""
            ),
            Self::UnlimitedPastNotMarked => f.write_str(
                "tolerance.past_s is null (no age limit allows replays forever); \
                 set dangerous_unlimited_past: true if you mean it",
            ),
        }
    }
}

impl core::error::Error for ToleranceError {}

/// Errors serialize as `{"code": "...", <fields>}`: the shape of the npm package's error
/// properties and of the Worker's JSON error bodies.
impl serde::Serialize for VerifyError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        match self {
            Self::InvalidSignatureEncoding { name }
            | Self::InvalidTimestamp { name }
            | Self::MissingField { name }
            | Self::MissingHeader { name }
            | Self::MissingSignature { name }
            | Self::MissingTimestamp { name } => map.serialize_entry("name", name)?,
            Self::NoKeyForSignature { algorithm } => map.serialize_entry("algorithm", algorithm)?,
            Self::NoMatchingSignature { candidates } => {
                map.serialize_entry("candidates", candidates)?
            }
            Self::TimestampInFuture {
                ahead_s,
                tolerance_s,
            } => {
                map.serialize_entry("ahead_s", ahead_s)?;
                map.serialize_entry("tolerance_s", tolerance_s)?;
            }
            Self::TimestampTooOld { age_s, tolerance_s } => {
                map.serialize_entry("age_s", age_s)?;
                map.serialize_entry("tolerance_s", tolerance_s)?;
            }
            Self::TooManySignatures { signatures, checks } => {
                map.serialize_entry("signatures", signatures)?;
                map.serialize_entry("checks", checks)?;
            }
            Self::BodyDigestMismatch
            | Self::ForwardedMetadataMismatch
            | Self::MissingMethod
            | Self::MissingUrl => {}
        }
        map.end()
    }
}

impl serde::Serialize for ConfigError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        match self {
            Self::InvalidSpec { detail } | Self::InvalidDedupeKey { detail } => {
                map.serialize_entry("detail", detail)?
            }
            Self::TooManySecrets { given, limit } => {
                map.serialize_entry("given", given)?;
                map.serialize_entry("limit", limit)?;
            }
            Self::SpecJson { detail } => map.serialize_entry("detail", detail)?,
            Self::InvalidSecretEncoding { expected } => {
                map.serialize_entry("expected", expected)?
            }
            Self::InvalidPublicKey { algorithm }
            | Self::UnsupportedForSigning { algorithm }
            | Self::AlgorithmNotBuilt { algorithm } => {
                map.serialize_entry("algorithm", algorithm)?;
            }
            Self::UnknownScheme { id } => map.serialize_entry("id", id)?,
            Self::EmptySecret | Self::NoSecrets | Self::SecretWhitespace => {}
        }
        map.end()
    }
}

impl serde::Serialize for SignError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Config(e) => e.serialize(serializer),
            _ => {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("code", self.code())?;
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn unknown_scheme_quotes_the_id_as_debug_does() {
        for id in [
            "stripe-x",
            "a\"b",
            "back\\slash",
            "new\nline\t\r",
            "\u{1}\u{7f}",
            "café 😀",
            "",
        ] {
            let message = ConfigError::UnknownScheme { id: id.to_string() }.to_string();
            assert_eq!(
                message,
                alloc::format!(
                    "unknown scheme {id:?}: use an id from hookgate::schemes::all(), or supply a custom spec"
                )
            );
        }
    }
}
