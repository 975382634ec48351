//! Verification: one engine that interprets any [`SchemeSpec`].
//!
//! Order of checks (the first failure is the error): secrets parse, required inputs are
//! present, the header holds well-formed candidates, a candidate matches a key, and only then
//! the timestamp is judged. A forged request is reported as forged, even when it is also stale.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use crate::algorithm;
use crate::candidates::Candidates;
use crate::content::{CompiledTemplate, ContentTemplate, Parts, SignedContent};
use crate::crypto::{self, CryptoProvider, DigestAlgorithm, Message, RustCrypto};
use crate::encoding;
use crate::error::{ConfigError, VerifyError};
use crate::headers::Headers;
use crate::key::{self, Key};
use crate::spec::{Algorithm, AlgorithmSpec, SchemeSpec, SignatureFormat, Source, Special};
use crate::time::{self, TimestampProblem, Tolerance, UnixTime};
use crate::{form, json, schemes};

/// Decoded signatures longer than this are malformed (the longest real one, DER ECDSA, is 72).
const MAX_SIGNATURE_BYTES: usize = 512;

/// What arrived: headers, the raw body, and the URL and method for schemes that sign them.
#[derive(Debug)]
pub struct Request<'a, H: ?Sized> {
    pub(crate) headers: &'a H,
    /// The body, URL and method (the id and timestamp are read from the headers or body).
    pub(crate) parts: Parts<'a>,
}

impl<H: ?Sized> Clone for Request<'_, H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H: ?Sized> Copy for Request<'_, H> {}

impl<'a, H: Headers + ?Sized> Request<'a, H> {
    /// A request with its headers and **raw** body bytes, exactly as received.
    #[must_use]
    pub fn new(headers: &'a H, body: &'a [u8]) -> Self {
        Self {
            headers,
            parts: Parts {
                body,
                ..Parts::default()
            },
        }
    }

    /// The full URL the provider called (Twilio, Square, HubSpot sign it).
    #[must_use]
    pub fn with_url(mut self, url: &'a str) -> Self {
        self.parts.url = Some(url);
        self
    }

    /// The HTTP method (HubSpot signs it).
    #[must_use]
    pub fn with_method(mut self, method: &'a str) -> Self {
        self.parts.method = Some(method);
        self
    }

    /// The raw body.
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        self.parts.body
    }

    /// The headers.
    #[must_use]
    pub fn headers(&self) -> &'a H {
        self.headers
    }
}

/// Per-call options: the clock, and how far timestamps may be from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyOptions {
    now: UnixTime,
    tolerance: Tolerance,
}

impl VerifyOptions {
    /// Verify as of `now`, with the scheme's own tolerance.
    #[must_use]
    pub fn at(now: UnixTime) -> Self {
        Self {
            now,
            tolerance: Tolerance::scheme_default(),
        }
    }

    /// Replace the tolerance.
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Tolerance) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The clock this verification uses.
    #[must_use]
    pub fn now(&self) -> UnixTime {
        self.now
    }
}

/// A scheme and its keys (several, for rotation), ready to verify requests.
pub struct Verifier {
    spec: Cow<'static, SchemeSpec>,
    keys: Vec<Key>,
    /// The signed-content template, worked out once rather than on every request.
    template: CompiledTemplate,
    /// Where the MACs and digests come from.
    crypto: &'static dyn CryptoProvider,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.spec.id)
            .field("keys", &self.keys.len())
            .field("crypto", &self.crypto)
            .finish()
    }
}

impl Verifier {
    /// A verifier for `spec` with one or more secrets. Secrets are tried in order; the index of
    /// the one that matched is reported, so you know when an old secret can be retired.
    ///
    /// # Errors
    /// [`ConfigError`] if the spec is invalid, no secret is given, or a secret is empty, has
    /// surrounding whitespace, or is not valid in the scheme's key format.
    pub fn new(
        spec: &'static SchemeSpec,
        secrets: &[impl AsRef<str>],
    ) -> Result<Self, ConfigError> {
        Self::prevalidated(Cow::Borrowed(spec), secrets)
    }

    /// A verifier for a custom spec (see [`SchemeSpec::from_json`]), validated first.
    ///
    /// # Errors
    /// [`ConfigError::InvalidSpec`], or any error of [`Verifier::new`].
    pub fn custom(spec: SchemeSpec, secrets: &[impl AsRef<str>]) -> Result<Self, ConfigError> {
        spec.validate()?;
        Self::prevalidated(Cow::Owned(spec), secrets)
    }

