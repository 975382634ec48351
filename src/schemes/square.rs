//! Square: `x-square-hmacsha256-signature` = base64 HMAC-SHA256 of `{notification_url}{body}`;
//! the URL must be exactly the one registered. Source: square/square-nodejs-sdk `src/wrapper/WebhooksHelper.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Square.
    pub static SQUARE {
        id: "square",
        name: "Square",
        from: [header("x-square-hmacsha256-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{url}{body}",
        dedupe: [json("/event_id")],
    }
}
