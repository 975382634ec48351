//! The tools module's exports (feature `tools`): custom scheme specs, signing, detection, the
//! registry, forensics, normalisation and the Slack/Discord transforms. Options objects are
//! read by [`options`]; the payload and the header block come through the body buffer.

mod options;

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hookgate::explain::ExplainOptions;
use hookgate::spec::SchemeSpec;
use hookgate::transform::{self, Platform, Template};
use hookgate::{ConfigError, Request, SignError, SignInput, schemes};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use self::options::{parse_options, plain, seconds_time, string_list, to_js};
use crate::args::{DEFAULT_SCHEME, built_in, millis, tolerance, with_signature_header};
use crate::body::{with_body, with_body_and_headers};
use crate::errors::{Boundary, config_error};
use crate::headers;

/// A custom spec object (`WasmVerifier`'s `scheme`), deserialized strictly and validated.
pub(crate) fn custom_spec(value: &JsValue) -> Result<SchemeSpec, JsValue> {
    let object = plain(value, "options.scheme", 0)
        .map_err(|detail| config_error(&Boundary::InvalidOptions { detail }))?;
    spec_from_value(object)
}

fn spec_from_value(object: Value) -> Result<SchemeSpec, JsValue> {
    let spec: SchemeSpec = serde_json::from_value(object).map_err(|e| {
        config_error(&ConfigError::SpecJson {
            detail: e.to_string(),
        })
    })?;
    spec.validate().map_err(|e| config_error(&e))?;
    Ok(spec)
}

/// `scheme` in an options object: a built-in id (default `standard_webhooks`) or a spec
/// object; then the `signatureHeader` override.
fn scheme_spec(
    scheme: Option<Value>,
    signature_header: Option<&str>,
) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    let spec = match scheme {
        None | Some(Value::Null) => built_in(DEFAULT_SCHEME)?,
        Some(Value::String(id)) => built_in(&id)?,
        Some(object @ Value::Object(_)) => Cow::Owned(spec_from_value(object)?),
        Some(_) => {
            return Err(config_error(&Boundary::InvalidOptions {
                detail: "scheme must be a scheme id or a scheme spec object".into(),
            }));
        }
    };
    with_signature_header(spec, signature_header)
}

// ---------------------------------------------------------------------------------------------
// Signing, detection, the registry.

/// The options of `sign(secret, payload, options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct SignOptions {
    scheme: Option<Value>,
    signature_header: Option<String>,
    id: Option<String>,
    /// Epoch seconds (the wrapper turns a `Date` into seconds).
    timestamp: Option<f64>,
    url: Option<String>,
    method: Option<String>,
}

/// What `sign` returns: the headers to send, and the form fields for body-carried schemes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedJs {
    headers: Pairs,
    body_fields: Pairs,
}

/// `(name, value)` pairs that serialize as a plain object, in order.
struct Pairs(Vec<(String, String)>);

impl Serialize for Pairs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Signs the first `body_len` bytes of the body buffer with `secret` as `options.scheme`
/// would: the headers (and body fields) a provider sends.
///
/// # Errors
/// `WebhookConfigError`: bad options, a secret the scheme cannot sign with, a missing id,
/// timestamp, URL or method.
#[wasm_bindgen]
pub fn sign(secret: &str, body_len: usize, options: JsValue) -> Result<JsValue, JsValue> {
    let options: SignOptions = parse_options(options)?;
    let spec = scheme_spec(options.scheme, options.signature_header.as_deref())?;
    let timestamp = options
        .timestamp
        .map(|t| seconds_time(t, "timestamp"))
        .transpose()?;
    with_body(body_len, |body| {
        let mut input = SignInput::new(body);
        if let Some(id) = options.id.as_deref() {
            input = input.with_id(id);
        }
        if let Some(ts) = timestamp {
            input = input.with_timestamp(ts);
        }
        if let Some(url) = options.url.as_deref() {
            input = input.with_url(url);
        }
        if let Some(method) = options.method.as_deref() {
            input = input.with_method(method);
        }
        let signed = hookgate::sign(&spec, secret, &input).map_err(|e| sign_error(&e))?;
        to_js(&SignedJs {
            headers: Pairs(signed.headers),
            body_fields: Pairs(signed.body_fields),
        })
    })
}

/// One candidate scheme of `detectScheme`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DetectionJs<'a> {
    scheme: &'a str,
    name: &'a str,
    aliases: &'a [Cow<'static, str>],
    evidence: Vec<&'static str>,
    well_formed: bool,
    ambiguous_with: Vec<&'static str>,
}

/// The built-in schemes that could have signed a request with these headers (`names` and the
/// header block of `headers_len` bytes in the body buffer), best first. With `body_len`, the
/// payload before the block, body-carried signatures count.
///
/// # Errors
/// `WebhookConfigError` for a malformed header block.
#[wasm_bindgen(js_name = detect)]
pub fn detect_schemes(
    names: &str,
    headers_len: usize,
    body_len: Option<usize>,
) -> Result<JsValue, JsValue> {
    with_body_and_headers(body_len.unwrap_or(0), headers_len, |body, block| {
        let pairs = headers::pairs(names, block)?;
        let found: Vec<DetectionJs<'_>> =
            hookgate::detect(pairs.as_slice(), body_len.map(|_| body))
                .into_iter()
                .map(|d| DetectionJs {
                    scheme: &d.scheme.id,
                    name: &d.scheme.name,
                    aliases: &d.scheme.aliases,
                    evidence: d.evidence,
                    well_formed: d.well_formed,
                    ambiguous_with: d.ambiguous_with,
                })
                .collect();
        to_js(&found)
    })
}

