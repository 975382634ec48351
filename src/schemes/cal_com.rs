//! Cal.com: `X-Cal-Signature-256` = hex HMAC-SHA256 of the raw body with the webhook's secret.
//! Source: cal.com/docs (apps and integrations: webhooks).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Cal.com. Source: cal.com/docs (apps and integrations: webhooks).
    pub static CAL_COM {
        id: "cal_com",
        name: "Cal.com",
        aliases: ["calcom", "cal"],
        from: [header("x-cal-signature-256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
