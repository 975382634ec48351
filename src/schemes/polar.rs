//! Polar: the Standard Webhooks headers and content (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64>` over `{id}.{timestamp}.{body}`, ±300 s), but the HMAC key is
//! the secret's own UTF-8 bytes: Polar's SDK base64-encodes the secret before handing it to the
//! Standard Webhooks library, which decodes it again.
//! Source: polarsource/polar-js `src/webhooks.ts` (`validateEvent`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value_list};

scheme! {
    /// Polar. Source: polarsource/polar-js `src/webhooks.ts`.
    pub static POLAR {
        id: "polar",
        name: "Polar",
        from: [header("webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("webhook-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("webhook-id")],
    }
}
