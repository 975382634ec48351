//! Squarespace: `Squarespace-Signature` = hex HMAC-SHA256 of the body, keyed with the **hex-decoded**
//! subscription secret; the body's `id` identifies the notification.
//! Source: developers.squarespace.com/webhooks/verifying-notifications.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, json, key, value};

scheme! {
    /// Squarespace. Source: developers.squarespace.com/webhooks/verifying-notifications.
    pub static SQUARESPACE {
        id: "squarespace",
        name: "Squarespace",
        from: [header("squarespace-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, key(KeyEncoding::Hex, None, false, None))],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
