//! Declarative templates: parsing (strict, with the location of every problem), the built-in
//! templates, and rendering a template's strings against an event.
//!
//! The format is documented on the [`transform`](super) module.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

use super::error::{TransformError, echo};
use super::pointer::{self, Found};
use super::{color, text};
use crate::normalize::{Event, Shape};

/// Template JSON text longer than this is rejected before parsing.
const MAX_TEMPLATE_BYTES: usize = 64 * 1024;
/// Alternatives in one slot (`"title": ["{/a}", "{/b}", …]`).
const MAX_CANDIDATES: usize = 8;
/// One template string, in bytes.
const MAX_STRING_BYTES: usize = 4096;
/// `{/pointer}` placeholders in one template string.
const MAX_PLACEHOLDERS: usize = 32;
/// Fields: Discord's limit per embed, and two and a half Slack sections.
pub(crate) const MAX_FIELDS: usize = 25;
/// Context items: Slack allows 10 context elements, and the event type and provider take two.
pub(crate) const MAX_CONTEXT: usize = 8;
/// Entries in a colour map.
const MAX_COLOR_MAP: usize = 64;

const TOP_KEYS: &str = "title, description, url, color, context, fields, event_fields";
const FIELD_KEYS: &str = "label, path, value, inline";
const CONTEXT_KEYS: &str = "label, path, value";
const COLOR_KEYS: &str = "path, map, default";

/// The JSON text of the built-in template for an [`Event::shape`].
fn builtin_text(shape: Shape) -> &'static str {
    match shape {
        Shape::Generic => include_str!("builtin/generic.json"),
        Shape::GitHub => include_str!("builtin/github.json"),
        Shape::StandardWebhooks => include_str!("builtin/standard_webhooks.json"),
        Shape::Stripe => include_str!("builtin/stripe.json"),
        Shape::Vem => include_str!("builtin/vem.json"),
        Shape::Verk => include_str!("builtin/verk.json"),
    }
}

/// A declarative mapping from an [`Event`] to a chat message: title, description, URL, colour,
/// context and fields, each read from the event by JSON pointer. Parse one with
/// [`Template::from_json`]; the built-in ones are [`Template::builtin`].
///
/// A template is validated when parsed, so rendering it never fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub(crate) title: Slot,
    pub(crate) description: Slot,
    pub(crate) url: Slot,
    pub(crate) color: ColorSpec,
    pub(crate) context: Vec<FieldSpec>,
    pub(crate) fields: Vec<FieldSpec>,
    pub(crate) event_fields: bool,
}

impl Template {
    /// Parses a template from JSON text (the format is on the [`transform`](super) module).
    ///
    /// # Errors
    /// [`TransformError::TemplateNotJson`] when the text is not JSON (or is nested more than
    /// 128 deep); otherwise as [`Template::from_value`].
    pub fn from_json(json: &str) -> Result<Self, TransformError> {
        if json.len() > MAX_TEMPLATE_BYTES {
            return Err(TransformError::TemplateTooLarge {
                at: String::new(),
                limit: MAX_TEMPLATE_BYTES,
            });
        }
        let value: Value =
            serde_json::from_str(json).map_err(|e| TransformError::TemplateNotJson {
                line: e.line(),
                column: e.column(),
            })?;
        Self::from_value(&value)
    }

    /// Parses a template from a JSON value (for callers that already hold one, such as the
    /// npm package given a JS object).
    ///
    /// # Errors
    /// A [`TransformError`] naming the offending location (`at`, a JSON pointer into the
    /// template): an unknown key, a wrong type, a malformed `{/pointer}` or colour, a missing
    /// required key, or a size limit exceeded.
    pub fn from_value(value: &Value) -> Result<Self, TransformError> {
        let top = object(value, "")?;
        let mut template = Self::empty();
        for (key, value) in top {
            let at = child("", key);
            match key.as_str() {
                "title" => template.title = Slot::parse(value, &at)?,
                "description" => template.description = Slot::parse(value, &at)?,
                "url" => template.url = Slot::parse(value, &at)?,
                "color" => template.color = ColorSpec::parse(value, &at)?,
                "context" => template.context = FieldSpec::parse_list(value, &at, false)?,
                "fields" => template.fields = FieldSpec::parse_list(value, &at, true)?,
                "event_fields" => {
                    template.event_fields =
                        value.as_bool().ok_or(TransformError::TemplateType {
                            at,
                            expected: "a boolean",
                        })?;
                }
                _ => {
                    return Err(TransformError::UnknownTemplateKey {
                        at,
                        allowed: TOP_KEYS,
                    });
                }
            }
        }
        Ok(template)
    }

