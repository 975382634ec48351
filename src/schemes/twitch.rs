//! Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=<hex>`, HMAC-SHA256 of the message id,
//! the RFC 3339 timestamp and the body, with no separators; 10 minutes, past only; the message id
//! dedupes. A `webhook_callback_verification` message must be answered with its `challenge`.
//! Source: twitchdev/twitch-cli `internal/events/trigger/forward_event.go` (`getSignatureHeader`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Twitch EventSub. Source: twitchdev/twitch-cli `internal/events/trigger/forward_event.go`.
    pub static TWITCH {
        id: "twitch",
        name: "Twitch EventSub",
        aliases: ["twitch_eventsub"],
        from: [header("twitch-eventsub-message-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{id}{timestamp}{body}",
        timestamp: { from: [header("twitch-eventsub-message-timestamp")], unit: Rfc3339, tolerance_s: Some(600), direction: PastOnly },
        message_id: [header("twitch-eventsub-message-id")],
    }
}
