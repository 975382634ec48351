//! The WebAssembly bindings behind the npm package `hookgate`; the only file that names
//! wasm-bindgen, js-sys or serde-wasm-bindgen.
//!
//! They build into **two modules** from this one file:
//!
//! - feature `wasm`: the lean **verification** module: [`WasmVerifier`] for the built-in
//!   schemes, the body buffer, and the errors. No serde_json, no serde-wasm-bindgen, no
//!   signing, detection, forensics or transforms, so it stays small (the npm issue's target is
//!   60 KB gzipped) and compiles fast on a cold start.
//! - feature `wasm-tools`: all of the above plus [`tools`]: custom scheme specs (also as
//!   `WasmVerifier`'s `scheme`), `sign`, `detect`, `schemes`, `explain`, `normalize` and the
//!   Slack/Discord transforms.
//!
//! The JS wrapper in `js/lib/api.mjs` is the public surface; these exports are its engine.
//!
//! - **Bodies cross once.** The wrapper writes the payload straight into a buffer in wasm memory
//!   ([`body_buffer`], then `Uint8Array.set` or `TextEncoder.encodeInto`), and exports take its
//!   length. Nothing else copies it.
//! - **Headers** cross as one string: `"=value"` per requested name, or `""` when absent, joined
//!   by NUL, which no HTTP header value can contain (`joined`). `verify` takes them from the
//!   body buffer, right after the payload.
//! - **Results** of `verify` (the hot path) are written to a reused buffer that JS reads in
//!   place; the tools' exports return objects built by serde-wasm-bindgen.
//! - **Options** of `Webhook` are validated by the wrapper and arrive as plain arguments (a
//!   scheme id or spec, the secrets, a header name, a tolerance as numbers), checked again
//!   here. The tools' options objects are read into serde's data model (`plain`: depth-capped,
//!   and no JS exception can unwind through wasm) and deserialized strictly with
//!   `deny_unknown_fields`: an unknown option or a wrong type is an `invalid_options` error,
//!   never a silent default.
//! - **Errors** are JS `Error`s named `WebhookVerificationError` (the request failed) or
//!   `WebhookConfigError` (the setup or the arguments are wrong) with a stable `code` and
//!   `details`, the error exactly as the core serializes it (written straight into a JS object
//!   by `ToJs`); the wrapper rethrows them as its own classes.
//! - **No panics**: every export returns `Result<_, JsValue>`; nothing here indexes, unwraps or
//!   allocates infallibly on a size the caller controls.
//!
//! Adding an export: one function in [`tools`] (take `body_len`, the `joined` headers and an
//! options object through `parse_options`; map errors with `config_error` or
//! `verify_error`), one wrapper in `js/lib/api.mjs` that asks for the tools module, and its
//! declaration in `js/index.d.ts`. Only what `Webhook.verify` needs belongs outside [`tools`].

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;
use serde::ser::{Impossible, SerializeMap};
use wasm_bindgen::prelude::*;

use crate::error::{ConfigError, VerifyError};
use crate::headers::Headers;
use crate::schemes;
use crate::spec::SchemeSpec;
use crate::time::{Tolerance, UnixTime};
use crate::verify::{Request, Verifier, VerifyOptions};

/// The built-in scheme used when `scheme` is not given.
const DEFAULT_SCHEME: &str = "standard_webhooks";
/// The range of a JS `Date`, in milliseconds either side of the epoch.
const MAX_DATE_MS: f64 = 8.64e15;
/// Whole numbers up to this (2^53) convert between `f64` and `u64` exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;
/// A body buffer left this large by an earlier payload is released before a small one.
const KEEP_BUFFER_BYTES: usize = 4 << 20;
/// The body buffer never grows past this (the payload limit plus room for headers), so a bad
/// length is a typed error instead of gigabytes of zeroed memory.
const MAX_BUFFER_BYTES: usize = (1 << 30) + (64 << 20);
/// At most this many secrets (rotation needs two or three).
const MAX_SECRETS: u32 = 1024;

/// Distinct header names a verifier may read: a scheme names a handful.
const MAX_HEADERS: usize = 16;
/// The fixed part of a [`WasmVerifier::verify`] result.
const RESULT_HEADER: usize = 24;

