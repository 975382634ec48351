//! Typeform: `Typeform-Signature: sha256=<base64>` HMAC-SHA256 of the body.
//! Source: typeform.com/developers "Secure your webhooks".

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Typeform.
    pub static TYPEFORM {
        id: "typeform",
        name: "Typeform",
        from: [header("typeform-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/event_id")],
    }
}