    /// The built-in template for an event shape.
    #[must_use]
    pub fn builtin(shape: Shape) -> Self {
        // The built-ins are tested to parse (tests::builtins_parse); should one ever fail, a
        // minimal template still renders the envelope rather than panicking.
        Self::from_json(Self::builtin_json(shape)).unwrap_or_else(|_| Self::minimal())
    }

    /// The JSON text of the built-in template for an event shape: a starting point for a
    /// custom template.
    #[must_use]
    pub fn builtin_json(shape: Shape) -> &'static str {
        builtin_text(shape)
    }

    fn empty() -> Self {
        Self {
            title: Slot::default(),
            description: Slot::default(),
            url: Slot::default(),
            color: ColorSpec::Fixed(ColorValue::Auto),
            context: Vec::new(),
            fields: Vec::new(),
            event_fields: false,
        }
    }

    fn minimal() -> Self {
        Self {
            event_fields: true,
            ..Self::empty()
        }
    }
}

/// Alternatives: the first one that renders wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Slot(Vec<Text>);

impl Slot {
    fn parse(value: &Value, at: &str) -> Result<Self, TransformError> {
        match value {
            Value::String(s) => Ok(Self(Vec::from([Text::parse(s, at)?]))),
            Value::Array(items) => {
                if items.len() > MAX_CANDIDATES {
                    return Err(TransformError::TemplateTooLarge {
                        at: String::from(at),
                        limit: MAX_CANDIDATES,
                    });
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let at = index(at, i);
                        let s = item.as_str().ok_or_else(|| TransformError::TemplateType {
                            at: at.clone(),
                            expected: "a string",
                        })?;
                        Text::parse(s, &at)
                    })
                    .collect::<Result<_, _>>()
                    .map(Self)
            }
            _ => Err(TransformError::TemplateType {
                at: String::from(at),
                expected: "a string or an array of strings",
            }),
        }
    }

    /// The first alternative whose every placeholder resolved, or `None`.
    pub(crate) fn render(&self, event: &Event) -> Option<String> {
        self.0.iter().find_map(|t| t.render(event))
    }
}

/// A string with `{/pointer}` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Text(Vec<TextPiece>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum TextPiece {
    Literal(String),
    Pointer(String),
}

impl Text {
    fn parse(s: &str, at: &str) -> Result<Self, TransformError> {
        if s.len() > MAX_STRING_BYTES {
            return Err(TransformError::TemplateTooLarge {
                at: String::from(at),
                limit: MAX_STRING_BYTES,
            });
        }
        let bad = || TransformError::InvalidPlaceholder {
            at: String::from(at),
        };
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut placeholders = 0;
        let mut rest = s;
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(rest.get(..i).unwrap_or_default());
            let tail = rest.get(i..).unwrap_or_default();
            if let Some(after) = tail.strip_prefix("{{") {
                literal.push('{');
                rest = after;
            } else if let Some(after) = tail.strip_prefix("}}") {
                literal.push('}');
                rest = after;
            } else if let Some(after) = tail.strip_prefix('{') {
                let close = after.find('}').ok_or_else(bad)?;
                let ptr = after.get(..close).unwrap_or_default();
                if !ptr.starts_with('/') {
                    return Err(bad());
                }
                pointer::validate(ptr).map_err(|p| {
                    TransformError::invalid_pointer(String::from(at), ptr, p.hint())
                })?;
                placeholders += 1;
                if placeholders > MAX_PLACEHOLDERS {
                    return Err(TransformError::TemplateTooLarge {
                        at: String::from(at),
                        limit: MAX_PLACEHOLDERS,
                    });
                }
                if !literal.is_empty() {
                    pieces.push(TextPiece::Literal(core::mem::take(&mut literal)));
                }
                pieces.push(TextPiece::Pointer(String::from(ptr)));
                rest = after.get(close + 1..).unwrap_or_default();
            } else {
                return Err(bad());
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(TextPiece::Literal(literal));
        }
        Ok(Self(pieces))
    }

