//! Forensics: the report shows its workings, and the likely cause comes first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hookgate::explain::{CauseCode, ExplainOptions, Segment, explain};
use hookgate::{Request, SignInput, UnixTime, schemes, sign};

const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const BODY: &str = r#"{"type":"user.created","data":{"id":"u_1","name":"Zoë"}}"#;

fn standard_headers(body: &str, ts: i64) -> Vec<(String, String)> {
    let input = SignInput::new(body.as_bytes())
        .with_id("msg_1")
        .with_timestamp(UnixTime::from_secs(ts));
    sign(&schemes::STANDARD_WEBHOOKS, SECRET, &input)
        .unwrap()
        .headers
}

#[test]
fn valid_request_shows_its_workings() {
    let headers = standard_headers(BODY, 1_700_000_000);
    let report = explain(
        &Request::new(&headers, BODY.as_bytes()),
        &["whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SECRET],
        &ExplainOptions::new().at(UnixTime::from_secs(1_700_000_010)),
    );
    assert!(report.valid, "{}", report.message);
    assert_eq!(report.key_index, Some(1));
    let scheme = report.scheme.unwrap();
    assert_eq!(
        (scheme.id.as_str(), scheme.detected),
        ("standard_webhooks", true)
    );
    assert!(scheme.evidence.contains(&"webhook-signature".to_string()));
    let content = report.signed_content.unwrap();
    assert!(content.visible.starts_with("msg_1.1700000000.{\"type\""));
    assert!(content.parts.iter().any(|p| {
        p.segments
            .iter()
            .any(|s| matches!(s, Segment::NonAscii { .. }))
    }));
    assert_eq!(report.received[0].matched_key, Some(1));
    assert_eq!(report.expected[1].value, report.received[0].value);
    assert_eq!(report.timestamp.unwrap().age_s, Some(10));
}

#[test]
fn pretty_printed_body_ranks_reserialization_first() {
    let headers = standard_headers(BODY, 1_700_000_000);
    let pretty = "{\n  \"type\": \"user.created\",\n  \"data\": {\n    \"id\": \"u_1\",\n    \"name\": \"Zoë\"\n  }\n}";
    let report = explain(
        &Request::new(&headers, pretty.as_bytes()),
        &[SECRET],
        &ExplainOptions::new(),
    );
    assert!(!report.valid);
    assert_eq!(report.error.unwrap().code(), "no_matching_signature");
    assert_eq!(
        report.causes[0].code,
        CauseCode::BodyReserialized,
        "{:#?}",
        report.causes
    );
    assert!(report.causes[0].verifies);
}

#[test]
fn github_with_whsec_prefixed_secret_names_the_secret_format() {
    let body = br#"{"zen":"Keep it logically awesome."}"#;
    let signed = sign(&schemes::GITHUB, "mysecret", &SignInput::new(body)).unwrap();
    let report = explain(
        &Request::new(&signed.headers, body),
        &["whsec_mysecret"],
        &ExplainOptions::new(),
    );
    assert!(!report.valid);
    assert_eq!(
        report.causes[0].code,
        CauseCode::SecretPrefix,
        "{:#?}",
        report.causes
    );
    assert!(report.causes[0].verifies);
}

#[test]
fn expired_timestamp_shows_the_skew() {
    let headers = standard_headers(BODY, 1_700_000_000);
    let report = explain(
        &Request::new(&headers, BODY.as_bytes()),
        &[SECRET],
        &ExplainOptions::new().at(UnixTime::from_secs(1_700_000_000 + 3600)),
    );
    assert_eq!(report.error.as_ref().unwrap().code(), "timestamp_too_old");
    let ts = report.timestamp.unwrap();
    assert_eq!(
        (ts.age_s, ts.within_tolerance, ts.past_tolerance_s),
        (Some(3600), false, Some(300))
    );
    assert_eq!(report.causes[0].code, CauseCode::ClockSkew);
    // Without a clock, skew is ignored and the request verifies.
    assert!(
        explain(
            &Request::new(&headers, BODY.as_bytes()),
            &[SECRET],
            &ExplainOptions::new()
        )
        .valid
    );
}

#[test]
fn crlf_trailing_newline_and_wrong_scheme() {
    let body = "line one\nline two";
    let signed = sign(&schemes::SHOPIFY, "k", &SignInput::new(body.as_bytes())).unwrap();
    let crlf = body.replace('\n', "\r\n");
    let report = explain(
        &Request::new(&signed.headers, crlf.as_bytes()),
        &["k"],
        &ExplainOptions::new(),
    );
    assert_eq!(
        report.causes[0].code,
        CauseCode::LineEndings,
        "{:#?}",
        report.causes
    );

    let with_nl = format!("{body}\n");
    let report = explain(
        &Request::new(&signed.headers, with_nl.as_bytes()),
        &["k"],
        &ExplainOptions::new(),
    );
    assert_eq!(report.causes[0].code, CauseCode::TrailingNewline);

    // A GitHub delivery checked as the legacy SHA-1 scheme: the sha256 header is the right one.
    let gh = sign(&schemes::GITHUB, "k", &SignInput::new(b"{}")).unwrap();
    let mut headers = gh.headers.clone();
    headers.push((
        "x-hub-signature".into(),
        "sha1=0000000000000000000000000000000000000000".into(),
    ));
    let report = explain(
        &Request::new(&headers, b"{}"),
        &["k"],
        &ExplainOptions::new().with_scheme(&schemes::GITHUB_SHA1),
    );
    assert_eq!(
        report.causes[0].code,
        CauseCode::WrongHeader,
        "{:#?}",
        report.causes
    );
}

#[test]
fn api_key_instead_of_secret_and_no_scheme() {
    let headers = standard_headers(BODY, 1);
    let report = explain(
        &Request::new(&headers, BODY.as_bytes()),
        &["sk_live_abc"],
        &ExplainOptions::new().with_scheme(&schemes::STRIPE),
    );
    assert!(
        report
            .causes
            .iter()
            .any(|c| c.code == CauseCode::SecretKind)
    );
    let none = explain(
        &Request::new(&[("content-type", "application/json")][..], b"{}"),
        &["x"],
        &ExplainOptions::new(),
    );
    assert!(none.scheme.is_none());
    assert_eq!(none.causes[0].code, CauseCode::MissingInput);
}

#[test]
fn twilio_shows_the_url_and_sorted_parameters_it_signs() {
    let url = "https://example.com/sms?x=1";
    let body = b"To=%2B1555&Body=hi&Body=a";
    let signed = sign(
        &schemes::TWILIO,
        "token",
        &SignInput::new(body).with_url(url),
    )
    .unwrap();
    // Verified with the URL's other spelling (default port): the signature still matches.
    let report = explain(
        &Request::new(&signed.headers, body).with_url("https://example.com:443/sms?x=1"),
        &["token"],
        &ExplainOptions::new().with_scheme(&schemes::TWILIO),
    );
    assert!(report.valid, "{}", report.message);
    let content = report.signed_content.unwrap();
    assert_eq!(content.template, "{url}{sorted_params}");
    let parts: Vec<_> = content.parts.iter().map(|p| p.part).collect();
    assert_eq!(parts, ["url", "sorted_params"]);
    assert_eq!(
        content.visible,
        "https://example.com:443/sms?x=1BodyaBodyhiTo+1555"
    );
}

fn causes_of(report: &hookgate::explain::Report) -> Vec<(CauseCode, bool)> {
    report.causes.iter().map(|c| (c.code, c.verifies)).collect()
}

#[test]
fn signed_url_behind_a_proxy_is_rebuilt_from_forwarded_headers() {
    let body = br#"{"merchant_id":"M1","type":"payment.created"}"#;
    let public = "https://hooks.example.com/square?x=1";
    let signed = sign(
        &schemes::SQUARE,
        "sq-key",
        &SignInput::new(body).with_url(public),
    )
    .unwrap();
    let mut headers = signed.headers.clone();
    headers.push(("X-Forwarded-Proto".into(), "https".into()));
    headers.push(("X-Forwarded-Host".into(), "hooks.example.com".into()));
    // What the app behind the proxy saw.
    let report = explain(
        &Request::new(&headers, body).with_url("http://10.0.0.7:8080/square?x=1"),
        &["sq-key"],
        &ExplainOptions::new().with_scheme(&schemes::SQUARE),
    );
    assert!(!report.valid);
    assert_eq!(
        report.causes[0].code,
        CauseCode::SignedUrl,
        "{:#?}",
        report.causes
    );
    assert!(report.causes[0].verifies);
    assert!(
        report.causes[0].detail.contains(public),
        "{}",
        report.causes[0].detail
    );
    // Without forwarding headers, TLS ended at a load balancer: the https spelling is tried.
    let lb = explain(
        &Request::new(&signed.headers, body).with_url("http://hooks.example.com/square?x=1"),
        &["sq-key"],
        &ExplainOptions::new().with_scheme(&schemes::SQUARE),
    );
    assert_eq!(causes_of(&lb)[0], (CauseCode::SignedUrl, true));
    // A router that added a trailing slash.
    let slash = explain(
        &Request::new(&signed.headers, body).with_url("https://hooks.example.com/square/?x=1"),
        &["sq-key"],
        &ExplainOptions::new().with_scheme(&schemes::SQUARE),
    );
    assert_eq!(causes_of(&slash)[0], (CauseCode::SignedUrl, true));
}

#[test]
fn public_key_as_pem_is_converted_and_proven() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let seed = [7u8; 32];
    let public = ed25519_dalek::SigningKey::from_bytes(&seed)
        .verifying_key()
        .to_bytes();
    let input = SignInput::new(BODY.as_bytes())
        .with_id("msg_1")
        .with_timestamp(UnixTime::from_secs(1_700_000_000));
    let signed = sign(
        &schemes::STANDARD_WEBHOOKS,
        &format!("whsk_{}", b64.encode(seed)),
        &input,
    )
    .unwrap();
    let mut der = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    der.extend_from_slice(&public);
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        b64.encode(&der)
    );
    let report = explain(
        &Request::new(&signed.headers, BODY.as_bytes()),
        &[pem.as_str()],
        &ExplainOptions::new().with_scheme(&schemes::STANDARD_WEBHOOKS),
    );
    assert!(!report.valid);
    let c = report
        .causes
        .iter()
        .find(|c| c.code == CauseCode::PublicKeyFormat)
        .expect("public_key_format");
    assert!(c.verifies);
    assert!(
        c.detail.contains(&format!("whpk_{}", b64.encode(public))),
        "{}",
        c.detail
    );
    // The DER in hex, as some dashboards show it, converts too.
    let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
    let report = explain(
        &Request::new(&signed.headers, BODY.as_bytes()),
        &[hex.as_str()],
        &ExplainOptions::new().with_scheme(&schemes::STANDARD_WEBHOOKS),
    );
    assert!(
        report
            .causes
            .iter()
            .any(|c| c.code == CauseCode::PublicKeyFormat && c.verifies)
    );
}

