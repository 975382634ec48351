//! Secrets and keys, parsed once from the text users paste, per the scheme's key format.
//! `Debug` never shows key bytes.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;

use crate::crypto::{self, CryptoProvider, MacKey};
use crate::encoding::{self, BASE64_SECRET};
use crate::error::ConfigError;
use crate::spec::{Algorithm, AlgorithmSpec, KeyEncoding, SignatureSpec};

/// Prefixes that are never a whole secret on their own.
const KNOWN_PREFIXES: [&str; 3] = ["whsec_", "whpk_", "whsk_"];

/// DER header of a P-256 SubjectPublicKeyInfo; the uncompressed point follows.
#[cfg(feature = "public-key")]
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// A verification key for one of a scheme's algorithms.
pub(crate) struct Key {
    /// Index into the scheme's `signature.algorithms`.
    pub(crate) algorithm: usize,
    pub(crate) material: KeyMaterial,
    /// For HMAC: the MAC keyed once by the verifier's crypto provider.
    pub(crate) mac: Option<Box<dyn MacKey>>,
}

pub(crate) enum KeyMaterial {
    #[cfg(feature = "public-key")]
    EcdsaP256(p256::ecdsa::VerifyingKey),
    #[cfg(feature = "public-key")]
    Ed25519(ed25519_dalek::VerifyingKey),
    /// HMAC key, or the `{secret}` of a plain-hash scheme.
    Secret(Vec<u8>),
}

/// A signing key.
pub(crate) enum SigningKey {
    // Boxed: the expanded key is large, and signing keys are rare.
    #[cfg(feature = "public-key")]
    Ed25519(alloc::boxed::Box<ed25519_dalek::SigningKey>),
    Secret(Vec<u8>),
}

impl Key {
    /// A key for the algorithm at index `algorithm` of `spec`, its MAC (for HMAC algorithms)
    /// keyed by `crypto`.
    fn new(
        spec: &SignatureSpec,
        algorithm: usize,
        material: KeyMaterial,
        crypto: &dyn CryptoProvider,
    ) -> Self {
        let mut key = Self {
            algorithm,
            material,
            mac: None,
        };
        key.rekey(spec, crypto);
        key
    }

    /// Keys its MAC (for HMAC algorithms) with `crypto`.
    pub(crate) fn rekey(&mut self, spec: &SignatureSpec, crypto: &dyn CryptoProvider) {
        let kind = spec
            .algorithms
            .get(self.algorithm)
            .and_then(|a| a.algorithm.mac());
        self.mac = match (&self.material, kind) {
            (KeyMaterial::Secret(s), Some(mac)) => Some(crypto::mac_key(crypto, mac, s)),
            _ => None,
        };
    }

    /// The same secret as a signing key, for shared-secret algorithms.
    pub(crate) fn signing_key(&self) -> Option<SigningKey> {
        match &self.material {
            KeyMaterial::Secret(s) => Some(SigningKey::Secret(s.clone())),
            #[cfg(feature = "public-key")]
            KeyMaterial::EcdsaP256(_) | KeyMaterial::Ed25519(_) => None,
        }
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key { [REDACTED] }")
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey { [REDACTED] }")
    }
}

/// Which of the scheme's algorithms a secret is for: one whose required prefix it carries
/// (`whpk_` → Ed25519), else the first that needs no prefix.
fn algorithm_for(spec: &SignatureSpec, secret: &str, signing: bool) -> usize {
    let prefixed = spec.algorithms.iter().position(|a| {
        let prefix = if signing {
            a.key.signing_prefix.as_ref().or(a.key.prefix.as_ref())
        } else {
            a.key.prefix.as_ref()
        };
        a.key.prefix_required && prefix.is_some_and(|p| secret.starts_with(p.as_ref()))
    });
    prefixed
        .or_else(|| spec.algorithms.iter().position(|a| !a.key.prefix_required))
        .unwrap_or(0)
}

fn check_text(secret: &str) -> Result<(), ConfigError> {
    if secret.is_empty() || KNOWN_PREFIXES.contains(&secret) {
        return Err(ConfigError::EmptySecret);
    }
    if secret.trim() != secret {
        return Err(ConfigError::SecretWhitespace);
    }
    Ok(())
}

/// The key bytes after stripping `prefix` and decoding.
fn key_bytes(
    alg: &AlgorithmSpec,
    text: &str,
    prefix: Option<&str>,
) -> Result<Vec<u8>, ConfigError> {
    let rest = prefix.and_then(|p| text.strip_prefix(p)).unwrap_or(text);
    if rest.is_empty() {
        return Err(ConfigError::EmptySecret);
    }
    match alg.key.encoding {
        KeyEncoding::Raw => Ok(rest.as_bytes().to_vec()),
        KeyEncoding::Base64 | KeyEncoding::SpkiBase64 => BASE64_SECRET
            .decode(rest)
            .map_err(|_| ConfigError::InvalidSecretEncoding { expected: "base64" }),
        KeyEncoding::Hex => {
            encoding::hex_decode(rest).ok_or(ConfigError::InvalidSecretEncoding { expected: "hex" })
        }
    }
}

