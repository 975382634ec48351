//! JSON pointers into an [`Event`]: the envelope (`/provider`, `/event_type`, `/fields/0/value`,
//! …) and, under `/payload`, the raw payload. Pointers are checked when a template is parsed, so
//! a typo fails loudly once instead of rendering nothing on every event.

use alloc::string::String;
use core::fmt::Write as _;

use serde_json::Value;

use super::text::{self, MAX_RENDER_BYTES};
use crate::normalize::Event;

/// Nested arrays and objects deeper than this render as `…`, which also bounds the recursion.
const MAX_JSON_DEPTH: usize = 16;

/// Why a pointer cannot address anything in an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A `~` not followed by `0` or `1` (RFC 6901 §3).
    BadEscape,
    /// Not empty, but does not start with `/`.
    NoLeadingSlash,
    /// `/fields` not followed by `/<index>/label` or `/<index>/value`.
    BadFieldsPath,
    /// A string member (`/title/x`) with a sub-path.
    ScalarSubPath,
    /// The first segment is not an envelope member.
    UnknownRoot,
}

impl Problem {
    pub(crate) fn hint(self) -> &'static str {
        match self {
            Self::BadEscape => "a '~' must be followed by '0' or '1'",
            Self::NoLeadingSlash => "a pointer starts with '/'",
            Self::BadFieldsPath => "use /fields/<index>/label or /fields/<index>/value",
            Self::ScalarSubPath => "this envelope member is a string and has no sub-paths",
            Self::UnknownRoot => {
                "start with one of /provider, /shape, /event_type, /id, /occurred_at, /title, \
                 /url, /fields, /payload"
            }
        }
    }
}

/// Checks that `pointer` can address something in an event.
pub(crate) fn validate(pointer: &str) -> Result<(), Problem> {
    let rest = pointer.strip_prefix('/').ok_or(Problem::NoLeadingSlash)?;
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(Problem::BadEscape);
        }
    }
    let (root, sub) = rest
        .split_once('/')
        .map_or((rest, None), |(r, s)| (r, Some(s)));
    match root {
        "provider" | "shape" | "event_type" | "id" | "occurred_at" | "title" | "url" => match sub {
            None => Ok(()),
            Some(_) => Err(Problem::ScalarSubPath),
        },
        "payload" => Ok(()),
        "fields" => {
            let ok = sub
                .and_then(|s| s.split_once('/'))
                .is_some_and(|(index, member)| {
                    !index.is_empty()
                        && index.bytes().all(|b| b.is_ascii_digit())
                        && matches!(member, "label" | "value")
                });
            if ok {
                Ok(())
            } else {
                Err(Problem::BadFieldsPath)
            }
        }
        _ => Err(Problem::UnknownRoot),
    }
}

/// What a pointer found.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Found<'e> {
    Text(&'e str),
    Json(&'e Value),
}

/// Looks `pointer` up in `event`. `None` when nothing is there, or it is `null`.
pub(crate) fn resolve<'e>(event: &'e Event, pointer: &str) -> Option<Found<'e>> {
    let rest = pointer.strip_prefix('/')?;
    let (root, sub) = rest.split_once('/').map_or((rest, ""), |(r, s)| (r, s));
    let text = |s: Option<&'e String>| s.map(|s| Found::Text(s.as_str()));
    let found = match root {
        "provider" => Some(Found::Text(event.provider.as_str())),
        "shape" => Some(Found::Text(event.shape.name())),
        "event_type" => text(event.event_type.as_ref()),
        "id" => text(event.id.as_ref()),
        "occurred_at" => text(event.occurred_at.as_ref()),
        "title" => text(event.title.as_ref()),
        "url" => text(event.url.as_ref()),
        "fields" => {
            let (index, member) = sub.split_once('/')?;
            let field = event.fields.get(index.parse::<usize>().ok()?)?;
            match member {
                "label" => Some(Found::Text(field.label.as_str())),
                "value" => Some(Found::Text(field.value.as_str())),
                _ => None,
            }
        }
        "payload" if sub.is_empty() && !rest.ends_with('/') => Some(Found::Json(&event.payload)),
        // `Value::pointer` wants the leading slash; `rest` still has "payload/..." so slice it.
        "payload" => event
            .payload
            .pointer(rest.get("payload".len()..)?)
            .map(Found::Json),
        _ => None,
    }?;
    match found {
        Found::Json(Value::Null) => None,
        Found::Json(Value::String(s)) => Some(Found::Text(s.as_str())),
        other => Some(other),
    }
}

