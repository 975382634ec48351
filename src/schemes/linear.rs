//! Linear: `Linear-Signature` = hex HMAC-SHA256 of the body; freshness from the body's
//! `webhookTimestamp` (ms), else the `Linear-Timestamp` header, ±60 s.
//! Source: linear/linear `packages/sdk/src/webhooks/client.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Linear.
    pub static LINEAR {
        id: "linear",
        name: "Linear",
        from: [header("linear-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        timestamp: {
            from: [json("/webhookTimestamp"), header("linear-timestamp")],
            unit: Milliseconds,
            tolerance_s: Some(60),
            direction: Both,
        },
        message_id: [header("linear-delivery")],
    }
}
