//! LinkedIn: `X-LI-Signature` = hex HMAC-SHA256 of `hmacsha256=` followed by the body, keyed with the
//! app's client secret. The endpoint validation is a GET with `challengeCode`, answered with the
//! same HMAC of that code.
//! Source: learn.microsoft.com/linkedin/shared/api-guide/webhook-validation.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// LinkedIn. Source: learn.microsoft.com/linkedin/shared/api-guide/webhook-validation.
    pub static LINKEDIN {
        id: "linkedin",
        name: "LinkedIn",
        from: [header("x-li-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "hmacsha256={body}",
    }
}
