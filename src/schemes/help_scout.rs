//! Help Scout: `X-HelpScout-Signature` = base64 **HMAC-SHA1** of the body with the webhook secret.
//! Source: helpscout/helpscout-api-php `src/Webhooks/IncomingWebhook.php`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Help Scout. Source: helpscout/helpscout-api-php `src/Webhooks/IncomingWebhook.php`.
    pub static HELP_SCOUT {
        id: "help_scout",
        name: "Help Scout",
        aliases: ["helpscout"],
        from: [header("x-helpscout-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
