//! Anthropic: signs Managed Agents webhooks with Standard Webhooks (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64>`; `whsec_` secrets are base64-decoded; ±300 s).
//! Source: anthropics/anthropic-sdk-typescript `src/resources/beta/webhooks.ts`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Anthropic (Standard Webhooks). Source: anthropics/anthropic-sdk-typescript `src/resources/beta/webhooks.ts`.
    pub static ANTHROPIC {
        id: "anthropic",
        name: "Anthropic",
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
