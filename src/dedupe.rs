//! What identifies a delivery, and how much of it the signature vouches for.
//!
//! - [`DedupeKey`]: the key to deduplicate deliveries by: a route's own [`KeyTemplate`] when it
//!   has one and its values are present, else the scheme's key (the provider's id), else the
//!   body's SHA-256.
//! - [`KeyTemplate`]: a route's own choice of key, in the spec grammar's sources
//!   (`{"json": "/id"}`) or as a template joining several values
//!   (`"{json:/data/verification_id}:{json:/type}"`).
//! - [`ReplayKey`]: the SHA-256 of the exact bytes the signature covers. A captured delivery
//!   sent again under any id has the same one, so a dedupe store that claims it as well turns
//!   the replay into a duplicate.
//!
//! Whether a key is *signed* is worked out from the spec's structure, for whichever sources a
//! request's values came from (see `Signed`): a body value is signed only when the body is, a
//! header only when the signed content includes the `{id}` or `{timestamp}` read from that
//! very header. A signed timestamp alone does not make an unsigned key safe: within the
//! tolerance a captured request can be sent again with a fresh id.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::encoding;
use crate::error::ConfigError;
use crate::spec::{SchemeSpec, SignatureFormat, Source};

/// Most alternatives a key template may list.
const MAX_ALTERNATIVES: usize = 8;
/// Most pieces (sources and literal runs) in one alternative.
const MAX_PIECES: usize = 16;
/// Longest alternative, as template text.
const MAX_TEMPLATE_BYTES: usize = 512;

/// The key to deduplicate a delivery by: the provider's own id where it has one (or the value
/// of the route's [`KeyTemplate`]), the body's SHA-256 otherwise. `Display` gives the string
/// form (`evt_123`, `sha256:ab…`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DedupeKey<'a> {
    /// SHA-256 of the raw body, used when the scheme has no id.
    BodySha256([u8; 32]),
    /// The provider's id, or a key template's value.
    Value(Cow<'a, str>),
}

impl fmt::Display for DedupeKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodySha256(hash) => {
                f.write_str("sha256:")?;
                encoding::hex_write(hash, f)
            }
            Self::Value(v) => f.write_str(v),
        }
    }
}

/// The SHA-256 of the bytes a delivery's signature covers (its signed content, `{secret}`
/// left out). `Display` gives `replay:<64 hex digits>`.
///
/// Two deliveries with the same replay key carry the same signed bytes: a replay, or a genuine
/// resend of byte-identical content (which then also counts as a duplicate: the one trade-off).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReplayKey(pub(crate) [u8; 32]);

impl ReplayKey {
    /// A replay key from its digest (one computed elsewhere, or stored).
    #[must_use]
    pub fn from_bytes(digest: [u8; 32]) -> Self {
        Self(digest)
    }

    /// The digest.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for ReplayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("replay:")?;
        encoding::hex_write(&self.0, f)
    }
}

/// A route's own dedupe key: alternatives tried in order, the first whose every source is
/// present wins; when none is, the scheme's own key applies.
///
/// Each alternative is a template: literal text and sources written `{json:/pointer}`,
/// `{header:name}`, `{form:field}` or `{param:tag}` (the source kinds of a scheme spec), e.g.
/// `"{json:/data/verification_id}:{json:/type}"`. In JSON a key is such a string, or a list
/// whose items are templates or source objects (`[{"json": "/id"}, "{header:x-request-id}"]`).
/// Literal text may not contain `{` or `}`; every alternative names at least one source (a
/// constant key would make every event a duplicate of the first).
///
/// ```
/// use hookgate::dedupe::KeyTemplate;
///
/// let key = KeyTemplate::parse("{json:/data/verification_id}:{json:/type}")?;
/// assert_eq!(key.to_string(), "{json:/data/verification_id}:{json:/type}");
/// let list = KeyTemplate::from_json(r#"[{"json": "/id"}, "{header:X-Request-Id}"]"#)?;
/// assert_eq!(list.to_string(), "{json:/id} | {header:x-request-id}");
/// # Ok::<(), hookgate::ConfigError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTemplate {
    alternatives: Vec<Vec<KeyPiece>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum KeyPiece {
    Literal(String),
    Source(Source),
}

