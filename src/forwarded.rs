//! What the hookgate gateway (`worker/`) forwards to its origin, and how the origin checks it.
//!
//! The gateway forwards the provider's bytes and headers, plus:
//!
//! - its own Standard Webhooks signature over the body, under `hookgate-webhook-id`,
//!   `hookgate-webhook-timestamp` and `hookgate-webhook-signature` (any Standard Webhooks
//!   library verifies it, read under the standard names);
//! - the **metadata** of its verdict ([`METADATA_HEADERS`]: `hookgate-verified`, the scheme,
//!   the dedupe key, whether that key and the body are covered by the provider's signature);
//! - `hookgate-metadata-signature`: the same key's signature over [`metadata_content`], which
//!   binds those headers to the message id, timestamp and body signature. The body signature
//!   alone leaves the metadata open: anyone on the path could flip `hookgate-body-signed` or
//!   rewrite the dedupe key of a genuinely signed request.
//!
//! An origin checks both with a [`Receiver`] (the npm package's `GatewayWebhook`).
//!
//! The metadata content starts with `hookgate-metadata/1` and a newline, which no message id
//! (a header value) can contain, so a metadata signature can never pass for a body signature
//! or the other way round, though one key makes both.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{ConfigError, SignError, VerifyError};
use crate::headers::Headers;
use crate::schemes::{HOOKGATE as GATEWAY, HOOKGATE_METADATA as METADATA};
use crate::sign::{SignInput, sign};
use crate::time::UnixTime;
use crate::verify::{Request, Verified, Verifier, VerifyOptions};

/// hookgate's message id: `hg_` and 32 hex digits, stable per route and event.
pub const HEADER_WEBHOOK_ID: &str = "hookgate-webhook-id";
/// When hookgate signed (Unix seconds).
pub const HEADER_WEBHOOK_TIMESTAMP: &str = "hookgate-webhook-timestamp";
/// hookgate's Standard Webhooks signature over `{id}.{timestamp}.{body}`.
pub const HEADER_WEBHOOK_SIGNATURE: &str = "hookgate-webhook-signature";
/// The gateway's verdict ([`verified_value`]): `true` when the provider's signature verified
/// and covers the body, `partial` when it verified but does not cover the body, `false` in
/// shadow mode (the request did not verify, and nothing is signed).
pub const HEADER_VERIFIED: &str = "hookgate-verified";
/// The scheme id the request was verified against.
pub const HEADER_SCHEME: &str = "hookgate-scheme";
/// The dedupe key, percent-encoded when it holds anything but visible ASCII or holds `%`.
pub const HEADER_DEDUPE_KEY: &str = "hookgate-dedupe-key";
/// Whether the provider's signature covers the dedupe key (`true` / `false`).
pub const HEADER_DEDUPE_KEY_SIGNED: &str = "hookgate-dedupe-key-signed";
/// Whether the provider's signature covers the body's exact bytes (`true` / `false`).
pub const HEADER_BODY_SIGNED: &str = "hookgate-body-signed";
/// hookgate's signature over [`metadata_content`].
pub const HEADER_METADATA_SIGNATURE: &str = "hookgate-metadata-signature";

/// `hookgate-verified` for a request whose provider signature verified: `true` when that
/// signature covers the body's exact bytes, else `partial` (with `hookgate-body-signed: false`:
/// Mailgun signs a timestamp and token, a token scheme nothing), so that an origin that reads
/// only `hookgate-verified: true` never takes an unsigned body for an authentic one.
#[must_use]
pub fn verified_value(body_signed: bool) -> &'static str {
    if body_signed { "true" } else { "partial" }
}

/// The metadata headers, in the order [`metadata_content`] writes them.
pub const METADATA_HEADERS: [&str; 5] = [
    HEADER_VERIFIED,
    HEADER_SCHEME,
    HEADER_DEDUPE_KEY,
    HEADER_DEDUPE_KEY_SIGNED,
    HEADER_BODY_SIGNED,
];

/// The first line of [`metadata_content`].
const METADATA_VERSION: &str = "hookgate-metadata/1";

