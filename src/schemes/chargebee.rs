//! Chargebee: HTTP Basic credentials (`Authorization: Basic <base64 of user:password>`); the secret is
//! `user:password`. Nothing is signed. The body's `id` dedupes.
//! Source: chargebee/chargebee-node `src/resources/webhook/auth.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Chargebee. Source: chargebee/chargebee-node `src/resources/webhook/auth.ts`.
    pub static CHARGEBEE {
        id: "chargebee",
        name: "Chargebee",
        aliases: ["chargebee_billing"],
        from: [header("authorization")],
        format: value(Some("Basic ")),
        algorithms: [algorithm(None, Algorithm::Token, Encoding::Base64, RAW_KEY)],
        signed_content: "",
        dangerous_unsigned_body: true,
        dedupe: [json("/id")],
    }
}
