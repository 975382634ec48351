//! A scheme is data: where the signature is, how its header is written, what bytes are signed,
//! with which algorithm and key format, and where the timestamp and ids come from.
//!
//! Built-in schemes are `static` values of [`SchemeSpec`] (see [`crate::schemes`]); users can
//! supply their own at run time with [`SchemeSpec::from_json`].

use alloc::borrow::Cow;
use alloc::string::ToString;

use serde::{Deserialize, Serialize};

use crate::content::{ContentTemplate, Piece};
use crate::error::ConfigError;

/// A complete description of one webhook signature scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SchemeSpec {
    /// Stable id: 1 to 64 of `a-z`, `0-9`, `_` (`"stripe"`). It names the scheme in
    /// `hookgate-scheme` headers, store keys and logs, so it is never anything else.
    pub id: Cow<'static, str>,
    /// Human name (`"Stripe"`).
    #[serde(default)]
    pub name: Cow<'static, str>,
    /// The provider, when several schemes are one provider's (`github` and `github_sha1`,
    /// the HubSpot versions); absent, the scheme is its own family. See [`SchemeSpec::family`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Cow<'static, str>>,
    /// Other names for this scheme, matched like the id: the provider ids other tools use
    /// (ngrok's `verify-webhook` provider, Hookdeck's source type, Trigger.dev's registry) and
    /// common spellings, so moving from them is a copy of the name.
    #[serde(default)]
    pub aliases: Cow<'static, [Cow<'static, str>]>,
    /// Where signatures are and how they are written.
    pub signature: SignatureSpec,
    /// The signed-content template, e.g. `"{id}.{timestamp}.{body}"`. Placeholders: `{id}`,
    /// `{timestamp}` (the text as received), `{body}` (raw bytes), `{url}`, `{method}`,
    /// `{secret}` (only for plain-hash schemes), and `{sorted_params}` (a form body's parameters
    /// sorted by name, each as name then value: Twilio).
    pub signed_content: Cow<'static, str>,
    /// Whether the scheme really leaves the body unsigned (`signed_content` without `{body}`:
    /// Mailgun, tokens, Twilio's form parameters). Such a spec is refused unless this says so:
    /// its events are authentic in what the template names only, and hookgate reports them with
    /// [`Verified::body_signed`](crate::Verified::body_signed) `false`.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub dangerous_unsigned_body: bool,
    /// The signed timestamp, if the scheme has one.
    #[serde(default)]
    pub timestamp: Option<TimestampSpec>,
    /// Where the message id comes from (first found wins). Required when the template uses `{id}`.
    #[serde(default)]
    pub message_id: Cow<'static, [Source]>,
    /// Where the dedupe key comes from (first found wins); empty means "the message id".
    /// When nothing is found, the key is the SHA-256 of the body.
    #[serde(default)]
    pub dedupe: Cow<'static, [Source]>,
    /// Extra conditions for auto-detection, beyond the signature being present.
    #[serde(default)]
    pub detect: Cow<'static, [DetectRule]>,
    /// Non-declarative behaviour for the few genuinely irregular schemes.
    #[serde(skip)]
    pub(crate) special: Special,
}

/// Where a signature comes from and how to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SignatureSpec {
    /// Sources tried in order (the Svix headers, then the Standard Webhooks ones).
    pub from: Cow<'static, [Source]>,
    /// The header grammar.
    pub format: SignatureFormat,
    /// The algorithms, each with its tag (list format) and key format.
    pub algorithms: Cow<'static, [AlgorithmSpec]>,
    /// Whether every source present carries signatures, one per key (Box's primary and
    /// secondary headers, DocuSign's `-1` to `-N`), a match in any being enough. Otherwise
    /// only the first source present is read.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub from_all: bool,
}

