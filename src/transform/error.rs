//! Why a template, an event given as JSON, or a platform name was rejected. Rendering itself
//! never fails: a missing value falls back, an over-long one is cut.

use alloc::string::String;
use core::fmt;

use super::text;

/// Strings echoed from user input into an error are cut to this many UTF-16 units, so a
/// hostile template cannot make a megabyte error message.
const MAX_ECHO: usize = 200;

/// Why a transform input was rejected. `at` is a JSON pointer into the offending document
/// (the template, or the event), `""` for its root.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransformError {
    /// A colour is neither `#rrggbb` nor one of `danger`, `warning`, `success`, `neutral`, `auto`.
    InvalidColor {
        /// Where in the template.
        at: String,
    },
    /// The event given as JSON does not have the [`Event`](crate::normalize::Event) shape.
    InvalidEvent {
        /// Where in the event.
        at: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A `{` that does not open a `{/pointer}`, or a `}` that closes nothing. Literal braces
    /// are written `{{` and `}}`.
    InvalidPlaceholder {
        /// Where in the template.
        at: String,
    },
    /// A pointer that cannot address anything in an event.
    InvalidPointer {
        /// Where in the template.
        at: String,
        /// The pointer as written (cut to 200 characters).
        pointer: String,
        /// What is wrong with it.
        hint: &'static str,
    },
    /// A required key is absent (a field's `label`, a colour map's `path`).
    MissingTemplateKey {
        /// The object that lacks it.
        at: String,
        /// The key (or keys, when one of several is required).
        key: &'static str,
    },
    /// Two keys that exclude each other are both present (a field's `path` and `value`).
    TemplateKeyConflict {
        /// Where in the template.
        at: String,
        /// The keys, for the message.
        keys: &'static str,
    },
    /// The template text is not JSON.
    TemplateNotJson {
        /// 1-based line of the first problem.
        line: usize,
        /// 1-based column of the first problem.
        column: usize,
    },
    /// The template exceeds a size limit (text length, number of fields, …).
    TemplateTooLarge {
        /// Where in the template.
        at: String,
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A template value has the wrong JSON type.
    TemplateType {
        /// Where in the template.
        at: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A platform name other than `slack` or `discord` (or `auto` / `off` where allowed).
    UnknownPlatform {
        /// The name given (cut to 200 characters).
        name: String,
    },
    /// A key the template format does not have; usually a typo.
    UnknownTemplateKey {
        /// The unknown key's location.
        at: String,
        /// The keys allowed there.
        allowed: &'static str,
    },
}

impl TransformError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidColor { .. } => "invalid_color",
            Self::InvalidEvent { .. } => "invalid_event",
            Self::InvalidPlaceholder { .. } => "invalid_placeholder",
            Self::InvalidPointer { .. } => "invalid_pointer",
            Self::MissingTemplateKey { .. } => "missing_template_key",
            Self::TemplateKeyConflict { .. } => "template_key_conflict",
            Self::TemplateNotJson { .. } => "template_not_json",
            Self::TemplateTooLarge { .. } => "template_too_large",
            Self::TemplateType { .. } => "invalid_template_type",
            Self::UnknownPlatform { .. } => "unknown_platform",
            Self::UnknownTemplateKey { .. } => "unknown_template_key",
        }
    }

    /// The location inside the offending document, when the error has one.
    #[must_use]
    pub fn at(&self) -> Option<&str> {
        match self {
            Self::InvalidColor { at }
            | Self::InvalidEvent { at, .. }
            | Self::InvalidPlaceholder { at }
            | Self::InvalidPointer { at, .. }
            | Self::MissingTemplateKey { at, .. }
            | Self::TemplateKeyConflict { at, .. }
            | Self::TemplateTooLarge { at, .. }
            | Self::TemplateType { at, .. }
            | Self::UnknownTemplateKey { at, .. } => Some(at),
            Self::TemplateNotJson { .. } | Self::UnknownPlatform { .. } => None,
        }
    }

    pub(crate) fn invalid_pointer(at: String, pointer: &str, hint: &'static str) -> Self {
        Self::InvalidPointer {
            at,
            pointer: echo(pointer),
            hint,
        }
    }

    pub(crate) fn unknown_platform(name: &str) -> Self {
        Self::UnknownPlatform { name: echo(name) }
    }
}

