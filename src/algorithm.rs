//! The signature primitives, as the engine uses them: MACs and digests come from the
//! verifier's [`CryptoProvider`] (RustCrypto unless one is plugged in), and the checks over
//! public keys (Ed25519, ECDSA P-256) are made here. Signed content streams in as a
//! [`Message`] (the body a chunk of its own), and every comparison is constant-time
//! (`CtEq`, the comparison `Mac::verify_slice` makes), never `==`.
//!
//! The asymmetric checks are kept out of line, so that the HMAC path a verification runs is
//! small: WebAssembly engines compile each function on its first call, and a cold start pays
//! for every byte of the functions it runs.

use alloc::vec::Vec;

use ctutils::CtEq as _;
#[cfg(feature = "public-key")]
use ed25519_dalek::Signer as _;
#[cfg(feature = "public-key")]
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;

use crate::content::SignedContent;
use crate::crypto::{
    self, CryptoProvider, DigestAlgorithm, MacAlgorithm, Message, Output, RustCrypto,
};
use crate::key::{Key, KeyMaterial, SigningKey};
use crate::spec::Algorithm;

/// One key with the content already absorbed, ready to compare many candidates cheaply: the
/// MAC or digest is finalised once, however many candidates the header holds.
pub(crate) enum Prepared<'k> {
    #[cfg(feature = "public-key")]
    EcdsaP256(&'k p256::ecdsa::VerifyingKey, Output),
    #[cfg(feature = "public-key")]
    Ed25519(&'k ed25519_dalek::VerifyingKey, Vec<u8>),
    /// A MAC tag, or a plain hash over content that includes the secret.
    Tag(Output),
    /// A shared token the request carries as it is.
    Token(&'k [u8]),
    Unusable,
}

impl Algorithm {
    /// The MAC this algorithm is, if it is one.
    pub(crate) fn mac(self) -> Option<MacAlgorithm> {
        match self {
            Self::HmacSha1 => Some(MacAlgorithm::HmacSha1),
            Self::HmacSha256 => Some(MacAlgorithm::HmacSha256),
            Self::HmacSha512 => Some(MacAlgorithm::HmacSha512),
            Self::EcdsaP256Sha256 | Self::Ed25519 | Self::Sha256 | Self::Token => None,
        }
    }
}

pub(crate) fn prepare<'k>(
    crypto: &dyn CryptoProvider,
    algorithm: Algorithm,
    key: &'k Key,
    content: &SignedContent<'_>,
) -> Prepared<'k> {
    match (algorithm.mac(), &key.mac) {
        (Some(_), Some(mac)) => Prepared::Tag(mac.tag(&Message::new(*content, &[]))),
        (Some(_), None) => Prepared::Unusable,
        (None, _) => prepare_other(crypto, algorithm, key, content),
    }
}

/// [`prepare`] for the algorithms that are not MACs: out of line, so the HMAC path stays
/// small (a WebAssembly build compiles a function when it first runs).
#[inline(never)]
fn prepare_other<'k>(
    crypto: &dyn CryptoProvider,
    algorithm: Algorithm,
    key: &'k Key,
    content: &SignedContent<'_>,
) -> Prepared<'k> {
    match (algorithm, &key.material) {
        (Algorithm::Sha256, KeyMaterial::Secret(s)) => Prepared::Tag(crypto::digest(
            crypto,
            DigestAlgorithm::Sha256,
            &Message::new(*content, s),
        )),
        (Algorithm::Token, KeyMaterial::Secret(s)) => Prepared::Token(s),
        #[cfg(feature = "public-key")]
        (Algorithm::Ed25519, KeyMaterial::Ed25519(k)) => Prepared::Ed25519(k, content.to_vec(&[])),
        #[cfg(feature = "public-key")]
        (Algorithm::EcdsaP256Sha256, KeyMaterial::EcdsaP256(k)) => Prepared::EcdsaP256(
            k,
            crypto::digest(
                crypto,
                DigestAlgorithm::Sha256,
                &Message::new(*content, &[]),
            ),
        ),
        _ => Prepared::Unusable,
    }
}

impl Prepared<'_> {
    /// Whether `candidate` (decoded signature bytes) is a valid signature.
    pub(crate) fn matches(&self, candidate: &[u8]) -> bool {
        match self {
            #[cfg(feature = "public-key")]
            Self::EcdsaP256(k, digest) => ecdsa_p256_verifies(k, digest.as_ref(), candidate),
            #[cfg(feature = "public-key")]
            Self::Ed25519(k, message) => ed25519_verifies(k, message, candidate),
            Self::Tag(tag) => same_tag(tag.as_ref(), candidate),
            Self::Token(token) => same_tag(token, candidate),
            Self::Unusable => false,
        }
    }
}

