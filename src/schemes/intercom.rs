//! Intercom: `X-Hub-Signature: sha1=<hex>` of the body, keyed with the app's client secret.
//! Source: developers.intercom.com "Signed notifications".

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Intercom.
    pub static INTERCOM {
        id: "intercom",
        name: "Intercom",
        from: [header("x-hub-signature")],
        format: value(Some("sha1=")),
        algorithms: [algorithm(None, Algorithm::HmacSha1, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
