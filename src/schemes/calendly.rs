//! Calendly: `Calendly-Webhook-Signature: t=<unix>,v1=<hex>` over `{t}.{body}`, 3 minutes.
//! Source: developer.calendly.com "Webhook signatures".

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, param, value_list};

scheme! {
    /// Calendly.
    pub static CALENDLY {
        id: "calendly",
        name: "Calendly",
        from: [header("calendly-webhook-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Seconds, tolerance_s: Some(180), direction: PastOnly },
    }
}
