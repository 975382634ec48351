//! Telnyx: Ed25519 over `{timestamp}|{body}`; the signature is base64 in `telnyx-signature-ed25519`,
//! the timestamp in `telnyx-timestamp` (±300 s), the public key base64 (Mission Control).
//! Source: team-telnyx/telnyx-node `src/lib/webhooks.ts`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, json, key, value};

scheme! {
    /// Telnyx (Ed25519). Source: team-telnyx/telnyx-node `src/lib/webhooks.ts`.
    pub static TELNYX {
        id: "telnyx",
        name: "Telnyx",
        from: [header("telnyx-signature-ed25519")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Ed25519, Encoding::Base64, key(KeyEncoding::Base64, None, false, None))],
        signed_content: "{timestamp}|{body}",
        timestamp: { from: [header("telnyx-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        dedupe: [json("/data/id")],
    }
}
