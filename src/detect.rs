//! Auto-detection: given headers (and optionally the body), which schemes could have signed
//! this request, best first, and which of them these headers cannot tell apart.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::encoding::decode_into;
use crate::headers::Headers;
use crate::spec::{Algorithm, AlgorithmSpec, Encoding, SchemeSpec, SignatureFormat, Source};
use crate::verify::entries;
use crate::{form, json, schemes};

/// A scheme that could apply, and the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detection {
    /// The scheme.
    pub scheme: &'static SchemeSpec,
    /// The scheme's headers (or body fields) that are present, signature first.
    pub evidence: Vec<&'static str>,
    /// Whether the signature is written as this scheme writes it: its prefix, a tag it signs
    /// with, and text in its encoding of its algorithm's length (a 64-digit hex HMAC-SHA256,
    /// not a base64 one). A scheme whose header is present but whose grammar does not fit is
    /// still listed, after every one that fits, so that verifying with it explains the mismatch.
    pub well_formed: bool,
    /// The ids of the other detected schemes ranked exactly as high: these headers cannot tell
    /// them apart (GitHub, Meta's surfaces and Gitea all send `X-Hub-Signature-256:
    /// sha256=<hex>`), so configure the scheme, or verify with each.
    pub ambiguous_with: Vec<&'static str>,
}

/// The built-in schemes whose signature is present, best first: those whose signature is well
/// formed for them (see [`Detection::well_formed`]) before the others, then by how many of their
/// headers are present, then schemes whose signature had to fit a grammar before tokens that
/// accept any text; ties keep registry order (Standard Webhooks before Svix, GitHub before
/// Intercom) and are reported in [`Detection::ambiguous_with`]. A scheme whose detection rule
/// names a header value that differs is excluded.
#[must_use]
pub fn detect<H: Headers + ?Sized>(headers: &H, body: Option<&[u8]>) -> Vec<Detection> {
    let value = |source: &Source| -> Option<Cow<'_, str>> {
        match source {
            Source::Header(name) => headers.header(name).map(Cow::Borrowed),
            Source::Json(pointer) => body.and_then(|b| json::value(b, pointer)),
            Source::Form(field) => body.and_then(|b| form::field(b, field)),
            Source::Param(_) => None,
        }
    };
    let mut found: Vec<Detection> = schemes::all()
        .iter()
        .filter_map(|&scheme| {
            let mut present = scheme
                .signature
                .from
                .iter()
                .filter_map(|s| value(s).map(|v| (s, v)));
            let (signature, text) = present.next()?;
            // With `from_all`, every source present carries signatures (Box's primary and
            // secondary headers): any of them may be the well-formed one.
            let well_formed = well_formed(scheme, &text)
                || (scheme.signature.from_all && present.any(|(_, v)| well_formed(scheme, &v)));
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
            Some(Detection {
                scheme,
                evidence,
                well_formed,
                ambiguous_with: Vec::new(),
            })
        })
        .collect();
    let rank = |d: &Detection| {
        (
            !d.well_formed,
            core::cmp::Reverse(d.evidence.len()),
            accepts_any_text(d.scheme),
        )
    };
    // Stable sort: registry order breaks ties.
    found.sort_by_key(rank);
    let ranks: Vec<_> = found
        .iter()
        .map(|d| (rank(d), d.scheme.id.as_ref()))
        .collect();
    for d in &mut found {
        let mine = rank(d);
        d.ambiguous_with = ranks
            .iter()
            .filter(|(r, id)| *r == mine && *id != d.scheme.id.as_ref())
            .map(|(_, id)| *id)
            .collect();
    }
    found
}

/// Whether any value of the signature header fits the scheme (a token compared as sent, with
/// no prefix: Okta's `Authorization`): weaker evidence than a signature that had to fit a
/// grammar, so such schemes rank after those at equal evidence.
fn accepts_any_text(scheme: &SchemeSpec) -> bool {
    matches!(
        scheme.signature.format,
        SignatureFormat::Value { prefix: None }
    ) && scheme
        .signature
        .algorithms
        .iter()
        .all(|a| a.algorithm == Algorithm::Token && a.encoding == Encoding::Text)
}

/// Whether some entry of `value` is a signature `scheme` could have written.
fn well_formed(scheme: &SchemeSpec, value: &str) -> bool {
    let algorithms = &scheme.signature.algorithms;
    entries(&scheme.signature.format, value).any(|entry| {
        algorithms
            .iter()
            .filter(|a| a.tag.as_deref() == entry.tag)
            .any(|a| fits(a, entry.text))
    })
}

/// Whether `text` decodes under the algorithm's encoding to a signature of its length.
fn fits(alg: &AlgorithmSpec, text: &str) -> bool {
    if alg.algorithm == Algorithm::Token && alg.encoding == Encoding::Text {
        return !text.is_empty();
    }
    // As long as the longest signature or credential the verifier decodes (a Basic token).
    let mut buf = [0u8; 512];
    let Some(bytes) = decode_into(alg.encoding, text, &mut buf) else {
        return false;
    };
    match alg.algorithm {
        Algorithm::HmacSha1 => bytes.len() == 20,
        Algorithm::HmacSha256 | Algorithm::Sha256 => bytes.len() == 32,
        Algorithm::HmacSha512 | Algorithm::Ed25519 => bytes.len() == 64,
        // DER: SEQUENCE of two INTEGERs of up to 33 bytes each.
        Algorithm::EcdsaP256Sha256 => {
            (8..=72).contains(&bytes.len()) && bytes.first() == Some(&0x30)
        }
        // A token is the secret itself: any text.
        Algorithm::Token => true,
    }
}
