//! Kong: sends webhooks as Standard Webhooks (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64>`; `whsec_` secrets are base64-decoded; ±300 s).
//! Source: standard-webhooks/standard-webhooks `README.md` (Compatible implementations).

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Kong (Standard Webhooks). Source: standard-webhooks/standard-webhooks `README.md` (Compatible implementations).
    pub static KONG {
        id: "kong",
        name: "Kong",
        aliases: ["kong_konnect"],
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
