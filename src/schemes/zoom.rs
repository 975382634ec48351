//! Zoom: `x-zm-signature: v0=<hex>` over `v0:{ts}:{body}` (the raw body: Zoom's own SDK
//! re-serialises JSON, which breaks on any formatting difference).
//! Source: zoom/rivet-javascript `accounts/accounts.mjs`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Zoom.
    pub static ZOOM {
        id: "zoom",
        name: "Zoom",
        from: [header("x-zm-signature")],
        format: value(Some("v0=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "v0:{timestamp}:{body}",
        timestamp: { from: [header("x-zm-request-timestamp")], unit: Seconds, tolerance_s: Some(300), direction: Both },
    }
}
