//! Plivo's V2 signature: `X-Plivo-Signature-V2` = base64 HMAC-SHA256 of the callback URL **without
//! its query** followed by `X-Plivo-Signature-V2-Nonce`, keyed with the auth token. The body is
//! not signed, and the URL must be given without its query.
//! Source: plivo/plivo-node `lib/utils/security.js` (`validateSignature`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Plivo (V2). Source: plivo/plivo-node `lib/utils/security.js`.
    pub static PLIVO_V2 {
        id: "plivo_v2",
        name: "Plivo (V2 signature)",
        from: [header("x-plivo-signature-v2")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{url}{id}",
        dangerous_unsigned_body: true,
        message_id: [header("x-plivo-signature-v2-nonce")],
    }
}
