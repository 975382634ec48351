//! Lemon Squeezy: `X-Signature` = hex HMAC-SHA256 of the raw body with the signing secret.
//! Source: docs.lemonsqueezy.com/help/webhooks/signing-requests.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// Lemon Squeezy. Source: docs.lemonsqueezy.com/help/webhooks/signing-requests.
    pub static LEMON_SQUEEZY {
        id: "lemon_squeezy",
        name: "Lemon Squeezy",
        aliases: ["lemonsqueezy"],
        from: [header("x-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        detect: [present("x-event-name")],
    }
}
