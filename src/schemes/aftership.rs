//! AfterShip: `aftership-hmac-sha256` (Tracking; `as-signature-hmac-sha256` for Returns and
//! Warranty) = base64 HMAC-SHA256 of the raw body with the webhook secret; the body's `event_id`
//! identifies the event.
//! Source: aftership.com/docs/tracking/webhook/webhook-signature.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// AfterShip. Source: aftership.com/docs/tracking/webhook/webhook-signature.
    pub static AFTERSHIP {
        id: "aftership",
        name: "AfterShip",
        from: [header("aftership-hmac-sha256"), header("as-signature-hmac-sha256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/event_id")],
    }
}
