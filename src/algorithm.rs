//! The signature primitives: every hash, MAC and signature the crate computes goes through
//! this module. Signed content streams in as a sequence of byte slices
//! ([`SignedContent::slices`], the body one slice of its own), and every comparison is
//! constant-time inside the primitive (`Mac::verify_slice`, `CtEq`), never `==`.

use alloc::vec::Vec;

use ctutils::CtEq as _;
use ed25519_dalek::Signer as _;
use hmac::digest::Output;
use hmac::{Hmac, KeyInit, Mac};
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};

use crate::content::SignedContent;
use crate::key::{KeyMaterial, Keyed, SigningKey};
use crate::spec::Algorithm;

/// One key with the content already absorbed, ready to compare many candidates cheaply: the
/// MAC or digest is finalised once, however many candidates the header holds.
pub(crate) enum Prepared<'k> {
    Digest([u8; 32]),
    EcdsaP256(&'k p256::ecdsa::VerifyingKey, [u8; 32]),
    Ed25519(&'k ed25519_dalek::VerifyingKey, Vec<u8>),
    HmacSha1(Output<Hmac<Sha1>>),
    HmacSha256(Output<Hmac<Sha256>>),
    HmacSha512(Output<Hmac<Sha512>>),
    /// A shared token the request carries as it is.
    Token(&'k [u8]),
    Unusable,
}

/// A MAC keyed with `secret` that has absorbed `content`.
fn mac<M: Mac + KeyInit>(secret: &[u8], content: &SignedContent<'_>) -> Option<M> {
    let mut m = <M as KeyInit>::new_from_slice(secret).ok()?;
    content.slices(secret).for_each(|b| m.update(b));
    Some(m)
}

/// The SHA-256 of `content`, `{secret}` standing for `secret`.
fn content_sha256(content: &SignedContent<'_>, secret: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    content.slices(secret).for_each(|b| h.update(b));
    h.finalize().into()
}

pub(crate) fn prepare<'k>(
    algorithm: Algorithm,
    key: &'k KeyMaterial,
    keyed: Option<&Keyed>,
    content: &SignedContent<'_>,
) -> Prepared<'k> {
    /// The tag of the content under a MAC keyed once per secret (see [`Keyed`]).
    fn tag<M: Mac + Clone>(keyed: &M, content: &SignedContent<'_>) -> Output<M> {
        let mut m = keyed.clone();
        content.slices(&[]).for_each(|b| m.update(b));
        m.finalize().into_bytes()
    }
    /// The same, keying the MAC first.
    fn keyed_tag<M: Mac + KeyInit>(
        secret: &[u8],
        content: &SignedContent<'_>,
    ) -> Option<Output<M>> {
        mac::<M>(secret, content).map(|m| m.finalize().into_bytes())
    }
    match (algorithm, keyed) {
        (Algorithm::HmacSha1, Some(Keyed::Sha1(m))) => return Prepared::HmacSha1(tag(m, content)),
        (Algorithm::HmacSha256, Some(Keyed::Sha256(m))) => {
            return Prepared::HmacSha256(tag(m, content));
        }
        (Algorithm::HmacSha512, Some(Keyed::Sha512(m))) => {
            return Prepared::HmacSha512(tag(m, content));
        }
        _ => {}
    }
    match (algorithm, key) {
        (Algorithm::HmacSha1, KeyMaterial::Secret(s)) => {
            keyed_tag::<Hmac<Sha1>>(s, content).map_or(Prepared::Unusable, Prepared::HmacSha1)
        }
        (Algorithm::HmacSha256, KeyMaterial::Secret(s)) => {
            keyed_tag::<Hmac<Sha256>>(s, content).map_or(Prepared::Unusable, Prepared::HmacSha256)
        }
        (Algorithm::HmacSha512, KeyMaterial::Secret(s)) => {
            keyed_tag::<Hmac<Sha512>>(s, content).map_or(Prepared::Unusable, Prepared::HmacSha512)
        }
        (Algorithm::Sha256, KeyMaterial::Secret(s)) => Prepared::Digest(content_sha256(content, s)),
        (Algorithm::Token, KeyMaterial::Secret(s)) => Prepared::Token(s),
        (Algorithm::Ed25519, KeyMaterial::Ed25519(k)) => Prepared::Ed25519(k, content.to_vec(&[])),
        (Algorithm::EcdsaP256Sha256, KeyMaterial::EcdsaP256(k)) => {
            Prepared::EcdsaP256(k, content_sha256(content, &[]))
        }
        _ => Prepared::Unusable,
    }
}

impl Prepared<'_> {
    /// Whether `candidate` (decoded signature bytes) is a valid signature.
    pub(crate) fn matches(&self, candidate: &[u8]) -> bool {
        match self {
            Self::Digest(d) => same_tag(d, candidate),
            Self::EcdsaP256(k, digest) => {
                // P-256 does not normalise S, so SendGrid's high-S signatures verify as sent.
                ecdsa_signature(candidate).is_some_and(|sig| k.verify_prehash(digest, &sig).is_ok())
            }
            Self::Ed25519(k, message) => <[u8; 64]>::try_from(candidate).is_ok_and(|raw| {
                k.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&raw))
                    .is_ok()
            }),
            Self::HmacSha1(tag) => same_tag(tag, candidate),
            Self::HmacSha256(tag) => same_tag(tag, candidate),
            Self::HmacSha512(tag) => same_tag(tag, candidate),
            Self::Token(token) => same_tag(token, candidate),
            Self::Unusable => false,
        }
    }
}

/// Whether `candidate` is the expected tag, in constant time. This is the comparison
/// `Mac::verify_slice` makes (lengths, then `CtEq` over the bytes); the MAC is finalised once
/// by [`prepare`] instead of once per candidate.
fn same_tag(expected: &[u8], candidate: &[u8]) -> bool {
    expected.ct_eq(candidate).to_bool()
}

/// Produces a signature over the content.
pub(crate) fn sign(
    algorithm: Algorithm,
    key: &SigningKey,
    content: &SignedContent<'_>,
) -> Option<Vec<u8>> {
    let tag = |m: Option<Vec<u8>>| m;
    match (algorithm, key) {
        (Algorithm::HmacSha1, SigningKey::Secret(s)) => {
            tag(mac::<Hmac<Sha1>>(s, content).map(|m| m.finalize().into_bytes().to_vec()))
        }
        (Algorithm::HmacSha256, SigningKey::Secret(s)) => {
            tag(mac::<Hmac<Sha256>>(s, content).map(|m| m.finalize().into_bytes().to_vec()))
        }
        (Algorithm::HmacSha512, SigningKey::Secret(s)) => {
            tag(mac::<Hmac<Sha512>>(s, content).map(|m| m.finalize().into_bytes().to_vec()))
        }
        (Algorithm::Sha256, SigningKey::Secret(s)) => Some(content_sha256(content, s).to_vec()),
        (Algorithm::Token, SigningKey::Secret(s)) => Some(s.clone()),
        (Algorithm::Ed25519, SigningKey::Ed25519(k)) => {
            Some(k.sign(&content.to_vec(&[])).to_bytes().to_vec())
        }
        _ => None,
    }
}

/// The body's SHA-256, for dedupe keys and Twilio's `bodySHA256`.
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// An ECDSA signature from DER (`SEQUENCE { INTEGER r, INTEGER s }`) or raw `r‖s`.
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
