//! Adyen Balance Platform and Management webhooks: `HmacSignature` = base64 HMAC-SHA256 of the raw
//! body, keyed with the **hex-decoded** HMAC key. (Adyen's classic notifications sign fields of each
//! item instead: a different scheme.)
//! Source: Adyen/adyen-node-api-library `src/utils/hmacValidator.ts` (`validateHMACSignature`).

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, key, value};

scheme! {
    /// Adyen platform webhooks. Source: Adyen/adyen-node-api-library `src/utils/hmacValidator.ts` (`validateHMACSignature`).
    pub static ADYEN_PLATFORM {
        id: "adyen_platform",
        name: "Adyen platform webhooks",
        aliases: ["adyen_balance_platform", "adyen_management"],
        from: [header("hmacsignature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Hex, None, false, None))],
        signed_content: "{body}",
    }
}
