//! The Durable Object store, Worker side: each operation goes to the key's shard
//! (`shard-<n>`, n = sha256(key) mod `durable_object_shards`); see `shard.rs` for the object.
//!
//! An event's keys may live in different shards, so they are claimed one after the other, in
//! the event's order (the dedupe key first: concurrent copies of one event contend on it), and
//! the ones claimed are released again when a later one is committed or in flight. Each shard
//! claims atomically, so of any deliveries sharing a key at most one holds it. A key is first
//! looked up, read-only, in its shards under earlier shard counts (see `shard.rs`).

use super::{Claim, DedupeStore, StoreError, StoreKey, Token};
use crate::config::Dedupe;
use crate::shard::claims::{ClaimAnswer, ClaimCall};
use crate::shard::{Call, Shards};

/// The Worker side: sends each operation to the key's shard.
#[derive(Debug)]
pub(crate) struct DurableDedupe {
    pub(crate) shards: Shards,
    pub(crate) dedupe: Dedupe,
}

impl DurableDedupe {
    async fn call(
        &self,
        key: &StoreKey,
        op: fn(ClaimCall) -> Call,
        token: &Token,
        ttl_s: u64,
    ) -> Result<ClaimAnswer, StoreError> {
        let call = op(ClaimCall {
            key: key.as_str().to_owned(),
            token: token.0.clone(),
            ttl_ms: ttl_s.saturating_mul(1000),
        });
        self.shards.call(self.shards.of(key), &call).await
    }

    /// One key: its records under earlier shard counts, then its claim.
    async fn claim_one(&self, key: &StoreKey, token: &Token) -> Result<Claim, StoreError> {
        for shard in self.shards.earlier_shards(key).await? {
            match self.shards.peek(shard, key, None).await?.committed {
                Some(true) => return Ok(Claim::Committed),
                Some(false) => return Ok(Claim::InFlight),
                None => {}
            }
        }
        match self
            .call(key, Call::Claim, token, self.dedupe.claim_ttl_s)
            .await?
        {
            ClaimAnswer::Claimed => Ok(Claim::Claimed),
            ClaimAnswer::Committed => Ok(Claim::Committed),
            ClaimAnswer::InFlight => Ok(Claim::InFlight),
            ClaimAnswer::Done => Err(StoreError::UnexpectedAnswer),
        }
    }
}

impl DedupeStore for DurableDedupe {
    async fn claim(&self, keys: &[StoreKey], token: &Token) -> Result<Claim, StoreError> {
        for (i, key) in keys.iter().enumerate() {
            let answer = self.claim_one(key, token).await;
            if !matches!(answer, Ok(Claim::Claimed)) {
                // Give up the keys claimed so far (a failed release lapses after claim_ttl_s).
                let _ = self.release(keys.get(..i).unwrap_or_default(), token).await;
                return answer;
            }
        }
        Ok(Claim::Claimed)
    }

    /// Every key is tried, whatever became of the others; the first failure is the answer.
    async fn commit(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        let mut result = Ok(());
        for key in keys {
            let done = self.call(key, Call::Commit, token, self.dedupe.ttl_s).await;
            result = result.and(done.map(|_| ()));
        }
        result
    }

    async fn release(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        let mut result = Ok(());
        for key in keys {
            let done = self.call(key, Call::Release, token, 0).await;
            result = result.and(done.map(|_| ()));
        }
        result
    }
}
