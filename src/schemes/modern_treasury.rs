//! Modern Treasury: `X-Signature` = hex HMAC-SHA256 of the raw body with the webhook key.
//! Source: Modern-Treasury/modern-treasury-node `src/resources/webhooks.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Modern Treasury. Source: Modern-Treasury/modern-treasury-node `src/resources/webhooks.ts`.
    pub static MODERN_TREASURY {
        id: "modern_treasury",
        name: "Modern Treasury",
        from: [header("x-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
