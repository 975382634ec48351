//! Signed content: what a scheme signs, written as a template such as
//! `"{id}.{timestamp}.{body}"`, and the bytes it stands for once bound to a request.
//!
//! The bytes are never joined: [`SignedContent`] hands them to a MAC as a sequence of slices
//! (literals, header values, and the body as one slice of its own), so the body is hashed where
//! it lies. A `Verifier` splits its template into pieces once ([`ContentTemplate::compile`]),
//! so verifying never re-parses the text. Which contents a request may have been signed over is
//! the engine's question (`crate::candidates`); this module only knows the template grammar.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::error::ConfigError;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    Body,
    Id,
    /// Borrowed from the template text while parsing; owned once split off to be kept.
    Literal(Cow<'t, str>),
    Method,
    Secret,
    /// The form body's parameters sorted by name, each written as name then value with no
    /// separator (Twilio).
    SortedParams,
    Timestamp,
    Url,
}

/// The placeholders, by name, in the order error messages list them.
const PLACEHOLDERS: [(&str, Piece<'static>); 7] = [
    ("id", Piece::Id),
    ("timestamp", Piece::Timestamp),
    ("body", Piece::Body),
    ("url", Piece::Url),
    ("method", Piece::Method),
    ("secret", Piece::Secret),
    ("sorted_params", Piece::SortedParams),
];

impl Piece<'_> {
    fn into_owned(self) -> Piece<'static> {
        match self {
            Self::Body => Piece::Body,
            Self::Id => Piece::Id,
            Self::Literal(s) => Piece::Literal(Cow::Owned(s.into_owned())),
            Self::Method => Piece::Method,
            Self::Secret => Piece::Secret,
            Self::SortedParams => Piece::SortedParams,
            Self::Timestamp => Piece::Timestamp,
            Self::Url => Piece::Url,
        }
    }

    /// The placeholder's name (`literal` for literal text).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Literal(_) => "literal",
            _ => PLACEHOLDERS
                .iter()
                .find(|(_, p)| p == self)
                .map_or("literal", |(name, _)| name),
        }
    }
}

/// A signed-content template whose placeholders are known to be valid.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ContentTemplate<'t> {
    text: &'t str,
}

impl<'t> ContentTemplate<'t> {
    pub(crate) fn parse(text: &'t str) -> Result<Self, ConfigError> {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = rest.get(open + 1..).unwrap_or_default();
            let Some(close) = after.find('}') else {
                return Err(ConfigError::invalid_spec(
                    "signed_content has an unclosed '{'",
                ));
            };
            let name = after.get(..close).unwrap_or_default();
            if placeholder(name).is_none() {
                let known: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
                return Err(ConfigError::invalid_spec(alloc::format!(
                    "signed_content has an unknown placeholder {{{name}}}; known: {}",
                    known.join(", ")
                )));
            }
            rest = after.get(close + 1..).unwrap_or_default();
        }
        if rest.contains('}') {
            return Err(ConfigError::invalid_spec("signed_content has a stray '}'"));
        }
        Ok(Self { text })
    }

    /// For templates that were validated when their spec was.
    pub(crate) fn trusted(text: &'t str) -> Self {
        Self { text }
    }

    pub(crate) fn pieces(self) -> Pieces<'t> {
        Pieces { rest: self.text }
    }

    /// The template worked out once, to be kept (by a `Verifier`, for every request).
    pub(crate) fn compile(self) -> CompiledTemplate {
        let pieces: Vec<Piece<'static>> = self.pieces().map(Piece::into_owned).collect();
        CompiledTemplate {
            uses_body: pieces.contains(&Piece::Body),
            uses_id: pieces.contains(&Piece::Id),
            uses_timestamp: pieces.contains(&Piece::Timestamp),
            uses_method: pieces.contains(&Piece::Method),
            uses_sorted_params: pieces.contains(&Piece::SortedParams),
            uses_url: pieces.contains(&Piece::Url),
            pieces,
        }
    }
}

/// A template split into its pieces, with the request parts it needs besides the body.
#[derive(Clone, Debug, Default)]
pub(crate) struct CompiledTemplate {
    pub(crate) pieces: Vec<Piece<'static>>,
    pub(crate) uses_body: bool,
    pub(crate) uses_id: bool,
    pub(crate) uses_timestamp: bool,
    pub(crate) uses_method: bool,
    pub(crate) uses_sorted_params: bool,
    pub(crate) uses_url: bool,
}

fn placeholder(name: &str) -> Option<Piece<'static>> {
    PLACEHOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.clone())
}

#[derive(Debug)]
pub(crate) struct Pieces<'t> {
    rest: &'t str,
}

impl<'t> Iterator for Pieces<'t> {
    type Item = Piece<'t>;

