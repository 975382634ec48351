//! Box: `BOX-SIGNATURE-PRIMARY` and `BOX-SIGNATURE-SECONDARY`, each the base64 HMAC-SHA256 of the body
//! followed by `BOX-DELIVERY-TIMESTAMP` (RFC 3339) under the primary or the secondary key; either
//! may match (configure both keys while rotating). 10 minutes, past only. `BOX-DELIVERY-ID` changes
//! on every retry, so the body's `id` is the dedupe key.
//! Source: box/box-node-sdk `src/managers/webhooks.ts` (`validateMessage`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, detect, header, json, value};

scheme! {
    /// Box. Source: box/box-node-sdk `src/managers/webhooks.ts`.
    pub static BOX {
        id: "box",
        name: "Box",
        from: [header("box-signature-primary"), header("box-signature-secondary")],
        from_all: true,
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}{timestamp}",
        timestamp: { from: [header("box-delivery-timestamp")], unit: Rfc3339, tolerance_s: Some(600), direction: PastOnly },
        dedupe: [json("/id")],
        detect: [detect("box-signature-version", "1"), detect("box-signature-algorithm", "HmacSHA256")],
    }
}
