//! Smartcar: `SC-Signature` = hex HMAC-SHA256 of the body with the application management token.
//! (The SDK re-serialises the parsed JSON; hookgate uses the raw bytes, which is what was signed.)
//! Source: smartcar/node-sdk `index.js` (`verifyPayload`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Smartcar. Source: smartcar/node-sdk `index.js` (`verifyPayload`).
    pub static SMARTCAR {
        id: "smartcar",
        name: "Smartcar",
        from: [header("sc-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/eventId")],
    }
}
