//! Large bodies: their MACs and digests computed by Web Crypto (BoringSSL inside workerd, with
//! the CPU's SHA instructions) rather than in wasm. Measured with `js/bench/worker-crypto.mjs`
//! (workerd CPU per verification; Xeon with SHA-NI): 61 µs in wasm against 32 µs by Web Crypto
//! at 16 KiB, 3.6 ms against 1.1 ms at 1 MiB; at 1 KiB wasm wins (7 µs against 15 µs).
//!
//! Web Crypto is asynchronous and the core's verification is not, so a verification runs twice
//! through [`TAPE`], a crypto provider: first recording what the engine asks for (each MAC's
//! algorithm, key and content; each digest's content) and answering an empty output, which
//! matches no signature; then, once Web Crypto has computed every recorded output, replaying
//! them. The engine is the same both times: its second run asks for the same outputs in the
//! same order until it finds a match. Whatever it asks that the tape does not hold (a check made
//! only after a match, such as Twilio's `bodySHA256`) is computed by RustCrypto there and then,
//! so the verdict is always the core's own.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::RefCell;

use hookgate::crypto::{
    Chunk, CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output, RustCrypto,
};
use hookgate::{Headers, Request, Verified, Verifier, VerifyError, VerifyOptions};
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use worker::wasm_bindgen_futures::JsFuture;

/// Bodies from this size are hashed by Web Crypto. The measured crossover is about 4 KiB; the
/// margin pays for running the engine twice and for importing the key on each request.
pub(crate) const MIN_BYTES: usize = 16 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["crypto", "subtle"], js_name = importKey)]
    fn import_key(
        format: &str,
        key: &Uint8Array,
        algorithm: &Object,
        extractable: bool,
        usages: &Array,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["crypto", "subtle"], js_name = sign)]
    fn sign(algorithm: &str, key: &JsValue, data: &Uint8Array) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["crypto", "subtle"], js_name = digest)]
    fn digest(algorithm: &str, data: &Uint8Array) -> Result<Promise, JsValue>;
}

/// What the engine asked for, and (once computed) the answer.
#[derive(Debug)]
struct Call {
    primitive: Primitive,
    /// The chunks, the body's as [`Recorded::Body`].
    chunks: Vec<Recorded>,
    output: Option<Output>,
}

#[derive(Debug, PartialEq, Eq)]
enum Primitive {
    Mac(MacAlgorithm, Vec<u8>),
    Digest(DigestAlgorithm),
}

#[derive(Debug, PartialEq, Eq)]
enum Recorded {
    Bytes(Vec<u8>),
    Body,
}

/// The provider's state for the current (synchronous) verification.
#[derive(Debug, Default)]
enum Tape {
    /// Not inside [`verify`]: RustCrypto.
    #[default]
    Off,
    Recording(Vec<Call>),
    Replaying(Vec<Call>, usize),
}

std::thread_local! {
    static STATE: RefCell<Tape> = const { RefCell::new(Tape::Off) };
}

/// The provider of the verifiers [`verify`] runs.
#[derive(Debug)]
pub(crate) struct TapeCrypto;

pub(crate) static TAPE: TapeCrypto = TapeCrypto;

impl CryptoProvider for TapeCrypto {
    fn mac_key(&self, algorithm: MacAlgorithm, key: &[u8]) -> Option<Box<dyn MacKey>> {
        Some(Box::new(TapeMac {
            algorithm,
            key: key.to_vec(),
            here: RustCrypto.mac_key(algorithm, key)?,
        }))
    }

    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output> {
        Some(on_tape(Primitive::Digest(algorithm), message, || {
            RustCrypto.digest(algorithm, message).unwrap_or_default()
        }))
    }
}

/// A MAC key: its algorithm and bytes for Web Crypto, and keyed here for what the tape lacks.
struct TapeMac {
    algorithm: MacAlgorithm,
    key: Vec<u8>,
    here: Box<dyn MacKey>,
}

impl core::fmt::Debug for TapeMac {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TapeMac { [REDACTED] }")
    }
}

impl MacKey for TapeMac {
    fn tag(&self, message: &Message<'_>) -> Output {
        on_tape(
            Primitive::Mac(self.algorithm, self.key.clone()),
            message,
            || self.here.tag(message),
        )
    }
}

/// Records the call, or answers it from the tape, or (outside a tape, or for a call the tape
/// does not hold) computes it `here`.
fn on_tape(primitive: Primitive, message: &Message<'_>, here: impl FnOnce() -> Output) -> Output {
    let chunks = || {
        message
            .chunks()
            .map(|c| match c {
                Chunk::Body(_) => Recorded::Body,
                other => Recorded::Bytes(other.bytes().to_vec()),
            })
            .collect::<Vec<_>>()
    };
    let answer = STATE.with(|state| match &mut *state.borrow_mut() {
        Tape::Off => None,
        Tape::Recording(calls) => {
            calls.push(Call {
                primitive,
                chunks: chunks(),
                output: None,
            });
            Some(Output::default())
        }
        Tape::Replaying(calls, next) => {
            let call = calls.get(*next)?;
            if call.primitive != primitive || call.chunks != chunks() {
                return None;
            }
            *next += 1;
            call.output
        }
    });
    answer.unwrap_or_else(here)
}

