//! Errors to JS: every error an export returns is a JS `Error` named
//! `WebhookVerificationError` (the request failed) or `WebhookConfigError` (the setup or the
//! arguments are wrong), with the error's `Display` as message, its stable `code`, and
//! `details`: the error exactly as the core serializes it (`{ code, ...fields }`), written
//! straight into a JS object by [`ToJs`]. The wrapper rethrows them as its own classes.

use alloc::string::{String, ToString};
use core::fmt;

use hookgate::VerifyError;
use serde::Serialize;
use serde::ser::{Impossible, SerializeMap};
use wasm_bindgen::JsValue;

/// Errors of the boundary itself: arguments and options the core never sees.
#[derive(Debug)]
pub(crate) enum Boundary {
    InvalidArgument {
        argument: &'static str,
        detail: String,
    },
    InvalidOptions {
        detail: String,
    },
    PayloadTooLarge {
        size: usize,
    },
    /// An export was called while another was running (only possible from a JS callback).
    Reentered,
}

impl Serialize for Boundary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Self::InvalidArgument { argument, detail } => {
                map.serialize_entry("code", "invalid_argument")?;
                map.serialize_entry("argument", argument)?;
                map.serialize_entry("detail", detail)?;
            }
            Self::InvalidOptions { detail } => {
                map.serialize_entry("code", "invalid_options")?;
                map.serialize_entry("detail", detail)?;
            }
            Self::PayloadTooLarge { size } => {
                map.serialize_entry("code", "payload_too_large")?;
                map.serialize_entry("size", size)?;
            }
            Self::Reentered => map.serialize_entry("code", "reentered")?,
        }
        map.end()
    }
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidArgument { argument, detail } => {
                write!(f, "invalid argument {argument}: {detail}")
            }
            Self::InvalidOptions { detail } => write!(f, "invalid options: {detail}"),
            Self::PayloadTooLarge { size } => write!(
                f,
                "payload too large: {size} bytes exceed what hookgate buffers (at most 1 GiB)"
            ),
            Self::Reentered => f.write_str("hookgate was re-entered from a callback"),
        }
    }
}

/// The request failed verification.
#[cold]
#[inline(never)]
pub(crate) fn verify_error(e: &VerifyError) -> JsValue {
    js_error("WebhookVerificationError", e)
}

/// The configuration, the arguments, or a signing input is wrong.
#[cold]
#[inline(never)]
pub(crate) fn config_error<E: Serialize + fmt::Display>(e: &E) -> JsValue {
    js_error("WebhookConfigError", e)
}

/// A JS `Error` named `name` with the error's `Display` as message, its stable `code`, and
/// `details`: the error exactly as the core serializes it (`{ code, ...fields }`).
#[cold]
#[inline(never)]
fn js_error<E: Serialize + fmt::Display>(name: &str, e: &E) -> JsValue {
    error_object(name, &e.to_string(), e.serialize(ToJs).ok())
}

/// The non-generic part of [`js_error`].
#[cold]
#[inline(never)]
fn error_object(name: &str, message: &str, details: Option<JsValue>) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    if let Some(details) = details {
        let code = js_sys::Reflect::get(&details, &JsValue::from_str("code")).unwrap_or_default();
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &code);
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str("details"), &details);
    }
    error.into()
}

/// A serde serializer for the errors' `{ code, ...fields }` maps of scalars, writing a JS
/// value directly (the verification module carries no JSON serializer). Anything else (byte
/// strings, sequences, structs, enum payloads) is [`Unsupported`].
#[derive(Debug)]
struct ToJs;

/// What [`ToJs`] cannot write.
#[derive(Debug)]
struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a map of scalars")
    }
}

impl core::error::Error for Unsupported {}

impl serde::ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self
    }
}

/// The JS object [`ToJs::serialize_map`] fills.
#[derive(Debug)]
struct ObjectToJs {
    object: js_sys::Object,
    key: JsValue,
}

impl SerializeMap for ObjectToJs {
    type Ok = JsValue;
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key = key.serialize(ToJs)?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let value = value.serialize(ToJs)?;
        js_sys::Reflect::set(&self.object, &self.key, &value).map_err(|_| Unsupported)?;
        Ok(())
    }

    fn end(self) -> Result<JsValue, Unsupported> {
        Ok(self.object.into())
    }
}

impl serde::Serializer for ToJs {
    type Ok = JsValue;
    type Error = Unsupported;
    type SerializeSeq = Impossible<JsValue, Unsupported>;
    type SerializeTuple = Impossible<JsValue, Unsupported>;
    type SerializeTupleStruct = Impossible<JsValue, Unsupported>;
    type SerializeTupleVariant = Impossible<JsValue, Unsupported>;
    type SerializeMap = ObjectToJs;
    type SerializeStruct = Impossible<JsValue, Unsupported>;
    type SerializeStructVariant = Impossible<JsValue, Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, Unsupported> {
        // Counts and seconds: exact below 2^53, the nearest number above (as JSON.parse does).
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<JsValue, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue, Unsupported> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsValue, Unsupported> {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsValue, Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<JsValue, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectToJs, Unsupported> {
        Ok(ObjectToJs {
            object: js_sys::Object::new(),
            key: JsValue::UNDEFINED,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}
