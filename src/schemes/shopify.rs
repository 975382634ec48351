//! Shopify: `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the raw body.
//! Source: Shopify/shopify-api-js `lib/utils/hmac-validator.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Shopify.
    pub static SHOPIFY {
        id: "shopify",
        name: "Shopify",
        from: [header("x-shopify-hmac-sha256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-shopify-webhook-id")],
    }
}
