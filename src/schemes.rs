//! The built-in scheme registry: one file per provider, each a [`SchemeSpec`] value.
//! Adding a provider is a registry entry plus test vectors, not new code.

use alloc::borrow::Cow;

use crate::error::ConfigError;
use crate::spec::{
    Algorithm, AlgorithmSpec, DetectRule, Encoding, KeyEncoding, KeyFormat, SchemeSpec,
    SignatureFormat, Source,
};

/// Declares a built-in scheme as a `static` [`SchemeSpec`], built entirely at compile time.
/// The lists are constants, so identical ones (the many `[hmac_sha256 hex]` algorithm lists)
/// are stored once.
macro_rules! scheme {
    (
        $(#[$doc:meta])*
        pub static $NAME:ident {
            id: $id:literal,
            name: $name:literal,
            $(family: $family:literal,)?
            $(aliases: [$($alias:literal),* $(,)?],)?
            from: [$($from:expr),+ $(,)?],
            $(from_all: $from_all:literal,)?
            format: $format:expr,
            algorithms: [$($alg:expr),+ $(,)?],
            signed_content: $content:literal,
            $(dangerous_unsigned_body: $unsigned:literal,)?
            $(timestamp: { from: [$($ts_from:expr),+ $(,)?], unit: $unit:ident, tolerance_s: $tol:expr, direction: $dir:ident $(,)? },)?
            $(message_id: [$($mid:expr),+ $(,)?],)?
            $(dedupe: [$($dd:expr),+ $(,)?],)?
            $(detect: [$($det:expr),+ $(,)?],)?
            $(special: $special:ident,)?
        }
    ) => {
        $(#[$doc])*
        pub static $NAME: $crate::spec::SchemeSpec = $crate::spec::SchemeSpec {
            id: alloc::borrow::Cow::Borrowed($id),
            name: alloc::borrow::Cow::Borrowed($name),
            family: scheme!(@family $($family)?),
            aliases: alloc::borrow::Cow::Borrowed(&[$($(alloc::borrow::Cow::Borrowed($alias)),*)?]),
            signature: $crate::spec::SignatureSpec {
                from: alloc::borrow::Cow::Borrowed(&[$($from),+]),
                format: $format,
                algorithms: alloc::borrow::Cow::Borrowed(&[$($alg),+]),
                from_all: scheme!(@bool $($from_all)?),
            },
            signed_content: alloc::borrow::Cow::Borrowed($content),
            dangerous_unsigned_body: scheme!(@bool $($unsigned)?),
            timestamp: scheme!(@timestamp $([$($ts_from),+] $unit, $tol, $dir)?),
            message_id: alloc::borrow::Cow::Borrowed(&[$($($mid),+)?]),
            dedupe: alloc::borrow::Cow::Borrowed(&[$($($dd),+)?]),
            detect: alloc::borrow::Cow::Borrowed(&[$($($det),+)?]),
            special: scheme!(@special $($special)?),
        };
    };
    (@timestamp) => { None };
    (@timestamp [$($from:expr),+] $unit:ident, $tol:expr, $dir:ident) => {
        Some($crate::spec::TimestampSpec {
            from: alloc::borrow::Cow::Borrowed(&[$($from),+]),
            unit: $crate::spec::TimeUnit::$unit,
            tolerance_s: $tol,
            direction: $crate::spec::Direction::$dir,
        })
    };
    (@bool) => { false };
    (@bool $value:literal) => { $value };
    (@family) => { None };
    (@family $family:literal) => { Some(alloc::borrow::Cow::Borrowed($family)) };
    (@special) => { $crate::spec::Special::None };
    (@special $special:ident) => { $crate::spec::Special::$special };
}

mod adyen_platform;
mod aftership;
mod airtable;
mod alchemy;
mod anthropic;
mod asana;
mod beehiiv;
mod bitbucket;
mod box_com;
mod brex;
mod buildkite;
mod cal_com;
mod calendly;
mod cashfree;
mod chargebee;
mod checkout_com;
mod circleci;
mod clerk;
mod clickup;
mod coinbase_commerce;
mod datasaur;
mod discord;
mod dixa;
mod docusign;
mod dodo_payments;
mod drata;
mod dropbox;
mod elevenlabs;
mod etsy;
mod exa;
mod facebook;
mod facebook_messenger;
mod finch;
mod forgejo;
mod fourthwall;
mod front;
mod front_rules;
mod generic;
mod gitea;
mod github;
mod gitlab;
mod gocardless;
mod google_gemini;
mod guesty;
mod help_scout;
mod heroku;
mod hookgate;
mod hubspot;
mod incident_io;
mod instagram;
mod intercom;
mod kong;
mod launchdarkly;
mod lemon_squeezy;
mod line;
mod linear;
mod linkedin;
mod lithic;
mod mailersend;
mod mailgun;
mod microsoft_teams;
mod modern_treasury;
mod mux;
mod nash;
mod notion;
mod okta;
mod onfido;
mod openai;
mod orb;
mod paddle;
mod pagerduty;
mod paystack;
mod pleo;
mod plivo_v2;
mod polar;
mod psi_fi;
mod pusher;
mod razorpay;
mod render;
mod replicate;
mod resend;
mod retell;
mod safebase;
mod sanity;
mod sardine;
mod sendgrid;
mod sentry;
mod shopify;
mod slack;
mod smartcar;
mod square;
mod squarespace;
mod standard_webhooks;
mod stream_chat;
mod stripe;
mod stytch;
mod supabase;
mod svix;
mod taskrabbit;
mod telegram;
mod telnyx;
mod terraform;
mod todoist;
mod trello;
pub(crate) mod twilio;
mod twitch;
mod typeform;
mod vanta;
mod vercel;
mod webex;
mod webflow;
mod whatsapp;
mod woocommerce;
mod workos;
mod worldline;
mod x_twitter;
mod xero;
mod zendesk;
mod zendesk_event_connectors;
mod zoom;

pub use adyen_platform::ADYEN_PLATFORM;
pub use aftership::AFTERSHIP;
pub use airtable::AIRTABLE;
pub use alchemy::ALCHEMY;
pub use anthropic::ANTHROPIC;
pub use asana::ASANA;
pub use beehiiv::BEEHIIV;
pub use bitbucket::BITBUCKET;
pub use box_com::BOX;
pub use brex::BREX;
pub use buildkite::BUILDKITE;
pub use cal_com::CAL_COM;
pub use calendly::CALENDLY;
pub use cashfree::CASHFREE;
pub use chargebee::CHARGEBEE;
pub use checkout_com::CHECKOUT_COM;
pub use circleci::CIRCLECI;
pub use clerk::CLERK;
pub use clickup::CLICKUP;
pub use coinbase_commerce::COINBASE_COMMERCE;
pub use datasaur::DATASAUR;
pub use discord::DISCORD;
pub use dixa::DIXA;
pub use docusign::DOCUSIGN;
pub use dodo_payments::DODO_PAYMENTS;
pub use drata::DRATA;
pub use dropbox::DROPBOX;
pub use elevenlabs::ELEVENLABS;
pub use etsy::ETSY;
pub use exa::EXA;
pub use facebook::FACEBOOK;
pub use facebook_messenger::FACEBOOK_MESSENGER;
pub use finch::FINCH;
pub use forgejo::FORGEJO;
pub use fourthwall::FOURTHWALL;
pub use front::FRONT;
pub use front_rules::FRONT_RULES;
pub use generic::{GENERIC_HMAC_SHA256, VEM, VERK};
pub use gitea::GITEA;
pub use github::{GITHUB, GITHUB_SHA1};
pub use gitlab::GITLAB;
pub use gocardless::GOCARDLESS;
pub use google_gemini::GOOGLE_GEMINI;
pub use guesty::GUESTY;
pub use help_scout::HELP_SCOUT;
pub use heroku::HEROKU;
pub use hookgate::{HOOKGATE, HOOKGATE_METADATA};
pub use hubspot::{HUBSPOT_V1, HUBSPOT_V2, HUBSPOT_V3};
pub use incident_io::INCIDENT_IO;
pub use instagram::INSTAGRAM;
pub use intercom::INTERCOM;
pub use kong::KONG;
pub use launchdarkly::LAUNCHDARKLY;
pub use lemon_squeezy::LEMON_SQUEEZY;
pub use line::LINE;
pub use linear::LINEAR;
pub use linkedin::LINKEDIN;
pub use lithic::LITHIC;
pub use mailersend::MAILERSEND;
pub use mailgun::MAILGUN;
pub use microsoft_teams::MICROSOFT_TEAMS;
pub use modern_treasury::MODERN_TREASURY;
pub use mux::MUX;
pub use nash::NASH;
pub use notion::NOTION;
pub use okta::OKTA;
pub use onfido::ONFIDO;
pub use openai::OPENAI;
pub use orb::ORB;
pub use paddle::PADDLE;
pub use pagerduty::PAGERDUTY;
pub use paystack::PAYSTACK;
pub use pleo::PLEO;
pub use plivo_v2::PLIVO_V2;
pub use polar::POLAR;
pub use psi_fi::PSI_FI;
pub use pusher::PUSHER;
pub use razorpay::RAZORPAY;
pub use render::RENDER;
pub use replicate::REPLICATE;
pub use resend::RESEND;
pub use retell::RETELL;
pub use safebase::SAFEBASE;
pub use sanity::SANITY;
pub use sardine::SARDINE;
pub use sendgrid::SENDGRID;
pub use sentry::SENTRY;
pub use shopify::SHOPIFY;
pub use slack::SLACK;
pub use smartcar::SMARTCAR;
pub use square::SQUARE;
pub use squarespace::SQUARESPACE;
pub use standard_webhooks::STANDARD_WEBHOOKS;
pub use stream_chat::STREAM_CHAT;
pub use stripe::STRIPE;
pub use stytch::STYTCH;
pub use supabase::SUPABASE;
pub use svix::SVIX;
pub use taskrabbit::TASKRABBIT;
pub use telegram::TELEGRAM;
pub use telnyx::TELNYX;
pub use terraform::TERRAFORM;
pub use todoist::TODOIST;
pub use trello::TRELLO;
pub use twilio::TWILIO;
pub use twitch::TWITCH;
pub use typeform::TYPEFORM;
pub use vanta::VANTA;
pub use vercel::VERCEL;
pub use webex::WEBEX;
pub use webflow::WEBFLOW;
pub use whatsapp::WHATSAPP;
pub use woocommerce::WOOCOMMERCE;
pub use workos::WORKOS;
pub use worldline::WORLDLINE;
pub use x_twitter::X_TWITTER;
pub use xero::XERO;
pub use zendesk::ZENDESK;
pub use zendesk_event_connectors::ZENDESK_EVENT_CONNECTORS;
pub use zoom::ZOOM;

pub mod packed;

/// Every built-in scheme, in detection-preference order.
static ALL: [&SchemeSpec; 124] = [
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
    &OPENAI,
    &REPLICATE,
    &ANTHROPIC,
    &LITHIC,
    &RAZORPAY,
    &GOCARDLESS,
    &MODERN_TREASURY,
    &COINBASE_COMMERCE,
    &PUSHER,
    &LINE,
    &SMARTCAR,
    &WORLDLINE,
    &MUX,
    &ELEVENLABS,
    &WORKOS,
    &SANITY,
    &RETELL,
    &TELNYX,
    &BEEHIIV,
    &BREX,
    &CLERK,
    &GUESTY,
    &INCIDENT_IO,
    &NASH,
    &PLEO,
    &PSI_FI,
    &RENDER,
    &SAFEBASE,
    &SARDINE,
    &STYTCH,
    &RESEND,
    &DODO_PAYMENTS,
    &POLAR,
    &FINCH,
    &SUPABASE,
    &CIRCLECI,
    &BUILDKITE,
    &NOTION,
    &ONFIDO,
    &ADYEN_PLATFORM,
    &SENTRY,
    &WHATSAPP,
    &FACEBOOK,
    &INSTAGRAM,
    &FACEBOOK_MESSENGER,
    &BITBUCKET,
    &ALCHEMY,
    &STREAM_CHAT,
    &DROPBOX,
    &XERO,
    &HEROKU,
    &TERRAFORM,
    &AFTERSHIP,
    &WOOCOMMERCE,
    &X_TWITTER,
    &PLIVO_V2,
    &CHECKOUT_COM,
    &LEMON_SQUEEZY,
    &TRELLO,
    &CAL_COM,
    &GOOGLE_GEMINI,
    &KONG,
    &VANTA,
    &DRATA,
    &ETSY,
    &TASKRABBIT,
    &MAILERSEND,
    &LINKEDIN,
    &WEBFLOW,
    &ZENDESK,
    &ZENDESK_EVENT_CONNECTORS,
    &BOX,
    &TWITCH,
    &ORB,
    &DOCUSIGN,
    &GITLAB,
    &OKTA,
    &TELEGRAM,
    &CHARGEBEE,
    &AIRTABLE,
    &ASANA,
    &SQUARESPACE,
    &PAYSTACK,
    &HELP_SCOUT,
    &GITEA,
    &FORGEJO,
    &TODOIST,
    &CLICKUP,
    &LAUNCHDARKLY,
    &CASHFREE,
    &DATASAUR,
    &DIXA,
    &WEBEX,
    &MICROSOFT_TEAMS,
    &EXA,
    &FRONT,
    &FRONT_RULES,
    &FOURTHWALL,
    &VEM,
    &VERK,
    &GENERIC_HMAC_SHA256,
];

/// hookgate's own signatures (what its gateway sends the origin): found by [`by_id`], but not
/// providers, so not in [`all`] (nor detected).
static GATEWAY: [&SchemeSpec; 2] = [&HOOKGATE, &HOOKGATE_METADATA];

/// Every built-in scheme.
#[must_use]
pub fn all() -> &'static [&'static SchemeSpec] {
    &ALL
}

/// The built-in scheme with this id or alias (see [`SchemeSpec::aliases`]), or one of
/// hookgate's own ([`HOOKGATE`], [`HOOKGATE_METADATA`]). Case is ignored
/// and `-`, `_`, `.` and spaces are interchangeable, so `"Standard-Webhooks"` finds
/// `standard_webhooks` and Hookdeck's `"GITHUB"` finds `github`.
///
/// # Errors
/// [`ConfigError::UnknownScheme`].
pub fn by_id(id: &str) -> Result<&'static SchemeSpec, ConfigError> {
    ALL.iter()
        .chain(GATEWAY.iter())
        .copied()
        .find(|s| same_name(&s.id, id) || s.aliases.iter().any(|a| same_name(a, id)))
        .ok_or_else(|| ConfigError::UnknownScheme { id: id.into() })
}

