#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod algorithm;
mod candidates;
mod content;
pub mod detect;
mod encoding;
pub mod error;
pub mod explain;
mod form;
pub mod handshake;
pub mod headers;
mod json;
mod key;
pub mod normalize;
pub mod schemes;
pub mod sign;
pub mod spec;
pub mod time;
#[cfg(feature = "transform")]
pub mod transform;
pub mod verify;
#[cfg(feature = "wasm")]
pub mod wasm;

// The paved path: what nearly every user needs.
pub use detect::{Detection, detect};
pub use error::{ConfigError, SignError, ToleranceError, VerifyError};
pub use explain::{ExplainOptions, Report, explain};
pub use headers::Headers;
pub use normalize::{Event, NormalizeError, normalize};
pub use sign::{SignInput, Signed, sign};
pub use spec::SchemeSpec;
pub use time::{Tolerance, UnixTime};
pub use verify::{DedupeKey, Request, Verified, Verifier, VerifyOptions};