/// The grammar of a signature header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum SignatureFormat {
    /// The whole value is one signature, after an optional required prefix (`sha256=`, `v0=`).
    Value {
        /// The prefix every signature carries.
        #[serde(default)]
        prefix: Option<Cow<'static, str>>,
    },
    /// Entries split by `separator`, each `tag{assign}value`: `t=1,v1=ab` (`,` and `=`),
    /// `v1,abc v1,def` (space and `,`), `ts=1;h1=ab` (`;` and `=`).
    List {
        /// Between entries.
        separator: char,
        /// Between an entry's tag and its value.
        assign: char,
    },
}

/// One way a scheme signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AlgorithmSpec {
    /// The entry tag in a list header (`v1`, `v1a`, `h1`); `None` for value headers.
    #[serde(default)]
    pub tag: Option<Cow<'static, str>>,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// How the signature is written.
    pub encoding: Encoding,
    /// How the secret or key is written.
    #[serde(default)]
    pub key: KeyFormat,
}

/// A signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Algorithm {
    /// ECDSA over P-256 with SHA-256, DER signatures (high-S accepted).
    EcdsaP256Sha256,
    /// Ed25519.
    Ed25519,
    /// HMAC-SHA1.
    HmacSha1,
    /// HMAC-SHA256.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
    /// Plain SHA-256 over content that includes `{secret}` (HubSpot's legacy v1/v2).
    Sha256,
    /// No signature: the request carries the shared secret itself (GitLab's `X-Gitlab-Token`,
    /// Telegram's secret token; HTTP Basic credentials with the `base64` encoding), compared in
    /// constant time. Nothing is signed, so `signed_content` is empty.
    Token,
}

impl Algorithm {
    /// The snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::EcdsaP256Sha256 => "ecdsa_p256_sha256",
            Self::Ed25519 => "ed25519",
            Self::HmacSha1 => "hmac_sha1",
            Self::HmacSha256 => "hmac_sha256",
            Self::HmacSha512 => "hmac_sha512",
            Self::Sha256 => "sha256",
            Self::Token => "token",
        }
    }

    /// Whether the key is a shared secret (as opposed to a public key).
    #[must_use]
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Self::HmacSha1 | Self::HmacSha256 | Self::HmacSha512 | Self::Sha256 | Self::Token
        )
    }
}

/// How signature bytes are written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// Standard base64 (padding optional).
    Base64,
    /// URL-safe base64 (padding optional).
    Base64url,
    /// Hexadecimal, either case.
    Hex,
    /// The text itself (a token).
    Text,
}

impl Encoding {
    /// The snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Base64 => "base64",
            Self::Base64url => "base64url",
            Self::Hex => "hex",
            Self::Text => "text",
        }
    }
}

/// How a secret or key is written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyFormat {
    /// The encoding after the prefix.
    #[serde(default)]
    pub encoding: KeyEncoding,
    /// A prefix stripped when present (`whsec_`, `whpk_`).
    #[serde(default)]
    pub prefix: Option<Cow<'static, str>>,
    /// Whether a key must carry the prefix to be of this kind (`whpk_` for Ed25519).
    #[serde(default)]
    pub prefix_required: bool,
    /// The prefix of private (signing) keys, when they differ (`whsk_`).
    #[serde(default)]
    pub signing_prefix: Option<Cow<'static, str>>,
}

/// The encoding of a key after its prefix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyEncoding {
    /// Base64 (padding optional).
    Base64,
    /// Hexadecimal.
    Hex,
    /// The UTF-8 bytes of the string, as given.
    #[default]
    Raw,
    /// Base64 of a DER SubjectPublicKeyInfo (SendGrid's P-256 key).
    SpkiBase64,
}

/// Where the timestamp is and how it is checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TimestampSpec {
    /// Sources tried in order.
    pub from: Cow<'static, [Source]>,
    /// Seconds or milliseconds.
    #[serde(default)]
    pub unit: TimeUnit,
    /// The default tolerance; `None` means the scheme has no default age check.
    #[serde(default)]
    pub tolerance_s: Option<u64>,
    /// Whether future timestamps are also limited.
    #[serde(default)]
    pub direction: Direction,
}

