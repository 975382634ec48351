//! Custom scheme specs: `SchemeSpec::from_json` on arbitrary text and on structurally valid
//! JSON built from arbitrary parts, then verification (and, when the spec can sign, a signed
//! request) under the parsed spec. A spec that parses must also survive `to_json` →
//! `from_json` unchanged.

#![no_main]

use arbitrary::Arbitrary;
use hookgate::Verifier;
use hookgate::spec::SchemeSpec;
use hookgate_fuzz::spec_json::SpecShape;
use hookgate_fuzz::{
    RequestInput, SecretInput, SignSeed, ToleranceInput, build, check_code, round_trip_expected,
    verify_checked,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum SpecText {
    Raw(String),
    Shaped(Box<SpecShape>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    spec: SpecText,
    secrets: Vec<SecretInput>,
    seed: Option<SignSeed>,
    request: RequestInput,
}

fuzz_target!(|input: Input| {
    let text = match &input.spec {
        SpecText::Raw(s) => s.clone(),
        SpecText::Shaped(shape) => shape.to_json(),
    };
    let spec = match SchemeSpec::from_json(&text) {
        Ok(spec) => spec,
        Err(e) => {
            check_code(e.code(), "from_json");
            assert!(
                matches!(e.code(), "invalid_spec" | "invalid_spec_json"),
                "from_json failed with {e:?}"
            );
            let _ = e.to_string();
            return;
        }
    };
    let json = spec.to_json();
    let back = SchemeSpec::from_json(&json)
        .unwrap_or_else(|e| panic!("to_json output does not parse: {e}\n{json}"));
    assert_eq!(back, spec, "to_json → from_json changed the spec");
    let _ = spec.header_names().count();

    let built = build(&spec, &input.request, &input.secrets, input.seed.as_ref());
    let verifier = match Verifier::custom(spec.clone(), &built.secrets) {
        Ok(v) => v,
        Err(e) => {
            check_code(e.code(), &spec.id);
            let _ = e.to_string();
            return;
        }
    };
    let _ = verify_checked(&verifier, &built, input.request.tolerance, &spec.id);

    // A clean round trip under the custom spec: what `sign` produced, alone, at its own
    // instant, verifies. Values `sign` puts in the body are left out: it returns them as
    // fields without saying whether the body is a form or JSON.
    if let Some(seed) = &input.seed {
        let clean = RequestInput {
            headers: Vec::new(),
            now_ms: 0,
            tolerance: ToleranceInput::Unlimited,
            ..input.request.clone()
        };
        let mut seed = seed.clone();
        seed.now_offset_ms = Some(0);
        let built = build(&spec, &clean, &[], Some(&seed));
        if built.signed_by.is_some() && !built.body_fields && round_trip_expected(&spec) {
            let verifier = Verifier::custom(spec.clone(), &built.secrets)
                .unwrap_or_else(|e| panic!("signing key rejected: {e:?}\n{json}"));
            let result = verify_checked(&verifier, &built, ToleranceInput::Unlimited, &spec.id);
            assert!(
                result.is_ok(),
                "custom sign → verify failed: {result:?}\n{json}\n{built:?}"
            );
        }
    }
});
