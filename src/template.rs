//! Signed-content templates such as `"{id}.{timestamp}.{body}"`, walked piece by piece so the
//! signed bytes stream into the MAC without being copied. A `Verifier` splits its template into
//! pieces once ([`Template::compile`]), so verifying never re-parses the text.

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
    Timestamp,
    Url,
}

/// The template of schemes that sign the body alone, or content built outside a template
/// (Twilio).
pub(crate) const BODY_ONLY: &[Piece<'static>] = &[Piece::Body];

impl Piece<'_> {
    fn into_owned(self) -> Piece<'static> {
        match self {
            Self::Body => Piece::Body,
            Self::Id => Piece::Id,
            Self::Literal(s) => Piece::Literal(Cow::Owned(s.into_owned())),
            Self::Method => Piece::Method,
            Self::Secret => Piece::Secret,
            Self::Timestamp => Piece::Timestamp,
            Self::Url => Piece::Url,
        }
    }
}

/// A template whose placeholders are known to be valid.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Template<'t> {
    text: &'t str,
}

impl<'t> Template<'t> {
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
                return Err(ConfigError::invalid_spec(alloc::format!(
                    "signed_content has an unknown placeholder {{{name}}}; known: id, timestamp, body, url, method, secret"
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

    pub(crate) fn uses(self, piece: Piece<'_>) -> bool {
        self.pieces().any(|p| p == piece)
    }

    /// The template worked out once, to be kept (by a `Verifier`, for every request).
    pub(crate) fn compile(self) -> Compiled {
        let pieces: Vec<Piece<'static>> = self.pieces().map(Piece::into_owned).collect();
        Compiled {
            uses_id: pieces.contains(&Piece::Id),
            uses_method: pieces.contains(&Piece::Method),
            uses_url: pieces.contains(&Piece::Url),
            pieces,
        }
    }
}

/// A template split into its pieces, with the request parts it needs besides the body.
#[derive(Clone, Debug, Default)]
pub(crate) struct Compiled {
    pub(crate) pieces: Vec<Piece<'static>>,
    pub(crate) uses_id: bool,
    pub(crate) uses_method: bool,
    pub(crate) uses_url: bool,
}

fn placeholder(name: &str) -> Option<Piece<'static>> {
    Some(match name {
        "body" => Piece::Body,
        "id" => Piece::Id,
        "method" => Piece::Method,
        "secret" => Piece::Secret,
        "timestamp" => Piece::Timestamp,
        "url" => Piece::Url,
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_standard_template() {
        let t = Template::parse("{id}.{timestamp}.{body}").unwrap();
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
        let t = Template::parse("v0:{timestamp}:{body}").unwrap();
        assert_eq!(t.pieces().next(), Some(Piece::Literal("v0:".into())));
        assert_eq!(
            Template::parse("{nope}").unwrap_err().code(),
            "invalid_spec"
        );
        assert!(Template::parse("{body").is_err());
        assert!(Template::parse("body}").is_err());
    }
}
