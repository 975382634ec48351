//! The Workers KV store (the default).
//!
//! Two keys per event: `<key>:p` (the claim, `claim_ttl_s`) and `<key>:c` (the commit, `ttl_s`).
//! A delivery costs one bulk read and one write before the gateway answers (the claim write
//! overlaps the forward), and the commit write after it.
//! Separate keys keep each key to one write per delivery (KV allows about one write per second
//! per key), and the commit is checked first, so a lapsing claim never hides a commit.
//!
//! **KV is eventually consistent** and has no compare-and-swap: two deliveries of one event that
//! arrive at the same moment, particularly at different Cloudflare locations, can both see no
//! claim and both forward. Use the Durable Object store when the origin must see each event
//! exactly once.

use worker::KvStore;

use super::{Claim, DedupeStore, StoreError, StoreKey, Token, timed};
use crate::config::Dedupe;

/// Claims and commits in Workers KV.
#[derive(Debug)]
pub(crate) struct KvDedupe {
    pub(crate) kv: KvStore,
    pub(crate) dedupe: Dedupe,
}

fn claim_key(key: &StoreKey) -> String {
    format!("{key}:p")
}

fn commit_key(key: &StoreKey) -> String {
    format!("{key}:c")
}

impl DedupeStore for KvDedupe {
    /// One bulk read of both keys. The claim record itself is written by [`Self::hold`], which
    /// the gateway runs alongside the forward: KV cannot make read-then-write atomic anyway, so
    /// a concurrent duplicate passes or not exactly as it would if the write came first, and
    /// the write is done before the gateway answers (see worker/README.md).
    async fn claim(&self, key: &StoreKey, _token: &Token) -> Result<Claim, StoreError> {
        let (commit, claim) = (commit_key(key), claim_key(key));
        let found = timed(async { Ok(self.kv.get_bulk(&[&commit, &claim]).text().await?) }).await?;
        let present = |k: &String| found.get(k).is_some_and(Option::is_some);
        if present(&commit) {
            return Ok(Claim::Committed);
        }
        if present(&claim) {
            return Ok(Claim::InFlight);
        }
        Ok(Claim::Claimed)
    }

    async fn hold(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        let ttl = self.dedupe.claim_ttl_s;
        timed(async {
            Ok(self
                .kv
                .put(&claim_key(key), token.0.as_str())?
                .expiration_ttl(ttl)
                .execute()
                .await?)
        })
        .await
    }

    async fn commit(&self, key: &StoreKey, _token: &Token) -> Result<(), StoreError> {
        // The claim is left to lapse on its own: deleting it would be a second write to that key
        // within a second, and the commit is what later deliveries check first.
        let ttl = self.dedupe.ttl_s;
        timed(async {
            Ok(self
                .kv
                .put(&commit_key(key), "1")?
                .expiration_ttl(ttl)
                .execute()
                .await?)
        })
        .await
    }

    async fn release(&self, key: &StoreKey, _token: &Token) -> Result<(), StoreError> {
        // KV cannot delete conditionally; the claim lease (longer than the forward timeout, see
        // config.rs) guarantees this delivery still owns it.
        timed(async { Ok(self.kv.delete(&claim_key(key)).await?) }).await
    }
}
