//! GitLab: `X-Gitlab-Token` carries the webhook's secret token itself, compared in constant time;
//! nothing is signed. (GitLab's newer signing token sends Standard Webhooks: use `standard_webhooks`.)
//! Source: docs.gitlab.com (user/project/integrations/webhooks: validate payloads by using a secret token).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// GitLab. Source: docs.gitlab.com (user/project/integrations/webhooks: validate payloads by using a secret token).
    pub static GITLAB {
        id: "gitlab",
        name: "GitLab",
        from: [header("x-gitlab-token")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Token, Encoding::Text, RAW_KEY)],
        signed_content: "",
        dangerous_unsigned_body: true,
        detect: [present("x-gitlab-event")],
    }
}
