//! Airtable: `X-Airtable-Content-MAC: hmac-sha256=<hex>`, HMAC-SHA256 of the body keyed with the
//! **base64-decoded** `macSecretBase64` returned when the webhook was created. The notification only
//! says that something changed; list the payloads through the API.
//! Source: airtable.com/developers/web/api/webhooks-overview.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value};

scheme! {
    /// Airtable. Source: airtable.com/developers/web/api/webhooks-overview.
    pub static AIRTABLE {
        id: "airtable",
        name: "Airtable",
        from: [header("x-airtable-content-mac")],
        format: value(Some("hmac-sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, key(KeyEncoding::Base64, None, false, None))],
        signed_content: "{body}",
    }
}
