//! Notion: `X-Notion-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body keyed with the subscription's
//! verification token.
//! Source: makenotion/notion-sdk-js `src/webhooks.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Notion. Source: makenotion/notion-sdk-js `src/webhooks.ts`.
    pub static NOTION {
        id: "notion",
        name: "Notion",
        from: [header("x-notion-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
