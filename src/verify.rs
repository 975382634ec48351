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
use crate::content::{CompiledTemplate, ContentTemplate, Parts, Piece, SignedContent};
use crate::crypto::{self, CryptoProvider, DigestAlgorithm, Message, RustCrypto};
use crate::dedupe::{DedupeKey, KeyTemplate, ReplayKey, Signed};
use crate::encoding;
use crate::error::{ConfigError, VerifyError};
use crate::headers::Headers;
use crate::key::{self, Key};
use crate::spec::{Algorithm, AlgorithmSpec, SchemeSpec, SignatureFormat, Source, Special};
use crate::time::{self, TimestampProblem, Tolerance, UnixTime};
use crate::{form, json, schemes};

/// Decoded signatures longer than this are malformed (the longest real one, DER ECDSA, is 72).
const MAX_SIGNATURE_BYTES: usize = 512;

/// The most signatures (entries with a version tag the scheme signs with) a request may carry.
/// Senders put one per secret in a header, two or three during a rotation; a request with more
/// is refused before any is checked ([`VerifyError::TooManySignatures`]).
pub const MAX_SIGNATURES: usize = 16;

/// The most signature checks one request may need: each signature against every key of its
/// kind, for every candidate content (Twilio's URL spellings). Bounds what a forged request
/// costs however the scheme's algorithms are priced (Ed25519 checks are ~100 times an HMAC
/// comparison).
pub const MAX_SIGNATURE_CHECKS: usize = 64;