/// How a timestamp is written: a number since the epoch, or a date-time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum TimeUnit {
    /// Milliseconds since the epoch.
    #[serde(rename = "ms")]
    Milliseconds,
    /// An RFC 3339 date-time, fractions kept to the millisecond; without an offset it is UTC
    /// (Zendesk, Box, Twitch, Orb).
    #[serde(rename = "rfc3339")]
    Rfc3339,
    /// Seconds since the epoch.
    #[default]
    #[serde(rename = "s")]
    Seconds,
}

/// Which way the default tolerance applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// Too old and too new are both rejected.
    #[default]
    Both,
    /// Only too old is rejected (Stripe, Paddle, HubSpot).
    PastOnly,
}

/// Where a value is read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A form field of an `application/x-www-form-urlencoded` body.
    Form(Cow<'static, str>),
    /// A header, matched case-insensitively.
    Header(Cow<'static, str>),
    /// A JSON pointer (RFC 6901) into the body.
    Json(Cow<'static, str>),
    /// An entry of the signature header itself (Stripe's `t=`).
    Param(Cow<'static, str>),
}

impl Source {
    /// The header name, pointer or field this source names.
    #[must_use]
    pub fn name(&self) -> &Cow<'static, str> {
        match self {
            Self::Form(n) | Self::Header(n) | Self::Json(n) | Self::Param(n) => n,
        }
    }

    /// Whether the value lives in the body.
    #[must_use]
    pub fn in_body(&self) -> bool {
        matches!(self, Self::Form(_) | Self::Json(_))
    }
}

/// An extra condition for auto-detection: a header that must be present (with a given value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DetectRule {
    /// The header name.
    pub header: Cow<'static, str>,
    /// The value it must have (case-insensitive), if any.
    #[serde(default)]
    pub equals: Option<Cow<'static, str>>,
}

/// What a scheme's signature covers (see [`SchemeSpec::signs`]): a part that is not covered
/// can be changed by anyone who replays a validly signed request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Signs {
    /// The body (for Twilio: the form parameters, or the JSON body's hash in the URL).
    pub body: bool,
    /// The timestamp (false when the scheme has none).
    pub timestamp: bool,
    /// The message id (false when the scheme has none).
    pub id: bool,
    /// The URL the provider called.
    pub url: bool,
    /// The HTTP method.
    pub method: bool,
    /// The dedupe key: the first dedupe source (else the message id, else the body's hash).
    pub dedupe_key: bool,
}

/// Code for the irregular schemes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Special {
    #[default]
    None,
    /// URL + sorted form parameters, URL spelling variants, `bodySHA256`.
    Twilio,
}