/// Every built-in scheme spec, in the JSON shape a custom `scheme` takes.
///
/// # Errors
/// Only if serialization fails, which it does not for the built-in registry.
#[wasm_bindgen]
pub fn schemes() -> Result<JsValue, JsValue> {
    to_js(&schemes::all())
}

// ---------------------------------------------------------------------------------------------
// Forensics, normalisation, transforms.

/// The options of `explain(request, secrets, options)` but the tolerance, which crosses as
/// arguments (`boundary::tolerance`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct ExplainOptionsJs {
    /// A built-in id or a spec object; absent: detected from the headers.
    scheme: Option<Value>,
    signature_header: Option<String>,
    /// Epoch milliseconds (the wrapper converts); absent: clock skew is ignored.
    now: Option<f64>,
    url: Option<String>,
    method: Option<String>,
}

/// Explains whether and why a request (the payload and the header block of `names` in the
/// body buffer) verifies with `secrets`: the core's forensics report, as the debugger shows
/// it. The tolerance is encoded as `boundary::tolerance` says.
///
/// # Errors
/// `WebhookConfigError` for bad arguments or options. A request that does not verify is
/// not an error: the report says why.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // one per part of the request, then the tolerance
pub fn explain(
    names: &str,
    body_len: usize,
    headers_len: usize,
    secrets: JsValue,
    options: JsValue,
    tolerance_kind: u32,
    past_s: f64,
    future_s: f64,
) -> Result<JsValue, JsValue> {
    let options: ExplainOptionsJs = parse_options(options)?;
    let secrets = match plain(&secrets, "secrets", 0) {
        Ok(Value::Null) => Vec::new(),
        _ => string_list(&secrets, "secrets")?,
    };
    let mut explain_options =
        ExplainOptions::new().with_tolerance(tolerance(tolerance_kind, past_s, future_s)?);
    if options.scheme.is_some() || options.signature_header.is_some() {
        explain_options = match scheme_spec(options.scheme, options.signature_header.as_deref())? {
            Cow::Borrowed(spec) => explain_options.with_scheme(spec),
            Cow::Owned(spec) => explain_options.with_custom_scheme(spec),
        };
    }
    if let Some(now) = options.now {
        explain_options = explain_options.at(millis(now, "now")?);
    }
    with_body_and_headers(body_len, headers_len, |body, block| {
        let pairs = headers::pairs(names, block)?;
        let mut request = Request::new(pairs.as_slice(), body);
        if let Some(url) = options.url.as_deref() {
            request = request.with_url(url);
        }
        if let Some(method) = options.method.as_deref() {
            request = request.with_method(method);
        }
        to_js(&hookgate::explain::explain(
            &request,
            &secrets,
            &explain_options,
        ))
    })
}

/// The normalised envelope (provider, type, id, time, title, fields, payload) of a verified
/// payload and its header block, as JSON text (the wrapper parses it: JSON keeps deep payloads
/// off the wasm stack).
///
/// # Errors
/// `WebhookConfigError` with code `not_json` when the payload is not JSON.
#[wasm_bindgen]
pub fn normalize(
    scheme: &str,
    id: Option<String>,
    names: &str,
    body_len: usize,
    headers_len: usize,
) -> Result<String, JsValue> {
    with_body_and_headers(body_len, headers_len, |body, block| {
        let pairs = headers::pairs(names, block)?;
        let event =
            hookgate::normalize::normalize_payload(scheme, id.as_deref(), pairs.as_slice(), body)
                .map_err(|e| config_error(&e))?;
        serde_json::to_string(&event).map_err(|e| {
            config_error(&Boundary::InvalidArgument {
                argument: "payload",
                detail: e.to_string(),
            })
        })
    })
}

/// A normalised event (JSON text) as a Slack or Discord incoming-webhook message (JSON text),
/// with an optional template (JSON text).
///
/// # Errors
/// `WebhookConfigError` for an unknown platform, an event that is not an envelope, or an
/// invalid template (the error names the offending path).
#[wasm_bindgen(js_name = transform)]
pub fn transform_event(
    platform: &str,
    event: &str,
    template: Option<String>,
) -> Result<String, JsValue> {
    let platform: Platform = platform.parse().map_err(|e| config_error(&e))?;
    let value: Value = serde_json::from_str(event).map_err(|e| {
        config_error(&Boundary::InvalidArgument {
            argument: "event",
            detail: e.to_string(),
        })
    })?;
    let event = transform::event_from_value(value).map_err(|e| config_error(&e))?;
    let template = template
        .map(|t| Template::from_json(&t))
        .transpose()
        .map_err(|e| config_error(&e))?;
    let message = transform::render(platform, &event, template.as_ref());
    serde_json::to_string(&message).map_err(|e| {
        config_error(&Boundary::InvalidArgument {
            argument: "event",
            detail: e.to_string(),
        })
    })
}

#[cold]
#[inline(never)]
fn sign_error(e: &SignError) -> JsValue {
    config_error(e)
}
