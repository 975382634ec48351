//! Twilio SendGrid Event Webhook: ECDSA P-256/SHA-256 over `{timestamp}{body}`, DER signature
//! in base64, base64 SPKI public key. Official signatures are high-S and must verify. Bodies
//! end with CRLF; stripping it breaks the signature. No default age check: SendGrid retries
//! for up to 72 hours. Source: sendgrid/sendgrid-nodejs `packages/eventwebhook/src/eventwebhook.js`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value};

scheme! {
    /// SendGrid.
    pub static SENDGRID {
        id: "sendgrid",
        name: "SendGrid",
        from: [header("x-twilio-email-event-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::EcdsaP256Sha256, Encoding::Base64, key(KeyEncoding::SpkiBase64, None, false, None))],
        signed_content: "{timestamp}{body}",
        timestamp: { from: [header("x-twilio-email-event-webhook-timestamp")], unit: Seconds, tolerance_s: None, direction: Both },
    }
}