pub(crate) fn parse_verification_key(
    spec: &SignatureSpec,
    secret: &str,
    crypto: &dyn CryptoProvider,
) -> Result<Key, ConfigError> {
    check_text(secret)?;
    let index = algorithm_for(spec, secret, false);
    let Some(alg) = spec.algorithms.get(index) else {
        return Err(ConfigError::EmptySecret);
    };
    let bytes = key_bytes(alg, secret, alg.key.prefix.as_deref()).map_err(|e| match e {
        // A public key that does not even decode is a bad public key, not a bad secret.
        ConfigError::InvalidSecretEncoding { .. } if !alg.algorithm.is_symmetric() => {
            ConfigError::InvalidPublicKey {
                algorithm: alg.algorithm.name(),
            }
        }
        other => other,
    })?;
    if bytes.is_empty() {
        return Err(ConfigError::EmptySecret);
    }
    let material = if alg.algorithm.is_symmetric() {
        KeyMaterial::Secret(bytes)
    } else {
        public_key(alg.algorithm, &bytes)?
    };
    Ok(Key::new(spec, index, material, crypto))
}

/// A public key's material. Out of line, so that keying an HMAC verifier runs less code (a
/// WebAssembly build compiles a function when it first runs).
#[cfg(feature = "public-key")]
#[inline(never)]
fn public_key(algorithm: Algorithm, bytes: &[u8]) -> Result<KeyMaterial, ConfigError> {
    let invalid = ConfigError::InvalidPublicKey {
        algorithm: algorithm.name(),
    };
    match algorithm {
        Algorithm::Ed25519 => {
            let raw: [u8; 32] = bytes.try_into().map_err(|_| invalid.clone())?;
            Ok(KeyMaterial::Ed25519(
                ed25519_dalek::VerifyingKey::from_bytes(&raw).map_err(|_| invalid)?,
            ))
        }
        Algorithm::EcdsaP256Sha256 => {
            let point = bytes.strip_prefix(&P256_SPKI_PREFIX[..]).unwrap_or(bytes);
            Ok(KeyMaterial::EcdsaP256(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| invalid)?,
            ))
        }
        Algorithm::HmacSha1
        | Algorithm::HmacSha256
        | Algorithm::HmacSha512
        | Algorithm::Sha256
        | Algorithm::Token => Err(invalid),
    }
}

/// Without the public-key algorithms, a public key is one this build cannot use.
#[cfg(not(feature = "public-key"))]
fn public_key(algorithm: Algorithm, _: &[u8]) -> Result<KeyMaterial, ConfigError> {
    Err(ConfigError::AlgorithmNotBuilt {
        algorithm: algorithm.name(),
    })
}

/// Parses a signing key and returns it with the index of the algorithm it signs with.
pub(crate) fn parse_signing_key(
    spec: &SignatureSpec,
    secret: &str,
) -> Result<(usize, SigningKey), ConfigError> {
    check_text(secret)?;
    let index = algorithm_for(spec, secret, true);
    let Some(alg) = spec.algorithms.get(index) else {
        return Err(ConfigError::EmptySecret);
    };
    let key = match alg.algorithm {
        #[cfg(feature = "public-key")]
        Algorithm::Ed25519 => {
            let prefix = alg
                .key
                .signing_prefix
                .as_deref()
                .or(alg.key.prefix.as_deref());
            let bytes = key_bytes(alg, secret, prefix)?;
            let invalid = ConfigError::InvalidPublicKey {
                algorithm: "ed25519",
            };
            // 32-byte seeds, or libsodium-style 64-byte seed‖public key (Svix `whsk_`).
            let seed: [u8; 32] = bytes
                .get(..32)
                .and_then(|s| s.try_into().ok())
                .ok_or(invalid.clone())?;
            let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
            if bytes.len() == 64 && bytes.get(32..) != Some(signing.verifying_key().as_bytes()) {
                return Err(invalid);
            }
            if bytes.len() != 32 && bytes.len() != 64 {
                return Err(invalid);
            }
            SigningKey::Ed25519(alloc::boxed::Box::new(signing))
        }
        #[cfg(not(feature = "public-key"))]
        Algorithm::Ed25519 => {
            return Err(ConfigError::AlgorithmNotBuilt {
                algorithm: alg.algorithm.name(),
            });
        }
        Algorithm::EcdsaP256Sha256 => {
            return Err(ConfigError::UnsupportedForSigning {
                algorithm: alg.algorithm.name(),
            });
        }
        Algorithm::HmacSha1
        | Algorithm::HmacSha256
        | Algorithm::HmacSha512
        | Algorithm::Sha256
        | Algorithm::Token => {
            SigningKey::Secret(key_bytes(alg, secret, alg.key.prefix.as_deref())?)
        }
    };
    Ok((index, key))
}
