//! Front rule webhooks: `X-Front-Signature` = base64 **HMAC-SHA1** of the body with the company's API
//! secret.
//! Source: dev.frontapp.com/docs/rule-webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Front rule webhooks. Source: dev.frontapp.com/docs/rule-webhooks.
    pub static FRONT_RULES {
        id: "front_rules",
        name: "Front rule webhooks",
        aliases: ["frontapp_rules"],
        from: [header("x-front-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
