//! Dedupe: **claim** before forwarding, **commit** after the origin's 2xx, **release** otherwise.
//!
//! A claim is a short lease ("this event is being forwarded now"); a commit is the long-lived
//! record ("the origin has this event"). Because the commit is written only after the origin
//! accepted the event, a failed forward never swallows the provider's retry; because the claim
//! is a lease, a forward that dies half-way frees itself after `claim_ttl_s`.
//!
//! Two stores implement [`DedupeStore`]: Workers KV ([`kv::KvDedupe`], eventually consistent:
//! best effort when duplicates arrive at once at different locations) and a Durable Object per key
//! shard ([`durable::DurableDedupe`], strongly consistent: exactly one concurrent delivery wins).
//! Every call is given up after [`STORE_TIMEOUT_MS`].

pub(crate) mod durable;
pub(crate) mod kv;

use core::fmt;
use core::future::Future;

use hookgate::DedupeKey;
use sha2::{Digest, Sha256};

use crate::clock;
use crate::text::{bounded, hex};

/// How long a store call (KV, a Durable Object) may take before the gateway gives up on it and
/// answers 503 `dedupe_unavailable`. Both answer in milliseconds when healthy; this only bounds an
/// outage, so that a provider is never kept waiting into its own timeout.
pub(crate) const STORE_TIMEOUT_MS: u64 = 5_000;

/// Longest key kept readable; longer ones are hashed. Workers KV allows 512 bytes, and the KV
/// store appends a two-byte suffix.
const MAX_READABLE_KEY_BYTES: usize = 400;

/// The core's [`DedupeKey`] (which identifies an event for its scheme) scoped to one route: the
/// key the dedupe stores record the event under, `hg1:<route>:<scheme>:<dedupe key>`, or
/// `hg1:sha256:<hex>` of that when it is long or holds control characters.
///
/// The route id is part of the key, so two routes that receive the same provider event each
/// forward it to their own origin once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoreKey(String);

impl StoreKey {
    pub(crate) fn new(route_id: &str, scheme: &str, dedupe_key: &DedupeKey<'_>) -> Self {
        let readable = format!("hg1:{route_id}:{scheme}:{dedupe_key}");
        if readable.len() <= MAX_READABLE_KEY_BYTES && !readable.chars().any(char::is_control) {
            return Self(readable);
        }
        Self(format!(
            "hg1:sha256:{}",
            hex(&Sha256::digest(readable.as_bytes()))
        ))
    }

    /// A key as a shard stored it (already derived).
    pub(crate) fn stored(key: &str) -> Self {
        Self(key.to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The Durable Object shard (`0..shards`) this key lives in.
    pub(crate) fn shard(&self, shards: u32) -> u32 {
        let digest = Sha256::digest(self.0.as_bytes());
        let mut first = [0u8; 4];
        first.copy_from_slice(digest.get(..4).unwrap_or(&[0; 4]));
        u32::from_be_bytes(first) % shards.max(1)
    }
}

impl fmt::Display for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identifies one claim, so a release or commit cannot touch another delivery's claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token(pub(crate) String);

impl Token {
    /// A fresh token. Uniqueness is all it needs (it is not a secret).
    pub(crate) fn fresh(now_ms: u64) -> Self {
        let a = random_u32();
        let b = random_u32();
        Self(format!("{now_ms:x}-{a:08x}{b:08x}"))
    }
}

fn random_u32() -> u32 {
    let r = js_sys::Math::random() * f64::from(u32::MAX);
    // `r` is in [0, u32::MAX): the conversion saturates and cannot truncate meaningfully.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = r as u32;
    n
}

/// What a claim found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Claim {
    /// This delivery holds the claim and must forward, then commit or release.
    Claimed,
    /// The origin already accepted this event.
    Committed,
    /// Another delivery of this event holds the claim right now.
    InFlight,
}

/// Why a store call failed. `Display` is the text for the log line (never request data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StoreError {
    /// The runtime failed the call: its message (an error class), bounded.
    Runtime(String),
    /// The Durable Object shard answered with this status instead of 200.
    ShardStatus(u16),
    /// No answer within [`STORE_TIMEOUT_MS`].
    Timeout,
    /// The shard's answer was not one this call can have.
    UnexpectedAnswer,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Runtime(message) => f.write_str(message),
            Self::ShardStatus(status) => write!(f, "dedupe shard answered {status}"),
            Self::Timeout => write!(f, "no answer within {STORE_TIMEOUT_MS} ms"),
            Self::UnexpectedAnswer => f.write_str("unexpected shard answer"),
        }
    }
}

