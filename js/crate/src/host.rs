//! The host's crypto, chosen per call: every verifier of this module uses [`SWITCH`], a
//! [`CryptoProvider`] that computes its MACs and digests here (RustCrypto) or, for the calls
//! that ask ([`with_host`]), through one import, [`HostCrypto::compute`]: the Node build gives
//! it `node:crypto` (OpenSSL, with the CPU's SHA instructions) and asks for large bodies only,
//! below its measured threshold the call costs more than hashing here.
//!
//! The content crosses as a table in this module's memory (`boundary::host_call`): the
//! address and length of each chunk, and a marker where the body goes. The wrapper puts the
//! caller's own body there (or a view of the body buffer, when the engine read the body and it
//! was written there), so a large body is never copied for hashing.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use hookgate::crypto::{
    Chunk, CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output, RustCrypto,
};
use wasm_bindgen::prelude::*;

use crate::boundary::{host_algorithm, host_call};
use crate::errors::{Boundary, config_error};

#[wasm_bindgen]
extern "C" {
    /// The host's crypto, given once by [`set_host_crypto`].
    pub type HostCrypto;

    /// Computes `algorithm` (`boundary::host_algorithm`) over the `count` chunks of the table
    /// at `table` (`boundary::host_call`), keyed with the `key_len` bytes at `key` (MACs), and
    /// writes the output at `out` (64 bytes of room); returns its length.
    #[wasm_bindgen(method, catch)]
    fn compute(
        this: &HostCrypto,
        algorithm: u32,
        key: usize,
        key_len: usize,
        table: usize,
        count: usize,
        out: usize,
    ) -> Result<usize, JsValue>;
}

std::thread_local! {
    static HOST: RefCell<Option<HostCrypto>> = const { RefCell::new(None) };
    /// Whether the current call computes with the host.
    static HOSTED: Cell<bool> = const { Cell::new(false) };
    /// The chunk table, reused.
    static TABLE: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    /// What the host threw during the current call, if anything: the wrapper reports it
    /// instead of a verdict (a failed hash is not a forged request).
    static FAILURE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Gives the module the host's crypto (once; the Node build does on first use).
#[wasm_bindgen(js_name = setHostCrypto)]
pub fn set_host_crypto(host: HostCrypto) {
    HOST.with(|h| *h.borrow_mut() = Some(host));
}

/// Runs `f` with the host computing every MAC and digest (when `hosted`), and returns its
/// result, or what the host threw meanwhile.
pub(crate) fn with_host<T>(
    hosted: bool,
    f: impl FnOnce() -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    if hosted && !HOST.with(|h| h.borrow().is_some()) {
        return Err(no_host());
    }
    HOSTED.with(|h| h.set(hosted));
    let result = f();
    HOSTED.with(|h| h.set(false));
    match FAILURE.with(|f| f.borrow_mut().take()) {
        Some(failure) => Err(failure),
        None => result,
    }
}

/// The provider every verifier here uses.
#[derive(Debug)]
pub(crate) struct Switch;

pub(crate) static SWITCH: Switch = Switch;

impl CryptoProvider for Switch {
    fn mac_key(&self, algorithm: MacAlgorithm, key: &[u8]) -> Option<Box<dyn MacKey>> {
        let host = match algorithm {
            MacAlgorithm::HmacSha1 => host_algorithm::HMAC_SHA1,
            MacAlgorithm::HmacSha256 => host_algorithm::HMAC_SHA256,
            MacAlgorithm::HmacSha512 => host_algorithm::HMAC_SHA512,
            _ => return None,
        };
        Some(Box::new(SwitchMac {
            here: RustCrypto.mac_key(algorithm, key)?,
            host,
            key: key.to_vec(),
        }))
    }

    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output> {
        match algorithm {
            DigestAlgorithm::Sha256 if HOSTED.with(Cell::get) => {
                Some(compute(host_algorithm::SHA256, &[], message))
            }
            _ => RustCrypto.digest(algorithm, message),
        }
    }
}

/// A MAC keyed here, and its key for the host (keying there costs what passing the key does).
struct SwitchMac {
    here: Box<dyn MacKey>,
    host: u32,
    key: Vec<u8>,
}

impl core::fmt::Debug for SwitchMac {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SwitchMac { [REDACTED] }")
    }
}

impl MacKey for SwitchMac {
    fn tag(&self, message: &Message<'_>) -> Output {
        if HOSTED.with(Cell::get) {
            compute(self.host, &self.key, message)
        } else {
            self.here.tag(message)
        }
    }
}

/// Has the host compute `algorithm` over `message`. A failure (the host threw, or the table
/// was in use) is recorded for [`with_host`] and gives an empty output, which matches nothing.
fn compute(algorithm: u32, key: &[u8], message: &Message<'_>) -> Output {
    let mut out = [0u8; 64];
    let result = TABLE.with(|cell| {
        let mut table = cell
            .try_borrow_mut()
            .map_err(|_| config_error(&Boundary::Reentered))?;
        table.clear();
        for chunk in message.chunks() {
            match chunk {
                Chunk::Body(_) => table.extend([host_call::BODY, 0]),
                other => {
                    let bytes = other.bytes();
                    // wasm32 addresses and lengths fit a u32.
                    table.extend([bytes.as_ptr() as u32, bytes.len() as u32]);
                }
            }
        }
        HOST.with(|h| match h.borrow().as_ref() {
            Some(host) => host.compute(
                algorithm,
                key.as_ptr() as usize,
                key.len(),
                table.as_ptr() as usize,
                table.len() / 2,
                out.as_mut_ptr() as usize,
            ),
            None => Err(no_host()),
        })
    });
    match result.map(|len| out.get(..len).and_then(Output::new)) {
        Ok(Some(output)) => output,
        Ok(None) => fail(config_error(&Boundary::InvalidArgument {
            argument: "host",
            detail: "its output is longer than 64 bytes".into(),
        })),
        Err(e) => fail(e),
    }
}

fn no_host() -> JsValue {
    config_error(&Boundary::InvalidArgument {
        argument: "mode",
        detail: "no host crypto was given (setHostCrypto)".into(),
    })
}

fn fail(e: JsValue) -> Output {
    FAILURE.with(|f| *f.borrow_mut() = Some(e));
    Output::default()
}
