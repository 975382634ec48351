//! Webflow: `X-Webflow-Signature` = hex HMAC-SHA256 of `{timestamp}:{body}`, keyed with the OAuth
//! app's client secret; `X-Webflow-Timestamp` is in milliseconds; 5 minutes, past only. (Webhooks
//! made from a site's dashboard are not signed.)
//! Source: developers.webflow.com/docs/verifying-webhook-signatures.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Webflow. Source: developers.webflow.com/docs/verifying-webhook-signatures.
    pub static WEBFLOW {
        id: "webflow",
        name: "Webflow",
        from: [header("x-webflow-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}:{body}",
        timestamp: { from: [header("x-webflow-timestamp")], unit: Milliseconds, tolerance_s: Some(300), direction: PastOnly },
    }
}
