//! The default provider: RustCrypto's `hmac`, `sha1` and `sha2`, pure Rust everywhere
//! (`no_std`, WebAssembly with SIMD128, any CPU).

use alloc::boxed::Box;
use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};

use super::{CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output};

/// RustCrypto: the default [`CryptoProvider`], which never declines.
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

impl RustCrypto {
    pub(crate) fn keyed(algorithm: MacAlgorithm, key: &[u8]) -> Box<dyn MacKey> {
        match algorithm {
            MacAlgorithm::HmacSha1 => hmac_key::<Hmac<Sha1>>(key),
            MacAlgorithm::HmacSha256 => hmac_key::<Hmac<Sha256>>(key),
            MacAlgorithm::HmacSha512 => hmac_key::<Hmac<Sha512>>(key),
        }
    }

    pub(crate) fn digest_of(algorithm: DigestAlgorithm, message: &Message<'_>) -> Output {
        match algorithm {
            DigestAlgorithm::Sha256 => {
                let mut h = Sha256::new();
                message.slices().for_each(|b| h.update(b));
                output(&h.finalize())
            }
        }
    }
}

impl CryptoProvider for RustCrypto {
    fn mac_key(&self, algorithm: MacAlgorithm, key: &[u8]) -> Option<Box<dyn MacKey>> {
        Some(Self::keyed(algorithm, key))
    }

    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output> {
        Some(Self::digest_of(algorithm, message))
    }
}

/// One HMAC keyed. Never inlined: a WebAssembly build then compiles (on its first run) only
/// the hash a verifier uses.
#[inline(never)]
fn hmac_key<M: Mac + KeyInit + Clone + Send + Sync + 'static>(key: &[u8]) -> Box<dyn MacKey> {
    Box::new(Keyed(M::new_from_slice(key).ok()))
}

/// An HMAC with both pads absorbed, cloned for each message. (HMAC takes keys of any length,
/// so `None` never happens; its tag would be empty, which matches nothing.)
#[derive(Clone)]
struct Keyed<M>(Option<M>);

impl<M: Mac + Clone + Send + Sync> MacKey for Keyed<M> {
    fn tag(&self, message: &Message<'_>) -> Output {
        let Some(keyed) = &self.0 else {
            return Output::EMPTY;
        };
        let mut m = keyed.clone();
        message.slices().for_each(|b| m.update(b));
        output(&m.finalize().into_bytes())
    }
}

impl<M> fmt::Debug for Keyed<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keyed { [REDACTED] }")
    }
}

/// A digest's bytes as an [`Output`] (every RustCrypto output here fits).
fn output(bytes: &[u8]) -> Output {
    Output::new(bytes).unwrap_or(Output::EMPTY)
}