    pub(crate) fn from_keys(spec: Cow<'static, SchemeSpec>, keys: Vec<Key>) -> Self {
        let template = ContentTemplate::trusted(&spec.signed_content).compile();
        Self {
            spec,
            keys,
            template,
            crypto: &RustCrypto,
        }
    }

    /// This verifier with its MACs and digests computed by `crypto` instead (see
    /// [`crate::crypto`]); its MAC keys are prepared again by it. Verdicts never depend on the
    /// provider, only speed does.
    #[must_use]
    pub fn with_crypto(mut self, crypto: &'static dyn CryptoProvider) -> Self {
        for key in &mut self.keys {
            key.rekey(&self.spec.signature, crypto);
        }
        self.crypto = crypto;
        self
    }

    /// Whether verifying reads the body for anything but the MACs and digests of the signed
    /// content: a body field (a JSON or form value as signature, timestamp, id or dedupe key:
    /// Stripe's event id), form parameters in the content (Twilio), or a key
    /// whose algorithm needs the whole message at once (Ed25519). When it does not, the body
    /// reaches nothing but the crypto provider, as [`Chunk::Body`](crate::crypto::Chunk::Body).
    #[must_use]
    pub fn reads_body(&self) -> bool {
        let spec: &SchemeSpec = &self.spec;
        let body_source = |sources: &[Source]| sources.iter().any(Source::in_body);
        self.template.uses_sorted_params
            || spec.special != Special::None
            || body_source(&spec.signature.from)
            || body_source(&spec.message_id)
            || body_source(&spec.dedupe)
            || spec
                .timestamp
                .as_ref()
                .is_some_and(|t| body_source(&t.from))
            || self.keys.iter().any(|k| {
                spec.signature
                    .algorithms
                    .get(k.algorithm)
                    .is_some_and(|a| a.algorithm == Algorithm::Ed25519)
            })
    }

    pub(crate) fn keys(&self) -> &[Key] {
        &self.keys
    }

    pub(crate) fn template(&self) -> &CompiledTemplate {
        &self.template
    }

