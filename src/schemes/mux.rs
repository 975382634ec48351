//! Mux: `Mux-Signature: t=<unix>,v1=<hex>[,v1=…]` over `{t}.{body}`, 300 s, past only.
//! Source: muxinc/mux-node-sdk `src/resources/webhooks/webhooks.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, param, value_list};

scheme! {
    /// Mux. Source: muxinc/mux-node-sdk `src/resources/webhooks/webhooks.ts`.
    pub static MUX {
        id: "mux",
        name: "Mux",
        from: [header("mux-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Seconds, tolerance_s: Some(300), direction: PastOnly },
        dedupe: [json("/id")],
    }
}
