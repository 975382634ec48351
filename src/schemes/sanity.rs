//! Sanity: `sanity-webhook-signature: t=<ms>,v1=<base64url, unpadded>` over `{t}.{body}`. The
//! toolkit checks no age, so neither does hookgate by default (set a tolerance to bound replays);
//! `idempotency-key` identifies the delivery.
//! Source: sanity-io/webhook-toolkit `src/signature.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, param, value_list};

scheme! {
    /// Sanity. Source: sanity-io/webhook-toolkit `src/signature.ts`.
    pub static SANITY {
        id: "sanity",
        name: "Sanity",
        from: [header("sanity-webhook-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64url, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Milliseconds, tolerance_s: None, direction: Both },
        dedupe: [header("idempotency-key")],
    }
}
