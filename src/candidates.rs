//! Every content a request may have been signed over: the engine's one answer to "what bytes
//! does this signature cover?", shared by verification, signing and forensics.
//!
//! Most schemes have exactly one candidate: their template bound to the request's parts. The
//! exceptions are declared by the spec's `special` behaviour: Twilio signs the URL exactly as
//! configured in its console, so every spelling of it twilio-node accepts is a candidate (as
//! given, without the port, with the scheme's default port), and a JSON request names its body's
//! digest in the URL's `bodySHA256` instead of signing form parameters.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::content::{CompiledTemplate, Parts, SignedContent};
use crate::crypto::CryptoProvider;
use crate::error::VerifyError;
use crate::form;
use crate::schemes::twilio;
use crate::spec::{SchemeSpec, Special};

/// The candidate contents of one request, worked out once (see the module docs). For schemes
/// with a single candidate nothing is allocated or computed beyond the template's parts.
#[derive(Debug)]
pub(crate) struct Candidates<'a> {
    template: &'a CompiledTemplate,
    parts: Parts<'a>,
    /// What only `{sorted_params}` and Twilio need (boxed: most requests have none, and
    /// carrying it inline costs every verification a larger move and a drop).
    extra: Option<Box<Extra<'a>>>,
}

#[derive(Debug)]
struct Extra<'a> {
    /// `{sorted_params}`, when the template signs it.
    sorted_params: String,
    /// Other spellings of the request's URL, tried after it.
    other_urls: Vec<String>,
    /// The body's SHA-256 (hex) the URL names, which the body must match once a signature has.
    body_sha256: Option<&'a str>,
}

impl<'a> Candidates<'a> {
    /// The candidates of a request whose parts (other than `sorted_params`) are `parts`.
    #[inline]
    pub(crate) fn new(spec: &SchemeSpec, template: &'a CompiledTemplate, parts: Parts<'a>) -> Self {
        let twilio = spec.special == Special::Twilio;
        let extra = (twilio || template.uses_sorted_params)
            .then(|| Box::new(Extra::new(twilio, template, &parts)));
        Self {
            template,
            parts,
            extra,
        }
    }

    /// The first candidate: the content as the request states it (what a sender signs, and
    /// what forensics shows).
    #[inline]
    pub(crate) fn first(&self) -> SignedContent<'_> {
        SignedContent {
            pieces: &self.template.pieces,
            parts: &self.parts,
            url: self.parts.url,
            sorted_params: self.extra.as_ref().map_or("", |e| &e.sorted_params),
        }
    }

    /// The other candidates, most likely first (none for most schemes).
    pub(crate) fn others(&self) -> impl Iterator<Item = SignedContent<'_>> {
        let first = self.first();
        self.extra
            .iter()
            .flat_map(|e| e.other_urls.iter())
            .map(move |url| SignedContent {
                url: Some(url),
                ..first
            })
    }

    /// How many candidates there are.
    pub(crate) fn len(&self) -> usize {
        1 + self.extra.as_ref().map_or(0, |e| e.other_urls.len())
    }

    /// Whether the body's exact bytes are covered once a signature matched and
    /// [`Candidates::check_unsigned_parts`] passed: a digest of them is signed in their place.
    pub(crate) fn body_digest_signed(&self) -> bool {
        self.extra.as_ref().is_some_and(|e| e.body_sha256.is_some())
    }

    /// What candidate `index` (0 for [`Candidates::first`], then [`Candidates::others`] in
    /// order) signs besides the request's own parts, kept for what was signed: its URL when it
    /// is another spelling than the request's, and the form parameters.
    pub(crate) fn into_matched(self, index: usize) -> (Option<String>, String) {
        let Some(extra) = self.extra else {
            return (None, String::new());
        };
        let Extra {
            mut other_urls,
            sorted_params,
            ..
        } = *extra;
        let url = index
            .checked_sub(1)
            .filter(|i| *i < other_urls.len())
            .map(|i| other_urls.swap_remove(i));
        (url, sorted_params)
    }

    /// Checks what a matching signature does not cover: a body digest named in the URL
    /// (computed by `crypto`).
    ///
    /// # Errors
    /// [`VerifyError::BodyDigestMismatch`].
    #[inline]
    pub(crate) fn check_unsigned_parts(
        &self,
        crypto: &dyn CryptoProvider,
    ) -> Result<(), VerifyError> {
        match self.extra.as_ref().and_then(|e| e.body_sha256) {
            Some(expected) if !twilio::body_matches_sha256(crypto, self.parts.body, expected) => {
                Err(VerifyError::BodyDigestMismatch)
            }
            _ => Ok(()),
        }
    }
}

impl<'a> Extra<'a> {
    /// Out of line: a WebAssembly build compiles a function when it first runs, and most
    /// schemes never need this.
    #[inline(never)]
    fn new(twilio: bool, template: &CompiledTemplate, parts: &Parts<'a>) -> Self {
        let body_sha256 = parts
            .url
            .filter(|_| twilio)
            .and_then(twilio::body_sha256_param);
        // A request that names its body's digest has a JSON body, and no form parameters.
        let sorted_params = if template.uses_sorted_params && body_sha256.is_none() {
            form::sorted_params(parts.body)
        } else {
            String::new()
        };
        let other_urls = match parts.url {
            Some(url) if twilio => twilio::other_url_spellings(url),
            _ => Vec::new(),
        };
        Self {
            sorted_params,
            other_urls,
            body_sha256,
        }
    }
}
