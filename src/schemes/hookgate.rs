//! hookgate's own signatures: what its gateway sends the origin with every forward (see
//! [`crate::forwarded`]). Not a provider, so not in [`super::all`].

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value_list};

scheme! {
    /// The gateway's body signature: Standard Webhooks under the `hookgate-webhook-*` names
    /// (the `webhook-*` ones already carry a Standard Webhooks provider's own signature).
    pub static HOOKGATE {
        id: "hookgate",
        name: "hookgate gateway",
        from: [header("hookgate-webhook-signature")],
        format: value_list(' ', ','),
        algorithms: [
            algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("whsec_"), false, None)),
            algorithm(Some("v1a"), Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, Some("whpk_"), true, Some("whsk_"))),
        ],
        signed_content: "{id}.{timestamp}.{body}",
        timestamp: { from: [header("hookgate-webhook-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        message_id: [header("hookgate-webhook-id")],
    }
}

scheme! {
    /// The gateway's metadata signature: the same keys over
    /// [`metadata_content`](crate::forwarded::metadata_content), given as the body.
    pub static HOOKGATE_METADATA {
        id: "hookgate_metadata",
        name: "hookgate gateway metadata",
        from: [header("hookgate-metadata-signature")],
        format: value_list(' ', ','),
        algorithms: [
            algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, Some("whsec_"), false, None)),
            algorithm(Some("v1a"), Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, Some("whpk_"), true, Some("whsk_"))),
        ],
        signed_content: "{body}",
    }
}
