//! `WasmVerifier`: a scheme, its secrets and a tolerance, the engine of the JS `Webhook` class,
//! and the result layout its `verify` writes (`boundary::result`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt;

use hookgate::{Request, Tolerance, Verified, Verifier, VerifyOptions};
use wasm_bindgen::prelude::*;

use crate::args::{millis, scheme_of, secret_list, tolerance, with_signature_header};
use crate::body::with_body_and_headers;
use crate::boundary::header_block::MAX_VERIFIER_HEADERS;
use crate::boundary::{result, result_flags, verify_mode};
use crate::errors::{Boundary, config_error, verify_error};
use crate::headers::Picked;
use crate::host;

std::thread_local! {
    /// The result of the last `verify`, read by JS from wasm memory.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A scheme, its secrets and a tolerance: the engine of the JS `Webhook` class.
#[wasm_bindgen]
pub struct WasmVerifier {
    /// Its crypto is `host::SWITCH`: this module's, or the host's for the calls that ask.
    verifier: Verifier,
    tolerance: Tolerance,
    /// The lower-case header names `verify` wants, in the order of its header block.
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
    /// - the tolerance, encoded as `boundary::tolerance` says;
    /// - `dedupe_key`: your own dedupe key, its alternatives' template texts joined by NUL (tools
    ///   module only: the verification module, whose size is budgeted, has no template parser).
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
        dedupe_key: Option<String>,
    ) -> Result<WasmVerifier, JsValue> {
        let secrets = secret_list(&secrets)?;
        let spec = with_signature_header(scheme_of(&scheme)?, signature_header.as_deref())?;
        // A built-in spec, one with its signature header moved, or a custom spec that
        // `scheme_of` validated: none needs validating again.
        let verifier = Verifier::prevalidated(spec, &secrets)
            .map_err(|e| config_error(&e))?
            .with_crypto(&host::SWITCH);
        let verifier = with_dedupe_key(verifier, dedupe_key)?;
        let tolerance = tolerance(tolerance_kind, past_s, future_s)?;
        let mut names: Vec<String> = Vec::new();
        for name in verifier.header_names() {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_ascii_lowercase());
            }
        }
        if names.len() > MAX_VERIFIER_HEADERS {
            return Err(config_error(&hookgate::ConfigError::InvalidSpec {
                detail: "the spec reads more than 16 distinct headers".into(),
            }));
        }
        Ok(Self {
            verifier,
            tolerance,
            names,
        })
    }

    /// Whether verifying reads the body's bytes for anything but the MAC (a body field, form
    /// parameters, an Ed25519 key): when it does not, the host may hash a body that was never
    /// written into this module (`verify_mode::BODY_ELSEWHERE`).
    #[wasm_bindgen(getter, js_name = readsBody)]
    pub fn reads_body(&self) -> bool {
        self.verifier.reads_body()
    }

    /// The scheme id (`"stripe"`, or a custom spec's id).
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.verifier.scheme().id.to_string()
    }

    /// The names list of the header block [`WasmVerifier::verify`] takes: lower case, joined
    /// by NUL (which no header name contains).
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> String {
        self.names.join("\0")
    }

    /// Verifies the first `body_len` bytes of the body buffer; the `headers_len` bytes after
    /// them are the header block of [`WasmVerifier::header_names`]; `now_ms` is the clock;
    /// `mode` is `boundary::verify_mode` (with `BODY_ELSEWHERE`, `body_len` is 0 and the
    /// header block is at the buffer's start).
    ///
    /// Returns the address of the result in the module's memory, laid out as
    /// `boundary::result` says.
    ///
    /// # Errors
    /// `WebhookVerificationError` with the core's code; `WebhookConfigError` for bad arguments;
    /// whatever the host's crypto threw.
    pub fn verify(
        &self,
        body_len: usize,
        headers_len: usize,
        now_ms: f64,
        url: Option<String>,
        method: Option<String>,
        mode: u32,
    ) -> Result<usize, JsValue> {
        let now = millis(now_ms, "now")?;
        let hosted = mode & verify_mode::HOST_CRYPTO != 0;
        if mode & verify_mode::BODY_ELSEWHERE != 0 && (!hosted || self.verifier.reads_body()) {
            return Err(config_error(&Boundary::InvalidArgument {
                argument: "mode",
                detail: "a body kept by the host needs the host's crypto and a verifier that does not read the body".into(),
            }));
        }
        with_body_and_headers(body_len, headers_len, |body, block| {
            let headers = Picked::new(&self.names, block)?;
            let mut request = Request::new(&headers, body);
            if let Some(url) = url.as_deref() {
                request = request.with_url(url);
            }
            if let Some(method) = method.as_deref() {
                request = request.with_method(method);
            }
            let options = VerifyOptions::at(now).with_tolerance(self.tolerance);
            // The result is written with the host's crypto still in place: the replay key
            // digests the signed content again, body included (held by the host).
            host::with_host(hosted, || {
                let verified = self
                    .verifier
                    .verify(&request, &options)
                    .map_err(|e| verify_error(&e))?;
                write_result(&verified, &headers)
            })
        })
    }
}

