//! WorkOS: `WorkOS-Signature: t=<ms>, v1=<hex>` over `{t}.{body}` with a millisecond timestamp;
//! 180 s, past only.
//! Source: workos/workos-node `src/common/crypto/signature-provider.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, param, value_list};

scheme! {
    /// WorkOS. Source: workos/workos-node `src/common/crypto/signature-provider.ts`.
    pub static WORKOS {
        id: "workos",
        name: "WorkOS",
        from: [header("workos-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Milliseconds, tolerance_s: Some(180), direction: PastOnly },
        dedupe: [json("/id")],
    }
}
