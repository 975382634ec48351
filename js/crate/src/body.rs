//! The body buffer: where JS writes a call's payload (and its header block) straight into wasm
//! memory, once. Exports take lengths, never the bytes.

use alloc::vec::Vec;
use core::cell::RefCell;
use core::sync::atomic::{AtomicU32, Ordering};

use hookgate::crypto::{CryptoProvider as _, DigestAlgorithm, Message, RustCrypto};
use wasm_bindgen::prelude::*;

use crate::boundary::body_buffer::{KEEP_BYTES, MAX_BYTES};
use crate::boundary::body_state;
use crate::errors::{Boundary, config_error};

/// Where the body buffer is and how long it is (`boundary::body_state`), kept current by
/// [`body_buffer`] at a fixed address so the wrapper reads it from memory instead of asking on
/// every call.
#[repr(C)]
struct BodyState {
    address: AtomicU32,
    length: AtomicU32,
}

// The layout JS reads (`boundary::body_state`).
const _: () = assert!(core::mem::offset_of!(BodyState, address) == body_state::ADDRESS);
const _: () = assert!(core::mem::offset_of!(BodyState, length) == body_state::LENGTH);

static BODY_STATE: BodyState = BodyState {
    address: AtomicU32::new(0),
    length: AtomicU32::new(0),
};

std::thread_local! {
    /// The payload of the current call (and its header block after it), written by JS.
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The last [`body_sha256`].
    static DIGEST: RefCell<[u8; 32]> = const { RefCell::new([0; 32]) };
}

/// The module's memory, so the wrapper can write payloads into [`body_buffer`] directly.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The address in [`wasm_memory`] of the body buffer's state (`boundary::body_state`): its
/// address and length as of the last [`body_buffer`] call (0 and 0 before the first). The
/// wrapper reads them before writing a payload and calls [`body_buffer`] only when the buffer
/// is too small, so a steady stream of payloads costs no extra call, and a buffer moved by
/// anyone is never written through a stale address.
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
        if keep == 0 && buf.len() > KEEP_BYTES && len <= KEEP_BYTES {
            *buf = Vec::new();
        }
        let grown = if len > MAX_BYTES {
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
        let address = buf.as_ptr() as usize;
        BODY_STATE
            .address
            .store(u32::try_from(address).unwrap_or(0), Ordering::Relaxed);
        BODY_STATE
            .length
            .store(u32::try_from(buf.len()).unwrap_or(0), Ordering::Relaxed);
        grown.map(|()| address)
    })
}

/// The SHA-256 of the first `len` bytes of the body buffer, as the address of its 32 bytes: a
/// dedupe key the wrapper computes only when it is read (`result_flags::DEDUPE_IS_BODY_DIGEST`).
///
/// # Errors
/// `invalid_argument` when `len` exceeds the buffer.
#[wasm_bindgen(js_name = bodySha256)]
pub fn body_sha256(len: usize) -> Result<usize, JsValue> {
    with_body(len, |body| {
        let digest = RustCrypto
            .digest(DigestAlgorithm::Sha256, &Message::body(body))
            .unwrap_or_default();
        DIGEST.with(|cell| {
            let mut out = cell
                .try_borrow_mut()
                .map_err(|_| config_error(&Boundary::Reentered))?;
            out.copy_from_slice(digest.as_ref().get(..32).unwrap_or(&[0; 32]));
            Ok(out.as_ptr() as usize)
        })
    })
}

/// **Test only** (the JS wrapper's `dangerousTestTrap`): traps while the body buffer is
/// borrowed, as a bug would, so a test can prove that the wrapper recovers (the next call
/// re-instantiates the module). Never call it for anything else.
///
/// # Errors
/// `reentered` when the buffer is borrowed already (on wasm32 it traps instead of returning).
#[wasm_bindgen(js_name = dangerousTestTrap)]
pub fn dangerous_test_trap() -> Result<(), JsValue> {
    BODY.with(|cell| {
        let _held = cell
            .try_borrow_mut()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        Ok(())
    })
}

/// Runs `f` on the first `len` bytes of the body buffer.
pub(crate) fn with_body<T>(
    len: usize,
    f: impl FnOnce(&[u8]) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
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

/// Runs `f` on a payload of `body_len` bytes and the header block of `headers_len` bytes that
/// follows it in the body buffer.
pub(crate) fn with_body_and_headers<T>(
    body_len: usize,
    headers_len: usize,
    f: impl FnOnce(&[u8], &str) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    let total = body_len.checked_add(headers_len).ok_or_else(|| {
        config_error(&Boundary::InvalidArgument {
            argument: "payload",
            detail: "length out of range".into(),
        })
    })?;
    with_body(total, |buf| {
        let (body, header_bytes) = buf.split_at_checked(body_len).unwrap_or((buf, &[]));
        let headers = core::str::from_utf8(header_bytes).map_err(|_| {
            config_error(&Boundary::InvalidArgument {
                argument: "headers",
                detail: "header values must be valid UTF-8".into(),
            })
        })?;
        f(body, headers)
    })
}