    /// A verifier for a spec that is known to be valid, which is not validated again: a
    /// built-in one, one that passed [`SchemeSpec::validate`], or a built-in one whose
    /// signature header was moved with [`SchemeSpec::with_signature_header`]. For any other
    /// spec use [`Verifier::custom`]: validation refuses specs that would let anyone sign.
    ///
    /// # Errors
    /// Any error of [`Verifier::new`] but an invalid spec.
    pub fn prevalidated(
        spec: Cow<'static, SchemeSpec>,
        secrets: &[impl AsRef<str>],
    ) -> Result<Self, ConfigError> {
        if secrets.is_empty() {
            return Err(ConfigError::NoSecrets);
        }
        let keys = secrets
            .iter()
            .map(|s| key::parse_verification_key(&spec.signature, s.as_ref(), &RustCrypto))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::from_keys(spec, keys))
    }

    /// A verifier for the built-in scheme `id` (see [`schemes::all`]).
    ///
    /// # Errors
    /// [`ConfigError::UnknownScheme`], or any error of [`Verifier::new`].
    pub fn for_scheme(id: &str, secrets: &[impl AsRef<str>]) -> Result<Self, ConfigError> {
        Self::new(schemes::by_id(id)?, secrets)
    }

    /// The scheme.
    #[must_use]
    pub fn scheme(&self) -> &SchemeSpec {
        &self.spec
    }

    /// Verifies `request`. The body must be the raw bytes as received.
    ///
    /// # Errors
    /// [`VerifyError`] says precisely what failed; see the module docs for the order of checks.
    ///
    /// # Security
    /// Every comparison is constant-time. Errors never carry key material or expected signatures.
    pub fn verify<'a, H: Headers + ?Sized>(
        &'a self,
        request: &Request<'a, H>,
        options: &VerifyOptions,
    ) -> Result<Verified<'a>, VerifyError> {
        let spec: &'a SchemeSpec = &self.spec;
        let signature = &spec.signature;
        let (sig_value, sig_source) =
            find(&signature.from, request, None).ok_or_else(|| missing(&signature.from))?;

        let id = find(&spec.message_id, request, None).map(|(v, _)| v);
        if self.template.uses_id && id.is_none() {
            return Err(missing(&spec.message_id));
        }
        let timestamp_text = match &spec.timestamp {
            Some(ts) => Some(
                find(&ts.from, request, Some((&signature.format, &sig_value))).ok_or_else(
                    || VerifyError::MissingTimestamp {
                        name: first_name(&ts.from),
                    },
                )?,
            ),
            None => None,
        };
        if self.template.uses_url && request.parts.url.is_none() {
            return Err(VerifyError::MissingUrl);
        }
        if self.template.uses_method && request.parts.method.is_none() {
            return Err(VerifyError::MissingMethod);
        }

        let parts = Parts {
            id: id.as_deref(),
            timestamp: timestamp_text.as_ref().map(|(t, _)| t.as_ref()),
            ..request.parts
        };
        let candidates = Candidates::new(spec, &self.template, parts);
        let key_index = if signature.from_all {
            self.match_every_source(request, &candidates)?
        } else {
            self.match_candidates(&sig_value, sig_source, &candidates)?
        };
        candidates.check_unsigned_parts(self.crypto)?;

        let timestamp = match (&spec.timestamp, &timestamp_text) {
            (Some(ts_spec), Some((text, source))) => {
                let invalid = || VerifyError::InvalidTimestamp {
                    name: source.name().clone(),
                };
                let ts = time::parse_timestamp(text, ts_spec.unit).ok_or_else(invalid)?;
                let window = options.tolerance.effective_window(ts_spec);
                time::check_window(ts, options.now, ts_spec.unit, window).map_err(|p| match p {
                    TimestampProblem::TooOld { age_s, tolerance_s } => {
                        VerifyError::TimestampTooOld { age_s, tolerance_s }
                    }
                    TimestampProblem::InFuture {
                        ahead_s,
                        tolerance_s,
                    } => VerifyError::TimestampInFuture {
                        ahead_s,
                        tolerance_s,
                    },
                })?;
                Some(ts)
            }
            _ => None,
        };

        let dedupe_id = if spec.dedupe.is_empty() {
            id.clone()
        } else {
            find(&spec.dedupe, request, None).map(|(v, _)| v)
        };
        let id = id.or_else(|| dedupe_id.clone());
        Ok(Verified {
            scheme: &spec.id,
            key_index,
            timestamp,
            id,
            dedupe_id,
            body: request.parts.body,
            crypto: self.crypto,
        })
    }

    /// Compares the signatures in `value` with every candidate content in turn; the index of
    /// the first key that matches one. Every error but a mismatch is the same for all
    /// candidates, so the first such error ends the search.
    fn match_candidates(
        &self,
        value: &str,
        source: &Source,
        candidates: &Candidates<'_>,
    ) -> Result<usize, VerifyError> {
        let mut outcome = self.match_signature(value, source, &candidates.first());
        for content in candidates.others() {
            if !matches!(outcome, Err(VerifyError::NoMatchingSignature { .. })) {
                break;
            }
            outcome = self.match_signature(value, source, &content);
        }
        outcome
    }

    /// `signature.from_all`: every source present carries signatures, one per key; a match in
    /// any verifies. When none matches, the error counts every source's well-formed candidates.
    fn match_every_source<H: Headers + ?Sized>(
        &self,
        request: &Request<'_, H>,
        candidates: &Candidates<'_>,
    ) -> Result<usize, VerifyError> {
        let mut well_formed = 0;
        let mut first_error = None;
        for source in self.spec.signature.from.iter() {
            let Some((value, source)) = find(core::slice::from_ref(source), request, None) else {
                continue;
            };
            match self.match_candidates(&value, source, candidates) {
                Ok(index) => return Ok(index),
                Err(VerifyError::NoMatchingSignature { candidates }) => well_formed += candidates,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if well_formed == 0 => Err(e),
            _ => Err(VerifyError::NoMatchingSignature {
                candidates: well_formed,
            }),
        }
    }

    /// Compares every well-formed signature in `value` with every key over `content`; the
    /// index of the first key that matches.
    fn match_signature(
        &self,
        value: &str,
        source: &Source,
        content: &SignedContent<'_>,
    ) -> Result<usize, VerifyError> {
        let signature = &self.spec.signature;
        let mut buf = [0u8; MAX_SIGNATURE_BYTES];
        // The common case first: each candidate is decoded once per key and compared.
        let mut any_key_applied = false;
        for (index, key) in self.keys.iter().enumerate() {
            let Some(alg) = signature.algorithms.get(key.algorithm) else {
                continue;
            };
            let mut candidates =
                entries(&signature.format, value).filter(|entry| tag_matches(alg, entry.tag));
            // The content is absorbed for a key only once one of its candidates decodes (into
            // `buf`), and then just once, however many candidates follow.
            let Some(first) = candidates.by_ref().find_map(|entry| {
                encoding::decode_into(alg.encoding, entry.text, &mut buf).map(<[u8]>::len)
            }) else {
                continue;
            };
            any_key_applied = true;
            let prepared = algorithm::prepare(self.crypto, alg.algorithm, key, content);
            if buf.get(..first).is_some_and(|c| prepared.matches(c)) {
                return Ok(index);
            }
            for entry in candidates {
                if encoding::decode_into(alg.encoding, entry.text, &mut buf)
                    .is_some_and(|c| prepared.matches(c))
                {
                    return Ok(index);
                }
            }
        }

        self.mismatch(value, source, any_key_applied)
    }

    /// Why nothing in `value` matched: no supported entry, none well-formed, no key for the
    /// algorithm present, or well-formed signatures that do not match. Out of line: the
    /// verification of a genuine request never runs it (and a WebAssembly build compiles a
    /// function only when it first runs).
    #[cold]
    #[inline(never)]
    fn mismatch(
        &self,
        value: &str,
        source: &Source,
        any_key_applied: bool,
    ) -> Result<usize, VerifyError> {
        let signature = &self.spec.signature;
        let mut buf = [0u8; MAX_SIGNATURE_BYTES];
        let (mut supported, mut well_formed) = (0usize, 0usize);
        let mut present = None;
        for entry in entries(&signature.format, value) {
            let mut algs = algorithms_for(&signature.algorithms, entry.tag).peekable();
            if algs.peek().is_none() {
                continue;
            }
            supported += 1;
            if let Some(alg) =
                algs.find(|a| encoding::decode_into(a.encoding, entry.text, &mut buf).is_some())
            {
                well_formed += 1;
                present.get_or_insert(alg.algorithm);
            }
        }
        if supported == 0 {
            return Err(VerifyError::MissingSignature {
                name: source.name().clone(),
            });
        }
        let Some(present) = present else {
            return Err(VerifyError::InvalidSignatureEncoding {
                name: source.name().clone(),
            });
        };

        if !any_key_applied {
            return Err(VerifyError::NoKeyForSignature {
                algorithm: present.name(),
            });
        }
        Err(VerifyError::NoMatchingSignature {
            candidates: well_formed,
        })
    }
}