impl SchemeSpec {
    /// Parses and validates a spec from JSON.
    ///
    /// # Errors
    /// [`ConfigError::SpecJson`] when the JSON does not fit the shape, [`ConfigError::InvalidSpec`] when
    /// the spec contradicts itself (see [`SchemeSpec::validate`]).
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        let spec: Self = serde_json::from_str(json).map_err(|e| ConfigError::SpecJson {
            detail: e.to_string(),
        })?;
        spec.validate()?;
        Ok(spec)
    }

    /// The spec as pretty JSON: the machine-readable form of the registry.
    #[must_use]
    pub fn to_json(&self) -> alloc::string::String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The provider family: [`family`](Self::family) when given, else the id. Schemes of one
    /// family differ only in their header or algorithm, so forensics calls a request that
    /// verifies under a sibling a wrong header rather than a wrong scheme.
    #[must_use]
    pub fn family(&self) -> &str {
        self.family.as_deref().unwrap_or(&self.id)
    }

    /// Whether the built-in scheme also runs code beyond its data (Twilio: URL spelling
    /// variants and the `bodySHA256` of JSON bodies). Its spec as JSON describes the common case
    /// only; the built-in id keeps the code.
    #[must_use]
    pub fn needs_code(&self) -> bool {
        self.special != Special::None
    }

    /// What this scheme's signature covers, worked out from its template and sources (so it
    /// cannot drift from them): whether a valid signature also vouches for the body, the
    /// timestamp, the message id, the URL, the method and the dedupe key. A token scheme signs
    /// nothing. The README's scheme table and `schemes.json` are built from it.
    #[must_use]
    pub fn signs(&self) -> Signs {
        let template = ContentTemplate::trusted(&self.signed_content);
        let has = |want: &Piece<'_>| template.pieces().any(|p| &p == want);
        // Twilio's sorted form parameters are the form body; for JSON bodies Twilio signs the
        // body's SHA-256 in the URL's `bodySHA256`.
        let body = has(&Piece::Body) || has(&Piece::SortedParams);
        // A value read from the body is covered when the body is (judged by its first, the
        // provider's own, source: Linear's body `webhookTimestamp` before its header).
        let in_body = |sources: &[Source]| sources.first().is_some_and(Source::in_body);
        let timestamp = self
            .timestamp
            .as_ref()
            .is_some_and(|t| has(&Piece::Timestamp) || (body && in_body(&t.from)));
        let id =
            !self.message_id.is_empty() && (has(&Piece::Id) || (body && in_body(&self.message_id)));
        let dedupe_source = self.dedupe.first().or_else(|| self.message_id.first());
        let dedupe_key = match dedupe_source {
            // No source: the key is the body's hash, as trustworthy as the body.
            None => body,
            Some(source) => (id && self.message_id.contains(source)) || (body && source.in_body()),
        };
        Signs {
            body,
            timestamp,
            id,
            url: has(&Piece::Url),
            method: has(&Piece::Method),
            dedupe_key,
        }
    }

    /// This spec with its signature read from `header` instead (for the generic schemes).
    #[must_use]
    pub fn with_signature_header(&self, header: &str) -> Self {
        let mut spec = self.clone();
        spec.signature.from = Cow::Owned(alloc::vec![Source::Header(Cow::Owned(
            header.to_ascii_lowercase()
        ))]);
        spec
    }

    /// Checks that the spec is coherent: every placeholder is known and has a source, list
    /// headers tag every algorithm, key encodings fit their algorithms, names are non-empty.
    ///
    /// # Errors
    /// [`ConfigError::InvalidSpec`] naming the first problem found.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !is_scheme_id(&self.id) {
            return Err(ConfigError::invalid_spec(
                "id must be 1 to 64 of a-z, 0-9 and _ (it is sent as the hookgate-scheme header)",
            ));
        }
        if self.family.as_deref() == Some("") {
            return Err(ConfigError::invalid_spec(
                "family, when given, must be non-empty",
            ));
        }
        let sig = &self.signature;
        if sig.from.is_empty() {
            return Err(ConfigError::invalid_spec("signature.from has no source"));
        }
        if sig.algorithms.is_empty() {
            return Err(ConfigError::invalid_spec("signature.algorithms is empty"));
        }
        for source in sig
            .from
            .iter()
            .chain(self.message_id.iter())
            .chain(self.dedupe.iter())
        {
            check_source(source, &sig.format)?;
        }
        match &sig.format {
            SignatureFormat::List { separator, assign } => {
                if separator == assign {
                    return Err(ConfigError::invalid_spec(
                        "signature.format: separator equals assign",
                    ));
                }
                // A separator inside an encoded signature would split it (values are split from their
                // tag at the first assign character, so the assign may recur in the value).
                let clashes = sig
                    .algorithms
                    .iter()
                    .any(|a| encoding_alphabet_has(a.encoding, *separator));
                if clashes || separator.is_alphanumeric() {
                    return Err(ConfigError::invalid_spec(
                        "signature.format: the separator must not occur in an encoded signature",
                    ));
                }
                for alg in sig.algorithms.iter() {
                    let tag = alg.tag.as_deref().unwrap_or_default();
                    if tag.is_empty() || tag.contains([*separator, *assign]) || tag.trim() != tag {
                        return Err(ConfigError::invalid_spec(
                            "signature.algorithms: a list header needs a tag on every algorithm, without the separator, the assign character or surrounding spaces",
                        ));
                    }
                }
            }
            SignatureFormat::Value { prefix } => {
                if sig.algorithms.iter().any(|a| a.tag.is_some()) {
                    return Err(ConfigError::invalid_spec(
                        "signature.algorithms: tags only apply to list headers",
                    ));
                }
                // A trailing space is part of some prefixes (`Basic `, Teams' `HMAC `).
                if prefix
                    .as_deref()
                    .is_some_and(|p| p.trim().is_empty() || p.trim_start() != p)
                {
                    return Err(ConfigError::invalid_spec(
                        "signature.format.prefix must be non-empty, without leading spaces",
                    ));
                }
            }
        }
        // A header that carries the signature cannot also carry the timestamp or the id.
        let signature_headers: alloc::vec::Vec<&str> = sig
            .from
            .iter()
            .filter_map(|s| match s {
                Source::Header(h) => Some(h.as_ref()),
                _ => None,
            })
            .collect();
        let others = self
            .timestamp
            .iter()
            .flat_map(|t| t.from.iter())
            .chain(self.message_id.iter());
        for source in others {
            if let Source::Header(h) = source
                && signature_headers.iter().any(|s| s.eq_ignore_ascii_case(h))
            {
                return Err(ConfigError::invalid_spec(
                    "the signature header cannot also carry the timestamp or the id",
                ));
            }
        }
        for alg in sig.algorithms.iter() {
            check_key_format(alg)?;
        }
        if let Some(ts) = &self.timestamp {
            if ts.from.is_empty() {
                return Err(ConfigError::invalid_spec("timestamp.from has no source"));
            }
            for source in ts.from.iter() {
                check_source(source, &sig.format)?;
            }
        }
        let template = ContentTemplate::parse(&self.signed_content)?;
        for piece in template.pieces() {
            match piece {
                Piece::Id if self.message_id.is_empty() => {
                    return Err(ConfigError::invalid_spec(
                        "signed_content uses {id} but message_id is empty",
                    ));
                }
                Piece::Timestamp if self.timestamp.is_none() => {
                    return Err(ConfigError::invalid_spec(
                        "signed_content uses {timestamp} but the spec has no timestamp",
                    ));
                }
                Piece::Secret
                    if sig
                        .algorithms
                        .iter()
                        .any(|a| a.algorithm != Algorithm::Sha256) =>
                {
                    return Err(ConfigError::invalid_spec(
                        "signed_content uses {secret}, which only a plain sha256 scheme may do",
                    ));
                }
                _ => {}
            }
        }
        if sig
            .algorithms
            .iter()
            .any(|a| a.algorithm == Algorithm::Sha256)
            && !template.pieces().any(|p| p == Piece::Secret)
        {
            return Err(ConfigError::invalid_spec(
                "a plain sha256 scheme must put {secret} in signed_content, or anyone could sign",
            ));
        }
        // A token signs nothing; everything else signs something.
        let token = sig
            .algorithms
            .iter()
            .any(|a| a.algorithm == Algorithm::Token);
        if token
            && sig
                .algorithms
                .iter()
                .any(|a| a.algorithm != Algorithm::Token)
        {
            return Err(ConfigError::invalid_spec(
                "a token scheme has no other algorithm",
            ));
        }
        if token != self.signed_content.is_empty() {
            return Err(ConfigError::invalid_spec(
                "signed_content is empty exactly when the algorithm is token (nothing is signed)",
            ));
        }
        let signs_body = template.pieces().any(|p| p == Piece::Body);
        if !signs_body && !self.dangerous_unsigned_body {
            return Err(ConfigError::invalid_spec(
                "signed_content does not sign {body}: anyone who saw one request could send any \
                 body with its signature. Add {body}, or set \"dangerous_unsigned_body\": true if \
                 the provider really signs no body (its events are then marked body-unsigned)",
            ));
        }
        if signs_body && self.dangerous_unsigned_body {
            return Err(ConfigError::invalid_spec(
                "dangerous_unsigned_body is set, but signed_content signs {body}: remove the flag",
            ));
        }
        if sig
            .algorithms
            .iter()
            .any(|a| a.encoding == Encoding::Text && a.algorithm != Algorithm::Token)
        {
            return Err(ConfigError::invalid_spec(
                "the text encoding is only for tokens",
            ));
        }
        Ok(())
    }

    /// The header names this spec reads (signature, timestamp, id, dedupe, detection).
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        let ts = self.timestamp.iter().flat_map(|t| t.from.iter());
        self.signature
            .from
            .iter()
            .chain(ts)
            .chain(self.message_id.iter())
            .chain(self.dedupe.iter())
            .filter_map(|s| match s {
                Source::Header(h) => Some(h.as_ref()),
                _ => None,
            })
            .chain(self.detect.iter().map(|d| d.header.as_ref()))
    }
}