/// `tolerance_kind` of [`WasmVerifier::new`]: the scheme's own tolerance.
const TOLERANCE_SCHEME_DEFAULT: u32 = 0;
/// `tolerance_kind`: `past_s` seconds in the scheme's direction.
const TOLERANCE_SECONDS: u32 = 1;
/// `tolerance_kind`: the window `past_s`/`future_s`, where a negative side is unlimited
/// (both negative: `dangerouslySkipTimestampCheck`).
const TOLERANCE_WINDOW: u32 = 2;

/// Where the body buffer is and how long it is, kept current by [`body_buffer`] at a fixed
/// address ([`body_state`]) so the wrapper reads it from memory instead of asking on every call.
#[repr(C)]
struct BodyState {
    ptr: AtomicU32,
    len: AtomicU32,
}

static BODY_STATE: BodyState = BodyState {
    ptr: AtomicU32::new(0),
    len: AtomicU32::new(0),
};

std::thread_local! {
    /// The payload of the current call (and, for `verify`, the header values after it),
    /// written by JS through [`body_buffer`].
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The result of the last `verify`, read by JS from wasm memory.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

// ---------------------------------------------------------------------------------------------
// The body buffer.

/// The module's memory, so the wrapper can write payloads into [`body_buffer`] directly.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The address in [`wasm_memory`] of two little-endian `u32`s: the body buffer's address and
/// its length, as of the last [`body_buffer`] call (0 and 0 before the first). The wrapper reads
/// them before writing a payload and calls [`body_buffer`] only when the buffer is too small,
/// so a steady stream of payloads costs no extra call, and a buffer moved by anyone is never
/// written through a stale address.
#[wasm_bindgen(js_name = bodyState)]
pub fn body_state() -> usize {
    core::ptr::from_ref(&BODY_STATE) as usize
}

/// Makes the body buffer at least `len` bytes long, keeping its first `keep` bytes, and returns
/// its address in [`wasm_memory`] (also recorded at [`body_state`]). The address changes when
/// the buffer grows.
///
/// # Errors
/// `payload_too_large` when the memory cannot grow that far.
#[wasm_bindgen(js_name = bodyBuffer)]
pub fn body_buffer(len: usize, keep: usize) -> Result<usize, JsValue> {
    BODY.with(|cell| {
        let mut buf = cell
            .try_borrow_mut()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        if keep == 0 && buf.len() > KEEP_BUFFER_BYTES && len <= KEEP_BUFFER_BYTES {
            *buf = Vec::new();
        }
        let grown = if len > MAX_BUFFER_BYTES {
            Err(config_error(&Boundary::PayloadTooLarge { size: len }))
        } else if len > buf.len() {
            let more = len - buf.len();
            buf.try_reserve_exact(more)
                .map_err(|_| config_error(&Boundary::PayloadTooLarge { size: len }))
                .map(|()| buf.resize(len, 0))
        } else {
            Ok(())
        };
        // On wasm32 both fit a u32; elsewhere (host builds) nothing reads them.
        let ptr = buf.as_ptr() as usize;
        BODY_STATE
            .ptr
            .store(u32::try_from(ptr).unwrap_or(0), Ordering::Relaxed);
        BODY_STATE
            .len
            .store(u32::try_from(buf.len()).unwrap_or(0), Ordering::Relaxed);
        grown.map(|()| ptr)
    })
}

/// Runs `f` on the first `len` bytes of the body buffer.
fn with_body<T>(len: usize, f: impl FnOnce(&[u8]) -> Result<T, JsValue>) -> Result<T, JsValue> {
    BODY.with(|cell| {
        let buf = cell
            .try_borrow()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        let body = buf.get(..len).ok_or_else(|| {
            config_error(&Boundary::InvalidArgument {
                argument: "payload",
                detail: "length exceeds the body buffer".into(),
            })
        })?;
        f(body)
    })
}

// ---------------------------------------------------------------------------------------------
// Verification.

/// A scheme, its secrets and a tolerance: the engine of the JS `Webhook` class.
#[wasm_bindgen]
pub struct WasmVerifier {
    verifier: Verifier,
    tolerance: Tolerance,
    names: Vec<String>,
}

impl fmt::Debug for WasmVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmVerifier")
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

#[wasm_bindgen]
impl WasmVerifier {
    /// The options of `new Webhook(secrets, options)`, validated by the wrapper:
    ///
    /// - `scheme`: a built-in id (`undefined`: `standard_webhooks`) or, in the tools module
    ///   only, a custom spec object;
    /// - `secrets`: a string or an array of strings;
    /// - `signature_header`: read the signature from this header instead;
    /// - the tolerance: `tolerance_kind` 0 (the scheme's), 1 (`past_s` seconds in the scheme's
    ///   direction) or 2 (the window `past_s`/`future_s`; a negative side is unlimited).
    ///
    /// # Errors
    /// `WebhookConfigError`: bad secrets, an unknown scheme, an invalid spec or tolerance.
    #[wasm_bindgen(constructor)]
    pub fn new(
        scheme: JsValue,
        secrets: JsValue,
        signature_header: Option<String>,
        tolerance_kind: u32,
        past_s: f64,
        future_s: f64,
    ) -> Result<WasmVerifier, JsValue> {
        let secrets = secret_list(&secrets)?;
        let spec = with_signature_header(scheme_of(&scheme)?, signature_header.as_deref())?;
        // A built-in spec, one with its signature header moved, or a custom spec that
        // `scheme_of` validated: none needs validating again.
        let verifier = Verifier::with_spec(spec, &secrets).map_err(|e| config_error(&e))?;
        let tolerance = tolerance_of(tolerance_kind, past_s, future_s)?;
        let mut names: Vec<String> = Vec::new();
        for name in verifier.scheme().header_names() {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_ascii_lowercase());
            }
        }
        if names.len() > MAX_HEADERS {
            return Err(config_error(&ConfigError::InvalidSpec {
                detail: "the spec reads more than 16 distinct headers".into(),
            }));
        }
        Ok(Self {
            verifier,
            tolerance,
            names,
        })
    }

    /// The scheme id (`"stripe"`, or a custom spec's id).
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.verifier.scheme().id.to_string()
    }

    /// The lower-case header names [`WasmVerifier::verify`] wants, in order, joined by NUL
    /// (which no header name contains).
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> String {
        self.names.join("\0")
    }

    /// Verifies the first `body_len` bytes of the body buffer; the `headers_len` bytes after
    /// them hold the values of [`WasmVerifier::header_names`] (see `joined`); `now_ms` is the
    /// clock.
    ///
    /// Returns the address of the result in [`wasm_memory`]: `f64` timestamp (epoch seconds,
    /// NaN if none), `u32` key index, `i32` id length (-1 if none), `u32` dedupe key length,
    /// `u32` flags (bit 0: the dedupe key is the id; bits 8..: 1 + the index of the header whose
    /// value is the id, so JS can reuse its own string), then the UTF-8 id and dedupe key (all
    /// little-endian). JS reads it in place: cheaper than building strings or objects across
    /// the boundary.
    ///
    /// # Errors
    /// `WebhookVerificationError` with the core's code; `WebhookConfigError` for bad arguments.
    pub fn verify(
        &self,
        body_len: usize,
        headers_len: usize,
        now_ms: f64,
        url: Option<String>,
        method: Option<String>,
    ) -> Result<usize, JsValue> {
        let now = millis(now_ms, "now")?;
        let total = body_len.checked_add(headers_len).ok_or_else(|| {
            config_error(&Boundary::InvalidArgument {
                argument: "payload",
                detail: "length out of range".into(),
            })
        })?;
        with_body(total, |buf| {
            let (body, header_bytes) = buf.split_at_checked(body_len).unwrap_or((buf, &[]));
            let header_text = core::str::from_utf8(header_bytes).map_err(|_| {
                config_error(&Boundary::InvalidArgument {
                    argument: "headers",
                    detail: "header values must be valid UTF-8".into(),
                })
            })?;
            let headers = Picked::new(&self.names, header_text)?;
            let mut request = Request::new(&headers, body);
            if let Some(url) = url.as_deref() {
                request = request.with_url(url);
            }
            if let Some(method) = method.as_deref() {
                request = request.with_method(method);
            }
            let options = VerifyOptions::at(now).with_tolerance(self.tolerance);
            let verified = self
                .verifier
                .verify(&request, &options)
                .map_err(|e| verify_error(&e))?;
            write_result(&verified, &headers)
        })
    }
}

