//! Runs every shared vector file in `tests/vectors/` (the same files the JS and Worker suites
//! run) against the Rust core, with the exact error variant and fields asserted: once with the
//! default crypto provider, and once with a provider that holds the body itself, the request
//! carrying none (the npm Node build's way for large bodies).

#![allow(
    clippy::unwrap_used,
    clippy::unwrap_in_result,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core::cell::RefCell;
use std::fs;
use std::path::Path;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use hookgate::crypto::{
    Chunk, CryptoProvider, DigestAlgorithm, MacAlgorithm, MacKey, Message, Output,
};
use hookgate::{Request, Tolerance, UnixTime, Verifier, VerifyOptions, schemes};
use serde_json::{Map, Value, json};
use sha2::Digest as _;

std::thread_local! {
    /// The body as the host holds it, for [`HeldBody`].
    static HELD: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A provider that holds the body itself, as the npm package's Node build does: the engine is
/// given no body bytes at all (when the verifier does not read them), and every
/// [`Chunk::Body`] is replaced by the held body. Its own HMAC and SHA-256 calls, so that a
/// verdict cannot come from the default provider.
#[derive(Debug)]
struct HeldBody;

static HELD_BODY: HeldBody = HeldBody;

fn absorb(message: &Message<'_>, mut update: impl FnMut(&[u8])) {
    for chunk in message.chunks() {
        match chunk {
            Chunk::Body(_) => HELD.with(|b| update(&b.borrow())),
            other => update(other.bytes()),
        }
    }
}

#[derive(Debug)]
struct HeldMac(MacAlgorithm, Vec<u8>);

impl MacKey for HeldMac {
    fn tag(&self, message: &Message<'_>) -> Output {
        fn tag<M: Mac + KeyInit>(key: &[u8], message: &Message<'_>) -> Output {
            let mut m = <M as KeyInit>::new_from_slice(key).unwrap();
            absorb(message, |b| m.update(b));
            Output::new(&m.finalize().into_bytes()).unwrap()
        }
        match self.0 {
            MacAlgorithm::HmacSha1 => tag::<Hmac<sha1::Sha1>>(&self.1, message),
            MacAlgorithm::HmacSha256 => tag::<Hmac<sha2::Sha256>>(&self.1, message),
            MacAlgorithm::HmacSha512 => tag::<Hmac<sha2::Sha512>>(&self.1, message),
            _ => unreachable!("a MAC this test does not know"),
        }
    }
}

impl CryptoProvider for HeldBody {
    fn mac_key(&self, algorithm: MacAlgorithm, key: &[u8]) -> Option<Box<dyn MacKey>> {
        Some(Box::new(HeldMac(algorithm, key.to_vec())))
    }

    fn digest(&self, algorithm: DigestAlgorithm, message: &Message<'_>) -> Option<Output> {
        assert_eq!(algorithm, DigestAlgorithm::Sha256);
        let mut h = sha2::Sha256::new();
        absorb(message, |b| h.update(b));
        Output::new(&h.finalize())
    }
}

/// Which provider a case runs with.
#[derive(Clone, Copy, Debug)]
enum Crypto {
    /// The default, RustCrypto, with the body in the request.
    Default,
    /// [`HeldBody`]: the request carries no body unless the verifier reads it.
    HeldBody,
}

fn case_body(case: &Value) -> Vec<u8> {
    if let Some(b64) = case.get("body_b64").and_then(Value::as_str) {
        return base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("body_b64");
    }
    case.get("body")
        .and_then(Value::as_str)
        .unwrap_or("")
        .as_bytes()
        .to_vec()
}

fn options(case: &Value) -> VerifyOptions {
    let now = match (
        case.get("now_ms").and_then(Value::as_i64),
        case.get("now").and_then(Value::as_i64),
    ) {
        (Some(ms), _) => UnixTime::from_millis(ms),
        (None, Some(s)) => UnixTime::from_secs(s),
        (None, None) => panic!("case has no now"),
    };
    let mut opts = VerifyOptions::at(now);
    if let Some(s) = case.get("tolerance_s").and_then(Value::as_u64) {
        opts = opts.with_tolerance(Tolerance::seconds(s));
    }
    if let Some(t) = case.get("tolerance") {
        let side = |k: &str| t.get(k).and_then(Value::as_u64);
        opts = opts.with_tolerance(Tolerance::window(side("past_s"), side("future_s")));
    }
    if case
        .get("dangerous_skip_timestamp_check")
        .and_then(Value::as_bool)
        == Some(true)
    {
        opts = opts.with_tolerance(Tolerance::dangerous_unlimited());
    }
    opts
}

/// Runs one case; the outcome as JSON in the file's `expect` shape.
fn run(scheme_id: &str, case: &Value, crypto: Crypto) -> Value {
    let mut spec = schemes::by_id(scheme_id).expect("known scheme").clone();
    if let Some(h) = case.get("signature_header").and_then(Value::as_str) {
        spec = spec.with_signature_header(h);
    }
    let secrets: Vec<&str> = case["secrets"]
        .as_array()
        .expect("secrets")
        .iter()
        .map(|s| s.as_str().expect("secret"))
        .collect();
    let verifier = match Verifier::custom(spec, &secrets) {
        Ok(v) => v,
        Err(e) => return json!({ "error": serde_json::to_value(&e).unwrap() }),
    };
    let verifier = match crypto {
        Crypto::Default => verifier,
        Crypto::HeldBody => verifier.with_crypto(&HELD_BODY),
    };
    let headers: Vec<(String, String)> = case["headers"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("header value").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let body = case_body(case);
    HELD.with(|held| *held.borrow_mut() = body.clone());
    let given: &[u8] = match crypto {
        Crypto::HeldBody if !verifier.reads_body() => &[],
        _ => &body,
    };
    let mut request = Request::new(&headers, given);
    if let Some(url) = case.get("url").and_then(Value::as_str) {
        request = request.with_url(url);
    }
    if let Some(method) = case.get("method").and_then(Value::as_str) {
        request = request.with_method(method);
    }
    match verifier.verify(&request, &options(case)) {
        Ok(v) => json!({ "ok": {
            "key_index": v.key_index(),
            "id": v.id(),
            "timestamp": v.timestamp().map(UnixTime::as_secs),
            "dedupe_key": v.dedupe_key().to_string(),
        }}),
        Err(e) => json!({ "error": serde_json::to_value(&e).unwrap() }),
    }
}

/// Whether every field in `expected` is in `actual` with the same value.
fn subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        _ => expected == actual,
    }
}

