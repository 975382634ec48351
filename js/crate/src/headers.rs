//! The header block (`boundary::header_block`), the one format in which header values cross:
//! the values of a list of names, in order, each `=value` or empty when absent, joined by NUL.

#[cfg(feature = "tools")]
use alloc::vec::Vec;

use hookgate::Headers;
use wasm_bindgen::JsValue;

use crate::boundary::header_block::{MAX_VERIFIER_HEADERS, PRESENT, SEPARATOR};
use crate::errors::{Boundary, config_error};

/// A header block's values, in order: `"=a\0\0=b"` is `[Some("a"), None, Some("b")]`, and `""`
/// is `[None]`.
fn values(block: &str) -> impl Iterator<Item = Option<&str>> {
    block
        .split(SEPARATOR)
        .map(|part| part.strip_prefix(PRESENT))
}

/// The error for a block whose values do not match its names one for one (a value held a NUL).
fn nul_in_value() -> JsValue {
    config_error(&Boundary::InvalidArgument {
        argument: "headers",
        detail: "a header value contains a NUL character".into(),
    })
}

/// The values of a verifier's header names, without allocating (the verify path).
pub(crate) struct Picked<'a> {
    names: &'a [alloc::string::String],
    values: [Option<&'a str>; MAX_VERIFIER_HEADERS],
}

impl<'a> Picked<'a> {
    pub(crate) fn new(names: &'a [alloc::string::String], block: &'a str) -> Result<Self, JsValue> {
        let mut values = [None; MAX_VERIFIER_HEADERS];
        let mut count = 0;
        if !names.is_empty() {
            for value in self::values(block) {
                let slot = values.get_mut(count).ok_or_else(nul_in_value)?;
                *slot = value;
                count += 1;
            }
        }
        if count != names.len() || (names.is_empty() && !block.is_empty()) {
            return Err(nul_in_value());
        }
        Ok(Self { names, values })
    }

    /// The index of the header whose value is exactly `text`.
    pub(crate) fn position(&self, text: &str) -> Option<usize> {
        self.values.iter().position(|v| *v == Some(text))
    }
}

impl Headers for Picked<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        let index = self
            .names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))?;
        self.values.get(index).copied().flatten()
    }
}

#[cfg(feature = "tools")]
/// A names list (names joined by NUL) and its header block as `(name, value)` pairs of the
/// headers present (the tools' calls, which take every header of a request).
pub(crate) fn pairs<'a>(
    names: &'a str,
    block: &'a str,
) -> Result<Vec<(&'a str, &'a str)>, JsValue> {
    let mut pairs = Vec::new();
    if names.is_empty() {
        return if block.is_empty() {
            Ok(pairs)
        } else {
            Err(nul_in_value())
        };
    }
    let mut values = values(block);
    for name in names.split(SEPARATOR) {
        match values.next() {
            Some(Some(value)) => pairs.push((name, value)),
            Some(None) => {}
            None => return Err(nul_in_value()),
        }
    }
    if values.next().is_some() {
        return Err(nul_in_value());
    }
    Ok(pairs)
}
