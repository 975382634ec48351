//! An [`Event`] from JSON: the shape [`normalize`](crate::normalize::normalize) returns,
//! serialized (what the npm package and the Worker hand back in).

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{Map, Value};

use super::error::TransformError;
use crate::normalize::{Event, Field, Shape};

/// Builds an [`Event`] from its JSON form, as `serde_json::to_value(&event)` writes it:
/// `provider` (required string), `shape`, `event_type`, `id`, `occurred_at`, `title`, `url`
/// (strings or `null`), `fields` (an array of `{label, value}`; numbers and booleans are taken
/// as text), and `payload` (any JSON). Keys it does not know are ignored, so an event from a
/// newer hookgate still renders. An unknown `shape` becomes `generic`.
///
/// # Errors
/// [`TransformError::InvalidEvent`] naming the member with the wrong type.
pub fn event_from_value(value: Value) -> Result<Event, TransformError> {
    let Value::Object(mut map) = value else {
        return Err(invalid(String::new(), "an object"));
    };
    let provider =
        text(&mut map, "provider")?.ok_or_else(|| invalid(at("provider"), "a string"))?;
    let shape = text(&mut map, "shape")?
        .and_then(|name| Shape::from_name(&name))
        .unwrap_or(Shape::Generic);
    let fields = match map.remove("fields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(field)
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid(at("fields"), "an array of {label, value}")),
    };
    Ok(Event {
        provider,
        shape,
        event_type: text(&mut map, "event_type")?,
        id: text(&mut map, "id")?,
        occurred_at: text(&mut map, "occurred_at")?,
        title: text(&mut map, "title")?,
        url: text(&mut map, "url")?,
        fields,
        payload: map.remove("payload").unwrap_or(Value::Null),
    })
}

fn field((i, item): (usize, Value)) -> Result<Field, TransformError> {
    let Value::Object(mut map) = item else {
        return Err(invalid(format!("/fields/{i}"), "an object {label, value}"));
    };
    let mut member = |key: &'static str| match map.remove(key) {
        Some(Value::String(s)) => Ok(s),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(v.to_string()),
        _ => Err(invalid(format!("/fields/{i}/{key}"), "a string")),
    };
    Ok(Field {
        label: member("label")?,
        value: member("value")?,
    })
}

/// A member that must be a string, `null` or absent.
fn text(map: &mut Map<String, Value>, key: &'static str) -> Result<Option<String>, TransformError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(at(key), "a string or null")),
    }
}

fn at(key: &str) -> String {
    let mut s = "/".to_owned();
    s.push_str(key);
    s
}

fn invalid(at: String, expected: &'static str) -> TransformError {
    TransformError::InvalidEvent { at, expected }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::normalize::normalize_value;

    #[test]
    fn round_trips_a_normalized_event() {
        let e = normalize_value(
            "github",
            None,
            &[("X-GitHub-Event", "issues")],
            json!({"action": "opened", "issue": {"title": "Bug", "html_url": "https://github.com/o/r/issues/1"}, "repository": {"full_name": "o/r"}}),
        );
        let back = event_from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn names_the_bad_member() {
        let code = |v: Value| {
            let e = event_from_value(v).unwrap_err();
            (e.code(), String::from(e.at().unwrap_or_default()))
        };
        assert_eq!(code(json!([])), ("invalid_event", String::new()));
        assert_eq!(code(json!({})), ("invalid_event", "/provider".into()));
        assert_eq!(
            code(json!({"provider": "x", "title": 1})),
            ("invalid_event", "/title".into())
        );
        assert_eq!(
            code(json!({"provider": "x", "fields": [{"label": "a"}]})),
            ("invalid_event", "/fields/0/value".into())
        );
        let e = event_from_value(json!({"provider": "x", "shape": "weird", "extra": 1, "fields": [{"label": "n", "value": 3}]})).unwrap();
        assert_eq!((e.shape, e.fields[0].value.as_str()), (Shape::Generic, "3"));
    }
}
