//! The Workers KV store (the default).
//!
//! Two records per key: `<key>:p` (the claim, `claim_ttl_s`) and `<key>:c` (the commit,
//! `ttl_s`); an event with a replay key has both records for each of its two keys, read in the
//! same bulk read.
//! A delivery costs one bulk read and one write before the gateway answers (the claim write
//! overlaps the forward), and the commit write after it.
//! Separate keys keep each key to one write per delivery (KV allows about one write per second
//! per key), and the commit is checked first, so a lapsing claim never hides a commit.
//!
//! **KV is eventually consistent** and has no compare-and-swap: two deliveries of one event that
//! arrive at the same moment, particularly at different Cloudflare locations, can both see no
//! claim and both forward. Use the Durable Object store when the origin must see each event
//! exactly once.

use futures_util::future::join_all;
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

impl KvDedupe {
    /// Writes `value` under every one of `names` at once, each expiring after `ttl_s`.
    async fn put_all(
        &self,
        names: impl Iterator<Item = String>,
        value: &str,
        ttl_s: u64,
    ) -> Result<(), StoreError> {
        let puts = names.map(|name| {
            timed(async move {
                Ok(self
                    .kv
                    .put(&name, value)?
                    .expiration_ttl(ttl_s)
                    .execute()
                    .await?)
            })
        });
        join_all(puts).await.into_iter().collect()
    }
}

impl DedupeStore for KvDedupe {
    /// One bulk read of every key's commit and claim records. The claim records themselves are
    /// written by [`Self::hold`], which the gateway runs alongside the forward: KV cannot make
    /// read-then-write atomic anyway, so a concurrent duplicate passes or not exactly as it
    /// would if the write came first, and the write is done before the gateway answers (see
    /// worker/README.md).
    async fn claim(&self, keys: &[StoreKey], _token: &Token) -> Result<Claim, StoreError> {
        let commits: Vec<String> = keys.iter().map(commit_key).collect();
        let claims: Vec<String> = keys.iter().map(claim_key).collect();
        let names: Vec<&String> = commits.iter().chain(&claims).collect();
        let found = timed(async { Ok(self.kv.get_bulk(&names).text().await?) }).await?;
        let present = |k: &String| found.get(k).is_some_and(Option::is_some);
        if commits.iter().any(present) {
            return Ok(Claim::Committed);
        }
        if claims.iter().any(present) {
            return Ok(Claim::InFlight);
        }
        Ok(Claim::Claimed)
    }

    async fn hold(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        let names = keys.iter().map(claim_key);
        self.put_all(names, &token.0, self.dedupe.claim_ttl_s).await
    }

    async fn commit(&self, keys: &[StoreKey], _token: &Token) -> Result<(), StoreError> {
        // The claims are left to lapse on their own: deleting one would be a second write to
        // that key within a second, and the commit is what later deliveries check first.
        self.put_all(keys.iter().map(commit_key), "1", self.dedupe.ttl_s)
            .await
    }

    async fn release(&self, keys: &[StoreKey], _token: &Token) -> Result<(), StoreError> {
        // KV cannot delete conditionally; the claim lease (longer than the forward timeout, see
        // config.rs) guarantees this delivery still owns it.
        let deletes = keys
            .iter()
            .map(|key| timed(async move { Ok(self.kv.delete(&claim_key(key)).await?) }));
        join_all(deletes).await.into_iter().collect()
    }
}