    /// The rendered text, or `None` when a placeholder found nothing (or only whitespace), or
    /// the result is blank.
    pub(crate) fn render(&self, event: &Event) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                TextPiece::Literal(s) => {
                    text::push_bounded(&mut out, s);
                }
                TextPiece::Pointer(ptr) => {
                    let found = pointer::resolve(event, ptr)?;
                    if let Found::Text(s) = found
                        && s.trim().is_empty()
                    {
                        return None;
                    }
                    pointer::write_found(&mut out, found);
                }
            }
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// A labelled value: a field, or a context item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldSpec {
    pub(crate) label: Text,
    pub(crate) value: Slot,
    /// `None`: inline when the value is short.
    pub(crate) inline: Option<bool>,
}

impl FieldSpec {
    fn parse_list(value: &Value, at: &str, fields: bool) -> Result<Vec<Self>, TransformError> {
        let items = value
            .as_array()
            .ok_or_else(|| TransformError::TemplateType {
                at: String::from(at),
                expected: "an array of objects",
            })?;
        let limit = if fields { MAX_FIELDS } else { MAX_CONTEXT };
        if items.len() > limit {
            return Err(TransformError::TemplateTooLarge {
                at: String::from(at),
                limit,
            });
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| Self::parse(item, &index(at, i), fields))
            .collect()
    }

    fn parse(value: &Value, at: &str, fields: bool) -> Result<Self, TransformError> {
        let obj = object(value, at)?;
        let mut label = None;
        let mut path = None;
        let mut text = None;
        let mut inline = None;
        for (key, value) in obj {
            let at = child(at, key);
            match key.as_str() {
                "label" => label = Some(Text::parse(string(value, &at)?, &at)?),
                "path" => {
                    let p = string(value, &at)?;
                    pointer::validate(p)
                        .map_err(|e| TransformError::invalid_pointer(at.clone(), p, e.hint()))?;
                    path = Some(Text(Vec::from([TextPiece::Pointer(String::from(p))])));
                }
                "value" => text = Some(Slot::parse(value, &at)?),
                "inline" if fields => {
                    inline = Some(value.as_bool().ok_or(TransformError::TemplateType {
                        at,
                        expected: "a boolean",
                    })?);
                }
                _ => {
                    return Err(TransformError::UnknownTemplateKey {
                        at,
                        allowed: if fields { FIELD_KEYS } else { CONTEXT_KEYS },
                    });
                }
            }
        }
        let label = label.ok_or_else(|| TransformError::MissingTemplateKey {
            at: String::from(at),
            key: "label",
        })?;
        let value = match (path, text) {
            (Some(p), None) => Slot(Vec::from([p])),
            (None, Some(t)) => t,
            (Some(_), Some(_)) => {
                return Err(TransformError::TemplateKeyConflict {
                    at: String::from(at),
                    keys: "path, value",
                });
            }
            (None, None) => {
                return Err(TransformError::MissingTemplateKey {
                    at: String::from(at),
                    key: "path or value",
                });
            }
        };
        Ok(Self {
            label,
            value,
            inline,
        })
    }
}

