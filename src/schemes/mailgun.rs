//! Mailgun: the signature lives in the body (`signature.{timestamp,token,signature}` in JSON,
//! or form fields) and covers only `{timestamp}{token}`: **the payload is not authenticated**,
//! so hookgate checks the timestamp (±300 s) and dedupes on the token.
//! Source: mailgun/mailgun-php `src/Api/Webhook.php`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, form, json, value};

scheme! {
    /// Mailgun.
    pub static MAILGUN {
        id: "mailgun",
        name: "Mailgun",
        from: [json("/signature/signature"), form("signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}{id}",
        dangerous_unsigned_body: true,
        timestamp: {
            from: [json("/signature/timestamp"), form("timestamp")],
            unit: Seconds,
            tolerance_s: Some(300),
            direction: Both,
        },
        message_id: [json("/signature/token"), form("token")],
    }
}
