//! Dropbox: `X-Dropbox-Signature` = hex HMAC-SHA256 of the entire body with the app secret. The
//! notification only lists accounts; fetch the changes through the API. The handshake is a GET that
//! echoes `challenge`.
//! Source: dropbox.com/developers/reference/webhooks.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Dropbox. Source: dropbox.com/developers/reference/webhooks.
    pub static DROPBOX {
        id: "dropbox",
        name: "Dropbox",
        from: [header("x-dropbox-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
    }
}
