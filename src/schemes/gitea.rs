//! Gitea: `X-Gitea-Signature` = hex HMAC-SHA256 of the payload with the webhook secret;
//! `X-Gitea-Delivery` is the delivery's UUID. (Gitea also sends `X-Hub-Signature-256`, GitHub's
//! header, with the same MAC.)
//! Source: go-gitea/gitea `services/webhook/deliver.go`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Gitea. Source: go-gitea/gitea `services/webhook/deliver.go`.
    pub static GITEA {
        id: "gitea",
        name: "Gitea",
        from: [header("x-gitea-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-gitea-delivery")],
    }
}