/// A request that verified. Everything downstream (dedupe, normalisation, transforms) takes
/// this type, so unverified input cannot reach it.
#[derive(Clone)]
pub struct Verified<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) key_index: usize,
    pub(crate) timestamp: Option<UnixTime>,
    pub(crate) id: Option<Cow<'a, str>>,
    /// The provider's value the dedupe key is; `None`: the key is the body's digest, computed
    /// only when asked for.
    pub(crate) dedupe_id: Option<Cow<'a, str>>,
    pub(crate) body: &'a [u8],
    pub(crate) crypto: &'a dyn CryptoProvider,
}

impl fmt::Debug for Verified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("scheme", &self.scheme)
            .field("key_index", &self.key_index)
            .field("timestamp", &self.timestamp)
            .field("id", &self.id)
            .field("dedupe_id", &self.dedupe_id)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Equal when every field is, whichever provider verified them.
impl PartialEq for Verified<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme
            && self.key_index == other.key_index
            && self.timestamp == other.timestamp
            && self.id == other.id
            && self.dedupe_id == other.dedupe_id
            && self.body == other.body
    }
}

impl Eq for Verified<'_> {}

impl<'a> Verified<'a> {
    /// The scheme id.
    #[must_use]
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// Which secret matched (0-based, in the order given).
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The signed timestamp, if the scheme has one.
    #[must_use]
    pub fn timestamp(&self) -> Option<UnixTime> {
        self.timestamp
    }

