//! Datasaur: `X-Datasaur-Signature` = hex HMAC-SHA256 of the body with the secret given when the
//! webhook was registered.
//! Source: docs.datasaur.ai/integrations/webhook-notifications/webhook-signature.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Datasaur. Source: docs.datasaur.ai/integrations/webhook-notifications/webhook-signature.
    pub static DATASAUR {
        id: "datasaur",
        name: "Datasaur",
        from: [header("x-datasaur-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
