//! Forgejo: `X-Forgejo-Signature` = hex HMAC-SHA256 of the payload with the webhook secret;
//! `X-Forgejo-Delivery` is the delivery's UUID. (Forgejo also sends Gitea's and GitHub's headers.)
//! Source: forgejo `services/webhook/deliver.go` (`AddDefaultHeaders`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Forgejo. Source: forgejo `services/webhook/deliver.go` (`AddDefaultHeaders`).
    pub static FORGEJO {
        id: "forgejo",
        name: "Forgejo",
        from: [header("x-forgejo-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-forgejo-delivery")],
    }
}
