//! Paystack: `x-paystack-signature` = hex **HMAC-SHA512** of the body, keyed with the secret API key.
//! Source: PaystackOSS/doc-code-snippets `src/doc/payments/webhooks/verifying-transaction/`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Paystack. Source: PaystackOSS/doc-code-snippets `src/doc/payments/webhooks/verifying-transaction/`.
    pub static PAYSTACK {
        id: "paystack",
        name: "Paystack",
        from: [header("x-paystack-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha512, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
