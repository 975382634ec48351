//! Arguments as the wrapper passes them, checked again here: the secrets, the scheme, the
//! signature header override, the tolerance (`boundary::tolerance`) and clock readings. Every JS
//! call made is a `catch` import, so a hostile value becomes an error instead of an exception
//! unwinding through wasm frames.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use hookgate::spec::SchemeSpec;
use hookgate::{Tolerance, UnixTime, schemes};
use wasm_bindgen::JsValue;

use crate::boundary::tolerance;
use crate::errors::{Boundary, config_error};

/// The built-in scheme used when `scheme` is not given.
pub(crate) const DEFAULT_SCHEME: &str = "standard_webhooks";
/// The range of a JS `Date`, in milliseconds either side of the epoch.
const MAX_DATE_MS: f64 = 8.64e15;
/// Whole numbers up to this (2^53) convert between `f64` and `u64` exactly.
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;
/// At most this many secrets are read (the core takes `hookgate::MAX_SECRETS` and says so).
const MAX_SECRETS: u32 = 1024;

/// `secrets`: a string, or an array of strings.
pub(crate) fn secret_list(value: &JsValue) -> Result<Vec<String>, JsValue> {
    if let Some(secret) = value.as_string() {
        return Ok(alloc::vec![secret]);
    }
    secret_array(value)
}

/// `secrets` as an array of strings. Out of line: one secret is the common case (and a
/// WebAssembly build compiles a function when it first runs).
#[inline(never)]
fn secret_array(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let bad = |detail: &str| {
        config_error(&Boundary::InvalidArgument {
            argument: "secret",
            detail: detail.into(),
        })
    };
    if !js_sys::Array::is_array(value) {
        return Err(bad("expected a string or an array of strings"));
    }
    let len = js_sys::Reflect::get(value, &JsValue::from_str("length"))
        .ok()
        .and_then(|n| n.as_f64())
        .filter(|n| *n >= 0.0 && *n <= f64::from(MAX_SECRETS))
        .ok_or_else(|| bad("at most 1024 secrets"))?;
    let mut secrets = Vec::new();
    // `len` is a whole number of at most 1024 (an array length), so the cast is exact.
    for i in 0..len as u32 {
        let secret = js_sys::Reflect::get_u32(value, i)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| bad("every entry must be a string"))?;
        secrets.push(secret);
    }
    Ok(secrets)
}

/// `scheme`: a built-in id (default `standard_webhooks`) or, in the tools module, a spec.
pub(crate) fn scheme_of(scheme: &JsValue) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    if scheme.is_undefined() || scheme.is_null() {
        return built_in(DEFAULT_SCHEME);
    }
    if let Some(id) = scheme.as_string() {
        return built_in(&id);
    }
    #[cfg(feature = "tools")]
    if scheme.is_object() {
        return crate::tools::custom_spec(scheme).map(Cow::Owned);
    }
    Err(config_error(&Boundary::InvalidOptions {
        detail: "scheme must be a scheme id or a scheme spec object (custom specs need \
                 hookgate's tools module)"
            .into(),
    }))
}

/// A built-in scheme: from the statics in the tools module, which links them for detection
/// and forensics anyway; unpacked from the packed registry in the verification module, where
/// the statics of every scheme would cost several KB.
pub(crate) fn built_in(id: &str) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    #[cfg(feature = "tools")]
    let spec = schemes::by_id(id).map(Cow::Borrowed);
    #[cfg(not(feature = "tools"))]
    let spec = schemes::packed::by_id(id).map(Cow::Owned);
    spec.map_err(|e| config_error(&e))
}

/// The `signatureHeader` override: the signature is read from this header instead.
pub(crate) fn with_signature_header(
    spec: Cow<'static, SchemeSpec>,
    signature_header: Option<&str>,
) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    match signature_header {
        None => Ok(spec),
        Some(header) => moved_signature_header(spec, header),
    }
}

#[inline(never)]
fn moved_signature_header(
    spec: Cow<'static, SchemeSpec>,
    header: &str,
) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    if header.is_empty() || !header.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
        return Err(config_error(&Boundary::InvalidOptions {
            detail: "signatureHeader must be a header name".into(),
        }));
    }
    Ok(Cow::Owned(spec.with_signature_header(header)))
}

/// A tolerance as the boundary encodes it (`boundary::tolerance`).
pub(crate) fn tolerance(kind: u32, past_s: f64, future_s: f64) -> Result<Tolerance, JsValue> {
    let bad = || {
        config_error(&Boundary::InvalidOptions {
            detail: "tolerance must be seconds or { pastS, futureS }".into(),
        })
    };
    // A non-negative whole number of seconds; `None` for a negative one (unlimited).
    let side = |s: f64| -> Result<Option<u64>, JsValue> {
        if s < 0.0 {
            Ok(None)
        } else if s.fract() == 0.0 && s <= MAX_SAFE_INTEGER {
            // Whole, non-negative and within 2^53: the cast is exact.
            Ok(Some(s as u64))
        } else {
            Err(bad())
        }
    };
    match kind {
        tolerance::SCHEME_DEFAULT => Ok(Tolerance::scheme_default()),
        tolerance::SECONDS => side(past_s)?.map(Tolerance::seconds).ok_or_else(bad),
        tolerance::WINDOW => Ok(Tolerance::window(side(past_s)?, side(future_s)?)),
        _ => Err(bad()),
    }
}

/// A clock reading in epoch milliseconds (as the wrapper passes it).
pub(crate) fn millis(ms: f64, argument: &'static str) -> Result<UnixTime, JsValue> {
    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
        return Err(config_error(&Boundary::InvalidArgument {
            argument,
            detail: "expected a Date or epoch seconds".into(),
        }));
    }
    // |ms| <= 8.64e15 < 2^53, so the conversion is exact.
    Ok(UnixTime::from_millis(ms.floor() as i64))
}
