//! Mailgun: the signature lives in the body (`signature.{timestamp,token,signature}` in JSON,
//! or form fields) and covers only `{timestamp}{token}`: **the payload is not authenticated**,
//! so hookgate dedupes on the token (signed, single use) and keeps the timestamp window tight
//! (±60 s; Mailgun warns of processing delays, so not tighter).
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
            tolerance_s: Some(60),
            direction: Both,
        },
        message_id: [json("/signature/token"), form("token")],
    }
}
