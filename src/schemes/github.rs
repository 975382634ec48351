//! GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body, and the legacy SHA-1 header.
//! Source: github/docs `validating-webhook-deliveries.md`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// GitHub (`X-Hub-Signature-256`).
    pub static GITHUB {
        id: "github",
        name: "GitHub",
        family: "github",
        from: [header("x-hub-signature-256")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-github-delivery")],
        detect: [present("x-github-event")],
    }
}

scheme! {
    /// GitHub's legacy `X-Hub-Signature: sha1=<hex>`.
    pub static GITHUB_SHA1 {
        id: "github_sha1",
        name: "GitHub (legacy SHA-1)",
        family: "github",
        from: [header("x-hub-signature")],
        format: value(Some("sha1=")),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-github-delivery")],
        detect: [present("x-github-event")],
    }
}
