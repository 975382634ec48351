//! Known answers from the providers' docs, sign → verify round trips for every scheme that can
//! sign, and property tests: any single flipped byte fails.

#![allow(
    clippy::unwrap_used,
    clippy::unwrap_in_result,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use hookgate::crypto::{
    CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output, RustCrypto,
};
use hookgate::spec::{Algorithm, KeyEncoding, SchemeSpec};
use hookgate::{
    ConfigError, Request, SignInput, Tolerance, UnixTime, Verifier, VerifyError, VerifyOptions,
    schemes, sign,
};
use proptest::prelude::*;

const SVIX_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const SVIX_BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;

#[test]
fn svix_known_answer() {
    let headers = [
        ("svix-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("svix-timestamp", "1649367553"),
        (
            "svix-signature",
            "v1,bad v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
        ),
    ];
    let v = Verifier::new(
        &schemes::SVIX,
        &["whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SVIX_SECRET],
    )
    .unwrap();
    let ok = v
        .verify(
            &Request::new(&headers, SVIX_BODY),
            &VerifyOptions::at(UnixTime::from_secs(1_649_367_553)),
        )
        .unwrap();
    assert_eq!(ok.key_index(), 1);
    assert_eq!(ok.id(), Some("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"));
    assert_eq!(
        ok.dedupe_key().to_string(),
        "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
    );
    assert_eq!(ok.timestamp(), Some(UnixTime::from_secs(1_649_367_553)));
}

#[test]
fn github_docs_known_answer() {
    let headers = [(
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    )];
    let v = Verifier::new(&schemes::GITHUB, &["It's a Secret to Everybody"]).unwrap();
    let ok = v
        .verify(
            &Request::new(&headers, b"Hello, World!"),
            &VerifyOptions::at(UnixTime::from_secs(0)),
        )
        .unwrap();
    assert_eq!(
        ok.dedupe_key().to_string(),
        "sha256:dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f"
    );
}

/// A provider that counts the digests it computes (with RustCrypto) and keys its MACs there.
#[derive(Debug)]
struct CountingDigests(AtomicUsize);

impl CryptoProvider for CountingDigests {
    fn mac_key(&self, _: MacAlgorithm, _: &[u8]) -> Option<Box<dyn MacKey>> {
        None
    }

    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output> {
        self.0.fetch_add(1, Ordering::Relaxed);
        RustCrypto.digest(algorithm, message)
    }
}

#[test]
fn the_body_digest_is_computed_only_when_the_dedupe_key_is_read() {
    static COUNTING: CountingDigests = CountingDigests(AtomicUsize::new(0));
    let headers = [(
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    )];
    let v = Verifier::new(&schemes::GITHUB, &["It's a Secret to Everybody"])
        .unwrap()
        .with_crypto(&COUNTING);
    assert!(!v.reads_body());
    let ok = v
        .verify(
            &Request::new(&headers, b"Hello, World!"),
            &VerifyOptions::at(UnixTime::from_secs(0)),
        )
        .unwrap();
    assert_eq!(ok.dedupe_id(), None);
    assert_eq!(
        COUNTING.0.load(Ordering::Relaxed),
        0,
        "verify hashed the body"
    );
    assert_eq!(
        ok.dedupe_key().to_string(),
        "sha256:dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f"
    );
    assert_eq!(COUNTING.0.load(Ordering::Relaxed), 1);
    // With an id, the key is the id and nothing is hashed.
    let with_id = [headers[0], ("X-GitHub-Delivery", "d-1")];
    let ok = v
        .verify(
            &Request::new(&with_id, b"Hello, World!"),
            &VerifyOptions::at(UnixTime::from_secs(0)),
        )
        .unwrap();
    assert_eq!(ok.dedupe_key().to_string(), "d-1");
    assert_eq!(COUNTING.0.load(Ordering::Relaxed), 1);
}

#[test]
fn which_verifiers_read_the_body() {
    let reads = |id: &str, secret: &str| Verifier::for_scheme(id, &[secret]).unwrap().reads_body();
    assert!(!reads("standard_webhooks", SVIX_SECRET));
    assert!(!reads("github", "secret"));
    assert!(reads("stripe", "whsec_x"), "the event id in the body");
    assert!(reads("twilio", "token"), "sorted form parameters");
    assert!(reads("mailgun", "key"), "fields in the body");
    let whpk = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    assert!(
        reads("standard_webhooks", whpk),
        "Ed25519 signs the whole message"
    );
}

#[test]
fn errors_are_precise() {
    let v = Verifier::new(&schemes::STANDARD_WEBHOOKS, &[SVIX_SECRET]).unwrap();
    let at = VerifyOptions::at(UnixTime::from_secs(1_649_367_553 + 301));
    let h = [
        ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("webhook-timestamp", "1649367553"),
        (
            "webhook-signature",
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
        ),
    ];
    let err = v.verify(&Request::new(&h, SVIX_BODY), &at).unwrap_err();
    assert_eq!(
        err,
        VerifyError::TimestampTooOld {
            age_s: 301,
            tolerance_s: 300
        }
    );
    assert_eq!(err.code(), "timestamp_too_old");
    let ok = v.verify(
        &Request::new(&h, SVIX_BODY),
        &at.with_tolerance(Tolerance::seconds(301)),
    );
    assert!(ok.is_ok());
    let err = v
        .verify(&Request::new(&h[..2], SVIX_BODY), &at)
        .unwrap_err();
    assert_eq!(
        err,
        VerifyError::MissingHeader {
            name: "webhook-signature".into()
        }
    );
    assert_eq!(
        Verifier::new(&schemes::STANDARD_WEBHOOKS, &["whsec_"]).unwrap_err(),
        ConfigError::EmptySecret
    );
    assert_eq!(
        Verifier::new(&schemes::STRIPE, &["whsec_x\n"]).unwrap_err(),
        ConfigError::SecretWhitespace
    );
}

#[test]
fn secrets_never_in_debug_or_errors() {
    let v = Verifier::new(&schemes::STRIPE, &["whsec_supersecretvalue"]).unwrap();
    assert!(!format!("{v:?}").contains("supersecret"));
}

#[test]
fn custom_spec_from_json() {
    let spec = SchemeSpec::from_json(
        r#"{
        "id": "acme",
        "signature": {
            "from": [{"header": "X-Acme-Signature"}],
            "format": {"kind": "list", "separator": ",", "assign": "="},
            "algorithms": [{"tag": "s", "algorithm": "hmac_sha512", "encoding": "base64url"}]
        },
        "signed_content": "{timestamp}|{body}",
        "timestamp": {"from": [{"param": "ts"}], "unit": "s", "tolerance_s": 60, "direction": "past_only"}
    }"#,
    )
    .unwrap();
    let input = SignInput::new(b"{}").with_timestamp(UnixTime::from_secs(100));
    let signed = sign(&spec, "k", &input).unwrap();
    assert!(signed.headers[0].1.starts_with("ts=100,s="));
    let v = Verifier::custom(spec, &["k"]).unwrap();
    let h: Vec<(String, String)> = signed.headers.clone();
    assert!(
        v.verify(
            &Request::new(&h, b"{}"),
            &VerifyOptions::at(UnixTime::from_secs(150))
        )
        .is_ok()
    );
    let bad = SchemeSpec::from_json(
        r#"{"id":"x","signature":{"from":[{"header":"x"}],"format":{"kind":"value"},"algorithms":[{"algorithm":"hmac_sha256","encoding":"hex"}]},"signed_content":"{id}{body}"}"#,
    );
    assert_eq!(bad.unwrap_err().code(), "invalid_spec");
    assert_eq!(
        SchemeSpec::from_json("{").unwrap_err().code(),
        "invalid_spec_json"
    );
}

/// A signing key for a scheme and the matching verification key, in the key format of its
/// first algorithm: a shared secret (twice), or a fixed Ed25519 seed and its public key.
fn signing_key(spec: &SchemeSpec) -> (String, String) {
    let alg = &spec.signature.algorithms[0];
    let encode = |bytes: &[u8]| match alg.key.encoding {
        KeyEncoding::Hex => hex(bytes),
        _ => base64::engine::general_purpose::STANDARD.encode(bytes),
    };
    match (alg.algorithm, alg.key.encoding) {
        (Algorithm::Ed25519, _) => {
            let seed = [1u8; 32];
            let public = ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .to_bytes();
            (encode(&seed), encode(&public))
        }
        (_, KeyEncoding::Base64) if alg.key.prefix.as_deref() == Some("whsec_") => {
            (SVIX_SECRET.into(), SVIX_SECRET.into())
        }
        (_, KeyEncoding::Base64 | KeyEncoding::Hex) => {
            let key = encode(b"a shared secret of 32 bytes here");
            (key.clone(), key)
        }
        _ => ("s3cr3t-key".into(), "s3cr3t-key".into()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn signable() -> impl Iterator<Item = &'static SchemeSpec> {
    schemes::all()
        .iter()
        .copied()
        .filter(|s| s.signature.algorithms[0].algorithm != Algorithm::EcdsaP256Sha256)
}

/// Signs `body` for `spec` and returns the headers and body as a verifier will see them.
fn signed_request(
    spec: &SchemeSpec,
    body: &[u8],
    id: &str,
    ts: i64,
) -> (Vec<(String, String)>, Vec<u8>) {
    let (private, _) = signing_key(spec);
    let input = SignInput::new(body)
        .with_id(id)
        .with_timestamp(UnixTime::from_secs(ts))
        .with_url("https://example.com/hooks?x=1")
        .with_method("POST");
    let signed = sign(spec, &private, &input).unwrap_or_else(|e| panic!("{}: {e}", spec.id));
    let mut body = body.to_vec();
    if !signed.body_fields.is_empty() {
        // Mailgun: the signature travels as form fields.
        body = signed
            .body_fields
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes();
    }
    (signed.headers, body)
}

fn verify_signed(
    spec: &'static SchemeSpec,
    headers: &[(String, String)],
    body: &[u8],
    ts: i64,
) -> Result<(), VerifyError> {
    let (_, public) = signing_key(spec);
    let v = Verifier::new(spec, &[public]).unwrap();
    let request = Request::new(headers, body)
        .with_url("https://example.com/hooks?x=1")
        .with_method("POST");
    v.verify(&request, &VerifyOptions::at(UnixTime::from_secs(ts)))
        .map(|_| ())
}

#[test]
fn every_signing_scheme_round_trips() {
    for spec in signable() {
        let (headers, body) = signed_request(
            spec,
            b"{\"id\":\"evt_1\",\"ok\":true}",
            "msg_1",
            1_700_000_000,
        );
        verify_signed(spec, &headers, &body, 1_700_000_000)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.id));
    }
}

#[test]
fn signing_keys_are_checked_without_signing() {
    let check = |secret: &str| hookgate::check_signing_key(&schemes::STANDARD_WEBHOOKS, secret);
    assert_eq!(check(SVIX_SECRET), Ok(()));
    assert_eq!(check(&ed25519_signing("whsk_", &[7u8; 32])), Ok(()));
    assert_eq!(check("whsec_"), Err(ConfigError::EmptySecret));
    assert_eq!(check(" whsec_abc"), Err(ConfigError::SecretWhitespace));
    assert!(matches!(
        check("whsec_@@@not-base64@@@"),
        Err(ConfigError::InvalidSecretEncoding { .. })
    ));
    // Whatever `check_signing_key` accepts, `sign` signs with.
    for spec in signable() {
        let (private, _) = signing_key(spec);
        assert_eq!(
            hookgate::check_signing_key(spec, &private),
            Ok(()),
            "{}",
            spec.id
        );
    }
    let ecdsa = schemes::all()
        .iter()
        .find(|s| s.signature.algorithms[0].algorithm == Algorithm::EcdsaP256Sha256)
        .unwrap();
    assert!(matches!(
        hookgate::check_signing_key(ecdsa, "anything"),
        Err(ConfigError::UnsupportedForSigning { .. })
    ));
}

#[test]
fn ed25519_v1a_round_trip_with_whsk() {
    // The Svix server's fixed v1a vector: the spec's example message, signed with its secret key.
    let pk = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    let v = Verifier::new(&schemes::STANDARD_WEBHOOKS, &[SVIX_SECRET, pk]).unwrap();
    let seed = [7u8; 32];
    let sk = ed25519_signing("whsk_", &seed);
    let signed = sign(
        &schemes::STANDARD_WEBHOOKS,
        &sk,
        &SignInput::new(b"x")
            .with_id("m")
            .with_timestamp(UnixTime::from_secs(5)),
    )
    .unwrap();
    assert!(signed.headers[0].1.starts_with("v1a,"));
    // Signed with another key, so only a decoy for `pk`.
    assert_eq!(
        v.verify(
            &Request::new(&signed.headers, b"x"),
            &VerifyOptions::at(UnixTime::from_secs(5))
        )
        .unwrap_err(),
        VerifyError::NoMatchingSignature { candidates: 1 }
    );
}

fn ed25519_signing(prefix: &str, seed: &[u8; 32]) -> String {
    use base64::Engine as _;
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::STANDARD.encode(seed)
    )
}

