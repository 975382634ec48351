//! Discord interactions: Ed25519 over `{timestamp}{body}` (no separator), hex signature and
//! hex public key. Source: discord/discord-interactions-js `src/index.ts`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, json, key, value};

scheme! {
    /// Discord interactions.
    pub static DISCORD {
        id: "discord",
        name: "Discord",
        from: [header("x-signature-ed25519")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Ed25519, Encoding::Hex, key(KeyEncoding::Hex, None, false, None))],
        signed_content: "{timestamp}{body}",
        timestamp: { from: [header("x-signature-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
        dedupe: [json("/id")],
    }
}