impl KeyTemplate {
    /// One alternative, as template text.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`] naming what is wrong.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        Self::from_alternatives(&[text])
    }

    /// Several alternatives, as template texts, tried in order.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`] naming what is wrong.
    pub fn from_alternatives(texts: &[impl AsRef<str>]) -> Result<Self, ConfigError> {
        if texts.is_empty() || texts.len() > MAX_ALTERNATIVES {
            return Err(invalid(alloc::format!(
                "give 1 to {MAX_ALTERNATIVES} alternatives"
            )));
        }
        let alternatives = texts
            .iter()
            .map(|t| parse_alternative(t.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { alternatives })
    }

    /// A key as the configuration writes it: a template string, or a list of templates and
    /// source objects.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`] naming what is wrong.
    pub fn from_json(json: &str) -> Result<Self, ConfigError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| invalid(alloc::format!("not JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// As [`KeyTemplate::from_json`], from a parsed value.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`] naming what is wrong.
    pub fn from_value(value: &Value) -> Result<Self, ConfigError> {
        let item = |v: &Value| -> Result<String, ConfigError> {
            match v {
                Value::String(text) => Ok(text.clone()),
                Value::Object(map) if map.len() == 1 => {
                    let source = Source::deserialize(v).map_err(|_| {
                        invalid("a source object is {\"json\": …}, {\"header\": …}, {\"form\": …} or {\"param\": …}")
                    })?;
                    let (kind, name) = source_parts(&source);
                    if name.contains(['{', '}']) {
                        return Err(invalid("a source name cannot contain '{' or '}'"));
                    }
                    Ok(alloc::format!("{{{kind}:{name}}}"))
                }
                _ => Err(invalid(
                    "each item is a template string or a source object such as {\"json\": \"/id\"}",
                )),
            }
        };
        let texts = match value {
            Value::String(text) => alloc::vec![text.clone()],
            Value::Array(items) => items.iter().map(item).collect::<Result<Vec<_>, _>>()?,
            _ => {
                return Err(invalid(
                    "a dedupe key is a template string or a list of templates and source objects",
                ));
            }
        };
        Self::from_alternatives(&texts)
    }

    /// The key as JSON: the list of its alternatives' template texts.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks that `spec` can have every source the template names (`{param:…}` needs a
    /// signature header that is a list). [`Verifier::with_dedupe_key`](crate::Verifier::with_dedupe_key)
    /// checks this too; a configuration can check it before it has secrets.
    ///
    /// # Errors
    /// [`ConfigError::InvalidDedupeKey`].
    pub fn check_scheme(&self, spec: &SchemeSpec) -> Result<(), ConfigError> {
        if self.sources().any(|s| matches!(s, Source::Param(_)))
            && !matches!(spec.signature.format, SignatureFormat::List { .. })
        {
            return Err(invalid(
                "{param:…} needs a scheme whose signature header is a list (Stripe's t=…,v1=…)",
            ));
        }
        Ok(())
    }

    /// The header names the template reads.
    pub(crate) fn header_names(&self) -> impl Iterator<Item = &str> {
        self.sources().filter_map(|s| match s {
            Source::Header(h) => Some(h.as_ref()),
            _ => None,
        })
    }

    /// Whether the template reads the body (a JSON or form value).
    pub(crate) fn reads_body(&self) -> bool {
        self.sources().any(Source::in_body)
    }

    fn sources(&self) -> impl Iterator<Item = &Source> {
        self.alternatives
            .iter()
            .flatten()
            .filter_map(|piece| match piece {
                KeyPiece::Source(s) => Some(s),
                KeyPiece::Literal(_) => None,
            })
    }

    /// The value of the first alternative whose every source `lookup` finds, and whether
    /// `signed` covers all of them.
    pub(crate) fn evaluate<'a>(
        &self,
        lookup: impl Fn(&Source) -> Option<Cow<'a, str>>,
        signed: &Signed<'_>,
    ) -> Option<(Cow<'a, str>, bool)> {
        'alternatives: for alternative in &self.alternatives {
            let mut covered = true;
            let value = if let [KeyPiece::Source(source)] = alternative.as_slice() {
                let Some(value) = lookup(source) else {
                    continue;
                };
                covered = signed.covers(source);
                value
            } else {
                let mut joined = String::new();
                for piece in alternative {
                    match piece {
                        KeyPiece::Literal(text) => joined.push_str(text),
                        KeyPiece::Source(source) => {
                            let Some(value) = lookup(source) else {
                                continue 'alternatives;
                            };
                            covered &= signed.covers(source);
                            joined.push_str(&value);
                        }
                    }
                }
                Cow::Owned(joined)
            };
            return Some((value, covered));
        }
        None
    }
}

