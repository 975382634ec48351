//! Asana: `X-Hook-Signature` = hex HMAC-SHA256 of the body, keyed with the `X-Hook-Secret` Asana sent
//! once in the creation handshake (echo it back then, and store it).
//! Source: developers.asana.com/docs/establish-a-webhook.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Asana. Source: developers.asana.com/docs/establish-a-webhook.
    pub static ASANA {
        id: "asana",
        name: "Asana",
        from: [header("x-hook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
