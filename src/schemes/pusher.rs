//! Pusher Channels: `X-Pusher-Signature` = hex HMAC-SHA256 of the raw body with the app secret;
//! `X-Pusher-Key` names the app key (configure that app's secret; several apps = several secrets).
//! Source: pusher/pusher-http-node `lib/webhook.js`, `lib/token.js`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// Pusher Channels. Source: pusher/pusher-http-node `lib/webhook.js`, `lib/token.js`.
    pub static PUSHER {
        id: "pusher",
        name: "Pusher Channels",
        from: [header("x-pusher-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        detect: [present("x-pusher-key")],
    }
}
