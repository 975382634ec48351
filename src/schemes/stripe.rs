//! Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…][,v0=…]` over `{t}.{body}`. The secret is
//! used as raw bytes *including* `whsec_`. `v0` is ignored; future timestamps are accepted, as
//! in every Stripe SDK. Source: stripe/stripe-node `src/Webhooks.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, param, value_list};

scheme! {
    /// Stripe.
    pub static STRIPE {
        id: "stripe",
        name: "Stripe",
        from: [header("stripe-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v1"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Seconds, tolerance_s: Some(300), direction: PastOnly },
        dedupe: [json("/id")],
    }
}
