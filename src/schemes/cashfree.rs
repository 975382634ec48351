//! Cashfree Payments: `x-webhook-signature` = base64 HMAC-SHA256 of `x-webhook-timestamp` (ms)
//! followed by the body, keyed with the client secret. The SDK checks no window, so none applies
//! by default (set a tolerance).
//! Source: cashfree/cashfree-pg-sdk-nodejs `api.ts` (`PGVerifyWebhookSignature`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Cashfree Payments. Source: cashfree/cashfree-pg-sdk-nodejs `api.ts` (`PGVerifyWebhookSignature`).
    pub static CASHFREE {
        id: "cashfree",
        name: "Cashfree Payments",
        aliases: ["cashfree_payments"],
        from: [header("x-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{timestamp}{body}",
        timestamp: { from: [header("x-webhook-timestamp")], unit: Milliseconds, tolerance_s: None, direction: Both },
    }
}