impl From<worker::Error> for StoreError {
    fn from(e: worker::Error) -> Self {
        Self::Runtime(bounded(&e.to_string(), 200))
    }
}

impl From<worker::KvError> for StoreError {
    fn from(e: worker::KvError) -> Self {
        Self::Runtime(bounded(&e.to_string(), 200))
    }
}

/// `call`, given up after [`STORE_TIMEOUT_MS`].
pub(crate) async fn timed<T>(
    call: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    clock::within(STORE_TIMEOUT_MS, call)
        .await
        .unwrap_or(Err(StoreError::Timeout))
}

/// A dedupe store. Implementations must make `claim` return [`Claim::Claimed`] to at most one
/// of several concurrent callers as far as their consistency model allows.
///
/// The gateway calls `claim`; on [`Claim::Claimed`] it runs `hold` **alongside** the forward
/// and waits for both; then `commit` (after the answer, in `ctx.wait_until`) or `release`.
pub(crate) trait DedupeStore {
    /// Claims `key` for the delivery holding `token`, unless it is committed or claimed.
    async fn claim(&self, key: &StoreKey, token: &Token) -> Result<Claim, StoreError>;
    /// Makes a claim visible to other deliveries, for stores whose claim is a separate write
    /// (KV, which has no compare-and-swap). Done by the time the gateway answers or releases.
    async fn hold(&self, _key: &StoreKey, _token: &Token) -> Result<(), StoreError> {
        Ok(())
    }
    /// Records that the origin accepted the event under `key`.
    async fn commit(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError>;
    /// Gives up the claim so the provider's retry can be forwarded.
    async fn release(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(route: &str, scheme: &str, id: &str) -> StoreKey {
        StoreKey::new(route, scheme, &DedupeKey::Value(id.into()))
    }

    #[test]
    fn short_keys_stay_readable() {
        let k = key("stripe", "stripe", "evt_123");
        assert_eq!(k.as_str(), "hg1:stripe:stripe:evt_123");
        let by_body = StoreKey::new("r", "s", &DedupeKey::BodySha256([0xab; 32]));
        assert_eq!(
            by_body.as_str(),
            format!("hg1:r:s:sha256:{}", "ab".repeat(32))
        );
    }

    #[test]
    fn long_or_odd_keys_are_hashed_and_fit_kv() {
        let long = "x".repeat(2000);
        let k = key("r", "s", &long);
        assert!(k.as_str().starts_with("hg1:sha256:"));
        assert_eq!(k.as_str().len(), "hg1:sha256:".len() + 64);
        let ctl = key("r", "s", "a\nb");
        assert!(ctl.as_str().starts_with("hg1:sha256:"));
        assert_ne!(key("r", "s", &long), key("r", "s", &"y".repeat(2000)));
    }

    #[test]
    fn routes_do_not_share_keys() {
        assert_ne!(key("a", "stripe", "evt_1"), key("b", "stripe", "evt_1"));
    }

    #[test]
    fn shards_are_stable_and_in_range() {
        let k = key("r", "s", "evt_1");
        assert_eq!(k.shard(16), k.shard(16));
        assert!((0..1000).all(|i| key("r", "s", &i.to_string()).shard(7) < 7));
        assert_eq!(k.shard(1), 0);
    }
}
