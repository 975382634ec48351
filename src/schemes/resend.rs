//! Resend: sends Svix-signed webhooks: `svix-id`, `svix-timestamp` and
//! `svix-signature: v1,<base64>` over `{id}.{timestamp}.{body}`, `whsec_` secrets base64-decoded,
//! ±300 s; the unbranded `webhook-*` headers are read when the `svix-*` ones are absent, as the Svix
//! libraries do.
//! Source: resend/resend-node `src/webhooks/webhooks.ts`; svix/svix-webhooks `codegen/lib-openapi.json` (Svix Ingest lists it as a Svix sender).

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Resend (Svix). Source: resend/resend-node `src/webhooks/webhooks.ts`; svix/svix-webhooks `codegen/lib-openapi.json` (Svix Ingest lists it as a Svix sender).
    pub static RESEND {
        id: "resend",
        name: "Resend",
        from: [header("svix-signature"), header("webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [
            algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("whsec_"), false, None)),
            algorithm(Some("v1a"), Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, Some("whpk_"), true, Some("whsk_"))),
        ],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("svix-timestamp"), header("webhook-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("svix-id"), header("webhook-id")],
    }
}
