//! Checkout.com: `Cko-Signature` = hex HMAC-SHA256 of the raw body with the workflow's webhook
//! signature key; the body's `id` identifies the event.
//! Source: checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Checkout.com. Source: checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver.
    pub static CHECKOUT_COM {
        id: "checkout_com",
        name: "Checkout.com",
        aliases: ["checkout"],
        from: [header("cko-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