/// Whether `id` is a valid scheme id: 1 to 64 of `a-z`, `0-9`, `_`.
pub(crate) fn is_scheme_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn check_source(source: &Source, format: &SignatureFormat) -> Result<(), ConfigError> {
    let name = source.name();
    if name.is_empty() {
        return Err(ConfigError::invalid_spec("a source has an empty name"));
    }
    match source {
        Source::Header(h) if !h.bytes().all(|b| b.is_ascii_graphic() && b != b':') => Err(
            ConfigError::invalid_spec("a header name must be visible ASCII without ':'"),
        ),
        Source::Json(p) if !p.starts_with('/') => Err(ConfigError::invalid_spec(
            "a json source must be a JSON pointer starting with '/'",
        )),
        Source::Param(_) if !matches!(format, SignatureFormat::List { .. }) => Err(
            ConfigError::invalid_spec("a param source needs a list signature format"),
        ),
        _ => Ok(()),
    }
}

fn encoding_alphabet_has(encoding: Encoding, c: char) -> bool {
    match encoding {
        Encoding::Hex => c.is_ascii_hexdigit(),
        Encoding::Base64 => c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='),
        Encoding::Base64url => c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '='),
        // A token may hold any character, so it cannot share its header with a list.
        Encoding::Text => true,
    }
}

