//! Dedupe: **claim** before forwarding, **commit** after the origin's 2xx, **release** otherwise.
//!
//! A claim is a short lease ("this event is being forwarded now"); a commit is the long-lived
//! record ("the origin has this event"). Because the commit is written only after the origin
//! accepted the event, a failed forward never swallows the provider's retry; because the claim
//! is a lease, a forward that dies half-way frees itself after `claim_ttl_s`.
//!
//! An event is claimed under one or two keys ([`EventKeys`]): its dedupe key, and, when the
//! provider's signature does not cover that key, its replay key (the digest of the signed
//! bytes) too. All or nothing: an event is forwarded only if it holds every one of its keys, and
//! a key any other event committed or holds makes it a duplicate (or in flight). So a captured
//! delivery sent again under a fresh id is a duplicate by its replay key, and it cannot commit
//! the fresh id either (which would suppress a future genuine event with that id).
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
use hookgate::dedupe::ReplayKey;
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
        Self::readable(format!("hg1:{route_id}:{scheme}:{dedupe_key}"))
    }

    /// The key of a replay key: its own prefix, so no dedupe key a sender chooses can name it.
    pub(crate) fn replay(route_id: &str, scheme: &str, replay: &ReplayKey) -> Self {
        Self::readable(format!("hg1-replay:{route_id}:{scheme}:{replay}"))
    }

    fn readable(readable: String) -> Self {
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

/// The keys an event is claimed under, and the signed data that identifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EventKeys {
    /// The dedupe key's record.
    pub(crate) dedupe: StoreKey,
    /// The replay key's record, when the provider's signature does not cover the dedupe key.
    pub(crate) replay: Option<StoreKey>,
    /// What identifies the event, from signed data only: the dedupe key when the provider's
    /// signature covers it, else the replay key (or, for a scheme that signs nothing, the
    /// dedupe key: there is no signed data). `hookgate-webhook-id` is derived from it, and an
    /// async event is stored under its key.
    pub(crate) identity: String,
}

impl EventKeys {
    /// The keys of an event of `scheme` on route `route_id` whose dedupe key is `dedupe`, and
    /// whose replay key is `replay` when the provider's signature does not cover `dedupe`
    /// ([`Verified::replay_key`](hookgate::Verified::replay_key)).
    pub(crate) fn new(
        route_id: &str,
        scheme: &str,
        dedupe: &DedupeKey<'_>,
        replay: Option<ReplayKey>,
    ) -> Self {
        Self {
            dedupe: StoreKey::new(route_id, scheme, dedupe),
            replay: replay.map(|r| StoreKey::replay(route_id, scheme, &r)),
            identity: match replay {
                Some(r) => r.to_string(),
                None => dedupe.to_string(),
            },
        }
    }

    /// Every key, the dedupe key's first (concurrent copies of one event contend on it first).
    pub(crate) fn all(&self) -> Vec<StoreKey> {
        core::iter::once(&self.dedupe)
            .chain(&self.replay)
            .cloned()
            .collect()
    }

    /// The key the event is identified (and, async, stored) under.
    pub(crate) fn identity_key(&self) -> &StoreKey {
        self.replay.as_ref().unwrap_or(&self.dedupe)
    }

    /// Every key but the identity's: the dedupe key when the replay key identifies the event.
    pub(crate) fn others(&self) -> Vec<StoreKey> {
        self.replay
            .as_ref()
            .map(|_| self.dedupe.clone())
            .into_iter()
            .collect()
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
/// of several concurrent callers holding a common key, as far as their consistency model
/// allows, and claim all of an event's keys or none.
///
/// The gateway calls `claim`; on [`Claim::Claimed`] it runs `hold` **alongside** the forward
/// and waits for both; then `commit` (after the answer, in `ctx.wait_until`) or `release`.
pub(crate) trait DedupeStore {
    /// Claims every one of `keys` for the delivery holding `token`, unless one of them is
    /// committed ([`Claim::Committed`]) or claimed ([`Claim::InFlight`]); then none.
    async fn claim(&self, keys: &[StoreKey], token: &Token) -> Result<Claim, StoreError>;
    /// Makes a claim visible to other deliveries, for stores whose claim is a separate write
    /// (KV, which has no compare-and-swap). Done by the time the gateway answers or releases.
    async fn hold(&self, _keys: &[StoreKey], _token: &Token) -> Result<(), StoreError> {
        Ok(())
    }
    /// Records that the origin accepted the event under `keys`.
    async fn commit(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError>;
    /// Gives up the claim so the provider's retry can be forwarded.
    async fn release(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError>;
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
    fn replay_keys_have_their_own_prefix() {
        let replay = ReplayKey::from_bytes([0xcd; 32]);
        let k = StoreKey::replay("r", "github", &replay);
        assert_eq!(
            k.as_str(),
            format!("hg1-replay:r:github:replay:{}", "cd".repeat(32))
        );
        // A dedupe key spelled like a replay key lands elsewhere.
        assert_ne!(
            key("r", "github", &format!("replay:{}", "cd".repeat(32))),
            k
        );
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
