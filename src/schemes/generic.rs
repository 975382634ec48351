//! The commonest do-it-yourself pattern, `sha256=<hex>` HMAC of the raw body in a header of
//! your choice, and the two platforms that use it: Verk (`X-Verk-Signature`) and VEM
//! (`X-Webhook-Signature`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, present, value};

scheme! {
    /// Generic `X-Webhook-Signature: sha256=<hex>`; change the header with
    /// [`SchemeSpec::with_signature_header`](crate::spec::SchemeSpec::with_signature_header).
    pub static GENERIC_HMAC_SHA256 {
        id: "generic_hmac_sha256",
        name: "Generic HMAC-SHA256",
        from: [header("x-webhook-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}

scheme! {
    /// Verk: `X-Verk-Signature: sha256=<hex>`, dedupe on the body's `deliveryId`.
    pub static VERK {
        id: "verk",
        name: "Verk",
        from: [header("x-verk-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        dedupe: [json("/deliveryId")],
    }
}

scheme! {
    /// VEM: `X-Webhook-Signature: sha256=<hex>`, dedupe on `X-Webhook-Delivery`.
    pub static VEM {
        id: "vem",
        name: "VEM",
        from: [header("x-webhook-signature")],
        format: value(Some("sha256=")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-webhook-delivery")],
        detect: [present("x-webhook-delivery")],
    }
}
