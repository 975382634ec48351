//! Header and signature parsing plus `verify` for every built-in scheme (and the generic
//! scheme under an arbitrary header name), with arbitrary headers, body, URL, method, secrets,
//! clock and tolerance. Requests may start out validly signed, so the success path and the
//! timestamp window are fuzzed as well as the error paths. Auto-detection runs on the same
//! headers and must name any scheme that verifies, judge its signature well formed, and
//! report ties both ways.

#![no_main]

use arbitrary::Arbitrary;
use hookgate::{ConfigError, Verifier, detect, schemes};
use hookgate_fuzz::{
    NameInput, RequestInput, SecretInput, SignSeed, build, check_code, verify_checked,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    /// Index into the registry; one past the end is the generic scheme under `generic_header`.
    scheme: u8,
    generic_header: NameInput,
    secrets: Vec<SecretInput>,
    seed: Option<SignSeed>,
    request: RequestInput,
}

fuzz_target!(|input: Input| {
    let all = schemes::all();
    let index = usize::from(input.scheme) % (all.len() + 1);
    let custom;
    let spec = match all.get(index) {
        Some(spec) => *spec,
        None => {
            custom =
                schemes::GENERIC_HMAC_SHA256.with_signature_header(&input.generic_header.render());
            &custom
        }
    };
    let built = build(spec, &input.request, &input.secrets, input.seed.as_ref());
    let verifier = if index < all.len() {
        Verifier::for_scheme(&spec.id, &built.secrets)
    } else {
        Verifier::custom(spec.clone(), &built.secrets)
    };
    let verifier = match verifier {
        Ok(v) => v,
        Err(e) => {
            check_code(e.code(), &spec.id);
            let _ = e.to_string();
            // A validly signed request's key always parses; only the decoys may be bad.
            assert!(
                built.signed_by.is_none()
                    || built.secrets.len() > 1
                    || matches!(e, ConfigError::InvalidSpec { .. }),
                "{}: signing key rejected for verification: {e:?}",
                spec.id
            );
            return;
        }
    };
    assert!(!format!("{verifier:?}").is_empty());

    let result = verify_checked(&verifier, &built, input.request.tolerance, &spec.id);

    let body = Some(built.body.as_slice());
    let found = detect(built.headers.as_slice(), body);
    for d in &found {
        assert!(!d.evidence.is_empty(), "detection without evidence");
    }
    // A built-in scheme that verified is detected, unless its own detection rule rules it out
    // (HubSpot v1/v2 share a header and differ by `x-hubspot-signature-version`).
    if result.is_ok() && index < all.len() && spec.detect.iter().all(|rule| rule.equals.is_none()) {
        let mine = found.iter().find(|d| d.scheme.id == spec.id);
        assert!(mine.is_some(), "{} verified but was not detected", spec.id);
        // A signature that verified is one the scheme writes.
        assert!(
            mine.is_some_and(|d| d.well_formed),
            "{} verified but its signature was judged malformed",
            spec.id
        );
    }
    // Ties are symmetric: each side names the other.
    for d in &found {
        for other in &d.ambiguous_with {
            let back = found.iter().find(|o| o.scheme.id == *other);
            assert!(
                back.is_some_and(|o| o.ambiguous_with.contains(&d.scheme.id.as_ref())),
                "{} ties with {other}, not the reverse",
                d.scheme.id
            );
        }
    }
});
