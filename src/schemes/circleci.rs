//! CircleCI outbound webhooks: `circleci-signature: v1=<hex>[,v2=…]`, HMAC-SHA256 of the body;
//! only `v1` is read (the docs: check only the latest version, to prevent downgrades). The body's
//! `id` identifies the event.
//! Source: circleci/circleci-docs `docs/guides/modules/integration/pages/outbound-webhooks.adoc`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value_list};

scheme! {
    /// CircleCI. Source: circleci/circleci-docs `outbound-webhooks.adoc`.
    pub static CIRCLECI {
        id: "circleci",
        name: "CircleCI",
        from: [header("circleci-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
