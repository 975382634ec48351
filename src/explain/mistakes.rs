//! The variants forensics tries for mistakes outside the body and the secret's spelling: the
//! URL a proxy rewrote, a public key in PEM or DER form, a signature encoding swapped (hex and
//! base64), and a compressed body. Each function only proposes; `forensics` re-runs the
//! verification and keeps what verifies.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine as _;

use crate::encoding::{self, BASE64_SECRET};
use crate::headers::Headers;
use crate::spec::{Algorithm, Encoding, KeyEncoding, KeyFormat, SchemeSpec};

/// A URL split as `scheme://authority` and the rest (path, query).
fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, after) = url.split_once("://")?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    Some((scheme, authority, rest))
}

/// The first value of a comma-separated forwarding header, trimmed.
fn first_value(value: &str) -> &str {
    value.split(',').next().unwrap_or_default().trim()
}

/// `proto` and `host` from an RFC 7239 `Forwarded` header's first element.
fn forwarded(value: &str) -> (Option<&str>, Option<&str>) {
    let (mut proto, mut host) = (None, None);
    for pair in first_value(value).split(';') {
        if let Some((k, v)) = pair.split_once('=') {
            let v = v.trim().trim_matches('"');
            match k.trim().to_ascii_lowercase().as_str() {
                "proto" => proto = Some(v),
                "host" => host = Some(v),
                _ => {}
            }
        }
    }
    (proto, host)
}

/// URLs the provider may have signed when the one given is what a server behind a proxy saw:
/// rebuilt from `X-Forwarded-Proto` / `-Host` / `-Port` or `Forwarded`, the other scheme
/// (`http` ↔ `https`), without the port, and with the path's trailing slash toggled. Each with
/// what it changes.
pub(super) fn url_variants<H: Headers + ?Sized>(headers: &H, url: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let Some((scheme, authority, rest)) = split_url(url) else {
        return out;
    };
    let mut push = |candidate: String, why: String| {
        if candidate != url && !out.iter().any(|(u, _)| *u == candidate) {
            out.push((candidate, why));
        }
    };
    let xf_proto = headers.header("x-forwarded-proto").map(first_value);
    let xf_host = headers.header("x-forwarded-host").map(first_value);
    let xf_port = headers.header("x-forwarded-port").map(first_value);
    if xf_proto.is_some() || xf_host.is_some() {
        let proto = xf_proto.unwrap_or(scheme);
        let mut host = xf_host.unwrap_or(authority).to_string();
        if let Some(port) = xf_port.filter(|p| !host.contains(':') && !is_default_port(proto, p)) {
            host = format!("{host}:{port}");
        }
        push(
            format!("{proto}://{host}{rest}"),
            String::from(
                "rebuilt from X-Forwarded-Proto / X-Forwarded-Host: the URL in front of your proxy",
            ),
        );
    }
    if let Some(value) = headers.header("forwarded") {
        let (proto, host) = forwarded(value);
        if proto.is_some() || host.is_some() {
            push(
                format!(
                    "{}://{}{rest}",
                    proto.unwrap_or(scheme),
                    host.unwrap_or(authority)
                ),
                String::from("rebuilt from the Forwarded header: the URL in front of your proxy"),
            );
        }
    }
    let other = if scheme.eq_ignore_ascii_case("http") {
        "https"
    } else {
        "http"
    };
    let bare = strip_port(authority);
    push(
        format!("{other}://{bare}{rest}"),
        format!("with {other}:// and no port (TLS ended at a proxy or load balancer)"),
    );
    if bare != authority {
        push(
            format!("{scheme}://{bare}{rest}"),
            String::from(
                "without the port (the provider called the standard port; your server listens on another)",
            ),
        );
    }
    // The path's trailing slash, added or dropped by a router or a redirect.
    let (path, query) = rest
        .find(['?', '#'])
        .map_or((rest, ""), |i| rest.split_at(i));
    let toggled = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => format!("{path}/"),
    };
    push(
        format!("{scheme}://{authority}{toggled}{query}"),
        String::from("with the path's trailing slash toggled (a router or redirect changed it)"),
    );
    out
}

fn is_default_port(scheme: &str, port: &str) -> bool {
    (scheme.eq_ignore_ascii_case("https") && port == "443")
        || (scheme.eq_ignore_ascii_case("http") && port == "80")
}

