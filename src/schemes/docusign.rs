//! DocuSign Connect: `X-DocuSign-Signature-1` … `-N`, one base64 HMAC-SHA256 of the body per active
//! Connect key; any may match. hookgate reads the first five.
//! Source: developers.docusign.com/platform/webhooks/connect/validate.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// DocuSign Connect. Source: developers.docusign.com/platform/webhooks/connect/validate.
    pub static DOCUSIGN {
        id: "docusign",
        name: "DocuSign Connect",
        aliases: ["docusign_connect"],
        from: [header("x-docusign-signature-1"), header("x-docusign-signature-2"), header("x-docusign-signature-3"), header("x-docusign-signature-4"), header("x-docusign-signature-5")],
        from_all: true,
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