/// Whether two scheme names are the same, up to case and separator spelling.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let norm = |c: u8| match c {
        b'-' | b'.' | b' ' => b'_',
        c => c.to_ascii_lowercase(),
    };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
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
    fn names_are_unique_and_found_leniently() {
        let names: alloc::vec::Vec<&str> = all()
            .iter()
            .flat_map(|s| {
                core::iter::once(s.id.as_ref()).chain(s.aliases.iter().map(AsRef::as_ref))
            })
            .collect();
        for (i, a) in names.iter().enumerate() {
            let clash = names.iter().skip(i + 1).find(|b| same_name(a, b));
            assert!(clash.is_none(), "{a} and {clash:?} name the same scheme");
        }
        for spec in all() {
            assert_eq!(by_id(&spec.id.to_ascii_uppercase()).unwrap().id, spec.id);
            for alias in spec.aliases.iter() {
                assert_eq!(by_id(alias).unwrap().id, spec.id, "alias {alias}");
            }
        }
        assert_eq!(by_id("Standard-Webhooks").unwrap().id, "standard_webhooks");
        assert_eq!(by_id("standard webhooks").unwrap().id, "standard_webhooks");
        assert_eq!(by_id("nope").unwrap_err().code(), "unknown_scheme");
        assert_eq!(by_id("").unwrap_err().code(), "unknown_scheme");
    }
}
