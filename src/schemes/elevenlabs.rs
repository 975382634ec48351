//! ElevenLabs: `ElevenLabs-Signature: t=<unix>,v0=<hex>` over `{t}.{body}`; 30 minutes, past only.
//! Source: elevenlabs/elevenlabs-js `src/wrapper/webhooks.ts` (`constructEvent`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, param, value_list};

scheme! {
    /// ElevenLabs. Source: elevenlabs/elevenlabs-js `src/wrapper/webhooks.ts` (`constructEvent`).
    pub static ELEVENLABS {
        id: "elevenlabs",
        name: "ElevenLabs",
        aliases: ["eleven_labs"],
        from: [header("elevenlabs-signature")],
        format: value_list(',', '='),
        algorithms: [algorithm(Some("v0"), Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{timestamp}.{body}",
        timestamp: { from: [param("t")], unit: Seconds, tolerance_s: Some(1800), direction: PastOnly },
    }
}