#[test]
fn hex_key_used_as_text_and_swapped_signature_encoding() {
    let body = br#"{"id":"n1","topic":"order.create"}"#;
    let hex_key = "5f1a0c3e9b7d4a2f8e6c1b0d3a5f7e9c2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a";
    let signed = sign(&schemes::SQUARESPACE, hex_key, &SignInput::new(body)).unwrap();
    // A custom spec that takes the key as text: the hex-decoded key is tried and verifies.
    let mut as_text: hookgate::spec::SchemeSpec =
        serde_json::from_str(&schemes::SQUARESPACE.to_json()).unwrap();
    as_text.signature.algorithms.to_mut()[0].key = hookgate::spec::KeyFormat::default();
    let report = explain(
        &Request::new(&signed.headers, body),
        &[hex_key],
        &ExplainOptions::new().with_custom_scheme(as_text),
    );
    assert!(
        causes_of(&report).contains(&(CauseCode::SecretEncoding, true)),
        "{:#?}",
        report.causes
    );
    // A spec that reads the hex signature as base64.
    let mut b64: hookgate::spec::SchemeSpec =
        serde_json::from_str(&schemes::SQUARESPACE.to_json()).unwrap();
    b64.signature.algorithms.to_mut()[0].encoding = hookgate::spec::Encoding::Base64;
    let report = explain(
        &Request::new(&signed.headers, body),
        &[hex_key],
        &ExplainOptions::new().with_custom_scheme(b64),
    );
    assert!(
        causes_of(&report).contains(&(CauseCode::SignatureEncoding, true)),
        "{:#?}",
        report.causes
    );
}

