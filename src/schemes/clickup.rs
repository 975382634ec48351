//! ClickUp: `X-Signature` = hex HMAC-SHA256 of the body with the webhook's secret.
//! Source: developer.clickup.com/docs/webhooksignature.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// ClickUp. Source: developer.clickup.com/docs/webhooksignature.
    pub static CLICKUP {
        id: "clickup",
        name: "ClickUp",
        from: [header("x-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
