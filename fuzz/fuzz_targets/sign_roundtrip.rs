//! `sign` → `verify` for every built-in scheme that can sign, with arbitrary bodies, ids,
//! timestamps, URLs, methods and keys, among decoy secrets. When signing succeeds,
//! verification at the signed instant must succeed with that key (or an earlier equivalent
//! one), report the signed timestamp and id, and fail once the body is tampered with.

#![no_main]

use arbitrary::Arbitrary;
use hookgate::spec::{Algorithm, Source, TimeUnit};
use hookgate::{
    MAX_SECRETS, Request, SignInput, Tolerance, UnixTime, Verifier, VerifyOptions, schemes, sign,
};
use hookgate_fuzz::{KeyInput, SecretInput, expected_sign_error, form_body, key_pair, signed_time};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    scheme: u8,
    key: KeyInput,
    decoys: Vec<SecretInput>,
    key_position: u8,
    body: Vec<u8>,
    id: String,
    timestamp_s: i64,
    timestamp_ms: u16,
    url: String,
    method: String,
    flip: (u16, u8),
}

fuzz_target!(|input: Input| {
    let signable: Vec<_> = schemes::all()
        .iter()
        .copied()
        .filter(|s| {
            s.signature
                .algorithms
                .iter()
                .any(|a| a.algorithm != Algorithm::EcdsaP256Sha256)
        })
        .collect();
    let spec = signable[usize::from(input.scheme) % signable.len()];
    // A key of the kind the scheme takes: a secret's bytes double as a seed, and back.
    let other = match &input.key {
        KeyInput::Secret(b) => {
            let mut seed = [0u8; 32];
            for (s, b) in seed.iter_mut().zip(b) {
                *s = *b;
            }
            KeyInput::Ed25519(seed)
        }
        KeyInput::Ed25519(seed) => KeyInput::Secret(seed.to_vec()),
    };
    let Some((signing, verifying)) = key_pair(spec, &input.key).or_else(|| key_pair(spec, &other))
    else {
        panic!("{}: no key kind fits", spec.id);
    };
    // Twilio's `bodySHA256` query parameter makes the body's digest the producer's job.
    if spec.id == "twilio" && input.url.contains("bodySHA256") {
        return;
    }

    // Any instant: `sign` refuses those before the epoch, which `verify` cannot accept
    // (found here; tests/fuzz_regressions.rs).
    let at = signed_time(spec, input.timestamp_s, input.timestamp_ms);
    let sign_input = SignInput::new(&input.body)
        .with_id(&input.id)
        .with_timestamp(at)
        .with_url(&input.url)
        .with_method(&input.method);
    let signed = match sign(spec, &signing, &sign_input) {
        Ok(signed) => signed,
        Err(e) => {
            assert!(expected_sign_error(&e), "{}: sign failed: {e:?}", spec.id);
            return;
        }
    };
    let body = if signed.body_fields.is_empty() {
        input.body.clone()
    } else {
        form_body(&signed.body_fields)
    };

    // Decoys that parse on their own, with the real key among them: as many as a verifier
    // takes (MAX_SECRETS bounds the work a forged request can cause).
    let mut secrets: Vec<String> = input
        .decoys
        .iter()
        .map(SecretInput::render)
        .filter(|d| Verifier::new(spec, &[d]).is_ok())
        .take(MAX_SECRETS - 1)
        .collect();
    let position = usize::from(input.key_position) % (secrets.len() + 1);
    secrets.insert(position, verifying);
    let verifier = Verifier::new(spec, &secrets)
        .unwrap_or_else(|e| panic!("{}: verification key rejected: {e:?}", spec.id));

    // Linear reads the timestamp from the body's `webhookTimestamp` before the header that
    // `sign` writes, so an arbitrary body may carry its own: only the signature is checked then.
    let ts_from_body = spec
        .timestamp
        .as_ref()
        .and_then(|t| t.from.first())
        .is_some_and(Source::in_body)
        && signed.body_fields.is_empty();
    let mut options = VerifyOptions::at(at);
    if ts_from_body {
        options = options.with_tolerance(Tolerance::dangerous_unlimited());
    }
    let request = Request::new(signed.headers.as_slice(), &body)
        .with_url(&input.url)
        .with_method(&input.method);
    let ok = verifier.verify(&request, &options).unwrap_or_else(|e| {
        panic!(
            "{}: sign → verify failed: {e:?}\nheaders {:?}",
            spec.id, signed.headers
        )
    });
    assert!(ok.key_index() <= position, "{}: key index", spec.id);
    if let (false, Some(ts_spec)) = (ts_from_body, &spec.timestamp) {
        // Second-unit schemes sign whole seconds (`from_secs` saturates near `i64::MAX`).
        let expected = match ts_spec.unit {
            TimeUnit::Seconds => UnixTime::from_secs(at.as_secs()),
            _ => at,
        };
        assert_eq!(ok.timestamp(), Some(expected), "{}: timestamp", spec.id);
    }
    if !spec.message_id.is_empty() {
        assert_eq!(ok.id(), Some(input.id.as_str()), "{}: id", spec.id);
    }

    // Tampering with a signed body fails (Mailgun and Plivo's V2 do not sign it). Twilio signs
    // the decoded form parameters, where distinct invalid UTF-8 bytes may decode alike.
    if !body.is_empty() && spec.signed_content.contains("{body}") && spec.id != "twilio" {
        let mut tampered = body.clone();
        let i = usize::from(input.flip.0) % tampered.len();
        tampered[i] ^= 1 << (input.flip.1 % 8);
        let request = Request::new(signed.headers.as_slice(), &tampered)
            .with_url(&input.url)
            .with_method(&input.method);
        assert!(
            verifier.verify(&request, &options).is_err(),
            "{}: tampered body verified",
            spec.id
        );
    }
});
