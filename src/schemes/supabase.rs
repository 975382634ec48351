//! Supabase Auth Hooks: Standard Webhooks over HTTP (`webhook-*` headers, `v1,<base64>` over
//! `{id}.{timestamp}.{body}`, ±300 s); the secret is configured and shown as `v1,whsec_<base64>`.
//! (Supabase database webhooks carry only a header you choose; they are not signed.)
//! Source: supabase/auth `internal/hooks/hookshttp/hookshttp.go`, `internal/conf/configuration.go`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// Supabase Auth Hooks. Source: supabase/auth `internal/hooks/hookshttp/hookshttp.go`.
    pub static SUPABASE {
        id: "supabase",
        name: "Supabase Auth Hooks",
        aliases: ["supabase_auth"],
        from: [header("webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("v1,whsec_"), false, None))],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("webhook-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("webhook-id")],
    }
}
