//! Front application webhooks: `X-Front-Signature` = base64 HMAC-SHA256 of
//! `{X-Front-Request-Timestamp}:{body}` (the timestamp in ms), keyed with the app's signing key;
//! 5 minutes, as Front recommends. (Rule webhooks sign differently: see `front_rules`.)
//! Source: dev.frontapp.com/docs/application-webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Front. Source: dev.frontapp.com/docs/application-webhooks.
    pub static FRONT {
        id: "front",
        name: "Front",
        aliases: ["frontapp"],
        from: [header("x-front-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{timestamp}:{body}",
        timestamp: { from: [header("x-front-request-timestamp")], unit: Milliseconds, tolerance_s: Some(300), direction: Both },
        dedupe: [json("/payload/id")],
    }
}
