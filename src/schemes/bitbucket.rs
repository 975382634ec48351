//! Bitbucket: `X-Hub-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body (sent only when the webhook
//! has a secret). The header name is GitHub's legacy SHA-1 one; the `sha256=` prefix tells them apart.
//! `X-Request-UUID` identifies the delivery.
//! Source: bitbucket.org/blog/enhanced-webhook-security; Bitbucket Data Center event payload docs.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// Bitbucket. Source: bitbucket.org/blog/enhanced-webhook-security; Bitbucket Data Center event payload docs.
    pub static BITBUCKET {
        id: "bitbucket",
        name: "Bitbucket",
        from: [header("x-hub-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-request-uuid")],
        detect: [present("x-event-key")],
    }
}