/// What the metadata signature covers: a version line, then `name:value` lines (just `name`
/// for a header that is absent) for `hookgate-webhook-id`, `-timestamp` and `-signature`, and
/// every [`METADATA_HEADERS`] entry, each line ending in a newline. Header values cannot hold a
/// newline, so the lines cannot be confused.
#[must_use]
pub fn metadata_content<H: Headers + ?Sized>(headers: &H) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(METADATA_VERSION);
    out.push('\n');
    let names = [
        HEADER_WEBHOOK_ID,
        HEADER_WEBHOOK_TIMESTAMP,
        HEADER_WEBHOOK_SIGNATURE,
    ];
    for name in names.into_iter().chain(METADATA_HEADERS) {
        out.push_str(name);
        if let Some(value) = headers.header(name) {
            out.push(':');
            out.push_str(value);
        }
        out.push('\n');
    }
    out
}

/// hookgate's headers for one forward: its body signature (`hookgate-webhook-*`) with `id`
/// and `timestamp`, and `hookgate-metadata-signature` over them and the metadata headers in
/// `metadata` (the outbound headers, which hold them).
///
/// # Errors
/// [`SignError`] when `origin_secret` cannot sign (a `whsec_` key or an Ed25519 `whsk_` key).
pub fn sign_forward<H: Headers + ?Sized>(
    origin_secret: &str,
    id: &str,
    timestamp: UnixTime,
    body: &[u8],
    metadata: &H,
) -> Result<Vec<(String, String)>, SignError> {
    let input = SignInput::new(body).with_id(id).with_timestamp(timestamp);
    let mut headers = sign(&GATEWAY, origin_secret, &input)?.headers;
    let content = metadata_content(&Both(&headers, metadata));
    let signature = sign(
        &METADATA,
        origin_secret,
        &SignInput::new(content.as_bytes()),
    )?;
    headers.extend(signature.headers);
    Ok(headers)
}

/// Checks that `origin_secret` can sign forwards, without signing anything.
///
/// # Errors
/// The [`ConfigError`] [`sign_forward`] would fail with.
pub fn check_origin_secret(origin_secret: &str) -> Result<(), ConfigError> {
    crate::sign::check_signing_key(&GATEWAY, origin_secret)
}

/// Two header sets read as one, the first first.
struct Both<'h, A: ?Sized, B: ?Sized>(&'h A, &'h B);

impl<A: Headers + ?Sized, B: Headers + ?Sized> Headers for Both<'_, A, B> {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name).or_else(|| self.1.header(name))
    }
}

/// The origin's side: checks hookgate's body signature **and** its metadata signature with
/// the origin secret(s) the gateway signs with (`whsec_…`, or `whpk_…` for an Ed25519
/// `whsk_` key; several during a rotation).
pub struct Receiver {
    body: Verifier,
    metadata: Verifier,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver for these origin secrets.
    ///
    /// # Errors
    /// [`ConfigError`] as [`Verifier::new`].
    pub fn new(secrets: &[impl AsRef<str>]) -> Result<Self, ConfigError> {
        Ok(Self {
            body: Verifier::new(&GATEWAY, secrets)?,
            metadata: Verifier::new(&METADATA, secrets)?,
        })
    }

