//! OpenAI: signs its webhooks with Standard Webhooks (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64>`; `whsec_` secrets are base64-decoded; ±300 s).
//! (The SDK also takes a secret without `whsec_` as raw bytes; hookgate always base64-decodes, as
//! the spec says.)
//! Source: openai/openai-node `src/lib/webhook-signature.ts`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// OpenAI (Standard Webhooks). Source: openai/openai-node `src/lib/webhook-signature.ts`.
    pub static OPENAI {
        id: "openai",
        name: "OpenAI",
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