impl fmt::Display for KeyTemplate {
    /// The alternatives as template text, separated by ` | `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, alternative) in self.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write_alternative(alternative, f)?;
        }
        Ok(())
    }
}

impl Serialize for KeyTemplate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Alternative<'t>(&'t [KeyPiece]);
        impl fmt::Display for Alternative<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_alternative(self.0, f)
            }
        }
        impl Serialize for Alternative<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        serializer.collect_seq(self.alternatives.iter().map(|a| Alternative(a)))
    }
}

impl<'de> Deserialize<'de> for KeyTemplate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(&value).map_err(serde::de::Error::custom)
    }
}

fn write_alternative(pieces: &[KeyPiece], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for piece in pieces {
        match piece {
            KeyPiece::Literal(text) => f.write_str(text)?,
            KeyPiece::Source(source) => {
                let (kind, name) = source_parts(source);
                write!(f, "{{{kind}:{name}}}")?;
            }
        }
    }
    Ok(())
}

fn source_parts(source: &Source) -> (&'static str, &str) {
    match source {
        Source::Form(n) => ("form", n),
        Source::Header(n) => ("header", n),
        Source::Json(n) => ("json", n),
        Source::Param(n) => ("param", n),
    }
}

fn parse_alternative(text: &str) -> Result<Vec<KeyPiece>, ConfigError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(invalid(alloc::format!(
            "a template is at most {MAX_TEMPLATE_BYTES} bytes"
        )));
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            if rest.contains('}') {
                return Err(invalid("a template has a '}' without its '{'"));
            }
            pieces.push(KeyPiece::Literal(rest.into()));
            break;
        };
        let (literal, placeholder) = rest.split_at(open);
        if literal.contains('}') {
            return Err(invalid("a template has a '}' without its '{'"));
        }
        if !literal.is_empty() {
            pieces.push(KeyPiece::Literal(literal.into()));
        }
        let Some(close) = placeholder.find('}') else {
            return Err(invalid("a template has a '{' without its '}'"));
        };
        let inner = placeholder.get(1..close).unwrap_or_default();
        pieces.push(KeyPiece::Source(placeholder_source(inner)?));
        rest = placeholder.get(close + 1..).unwrap_or_default();
    }
    if !pieces.iter().any(|p| matches!(p, KeyPiece::Source(_))) {
        return Err(invalid(
            "a template names no source: a constant key would make every event a duplicate of the first",
        ));
    }
    if pieces.len() > MAX_PIECES {
        return Err(invalid(alloc::format!(
            "a template has at most {MAX_PIECES} pieces"
        )));
    }
    Ok(pieces)
}

/// `json:/pointer`, `header:name`, `form:field` or `param:tag`.
fn placeholder_source(inner: &str) -> Result<Source, ConfigError> {
    let Some((kind, name)) = inner.split_once(':') else {
        return Err(invalid(alloc::format!(
            "{{{inner}}} is not a source: write {{json:/pointer}}, {{header:name}}, {{form:field}} or {{param:tag}}"
        )));
    };
    if name.is_empty() || name.contains('{') {
        return Err(invalid(alloc::format!("{{{inner}}} names nothing")));
    }
    let name: Cow<'static, str> = Cow::Owned(String::from(name));
    let source = match kind {
        "json" if name.starts_with('/') => Source::Json(name),
        "json" => {
            return Err(invalid(
                "a {json:…} source is a JSON pointer starting with '/'",
            ));
        }
        "header" if name.bytes().all(|b| b.is_ascii_graphic() && b != b':') => {
            Source::Header(Cow::Owned(name.to_ascii_lowercase()))
        }
        "header" => {
            return Err(invalid(
                "a {header:…} source is a header name: visible ASCII without ':'",
            ));
        }
        "form" => Source::Form(name),
        "param" => Source::Param(name),
        _ => {
            return Err(invalid(alloc::format!(
                "unknown source kind {kind:?}: use json, header, form or param"
            )));
        }
    };
    Ok(source)
}

fn invalid(detail: impl Into<Cow<'static, str>>) -> ConfigError {
    ConfigError::InvalidDedupeKey {
        detail: detail.into(),
    }
}

/// Which values of one request its matched signature covers: the body (when its exact bytes
/// are signed), and the sources the signed `{id}` and `{timestamp}` were read from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Signed<'s> {
    pub(crate) body: bool,
    pub(crate) id: Option<&'s Source>,
    pub(crate) timestamp: Option<&'s Source>,
}