#[test]
fn pasted_signature_prefix_and_compressed_body() {
    let body = br#"{"zen":"Design for failure."}"#;
    let signed = sign(&schemes::GITHUB, "mysecret", &SignInput::new(body)).unwrap();
    let report = explain(
        &Request::new(&signed.headers, body),
        &["sha256=mysecret"],
        &ExplainOptions::new().with_scheme(&schemes::GITHUB),
    );
    assert_eq!(
        causes_of(&report)[0],
        (CauseCode::SecretVersionPrefix, true)
    );
    let gz = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03];
    let report = explain(
        &Request::new(&signed.headers, &gz[..]),
        &["mysecret"],
        &ExplainOptions::new().with_scheme(&schemes::GITHUB),
    );
    assert!(
        causes_of(&report).contains(&(CauseCode::CompressedBody, false)),
        "{:#?}",
        report.causes
    );
}

#[test]
fn paystack_secret_api_key_is_not_taken_for_a_stripe_key() {
    let body = br#"{"event":"charge.success"}"#;
    let signed = sign(&schemes::PAYSTACK, "sk_test_right", &SignInput::new(body)).unwrap();
    let report = explain(
        &Request::new(&signed.headers, body),
        &["sk_test_wrong"],
        &ExplainOptions::new().with_scheme(&schemes::PAYSTACK),
    );
    assert!(!report.valid);
    assert!(
        report
            .causes
            .iter()
            .all(|c| c.code != CauseCode::SecretKind),
        "{:#?}",
        report.causes
    );
}
