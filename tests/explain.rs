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
