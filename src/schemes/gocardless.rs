//! GoCardless: `Webhook-Signature` = hex HMAC-SHA256 of the raw body with the endpoint secret. The
//! header name is shared with Standard Webhooks' fallback, whose value is a `v1,` list, never bare hex.
//! Source: gocardless/gocardless-pro-python `gocardless_pro/webhooks.py`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// GoCardless. Source: gocardless/gocardless-pro-python `gocardless_pro/webhooks.py`.
    pub static GOCARDLESS {
        id: "gocardless",
        name: "GoCardless",
        from: [header("webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