/// A colour: fixed, automatic, or looked up from a value in the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ColorSpec {
    Fixed(ColorValue),
    Map {
        path: String,
        map: Vec<(String, ColorValue)>,
        default: ColorValue,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColorValue {
    /// By status, then provider (see the colour rules on the module).
    Auto,
    Rgb(u32),
}

impl ColorValue {
    fn parse(value: &Value, at: &str) -> Result<Self, TransformError> {
        match value.as_str() {
            Some("auto") => Ok(Self::Auto),
            Some(s) => color::parse(s)
                .map(Self::Rgb)
                .ok_or_else(|| TransformError::InvalidColor {
                    at: String::from(at),
                }),
            None => Err(TransformError::TemplateType {
                at: String::from(at),
                expected: "a colour string",
            }),
        }
    }

    fn rgb(self, event: &Event) -> u32 {
        match self {
            Self::Auto => color::auto(event),
            Self::Rgb(rgb) => rgb,
        }
    }
}

impl ColorSpec {
    fn parse(value: &Value, at: &str) -> Result<Self, TransformError> {
        let Value::Object(obj) = value else {
            return ColorValue::parse(value, at).map(Self::Fixed);
        };
        let mut path = None;
        let mut map = Vec::new();
        let mut default = ColorValue::Auto;
        for (key, value) in obj {
            let at = child(at, key);
            match key.as_str() {
                "path" => {
                    let p = string(value, &at)?;
                    pointer::validate(p)
                        .map_err(|e| TransformError::invalid_pointer(at.clone(), p, e.hint()))?;
                    path = Some(String::from(p));
                }
                "map" => {
                    let entries = object(value, &at)?;
                    if entries.len() > MAX_COLOR_MAP {
                        return Err(TransformError::TemplateTooLarge {
                            at,
                            limit: MAX_COLOR_MAP,
                        });
                    }
                    for (k, v) in entries {
                        let at = child(&at, k);
                        if k.len() > MAX_STRING_BYTES {
                            return Err(TransformError::TemplateTooLarge {
                                at,
                                limit: MAX_STRING_BYTES,
                            });
                        }
                        map.push((k.clone(), ColorValue::parse(v, &at)?));
                    }
                }
                "default" => default = ColorValue::parse(value, &at)?,
                _ => {
                    return Err(TransformError::UnknownTemplateKey {
                        at,
                        allowed: COLOR_KEYS,
                    });
                }
            }
        }
        let path = path.ok_or_else(|| TransformError::MissingTemplateKey {
            at: String::from(at),
            key: "path",
        })?;
        Ok(Self::Map { path, map, default })
    }

    /// The colour for `event`. A map matches the value's text exactly, then ignoring ASCII
    /// case; no match (or no value) takes the default.
    pub(crate) fn render(&self, event: &Event) -> u32 {
        match self {
            Self::Fixed(c) => c.rgb(event),
            Self::Map { path, map, default } => {
                let mut key = String::new();
                if let Some(found) = pointer::resolve(event, path) {
                    pointer::write_found(&mut key, found);
                }
                let key = key.trim();
                map.iter()
                    .find(|(k, _)| k == key)
                    .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
                    .map_or(*default, |(_, c)| *c)
                    .rgb(event)
            }
        }
    }
}

fn object<'v>(value: &'v Value, at: &str) -> Result<&'v Map<String, Value>, TransformError> {
    value
        .as_object()
        .ok_or_else(|| TransformError::TemplateType {
            at: String::from(at),
            expected: "an object",
        })
}

/// A template string, at most [`MAX_STRING_BYTES`] long (a template built as a value, not
/// parsed from text, has no overall size cap, so each string has one).
fn string<'v>(value: &'v Value, at: &str) -> Result<&'v str, TransformError> {
    let s = value.as_str().ok_or_else(|| TransformError::TemplateType {
        at: String::from(at),
        expected: "a string",
    })?;
    if s.len() > MAX_STRING_BYTES {
        return Err(TransformError::TemplateTooLarge {
            at: String::from(at),
            limit: MAX_STRING_BYTES,
        });
    }
    Ok(s)
}

