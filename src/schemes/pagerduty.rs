//! PagerDuty v3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]` over the body; the secret looks
//! like base64 but is used as-is. Source: PagerDuty/go-pagerduty `webhookv3/webhookv3.go`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value_list};

scheme! {
    /// PagerDuty v3.
    pub static PAGERDUTY {
        id: "pagerduty",
        name: "PagerDuty",
        from: [header("x-pagerduty-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/event/id")],
    }
}
