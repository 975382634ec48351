//! The built-in scheme registry: one file per provider, each a [`SchemeSpec`] value.
//! Adding a provider is a registry entry plus test vectors, not new code.

use alloc::borrow::Cow;

use crate::error::ConfigError;
use crate::spec::{
    Algorithm, AlgorithmSpec, DetectRule, Encoding, KeyEncoding, KeyFormat, SchemeSpec,
    SignatureFormat, Source,
};

macro_rules! count {
    ($($x:expr),*) => {
        <[&str]>::len(&[$(stringify!($x)),*])
    };
}

/// Declares a built-in scheme as a `static` [`SchemeSpec`]; every list becomes its own static
/// so the whole registry is built at compile time.
macro_rules! scheme {
    (
        $(#[$doc:meta])*
        pub static $NAME:ident {
            id: $id:literal,
            name: $name:literal,
            $(family: $family:literal,)?
            from: [$($from:expr),+ $(,)?],
            format: $format:expr,
            algorithms: [$($alg:expr),+ $(,)?],
            signed_content: $content:literal,
            $(timestamp: { from: [$($ts_from:expr),+ $(,)?], unit: $unit:ident, tolerance_s: $tol:expr, direction: $dir:ident $(,)? },)?
            $(message_id: [$($mid:expr),+ $(,)?],)?
            $(dedupe: [$($dd:expr),+ $(,)?],)?
            $(detect: [$($det:expr),+ $(,)?],)?
            $(special: $special:ident,)?
        }
    ) => {
        $(#[$doc])*
        pub static $NAME: $crate::spec::SchemeSpec = {
            use alloc::borrow::Cow;
            use $crate::spec::{AlgorithmSpec, DetectRule, SchemeSpec, SignatureSpec, Source};
            static FROM: [Source; count!($($from),+)] = [$($from),+];
            static ALGORITHMS: [AlgorithmSpec; count!($($alg),+)] = [$($alg),+];
            static MESSAGE_ID: [Source; count!($($($mid),+)?)] = [$($($mid),+)?];
            static DEDUPE: [Source; count!($($($dd),+)?)] = [$($($dd),+)?];
            static DETECT: [DetectRule; count!($($($det),+)?)] = [$($($det),+)?];
            SchemeSpec {
                id: Cow::Borrowed($id),
                name: Cow::Borrowed($name),
                family: scheme!(@family $($family)?),
                signature: SignatureSpec {
                    from: Cow::Borrowed(&FROM),
                    format: $format,
                    algorithms: Cow::Borrowed(&ALGORITHMS),
                },
                signed_content: Cow::Borrowed($content),
                timestamp: scheme!(@timestamp $([$($ts_from),+] $unit, $tol, $dir)?),
                message_id: Cow::Borrowed(&MESSAGE_ID),
                dedupe: Cow::Borrowed(&DEDUPE),
                detect: Cow::Borrowed(&DETECT),
                special: scheme!(@special $($special)?),
            }
        };
    };
    (@timestamp) => { None };
    (@timestamp [$($from:expr),+] $unit:ident, $tol:expr, $dir:ident) => {{
        static TIMESTAMP: [$crate::spec::Source; count!($($from),+)] = [$($from),+];
        Some($crate::spec::TimestampSpec {
            from: alloc::borrow::Cow::Borrowed(&TIMESTAMP),
            unit: $crate::spec::TimeUnit::$unit,
            tolerance_s: $tol,
            direction: $crate::spec::Direction::$dir,
        })
    }};
    (@family) => { None };
    (@family $family:literal) => { Some(Cow::Borrowed($family)) };
    (@special) => { $crate::spec::Special::None };
    (@special $special:ident) => { $crate::spec::Special::$special };
}

mod calendly;
mod discord;
mod generic;
mod github;
mod hubspot;
mod intercom;
mod linear;
mod mailgun;
mod paddle;
mod pagerduty;
mod sendgrid;
mod shopify;
mod slack;
mod square;
mod standard_webhooks;
mod stripe;
mod svix;
pub(crate) mod twilio;
mod typeform;
mod vercel;
mod zoom;

pub use calendly::CALENDLY;
pub use discord::DISCORD;
pub use generic::{GENERIC_HMAC_SHA256, VEM, VERK};
pub use github::{GITHUB, GITHUB_SHA1};
pub use hubspot::{HUBSPOT_V1, HUBSPOT_V2, HUBSPOT_V3};
pub use intercom::INTERCOM;
pub use linear::LINEAR;
pub use mailgun::MAILGUN;
pub use paddle::PADDLE;
pub use pagerduty::PAGERDUTY;
pub use sendgrid::SENDGRID;
pub use shopify::SHOPIFY;
pub use slack::SLACK;
pub use square::SQUARE;
pub use standard_webhooks::STANDARD_WEBHOOKS;
pub use stripe::STRIPE;
pub use svix::SVIX;
pub use twilio::TWILIO;
pub use typeform::TYPEFORM;
pub use vercel::VERCEL;
pub use zoom::ZOOM;

/// Every built-in scheme, in detection-preference order.
static ALL: [&SchemeSpec; 26] = [
    &STANDARD_WEBHOOKS,
    &SVIX,
    &GITHUB,
    &GITHUB_SHA1,
    &STRIPE,
    &SLACK,
    &SHOPIFY,
    &TWILIO,
    &SQUARE,
    &PADDLE,
    &LINEAR,
    &ZOOM,
    &MAILGUN,
    &SENDGRID,
    &DISCORD,
    &PAGERDUTY,
    &HUBSPOT_V3,
    &HUBSPOT_V2,
    &HUBSPOT_V1,
    &CALENDLY,
    &TYPEFORM,
    &VERCEL,
    &INTERCOM,
    &VEM,
    &VERK,
    &GENERIC_HMAC_SHA256,
];

/// Every built-in scheme.
#[must_use]
pub fn all() -> &'static [&'static SchemeSpec] {
    &ALL
}

/// The built-in scheme with this id. `-` and `_` are interchangeable and case is ignored, so
/// `"standard-webhooks"` finds `standard_webhooks`.
///
/// # Errors
/// [`ConfigError::UnknownScheme`].
pub fn by_id(id: &str) -> Result<&'static SchemeSpec, ConfigError> {
    let same = |a: &str| {
        a.len() == id.len()
            && a.bytes().zip(id.bytes()).all(|(x, y)| {
                let norm = |c: u8| {
                    if c == b'-' {
                        b'_'
                    } else {
                        c.to_ascii_lowercase()
                    }
                };
                norm(x) == norm(y)
            })
    };
    ALL.iter()
        .copied()
        .find(|s| same(&s.id))
        .ok_or_else(|| ConfigError::UnknownScheme { id: id.into() })
}

