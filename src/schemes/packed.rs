//! The registry packed into bytes at compile time, for builds that must not link every static
//! spec: the npm package's verification module looks its scheme up here.
//!
//! A `static` [`SchemeSpec`] is mostly pointers and lengths (about 300 bytes for a one-header
//! scheme); the same facts as length-prefixed bytes take about 50, and compress to a quarter
//! of what the statics do. The verification module looks a scheme up here and unpacks just
//! that one; everything else (the Rust API, the tools module, the Worker) reads the statics.
//! Both come from the same statics: the packed bytes are computed from them by `const fn`s,
//! so the two cannot drift.
//!
//! An unpacked spec keeps what verifying reads (id, signature, signed content, timestamp, id
//! and dedupe sources, special code) and leaves out the name, family, aliases and detection
//! rules.
//!
//! Format (internal; written and read by this build only): one record per scheme,
//! `u16 length | u8 name count | names (id first, then aliases) | spec`, where a string is
//! `u8 length | bytes`, an optional string is `u8 0` or `u8 length + 1 | bytes`, and the
//! spec is the fields of [`SchemeSpec`] in declaration order.

#![allow(
    clippy::indexing_slicing,
    clippy::panic,
    reason = "the packing runs at compile time: an out-of-bounds write or an owned string fails the build, never a user"
)]
#![allow(
    clippy::ptr_arg,
    reason = "a const fn cannot deref a Cow; it matches Cow::Borrowed to keep the 'static borrow"
)]

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::{ALL, GATEWAY, same_name};
use crate::error::ConfigError;
use crate::spec::{
    Algorithm, AlgorithmSpec, Direction, Encoding, KeyEncoding, KeyFormat, SchemeSpec,
    SignatureFormat, SignatureSpec, Source, Special, TimeUnit, TimestampSpec,
};

const LEN: usize = pack::<0>(&ALL, &GATEWAY).1;

/// Every built-in scheme and hookgate's own, packed.
static PACKED: [u8; LEN] = pack::<LEN>(&ALL, &GATEWAY).0;

/// The built-in scheme with this id or alias, unpacked: what [`super::by_id`] finds, without
/// its name, family, aliases and detection rules (see the module docs).
///
/// # Errors
/// [`ConfigError::UnknownScheme`].
pub fn by_id(id: &str) -> Result<SchemeSpec, ConfigError> {
    find(id).ok_or_else(|| ConfigError::UnknownScheme { id: id.into() })
}

fn find(id: &str) -> Option<SchemeSpec> {
    let mut rest: &'static [u8] = &PACKED;
    while let [hi, lo, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*hi, *lo]));
        let (record, next) = tail.split_at_checked(len)?;
        let mut r = Reader(record);
        let count = r.byte()?;
        let canonical = r.str()?;
        let mut found = same_name(canonical, id);
        for _ in 1..count {
            found |= same_name(r.str()?, id);
        }
        if found {
            return r.spec(canonical);
        }
        rest = next;
    }
    None
}

// ---------------------------------------------------------------------------- packing (const)

/// The packed registry of `all` then `more`, and its length; with `N` = 0 it only measures.
const fn pack<const N: usize>(all: &[&SchemeSpec], more: &[&SchemeSpec]) -> ([u8; N], usize) {
    let mut w = Writer { buf: [0; N], at: 0 };
    let mut i = 0;
    while i < all.len() + more.len() {
        let spec = if i < all.len() {
            all[i]
        } else {
            more[i - all.len()]
        };
        let start = w.at;
        w.byte(0);
        w.byte(0);
        w.byte(1 + as_slice(&spec.aliases).len() as u8);
        w.str(&spec.id);
        let mut a = 0;
        while a < as_slice(&spec.aliases).len() {
            w.str(&as_slice(&spec.aliases)[a]);
            a += 1;
        }
        w.spec(spec);
        let len = w.at - start - 2;
        assert!(len <= u16::MAX as usize, "a packed scheme is over 64 KB");
        w.set(start, len as u8);
        w.set(start + 1, (len >> 8) as u8);
        i += 1;
    }
    (w.buf, w.at)
}

