//! Okta event hooks: the authorization header configured on the hook carries your secret as its value
//! (for another header name, set the signature header); nothing is signed. The body's `eventId` dedupes.
//! Source: okta/okta-developer-docs `packages/@okta/vuepress-site/docs/concepts/event-hooks/index.md`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Okta Event Hooks. Source: okta/okta-developer-docs `packages/@okta/vuepress-site/docs/concepts/event-hooks/index.md`.
    pub static OKTA {
        id: "okta",
        name: "Okta Event Hooks",
        aliases: ["okta_event_hooks"],
        from: [header("authorization")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Token, Encoding::Text, RAW_KEY)],
        signed_content: "",
        dangerous_unsigned_body: true,
        dedupe: [json("/eventId")],
    }
}
