//! Zendesk webhooks: `X-Zendesk-Webhook-Signature` = base64 HMAC-SHA256 of the timestamp followed by
//! the body; `X-Zendesk-Webhook-Signature-Timestamp` is RFC 3339. Zendesk documents no window, so
//! none applies by default (set a tolerance); `X-Zendesk-Webhook-Invocation-Id` identifies the
//! delivery.
//! Source: developer.zendesk.com/documentation/webhooks/verifying.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// Zendesk. Source: developer.zendesk.com/documentation/webhooks/verifying.
    pub static ZENDESK {
        id: "zendesk",
        name: "Zendesk",
        from: [header("x-zendesk-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{timestamp}{body}",
        timestamp: { from: [header("x-zendesk-webhook-signature-timestamp")], unit: Rfc3339, tolerance_s: None, direction: Both },
        message_id: [header("x-zendesk-webhook-invocation-id")],
        detect: [present("x-zendesk-webhook-id")],
    }
}
