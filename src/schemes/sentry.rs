//! Sentry integration platform: `Sentry-Hook-Signature` = hex HMAC-SHA256 of the body with the
//! integration's client secret. `Sentry-Hook-Timestamp` is sent but not signed; `Request-ID`
//! identifies the delivery.
//! Source: docs.sentry.io/integrations/integration-platform/webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// Sentry. Source: docs.sentry.io/integrations/integration-platform/webhooks.
    pub static SENTRY {
        id: "sentry",
        name: "Sentry",
        from: [header("sentry-hook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("request-id")],
        detect: [present("sentry-hook-resource")],
    }
}