/// Lays out a verification result for JS (see [`WasmVerifier::verify`]).
fn write_result(verified: &crate::Verified<'_>, headers: &Picked<'_>) -> Result<usize, JsValue> {
    OUT.with(|cell| {
        let mut out = cell
            .try_borrow_mut()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        out.clear();
        let timestamp = verified
            .timestamp()
            .map_or(f64::NAN, |t| t.as_secs() as f64);
        let id = verified.id();
        let id_len = id.map_or(-1, |id| i32::try_from(id.len()).unwrap_or(i32::MAX));
        let key_index = u32::try_from(verified.key_index()).unwrap_or(u32::MAX);
        out.extend_from_slice(&timestamp.to_le_bytes());
        out.extend_from_slice(&key_index.to_le_bytes());
        out.extend_from_slice(&id_len.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        if let Some(id) = id {
            out.extend_from_slice(id.as_bytes());
        }
        let start = out.len();
        let same = match verified.dedupe_key() {
            crate::DedupeKey::Value(v) if Some(v.as_ref()) == id => true,
            crate::DedupeKey::Value(v) => {
                out.extend_from_slice(v.as_bytes());
                false
            }
            other => {
                out.extend_from_slice(other.to_string().as_bytes());
                false
            }
        };
        let dedupe_len = u32::try_from(out.len() - start).unwrap_or(u32::MAX);
        // Which header the id is (by content), if any: a small index, so the cast is exact.
        let id_header = id
            .and_then(|id| headers.values.iter().position(|v| *v == Some(id)))
            .map_or(0, |i| i as u32 + 1);
        let flags = u32::from(same) | (id_header << 8);
        if let Some(slot) = out.get_mut(16..20) {
            slot.copy_from_slice(&dedupe_len.to_le_bytes());
        }
        if let Some(slot) = out.get_mut(20..RESULT_HEADER) {
            slot.copy_from_slice(&flags.to_le_bytes());
        }
        Ok(out.as_ptr() as usize)
    })
}

/// Header values for the names a verifier asked for, parsed from the joined string.
struct Picked<'a> {
    names: &'a [String],
    values: [Option<&'a str>; MAX_HEADERS],
}

impl<'a> Picked<'a> {
    fn new(names: &'a [String], joined_values: &'a str) -> Result<Self, JsValue> {
        let mut values = [None; MAX_HEADERS];
        let mut count = 0;
        if !names.is_empty() {
            for value in joined(joined_values) {
                let slot = values.get_mut(count).ok_or_else(nul_in_header)?;
                *slot = value;
                count += 1;
            }
        }
        if count != names.len() || (names.is_empty() && !joined_values.is_empty()) {
            return Err(nul_in_header());
        }
        Ok(Self { names, values })
    }
}

fn nul_in_header() -> JsValue {
    config_error(&Boundary::InvalidArgument {
        argument: "headers",
        detail: "a header value contains a NUL character".into(),
    })
}

impl Headers for Picked<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        let index = self
            .names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))?;
        self.values.get(index).copied().flatten()
    }
}