const fn as_slice<T: Clone>(list: &Cow<'static, [T]>) -> &'static [T] {
    match list {
        Cow::Borrowed(items) => items,
        // Invariant: only called from `pack`, a const evaluation over the `static` built-in
        // specs, which are all `Cow::Borrowed`: an owned one fails the build, never a request.
        Cow::Owned(_) => panic!("built-in specs borrow their lists"),
    }
}

const fn as_str(text: &Cow<'static, str>) -> &'static str {
    match text {
        Cow::Borrowed(s) => s,
        // Invariant: only called from `pack`, a const evaluation over the `static` built-in
        // specs, which are all `Cow::Borrowed`: an owned one fails the build, never a request.
        Cow::Owned(_) => panic!("built-in specs borrow their strings"),
    }
}

struct Writer<const N: usize> {
    buf: [u8; N],
    at: usize,
}

impl<const N: usize> Writer<N> {
    const fn byte(&mut self, b: u8) {
        if N > 0 {
            self.buf[self.at] = b;
        }
        self.at += 1;
    }

    const fn set(&mut self, at: usize, b: u8) {
        if N > 0 {
            self.buf[at] = b;
        }
    }

    const fn bytes(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            self.byte(bytes[i]);
            i += 1;
        }
    }

    const fn str(&mut self, text: &Cow<'static, str>) {
        let bytes = as_str(text).as_bytes();
        assert!(
            bytes.len() < 255,
            "a built-in spec string is over 254 bytes"
        );
        self.byte(bytes.len() as u8);
        self.bytes(bytes);
    }

    const fn opt_str(&mut self, text: &Option<Cow<'static, str>>) {
        match text {
            None => self.byte(0),
            Some(t) => {
                let bytes = as_str(t).as_bytes();
                assert!(
                    bytes.len() < 254,
                    "a built-in spec string is over 253 bytes"
                );
                self.byte(bytes.len() as u8 + 1);
                self.bytes(bytes);
            }
        }
    }

    const fn char(&mut self, c: char) {
        self.bytes(&(c as u32).to_le_bytes());
    }

    const fn sources(&mut self, sources: &Cow<'static, [Source]>) {
        let list = as_slice(sources);
        self.byte(list.len() as u8);
        let mut i = 0;
        while i < list.len() {
            let (kind, name) = match &list[i] {
                Source::Form(n) => (0, n),
                Source::Header(n) => (1, n),
                Source::Json(n) => (2, n),
                Source::Param(n) => (3, n),
            };
            self.byte(kind);
            self.str(name);
            i += 1;
        }
    }

    const fn spec(&mut self, spec: &SchemeSpec) {
        let SignatureSpec {
            from,
            format,
            algorithms,
            from_all,
        } = &spec.signature;
        self.sources(from);
        self.byte(*from_all as u8);
        match format {
            SignatureFormat::Value { prefix } => {
                self.byte(0);
                self.opt_str(prefix);
            }
            SignatureFormat::List { separator, assign } => {
                self.byte(1);
                self.char(*separator);
                self.char(*assign);
            }
        }
        let algorithms = as_slice(algorithms);
        self.byte(algorithms.len() as u8);
        let mut i = 0;
        while i < algorithms.len() {
            self.algorithm(&algorithms[i]);
            i += 1;
        }
        self.str(&spec.signed_content);
        self.byte(spec.dangerous_unsigned_body as u8);
        match &spec.timestamp {
            None => self.byte(0),
            Some(ts) => {
                self.byte(1);
                self.sources(&ts.from);
                self.byte(match ts.unit {
                    TimeUnit::Milliseconds => 0,
                    TimeUnit::Seconds => 1,
                    TimeUnit::Rfc3339 => 2,
                });
                match ts.tolerance_s {
                    None => self.byte(0),
                    Some(s) => {
                        self.byte(1);
                        self.bytes(&s.to_le_bytes());
                    }
                }
                self.byte(match ts.direction {
                    Direction::Both => 0,
                    Direction::PastOnly => 1,
                });
            }
        }
        self.sources(&spec.message_id);
        self.sources(&spec.dedupe);
        self.byte(match spec.special {
            Special::None => 0,
            Special::Twilio => 1,
        });
    }

    const fn algorithm(&mut self, alg: &AlgorithmSpec) {
        self.opt_str(&alg.tag);
        self.byte(match alg.algorithm {
            Algorithm::EcdsaP256Sha256 => 0,
            Algorithm::Ed25519 => 1,
            Algorithm::HmacSha1 => 2,
            Algorithm::HmacSha256 => 3,
            Algorithm::HmacSha512 => 4,
            Algorithm::Sha256 => 5,
            Algorithm::Token => 6,
        });
        self.byte(match alg.encoding {
            Encoding::Base64 => 0,
            Encoding::Base64url => 1,
            Encoding::Hex => 2,
            Encoding::Text => 3,
        });
        let key = &alg.key;
        self.byte(match key.encoding {
            KeyEncoding::Base64 => 0,
            KeyEncoding::Hex => 1,
            KeyEncoding::Raw => 2,
            KeyEncoding::SpkiBase64 => 3,
        });
        self.opt_str(&key.prefix);
        self.byte(key.prefix_required as u8);
        self.opt_str(&key.signing_prefix);
    }
}

// ---------------------------------------------------------------------------- unpacking

/// Reads the packed registry; strings are borrowed from it, so unpacking copies none.
struct Reader(&'static [u8]);

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    fn str(&mut self) -> Option<&'static str> {
        let n = self.byte()?;
        core::str::from_utf8(self.take(usize::from(n))?).ok()
    }

    fn cow(&mut self) -> Option<Cow<'static, str>> {
        self.str().map(Cow::Borrowed)
    }

    fn opt_str(&mut self) -> Option<Option<Cow<'static, str>>> {
        match self.byte()? {
            0 => Some(None),
            n => {
                let bytes = self.take(usize::from(n - 1))?;
                Some(Some(Cow::Borrowed(core::str::from_utf8(bytes).ok()?)))
            }
        }
    }

    fn char(&mut self) -> Option<char> {
        let bytes = self.take(4)?;
        char::from_u32(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    fn sources(&mut self) -> Option<Cow<'static, [Source]>> {
        let n = self.byte()?;
        let mut out = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let kind = self.byte()?;
            let name = self.cow()?;
            out.push(match kind {
                0 => Source::Form(name),
                1 => Source::Header(name),
                2 => Source::Json(name),
                3 => Source::Param(name),
                _ => return None,
            });
        }
        Some(Cow::Owned(out))
    }

    fn spec(&mut self, id: &'static str) -> Option<SchemeSpec> {
        let from = self.sources()?;
        let from_all = self.byte()? != 0;
        let format = match self.byte()? {
            0 => SignatureFormat::Value {
                prefix: self.opt_str()?,
            },
            1 => SignatureFormat::List {
                separator: self.char()?,
                assign: self.char()?,
            },
            _ => return None,
        };
        let n = self.byte()?;
        let mut algorithms = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            algorithms.push(self.algorithm()?);
        }
        let signed_content = self.cow()?;
        let dangerous_unsigned_body = self.byte()? != 0;
        let timestamp = match self.byte()? {
            0 => None,
            _ => Some(TimestampSpec {
                from: self.sources()?,
                unit: match self.byte()? {
                    0 => TimeUnit::Milliseconds,
                    1 => TimeUnit::Seconds,
                    2 => TimeUnit::Rfc3339,
                    _ => return None,
                },
                tolerance_s: match self.byte()? {
                    0 => None,
                    _ => Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?)),
                },
                direction: if self.byte()? == 0 {
                    Direction::Both
                } else {
                    Direction::PastOnly
                },
            }),
        };
        let message_id = self.sources()?;
        let dedupe = self.sources()?;
        let special = match self.byte()? {
            0 => Special::None,
            1 => Special::Twilio,
            _ => return None,
        };
        Some(SchemeSpec {
            id: Cow::Borrowed(id),
            name: Cow::Borrowed(""),
            family: None,
            aliases: Cow::Borrowed(&[]),
            signature: SignatureSpec {
                from,
                format,
                algorithms: Cow::Owned(algorithms),
                from_all,
            },
            signed_content,
            dangerous_unsigned_body,
            timestamp,
            message_id,
            dedupe,
            detect: Cow::Borrowed(&[]),
            special,
        })
    }

    fn algorithm(&mut self) -> Option<AlgorithmSpec> {
        let tag = self.opt_str()?;
        let algorithm = match self.byte()? {
            0 => Algorithm::EcdsaP256Sha256,
            1 => Algorithm::Ed25519,
            2 => Algorithm::HmacSha1,
            3 => Algorithm::HmacSha256,
            4 => Algorithm::HmacSha512,
            5 => Algorithm::Sha256,
            6 => Algorithm::Token,
            _ => return None,
        };
        let encoding = match self.byte()? {
            0 => Encoding::Base64,
            1 => Encoding::Base64url,
            2 => Encoding::Hex,
            3 => Encoding::Text,
            _ => return None,
        };
        let key_encoding = match self.byte()? {
            0 => KeyEncoding::Base64,
            1 => KeyEncoding::Hex,
            2 => KeyEncoding::Raw,
            3 => KeyEncoding::SpkiBase64,
            _ => return None,
        };
        Some(AlgorithmSpec {
            tag,
            algorithm,
            encoding,
            key: KeyFormat {
                encoding: key_encoding,
                prefix: self.opt_str()?,
                prefix_required: self.byte()? != 0,
                signing_prefix: self.opt_str()?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_unpacks_to_its_verification_view() {
        for spec in super::super::all().iter().chain(GATEWAY.iter()) {
            let mut want = (*spec).clone();
            want.name = Cow::Borrowed("");
            want.family = None;
            want.aliases = Cow::Borrowed(&[]);
            want.detect = Cow::Borrowed(&[]);
            let got = by_id(&spec.id).unwrap_or_else(|e| panic!("{}: {e}", spec.id));
            assert_eq!(got, want, "{}", spec.id);
            for alias in spec.aliases.iter() {
                assert_eq!(by_id(alias).map(|s| s.id).ok(), Some(spec.id.clone()));
            }
        }
        assert_eq!(by_id("nope").unwrap_err().code(), "unknown_scheme");
    }
}
