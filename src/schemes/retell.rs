//! Retell AI: `x-retell-signature: v=<ms>,d=<hex>` over the body **followed by** the timestamp, keyed
//! with the Retell API key; 5 minutes either way.
//! Source: RetellAI/retell-typescript-sdk `src/lib/webhook_auth.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, param, value_list};

scheme! {
    /// Retell AI. Source: RetellAI/retell-typescript-sdk `src/lib/webhook_auth.ts`.
    pub static RETELL {
        id: "retell",
        name: "Retell AI",
        aliases: ["retell_ai"],
        from: [header("x-retell-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("d"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}{timestamp}",
        timestamp: { from: [param("v")], unit: Milliseconds, tolerance_s: Some(300), direction: Both },
    }
}
