//! Standard Webhooks 1.0 (`webhook-*` headers): `v1` HMAC-SHA256 with `whsec_` base64 secrets,
//! and the asymmetric `v1a` Ed25519 variant with `whpk_` public keys (`whsk_` to sign).
//! Source: standard-webhooks/standard-webhooks `spec/standard-webhooks.md`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Standard Webhooks.
    pub static STANDARD_WEBHOOKS {
        id: "standard_webhooks",
        name: "Standard Webhooks",
        from: [header("webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [
            algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("whsec_"), false, None)),
            algorithm(Some("v1a"), Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, Some("whpk_"), true, Some("whsk_"))),
        ],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("webhook-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("webhook-id")],
    }
}