/// A user-supplied string, cut for inclusion in an error.
pub(crate) fn echo(s: &str) -> String {
    text::truncate(s, MAX_ECHO)
}

/// `""` (the root) reads better as "the template root" in a sentence.
struct Place<'a>(&'a str);

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the root")
        } else {
            f.write_str(self.0)
        }
    }
}

impl fmt::Display for TransformError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidColor { at } => write!(
                f,
                "invalid colour at {}: use \"#rrggbb\" or one of danger, warning, success, neutral, auto",
                Place(at)
            ),
            Self::InvalidEvent { at, expected } => write!(
                f,
                "invalid event at {}: expected {expected}; pass an event as hookgate's normalize() returns it",
                Place(at)
            ),
            Self::InvalidPlaceholder { at } => write!(
                f,
                "invalid placeholder in the template string at {}: write {{/pointer}}, and {{{{ or }}}} for a literal brace",
                Place(at)
            ),
            Self::InvalidPointer { at, pointer, hint } => {
                write!(f, "invalid pointer {pointer:?} at {}: {hint}", Place(at))
            }
            Self::MissingTemplateKey { at, key } => {
                write!(f, "missing template key {key} in {}", Place(at))
            }
            Self::TemplateKeyConflict { at, keys } => write!(
                f,
                "conflicting template keys at {}: give only one of {keys}",
                Place(at)
            ),
            Self::TemplateNotJson { line, column } => {
                write!(f, "template is not JSON (line {line}, column {column})")
            }
            Self::TemplateTooLarge { at, limit } => write!(
                f,
                "template too large at {}: the limit is {limit}",
                Place(at)
            ),
            Self::TemplateType { at, expected } => write!(
                f,
                "wrong type in the template at {}: expected {expected}",
                Place(at)
            ),
            Self::UnknownPlatform { name } => write!(
                f,
                "unknown platform {name:?}: use \"slack\" or \"discord\" (or \"auto\" / \"off\" for a route)"
            ),
            Self::UnknownTemplateKey { at, allowed } => write!(
                f,
                "unknown template key {}: allowed here are {allowed}",
                Place(at)
            ),
        }
    }
}

impl core::error::Error for TransformError {}

/// Serializes as `{"code": "...", <fields>}`, like the crate's other errors.
impl serde::Serialize for TransformError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        if let Some(at) = self.at() {
            map.serialize_entry("at", at)?;
        }
        match self {
            Self::InvalidEvent { expected, .. } | Self::TemplateType { expected, .. } => {
                map.serialize_entry("expected", expected)?;
            }
            Self::InvalidPointer { pointer, hint, .. } => {
                map.serialize_entry("pointer", pointer)?;
                map.serialize_entry("hint", hint)?;
            }
            Self::TemplateKeyConflict { keys, .. } => map.serialize_entry("keys", keys)?,
            Self::MissingTemplateKey { key, .. } => map.serialize_entry("key", key)?,
            Self::TemplateNotJson { line, column } => {
                map.serialize_entry("line", line)?;
                map.serialize_entry("column", column)?;
            }
            Self::TemplateTooLarge { limit, .. } => map.serialize_entry("limit", limit)?,
            Self::UnknownPlatform { name } => map.serialize_entry("name", name)?,
            Self::UnknownTemplateKey { allowed, .. } => map.serialize_entry("allowed", allowed)?,
            Self::InvalidColor { .. } | Self::InvalidPlaceholder { .. } => {}
        }
        map.end()
    }
}