    /// The header names [`Receiver::verify`] reads.
    pub fn header_names(&self) -> impl Iterator<Item = &'static str> {
        [
            HEADER_WEBHOOK_ID,
            HEADER_WEBHOOK_TIMESTAMP,
            HEADER_WEBHOOK_SIGNATURE,
        ]
        .into_iter()
        .chain(METADATA_HEADERS)
        .chain([HEADER_METADATA_SIGNATURE])
    }

    /// Verifies a forwarded request: the body signature (id, timestamp within the tolerance,
    /// raw body), then the metadata signature, which must cover `hookgate-verified: true` (or
    /// `partial` with `hookgate-body-signed: false`: see [`Forwarded::body_signed`]).
    ///
    /// # Errors
    /// The body signature's [`VerifyError`]; [`VerifyError::MissingHeader`] for a missing
    /// `hookgate-metadata-signature`; [`VerifyError::ForwardedMetadataMismatch`] when the
    /// metadata does not match it, or its `hookgate-verified` is not the
    /// [`verified_value`] of its `hookgate-body-signed`.
    pub fn verify<'a, H: Headers + ?Sized>(
        &'a self,
        request: &Request<'a, H>,
        options: &VerifyOptions,
    ) -> Result<Forwarded<'a>, VerifyError> {
        let verified = self.body.verify(request, options)?;
        let headers = request.headers();
        let content = metadata_content(headers);
        let metadata = Request::new(headers, content.as_bytes());
        match self.metadata.verify(&metadata, options) {
            Ok(_) => {}
            Err(VerifyError::NoMatchingSignature { .. }) => {
                return Err(VerifyError::ForwardedMetadataMismatch);
            }
            Err(e) => return Err(e),
        }
        let flag = |name| headers.header(name) == Some("true");
        if headers.header(HEADER_VERIFIED) != Some(verified_value(flag(HEADER_BODY_SIGNED))) {
            return Err(VerifyError::ForwardedMetadataMismatch);
        }
        Ok(Forwarded {
            scheme: headers.header(HEADER_SCHEME).unwrap_or_default(),
            dedupe_key: headers.header(HEADER_DEDUPE_KEY).unwrap_or_default(),
            dedupe_key_signed: flag(HEADER_DEDUPE_KEY_SIGNED),
            body_signed: flag(HEADER_BODY_SIGNED),
            verified,
        })
    }
}

/// A forwarded request whose body and metadata signatures both verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forwarded<'a> {
    verified: Verified<'a>,
    scheme: &'a str,
    dedupe_key: &'a str,
    dedupe_key_signed: bool,
    body_signed: bool,
}

impl<'a> Forwarded<'a> {
    /// hookgate's message id (`hg_…`): stable per route and event, derived from signed data
    /// only; the key to deduplicate by.
    #[must_use]
    pub fn id(&self) -> &str {
        self.verified.id().unwrap_or_default()
    }

    /// When hookgate signed this attempt.
    #[must_use]
    pub fn timestamp(&self) -> Option<UnixTime> {
        self.verified.timestamp()
    }

    /// Which origin secret matched.
    #[must_use]
    pub fn key_index(&self) -> usize {
        self.verified.key_index()
    }

    /// The provider's scheme id, as the gateway verified it.
    #[must_use]
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// The dedupe key as sent (percent-encoded when it held anything but visible ASCII, or a
    /// `%`); see [`Forwarded::dedupe_key_decoded`].
    #[must_use]
    pub fn dedupe_key(&self) -> &'a str {
        self.dedupe_key
    }

    /// The dedupe key with its percent-encoding undone (invalid UTF-8 replaced).
    #[must_use]
    pub fn dedupe_key_decoded(&self) -> Cow<'a, str> {
        percent_decode(self.dedupe_key)
    }

    /// Whether the provider's signature covers the dedupe key (see
    /// [`Verified::dedupe_key_signed`]).
    #[must_use]
    pub fn dedupe_key_signed(&self) -> bool {
        self.dedupe_key_signed
    }

    /// Whether the provider's signature covers the body's exact bytes (see
    /// [`Verified::body_signed`]); when `false`, only what the provider's scheme signs is
    /// authentic, and the body may have been changed before the gateway got it.
    #[must_use]
    pub fn body_signed(&self) -> bool {
        self.body_signed
    }

    /// The raw body.
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        self.verified.body()
    }
}

