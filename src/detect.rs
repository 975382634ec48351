//! Auto-detection: given headers (and optionally the body), which schemes could have signed
//! this request, best first.

use alloc::vec::Vec;

use crate::headers::Headers;
use crate::spec::{SchemeSpec, Source};
use crate::{form, json, schemes};

/// A scheme that could apply, and the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detection {
    /// The scheme.
    pub scheme: &'static SchemeSpec,
    /// The scheme's headers (or body fields) that are present, signature first.
    pub evidence: Vec<&'static str>,
}

/// The built-in schemes whose signature is present, ranked by how many of their headers are
/// present; ties keep registry order (Standard Webhooks before Svix, GitHub before Intercom).
/// A scheme whose detection rule names a header value that differs is excluded.
#[must_use]
pub fn detect<H: Headers + ?Sized>(headers: &H, body: Option<&[u8]>) -> Vec<Detection> {
    let present = |source: &Source| match source {
        Source::Header(name) => headers.header(name).is_some(),
        Source::Json(pointer) => body.is_some_and(|b| json::raw_pointer(b, pointer).is_some()),
        Source::Form(field) => body.is_some_and(|b| form::field(b, field).is_some()),
        Source::Param(_) => false,
    };
    let mut found: Vec<Detection> = schemes::all()
        .iter()
        .filter_map(|&scheme| {
            let signature = scheme.signature.from.iter().find(|s| present(s))?;
            let excluded = scheme.detect.iter().any(|rule| {
                let value = headers.header(&rule.header);
                matches!((value, &rule.equals), (Some(v), Some(want)) if !v.trim().eq_ignore_ascii_case(want))
            });
            if excluded {
                return None;
            }
            let mut evidence: Vec<&'static str> = alloc::vec![signature.name().as_ref()];
            for name in scheme.header_names() {
                if !evidence.contains(&name) && headers.header(name).is_some() {
                    evidence.push(name);
                }
            }
            Some(Detection { scheme, evidence })
        })
        .collect();
    // Stable sort: registry order breaks ties.
    found.sort_by_key(|d| core::cmp::Reverse(d.evidence.len()));
    found
}
