//! Buildkite: `X-Buildkite-Signature: timestamp=<unix>,signature=<hex>` over `{timestamp}.{body}`,
//! keyed with the webhook token. Buildkite sets no window; hookgate uses 300 s either way (the
//! timestamp is when the request was sent, so retries carry a fresh one).
//! Source: buildkite/docs `pages/apis/webhooks/_webhook_signature.md`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, param, value_list};

scheme! {
    /// Buildkite. Source: buildkite/docs `pages/apis/webhooks/_webhook_signature.md`.
    pub static BUILDKITE {
        id: "buildkite",
        name: "Buildkite",
        from: [header("x-buildkite-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("signature"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
    }
}