/// `text` with `%XX` sequences decoded.
fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let hex = tail
            .get(..2)
            .and_then(|h| core::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                bytes.push(decoded);
                rest = tail.get(2..).unwrap_or_default();
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use alloc::borrow::ToOwned;
    use alloc::vec;

    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    fn forward(metadata: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut headers: Vec<(String, String)> = metadata
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let signed = sign_forward(
            SECRET,
            "hg_1",
            UnixTime::from_secs(1_700_000_000),
            b"{}",
            &headers,
        )
        .unwrap();
        headers.extend(signed);
        headers
    }

    const META: [(&str, &str); 5] = [
        (HEADER_VERIFIED, "true"),
        (HEADER_SCHEME, "github"),
        (HEADER_DEDUPE_KEY, "d%C3%A9"),
        (HEADER_DEDUPE_KEY_SIGNED, "false"),
        (HEADER_BODY_SIGNED, "true"),
    ];

    #[test]
    fn an_origin_checks_body_and_metadata() {
        let headers = forward(&META);
        let receiver = Receiver::new(&[SECRET]).unwrap();
        let now = VerifyOptions::at(UnixTime::from_secs(1_700_000_001));
        let ok = receiver
            .verify(&Request::new(&headers, b"{}"), &now)
            .unwrap();
        assert_eq!(
            (ok.id(), ok.scheme(), ok.dedupe_key_decoded().as_ref()),
            ("hg_1", "github", "dé")
        );
        assert!(ok.body_signed() && !ok.dedupe_key_signed());

        // Each metadata header changed, dropped or duplicated: refused.
        for (i, (name, _)) in META.iter().enumerate() {
            let mut changed = headers.clone();
            changed[i].1 = "x".into();
            let e = receiver.verify(&Request::new(&changed, b"{}"), &now);
            assert_eq!(e, Err(VerifyError::ForwardedMetadataMismatch), "{name}");
            let dropped: Vec<_> = headers.iter().filter(|(n, _)| n != name).cloned().collect();
            let e = receiver.verify(&Request::new(&dropped, b"{}"), &now);
            assert_eq!(e, Err(VerifyError::ForwardedMetadataMismatch), "{name}");
        }
        // An unsigned body is `partial`, never `true`; and the other way round.
        let partial = |verified, body_signed| {
            let mut meta = META;
            meta[0].1 = verified;
            meta[4].1 = body_signed;
            receiver
                .verify(&Request::new(&forward(&meta), b"{}"), &now)
                .map(|f| f.body_signed())
        };
        assert_eq!(partial("partial", "false"), Ok(false));
        for (verified, body_signed) in [("true", "false"), ("partial", "true"), ("false", "false")]
        {
            assert_eq!(
                partial(verified, body_signed),
                Err(VerifyError::ForwardedMetadataMismatch),
                "{verified} {body_signed}"
            );
        }
        // The body signature still gates everything.
        assert_eq!(
            receiver
                .verify(&Request::new(&headers, b"{ }"), &now)
                .unwrap_err()
                .code(),
            "no_matching_signature"
        );
        let unsigned: Vec<_> = headers
            .iter()
            .filter(|(n, _)| n != HEADER_METADATA_SIGNATURE)
            .cloned()
            .collect();
        assert_eq!(
            receiver
                .verify(&Request::new(&unsigned, b"{}"), &now)
                .unwrap_err()
                .code(),
            "missing_header"
        );
    }

    #[test]
    fn a_metadata_signature_is_not_a_body_signature() {
        let headers = forward(&META);
        let metadata_signature = headers
            .iter()
            .find(|(n, _)| n == HEADER_METADATA_SIGNATURE)
            .map(|(_, v)| v.clone())
            .unwrap();
        let content = metadata_content(&headers);
        // The metadata signature presented as a body signature over its own content.
        let swapped = vec![
            (HEADER_WEBHOOK_ID.to_owned(), "hg_1".to_owned()),
            (HEADER_WEBHOOK_TIMESTAMP.to_owned(), "1700000000".to_owned()),
            (HEADER_WEBHOOK_SIGNATURE.to_owned(), metadata_signature),
        ];
        let body = Verifier::new(&GATEWAY, &[SECRET]).unwrap();
        let now = VerifyOptions::at(UnixTime::from_secs(1_700_000_001));
        assert!(
            body.verify(&Request::new(&swapped, content.as_bytes()), &now)
                .is_err()
        );
        assert!(content.starts_with("hookgate-metadata/1\nhookgate-webhook-id:hg_1\n"));
        GATEWAY.validate().unwrap();
        METADATA.validate().unwrap();
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("evt_1"), "evt_1");
        assert_eq!(percent_decode("a%20b%25c%zz%4"), "a b%c%zz%4");
    }
}
