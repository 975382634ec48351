//! Xero: `x-xero-signature` = base64 HMAC-SHA256 of the body with the webhook signing key. Xero's
//! 'intent to receive' check expects 200 for signed requests and 401 for the rest.
//! Source: developer.xero.com/documentation/webhooks/configuring-your-server.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Xero. Source: developer.xero.com/documentation/webhooks/configuring-your-server.
    pub static XERO {
        id: "xero",
        name: "Xero",
        from: [header("x-xero-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
