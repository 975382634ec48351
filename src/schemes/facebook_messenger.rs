//! Facebook Messenger: Meta's Graph API webhooks, `X-Hub-Signature-256: sha256=<hex>`, HMAC-SHA256 of the raw
//! body with the App Secret. Meta escapes non-ASCII as `\uXXXX` before signing: keep the bytes as sent.
//! The subscription handshake is a GET with `hub.challenge`.
//! Source: developers.facebook.com/docs/graph-api/webhooks/getting-started.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Facebook Messenger. Source: developers.facebook.com/docs/graph-api/webhooks/getting-started.
    pub static FACEBOOK_MESSENGER {
        id: "facebook_messenger",
        name: "Facebook Messenger",
        aliases: ["messenger"],
        from: [header("x-hub-signature-256")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
