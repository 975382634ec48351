//! LaunchDarkly: `X-LD-Signature` = hex HMAC-SHA256 of the body with the webhook's secret; the body's
//! `_id` identifies the audit-log entry.
//! Source: launchdarkly.com/docs/home/infrastructure/webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// LaunchDarkly. Source: launchdarkly.com/docs/home/infrastructure/webhooks.
    pub static LAUNCHDARKLY {
        id: "launchdarkly",
        name: "LaunchDarkly",
        aliases: ["launch_darkly"],
        from: [header("x-ld-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/_id")],
    }
}
