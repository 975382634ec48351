//! Stream Chat: `X-Signature` = hex HMAC-SHA256 of the raw body with the app's API secret;
//! `X-Webhook-Id` identifies the delivery.
//! Source: GetStream/stream-chat-js `src/signing.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Stream Chat. Source: GetStream/stream-chat-js `src/signing.ts`.
    pub static STREAM_CHAT {
        id: "stream_chat",
        name: "Stream Chat",
        aliases: ["getstream"],
        from: [header("x-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-webhook-id")],
    }
}