/// `at` + `/key`, escaped as RFC 6901 asks, with the key cut short if it is huge.
fn child(at: &str, key: &str) -> String {
    let key = echo(key);
    let mut out = String::with_capacity(at.len() + key.len() + 1);
    out.push_str(at);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

fn index(at: &str, i: usize) -> String {
    alloc::format!("{at}/{i}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::normalize::normalize_value;

    fn err(json: &str) -> (String, String) {
        let e = Template::from_json(json).unwrap_err();
        (String::from(e.code()), String::from(e.at().unwrap_or("-")))
    }

    #[test]
    fn builtins_parse() {
        for shape in Shape::ALL {
            Template::from_json(Template::builtin_json(shape))
                .unwrap_or_else(|e| panic!("{}: {e}", shape.name()));
        }
    }

    #[test]
    fn errors_name_the_location() {
        let s = |a: &str, b: &str| (String::from(a), String::from(b));
        assert_eq!(
            err(r#"{"titel": "x"}"#),
            s("unknown_template_key", "/titel")
        );
        assert_eq!(err(r#"[1]"#), s("invalid_template_type", ""));
        assert_eq!(
            err(
                r#"{"fields": [{"label": "a", "path": "/payload/x"}, {"label": "b", "path": "x"}]}"#
            ),
            s("invalid_pointer", "/fields/1/path")
        );
        assert_eq!(
            err(r#"{"title": ["ok", "{/nope}"]}"#),
            s("invalid_pointer", "/title/1")
        );
        assert_eq!(
            err(r#"{"title": "a {b"}"#),
            s("invalid_placeholder", "/title")
        );
        assert_eq!(
            err(r#"{"title": "a }"}"#),
            s("invalid_placeholder", "/title")
        );
        assert_eq!(
            err(r#"{"title": "{title}"}"#),
            s("invalid_placeholder", "/title")
        );
        assert_eq!(
            err(r#"{"fields": [{"path": "/id"}]}"#),
            s("missing_template_key", "/fields/0")
        );
        assert_eq!(
            err(r#"{"fields": [{"label": "a", "path": "/id", "value": "x"}]}"#),
            s("template_key_conflict", "/fields/0")
        );
        assert_eq!(
            err(r#"{"context": [{"label": "a", "value": "x", "inline": true}]}"#),
            s("unknown_template_key", "/context/0/inline")
        );
        assert_eq!(
            err(r#"{"color": {"path": "/id", "map": {"a/b": "pink"}}}"#),
            s("invalid_color", "/color/map/a~1b")
        );
        assert_eq!(
            err(r#"{"color": {"map": {}}}"#),
            s("missing_template_key", "/color")
        );
        assert_eq!(
            err(r#"{"event_fields": 1}"#),
            s("invalid_template_type", "/event_fields")
        );
        assert_eq!(err("{"), s("template_not_json", "-"));
        let deep = alloc::format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(err(&deep).0, "template_not_json");
        let many = alloc::format!(r#"{{"title": "{}"}}"#, "{/id}".repeat(33));
        assert_eq!(err(&many), s("template_too_large", "/title"));
        let huge_key = alloc::format!(r#"{{"{}": 1}}"#, "k".repeat(10_000));
        assert!(err(&huge_key).1.chars().count() < 210);
        let long = "/payload/".repeat(1000);
        let e =
            Template::from_value(&json!({"fields": [{"label": "a", "path": long}]})).unwrap_err();
        assert_eq!(
            (e.code(), e.at()),
            ("template_too_large", Some("/fields/0/path"))
        );
        let e = Template::from_value(
            &json!({"color": {"path": "/id", "map": {long.as_str(): "danger"}}}),
        )
        .unwrap_err();
        assert_eq!(e.code(), "template_too_large");
    }

    #[test]
    fn renders_alternatives_and_escaped_braces() {
        let e = normalize_value(
            "vem",
            None,
            &[("a", "b")],
            json!({"event": "x", "project_name": "web", "data": {"n": 3, "empty": " "}}),
        );
        let t = |s: &str| Slot::parse(&json!(s), "").unwrap().render(&e);
        assert_eq!(
            t("{{{/payload/project_name}}} n={/payload/data/n}").as_deref(),
            Some("{web} n=3")
        );
        assert_eq!(t("{/payload/data/empty}"), None);
        assert_eq!(t("{/payload/missing} fallback"), None);
        let slot = Slot::parse(&json!(["{/payload/missing}", "{/event_type}!"]), "").unwrap();
        assert_eq!(slot.render(&e).as_deref(), Some("x!"));
    }

    #[test]
    fn colour_maps() {
        let e = normalize_value("x", None, &[("a", "b")], json!({"s": "FAILED", "b": true}));
        let c = |v: Value| ColorSpec::parse(&v, "").unwrap().render(&e);
        assert_eq!(
            c(json!({"path": "/payload/s", "map": {"failed": "#000001"}})),
            1
        );
        assert_eq!(
            c(json!({"path": "/payload/b", "map": {"true": "success"}})),
            color::SUCCESS
        );
        assert_eq!(
            c(json!({"path": "/payload/zz", "map": {}, "default": "#000002"})),
            2
        );
        assert_eq!(c(json!("warning")), color::WARNING);
        assert_eq!(c(json!("auto")), color::NEUTRAL);
    }
}
