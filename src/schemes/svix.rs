//! Svix (Clerk, Resend, …): Standard Webhooks with `svix-*` headers, falling back to `webhook-*`
//! header by header, as the Svix libraries do. Source: svix/svix-webhooks `rust/src/webhooks.rs`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Svix.
    pub static SVIX {
        id: "svix",
        name: "Svix",
        from: [header("svix-signature"), header("webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [
            algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("whsec_"), false, None)),
            algorithm(Some("v1a"), Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, Some("whpk_"), true, Some("whsk_"))),
        ],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: {
            from: [header("svix-timestamp"), header("webhook-timestamp")],
            unit: Seconds,
            tolerance_s: Some(300),
            direction: Both,
        },
        message_id: [header("svix-id"), header("webhook-id")],
    }
}
