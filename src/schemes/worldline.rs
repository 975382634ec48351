//! Worldline (Global Collect) Connect: `X-GCS-Signature` = base64 HMAC-SHA256 of the raw body;
//! `X-GCS-KeyId` names which secret key (configure every active key as a secret).
//! Source: Worldline-Global-Collect/connect-sdk-nodejs `src/webhooks/validation.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, present, value};

scheme! {
    /// Worldline Connect. Source: Worldline-Global-Collect/connect-sdk-nodejs `src/webhooks/validation.ts`.
    pub static WORLDLINE {
        id: "worldline",
        name: "Worldline Connect",
        aliases: ["worldline_connect"],
        from: [header("x-gcs-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
        detect: [present("x-gcs-keyid")],
    }
}
