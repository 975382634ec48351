//! Heroku app webhooks: `Heroku-Webhook-Hmac-SHA256` = base64 HMAC-SHA256 of the body with the
//! subscription's secret; the body's `id` identifies the event.
//! Source: devcenter.heroku.com/articles/app-webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Heroku. Source: devcenter.heroku.com/articles/app-webhooks.
    pub static HEROKU {
        id: "heroku",
        name: "Heroku",
        from: [header("heroku-webhook-hmac-sha256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