fn strip_port(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        // Not the colon of an IPv6 literal's last group.
        Some((host, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && !host.ends_with(':') =>
        {
            host
        }
        _ => authority,
    }
}

/// The DER SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410): 12 bytes, then the key.
const ED25519_SPKI: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// The bytes inside a PEM block, or `None` when `text` is not PEM.
fn pem_der(text: &str) -> Option<Vec<u8>> {
    if !text.contains("-----BEGIN") {
        return None;
    }
    let body: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect();
    BASE64_SECRET.decode(body).ok()
}

/// Public-key spellings to try for a key that is not in the scheme's format: a PEM block, a
/// DER SubjectPublicKeyInfo in base64 or hex, or the raw key in the other of hex and base64.
/// Each as the scheme's format writes it, with what it was.
pub(super) fn public_key_variants(spec: &SchemeSpec, secret: &str) -> Vec<(String, String)> {
    let text = secret.trim();
    let mut out: Vec<(String, String)> = Vec::new();
    let decoded = |t: &str| -> Option<Vec<u8>> {
        encoding::hex_decode(t).or_else(|| BASE64_SECRET.decode(t).ok())
    };
    let (der, what) = match pem_der(text) {
        Some(der) => (Some(der), "a PEM block"),
        None => (decoded(text), "DER or a raw key in another encoding"),
    };
    let Some(bytes) = der else {
        return out;
    };
    for alg in spec.signature.algorithms.iter() {
        let key = &alg.key;
        let candidate = match alg.algorithm {
            Algorithm::Ed25519 => {
                let raw = match bytes.strip_prefix(&ED25519_SPKI[..]) {
                    Some(raw) if raw.len() == 32 => raw,
                    _ if bytes.len() == 32 => &bytes[..],
                    _ => continue,
                };
                write_key(key, raw)
            }
            Algorithm::EcdsaP256Sha256
                if key.encoding == KeyEncoding::SpkiBase64 && bytes.first() == Some(&0x30) =>
            {
                encoding::encode(Encoding::Base64, &bytes)
            }
            _ => continue,
        };
        if candidate != text && !out.iter().any(|(c, _)| *c == candidate) {
            let wants = describe_key(key);
            out.push((
                candidate,
                format!(
                    "The public key was given as {what}; {} wants {wants}.",
                    spec.name
                ),
            ));
        }
    }
    out
}

fn write_key(key: &KeyFormat, raw: &[u8]) -> String {
    let body = match key.encoding {
        KeyEncoding::Hex => encoding::hex_encode(raw),
        _ => encoding::encode(Encoding::Base64, raw),
    };
    match &key.prefix {
        Some(p) => format!("{p}{body}"),
        None => body,
    }
}

fn describe_key(key: &KeyFormat) -> String {
    let enc = match key.encoding {
        KeyEncoding::Hex => "the 32-byte key in hex",
        KeyEncoding::SpkiBase64 => "the DER SubjectPublicKeyInfo in base64, without the PEM lines",
        _ => "the 32-byte key in base64",
    };
    match &key.prefix {
        Some(p) => format!("{enc}, after {p}"),
        None => String::from(enc),
    }
}

/// The spec with its signatures read in another encoding (hex ↔ base64, base64 ↔ base64url),
/// for a custom spec or generic scheme declared with the wrong one. Each with a description.
pub(super) fn signature_encoding_variants(
    spec: &SchemeSpec,
) -> Vec<(Cow<'static, SchemeSpec>, String)> {
    let mut out = Vec::new();
    for (from, to) in [
        (Encoding::Hex, Encoding::Base64),
        (Encoding::Base64, Encoding::Hex),
        (Encoding::Base64, Encoding::Base64url),
        (Encoding::Base64url, Encoding::Base64),
    ] {
        if !spec
            .signature
            .algorithms
            .iter()
            .any(|a| a.encoding == from && a.algorithm != Algorithm::Token)
        {
            continue;
        }
        let mut s = spec.clone();
        let algorithms: Vec<_> = s
            .signature
            .algorithms
            .iter()
            .cloned()
            .map(|mut a| {
                if a.encoding == from && a.algorithm != Algorithm::Token {
                    a.encoding = to;
                }
                a
            })
            .collect();
        s.signature.algorithms = Cow::Owned(algorithms);
        out.push((
            Cow::Owned(s),
            format!(
                "The signature is written in {}, but the scheme reads it as {}.",
                to.name(),
                from.name()
            ),
        ));
    }
    out
}

/// Whether the body is still compressed: gzip's magic bytes, or a `Content-Encoding` with a
/// binary body. Providers sign the payload before compression.
pub(super) fn compressed<H: Headers + ?Sized>(headers: &H, body: &[u8]) -> Option<&'static str> {
    if body.starts_with(&[0x1f, 0x8b]) {
        return Some("gzip");
    }
    // Declared compressed and still binary: not decompressed yet (a decompressed body is fine).
    let encoding = headers.header("content-encoding").map(str::trim)?;
    if core::str::from_utf8(body).is_ok() {
        return None;
    }
    ["gzip", "deflate", "br", "zstd"]
        .into_iter()
        .find(|e| encoding.eq_ignore_ascii_case(e))
}