/// Verifies `request` with `verifier` (whose provider is [`TAPE`]), the MACs and digests
/// computed by Web Crypto; `body` is the request's body as the runtime holds it.
///
/// # Errors
/// The core's verdict, as [`Verifier::verify`] gives it; a Web Crypto failure is
/// [`WebCryptoFailed`], for the gateway to answer as its own error.
pub(crate) async fn verify<'a, H: Headers + ?Sized>(
    verifier: &'a Verifier,
    request: &Request<'a, H>,
    options: &VerifyOptions,
    body: &Uint8Array,
) -> Result<Result<Verified<'a>, VerifyError>, WebCryptoFailed> {
    run(|| verifier.verify(request, options), body).await
}

/// Runs `f` (a computation of the core over [`TAPE`]: a verification, or a verified request's
/// body-digest dedupe key and replay key) with its MACs and digests computed by Web Crypto:
/// once recording, then, once Web Crypto has computed every recorded output, again replaying
/// them. Whatever `f` asks of a provider that is not [`TAPE`] is computed there as usual.
///
/// # Errors
/// [`WebCryptoFailed`].
pub(crate) async fn run<T>(f: impl Fn() -> T, body: &Uint8Array) -> Result<T, WebCryptoFailed> {
    STATE.with(|s| *s.borrow_mut() = Tape::Recording(Vec::new()));
    let recorded = f();
    let mut calls = match STATE.with(|s| core::mem::take(&mut *s.borrow_mut())) {
        Tape::Recording(calls) => calls,
        _ => Vec::new(),
    };
    // Nothing recorded: no hashing was needed (a missing header, say).
    if calls.is_empty() {
        return Ok(recorded);
    }
    drop(recorded);
    for call in &mut calls {
        call.output = Some(compute(call, body).await?);
    }
    STATE.with(|s| *s.borrow_mut() = Tape::Replaying(calls, 0));
    let replayed = f();
    STATE.with(|s| *s.borrow_mut() = Tape::Off);
    Ok(replayed)
}

/// Whether a body of `len` bytes is hashed by Web Crypto. Test builds (feature
/// `test-crypto-header`) let the `hookgate-test-crypto` header choose (`web` or `wasm`), so the
/// shared vectors run through both.
pub(crate) fn wanted(
    len: usize,
    headers: &[(alloc::string::String, alloc::string::String)],
) -> bool {
    #[cfg(feature = "test-crypto-header")]
    if let Some((_, choice)) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("hookgate-test-crypto"))
    {
        return choice == "web";
    }
    let _ = headers;
    len >= MIN_BYTES
}

/// Web Crypto refused or failed a computation.
#[derive(Debug)]
pub(crate) struct WebCryptoFailed;

async fn compute(call: &Call, body: &Uint8Array) -> Result<Output, WebCryptoFailed> {
    let data = content(&call.chunks, body);
    let promise = match &call.primitive {
        Primitive::Mac(algorithm, key) => {
            let params = Object::new();
            let set = |k: &str, v: &JsValue| Reflect::set(&params, &JsValue::from_str(k), v);
            set("name", &JsValue::from_str("HMAC")).map_err(|_| WebCryptoFailed)?;
            set("hash", &JsValue::from_str(hash_name(*algorithm)?)).map_err(|_| WebCryptoFailed)?;
            let usages = Array::of1(&JsValue::from_str("sign"));
            let raw = Uint8Array::from(key.as_slice());
            let key = JsFuture::from(
                import_key("raw", &raw, &params, false, &usages).map_err(|_| WebCryptoFailed)?,
            )
            .await
            .map_err(|_| WebCryptoFailed)?;
            sign("HMAC", &key, &data).map_err(|_| WebCryptoFailed)?
        }
        Primitive::Digest(DigestAlgorithm::Sha256) => {
            digest("SHA-256", &data).map_err(|_| WebCryptoFailed)?
        }
        Primitive::Digest(_) => return Err(WebCryptoFailed),
    };
    let buffer: ArrayBuffer = JsFuture::from(promise)
        .await
        .map_err(|_| WebCryptoFailed)?
        .dyn_into()
        .map_err(|_| WebCryptoFailed)?;
    Output::new(&Uint8Array::new(&buffer).to_vec()).ok_or(WebCryptoFailed)
}

fn hash_name(algorithm: MacAlgorithm) -> Result<&'static str, WebCryptoFailed> {
    match algorithm {
        MacAlgorithm::HmacSha1 => Ok("SHA-1"),
        MacAlgorithm::HmacSha256 => Ok("SHA-256"),
        MacAlgorithm::HmacSha512 => Ok("SHA-512"),
        _ => Err(WebCryptoFailed),
    }
}

/// The content as one JS buffer: the body itself when it is all there is, else a copy of the
/// chunks (Web Crypto takes one buffer).
fn content(chunks: &[Recorded], body: &Uint8Array) -> Uint8Array {
    if let [Recorded::Body] = chunks {
        return body.clone();
    }
    let len = |c: &Recorded| match c {
        Recorded::Bytes(b) => b.len() as u32,
        Recorded::Body => body.length(),
    };
    let out = Uint8Array::new_with_length(chunks.iter().map(len).sum());
    let mut at = 0;
    for chunk in chunks {
        match chunk {
            Recorded::Bytes(b) => out.set(&Uint8Array::from(b.as_slice()), at),
            Recorded::Body => out.set(body, at),
        }
        at += len(chunk);
    }
    out
}
