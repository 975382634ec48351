//! Issue 13 in the core: what a verified request's signature covers (`body_signed`,
//! `dedupe_key_signed`, `timestamp_signed`), the replay key, a route's own dedupe key, the
//! specs refused for leaving the body unsigned, and the bounded cost of forged signatures.
//! The shared cases are `tests/vectors/dedupe/replays.json` (also run by the JS and Worker
//! suites).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine as _;
use hookgate::dedupe::KeyTemplate;
use hookgate::spec::SchemeSpec;
use hookgate::{
    MAX_SIGNATURE_CHECKS, MAX_SIGNATURES, Request, UnixTime, Verifier, VerifyError, VerifyOptions,
    schemes,
};
use serde_json::Value;

fn body(req: &Value) -> Vec<u8> {
    match req.get("body_b64").and_then(Value::as_str) {
        Some(b64) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
        None => req["body"].as_str().unwrap().as_bytes().to_vec(),
    }
}

fn headers(req: &Value) -> Vec<(String, String)> {
    req["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// The facts of one request, in the file's `expect` shape.
fn facts(verifier: &Verifier, req: &Value) -> Value {
    let (h, b) = (headers(req), body(req));
    let mut request = Request::new(&h, &b);
    if let Some(url) = req.get("url").and_then(Value::as_str) {
        request = request.with_url(url);
    }
    let now = match req.get("now_ms").and_then(Value::as_i64) {
        Some(ms) => UnixTime::from_millis(ms),
        None => UnixTime::from_secs(req["now"].as_i64().unwrap()),
    };
    let v = verifier
        .verify(&request, &VerifyOptions::at(now))
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::json!({
        "body_signed": v.body_signed(),
        "dedupe_key_signed": v.dedupe_key_signed(),
        "timestamp_signed": v.timestamp_signed(),
        "dedupe_key": v.dedupe_key().to_string(),
        "replay_key": v.replay_key().map(|k| k.to_string()),
    })
}

#[test]
fn shared_replay_cases() {
    let text = include_str!("vectors/dedupe/replays.json");
    let file: Value = serde_json::from_str(text).unwrap();
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let req = &case["request"];
        let secrets: Vec<&str> = req["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let mut verifier =
            Verifier::for_scheme(case["scheme"].as_str().unwrap(), &secrets).unwrap();
        if let Some(t) = case.get("dedupe_key_template") {
            verifier = verifier
                .with_dedupe_key(KeyTemplate::from_value(t).unwrap())
                .unwrap();
        }
        assert_eq!(facts(&verifier, req), case["expect"], "{name}");
        if let Some(again) = case.get("again") {
            let second = facts(&verifier, &again["request"]);
            assert_eq!(
                second["dedupe_key"], again["expect"]["dedupe_key"],
                "{name}"
            );
            assert_eq!(
                second["replay_key"], again["expect"]["replay_key"],
                "{name}"
            );
            // A duplicate for a gateway: the same key, or (the key not signed) the same replay key.
            let first = &case["expect"];
            let duplicate = second["dedupe_key"] == first["dedupe_key"]
                || (first["dedupe_key_signed"] == false
                    && !first["replay_key"].is_null()
                    && second["replay_key"] == first["replay_key"]);
            assert!(duplicate, "{name}: the second request is not a duplicate");
        }
    }
}

const SPEC: &str = r#"{
  "id": "acme",
  "signature": {
    "from": [{ "header": "x-acme-signature" }],
    "format": { "kind": "value" },
    "algorithms": [{ "algorithm": "hmac_sha256", "encoding": "hex" }]
  },
  "signed_content": "CONTENT"
}"#;

#[test]
fn specs_that_leave_the_body_unsigned_must_say_so() {
    let spec = |content: &str, extra: &str| {
        let json = SPEC.replace("CONTENT", content);
        let json = json.replacen('{', &format!("{{{extra}"), 1);
        SchemeSpec::from_json(&json)
    };
    for content in ["v1", "{url}", "{timestamp}"] {
        let e = spec(content, "").unwrap_err();
        assert_eq!(e.code(), "invalid_spec", "{content:?}");
        let expected = match content {
            "{timestamp}" => "the spec has no timestamp",
            _ => "does not sign {body}",
        };
        assert!(e.to_string().contains(expected), "{e}");
    }
    let ok = spec("{url}", r#""dangerous_unsigned_body": true,"#).unwrap();
    assert!(ok.dangerous_unsigned_body);
    let e = spec("{body}", r#""dangerous_unsigned_body": true,"#).unwrap_err();
    assert!(e.to_string().contains("remove the flag"), "{e}");
    assert!(spec("{body}", "").is_ok());

    // Such a spec verifies, and says what it covers.
    let verifier = Verifier::custom(ok, &["k"]).unwrap();
    let url = "https://h.example/hook";
    let tag = hmac_hex(b"k", url.as_bytes());
    let headers = [("x-acme-signature", tag.as_str())];
    let now = VerifyOptions::at(UnixTime::from_secs(1));
    let v = verifier
        .verify(&Request::new(&headers, b"anything").with_url(url), &now)
        .unwrap();
    assert!(!v.body_signed() && !v.dedupe_key_signed());
    assert_eq!(
        v.replay_key().unwrap().as_bytes(),
        &sha256(url.as_bytes()),
        "the replay key is the digest of the URL, not of the body"
    );
}

#[test]
fn scheme_ids_are_header_safe() {
    for id in ["x\ny", "✓", "Acme", "a-b", "", &"a".repeat(65)] {
        let json = SPEC
            .replace("CONTENT", "{body}")
            .replace(r#""acme""#, &serde_json::to_string(id).unwrap());
        let e = SchemeSpec::from_json(&json).unwrap_err();
        assert!(e.to_string().contains("a-z, 0-9 and _"), "{id:?}: {e}");
    }
    let json = SPEC
        .replace("CONTENT", "{body}")
        .replace(r#""acme""#, &format!("{:?}", "a_9".repeat(21)));
    assert!(SchemeSpec::from_json(&json).is_ok());
}

fn hmac_hex(key: &[u8], content: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(content);
    hex(&mac.finalize().into_bytes())
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_route_key_template_joins_values_and_falls_back() {
    let secret = "It's a Secret to Everybody";
    let body = br#"{"data":{"verification_id":"ver_1"},"type":"completed"}"#;
    let sig = format!("sha256={}", hmac_hex(secret.as_bytes(), body));
    let headers = [
        ("x-hub-signature-256", sig.as_str()),
        ("x-github-delivery", "d-1"),
    ];
    let now = VerifyOptions::at(UnixTime::from_secs(1));
    let key = KeyTemplate::from_alternatives(&[
        "{json:/nope}",
        "{json:/data/verification_id}:{json:/type}",
    ])
    .unwrap();
    let verifier = Verifier::new(&schemes::GITHUB, &[secret])
        .unwrap()
        .with_dedupe_key(key)
        .unwrap();
    let v = verifier
        .verify(&Request::new(&headers, body), &now)
        .unwrap();
    assert_eq!(v.dedupe_key().to_string(), "ver_1:completed");
    assert!(v.dedupe_key_signed(), "read from the signed body");
    assert_eq!(v.id(), Some("d-1"), "the id stays the provider's");

    // No alternative complete: the scheme's own (unsigned) key.
    let other = br#"{"type":"completed"}"#;
    let sig = format!("sha256={}", hmac_hex(secret.as_bytes(), other));
    let headers = [
        ("x-hub-signature-256", sig.as_str()),
        ("x-github-delivery", "d-1"),
    ];
    let v = verifier
        .verify(&Request::new(&headers, other), &now)
        .unwrap();
    assert_eq!(v.dedupe_key().to_string(), "d-1");
    assert!(!v.dedupe_key_signed());

    // The template's header is read (and named, for callers that pass only what is read).
    let key = KeyTemplate::parse("{header:X-Request-Id}").unwrap();
    let verifier = Verifier::new(&schemes::GITHUB, &[secret])
        .unwrap()
        .with_dedupe_key(key)
        .unwrap();
    assert!(verifier.header_names().any(|h| h == "x-request-id"));
    let headers = [
        ("x-hub-signature-256", sig.as_str()),
        ("x-request-id", "r-7"),
    ];
    let v = verifier
        .verify(&Request::new(&headers, other), &now)
        .unwrap();
    assert_eq!(
        (v.dedupe_key().to_string().as_str(), v.dedupe_key_signed()),
        ("r-7", false)
    );

    // {param:…} needs a list header; Stripe's signed `t` is a covered source.
    let e = Verifier::new(&schemes::GITHUB, &[secret])
        .unwrap()
        .with_dedupe_key(KeyTemplate::parse("{param:t}").unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "invalid_dedupe_key");
    let stripe = Verifier::new(&schemes::STRIPE, &["whsec_x"])
        .unwrap()
        .with_dedupe_key(KeyTemplate::parse("t{param:t}").unwrap())
        .unwrap();
    let content = b"1700000000.{}";
    let sig = format!("t=1700000000,v1={}", hmac_hex(b"whsec_x", content));
    let headers = [("stripe-signature", sig.as_str())];
    let v = stripe
        .verify(
            &Request::new(&headers, b"{}"),
            &VerifyOptions::at(UnixTime::from_secs(1_700_000_000)),
        )
        .unwrap();
    assert_eq!(v.dedupe_key().to_string(), "t1700000000");
    assert!(v.dedupe_key_signed() && v.timestamp_signed());
}

/// A Standard Webhooks header of `n` Ed25519 (`v1a`) entries, none valid.
fn ed25519_header(n: usize) -> String {
    let fake = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
    vec![format!("v1a,{fake}"); n].join(" ")
}

#[test]
fn forged_signature_lists_are_refused_unchecked() {
    let key = format!(
        "whpk_{}",
        base64::engine::general_purpose::STANDARD.encode(
            ed25519_dalek::SigningKey::from_bytes(&[1; 32])
                .verifying_key()
                .as_bytes()
        )
    );
    let verifier = Verifier::new(&schemes::STANDARD_WEBHOOKS, &[key.as_str()]).unwrap();
    let now = VerifyOptions::at(UnixTime::from_secs(1_700_000_000));
    // A 16 KB header holds about 175 such entries.
    let big = ed25519_header(175);
    assert!(big.len() > 15_000);
    let headers = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", "1700000000"),
        ("webhook-signature", big.as_str()),
    ];
    let e = verifier
        .verify(&Request::new(&headers, b"{}"), &now)
        .unwrap_err();
    assert_eq!(
        e,
        VerifyError::TooManySignatures {
            signatures: 175,
            checks: 175
        }
    );
    assert_eq!(e.code(), "too_many_signatures");
    assert_eq!(verifier.check_headers(&headers), Err(e));

    // At the cap: every entry is checked, none matches.
    let at_cap = ed25519_header(MAX_SIGNATURES);
    let headers = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", "1700000000"),
        ("webhook-signature", at_cap.as_str()),
    ];
    assert_eq!(
        verifier.verify(&Request::new(&headers, b"{}"), &now),
        Err(VerifyError::NoMatchingSignature {
            candidates: MAX_SIGNATURES
        })
    );
    assert_eq!(verifier.check_headers(&headers), Ok(()));

    // Signatures × keys: 5 entries against 16 keys of their kind is over the check cap.
    let keys = vec![key.as_str(); 16];
    let many = Verifier::new(&schemes::STANDARD_WEBHOOKS, &keys).unwrap();
    let five = ed25519_header(5);
    let headers = [
        ("webhook-id", "msg_1"),
        ("webhook-timestamp", "1700000000"),
        ("webhook-signature", five.as_str()),
    ];
    assert_eq!(
        many.verify(&Request::new(&headers, b"{}"), &now),
        Err(VerifyError::TooManySignatures {
            signatures: 5,
            checks: 80
        })
    );
    const { assert!(80 > MAX_SIGNATURE_CHECKS) };
    let e = Verifier::new(&schemes::STANDARD_WEBHOOKS, &vec![key.as_str(); 17]).unwrap_err();
    assert_eq!(e.code(), "too_many_secrets");
}

#[test]
fn header_checks_agree_with_verify() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let sw = Verifier::new(&schemes::STANDARD_WEBHOOKS, &[secret]).unwrap();
    let now = VerifyOptions::at(UnixTime::from_secs(1_700_000_000));
    let cases: &[&[(&str, &str)]] = &[
        &[],
        &[("webhook-signature", "v1,AAAA")],
        &[("webhook-id", "m"), ("webhook-signature", "v1,AAAA")],
        &[
            ("webhook-id", "m"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v9,AAAA"),
        ],
        &[
            ("webhook-id", "m"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,%%%"),
        ],
        &[
            ("webhook-id", "m"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1a,AAAA"),
        ],
    ];
    for headers in cases {
        let early = sw.check_headers(*headers).unwrap_err();
        let full = sw.verify(&Request::new(*headers, b"{}"), &now).unwrap_err();
        assert_eq!(early, full, "{headers:?}");
    }
    // Mailgun's signature is in the body: nothing can be said from the headers.
    let mailgun = Verifier::new(&schemes::MAILGUN, &["k"]).unwrap();
    assert_eq!(mailgun.check_headers(&[("x", "y")]), Ok(()));
    let github = Verifier::new(&schemes::GITHUB, &["k"]).unwrap();
    assert_eq!(
        github.check_headers(&[("x", "y")]).unwrap_err().code(),
        "missing_header"
    );
}

#[test]
fn shared_forwarded_cases() {
    use hookgate::forwarded::Receiver;
    let text = include_str!("vectors/dedupe/forwarded.json");
    let file: Value = serde_json::from_str(text).unwrap();
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let secrets: Vec<&str> = case["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let receiver = Receiver::new(&secrets).unwrap();
        let (h, b) = (headers(case), body(case));
        let now = VerifyOptions::at(UnixTime::from_secs(case["now"].as_i64().unwrap()));
        let got = match receiver.verify(&Request::new(&h, &b), &now) {
            Ok(f) => serde_json::json!({"ok": {
                "id": f.id(),
                "timestamp": f.timestamp().map(UnixTime::as_secs),
                "scheme": f.scheme(),
                "dedupe_key": f.dedupe_key_decoded(),
                "dedupe_key_signed": f.dedupe_key_signed(),
                "body_signed": f.body_signed(),
            }}),
            Err(e) => serde_json::json!({ "error": e }),
        };
        let expect = &case["expect"];
        match expect.get("error") {
            // The expectation names a subset of the error's fields.
            Some(error) => {
                for (k, v) in error.as_object().unwrap() {
                    assert_eq!(&got["error"][k], v, "{name}: {k}");
                }
            }
            None => assert_eq!(&got, expect, "{name}"),
        }
    }
}
