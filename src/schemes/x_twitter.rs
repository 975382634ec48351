//! X (Twitter) Account Activity API: `x-twitter-webhooks-signature: sha256=<base64>`, HMAC-SHA256 of
//! the body with the app's consumer secret. The CRC check is a GET answered with the same HMAC of
//! `crc_token`.
//! Source: docs.x.com (Account Activity API, securing webhooks).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// X (Twitter). Source: docs.x.com (Account Activity API, securing webhooks).
    pub static X_TWITTER {
        id: "x_twitter",
        name: "X (Twitter)",
        aliases: ["twitter", "x"],
        from: [header("x-twitter-webhooks-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
