//! Todoist: `X-Todoist-Hmac-SHA256` = base64 HMAC-SHA256 of the body, keyed with the app's OAuth
//! client secret.
//! Source: Doist/todoist-sdk-typescript `src/utils/webhook-parser.ts`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Todoist. Source: Doist/todoist-sdk-typescript `src/utils/webhook-parser.ts`.
    pub static TODOIST {
        id: "todoist",
        name: "Todoist",
        from: [header("x-todoist-hmac-sha256")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
    }
}
