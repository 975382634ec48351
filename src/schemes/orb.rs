//! Orb: `X-Orb-Signature: v1=<hex>` (space-separated while rotating), HMAC-SHA256 of
//! `v1:{timestamp}:{body}`; `X-Orb-Timestamp` is ISO 8601 without a zone (UTC); 5 minutes either way.
//! Source: orbcorp/orb-node `src/resources/webhooks.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value_list};

scheme! {
    /// Orb. Source: orbcorp/orb-node `src/resources/webhooks.ts`.
    pub static ORB {
        id: "orb",
        name: "Orb",
        from: [header("x-orb-signature")],
        format: value_list(' ', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "v1:{timestamp}:{body}",
        timestamp: { from: [header("x-orb-timestamp")], unit: Rfc3339, tolerance_s: Some(300), direction: Both },
        dedupe: [json("/id")],
    }
}