/// The most secrets (or public keys) one verifier takes; with [`MAX_SIGNATURE_CHECKS`] this
/// bounds the work per request ([`ConfigError::TooManySecrets`]).
pub const MAX_SECRETS: usize = 16;

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
///
/// A delivery's dedupe key is the scheme's (the provider's id, else the body's SHA-256) unless
/// you choose one with [`Verifier::with_dedupe_key`]: the same [`KeyTemplate`] as a Worker
/// route's `dedupe.key` and the npm `dedupeKey` option, so the key is the same everywhere. For
/// a sender whose `svix-id` is new on every delivery while the body carries the event's stable
/// id:
///
/// ```
/// use hookgate::dedupe::KeyTemplate;
/// use hookgate::{schemes, sign, Request, SignInput, UnixTime, Verifier, VerifyOptions};
///
/// let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
/// let verifier = Verifier::new(&schemes::SVIX, &[secret])?
///     .with_dedupe_key(KeyTemplate::from_json(r#"[{"json": "/id"}]"#)?)?;
/// let body = br#"{"id":"ver_8XH2k9-completed","type":"verification.completed"}"#;
/// let at = UnixTime::from_secs(1_700_000_000);
/// for delivery in ["msg_first", "msg_retry"] {
///     let signed = sign(&schemes::SVIX, secret, &SignInput::new(body).with_id(delivery).with_timestamp(at))?;
///     let event = verifier.verify(&Request::new(&signed.headers, body), &VerifyOptions::at(at))?;
///     assert_eq!(event.dedupe_key().to_string(), "ver_8XH2k9-completed");
///     assert!(event.dedupe_key_signed()); // read from the body, which the signature covers
/// }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub struct Verifier {
    spec: Cow<'static, SchemeSpec>,
    keys: Vec<Key>,
    /// The signed-content template, worked out once rather than on every request.
    template: CompiledTemplate,
    /// Where the MACs and digests come from.
    crypto: &'static dyn CryptoProvider,
    /// The route's own dedupe key, tried before the scheme's.
    dedupe_key: Option<KeyTemplate>,
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
            dedupe_key: None,
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
    /// Stripe's event id, or a route's [`KeyTemplate`]), form parameters in the content (Twilio), or a key
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
            || self
                .dedupe_key
                .as_ref()
                .is_some_and(KeyTemplate::reads_body)
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
        if secrets.len() > MAX_SECRETS {
            return Err(ConfigError::TooManySecrets {
                given: secrets.len(),
                limit: MAX_SECRETS,
            });
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

    /// This verifier with a dedupe key of your own: the first of its alternatives whose values
    /// are all present is the [`Verified::dedupe_key`]; when none is, the scheme's key applies.
    /// Use it when the provider's own id is not what identifies an event (a per-delivery
    /// `svix-id` where the body carries the event's stable id). Whether the key is signed is
    /// worked out as for the scheme's ([`Verified::dedupe_key_signed`]).
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`] when the template names a source the scheme cannot
    /// have (`{param:…}` with a scheme whose signature header is not a list).
    pub fn with_dedupe_key(mut self, key: KeyTemplate) -> Result<Self, ConfigError> {
        key.check_scheme(&self.spec)?;
        self.dedupe_key = Some(key);
        Ok(self)
    }

    /// The scheme.
    #[must_use]
    pub fn scheme(&self) -> &SchemeSpec {
        &self.spec
    }

    /// The header names verifying reads: the scheme's (signature, timestamp, id, dedupe,
    /// detection) and the dedupe key template's.
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        self.spec
            .header_names()
            .chain(self.dedupe_key.iter().flat_map(KeyTemplate::header_names))
    }

    /// The checks of [`Verifier::verify`] that need nothing but the headers, in its order: the
    /// signature (and the id and timestamp the content signs) present where they are headers,
    /// and the signatures few enough, of a kind a key can check and well formed. A request that
    /// fails here fails `verify` with the same error, so a gateway can refuse it before reading
    /// its body; one that passes may still fail `verify`. Assumes the URL and method are given
    /// to `verify` when the scheme signs them.
    ///
    /// # Errors
    /// The [`VerifyError`] `verify` would return first.
    pub fn check_headers<H: Headers + ?Sized>(&self, headers: &H) -> Result<(), VerifyError> {
        let spec = &self.spec;
        let request = Request::new(headers, &[]);
        // `find` over an empty body sees header and parameter sources only: a value it misses
        // is missing for sure only when no source is in the body (else `verify` decides).
        let absent = |sources: &[Source], error: fn(&[Source]) -> VerifyError| match sources
            .iter()
            .any(Source::in_body)
        {
            true => Ok(()),
            false => Err(error(sources)),
        };
        let Some((value, source)) = find(&spec.signature.from, &request, None) else {
            return absent(&spec.signature.from, missing);
        };
        if self.template.uses_id && find(&spec.message_id, &request, None).is_none() {
            return absent(&spec.message_id, missing);
        }
        if let Some(ts) = &spec.timestamp
            && find(&ts.from, &request, Some((&spec.signature.format, &value))).is_none()
        {
            return absent(&ts.from, |from| VerifyError::MissingTimestamp {
                name: first_name(from),
            });
        }
        if spec.signature.from_all {
            let values = self.signatures_in_every_source(&request);
            return self.check_work(values.iter().map(|(v, _)| v.as_ref()), 1);
        }
        self.check_work(core::iter::once(value.as_ref()), 1)?;
        match self.survey(&value).problem(source) {
            Some(e) => Err(e),
            None => Ok(()),
        }
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

        let id = find(&spec.message_id, request, None);
        if self.template.uses_id && id.is_none() {
            return Err(missing(&spec.message_id));
        }
        let timestamp_text = match &spec.timestamp {
            Some(ts) => Some(
                find_with(&ts.from, request, &signature.format, &sig_value).ok_or_else(|| {
                    VerifyError::MissingTimestamp {
                        name: first_name(&ts.from),
                    }
                })?,
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
            id: id.as_ref().map(|(v, _)| v.as_ref()),
            timestamp: timestamp_text.as_ref().map(|(t, _)| t.as_ref()),
            ..request.parts
        };
        let candidates = Candidates::new(spec, &self.template, parts);
        let (key_index, matched) = if signature.from_all {
            self.match_every_source(request, &candidates)?
        } else {
            self.check_work(core::iter::once(sig_value.as_ref()), candidates.len())?;
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

        // What the matched signature covers, from the template and where each value came from.
        let signed = Signed {
            body: self.template.uses_body || candidates.body_digest_signed(),
            id: id
                .as_ref()
                .map(|(_, s)| *s)
                .filter(|_| self.template.uses_id),
            timestamp: timestamp_text
                .as_ref()
                .map(|(_, s)| *s)
                .filter(|_| self.template.uses_timestamp),
        };
        let own = if spec.dedupe.is_empty() {
            id.clone()
        } else {
            find(&spec.dedupe, request, None)
        };
        let routed = self.dedupe_key.as_ref().and_then(|t| {
            let lookup = |source: &Source| {
                let sources = core::slice::from_ref(source);
                find_with(sources, request, &signature.format, &sig_value).map(|(v, _)| v)
            };
            t.evaluate(lookup, &signed)
        });
        // No value: the key is the body's digest, computed only when asked for.
        let (dedupe_id, dedupe_key_signed) = match (routed, &own) {
            (Some((value, covered)), _) => (Some(value), covered),
            (None, Some((value, source))) => (Some(value.clone()), signed.covers(source)),
            (None, None) => (None, signed.body),
        };
        let timestamp_signed = signed.timestamp.is_some()
            || timestamp_text
                .as_ref()
                .is_some_and(|(_, s)| signed.covers(s));
        let (other_url, sorted_params) = candidates.into_matched(matched);
        let url = match other_url {
            Some(url) => Some(Cow::Owned(url)),
            None => request.parts.url.map(Cow::Borrowed),
        };
        Ok(Verified {
            scheme: &spec.id,
            key_index,
            timestamp,
            id: id.or(own).map(|(v, _)| v),
            dedupe_id,
            body: request.parts.body,
            crypto: self.crypto,
            coverage: Coverage {
                body: signed.body,
                dedupe_key: dedupe_key_signed,
                timestamp: timestamp_signed,
            },
            content: MatchedContent {
                pieces: &self.template.pieces,
                timestamp: timestamp_text.map(|(t, _)| t),
                url,
                method: request.parts.method,
                sorted_params,
            },
        })
    }

    /// Refuses a request whose signatures (in `values`) would need more checks than a request
    /// may cost, before any is checked. Only list headers can carry several; `contents` is the
    /// number of candidate contents each is checked over.
    fn check_work<'v>(
        &self,
        values: impl Iterator<Item = &'v str>,
        contents: usize,
    ) -> Result<(), VerifyError> {
        let signature = &self.spec.signature;
        if !matches!(signature.format, SignatureFormat::List { .. }) {
            // One signature per source: at most the spec's few sources, each against the keys.
            return Ok(());
        }
        let (mut signatures, mut checks) = (0usize, 0usize);
        for value in values {
            for entry in entries(&signature.format, value) {
                if algorithms_for(&signature.algorithms, entry.tag)
                    .next()
                    .is_none()
                {
                    continue;
                }
                signatures += 1;
                let keys = self
                    .keys
                    .iter()
                    .filter(|k| {
                        signature
                            .algorithms
                            .get(k.algorithm)
                            .is_some_and(|a| tag_matches(a, entry.tag))
                    })
                    .count();
                checks = checks.saturating_add(keys.saturating_mul(contents));
            }
        }
        if signatures > MAX_SIGNATURES || checks > MAX_SIGNATURE_CHECKS {
            return Err(VerifyError::TooManySignatures { signatures, checks });
        }
        Ok(())
    }

    /// Compares the signatures in `value` with every candidate content in turn; the index of
    /// the first key that matches one. Every error but a mismatch is the same for all
    /// candidates, so the first such error ends the search.
    fn match_candidates(
        &self,
        value: &str,
        source: &Source,
        candidates: &Candidates<'_>,
    ) -> Result<(usize, usize), VerifyError> {
        let mut outcome = self
            .match_signature(value, source, &candidates.first())
            .map(|key| (key, 0));
        for (index, content) in candidates.others().enumerate() {
            if !matches!(outcome, Err(VerifyError::NoMatchingSignature { .. })) {
                break;
            }
            outcome = self
                .match_signature(value, source, &content)
                .map(|key| (key, index + 1));
        }
        outcome
    }

    /// `signature.from_all`: the value of every signature source the request has.
    fn signatures_in_every_source<'a, H: Headers + ?Sized>(
        &self,
        request: &Request<'a, H>,
    ) -> Vec<(Cow<'a, str>, &Source)> {
        self.spec
            .signature
            .from
            .iter()
            .filter_map(|source| find(core::slice::from_ref(source), request, None))
            .collect()
    }

    /// `signature.from_all`: every source present carries signatures, one per key; a match in
    /// any verifies. When none matches, the error counts every source's well-formed candidates.
    fn match_every_source<H: Headers + ?Sized>(
        &self,
        request: &Request<'_, H>,
        candidates: &Candidates<'_>,
    ) -> Result<(usize, usize), VerifyError> {
        let present = self.signatures_in_every_source(request);
        self.check_work(present.iter().map(|(v, _)| v.as_ref()), candidates.len())?;
        let mut well_formed = 0;
        let mut first_error = None;
        for (value, source) in &present {
            match self.match_candidates(value, source, candidates) {
                Ok(matched) => return Ok(matched),
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

        self.mismatch(value, source)
    }

    /// Why nothing in `value` matched: no supported entry, none well-formed, no key for the
    /// algorithm present, or well-formed signatures that do not match. Out of line: the
    /// verification of a genuine request never runs it (and a WebAssembly build compiles a
    /// function only when it first runs).
    #[cold]
    #[inline(never)]
    fn mismatch(&self, value: &str, source: &Source) -> Result<usize, VerifyError> {
        let survey = self.survey(value);
        if let Some(problem) = survey.problem(source) {
            return Err(problem);
        }
        Err(VerifyError::NoMatchingSignature {
            candidates: survey.well_formed,
        })
    }

    /// What the signatures in `value` are, without checking any.
    fn survey(&self, value: &str) -> Survey {
        let signature = &self.spec.signature;
        let mut buf = [0u8; MAX_SIGNATURE_BYTES];
        let mut survey = Survey::default();
        for entry in entries(&signature.format, value) {
            let mut algs = algorithms_for(&signature.algorithms, entry.tag).peekable();
            if algs.peek().is_none() {
                continue;
            }
            survey.supported += 1;
            if let Some(alg) =
                algs.find(|a| encoding::decode_into(a.encoding, entry.text, &mut buf).is_some())
            {
                survey.well_formed += 1;
                survey.present.get_or_insert(alg.algorithm);
            }
        }
        survey.key_applies = self.keys.iter().any(|key| {
            signature.algorithms.get(key.algorithm).is_some_and(|alg| {
                entries(&signature.format, value).any(|entry| {
                    tag_matches(alg, entry.tag)
                        && encoding::decode_into(alg.encoding, entry.text, &mut buf).is_some()
                })
            })
        });
        survey
    }
}

/// The signatures of a header as [`Verifier::survey`] finds them.
#[derive(Debug, Default)]
struct Survey {
    /// Entries with a version tag (or prefix) the scheme signs with.
    supported: usize,
    /// Of those, entries that decode in their algorithm's encoding.
    well_formed: usize,
    /// The algorithm of the first well-formed entry.
    present: Option<Algorithm>,
    /// Whether some key's algorithm has a well-formed entry to check.
    key_applies: bool,
}

impl Survey {
    /// Why no signature can match, when that is clear without checking one.
    fn problem(&self, source: &Source) -> Option<VerifyError> {
        if self.supported == 0 {
            return Some(VerifyError::MissingSignature {
                name: source.name().clone(),
            });
        }
        let Some(present) = self.present else {
            return Some(VerifyError::InvalidSignatureEncoding {
                name: source.name().clone(),
            });
        };
        (!self.key_applies).then(|| VerifyError::NoKeyForSignature {
            algorithm: present.name(),
        })
    }
}

/// A request that verified. Everything downstream (dedupe, normalisation, transforms) takes
/// this type, so unverified input cannot reach it.
///
/// "Verified" means the signature matched **over what the scheme signs**, and no more: see
/// [`Verified::body_signed`], [`Verified::dedupe_key_signed`] and [`Verified::replay_key`] for
/// what that covers in this request.
#[derive(Clone)]
pub struct Verified<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) key_index: usize,
    pub(crate) timestamp: Option<UnixTime>,
    pub(crate) id: Option<Cow<'a, str>>,
    /// The route's or the provider's value the dedupe key is; `None`: the key is the body's
    /// digest, computed only when asked for.
    pub(crate) dedupe_id: Option<Cow<'a, str>>,
    pub(crate) body: &'a [u8],
    pub(crate) crypto: &'a dyn CryptoProvider,
    pub(crate) coverage: Coverage,
    /// The parts of the signed content besides the body and id, to digest on demand.
    pub(crate) content: MatchedContent<'a>,
}

/// What a matched signature covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Coverage {
    pub(crate) body: bool,
    pub(crate) dedupe_key: bool,
    pub(crate) timestamp: bool,
}

/// The matched candidate content: the template and the parts it was bound to (the body and the
/// id are the [`Verified`]'s own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MatchedContent<'a> {
    pub(crate) pieces: &'a [Piece<'static>],
    pub(crate) timestamp: Option<Cow<'a, str>>,
    pub(crate) url: Option<Cow<'a, str>>,
    pub(crate) method: Option<&'a str>,
    pub(crate) sorted_params: alloc::string::String,
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
            .field("coverage", &self.coverage)
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
            && self.coverage == other.coverage
            && self.content == other.content
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

    /// The key to deduplicate deliveries by: the route's or the provider's value
    /// ([`Verified::dedupe_id`]), or else the body's SHA-256, which is computed here, on each
    /// call, and never when the key is not asked for.
    ///
    /// # Security
    /// Unless [`Verified::dedupe_key_signed`], whoever captured one delivery can send it
    /// again under a key of their choosing: deduplicate on [`Verified::replay_key`] as well.
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

    /// The value the dedupe key is (the route's [`KeyTemplate`] value, the provider's id, or the
    /// scheme's dedupe header); `None` when the key is the body's digest, which
    /// [`Verified::dedupe_key`] computes.
    #[must_use]
    pub fn dedupe_id(&self) -> Option<&str> {
        self.dedupe_id.as_deref()
    }

    /// Whether the signature covers the dedupe key: a key read from the body only when the
    /// body is signed, a header only when the signed content includes the `{id}` (or
    /// `{timestamp}`) read from that very header, the body's SHA-256 when the body is signed.
    /// A signed timestamp does not make an unsigned key safe: within the tolerance a captured
    /// delivery can be sent again with a fresh id. When this is `false`, deduplicate on
    /// [`Verified::replay_key`] too.
    #[must_use]
    pub fn dedupe_key_signed(&self) -> bool {
        self.coverage.dedupe_key
    }

    /// Whether the signature covers the body's exact bytes: `{body}` in the signed content, or
    /// a signed digest the body was checked against (Twilio's `bodySHA256`). `false` for
    /// Mailgun (which signs a timestamp and token), Plivo (URL and nonce), tokens (which sign
    /// nothing), Twilio form posts (whose parameters are signed as name-value strings run
    /// together, not as the bytes sent) and specs marked `dangerous_unsigned_body`: then only
    /// what the scheme signs is authentic, and the body may have been changed by anyone who saw
    /// the request.
    #[must_use]
    pub fn body_signed(&self) -> bool {
        self.coverage.body
    }

    /// Whether the timestamp is covered by the signature: then a captured delivery cannot be
    /// replayed once the tolerance has passed (Linear's `Linear-Timestamp` header fallback, for
    /// one, is not).
    #[must_use]
    pub fn timestamp_signed(&self) -> bool {
        self.coverage.timestamp
    }

    /// The SHA-256 of the exact bytes the signature covers (the matched signed content,
    /// `{secret}` left out): the same for a captured delivery sent again under any id, so
    /// claiming it beside [`Verified::dedupe_key`] makes such a replay a duplicate. Computed
    /// when asked for (it hashes the body again where the body is signed). `None` for a scheme
    /// that signs nothing (a token in a header), where a replay cannot be told from a new
    /// request: anyone who saw one can make any.
    ///
    /// Two genuine deliveries with byte-identical signed content have the same replay key.
    #[must_use]
    pub fn replay_key(&self) -> Option<ReplayKey> {
        let content = &self.content;
        if content.pieces.is_empty() {
            return None;
        }
        let parts = Parts {
            body: self.body,
            id: self.id.as_deref(),
            method: content.method,
            timestamp: content.timestamp.as_deref(),
            url: content.url.as_deref(),
        };
        let signed = SignedContent {
            pieces: content.pieces,
            parts: &parts,
            url: parts.url,
            sorted_params: &content.sorted_params,
        };
        let digest = crypto::digest(
            self.crypto,
            DigestAlgorithm::Sha256,
            &Message::new(signed, &[]),
        );
        Some(ReplayKey(
            <[u8; 32]>::try_from(digest.as_ref()).unwrap_or_default(),
        ))
    }

    /// The verified raw body.
    ///
    /// # Security
    /// Authentic only when [`Verified::body_signed`].
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        self.body
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

/// [`find`] with `signature` (the signature header's value) for `Param` sources; a value read
/// from a signature that is not borrowed from the request is copied.
fn find_with<'a, 's, H: Headers + ?Sized>(
    sources: &'s [Source],
    request: &Request<'a, H>,
    format: &SignatureFormat,
    signature: &Cow<'a, str>,
) -> Option<(Cow<'a, str>, &'s Source)> {
    match signature {
        Cow::Borrowed(text) => find(sources, request, Some((format, text))),
        Cow::Owned(text) => find(sources, request, Some((format, text.as_str())))
            .map(|(v, s)| (Cow::Owned(v.into_owned()), s)),
    }
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