    /// The message id (`webhook-id`, `X-GitHub-Delivery`, Stripe's event id, …), if any.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The key to deduplicate deliveries by: the provider's id ([`Verified::dedupe_id`]), or
    /// else the body's SHA-256, which is computed here, on each call, and never when the key
    /// is not asked for.
    #[must_use]
    pub fn dedupe_key(&self) -> DedupeKey<'a> {
        match &self.dedupe_id {
            Some(v) => DedupeKey::Value(v.clone()),
            None => {
                let digest = crypto::digest(
                    self.crypto,
                    DigestAlgorithm::Sha256,
                    &Message::body(self.body),
                );
                DedupeKey::BodySha256(<[u8; 32]>::try_from(digest.as_ref()).unwrap_or_default())
            }
        }
    }

    /// The provider's value the dedupe key is (its id, or the scheme's dedupe header); `None`
    /// when the key is the body's digest, which [`Verified::dedupe_key`] computes.
    #[must_use]
    pub fn dedupe_id(&self) -> Option<&str> {
        self.dedupe_id.as_deref()
    }

    /// The verified raw body.
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        self.body
    }
}

/// The key to deduplicate a delivery by: the provider's own id where it has one, the body's
/// SHA-256 otherwise. `Display` gives the string form (`evt_123`, `sha256:ab…`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DedupeKey<'a> {
    /// SHA-256 of the raw body, used when the scheme has no id.
    BodySha256([u8; 32]),
    /// The provider's id.
    Value(Cow<'a, str>),
}

impl fmt::Display for DedupeKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodySha256(hash) => {
                f.write_str("sha256:")?;
                encoding::hex_write(hash, f)
            }
            Self::Value(v) => f.write_str(v),
        }
    }
}

/// One signature entry of a header: its tag (list formats) and text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry<'h> {
    pub(crate) tag: Option<&'h str>,
    pub(crate) text: &'h str,
}

/// The entries of a signature header under `format`.
pub(crate) fn entries<'h>(format: &SignatureFormat, value: &'h str) -> Entries<'h> {
    match format {
        SignatureFormat::Value { prefix } => {
            let value = trim(value);
            let text = match prefix {
                Some(p) => value.strip_prefix(p.as_ref()),
                None => Some(value),
            };
            Entries::Single(text.map(|text| Entry { tag: None, text }))
        }
        SignatureFormat::List { separator, assign } => Entries::List {
            rest: Some(value),
            separator: *separator,
            assign: *assign,
        },
    }
}

/// The entries of a signature header (see [`entries`]). Kept small (no `str::Split`, whose
/// searcher state is several times the size) because every verification builds and moves one
/// per key.
#[derive(Clone, Debug)]
pub(crate) enum Entries<'h> {
    /// A value header's one entry, if it has the format's prefix.
    Single(Option<Entry<'h>>),
    /// A list header's text not read yet, split as `str::split(separator)` would; items
    /// without `assign` are skipped.
    List {
        rest: Option<&'h str>,
        separator: char,
        assign: char,
    },
}

impl<'h> Iterator for Entries<'h> {
    type Item = Entry<'h>;

    fn next(&mut self) -> Option<Entry<'h>> {
        match self {
            Self::Single(entry) => entry.take(),
            Self::List {
                rest,
                separator,
                assign,
            } => {
                while let Some(text) = rest.take() {
                    let item = match text.split_once(*separator) {
                        Some((item, tail)) => {
                            *rest = Some(tail);
                            item
                        }
                        None => text,
                    };
                    if let Some((tag, text)) = split_once(trim(item), *assign) {
                        return Some(Entry {
                            tag: Some(trim(tag)),
                            text: trim(text),
                        });
                    }
                }
                None
            }
        }
    }
}

/// `str::trim`, returning at once the usual header text that starts and ends with a visible
/// ASCII character (the general trim decodes a `char` at each end).
fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// `text.split_once(c)`. Tags are short, so a byte scan finds an ASCII `c` sooner than the
/// general `char` search, which first sets up a `memchr` over the whole text.
fn split_once(text: &str, c: char) -> Option<(&str, &str)> {
    if !c.is_ascii() {
        return text.split_once(c);
    }
    // An ASCII byte is never part of a multi-byte character, so `at` is a character boundary.
    let at = text.bytes().position(|b| char::from(b) == c)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

fn tag_matches(alg: &AlgorithmSpec, tag: Option<&str>) -> bool {
    alg.tag.as_deref() == tag
}

fn algorithms_for<'s>(
    algs: &'s [AlgorithmSpec],
    tag: Option<&'s str>,
) -> impl Iterator<Item = &'s AlgorithmSpec> {
    algs.iter().filter(move |a| tag_matches(a, tag))
}

