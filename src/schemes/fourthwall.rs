//! Fourthwall: `X-Fourthwall-Hmac-SHA256` = base64 HMAC-SHA256 of the body with the shop's secret;
//! platform apps receive it as `X-Fourthwall-Hmac-Apps-SHA256`, keyed with the app's HMAC key.
//! Source: docs.fourthwall.com/webhooks/signature-verification.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Fourthwall. Source: docs.fourthwall.com/webhooks/signature-verification.
    pub static FOURTHWALL {
        id: "fourthwall",
        name: "Fourthwall",
        from: [header("x-fourthwall-hmac-sha256"), header("x-fourthwall-hmac-apps-sha256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