impl Signed<'_> {
    /// Whether the value read from `source` is covered by the signature.
    pub(crate) fn covers(&self, source: &Source) -> bool {
        let signed = |read: Option<&Source>| read.is_some_and(|read| same_source(read, source));
        (source.in_body() && self.body) || signed(self.id) || signed(self.timestamp)
    }
}

fn same_source(a: &Source, b: &Source) -> bool {
    match (a, b) {
        (Source::Header(x), Source::Header(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;

    fn lookup(source: &Source) -> Option<Cow<'static, str>> {
        match source {
            Source::Json(p) if p == "/id" => Some("evt_1".into()),
            Source::Json(p) if p == "/type" => Some("paid".into()),
            Source::Header(h) if h == "x-id" => Some("h1".into()),
            _ => None,
        }
    }

    const NOTHING: Signed<'static> = Signed {
        body: false,
        id: None,
        timestamp: None,
    };

    #[test]
    fn templates_join_and_fall_through() {
        let t = KeyTemplate::from_alternatives(&["{json:/missing}", "{json:/id}:{json:/type}"])
            .unwrap();
        assert_eq!(
            t.evaluate(lookup, &NOTHING),
            Some((Cow::Owned("evt_1:paid".into()), false))
        );
        let body = Signed {
            body: true,
            ..NOTHING
        };
        assert_eq!(t.evaluate(lookup, &body).map(|(_, c)| c), Some(true));
        let none = KeyTemplate::parse("{json:/missing}:{json:/id}").unwrap();
        assert_eq!(none.evaluate(lookup, &body), None);
    }

    #[test]
    fn a_header_is_covered_only_as_the_signed_id() {
        let id = Source::Header("X-Id".into());
        let signed = Signed {
            body: true,
            id: Some(&id),
            timestamp: None,
        };
        let t = KeyTemplate::parse("{header:x-id}").unwrap();
        assert_eq!(t.evaluate(lookup, &signed).map(|(_, c)| c), Some(true));
        let other = Source::Header("x-other".into());
        let signed = Signed {
            id: Some(&other),
            ..signed
        };
        assert_eq!(t.evaluate(lookup, &signed).map(|(_, c)| c), Some(false));
    }

    #[test]
    fn the_grammar_refuses_what_cannot_work() {
        for (text, needle) in [
            ("", "names no source"),
            ("constant", "names no source"),
            ("{json:id}", "starting with '/'"),
            ("{jsn:/id}", "unknown source kind"),
            ("{id}", "is not a source"),
            ("{json:/id", "without its '}'"),
            ("x}{json:/id}", "without its '{'"),
            ("{json:/id}}", "without its '{'"),
            ("{header:a b}", "visible ASCII"),
            ("{form:}", "names nothing"),
        ] {
            let e = KeyTemplate::parse(text).unwrap_err();
            assert_eq!(e.code(), "invalid_dedupe_key");
            assert!(e.to_string().contains(needle), "{text}: {e}");
        }
        let long = "{json:/id}".repeat(60);
        assert!(KeyTemplate::parse(&long).is_err());
        assert!(KeyTemplate::from_alternatives(&[""; 0]).is_err());
        assert!(KeyTemplate::from_json("7").is_err());
        assert!(KeyTemplate::from_json(r#"[{"json": "/id", "header": "x"}]"#).is_err());
        assert!(KeyTemplate::from_json(r#"[{"body": "/id"}]"#).is_err());
    }

    #[test]
    fn json_round_trips() {
        let t = KeyTemplate::from_json(
            r#"[{"json": "/id"}, "slack:{json:/team_id}:{header:X-Id}", {"param": "t"}]"#,
        )
        .unwrap();
        assert_eq!(
            t.to_json(),
            r#"["{json:/id}","slack:{json:/team_id}:{header:x-id}","{param:t}"]"#
        );
        assert_eq!(KeyTemplate::from_json(&t.to_json()).unwrap(), t);
        assert!(
            t.check_scheme(&crate::schemes::GITHUB)
                .is_err_and(|e| e.to_string().contains("param"))
        );
        assert!(t.check_scheme(&crate::schemes::STRIPE).is_ok());
        assert_eq!(t.header_names().collect::<Vec<_>>(), ["x-id"]);
        let replay = ReplayKey([0xab; 32]);
        assert_eq!(
            replay.to_string(),
            alloc::format!("replay:{}", "ab".repeat(32))
        );
    }
}
