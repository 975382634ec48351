//! MailerSend: `Signature` = hex HMAC-SHA256 of the raw body with the webhook's signing secret.
//! Source: mailersend/mailersend-nodejs `src/services/mailersend.utils.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// MailerSend. Source: mailersend/mailersend-nodejs `src/services/mailersend.utils.ts`.
    pub static MAILERSEND {
        id: "mailersend",
        name: "MailerSend",
        from: [header("signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