/// `verifier` with the dedupe key whose alternatives are `texts` (joined by NUL), if any.
#[cfg(feature = "tools")]
fn with_dedupe_key(verifier: Verifier, texts: Option<String>) -> Result<Verifier, JsValue> {
    let Some(texts) = texts else {
        return Ok(verifier);
    };
    let alternatives: Vec<&str> = texts.split('\0').collect();
    hookgate::dedupe::KeyTemplate::from_alternatives(&alternatives)
        .and_then(|key| verifier.with_dedupe_key(key))
        .map_err(|e| config_error(&e))
}

/// The verification module has no template parser: the wrapper sends a `dedupeKey` to the
/// tools module.
#[cfg(not(feature = "tools"))]
fn with_dedupe_key(verifier: Verifier, texts: Option<String>) -> Result<Verifier, JsValue> {
    match texts {
        None => Ok(verifier),
        Some(_) => Err(config_error(&crate::errors::Boundary::InvalidOptions {
            detail: "dedupeKey needs hookgate's tools module".into(),
        })),
    }
}

/// Lays out a verification result for JS (`boundary::result`).
fn write_result(verified: &Verified<'_>, headers: &Picked<'_>) -> Result<usize, JsValue> {
    OUT.with(|cell| {
        let mut out = cell
            .try_borrow_mut()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        out.clear();
        out.resize(result::TEXT, 0);
        let mut put = |at: usize, bytes: &[u8]| {
            if let Some(slot) = out.get_mut(at..at + bytes.len()) {
                slot.copy_from_slice(bytes);
            }
        };
        let timestamp = verified
            .timestamp()
            .map_or(f64::NAN, |t| t.as_secs() as f64);
        let id = verified.id();
        let id_len = id.map_or(-1, |id| i32::try_from(id.len()).unwrap_or(i32::MAX));
        let key_index = u32::try_from(verified.key_index()).unwrap_or(u32::MAX);
        put(result::TIMESTAMP, &timestamp.to_le_bytes());
        put(result::KEY_INDEX, &key_index.to_le_bytes());
        put(result::ID_LENGTH, &id_len.to_le_bytes());
        if let Some(id) = id {
            out.extend_from_slice(id.as_bytes());
        }
        let start = out.len();
        // Which header the id is (by content), if any: a small index, so the cast is exact.
        let id_header = id
            .and_then(|id| headers.position(id))
            .map_or(0, |i| i as u32 + 1);
        let mut flags = id_header << result_flags::ID_HEADER_SHIFT;
        match verified.dedupe_id() {
            Some(v) if Some(v) == id => flags |= result_flags::DEDUPE_IS_ID,
            Some(v) => out.extend_from_slice(v.as_bytes()),
            // The body's digest: computed by the wrapper if the key is read.
            None => flags |= result_flags::DEDUPE_IS_BODY_DIGEST,
        }
        let dedupe_len = u32::try_from(out.len() - start).unwrap_or(u32::MAX);
        // Only an unsigned key needs the replay key (computing it hashes the body again).
        let replay_start = out.len();
        if !verified.dedupe_key_signed()
            && let Some(replay) = verified.replay_key()
        {
            out.extend_from_slice(replay.as_bytes());
        }
        let replay_len = u32::try_from(out.len() - replay_start).unwrap_or(u32::MAX);
        for (set, flag) in [
            (verified.body_signed(), result_flags::BODY_SIGNED),
            (
                verified.dedupe_key_signed(),
                result_flags::DEDUPE_KEY_SIGNED,
            ),
            (verified.timestamp_signed(), result_flags::TIMESTAMP_SIGNED),
        ] {
            if set {
                flags |= flag;
            }
        }
        if let Some(slot) = out.get_mut(result::DEDUPE_LENGTH..result::DEDUPE_LENGTH + 4) {
            slot.copy_from_slice(&dedupe_len.to_le_bytes());
        }
        if let Some(slot) = out.get_mut(result::FLAGS..result::FLAGS + 4) {
            slot.copy_from_slice(&flags.to_le_bytes());
        }
        if let Some(slot) = out.get_mut(result::REPLAY_LENGTH..result::REPLAY_LENGTH + 4) {
            slot.copy_from_slice(&replay_len.to_le_bytes());
        }
        Ok(out.as_ptr() as usize)
    })
}
