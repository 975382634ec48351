//! Onfido: `X-SHA2-Signature` = hex HMAC-SHA256 of the raw body with the webhook token.
//! Source: onfido/onfido-node `webhook-event-verifier.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Onfido. Source: onfido/onfido-node `webhook-event-verifier.ts`.
    pub static ONFIDO {
        id: "onfido",
        name: "Onfido",
        from: [header("x-sha2-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