    fn next(&mut self) -> Option<Piece<'t>> {
        if self.rest.is_empty() {
            return None;
        }
        if let Some(after) = self.rest.strip_prefix('{')
            && let Some(close) = after.find('}')
            && let Some(piece) = after.get(..close).and_then(placeholder)
        {
            self.rest = after.get(close + 1..).unwrap_or_default();
            return Some(piece);
        }
        // A literal runs to the next '{' (at least one byte, so a stray '{' cannot loop).
        let end = self
            .rest
            .get(1..)
            .and_then(|s| s.find('{'))
            .map_or(self.rest.len(), |i| i + 1);
        let (literal, rest) = self.rest.split_at_checked(end).unwrap_or((self.rest, ""));
        self.rest = rest;
        Some(Piece::Literal(Cow::Borrowed(literal)))
    }
}

/// The request parts a template can name, as the text that is signed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Parts<'a> {
    pub(crate) body: &'a [u8],
    pub(crate) id: Option<&'a str>,
    pub(crate) method: Option<&'a str>,
    /// The timestamp exactly as received (or as it will be sent).
    pub(crate) timestamp: Option<&'a str>,
    pub(crate) url: Option<&'a str>,
}

/// A template's pieces bound to a request's parts: the exact bytes one candidate signs. They
/// are never materialised unless an asymmetric algorithm needs them whole.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SignedContent<'a> {
    pub(crate) pieces: &'a [Piece<'static>],
    pub(crate) parts: &'a Parts<'a>,
    /// This candidate's spelling of the URL (`parts.url`, or another one of it).
    pub(crate) url: Option<&'a str>,
    /// The form parameters as `{sorted_params}` writes them (empty unless the template has it).
    pub(crate) sorted_params: &'a str,
}

impl<'a> SignedContent<'a> {
    /// Each piece's bytes, in order: what a MAC absorbs. `secret` is the `{secret}` piece's
    /// bytes (plain-hash schemes sign their secret; other schemes pass `&[]`).
    #[cfg(feature = "public-key")]
    pub(crate) fn slices<'s>(&'s self, secret: &'s [u8]) -> impl Iterator<Item = &'s [u8]> {
        self.pieces
            .iter()
            .map(move |piece| self.piece(piece, secret))
    }

    /// One piece's bytes.
    pub(crate) fn piece<'s>(&'s self, piece: &'s Piece<'static>, secret: &'s [u8]) -> &'s [u8] {
        let text = |part: Option<&'a str>| part.unwrap_or_default().as_bytes();
        match piece {
            Piece::Body => self.parts.body,
            Piece::Id => text(self.parts.id),
            Piece::Literal(s) => s.as_bytes(),
            Piece::Method => text(self.parts.method),
            Piece::Secret => secret,
            Piece::SortedParams => self.sorted_params.as_bytes(),
            Piece::Timestamp => text(self.parts.timestamp),
            Piece::Url => text(self.url),
        }
    }

    /// The content as one buffer (asymmetric algorithms sign the whole message).
    #[cfg(feature = "public-key")]
    pub(crate) fn to_vec(self, secret: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.slices(secret).for_each(|b| out.extend_from_slice(b));
        out
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    #[test]
    fn pieces_of_standard_template() {
        let t = ContentTemplate::parse("{id}.{timestamp}.{body}").unwrap();
        let pieces: Vec<_> = t.pieces().collect();
        assert_eq!(
            pieces,
            [
                Piece::Id,
                Piece::Literal(".".into()),
                Piece::Timestamp,
                Piece::Literal(".".into()),
                Piece::Body
            ]
        );
    }

    #[test]
    fn literal_prefix_and_unknown_placeholder() {
        let t = ContentTemplate::parse("v0:{timestamp}:{body}").unwrap();
        assert_eq!(t.pieces().next(), Some(Piece::Literal("v0:".into())));
        let e = ContentTemplate::parse("{nope}").unwrap_err();
        assert_eq!(e.code(), "invalid_spec");
        assert!(
            e.to_string()
                .contains("known: id, timestamp, body, url, method, secret, sorted_params")
        );
        assert!(ContentTemplate::parse("{body").is_err());
        assert!(ContentTemplate::parse("body}").is_err());
    }

    #[test]
    fn slices_stream_every_piece() {
        let compiled = ContentTemplate::parse("{url}{sorted_params}|{secret}")
            .unwrap()
            .compile();
        let parts = Parts {
            url: Some("https://x/y"),
            ..Parts::default()
        };
        let content = SignedContent {
            pieces: &compiled.pieces,
            parts: &parts,
            url: parts.url,
            sorted_params: "a1b2",
        };
        assert_eq!(content.to_vec(b"k"), b"https://x/ya1b2|k");
        assert!(compiled.uses_url && compiled.uses_sorted_params && !compiled.uses_id);
        let names: Vec<_> = compiled.pieces.iter().map(Piece::name).collect();
        assert_eq!(names, ["url", "sorted_params", "literal", "secret"]);
    }
}
