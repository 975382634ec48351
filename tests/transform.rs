//! Transformations: golden files for every built-in shape (shared with the JS suite), and
//! property tests that any input renders to valid JSON within every platform limit, with no
//! markup or live mention surviving from user data.
//!
//! `HOOKGATE_BLESS=1 cargo test -p hookgate --all-features --test transform` rewrites the
//! expected outputs from the current code; review the diff before committing it.

#![cfg(feature = "transform")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

extern crate alloc;

#[path = "transform/check.rs"]
mod check;
#[path = "transform/golden.rs"]
mod golden;
#[path = "transform/props.rs"]
mod props;
