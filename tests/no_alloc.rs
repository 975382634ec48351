//! The verify path allocates nothing: a counting global allocator measures
//! `Verifier::verify` for Standard Webhooks and GitHub (ids from headers, nothing read from
//! the body) after the verifier is built, on success and on the common failures.
//!
//! The counts are process-wide, so each case is measured in several rounds and the fewest
//! allocations seen is what must be zero: an allocation of the verify path shows in every
//! round, one by another thread of the test harness in at most a few.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::hint::black_box;
use std::alloc::System;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use hookgate::{Request, Tolerance, UnixTime, Verifier, VerifyOptions, schemes};
use sha2::Sha256;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const ROUNDS: usize = 5;
const CALLS: usize = 50;

const WHSEC: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
const TS: i64 = 1_649_367_553;

/// Allocations (and reallocations) made by `CALLS` runs of `f`: the fewest over `ROUNDS`.
fn allocations(mut f: impl FnMut()) -> usize {
    (0..ROUNDS)
        .map(|_| {
            let region = Region::new(GLOBAL);
            for _ in 0..CALLS {
                f();
            }
            let change = region.change();
            change.allocations + change.reallocations
        })
        .min()
        .unwrap_or(0)
}

fn body(len: usize) -> Vec<u8> {
    br#"{"type":"x"}"#.iter().copied().cycle().take(len).collect()
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn standard_headers(body: &[u8]) -> Vec<(String, String)> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64.decode(WHSEC.trim_start_matches("whsec_")).unwrap();
    let ts = TS.to_string();
    let tag = hmac_sha256(&key, &[ID.as_bytes(), b".", ts.as_bytes(), b".", body]);
    let decoy = b64.encode([0u8; 32]);
    vec![
        ("webhook-id".into(), ID.into()),
        ("webhook-timestamp".into(), ts),
        (
            "Webhook-Signature".into(),
            format!("v1,{decoy} v1,{}", b64.encode(tag)),
        ),
    ]
}

fn github_headers(body: &[u8], delivery: bool) -> Vec<(String, String)> {
    let tag = hmac_sha256(GITHUB_SECRET.as_bytes(), &[body]);
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    let mut headers = vec![
        ("X-GitHub-Event".into(), "push".into()),
        ("X-Hub-Signature-256".into(), format!("sha256={hex}")),
    ];
    if delivery {
        headers.push((
            "X-GitHub-Delivery".into(),
            "72d3162e-cc78-11e3-81ab-4c9367dc0958".into(),
        ));
    }
    headers
}

fn assert_no_alloc(
    what: &str,
    verifier: &Verifier,
    headers: &[(String, String)],
    body: &[u8],
    options: &VerifyOptions,
    expect_ok: bool,
) {
    let request = Request::new(headers, body);
    // The outcome is what the case claims, so the measured path is the intended one.
    assert_eq!(
        verifier.verify(&request, options).is_ok(),
        expect_ok,
        "{what}: {:?}",
        verifier.verify(&request, options)
    );
    let n = allocations(|| {
        let _ = black_box(verifier.verify(black_box(&request), black_box(options)));
    });
    assert_eq!(n, 0, "{what}: {n} allocations in {CALLS} verify calls");
}

#[test]
fn verify_does_not_allocate() {
    let at = VerifyOptions::at(UnixTime::from_secs(TS));
    let standard = Verifier::new(
        &schemes::STANDARD_WEBHOOKS,
        &["whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", WHSEC],
    )
    .unwrap();
    let github = Verifier::new(&schemes::GITHUB, &[GITHUB_SECRET]).unwrap();

    // The counter works: building a verifier allocates.
    assert!(allocations(|| drop(black_box(Verifier::new(&schemes::GITHUB, &["k"])))) > 0);

    for len in [0, 256, 1024, 16 * 1024] {
        let body = body(len);
        let sw = standard_headers(&body);
        assert_no_alloc("standard_webhooks ok", &standard, &sw, &body, &at, true);
        let gh = github_headers(&body, true);
        assert_no_alloc("github ok", &github, &gh, &body, &at, true);
        // Without X-GitHub-Delivery the dedupe key is the body's SHA-256: still no allocation.
        let gh = github_headers(&body, false);
        assert_no_alloc("github ok, no delivery id", &github, &gh, &body, &at, true);

        // Failures allocate nothing either.
        let mut tampered = body.clone();
        tampered.push(b' ');
        assert_no_alloc(
            "standard_webhooks forged",
            &standard,
            &sw,
            &tampered,
            &at,
            false,
        );
        assert_no_alloc("github forged", &github, &gh, &tampered, &at, false);
        let late = VerifyOptions::at(UnixTime::from_secs(TS + 301));
        assert_no_alloc(
            "standard_webhooks stale",
            &standard,
            &sw,
            &body,
            &late,
            false,
        );
        let lenient = late.with_tolerance(Tolerance::seconds(301));
        assert_no_alloc(
            "standard_webhooks tolerance",
            &standard,
            &sw,
            &body,
            &lenient,
            true,
        );
        assert_no_alloc(
            "standard_webhooks missing",
            &standard,
            &sw[..2],
            &body,
            &at,
            false,
        );
    }
}
