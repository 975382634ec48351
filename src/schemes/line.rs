//! LINE Messaging API: `x-line-signature` = base64 HMAC-SHA256 of the raw body with the channel secret.
//! Source: line/line-bot-sdk-nodejs `lib/validate-signature.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// LINE Messaging API. Source: line/line-bot-sdk-nodejs `lib/validate-signature.ts`.
    pub static LINE {
        id: "line",
        name: "LINE Messaging API",
        aliases: ["line_messaging"],
        from: [header("x-line-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
