//! HubSpot: v3 is base64 HMAC-SHA256 of `{method}{uri}{body}{timestamp}` with a millisecond
//! timestamp (300 s, past only); the legacy v1/v2 are a *plain* SHA-256 of the secret followed
//! by the body (v2 adds method and URI).
//! Source: HubSpot/hubspot-api-nodejs `src/utils/signature.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, detect, header, value};

scheme! {
    /// HubSpot v3.
    pub static HUBSPOT_V3 {
        id: "hubspot_v3",
        name: "HubSpot v3",
        family: "hubspot",
        aliases: ["hubspot"],
        from: [header("x-hubspot-signature-v3")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{method}{url}{body}{timestamp}",
        timestamp: {
            from: [header("x-hubspot-request-timestamp")],
            unit: Milliseconds,
            tolerance_s: Some(300),
            direction: PastOnly,
        },
    }
}

scheme! {
    /// HubSpot legacy v2.
    pub static HUBSPOT_V2 {
        id: "hubspot_v2",
        name: "HubSpot v2 (legacy)",
        family: "hubspot",
        from: [header("x-hubspot-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Sha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{secret}{method}{url}{body}",
        detect: [detect("x-hubspot-signature-version", "v2")],
    }
}

scheme! {
    /// HubSpot legacy v1.
    pub static HUBSPOT_V1 {
        id: "hubspot_v1",
        name: "HubSpot v1 (legacy)",
        family: "hubspot",
        from: [header("x-hubspot-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Sha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{secret}{body}",
        detect: [detect("x-hubspot-signature-version", "v1")],
    }
}
