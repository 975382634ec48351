#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// Layers, bottom up (a module uses only those below it): the grammar of signed content
// (`content`) and of schemes (`spec`); the registry (`schemes`, data only); the crypto
// provider (`crypto`); keys and the signature primitives (`key`, `algorithm`); the candidate
// contents of a request (`candidates`); what identifies a delivery (`dedupe`); the engine
// (`verify`, `sign`, `detect`); and what is built on a verified request (`explain`,
// `normalize`, `handshake`, `transform`, and `forwarded`, what the gateway sends its origin).
mod algorithm;
mod candidates;
mod content;
pub mod crypto;
pub mod dedupe;
mod detect;
mod encoding;
mod error;
pub mod explain;
mod form;
pub mod forwarded;
pub mod handshake;
mod headers;
mod json;
mod key;
pub mod normalize;
pub mod schemes;
mod sign;
pub mod spec;
mod time;
#[cfg(feature = "transform")]
pub mod transform;
mod verify;

// The public interface is: the paved path here at the root, and the modules above for the
// rest. Every type has one path.
pub use dedupe::DedupeKey;
pub use detect::{Detection, detect};
pub use error::{ConfigError, SignError, ToleranceError, VerifyError};
pub use headers::Headers;
pub use sign::{SignInput, Signed, check_signing_key, sign};
pub use time::{Tolerance, UnixTime};
pub use verify::{
    MAX_SECRETS, MAX_SIGNATURE_CHECKS, MAX_SIGNATURES, Request, Verified, Verifier, VerifyOptions,
};
