//! Slack: `X-Slack-Signature: v0=<hex>` over `v0:{ts}:{body}`; ±300 s as python-slack-sdk
//! (bolt-js checks the past only). Source: slackapi/python-slack-sdk `slack_sdk/signature/__init__.py`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Slack.
    pub static SLACK {
        id: "slack",
        name: "Slack",
        from: [header("x-slack-signature")],
        format: value(Some("v0=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "v0:{timestamp}:{body}",
        timestamp: { from: [header("x-slack-request-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        dedupe: [json("/event_id")],
    }
}
