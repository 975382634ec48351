//! Microsoft Teams outgoing webhooks: `Authorization: HMAC <base64>`, HMAC-SHA256 of the body keyed
//! with the **base64-decoded** security token Teams shows when the webhook is created.
//! Source: OfficeDev/Microsoft-Teams-Samples `samples/outgoing-webhook/nodejs/app.js`.

use crate::spec::{Algorithm, Encoding, KeyEncoding};

use super::{algorithm, header, json, key, value};

scheme! {
    /// Microsoft Teams outgoing webhooks. Source: OfficeDev/Microsoft-Teams-Samples `samples/outgoing-webhook/nodejs/app.js`.
    pub static MICROSOFT_TEAMS {
        id: "microsoft_teams",
        name: "Microsoft Teams outgoing webhooks",
        aliases: ["teams", "ms_teams"],
        from: [header("authorization")],
        format: value(Some("HMAC ")),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, key(KeyEncoding::Base64, None, false, None))],
        signed_content: "{body}",
        dedupe: [json("/id")],
    }
}
