//! Paddle Billing: `Paddle-Signature: ts=<unix>;h1=<hex>[;h1=…]` over `{ts}:{body}`. Any `h1`
//! may match and unknown keys are ignored (the node SDK checks only the last `h1`; python
//! rejects unknown keys). Default tolerance 5 s, past only, as both SDKs.
//! Source: PaddleHQ/paddle-node-sdk `src/notifications/helpers/webhooks-validator.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, param, value_list};

scheme! {
    /// Paddle Billing.
    pub static PADDLE {
        id: "paddle",
        name: "Paddle Billing",
        aliases: ["paddle_billing", "paddlebilling"],
        from: [header("paddle-signature")],
        format: value_list(';', '='),
        algorithms: [algorithm(Some("h1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}:{body}",
        timestamp: { from: [param("ts")], unit: Seconds, tolerance_s: Some(5), direction: PastOnly },
        dedupe: [json("/event_id"), json("/notification_id")],
    }
}