// Building blocks for the registry entries (const, so every spec is a `static`).

pub(crate) const fn header(name: &'static str) -> Source {
    Source::Header(Cow::Borrowed(name))
}

pub(crate) const fn json(pointer: &'static str) -> Source {
    Source::Json(Cow::Borrowed(pointer))
}

pub(crate) const fn form(field: &'static str) -> Source {
    Source::Form(Cow::Borrowed(field))
}

pub(crate) const fn param(tag: &'static str) -> Source {
    Source::Param(Cow::Borrowed(tag))
}

pub(crate) const RAW_KEY: KeyFormat = KeyFormat {
    encoding: KeyEncoding::Raw,
    prefix: None,
    prefix_required: false,
    signing_prefix: None,
};

pub(crate) const fn key(
    encoding: KeyEncoding,
    prefix: Option<&'static str>,
    prefix_required: bool,
    signing_prefix: Option<&'static str>,
) -> KeyFormat {
    KeyFormat {
        encoding,
        prefix: match prefix {
            Some(p) => Some(Cow::Borrowed(p)),
            None => None,
        },
        prefix_required,
        signing_prefix: match signing_prefix {
            Some(p) => Some(Cow::Borrowed(p)),
            None => None,
        },
    }
}

pub(crate) const fn algorithm(
    tag: Option<&'static str>,
    algorithm: Algorithm,
    encoding: Encoding,
    key: KeyFormat,
) -> AlgorithmSpec {
    AlgorithmSpec {
        tag: match tag {
            Some(t) => Some(Cow::Borrowed(t)),
            None => None,
        },
        algorithm,
        encoding,
        key,
    }
}

pub(crate) const fn value(prefix: Option<&'static str>) -> SignatureFormat {
    SignatureFormat::Value {
        prefix: match prefix {
            Some(p) => Some(Cow::Borrowed(p)),
            None => None,
        },
    }
}

pub(crate) const fn value_list(separator: char, assign: char) -> SignatureFormat {
    SignatureFormat::List { separator, assign }
}

pub(crate) const fn present(header: &'static str) -> DetectRule {
    DetectRule {
        header: Cow::Borrowed(header),
        equals: None,
    }
}

pub(crate) const fn detect(header: &'static str, equals: &'static str) -> DetectRule {
    DetectRule {
        header: Cow::Borrowed(header),
        equals: Some(Cow::Borrowed(equals)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_spec_is_valid_and_round_trips_through_json() {
        for spec in all() {
            spec.validate()
                .unwrap_or_else(|e| panic!("{}: {e}", spec.id));
            let back = SchemeSpec::from_json(&spec.to_json()).unwrap();
            assert_eq!(back.signature, spec.signature, "{}", spec.id);
            assert_eq!(back.signed_content, spec.signed_content);
        }
    }

    #[test]
    fn ids_are_unique_and_found_leniently() {
        for (i, a) in all().iter().enumerate() {
            assert!(all().iter().skip(i + 1).all(|b| a.id != b.id), "{}", a.id);
        }
        assert_eq!(by_id("Standard-Webhooks").unwrap().id, "standard_webhooks");
        assert_eq!(by_id("nope").unwrap_err().code(), "unknown_scheme");
    }
}
