//! Where the MACs and digests come from: a [`CryptoProvider`], [`RustCrypto`] by default.
//!
//! The engine (templates, candidates, constant-time comparison, errors) is the same whichever
//! provider computes the primitives, in the spirit of rustls' `CryptoProvider`: a host with
//! faster primitives plugs them in without forking the engine, and `no_std` targets, browsers
//! and Workers keep the pure-Rust default. The npm package's Node build, for one, computes
//! the MAC of a large body with OpenSSL (`node:crypto`), which has the CPU's SHA instructions
//! that WebAssembly lacks.
//!
//! A provider offers what it accelerates and declines the rest (`None`): the engine then uses
//! [`RustCrypto`], so an algorithm added here later never breaks a provider written today.
//! Signatures over public keys (Ed25519, ECDSA) are checked by the engine itself; a provider
//! only computes ECDSA's SHA-256 prehash.
//!
//! ```
//! use hookgate::crypto::{CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output};
//! use hookgate::{Request, UnixTime, Verifier, VerifyOptions};
//!
//! /// A provider that offers nothing: RustCrypto computes everything, and the verdict is the
//! /// same (a real one would return its own `MacKey`s and digests).
//! #[derive(Debug)]
//! struct Declining;
//!
//! impl CryptoProvider for Declining {
//!     fn mac_key(&self, _: MacAlgorithm, _: &[u8]) -> Option<Box<dyn MacKey>> {
//!         None
//!     }
//!     fn digest(&self, _: DigestAlgorithm, _: &Message<'_>) -> Option<Output> {
//!         None
//!     }
//! }
//!
//! static DECLINING: Declining = Declining;
//! let verifier = Verifier::for_scheme("github", &["It's a Secret to Everybody"])?
//!     .with_crypto(&DECLINING);
//! let headers = [(
//!     "x-hub-signature-256",
//!     "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
//! )];
//! let request = Request::new(&headers[..], b"Hello, World!");
//! assert!(verifier.verify(&request, &VerifyOptions::at(UnixTime::from_secs(0))).is_ok());
//! # Ok::<(), hookgate::ConfigError>(())
//! ```

mod rust_crypto;

use alloc::boxed::Box;
use core::fmt;

pub use rust_crypto::RustCrypto;

use crate::content::{Piece, SignedContent};

/// The largest output of any algorithm here (HMAC-SHA512).
const MAX_OUTPUT: usize = 64;

/// The primitives verification computes. Implement it to take them from elsewhere (a hardware
/// engine, the host of a WebAssembly module); pass the implementation to
/// [`Verifier::with_crypto`](crate::Verifier::with_crypto).
///
/// Every method may decline with `None`; the engine then uses [`RustCrypto`]. Outputs are
/// compared by the engine, in constant time: a provider never compares anything.
pub trait CryptoProvider: fmt::Debug + Send + Sync {
    /// A MAC keyed with `key`, ready to tag many messages (a verifier keys once, when it is
    /// built, and tags once per request and key).
    fn mac_key(&self, algorithm: MacAlgorithm, key: &[u8]) -> Option<Box<dyn MacKey>>;

    /// The digest of `message`.
    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output>;
}

/// A MAC with its key absorbed (see [`CryptoProvider::mac_key`]). `Debug` must not show the
/// key.
pub trait MacKey: fmt::Debug + Send + Sync {
    /// The tag of `message`.
    fn tag(&self, message: &Message<'_>) -> Output;
}

/// The MACs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MacAlgorithm {
    /// HMAC-SHA1.
    HmacSha1,
    /// HMAC-SHA256.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
}

/// The digests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
}

/// What a MAC or digest covers, as a sequence of chunks: literal text and header values, and
/// the request's body as a chunk of its own. The bytes are never joined, so a large body is
/// hashed where it lies.
#[derive(Clone, Copy)]
pub struct Message<'a> {
    kind: Kind<'a>,
}

#[derive(Clone, Copy)]
enum Kind<'a> {
    /// One candidate's signed content, `secret` standing for its `{secret}` piece (plain-hash
    /// schemes sign their secret).
    Content {
        content: SignedContent<'a>,
        secret: &'a [u8],
    },
    /// A body alone.
    Body(&'a [u8]),
}

