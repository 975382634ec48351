//! Webex: `X-Spark-Signature` = hex **HMAC-SHA1** of the body with the webhook's secret.
//! Source: developer.webex.com/blog/using-a-webhook-secret.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Webex. Source: developer.webex.com/blog/using-a-webhook-secret.
    pub static WEBEX {
        id: "webex",
        name: "Webex",
        aliases: ["cisco_webex", "cisco_spark"],
        from: [header("x-spark-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
