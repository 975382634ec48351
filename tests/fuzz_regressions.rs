//! Inputs found by the fuzz targets in `fuzz/` (`scripts/fuzz.sh`), minimised and kept here so
//! they run with every test. A test marked `#[ignore]` reproduces an open bug: remove the
//! attribute with the fix.

#![allow(
    clippy::unwrap_used,
    clippy::unwrap_in_result,
    clippy::expect_used,
    clippy::panic
)]

use hookgate::spec::SchemeSpec;
use hookgate::{Request, SignInput, UnixTime, Verifier, VerifyOptions, schemes, sign};

/// Signs `body` at `at` and verifies at the same instant; `Ok(None)` if signing refused.
fn sign_then_verify(
    spec: &'static SchemeSpec,
    secret: &str,
    at: UnixTime,
) -> Result<Option<()>, String> {
    let input = SignInput::new(b"{}").with_id("msg_1").with_timestamp(at);
    let Ok(signed) = sign(spec, secret, &input) else {
        return Ok(None);
    };
    let verifier = Verifier::new(spec, &[secret]).unwrap();
    verifier
        .verify(
            &Request::new(signed.headers.as_slice(), b"{}"),
            &VerifyOptions::at(at),
        )
        .map(|_| Some(()))
        .map_err(|e| format!("{}: {e:?} for headers {:?}", spec.id, signed.headers))
}