/// Whether `candidate` is the expected tag, in constant time. This is the comparison
/// `Mac::verify_slice` makes (lengths, then `CtEq` over the bytes); the MAC is finalised once
/// by [`prepare`] instead of once per candidate. An empty tag matches nothing.
fn same_tag(expected: &[u8], candidate: &[u8]) -> bool {
    !expected.is_empty() && expected.ct_eq(candidate).to_bool()
}

/// P-256 does not normalise S, so SendGrid's high-S signatures verify as sent.
#[cfg(feature = "public-key")]
#[inline(never)]
fn ecdsa_p256_verifies(key: &p256::ecdsa::VerifyingKey, digest: &[u8], candidate: &[u8]) -> bool {
    ecdsa_signature(candidate).is_some_and(|sig| key.verify_prehash(digest, &sig).is_ok())
}

#[cfg(feature = "public-key")]
#[inline(never)]
fn ed25519_verifies(key: &ed25519_dalek::VerifyingKey, message: &[u8], candidate: &[u8]) -> bool {
    <[u8; 64]>::try_from(candidate).is_ok_and(|raw| {
        key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&raw))
            .is_ok()
    })
}

/// Produces a signature over the content (with RustCrypto: signing is for producers and
/// tests, never on a verification path).
pub(crate) fn sign(
    algorithm: Algorithm,
    key: &SigningKey,
    content: &SignedContent<'_>,
) -> Option<Vec<u8>> {
    match (algorithm, key) {
        (Algorithm::Sha256, SigningKey::Secret(s)) => Some(
            RustCrypto::digest_of(DigestAlgorithm::Sha256, &Message::new(*content, s))
                .as_ref()
                .to_vec(),
        ),
        (Algorithm::Token, SigningKey::Secret(s)) => Some(s.clone()),
        #[cfg(feature = "public-key")]
        (Algorithm::Ed25519, SigningKey::Ed25519(k)) => {
            Some(k.sign(&content.to_vec(&[])).to_bytes().to_vec())
        }
        (alg, SigningKey::Secret(s)) => {
            let mac = RustCrypto::keyed(alg.mac()?, s);
            Some(mac.tag(&Message::new(*content, &[])).as_ref().to_vec())
        }
        #[cfg(feature = "public-key")]
        _ => None,
    }
}

/// The SHA-256 of `bytes`, with RustCrypto (for forensics, which tries many bodies).
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = RustCrypto::digest_of(DigestAlgorithm::Sha256, &Message::body(bytes));
    <[u8; 32]>::try_from(digest.as_ref()).unwrap_or_default()
}

/// An ECDSA signature from DER (`SEQUENCE { INTEGER r, INTEGER s }`) or raw `r‖s`.
#[cfg(feature = "public-key")]
fn ecdsa_signature(bytes: &[u8]) -> Option<p256::ecdsa::Signature> {
    if bytes.len() == 64 {
        return p256::ecdsa::Signature::from_slice(bytes).ok();
    }
    let (&[0x30, len], rest) = bytes.split_first_chunk::<2>()? else {
        return None;
    };
    if usize::from(len) != rest.len() {
        return None;
    }
    let (r, rest) = der_integer(rest)?;
    let (s, rest) = der_integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    p256::ecdsa::Signature::from_scalars(r, s).ok()
}

/// One DER INTEGER as 32 big-endian bytes, and what follows it.
#[cfg(feature = "public-key")]
fn der_integer(bytes: &[u8]) -> Option<([u8; 32], &[u8])> {
    let (&[0x02, len], rest) = bytes.split_first_chunk::<2>()? else {
        return None;
    };
    let (value, rest) = rest.split_at_checked(usize::from(len))?;
    // Strip the sign byte DER adds when the high bit is set.
    let value = match value {
        [0, tail @ ..] if tail.first().is_some_and(|b| b & 0x80 != 0) => tail,
        v => v,
    };
    if value.is_empty() || value.len() > 32 {
        return None;
    }
    let mut out = [0u8; 32];
    out.get_mut(32 - value.len()..)?.copy_from_slice(value);
    Some((out, rest))
}
