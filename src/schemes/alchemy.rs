//! Alchemy Notify: `X-Alchemy-Signature` = hex HMAC-SHA256 of the raw body with the webhook's signing
//! key; the body's `id` identifies the event.
//! Source: alchemyplatform/webhook-examples `node-express/src/webhooksUtil.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Alchemy. Source: alchemyplatform/webhook-examples `node-express/src/webhooksUtil.ts`.
    pub static ALCHEMY {
        id: "alchemy",
        name: "Alchemy",
        from: [header("x-alchemy-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
