//! Dixa: `X-Dixa-Signature: t=<ms>,v1=<hex>`, HMAC-SHA256 of `{t}.{body}` keyed with the
//! **hex-decoded** secret; Dixa documents no window, so none applies by default.
//! Source: docs.dixa.io/docs/webhooks/webhooks-security.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, json, key, param, value_list};

scheme! {
    /// Dixa. Source: docs.dixa.io/docs/webhooks/webhooks-security.
    pub static DIXA {
        id: "dixa",
        name: "Dixa",
        from: [header("x-dixa-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, key(KeyEncoding::Hex, None, false, None))],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Milliseconds, tolerance_s: None, direction: Both },
        dedupe: [json("/event_id")],
    }
}
