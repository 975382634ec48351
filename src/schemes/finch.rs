//! Finch: `finch-event-id`, `finch-timestamp` and `finch-signature: v1,<base64>` (space-separated
//! during rotation) over `{id}.{timestamp}.{body}`; the secret is base64 (no prefix); ±300 s.
//! Source: Finch-API/finch-api-node `src/resources/webhooks.ts`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Finch. Source: Finch-API/finch-api-node `src/resources/webhooks.ts`.
    pub static FINCH {
        id: "finch",
        name: "Finch",
        from: [header("finch-signature")],
        format: value_list(' ', ','),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, None, false, None))],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("finch-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("finch-event-id")],
    }
}
