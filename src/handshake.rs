//! Provider handshakes answered at the edge after verification: Slack `url_verification`,
//! Zoom `endpoint.url_validation`, Discord `PING`. They arrive signed like any event, so they
//! are answered only for a [`Verified`] request, and never forwarded to the origin.

use alloc::string::String;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::encoding;
use crate::json;
use crate::verify::Verified;

/// The response a provider expects to a handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Handshake {
    /// The response body.
    pub body: String,
    /// Its content type.
    pub content_type: &'static str,
}

/// The handshake response `verified` asks for, if it is a handshake. `secret` is the scheme's
/// secret as configured (Zoom answers with an HMAC of its challenge under that secret).
#[must_use]
pub fn respond(verified: &Verified<'_>, secret: &str) -> Option<Handshake> {
    let body = verified.body();
    let field = |pointer: &str| json::value(body, pointer);
    match verified.scheme() {
        "slack" if field("/type").as_deref() == Some("url_verification") => {
            let challenge = field("/challenge")?;
            Some(Handshake {
                body: json_object(&[("challenge", &challenge)]),
                content_type: "application/json",
            })
        }
        "zoom" if field("/event").as_deref() == Some("endpoint.url_validation") => {
            let plain = field("/payload/plainToken")?;
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(plain.as_bytes());
            let encrypted = encoding::hex_encode(&mac.finalize().into_bytes());
            Some(Handshake {
                body: json_object(&[("plainToken", &plain), ("encryptedToken", &encrypted)]),
                content_type: "application/json",
            })
        }
        "discord" if field("/type").as_deref() == Some("1") => Some(Handshake {
            body: String::from(r#"{"type":1}"#),
            content_type: "application/json",
        }),
        _ => None,
    }
}

/// A flat JSON object of string values.
fn json_object(fields: &[(&str, &str)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (String::from(*k), serde_json::Value::from(*v)))
        .collect();
    serde_json::to_string(&serde_json::Value::Object(map)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Request, UnixTime, Verifier, VerifyOptions, schemes, sign};

    fn verified_respond(
        scheme: &'static crate::spec::SchemeSpec,
        secret: &str,
        body: &[u8],
    ) -> Option<Handshake> {
        let input = sign::SignInput::new(body).with_timestamp(UnixTime::from_secs(100));
        let signed = sign::sign(scheme, secret, &input).unwrap();
        let v = Verifier::new(scheme, &[secret]).unwrap();
        let ok = v
            .verify(
                &Request::new(&signed.headers, body),
                &VerifyOptions::at(UnixTime::from_secs(100)),
            )
            .unwrap();
        respond(&ok, secret)
    }

    #[test]
    fn slack_challenge() {
        let body = br#"{"token":"t","challenge":"3eZbrw1aB","type":"url_verification"}"#;
        let h = verified_respond(&schemes::SLACK, "s", body).unwrap();
        assert_eq!(h.body, r#"{"challenge":"3eZbrw1aB"}"#);
    }

    #[test]
    fn zoom_validation() {
        let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#;
        let h = verified_respond(&schemes::ZOOM, "secret", body).unwrap();
        let v: serde_json::Value = serde_json::from_str(&h.body).unwrap();
        assert_eq!(v["plainToken"], "qgg8vlvZRS6UYooatFL8Aw");
        assert_eq!(v["encryptedToken"].as_str().unwrap().len(), 64);
        assert!(
            verified_respond(&schemes::ZOOM, "secret", br#"{"event":"meeting.started"}"#).is_none()
        );
    }
}