/// Appends what a pointer found as display text: strings as they are, numbers and booleans as
/// JSON writes them, arrays and objects as compact JSON (depth- and size-bounded, so a deep or
/// huge value cannot exhaust the stack or memory).
pub(crate) fn write_found(out: &mut String, found: Found<'_>) {
    match found {
        Found::Text(s) => {
            text::push_bounded(out, s);
        }
        Found::Json(v) => write_json(out, v, 0),
    }
}

fn write_json(out: &mut String, v: &Value, depth: usize) {
    if out.len() >= MAX_RENDER_BYTES {
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        // A top-level string is shown bare; inside a container it is quoted.
        Value::String(s) if depth == 0 => {
            text::push_bounded(out, s);
        }
        Value::String(s) => write_json_string(out, s),
        Value::Array(_) | Value::Object(_) if depth >= MAX_JSON_DEPTH => {
            out.push(text::ELLIPSIS);
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if out.len() >= MAX_RENDER_BYTES {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, depth + 1);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if out.len() >= MAX_RENDER_BYTES {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, key);
                out.push(':');
                write_json(out, item, depth + 1);
            }
            out.push('}');
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if out.len() >= MAX_RENDER_BYTES {
            return;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use serde_json::json;

    use super::*;
    use crate::normalize::normalize_value;

    fn event(payload: Value) -> Event {
        normalize_value("verk", Some("id_1"), &[("a", "b")], payload)
    }

    #[test]
    fn validates_roots_and_escapes() {
        assert_eq!(validate("/payload/a~1b/0"), Ok(()));
        assert_eq!(validate("/fields/2/value"), Ok(()));
        assert_eq!(validate("/title"), Ok(()));
        assert_eq!(validate("title"), Err(Problem::NoLeadingSlash));
        assert_eq!(validate("/titel"), Err(Problem::UnknownRoot));
        assert_eq!(validate("/title/x"), Err(Problem::ScalarSubPath));
        assert_eq!(validate("/fields/x/value"), Err(Problem::BadFieldsPath));
        assert_eq!(validate("/fields/0"), Err(Problem::BadFieldsPath));
        assert_eq!(validate("/payload/a~2"), Err(Problem::BadEscape));
        assert_eq!(validate(""), Err(Problem::NoLeadingSlash));
    }

    #[test]
    fn resolves_envelope_and_payload() {
        let e = event(
            json!({"event": "x.failed", "deliveryId": "d", "data": {"n": 1, "s": "", "z": null}}),
        );
        let show = |p: &str| {
            resolve(&e, p).map(|f| {
                let mut s = String::new();
                write_found(&mut s, f);
                s
            })
        };
        assert_eq!(show("/provider").as_deref(), Some("verk"));
        assert_eq!(show("/event_type").as_deref(), Some("x.failed"));
        assert_eq!(show("/payload/data/n").as_deref(), Some("1"));
        assert_eq!(show("/payload/data/s").as_deref(), Some(""));
        assert_eq!(show("/payload/data/z"), None);
        assert_eq!(show("/payload/nope"), None);
        assert_eq!(show("/fields/0/label").as_deref(), Some("N"));
        assert_eq!(show("/fields/99/label"), None);
        assert_eq!(show("/title"), None);
        assert_eq!(
            show("/payload/data").as_deref(),
            Some(r#"{"n":1,"s":"","z":null}"#)
        );
    }

    #[test]
    fn deep_and_huge_json_is_bounded() {
        let mut deep = json!(1);
        for _ in 0..200 {
            deep = Value::Array(Vec::from([deep]));
        }
        let mut out = String::new();
        write_json(&mut out, &deep, 0);
        assert!(out.contains('…') && out.len() < 100, "{out}");

        let huge = Value::Array((0..100_000).map(Value::from).collect());
        let mut out = String::new();
        write_json(&mut out, &huge, 0);
        assert!(out.len() <= MAX_RENDER_BYTES + 16);
    }
}
