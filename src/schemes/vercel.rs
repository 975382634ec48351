//! Vercel: `x-vercel-signature` = bare hex HMAC-SHA1 of the body.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Vercel.
    pub static VERCEL {
        id: "vercel",
        name: "Vercel",
        from: [header("x-vercel-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