/// Splits `"=a\0\0=b"` into `[Some("a"), None, Some("b")]` (and `""` into `[None]`).
fn joined(text: &str) -> impl Iterator<Item = Option<&str>> {
    text.split('\0').map(|part| part.strip_prefix('='))
}

// ---------------------------------------------------------------------------------------------
// Arguments.

/// `secrets`: a string, or an array of strings (every JS call a `catch` import, so a hostile
/// array becomes an error here instead of an exception unwinding through wasm frames).
fn secret_list(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let bad = |detail: &str| {
        config_error(&Boundary::InvalidArgument {
            argument: "secret",
            detail: detail.into(),
        })
    };
    if let Some(secret) = value.as_string() {
        return Ok(alloc::vec![secret]);
    }
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
fn scheme_of(scheme: &JsValue) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    if scheme.is_undefined() || scheme.is_null() {
        return built_in(DEFAULT_SCHEME);
    }
    if let Some(id) = scheme.as_string() {
        return built_in(&id);
    }
    #[cfg(feature = "wasm-tools")]
    if scheme.is_object() {
        return tools::custom_spec(scheme).map(Cow::Owned);
    }
    Err(config_error(&Boundary::InvalidOptions {
        detail: "scheme must be a scheme id or a scheme spec object (custom specs need \
                 hookgate's tools module)"
            .into(),
    }))
}

fn built_in(id: &str) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    schemes::by_id(id)
        .map(Cow::Borrowed)
        .map_err(|e| config_error(&e))
}