/// The first source that has a value; `param` gives the signature header for `Param` sources.
pub(crate) fn find<'a, 's, H: Headers + ?Sized>(
    sources: &'s [Source],
    request: &Request<'a, H>,
    param: Option<(&SignatureFormat, &'a str)>,
) -> Option<(Cow<'a, str>, &'s Source)> {
    sources.iter().find_map(|source| {
        let value = match source {
            Source::Header(name) => Cow::Borrowed(request.headers.header(name)?),
            _ => find_elsewhere(source, request.parts.body, param)?,
        };
        Some((value, source))
    })
}

/// A body or signature-header source's value. Kept out of line, so that `find`, which is
/// built for each header type and mostly reads headers, stays small.
#[inline(never)]
fn find_elsewhere<'a>(
    source: &Source,
    body: &'a [u8],
    param: Option<(&SignatureFormat, &'a str)>,
) -> Option<Cow<'a, str>> {
    match source {
        // `find` reads headers itself.
        Source::Header(_) => None,
        Source::Json(pointer) => json::value(body, pointer),
        Source::Form(field) => form::field(body, field),
        Source::Param(tag) => {
            let (format, value) = param?;
            let entry = entries(format, value).find(|e| e.tag == Some(tag.as_ref()))?;
            Some(Cow::Borrowed(entry.text))
        }
    }
}

fn first_name(sources: &[Source]) -> Cow<'static, str> {
    sources
        .first()
        .map(|s| s.name().clone())
        .unwrap_or_default()
}

/// The error for a value none of `sources` had, named after the first (canonical) source.
fn missing(sources: &[Source]) -> VerifyError {
    match sources.first() {
        Some(s) if s.in_body() => VerifyError::MissingField {
            name: s.name().clone(),
        },
        _ => VerifyError::MissingHeader {
            name: first_name(sources),
        },
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::*;

    /// What `entries` gave before it was hand-rolled: `str::split`, `str::trim`,
    /// `str::split_once`.
    fn reference<'h>(format: &SignatureFormat, value: &'h str) -> Vec<Entry<'h>> {
        match format {
            SignatureFormat::Value { prefix } => {
                let value = value.trim();
                let text = match prefix {
                    Some(p) => value.strip_prefix(p.as_ref()),
                    None => Some(value),
                };
                text.map(|text| Entry { tag: None, text })
                    .into_iter()
                    .collect()
            }
            SignatureFormat::List { separator, assign } => value
                .split(*separator)
                .filter_map(|item| {
                    let (tag, text) = item.trim().split_once(*assign)?;
                    Some(Entry {
                        tag: Some(tag.trim()),
                        text: text.trim(),
                    })
                })
                .collect(),
        }
    }

    #[test]
    fn entries_split_as_str_split_does() {
        let formats = [
            SignatureFormat::List {
                separator: ' ',
                assign: ',',
            },
            SignatureFormat::List {
                separator: ',',
                assign: '=',
            },
            SignatureFormat::List {
                separator: '\u{2003}',
                assign: '\u{e9}',
            },
            SignatureFormat::Value {
                prefix: Some("sha256=".into()),
            },
            SignatureFormat::Value { prefix: None },
        ];
        let values = [
            "",
            " ",
            "v1,abc",
            "v1,abc v1,def",
            "  v1 , abc  v1a,def ",
            "v1,abc  ,x v1 ",
            "t=1,v1=ab=,v0=cd,,v1= ",
            "=x,v1=,=",
            "v1,a\u{a0}b\u{a0} \u{a0}v1,c",
            "v1\u{e9}ab\u{2003}v2\u{e9}\u{2003}\u{e9}",
            "sha256=00ff",
            " sha256= 00ff \t",
            "\u{2003}sha256=x\u{2003}",
        ];
        for format in &formats {
            for value in values {
                let got: Vec<_> = entries(format, value).collect();
                let want = reference(format, value);
                let same = got.len() == want.len()
                    && got
                        .iter()
                        .zip(&want)
                        .all(|(g, w)| g.tag == w.tag && g.text == w.text);
                assert!(same, "{format:?} {value:?}: {got:?} != {want:?}");
            }
        }
    }
}