#[test]
fn shared_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for path in &files {
        let file: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let scheme = file["scheme"].as_str().expect("scheme");
        for (i, case) in file["cases"].as_array().expect("cases").iter().enumerate() {
            total += 1;
            for crypto in [Crypto::Default, Crypto::HeldBody] {
                let actual = run(scheme, case, crypto);
                if !subset(&case["expect"], &actual) {
                    failures.push(format!(
                        "{} #{i} {:?} [{crypto:?}]\n  expected {}\n  actual   {}",
                        path.file_name().unwrap().to_string_lossy(),
                        case["name"].as_str().unwrap_or(""),
                        case["expect"],
                        actual
                    ));
                }
            }
        }
    }
    let _ = Map::<String, Value>::new();
    println!("{total} vectors in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Detection over every vector that verifies: the headers (and body) of each must detect its
/// scheme as well formed, ranked first or tied with the first (and then reported as
/// ambiguous with it). Cases that move the signature to another header are skipped: no
/// detector can know a header the user chose.
#[test]
fn detection_is_honest_over_every_vector() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut checked, mut ambiguous, mut failures) = (0, 0, Vec::new());
    for path in &files {
        let file: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let scheme = file["scheme"].as_str().expect("scheme");
        for (i, case) in file["cases"].as_array().expect("cases").iter().enumerate() {
            if case["expect"].get("ok").is_none() || case.get("signature_header").is_some() {
                continue;
            }
            checked += 1;
            let headers: Vec<(String, String)> = case["headers"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            let body = case_body(case);
            let found = hookgate::detect(&headers, Some(&body));
            let name = format!(
                "{} #{i} {:?}",
                path.file_name().unwrap().to_string_lossy(),
                case["name"]
            );
            let Some(mine) = found.iter().find(|d| d.scheme.id == scheme) else {
                failures.push(format!("{name}: {scheme} not detected"));
                continue;
            };
            if !mine.well_formed {
                failures.push(format!("{name}: {scheme} detected but not well formed"));
            }
            let first = &found[0];
            if first.scheme.id != scheme && !first.ambiguous_with.contains(&scheme) {
                failures.push(format!(
                    "{name}: {} ranked first ({:?}), {scheme} not reported as tied",
                    first.scheme.id, first.evidence
                ));
            }
            if !mine.ambiguous_with.is_empty() {
                ambiguous += 1;
            }
        }
    }
    println!(
        "{checked} verifying vectors detected; {ambiguous} of them ambiguous by their headers"
    );
    assert!(
        failures.is_empty(),
        "{} detection failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