fn check_key_format(alg: &AlgorithmSpec) -> Result<(), ConfigError> {
    let key = &alg.key;
    if key.prefix.as_deref() == Some("") || key.signing_prefix.as_deref() == Some("") {
        return Err(ConfigError::invalid_spec(
            "a key prefix, when given, must be non-empty",
        ));
    }
    if key.prefix_required && key.prefix.is_none() {
        return Err(ConfigError::invalid_spec(
            "key.prefix_required needs a key.prefix",
        ));
    }
    let ok = match alg.algorithm {
        Algorithm::HmacSha1 | Algorithm::HmacSha256 | Algorithm::HmacSha512 | Algorithm::Sha256 => {
            alg.key.encoding != KeyEncoding::SpkiBase64
        }
        Algorithm::Ed25519 => matches!(alg.key.encoding, KeyEncoding::Base64 | KeyEncoding::Hex),
        Algorithm::EcdsaP256Sha256 => alg.key.encoding != KeyEncoding::Raw,
        Algorithm::Token => alg.key.encoding == KeyEncoding::Raw,
    };
    if ok {
        Ok(())
    } else {
        Err(ConfigError::invalid_spec(alloc::format!(
            "key encoding {:?} does not fit {}",
            alg.key.encoding,
            alg.algorithm.name()
        )))
    }
}
