//! Zendesk Event Connectors: the Zendesk webhook headers, but the body comes **before** the RFC 3339
//! timestamp in the signed content (base64 HMAC-SHA256); no default window.
//! Source: developer.zendesk.com/documentation/event-connectors/webhooks/verifying.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Zendesk Event Connectors. Source: developer.zendesk.com/documentation/event-connectors/webhooks/verifying.
    pub static ZENDESK_EVENT_CONNECTORS {
        id: "zendesk_event_connectors",
        name: "Zendesk Event Connectors",
        from: [header("x-zendesk-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}{timestamp}",
        timestamp: { from: [header("x-zendesk-webhook-signature-timestamp")], unit: Rfc3339, tolerance_s: None, direction: Both },
    }
}
