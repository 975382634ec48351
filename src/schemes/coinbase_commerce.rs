//! Coinbase Commerce: `X-CC-Webhook-Signature` = hex HMAC-SHA256 of the raw body with the shared
//! secret; the event id is the body's `event.id`.
//! Source: coinbase/coinbase-commerce-node `lib/Webhook.js`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Coinbase Commerce. Source: coinbase/coinbase-commerce-node `lib/Webhook.js`.
    pub static COINBASE_COMMERCE {
        id: "coinbase_commerce",
        name: "Coinbase Commerce",
        from: [header("x-cc-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/event/id")],
    }
}