/// fuzz/sign_roundtrip (Discord, then every timestamped scheme): `sign` accepted a timestamp
/// before the epoch and wrote it as `-1`, which `verify` rejects as `InvalidTimestamp`.
/// `sign` must refuse what `verify` cannot accept (it now returns `InvalidTimestamp`).
#[test]
fn sign_refuses_timestamps_verify_rejects() {
    let at = UnixTime::from_secs(-1);
    for (spec, secret) in [
        (
            &schemes::STANDARD_WEBHOOKS,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        (&schemes::STRIPE, "whsec_test"),
        (&schemes::SLACK, "slack-secret"),
        (&schemes::LINEAR, "linear-secret"),
        (&schemes::HUBSPOT_V3, "hubspot-secret"),
    ] {
        assert_eq!(sign_then_verify(spec, secret, at).map(|_| ()), Ok(()));
    }
}

/// The boundary the bug sits next to: the epoch itself round-trips.
#[test]
fn epoch_timestamp_round_trips() {
    let at = UnixTime::from_secs(0);
    for (spec, secret) in [
        (
            &schemes::STANDARD_WEBHOOKS,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        (&schemes::STRIPE, "whsec_test"),
        (&schemes::LINEAR, "linear-secret"),
    ] {
        assert_eq!(sign_then_verify(spec, secret, at), Ok(Some(())));
    }
}

/// fuzz/sign_roundtrip (Orb): an RFC 3339 scheme signed a timestamp past the year 9999 as
/// `292278994-08-17T07:12:55Z`, which no RFC 3339 parser (hookgate's included) reads. `sign`
/// refuses it; the last writable second round-trips.
#[test]
fn rfc3339_sign_refuses_years_past_9999() {
    for spec in [
        &schemes::ORB,
        &schemes::TWITCH,
        &schemes::ZENDESK,
        &schemes::BOX,
    ] {
        assert_eq!(
            sign_then_verify(spec, "secret", UnixTime::from_secs(9_223_372_036_854)),
            Ok(None),
            "{}",
            spec.id
        );
        let last = UnixTime::from_secs(253_402_300_799);
        let input = SignInput::new(b"{}").with_id("msg_1").with_timestamp(last);
        let signed = sign(spec, "secret", &input).unwrap();
        assert!(
            signed
                .headers
                .iter()
                .any(|(_, v)| v == "9999-12-31T23:59:59Z"),
            "{}: {:?}",
            spec.id,
            signed.headers
        );
    }
}

/// fuzz/verify_builtin (Chargebee): detection judged an HTTP Basic credential longer than 128
/// decoded bytes malformed although it verified (its decode buffer was shorter than the
/// verifier's). A credential the verifier accepts is well formed.
#[test]
fn long_basic_credentials_are_well_formed() {
    use base64::Engine as _;
    let secret = format!("{}:{}", "u".repeat(100), "p".repeat(100));
    let header = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(&secret)
    );
    let headers = [("authorization", header.as_str())];
    let verifier = Verifier::new(&schemes::CHARGEBEE, &[secret.as_str()]).unwrap();
    assert!(
        verifier
            .verify(
                &Request::new(&headers[..], b"{}"),
                &VerifyOptions::at(UnixTime::from_secs(0))
            )
            .is_ok()
    );
    let found = hookgate::detect(&headers[..], Some(b"{}"));
    let chargebee = found.iter().find(|d| d.scheme.id == "chargebee").unwrap();
    assert!(chargebee.well_formed);
}

/// fuzz/custom_spec: `SchemeSpec::validate` accepts specs that contradict themselves, so
/// that nothing `sign` writes for them ever verifies (they fail closed; no forgery). Each spec
/// here must either be rejected by `from_json` or round-trip. Classes found:
/// - the signature and the timestamp (or the id) read the same header;
/// - a list header whose separator can occur inside an encoded signature (hex `a`);
/// - a list tag containing the assign character, or a value prefix with leading whitespace
///   (`verify` trims the header value before stripping it);
/// - an empty required key prefix with a different signing prefix on an HMAC algorithm, so
///   `sign` and `verify` pick different algorithms for the same secret.
#[test]
fn custom_specs_that_validate_round_trip() {
    let sig = r#""from": [{"header": "x-sig"}]"#;
    let hmac_hex = r#"{"algorithm": "hmac_sha256", "encoding": "hex"}"#;
    let specs = [
        format!(
            r#"{{"id": "shared_header", "signature": {{{sig}, "format": {{"kind": "value"}}, "algorithms": [{hmac_hex}]}},
               "signed_content": "{{timestamp}}.{{body}}", "timestamp": {{"from": [{{"header": "x-sig"}}]}}}}"#
        ),
        format!(
            r#"{{"id": "separator_in_hex", "signature": {{{sig}, "format": {{"kind": "list", "separator": "a", "assign": "="}},
               "algorithms": [{{"tag": "v1", "algorithm": "hmac_sha256", "encoding": "hex"}}]}}, "signed_content": "{{body}}"}}"#
        ),
        format!(
            r#"{{"id": "tag_with_assign", "signature": {{{sig}, "format": {{"kind": "list", "separator": ",", "assign": "="}},
               "algorithms": [{{"tag": "v=1", "algorithm": "hmac_sha256", "encoding": "hex"}}]}}, "signed_content": "{{body}}"}}"#
        ),
        format!(
            r#"{{"id": "spaced_prefix", "signature": {{{sig}, "format": {{"kind": "value", "prefix": " s="}},
               "algorithms": [{hmac_hex}]}}, "signed_content": "{{body}}"}}"#
        ),
        format!(
            r#"{{"id": "empty_prefix", "signature": {{{sig}, "format": {{"kind": "value"}}, "algorithms": [{hmac_hex},
               {{"algorithm": "hmac_sha1", "encoding": "hex", "key": {{"prefix": "", "prefix_required": true, "signing_prefix": "whsec_"}}}}]}},
               "signed_content": "{{body}}"}}"#
        ),
    ];
    let mut failures = Vec::new();
    for json in &specs {
        let Ok(spec) = SchemeSpec::from_json(json) else {
            continue;
        };
        let at = UnixTime::from_secs(1_700_000_000);
        let signed = sign(&spec, "k", &SignInput::new(b"{}").with_timestamp(at)).unwrap();
        let verifier = Verifier::custom(spec.clone(), &["k"]).unwrap();
        let request = Request::new(signed.headers.as_slice(), b"{}");
        if let Err(e) = verifier.verify(&request, &VerifyOptions::at(at)) {
            failures.push(format!("{}: {e:?} for {:?}", spec.id, signed.headers));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
