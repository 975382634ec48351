//! Exa: `Exa-Signature: t=<unix>,v1=<hex>` (several `v1` while rotating), HMAC-SHA256 of
//! `{t}.{body}` with the webhook secret; no window is documented, so none applies by default.
//! Source: exa.ai/docs/websets/api/webhooks/verifying-signatures.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, param, value_list};

scheme! {
    /// Exa. Source: exa.ai/docs/websets/api/webhooks/verifying-signatures.
    pub static EXA {
        id: "exa",
        name: "Exa",
        from: [header("exa-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Seconds, tolerance_s: None, direction: Both },
        dedupe: [json("/id")],
    }
}
