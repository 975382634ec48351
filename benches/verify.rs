//! `Verifier::verify` beside a bare `hmac` + `sha2` check over the same signed content, for
//! Standard Webhooks (`{id}.{timestamp}.{body}`, base64 `v1`) and GitHub (`{body}`,
//! `sha256=<hex>`) at 256 B, 1 KiB, 16 KiB and 1 MiB.
//!
//! Both sides key the MAC, absorb the content and compare with `Mac::verify_slice`; hookgate
//! also finds the headers among a realistic set, parses and decodes the signature, parses and
//! checks the timestamp, and builds its `Verified` result. The bare side gets the decoded tag
//! for free. `scripts/bench-core.sh` runs this and prints the overhead table.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use core::hint::black_box;
use core::time::Duration;

use base64::Engine as _;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use hookgate::{Request, UnixTime, Verifier, VerifyOptions, schemes};
use sha2::Sha256;

const SIZES: [usize; 4] = [256, 1024, 16 * 1024, 1024 * 1024];
const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: &str = "1614265330";

/// One benchmark case: the request as received, and what the bare check needs.
struct Case {
    scheme: &'static str,
    verifier: Verifier,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    key: Vec<u8>,
    /// The signed content before the body (`{id}.{timestamp}.` or nothing).
    prefix: Vec<u8>,
    tag: Vec<u8>,
}

/// A JSON-ish body of exactly `len` bytes.
fn body(len: usize) -> Vec<u8> {
    let pattern =
        br#"{"type":"invoice.paid","data":{"id":"in_1","amount":4200,"currency":"eur"}},"#;
    pattern.iter().copied().cycle().take(len).collect()
}

fn mac(key: &[u8], prefix: &[u8], body: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(prefix);
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

/// Headers every request carries besides the scheme's own.
fn common_headers(len: usize) -> Vec<(String, String)> {
    vec![
        ("host".into(), "hooks.example.com".into()),
        ("user-agent".into(), "Webhook-Sender/1.0".into()),
        ("content-type".into(), "application/json".into()),
        ("content-length".into(), len.to_string()),
        ("accept".into(), "*/*".into()),
    ]
}

fn standard_webhooks(len: usize) -> Case {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64.decode(WHSEC.trim_start_matches("whsec_")).unwrap();
    let body = body(len);
    let prefix = format!("{ID}.{TS}.").into_bytes();
    let tag = mac(&key, &prefix, &body);
    let mut headers = common_headers(len);
    headers.extend([
        ("webhook-id".into(), ID.into()),
        ("webhook-timestamp".into(), TS.into()),
        (
            "webhook-signature".into(),
            format!("v1,{}", b64.encode(&tag)),
        ),
    ]);
    Case {
        scheme: "standard_webhooks",
        verifier: Verifier::new(&schemes::STANDARD_WEBHOOKS, &[WHSEC]).unwrap(),
        headers,
        body,
        key,
        prefix,
        tag,
    }
}

fn github(len: usize) -> Case {
    let key = GITHUB_SECRET.as_bytes().to_vec();
    let body = body(len);
    let tag = mac(&key, &[], &body);
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    let mut headers = common_headers(len);
    headers.extend([
        ("x-github-event".into(), "push".into()),
        (
            "x-github-delivery".into(),
            "72d3162e-cc78-11e3-81ab-4c9367dc0958".into(),
        ),
        ("x-hub-signature-256".into(), format!("sha256={hex}")),
    ]);
    Case {
        scheme: "github",
        verifier: Verifier::new(&schemes::GITHUB, &[GITHUB_SECRET]).unwrap(),
        headers,
        body,
        key,
        prefix: Vec::new(),
        tag,
    }
}

/// The minimum any correct verifier does: key the MAC, absorb the content, compare.
fn bare(key: &[u8], prefix: &[u8], body: &[u8], tag: &[u8]) -> bool {
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(prefix);
    m.update(body);
    m.verify_slice(tag).is_ok()
}

// Not inlined, so a profiler (`valgrind --tool=callgrind`) attributes each side's cost.
#[inline(never)]
fn run_hookgate(case: &Case, now: &VerifyOptions) -> bool {
    let request = Request::new(case.headers.as_slice(), &case.body);
    case.verifier.verify(&request, now).is_ok()
}

#[inline(never)]
fn run_bare(case: &Case) -> bool {
    bare(&case.key, &case.prefix, &case.body, &case.tag)
}

fn verify(c: &mut Criterion) {
    let now = VerifyOptions::at(UnixTime::from_secs(TS.parse().unwrap()));
    for make in [standard_webhooks as fn(usize) -> Case, github] {
        let mut group = c.benchmark_group(make(0).scheme);
        for len in SIZES {
            let case = make(len);
            assert!(run_hookgate(&case, &now), "{}", case.scheme);
            assert!(run_bare(&case), "{}", case.scheme);
            group.throughput(Throughput::Bytes(len as u64));
            group.bench_function(BenchmarkId::new("hookgate", len), |b| {
                b.iter(|| run_hookgate(black_box(&case), black_box(&now)));
            });
            group.bench_function(BenchmarkId::new("bare_hmac", len), |b| {
                b.iter(|| run_bare(black_box(&case)));
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = verify
}
criterion_main!(benches);
