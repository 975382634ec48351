//! Trello: `X-Trello-Webhook` = base64 **HMAC-SHA1** of the body followed by the callback URL,
//! exactly as registered, keyed with the application's OAuth secret.
//! Source: developers.trello.com/page/webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Trello. Source: developers.trello.com/page/webhooks.
    pub static TRELLO {
        id: "trello",
        name: "Trello",
        from: [header("x-trello-webhook")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}{url}",
        dedupe: [json("/action/id")],
    }
}