fn flip(bytes: &mut [u8], index: usize, bit: u8) {
    let i = index % bytes.len();
    bytes[i] ^= 1 << (bit % 8);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sign_then_verify_succeeds(body in proptest::collection::vec(any::<u8>(), 0..512), id in "[a-zA-Z0-9_]{1,24}", ts in 1_000_000_000i64..4_000_000_000) {
        for spec in signable() {
            if spec.id == "mailgun" { continue; } // signs a token, not the body
            let (headers, body) = signed_request(spec, &body, &id, ts);
            prop_assert!(verify_signed(spec, &headers, &body, ts).is_ok(), "{}", spec.id);
        }
    }

    #[test]
    fn any_flipped_byte_fails(body in proptest::collection::vec(any::<u8>(), 1..256), index in any::<usize>(), bit in any::<u8>()) {
        for spec in signable() {
            let ts = 1_700_000_000;
            let (headers, body) = signed_request(spec, &body, "msg_1", ts);
            // Flip the body, where it is signed (not by Mailgun or Plivo's V2). Twilio signs the
            // *decoded* form parameters, so two invalid UTF-8 bytes may decode alike there.
            if spec.signed_content.contains("{body}") && spec.id != "twilio" {
                let mut tampered = body.clone();
                flip(&mut tampered, index, bit);
                prop_assert!(verify_signed(spec, &headers, &tampered, ts).is_err(), "{} body", spec.id);
            }
            // Flip each signed header value: signature, id, timestamp.
            let signed_names: Vec<String> = core::iter::once(spec.signature.from[0].name().to_string())
                .chain(spec.signed_content.contains("{id}").then(|| spec.message_id.iter().map(|s| s.name().to_string())).into_iter().flatten())
                .chain(spec.signed_content.contains("{timestamp}").then(|| spec.timestamp.iter().flat_map(|t| t.from.iter().map(|s| s.name().to_string()))).into_iter().flatten())
                .collect();
            for h in 0..headers.len() {
                if !signed_names.contains(&headers[h].0) { continue; }
                let mut tampered = headers.clone();
                let mut value = tampered[h].1.clone().into_bytes();
                flip(&mut value, index, bit);
                let Ok(value) = String::from_utf8(value) else { continue };
                // Hex is case-insensitive: `a`→`A` is the same signature.
                if value.eq_ignore_ascii_case(&headers[h].1) { continue; }
                tampered[h].1 = value;
                prop_assert!(verify_signed(spec, &tampered, &body, ts).is_err(), "{} header {}", spec.id, headers[h].0);
            }
        }
    }
}