/// The `signatureHeader` override: the signature is read from this header instead.
fn with_signature_header(
    spec: Cow<'static, SchemeSpec>,
    signature_header: Option<&str>,
) -> Result<Cow<'static, SchemeSpec>, JsValue> {
    let Some(header) = signature_header else {
        return Ok(spec);
    };
    if header.is_empty() || !header.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
        return Err(config_error(&Boundary::InvalidOptions {
            detail: "signatureHeader must be a header name".into(),
        }));
    }
    Ok(Cow::Owned(spec.with_signature_header(header)))
}

/// The tolerance as [`WasmVerifier::new`] takes it.
fn tolerance_of(kind: u32, past_s: f64, future_s: f64) -> Result<Tolerance, JsValue> {
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
        TOLERANCE_SCHEME_DEFAULT => Ok(Tolerance::scheme_default()),
        TOLERANCE_SECONDS => side(past_s)?.map(Tolerance::seconds).ok_or_else(bad),
        TOLERANCE_WINDOW => Ok(Tolerance::window(side(past_s)?, side(future_s)?)),
        _ => Err(bad()),
    }
}

/// A clock reading in epoch milliseconds (as the wrapper passes it).
fn millis(ms: f64, argument: &'static str) -> Result<UnixTime, JsValue> {
    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
        return Err(config_error(&Boundary::InvalidArgument {
            argument,
            detail: "expected a Date or epoch seconds".into(),
        }));
    }
    // |ms| <= 8.64e15 < 2^53, so the conversion is exact.
    Ok(UnixTime::from_millis(ms.floor() as i64))
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// Errors of the boundary itself: arguments and options the core never sees.
#[derive(Debug)]
enum Boundary {
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
fn verify_error(e: &VerifyError) -> JsValue {
    js_error("WebhookVerificationError", e)
}

/// The configuration, the arguments, or a signing input is wrong.
#[cold]
#[inline(never)]
fn config_error<E: Serialize + fmt::Display>(e: &E) -> JsValue {
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

// ---------------------------------------------------------------------------------------------
// The tools module.

/// Everything beyond built-in verification: custom specs, signing, detection, the registry,
/// forensics, normalisation and transforms (feature `wasm-tools`).
#[cfg(feature = "wasm-tools")]
pub mod tools {
    use alloc::borrow::Cow;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer, Serialize};
    use serde_json::Value;
    use wasm_bindgen::prelude::*;

    use super::{
        Boundary, DEFAULT_SCHEME, MAX_SAFE_INTEGER, built_in, config_error, millis, with_body,
        with_signature_header,
    };
    use crate::error::{ConfigError, SignError};
    use crate::sign::SignInput;
    use crate::spec::SchemeSpec;
    use crate::time::{Tolerance, UnixTime};
    use crate::verify::Request;
    use crate::{detect, schemes};

    /// `timestamp` numbers above this many seconds (year 5138) are milliseconds passed by
    /// mistake.
    const MAX_PLAUSIBLE_SECONDS: f64 = 1e11;
    /// Options nest a few levels (a custom spec: four); deeper is a mistake or a cycle.
    const MAX_OPTION_DEPTH: usize = 32;

    /// A custom spec object (`WasmVerifier`'s `scheme`), deserialized strictly and validated.
    pub(super) fn custom_spec(value: &JsValue) -> Result<SchemeSpec, JsValue> {
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

    // -----------------------------------------------------------------------------------------
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
            let signed = crate::sign::sign(&spec, secret, &input).map_err(|e| sign_error(&e))?;
            to_js(&SignedJs {
                headers: Pairs(signed.headers),
                body_fields: Pairs(signed.body_fields),
            })
        })
    }

    /// One candidate scheme of `detectScheme`.
    #[derive(Serialize)]
    struct DetectionJs<'a> {
        scheme: &'a str,
        name: &'a str,
        evidence: Vec<&'static str>,
    }

    /// The built-in schemes that could have signed a request with these headers (`headers` is
    /// `"name\0=value\0name\0=value"`), best first. With `body_len`, body-carried signatures
    /// count.
    ///
    /// # Errors
    /// `WebhookConfigError` for a malformed header string.
    #[wasm_bindgen(js_name = detect)]
    pub fn detect_schemes(headers: &str, body_len: Option<usize>) -> Result<JsValue, JsValue> {
        let pairs = header_pairs(headers)?;
        let run = |body: Option<&[u8]>| {
            let found: Vec<DetectionJs<'_>> = detect::detect(pairs.as_slice(), body)
                .into_iter()
                .map(|d| DetectionJs {
                    scheme: &d.scheme.id,
                    name: &d.scheme.name,
                    evidence: d.evidence,
                })
                .collect();
            to_js(&found)
        };
        match body_len {
            Some(len) => with_body(len, |body| run(Some(body))),
            None => run(None),
        }
    }

    /// `"name\0=value\0name\0=value"` as pairs.
    fn header_pairs(headers: &str) -> Result<Vec<(&str, &str)>, JsValue> {
        let mut pairs = Vec::new();
        let mut parts = (!headers.is_empty())
            .then(|| headers.split('\0'))
            .into_iter()
            .flatten();
        while let Some(name) = parts.next() {
            let Some(value) = parts.next().and_then(|v| v.strip_prefix('=')) else {
                return Err(config_error(&Boundary::InvalidArgument {
                    argument: "headers",
                    detail: "a header name or value contains a NUL character".into(),
                }));
            };
            pairs.push((name, value));
        }
        Ok(pairs)
    }

    /// Every built-in scheme spec, in the JSON shape a custom `scheme` takes.
    ///
    /// # Errors
    /// Only if serialization fails, which it does not for the built-in registry.
    #[wasm_bindgen]
    pub fn schemes() -> Result<JsValue, JsValue> {
        to_js(&schemes::all())
    }

    // -----------------------------------------------------------------------------------------
    // Forensics, normalisation, transforms.

    /// The options of `explain(request, secrets, options)`.
    #[derive(Debug, Default, Deserialize)]
    #[serde(default, rename_all = "camelCase", deny_unknown_fields)]
    struct ExplainOptionsJs {
        /// A built-in id or a spec object; absent: detected from the headers.
        scheme: Option<Value>,
        signature_header: Option<String>,
        /// Epoch milliseconds (the wrapper converts); absent: clock skew is ignored.
        now: Option<f64>,
        tolerance: Option<Value>,
        dangerously_skip_timestamp_check: bool,
        url: Option<String>,
        method: Option<String>,
    }

    /// `tolerance: { pastS, futureS }`: both sides must be written; `null` means unlimited.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Window {
        #[serde(deserialize_with = "nullable")]
        past_s: Option<u64>,
        #[serde(deserialize_with = "nullable")]
        future_s: Option<u64>,
    }

    /// An `Option` that must be present (`null` allowed): `deserialize_with` makes serde
    /// require it.
    fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Option::<u64>::deserialize(d)
    }

    /// Explains whether and why a request (headers joined as for `detect`, payload in the body
    /// buffer) verifies with `secrets`: the core's forensics report, as the debugger shows it.
    ///
    /// # Errors
    /// `WebhookConfigError` for bad arguments or options. A request that does not verify is
    /// not an error: the report says why.
    #[wasm_bindgen]
    pub fn explain(
        headers: &str,
        body_len: usize,
        secrets: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: ExplainOptionsJs = parse_options(options)?;
        let secrets = match plain(&secrets, "secrets", 0) {
            Ok(Value::Null) => Vec::new(),
            _ => string_list(&secrets, "secrets")?,
        };
        let mut explain_options = crate::explain::ExplainOptions::new().with_tolerance(tolerance(
            options.tolerance,
            options.dangerously_skip_timestamp_check,
        )?);
        if options.scheme.is_some() || options.signature_header.is_some() {
            explain_options =
                match scheme_spec(options.scheme, options.signature_header.as_deref())? {
                    Cow::Borrowed(spec) => explain_options.with_scheme(spec),
                    Cow::Owned(spec) => explain_options.with_custom_scheme(spec),
                };
        }
        if let Some(now) = options.now {
            explain_options = explain_options.at(millis(now, "now")?);
        }
        let pairs = header_pairs(headers)?;
        with_body(body_len, |body| {
            let mut request = Request::new(pairs.as_slice(), body);
            if let Some(url) = options.url.as_deref() {
                request = request.with_url(url);
            }
            if let Some(method) = options.method.as_deref() {
                request = request.with_method(method);
            }
            to_js(&crate::explain::explain(
                &request,
                &secrets,
                &explain_options,
            ))
        })
    }

    /// The normalised envelope (provider, type, id, time, title, fields, payload) of a
    /// verified payload, as JSON text (the wrapper parses it: JSON keeps deep payloads off the
    /// wasm stack).
    ///
    /// # Errors
    /// `WebhookConfigError` with code `not_json` when the payload is not JSON.
    #[wasm_bindgen]
    pub fn normalize(
        scheme: &str,
        id: Option<String>,
        headers: &str,
        body_len: usize,
    ) -> Result<String, JsValue> {
        let pairs = header_pairs(headers)?;
        with_body(body_len, |body| {
            let event =
                crate::normalize::normalize_payload(scheme, id.as_deref(), pairs.as_slice(), body)
                    .map_err(|e| config_error(&e))?;
            serde_json::to_string(&event).map_err(|e| {
                config_error(&Boundary::InvalidArgument {
                    argument: "payload",
                    detail: e.to_string(),
                })
            })
        })
    }

    /// A normalised event (JSON text) as a Slack or Discord incoming-webhook message (JSON
    /// text), with an optional template (JSON text).
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
        use crate::transform::{self, Platform, Template};
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

    // -----------------------------------------------------------------------------------------
    // Options.

    /// Parses an options object strictly; `undefined`/`null` is "all defaults".
    ///
    /// The object is read into serde's data model by `plain` and then deserialized with
    /// serde's `deny_unknown_fields`: an unknown option or a wrong type is an error that names
    /// it. (serde-wasm-bindgen's `from_value` is not used here: it reads a struct field by
    /// field, so it never sees unknown keys, and it recurses without limit, so a deeply nested
    /// object overflows the stack and traps the instance.)
    fn parse_options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
        let bad = |detail: String| config_error(&Boundary::InvalidOptions { detail });
        match plain(&value, "options", 0).map_err(bad)? {
            Value::Null => Ok(T::default()),
            object @ Value::Object(_) => {
                serde_json::from_value(object).map_err(|e| bad(e.to_string()))
            }
            _ => Err(bad("options must be an object".into())),
        }
    }

    /// A JS value as plain data (strings, finite numbers, booleans, null, arrays, objects' own
    /// string keys). Depth is capped, so cycles and absurd nesting are errors; every JS call
    /// made is a `catch` import, so a throwing getter or Proxy trap becomes an error here
    /// instead of an exception unwinding through wasm frames.
    fn plain(value: &JsValue, path: &str, depth: usize) -> Result<Value, String> {
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
        if depth >= MAX_OPTION_DEPTH {
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
    fn string_list(value: &JsValue, argument: &'static str) -> Result<Vec<String>, JsValue> {
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

    /// `tolerance` in `explain`'s options: seconds in the scheme's direction, or
    /// `{ pastS, futureS }`.
    fn tolerance(value: Option<Value>, dangerous: bool) -> Result<Tolerance, JsValue> {
        let bad = |detail: String| config_error(&Boundary::InvalidOptions { detail });
        match (value.filter(|v| !v.is_null()), dangerous) {
            (Some(_), true) => Err(bad(
                "give either tolerance or dangerouslySkipTimestampCheck, not both".into(),
            )),
            (None, true) => Ok(Tolerance::dangerous_unlimited()),
            (None, false) => Ok(Tolerance::scheme_default()),
            (Some(Value::Number(n)), false) => {
                n.as_u64().map(Tolerance::seconds).ok_or_else(|| {
                    bad("tolerance must be a non-negative whole number of seconds".into())
                })
            }
            (Some(window @ Value::Object(_)), false) => {
                let window: Window = serde_json::from_value(window).map_err(|e| {
                    bad(alloc::format!(
                        "tolerance {{ pastS, futureS }} (null = unlimited): {e}"
                    ))
                })?;
                Ok(Tolerance::window(window.past_s, window.future_s))
            }
            (Some(_), false) => Err(bad("tolerance must be seconds or { pastS, futureS }".into())),
        }
    }

    /// Epoch seconds (fractions allowed) as an instant.
    fn seconds_time(seconds: f64, argument: &'static str) -> Result<UnixTime, JsValue> {
        if seconds.abs() > MAX_PLAUSIBLE_SECONDS {
            return Err(config_error(&Boundary::InvalidArgument {
                argument,
                detail: "this looks like milliseconds; pass epoch seconds or a Date".into(),
            }));
        }
        millis((seconds * 1000.0).round(), argument)
    }

    fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| {
                config_error(&Boundary::InvalidArgument {
                    argument: "result",
                    detail: e.to_string(),
                })
            })
    }

    #[cold]
    #[inline(never)]
    fn sign_error(e: &SignError) -> JsValue {
        config_error(e)
    }
}
