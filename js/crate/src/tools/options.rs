//! Options objects and plain data: the tools' options are read into serde's data model and
//! deserialized strictly (`deny_unknown_fields`), so an unknown option or a wrong type is an
//! `invalid_options` error that names it, never a silent default. Results go back as JS values
//! built by serde-wasm-bindgen.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hookgate::UnixTime;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::args::{MAX_SAFE_INTEGER, millis};
use crate::boundary::options::{MAX_DEPTH, MAX_PLAUSIBLE_SECONDS};
use crate::errors::{Boundary, config_error};

/// Parses an options object strictly; `undefined`/`null` is "all defaults".
///
/// The object is read into serde's data model by `plain` and then deserialized with
/// serde's `deny_unknown_fields`: an unknown option or a wrong type is an error that names
/// it. (serde-wasm-bindgen's `from_value` is not used here: it reads a struct field by
/// field, so it never sees unknown keys, and it recurses without limit, so a deeply nested
/// object overflows the stack and traps the instance.)
pub(crate) fn parse_options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    let bad = |detail: String| config_error(&Boundary::InvalidOptions { detail });
    match plain(&value, "options", 0).map_err(bad)? {
        Value::Null => Ok(T::default()),
        object @ Value::Object(_) => serde_json::from_value(object).map_err(|e| bad(e.to_string())),
        _ => Err(bad("options must be an object".into())),
    }
}

/// A JS value as plain data (strings, finite numbers, booleans, null, arrays, objects' own
/// string keys). Depth is capped, so cycles and absurd nesting are errors; every JS call
/// made is a `catch` import, so a throwing getter or Proxy trap becomes an error here
/// instead of an exception unwinding through wasm frames.
pub(crate) fn plain(value: &JsValue, path: &str, depth: usize) -> Result<Value, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n).ok_or_else(|| alloc::format!("{path}: not a finite number"));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if !value.is_object() {
        return Err(alloc::format!(
            "{path}: a {} is not allowed",
            value.js_typeof().as_string().unwrap_or_default()
        ));
    }
    if depth >= MAX_DEPTH {
        return Err(alloc::format!("{path}: nested too deeply (or cyclic)"));
    }
    let unreadable = |_| alloc::format!("{path}: could not be read");
    if js_sys::Array::is_array(value) {
        let len = js_sys::Reflect::get(value, &JsValue::from_str("length"))
            .map_err(unreadable)?
            .as_f64()
            .filter(|n| *n >= 0.0 && *n <= 1e6)
            .ok_or_else(|| alloc::format!("{path}: array too long"))?;
        let mut items = Vec::new();
        // `len` is a whole number of at most 1e6 (an array length), so the cast is exact.
        for i in 0..len as u32 {
            let item = js_sys::Reflect::get_u32(value, i).map_err(unreadable)?;
            items.push(plain(&item, path, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let mut map = serde_json::Map::new();
    for key in js_sys::Reflect::own_keys(value).map_err(unreadable)?.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let item = js_sys::Reflect::get(value, &key).map_err(unreadable)?;
        let item = plain(&item, &alloc::format!("{path}.{name}"), depth + 1)?;
        map.insert(name, item);
    }
    Ok(Value::Object(map))
}

/// A JS number as JSON: integers exactly (within 2^53), other finite numbers as floats.
fn number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        // Whole and within 2^53: both casts are exact.
        return Some(if n >= 0.0 {
            Value::from(n as u64)
        } else {
            Value::from(n as i64)
        });
    }
    serde_json::Number::from_f64(n).map(Value::Number)
}

/// A string, or an array of strings.
pub(crate) fn string_list(value: &JsValue, argument: &'static str) -> Result<Vec<String>, JsValue> {
    let bad = |detail: &str| {
        config_error(&Boundary::InvalidArgument {
            argument,
            detail: detail.into(),
        })
    };
    match plain(value, argument, 0).map_err(|e| bad(&e))? {
        Value::String(s) => Ok(alloc::vec![s]),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(bad("every entry must be a string")),
            })
            .collect(),
        _ => Err(bad("expected a string or an array of strings")),
    }
}

/// Epoch seconds (fractions allowed) as an instant.
pub(crate) fn seconds_time(seconds: f64, argument: &'static str) -> Result<UnixTime, JsValue> {
    if seconds.abs() > MAX_PLAUSIBLE_SECONDS {
        return Err(config_error(&Boundary::InvalidArgument {
            argument,
            detail: "this looks like milliseconds; pass epoch seconds or a Date".into(),
        }));
    }
    millis((seconds * 1000.0).round(), argument)
}

pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            config_error(&Boundary::InvalidArgument {
                argument: "result",
                detail: e.to_string(),
            })
        })
}
