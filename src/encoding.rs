//! Hex and base64 text to bytes and back. Decoding writes into a caller's buffer so the verify
//! path allocates nothing.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::spec::Encoding;

/// Signatures and keys are accepted padded or not; trailing bits must be canonical.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
/// Secrets copied from dashboards sometimes carry non-canonical trailing bits (Python accepts them).
const LENIENT_BITS: GeneralPurposeConfig = LENIENT.with_decode_allow_trailing_bits(true);

pub(crate) const BASE64: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
pub(crate) const BASE64_SECRET: GeneralPurpose =
    GeneralPurpose::new(&alphabet::STANDARD, LENIENT_BITS);
const BASE64URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);
const BASE64_PADDED: GeneralPurpose = base64::engine::general_purpose::STANDARD;
const BASE64URL_UNPADDED: GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Decodes `text` into `buf`, returning the bytes written, or `None` if the text is not valid.
pub(crate) fn decode_into<'b>(
    encoding: Encoding,
    text: &str,
    buf: &'b mut [u8],
) -> Option<&'b [u8]> {
    // An empty signature is malformed, not a short one.
    if text.is_empty() {
        return None;
    }
    let n = match encoding {
        Encoding::Hex => hex_decode_into(text, buf)?,
        Encoding::Base64 => BASE64.decode_slice(text, buf).ok()?,
        Encoding::Base64url => BASE64URL.decode_slice(text, buf).ok()?,
        Encoding::Text => {
            let out = buf.get_mut(..text.len())?;
            out.copy_from_slice(text.as_bytes());
            text.len()
        }
    };
    buf.get(..n)
}

fn hex_decode_into(text: &str, buf: &mut [u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) || bytes.len() / 2 > buf.len() {
        return None;
    }
    for (out, pair) in buf.iter_mut().zip(bytes.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *out = (hex_value(*hi)? << 4) | hex_value(*lo)?;
    }
    Some(bytes.len() / 2)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

pub(crate) fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let mut buf = alloc::vec![0u8; text.len() / 2];
    let n = hex_decode_into(text, &mut buf)?;
    buf.truncate(n);
    Some(buf)
}

/// Encodes as the scheme writes it: lower-case hex, padded standard base64, unpadded base64url.
pub(crate) fn encode(encoding: Encoding, bytes: &[u8]) -> String {
    match encoding {
        Encoding::Hex => hex_encode(bytes),
        Encoding::Base64 => BASE64_PADDED.encode(bytes),
        Encoding::Base64url => BASE64URL_UNPADDED.encode(bytes),
        Encoding::Text => String::from_utf8_lossy(bytes).into_owned(),
    }
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0xf] {
            s.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    s
}

/// Writes lower-case hex of `bytes` into a fixed buffer (no allocation); used for body hashes.
pub(crate) fn hex_write(bytes: &[u8], f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_rejects() {
        let mut buf = [0u8; 4];
        assert_eq!(
            decode_into(Encoding::Hex, "0aFf", &mut buf),
            Some(&[0x0a, 0xff][..])
        );
        assert_eq!(decode_into(Encoding::Hex, "0aF", &mut buf), None);
        assert_eq!(decode_into(Encoding::Hex, "zz", &mut buf), None);
        assert_eq!(decode_into(Encoding::Hex, "0011223344", &mut buf), None);
        assert_eq!(hex_encode(&[0x0a, 0xff]), "0aff");
    }

    #[test]
    fn base64_padding_optional() {
        let mut buf = [0u8; 8];
        assert_eq!(
            decode_into(Encoding::Base64, "aGk=", &mut buf),
            Some(&b"hi"[..])
        );
        assert_eq!(
            decode_into(Encoding::Base64, "aGk", &mut buf),
            Some(&b"hi"[..])
        );
        assert_eq!(decode_into(Encoding::Base64, "a*k=", &mut buf), None);
        assert_eq!(encode(Encoding::Base64, b"hi"), "aGk=");
    }
}