/// One chunk of a [`Message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chunk<'a> {
    /// Bytes of the signed content other than the body.
    Bytes(&'a [u8]),
    /// The request's body, exactly as given to [`Request::new`](crate::Request::new). A
    /// provider whose host holds the body itself may hash its own copy instead, provided it
    /// is the same bytes; the npm package's Node build does, so that a large body is never
    /// copied into WebAssembly memory (only for verifiers whose
    /// [`reads_body`](crate::Verifier::reads_body) is false).
    Body(&'a [u8]),
}

impl<'a> Message<'a> {
    /// The signed content of one candidate, `secret` standing for its `{secret}` piece.
    pub(crate) fn new(content: SignedContent<'a>, secret: &'a [u8]) -> Self {
        Self {
            kind: Kind::Content { content, secret },
        }
    }

    /// A request's body alone (its digest is a dedupe key, or Twilio's `bodySHA256`).
    #[must_use]
    pub fn body(body: &'a [u8]) -> Self {
        Self {
            kind: Kind::Body(body),
        }
    }

    /// The chunks, in order.
    pub fn chunks(&self) -> impl Iterator<Item = Chunk<'_>> + '_ {
        let (content, body) = match &self.kind {
            Kind::Content { content, secret } => (Some((content, *secret)), None),
            Kind::Body(body) => (None, Some(*body)),
        };
        let pieces = content.map_or(&[][..], |(c, _)| c.pieces);
        body.map(Chunk::Body)
            .into_iter()
            .chain(pieces.iter().filter_map(move |piece| {
                let (content, secret) = content?;
                Some(match piece {
                    Piece::Body => Chunk::Body(content.parts.body),
                    other => Chunk::Bytes(content.piece(other, secret)),
                })
            }))
    }

    /// The bytes of every chunk, in order: what a MAC or digest absorbs.
    pub fn slices(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.chunks().map(Chunk::bytes)
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Neither the secret nor the body.
        f.debug_struct("Message")
            .field("chunks", &self.chunks().count())
            .finish_non_exhaustive()
    }
}

impl<'a> Chunk<'a> {
    /// The chunk's bytes.
    #[must_use]
    pub fn bytes(self) -> &'a [u8] {
        match self {
            Self::Bytes(b) | Self::Body(b) => b,
        }
    }
}

/// A tag or digest: up to 64 bytes, compared by the engine in constant time.
#[derive(Clone, Copy)]
pub struct Output {
    buf: [u8; MAX_OUTPUT],
    len: u8,
}

impl Output {
    /// No bytes: matches no signature (the engine never accepts an empty expected tag).
    pub(crate) const EMPTY: Self = Self {
        buf: [0; MAX_OUTPUT],
        len: 0,
    };

    /// An output of these bytes; `None` if longer than 64.
    #[must_use]
    pub fn new(bytes: &[u8]) -> Option<Self> {
        let mut buf = [0u8; MAX_OUTPUT];
        buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        let len = u8::try_from(bytes.len()).ok()?;
        Some(Self { buf, len })
    }
}

/// An empty output, which matches no signature.
impl Default for Output {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl AsRef<[u8]> for Output {
    fn as_ref(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or_default()
    }
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Expected tags are never shown (house rule for errors and logs alike).
        f.debug_struct("Output")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// `provider`'s MAC key, or RustCrypto's when it declines.
pub(crate) fn mac_key(
    provider: &dyn CryptoProvider,
    algorithm: MacAlgorithm,
    key: &[u8],
) -> Box<dyn MacKey> {
    provider
        .mac_key(algorithm, key)
        .unwrap_or_else(|| RustCrypto::keyed(algorithm, key))
}

/// `provider`'s digest, or RustCrypto's when it declines.
pub(crate) fn digest(
    provider: &dyn CryptoProvider,
    algorithm: DigestAlgorithm,
    message: &Message<'_>,
) -> Output {
    provider
        .digest(algorithm, message)
        .unwrap_or_else(|| RustCrypto::digest_of(algorithm, message))
}
